"""Run the benchmark suite and write ``bench/RESULTS.md``.

    python -m bench.run [--sizes 10000,50000] [--quick] [--reps N] [--with-entities]
                        [--only search,worst,indexing,reopen,paint,document,rss,loop]

For each size: generate the corpus (once), build its text index (once, cached under
``bench/work`` by size and schema version), then run every measurement with its in-run
baseline. ``--quick`` is the smoke mode: 120 documents, one repetition, short runs.
A measurement that fails becomes a row saying so; the others still run.
"""

from __future__ import annotations

import argparse
import shlex
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from bench import report
from bench.common import Row, Settings, log, results_path
from bench.indexes import BuiltIndex, ensure_index

ALL = ("search", "worst", "indexing", "reopen", "paint", "document", "rss", "loop")


QUICK_SIZE = 120


def _settings(args: argparse.Namespace) -> Settings:
    if args.quick:
        return Settings(
            quick=True, reps=args.reps or 1, sample=60, loop_seconds=0.5, loop_sample=30, history=20
        )
    return Settings(reps=args.reps or 5)


def _measurements(
    built: BuiltIndex, settings: Settings
) -> list[tuple[str, Callable[[], list[Row]]]]:
    from bench import (
        measure_document,
        measure_indexing,
        measure_loop,
        measure_paint,
        measure_reopen,
        measure_rss,
        measure_search,
        measure_worst,
    )

    return [
        ("search", lambda: measure_search.measure(built, settings)),
        ("worst", lambda: measure_worst.measure(built, settings)),
        ("indexing", lambda: measure_indexing.measure(built, settings)),
        ("reopen", lambda: measure_reopen.measure(built, settings)),
        ("paint", lambda: measure_paint.measure(built, settings)),
        ("document", lambda: measure_document.measure(built, settings)),
        ("rss", lambda: measure_rss.measure(built, settings)),
        ("loop", lambda: measure_loop.measure(built, settings)),
    ]


def run_size(count: int, settings: Settings, only: set[str]) -> list[Row]:
    """Every selected measurement on the corpus of `count` documents."""
    built = ensure_index(count)
    rows: list[Row] = []
    for name, fn in _measurements(built, settings):
        if name not in only:
            continue
        log(f"{count:,} docs: {name}")
        started = time.perf_counter()
        try:
            rows.extend(fn())
        except Exception as error:
            traceback.print_exc()
            rows.append(
                Row(
                    key=f"{name}@{count}",
                    figure=f"{name}, {count:,} docs",
                    target="-",
                    note=f"not measured: {type(error).__name__}: {error}"[:300],
                )
            )
        log(f"{name} done in {time.perf_counter() - started:.1f} s")
    return rows


def main(argv: list[str] | None = None) -> int:
    """Parse the command line, run, write the results; 0 even when targets fail."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=None, help="comma-separated corpus sizes, or none")
    parser.add_argument("--quick", action="store_true", help="smoke mode: tiny and once")
    parser.add_argument("--reps", type=int, default=0, help="repetitions (default 5, quick 1)")
    parser.add_argument("--with-entities", action="store_true", help="also time NER indexing")
    parser.add_argument("--only", default=",".join(ALL), help="measurements to run")
    parser.add_argument("--out", type=Path, default=None, help="results file")
    args = parser.parse_args(argv)
    default_sizes = str(QUICK_SIZE) if args.quick else "10000,50000"
    wanted = args.sizes or default_sizes
    sizes = [] if wanted == "none" else [int(s) for s in wanted.split(",") if s.strip()]
    only = {s.strip() for s in args.only.split(",") if s.strip()}
    settings = _settings(args)
    command = "python -m bench.run " + shlex.join(argv if argv is not None else sys.argv[1:])
    started = time.time()
    machine = report.machine()
    sections: list[tuple[str, list[Row]]] = []
    for count in sizes:
        sections.append((f"{count:,} documents", run_size(count, settings, only)))
    if args.with_entities:
        from bench.generate import source_dir
        from bench.measure_indexing import measure_entities

        try:
            rows = measure_entities(source_dir())
        except Exception as error:
            traceback.print_exc()
            rows = [
                Row(
                    key="entities_articles",
                    figure="shared articles with entities",
                    target="< 180 s",
                    note=f"not measured: {error}"[:300],
                )
            ]
        sections.append(("Shared articles with entity extraction", rows))
    out = args.out or results_path()
    out.parent.mkdir(parents=True, exist_ok=True)
    text = report.render(
        sections, machine=machine, command=command.strip(), settings=settings, started=started
    )
    out.write_text(text, "utf-8")
    out.with_suffix(".json").write_text(report.as_json(sections, machine, command.strip()), "utf-8")
    log(f"wrote {out} and its .json")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
