"""Shared pieces of the benchmark suite: locations, statistics and the result row.

Locations default to ``bench/data`` (generated corpora, the unpacked articles) and
``bench/work`` (cached indexes), both git-ignored; ``TUIREADER_BENCH_DATA``,
``TUIREADER_BENCH_WORK`` and ``TUIREADER_BENCH_RESULTS`` point them elsewhere (the smoke
test sends everything into a temporary folder).
"""

from __future__ import annotations

import math
import os
import statistics
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO_DIR = BENCH_DIR.parent
ARCHIVE_ENV = "TUIREADER_BENCH_ARCHIVE"
DATA_ENV = "TUIREADER_BENCH_DATA"
WORK_ENV = "TUIREADER_BENCH_WORK"
RESULTS_ENV = "TUIREADER_BENCH_RESULTS"
DEFAULT_ARCHIVE = Path("/work/shared/data/news-articles.tar.gz")


def data_dir() -> Path:
    """Where generated corpora and the unpacked source articles live."""
    return Path(os.environ.get(DATA_ENV) or BENCH_DIR / "data")


def work_dir() -> Path:
    """Where cached indexes and scratch copies live."""
    return Path(os.environ.get(WORK_ENV) or BENCH_DIR / "work")


def results_path() -> Path:
    """The Markdown results file the run writes."""
    return Path(os.environ.get(RESULTS_ENV) or BENCH_DIR / "RESULTS.md")


def archive_path() -> Path:
    """The shared news-articles archive the generator draws sentences from."""
    return Path(os.environ.get(ARCHIVE_ENV) or DEFAULT_ARCHIVE)


def percentile(values: Sequence[float], pct: float) -> float:
    """The `pct` percentile (0-100) of `values`, by linear interpolation; nan if empty."""
    if not values:
        return math.nan
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    rank = (len(ordered) - 1) * pct / 100.0
    low = math.floor(rank)
    high = math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def median(values: Iterable[float]) -> float:
    """The median of `values`, nan when there are none."""
    items = [v for v in values if not math.isnan(v)]
    return statistics.median(items) if items else math.nan


def timed(fn: Callable[[], object]) -> float:
    """Seconds one call of `fn` takes (perf_counter)."""
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


@dataclass(slots=True)
class Row:
    """One line of the results table.

    `value` and `p95` are in the row's `unit`; `baseline` is the same figure for the
    in-run baseline (None when the row has none); `passed` is None for rows without a
    target or that could not be measured (then `note` says why).
    """

    key: str
    figure: str
    target: str
    unit: str = "ms"
    value: float | None = None
    p95: float | None = None
    baseline: float | None = None
    passed: bool | None = None
    note: str = ""
    ratio_note: str = ""
    extra: dict[str, float] = field(default_factory=dict)

    def ratio(self) -> str:
        """How many times faster (or better) than the baseline, as text."""
        if self.ratio_note:
            return self.ratio_note
        if self.baseline is None or self.value is None or not self.value:
            return "-"
        return f"{self.baseline / self.value:.1f}x"


def not_measured(key: str, figure: str, target: str, reason: str) -> Row:
    """A row for a figure that could not be measured, with the reason."""
    return Row(key=key, figure=figure, target=target, note=f"not measured: {reason}")


def log(message: str) -> None:
    """Progress on stderr (the results go to the Markdown file)."""
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


@dataclass(frozen=True, slots=True)
class Settings:
    """How much work each measurement does (the full run, or the quick smoke)."""

    quick: bool = False
    reps: int = 5
    sample: int = 500
    """Documents indexed afresh for the indexing-rate sample."""
    loop_seconds: float = 10.0
    loop_sample: int = 400
    """Documents indexed while the loop ticks."""
    history: int = 100
    """Queries run by the RSS probe."""

    @property
    def warm(self) -> bool:
        """Whether to run warm-up passes before timing (not in quick mode)."""
        return not self.quick
