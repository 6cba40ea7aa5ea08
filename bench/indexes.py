"""The cached indexes the measurements run against, built once per corpus and schema.

An index lives in ``work/index-<N>-s<seed>-v<schema>/ix`` beside ``build.json``, which
records how long the build took (the text indexing rate of the full corpus). A folder
without ``build.json`` is a build that did not finish: it is thrown away and redone.
"""

from __future__ import annotations

import json
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from bench.common import log, work_dir
from bench.generate import corpus_dir, generate


@dataclass(frozen=True, slots=True)
class BuiltIndex:
    """A generated corpus and its up-to-date text index."""

    count: int
    corpus: Path
    index_dir: Path
    build_seconds: float
    built_at: str
    cached: bool

    @property
    def rate(self) -> float:
        """Documents indexed per second when the index was built."""
        return self.count / self.build_seconds if self.build_seconds else 0.0


def schema_version() -> int:
    """The core's schema version (part of the cache key)."""
    from tuireader.core.schema import SCHEMA_VERSION

    return SCHEMA_VERSION


def ensure_index(count: int, seed: int = 7) -> BuiltIndex:
    """Generate the corpus and build its index (text only), or reuse the cached ones."""
    corpus = generate(count, seed)
    home = work_dir() / f"index-{count}-s{seed}-v{schema_version()}"
    index_dir = home / "ix"
    stats_path = home / "build.json"
    if stats_path.exists():
        stats = json.loads(stats_path.read_text("utf-8"))
        return BuiltIndex(
            count, corpus, index_dir, stats["seconds"], stats["built_at"], cached=True
        )
    if home.exists():
        shutil.rmtree(home)
    index_dir.mkdir(parents=True)
    from tuireader.core.library import Library

    log(f"building the text index of {count:,} documents in {index_dir}")
    started = time.perf_counter()
    with Library(corpus, index_dir) as lib:
        report = lib.update(entities=False)
    seconds = time.perf_counter() - started
    if report.added != count:
        raise RuntimeError(f"indexed {report.added} of {count} documents: {report.notes[:3]}")
    built_at = time.strftime("%Y-%m-%d %H:%M")
    stats_path.write_text(json.dumps({"seconds": seconds, "built_at": built_at}), "utf-8")
    log(f"built in {seconds:.1f} s ({count / seconds:.0f} docs/s)")
    return BuiltIndex(count, corpus, index_dir, seconds, built_at, cached=False)


def corpus_files(count: int, seed: int = 7) -> list[Path]:
    """The document files of a generated corpus, in order."""
    return sorted(corpus_dir(count, seed).glob("doc_*.txt"))
