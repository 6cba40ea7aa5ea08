"""Target 3: text indexing rate, and (``--with-entities``) the shared articles with entities.

Rows:
- the full build of the cached corpus index (``Library.update(entities=False)``, timed
  once when the cache was built);
- a sample of the corpus (hard-linked into a scratch folder) indexed into a new index per
  repetition, against the in-run baseline: plain Whoosh's best writer measured in issue 5
  (``procs=2, limitmb=256, multisegment=True``), same schema, same files read and parsed;
- with entities: the 3,799 shared articles, text pass then entity pass, timed once
  (text searchable at the end of the text pass).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
import time
from pathlib import Path

from bench.common import Row, Settings, log, median, work_dir
from bench.indexes import BuiltIndex

RATE_TARGET = 200.0
ENTITIES_TARGET_S = 180.0


def link_sample(files: list[Path], folder: Path) -> Path:
    """A corpus folder holding hard links to `files` (copies where links fail)."""
    folder.mkdir(parents=True, exist_ok=True)
    for path in files:
        target = folder / path.name
        try:
            os.link(path, target)
        except OSError:
            shutil.copy2(path, target)
    return folder


def index_library(corpus: Path, index_dir: Path) -> float:
    """Seconds ``Library.update(entities=False)`` takes to index `corpus` from nothing."""
    from tuireader.core.library import Library

    started = time.perf_counter()
    with Library(corpus, index_dir) as lib:
        lib.update(entities=False)
    return time.perf_counter() - started


def index_baseline(corpus: Path, index_dir: Path) -> float:
    """Seconds plain Whoosh's fastest writer takes for the same files and schema."""
    from whoosh import index as windex

    from tuireader.core.index import doc_fields
    from tuireader.core.schema import build_schema

    started = time.perf_counter()
    index_dir.mkdir(parents=True, exist_ok=True)
    ix = windex.create_in(str(index_dir), build_schema())
    writer = ix.writer(procs=2, limitmb=256, multisegment=True)
    for path in sorted(corpus.glob("*.txt")):
        text = path.read_text("utf-8")
        head, _, body = text.partition("\n")
        parts = head.split(" ", 3)
        date = dt.date.fromisoformat(parts[2]) if len(parts) > 2 else None
        title = parts[3] if len(parts) > 3 else ""
        writer.add_document(**doc_fields(path.name, title, date, body.strip()))
    writer.commit()
    ix.close()
    return time.perf_counter() - started


def measure(built: BuiltIndex, settings: Settings) -> list[Row]:
    """Rows: the full build rate, and a sample's rate against the Whoosh baseline."""
    rows = [
        Row(
            key=f"build@{built.count}",
            figure=f"text indexing, full build of {built.count:,} docs "
            f"({built.build_seconds:.0f} s, built {built.built_at}"
            f"{', cached' if built.cached else ', this run'})",
            target=">= 200 docs/s",
            unit="docs/s",
            value=built.rate,
            passed=built.rate >= RATE_TARGET,
        )
    ]
    files = sorted(built.corpus.glob("doc_*.txt"))[: settings.sample]
    reps = max(1, min(settings.reps, 2))
    ours, base = [], []
    with tempfile.TemporaryDirectory(dir=_scratch()) as tmp:
        corpus = link_sample(files, Path(tmp) / "corpus")
        for rep in range(reps):
            ours.append(len(files) / index_library(corpus, Path(tmp) / f"ours{rep}"))
            base.append(len(files) / index_baseline(corpus, Path(tmp) / f"base{rep}"))
    rate, base_rate = median(ours), median(base)
    rows.append(
        Row(
            key=f"index_sample@{built.count}",
            figure=f"text indexing, {len(files):,}-doc sample into a new index",
            target=">= 200 docs/s (baseline: Whoosh procs=2 multisegment)",
            unit="docs/s",
            value=rate,
            baseline=base_rate,
            ratio_note=f"{rate / base_rate:.2f}x baseline rate ({base_rate:.0f} docs/s)"
            if base_rate
            else "-",
            passed=rate >= RATE_TARGET,
        )
    )
    return rows


def measure_entities(articles: Path) -> list[Row]:
    """One row: the shared articles indexed with entity extraction (timed once)."""
    from tuireader.core.library import Library
    from tuireader.core.models import Progress

    text_done: list[float] = []
    started = time.perf_counter()

    def progress(report: Progress) -> None:
        if report.stage != "text" and not text_done:
            text_done.append(time.perf_counter() - started)

    with tempfile.TemporaryDirectory(dir=_scratch()) as tmp:
        env_before = os.environ.get("TUIREADER_CONFIG_DIR")
        os.environ["TUIREADER_CONFIG_DIR"] = tmp  # no user corrections
        try:
            log(f"indexing {articles} with entities")
            with Library(articles, Path(tmp) / "ix") as lib:
                report = lib.update(entities=True, progress=progress)
        finally:
            if env_before is None:
                os.environ.pop("TUIREADER_CONFIG_DIR", None)
            else:
                os.environ["TUIREADER_CONFIG_DIR"] = env_before
    total = time.perf_counter() - started
    text_s = text_done[0] if text_done else float("nan")
    return [
        Row(
            key="entities_articles",
            figure=f"{report.added:,} shared articles, text then entities "
            f"({report.entities_done:,} extracted)",
            target="< 180 s",
            unit="s",
            value=total,
            passed=total < ENTITIES_TARGET_S,
            note=f"text searchable after {text_s:.1f} s",
        )
    ]


def _scratch() -> Path:
    folder = work_dir() / "scratch"
    folder.mkdir(parents=True, exist_ok=True)
    return folder
