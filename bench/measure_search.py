"""Target 1: query plus highlighted snippets for the top 20, over the mixed query set.

Ours: ``Library.search(q, limit=20, snippets=20, count=False)`` with the compiled-query
cache emptied before each query (a typed query is new), after ``Library.warm()`` as the
reader does once the index is open. ``count=False`` is what the reader asks for: it shows
the hits, then counts every match in the background (``Library.count``, measured in its
own row). Baseline, on the same index in the same run,
interleaved query by query: the naive Whoosh way, ``searcher.search(q, limit=20,
terms=True)`` and ``hit.highlights("body")`` for each hit, the query parsed by the same
parser. Each repetition runs the whole set; p50 and p95 are taken over the set and the
medians of those over the repetitions are reported. The process CPU time of our searches
is noted too: on a shared machine it shows the work apart from the waiting for a core.
"""

from __future__ import annotations

import time
from typing import Any

from bench.common import Row, Settings, median, percentile
from bench.indexes import BuiltIndex
from bench.queries import mixed

P50_TARGET_MS = 15.0
P95_TARGET_MS = 50.0
RATIO_TARGET = 3.0

SERIES = ("ours", "base", "plain", "ui", "count")
"""What is timed for every query: our search with snippets, the naive Whoosh baseline,
ours without snippets, ours as the UI calls it, and the count that follows the hits."""
INFO_ROWS = (
    ("search_only", "plain", "query only (no snippets), limit 20"),
    ("search_ui", "ui", "search as the UI calls it (limit 200, snippets 20)"),
    ("search_count", "count", "count every match (after the hits are shown)"),
)
"""(key, series, figure) of the rows given for information."""


def forget_compiled(lib: Any) -> None:
    """Empty the library's compiled-query cache so the next query compiles afresh."""
    cache = getattr(lib, "_compiled", None)
    if cache is not None:
        cache.clear()


def baseline_search(searcher: Any, parser: Any, text: str, limit: int = 20) -> int:
    """The naive Whoosh search with highlights; returns the number of hits highlighted."""
    q = parser.parse(text)
    results = searcher.search(q, limit=limit, terms=True)
    count = 0
    for hit in results:
        hit.highlights("body")
        count += 1
    return count


def measure(built: BuiltIndex, settings: Settings) -> list[Row]:
    """Rows: mixed set with snippets (vs baseline), query only, and the UI's default call."""
    from tuireader.core.library import Library
    from tuireader.core.query import make_parser

    label = f"{built.count:,}"
    lib = Library(built.corpus, built.index_dir)
    ix = lib._store.ix  # the same open index the library uses
    searcher = ix.searcher()
    parser = make_parser(ix.schema)
    texts = mixed(settings.quick)
    lib.warm(120.0)  # the word list fuzzy terms match against, read once per index state
    for text in texts if settings.warm else ():  # warm the OS cache and both searchers
        lib.search(text, limit=20, snippets=20, count=False)
        baseline_search(searcher, parser, text)
    # Per series, the p50 and p95 (ms) of each repetition's pass over the set.
    p50s: dict[str, list[float]] = {name: [] for name in SERIES}
    p95s: dict[str, list[float]] = {name: [] for name in SERIES}
    per_query: dict[str, list[float]] = {text: [] for text in texts}
    cpu_ours: list[float] = []
    for _ in range(settings.reps):
        runs: dict[str, list[float]] = {name: [] for name in SERIES}
        for text in texts:
            forget_compiled(lib)
            started = time.perf_counter()
            cpu = time.process_time()
            lib.search(text, limit=20, snippets=20, count=False)
            runs["ours"].append(time.perf_counter() - started)
            cpu_ours.append(time.process_time() - cpu)
            per_query[text].append(runs["ours"][-1])
            started = time.perf_counter()
            baseline_search(searcher, parser, text)
            runs["base"].append(time.perf_counter() - started)
            forget_compiled(lib)
            started = time.perf_counter()
            lib.search(text, limit=20, snippets=0, count=False)
            runs["plain"].append(time.perf_counter() - started)
            forget_compiled(lib)
            started = time.perf_counter()
            lib.search(text, count=False)
            runs["ui"].append(time.perf_counter() - started)
            started = time.perf_counter()
            lib.count(text)
            runs["count"].append(time.perf_counter() - started)
        for name, values in runs.items():
            p50s[name].append(percentile(values, 50) * 1000)
            p95s[name].append(percentile(values, 95) * 1000)
    searcher.close()
    lib.close()
    p50, p95 = median(p50s["ours"]), median(p95s["ours"])
    b50, b95 = median(p50s["base"]), median(p95s["base"])
    ratio = b95 / p95 if p95 else 0.0
    slowest = sorted(per_query.items(), key=lambda kv: -median(kv[1]))[:3]
    slow_note = ", ".join(f"`{t}` {median(v) * 1000:.0f} ms" for t, v in slowest)
    return [
        Row(
            key=f"search_snippets@{built.count}",
            figure=f"query + snippets, top 20, mixed set ({len(texts)} queries), {label} docs",
            target="p50 <= 15 ms, p95 <= 50 ms, >= 3x baseline at p95",
            value=p50,
            p95=p95,
            baseline=b95,
            ratio_note=f"{ratio:.1f}x at p95 (baseline p50 {b50:.1f} / p95 {b95:.1f} ms)",
            passed=p50 <= P50_TARGET_MS and p95 <= P95_TARGET_MS and ratio >= RATIO_TARGET,
            note=f"CPU time p50 {percentile(cpu_ours, 50) * 1000:.1f} / "
            f"p95 {percentile(cpu_ours, 95) * 1000:.1f} ms; slowest: {slow_note}",
        ),
    ] + [
        Row(
            key=f"{key}@{built.count}",
            figure=f"{figure}, {label} docs",
            target="(information)",
            value=median(p50s[name]),
            p95=median(p95s[name]),
        )
        for key, name, figure in INFO_ROWS
    ]
