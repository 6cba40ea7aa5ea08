"""The tuireader benchmark suite: corpus generator, measurements and the results table.

Run it with ``python -m bench.run`` (``make bench``); see ``bench/run.py``.
"""
