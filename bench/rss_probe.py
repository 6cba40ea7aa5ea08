"""Child process of `measure_rss`: open an index, run 100 queries, print peak memory.

    python -m bench.rss_probe ours|baseline CORPUS INDEX_DIR [QUERIES]

``ours`` imports the reader's UI modules (as the reader process holds them), opens a
``Library`` and, for each query of a 100-query history, searches as the UI does (limit
200, snippets for 20) and opens the top hit (document + matches). ``baseline`` does the
naive Whoosh equivalent: ``search(limit=200, terms=True)``, ``hit.highlights("body")``
for the top 20, and the top hit's stored fields. Prints one JSON line with the peak RSS
(``VmHWM``) and the RSS after opening, in MB.
"""

from __future__ import annotations

import json
import resource
import sys
from pathlib import Path
from typing import Any

from bench.queries import history


def _peak_mb() -> float:
    """This process's peak RSS: VmHWM, which starts afresh at exec.

    ``ru_maxrss`` is not used: Linux carries it over from the parent across fork and
    exec, so a probe started by a big parent would report the parent's peak.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _rss_mb() -> float:
    import psutil  # type: ignore[import-untyped]

    return float(psutil.Process().memory_info().rss) / 2**20


def _ours(corpus: Path, index_dir: Path, queries: list[str]) -> dict[str, Any]:
    ui = True
    try:
        import tuireader.ui.app  # noqa: F401
    except Exception:
        ui = False
    from tuireader.core.library import Library

    lib = Library(corpus, index_dir)
    lib.status()
    opened = _rss_mb()
    for text in queries:
        result = lib.search(text)
        if result.hits:
            path = result.hits[0].path
            lib.document(path)
            lib.matches(text, path)
    return {"opened_mb": opened, "ui_imported": ui}


def _baseline(index_dir: Path, queries: list[str]) -> dict[str, Any]:
    from whoosh import index as windex

    from tuireader.core.query import make_parser

    ix = windex.open_dir(str(index_dir), indexname="MAIN")
    searcher = ix.searcher()
    parser = make_parser(ix.schema)
    opened = _rss_mb()
    for text in queries:
        results = searcher.search(parser.parse(text), limit=200, terms=True)
        for hit in results[:20]:
            hit.highlights("body")
        if len(results):
            searcher.stored_fields(results[0].docnum)
    return {"opened_mb": opened}


def main() -> None:
    """Run the probe named on the command line and print its JSON line."""
    mode, corpus, index_dir = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    queries = history(int(sys.argv[4]) if len(sys.argv) > 4 else 100)
    out = _ours(corpus, index_dir, queries) if mode == "ours" else _baseline(index_dir, queries)
    out["peak_mb"] = _peak_mb()
    out["end_mb"] = _rss_mb()
    print(json.dumps(out), flush=True)


if __name__ == "__main__":
    main()
