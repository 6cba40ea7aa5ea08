"""Target 8: event-loop gaps while searching or indexing in a background thread.

A plain asyncio loop ticks at 60 Hz (``asyncio.sleep(1/60)``) and records the interval
between ticks while a worker thread (``run_in_executor``) either runs searches (the mixed
and pathological sets through ``Library.search``, compiled afresh, for `seconds`) or
indexes a sample of the corpus into a new index (``Library.update(entities=False)``).
The baseline is the same loop with nothing else running, in the same run. The GIL is
what a thread worker in the reader shares with Textual's loop, so this is the gap a
user would see as a frozen frame.
"""

from __future__ import annotations

import asyncio
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

from bench.common import Row, Settings, percentile
from bench.indexes import BuiltIndex
from bench.measure_indexing import _scratch, index_library, link_sample
from bench.measure_search import forget_compiled
from bench.queries import mixed, pathological

TARGET_MS = 100.0
TICK = 1 / 60


async def _tick_while(work: Callable[[threading.Event], object], seconds: float) -> list[float]:
    """Intervals between 60 Hz ticks while `work` runs in a thread (at least `seconds`)."""
    stop = threading.Event()
    loop = asyncio.get_running_loop()
    future = loop.run_in_executor(None, work, stop)
    gaps: list[float] = []
    started = last = time.perf_counter()
    while not future.done() or time.perf_counter() - started < seconds:
        await asyncio.sleep(TICK)
        now = time.perf_counter()
        gaps.append(now - last)
        last = now
        if now - started >= seconds:
            stop.set()
    await future
    return gaps


def measure(built: BuiltIndex, settings: Settings) -> list[Row]:
    """Rows: p99 tick interval while searching, and while indexing; idle as baseline."""
    from tuireader.core.library import Library

    lib = Library(built.corpus, built.index_dir)
    lib.search("warm up")
    texts = mixed(settings.quick) + pathological(settings.quick)
    searched = [0]

    def search(stop: threading.Event) -> None:
        while not stop.is_set():
            for text in texts:
                if stop.is_set():
                    return
                forget_compiled(lib)
                lib.search(text)
                searched[0] += 1

    def idle(stop: threading.Event) -> None:
        stop.wait()

    seconds = settings.loop_seconds
    files = sorted(built.corpus.glob("doc_*.txt"))[: settings.loop_sample]
    with tempfile.TemporaryDirectory(dir=_scratch()) as tmp:
        corpus = link_sample(files, Path(tmp) / "corpus")

        def index(stop: threading.Event) -> None:
            index_library(corpus, Path(tmp) / "ix")

        idle_gaps = asyncio.run(_tick_while(idle, seconds))
        search_gaps = asyncio.run(_tick_while(search, seconds))
        index_gaps = asyncio.run(_tick_while(index, 0.0))
    lib.close()
    base = percentile(idle_gaps, 99) * 1000
    rows = []
    runs = (
        ("loop_search", f"60 Hz loop ticks while searching ({searched[0]} searches)", search_gaps),
        ("loop_index", f"60 Hz loop ticks while indexing {len(files):,} docs", index_gaps),
    )
    for key, figure, gaps in runs:
        p99 = percentile(gaps, 99) * 1000
        rows.append(
            Row(
                key=f"{key}@{built.count}",
                figure=f"{figure}, {built.count:,}-doc index",
                target="p99 <= 100 ms",
                value=percentile(gaps, 50) * 1000,
                p95=p99,
                baseline=base,
                ratio_note=f"idle p99 {base:.0f} ms",
                passed=p99 <= TARGET_MS,
                note=f"value = p50, second column = p99; worst {max(gaps) * 1000:.0f} ms, "
                f"{len(gaps)} ticks",
            )
        )
    return rows
