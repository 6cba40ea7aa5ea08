"""The cached indexes the measurements run against, built once per corpus and schema.

An index lives in ``work/index-<N>-s<seed>-v<schema>/ix`` beside ``build.json``, which
records how long the build took (the text indexing rate of the full corpus). A folder
without ``build.json`` is a build that did not finish: it resumes where it stopped.
``python -m bench.indexes 50000`` builds (or resumes) one ahead of a run.
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
    """Generate the corpus and build its index (text only), or reuse the cached ones.

    An interrupted build resumes (the library commits in batches and keeps a manifest);
    the seconds spent so far are kept in ``build.partial.json`` and added up.
    """
    corpus = generate(count, seed)
    home = work_dir() / f"index-{count}-s{seed}-v{schema_version()}"
    index_dir = home / "ix"
    stats_path = home / "build.json"
    partial_path = home / "build.partial.json"
    if stats_path.exists():
        stats = json.loads(stats_path.read_text("utf-8"))
        return BuiltIndex(
            count, corpus, index_dir, stats["seconds"], stats["built_at"], cached=True
        )
    before = 0.0
    if partial_path.exists() and (index_dir / "manifest.json").exists():
        before = float(json.loads(partial_path.read_text("utf-8"))["seconds"])
        log(f"resuming the build of {count:,} documents after {before:.0f} s")
    elif home.exists():
        shutil.rmtree(home)
    index_dir.mkdir(parents=True, exist_ok=True)
    from tuireader.core.library import Library
    from tuireader.core.models import Progress

    log(f"building the text index of {count:,} documents in {index_dir}")
    started = time.perf_counter()
    saved = [started]

    def progress(report: Progress) -> None:
        now = time.perf_counter()
        if now - saved[0] > 10:
            saved[0] = now
            seconds = before + now - started
            partial_path.write_text(json.dumps({"seconds": seconds, "done": report.done}))

    with Library(corpus, index_dir) as lib:
        report = lib.update(entities=False, progress=progress)
    seconds = before + time.perf_counter() - started
    indexed = report.added + report.unchanged
    if indexed != count:
        raise RuntimeError(f"indexed {indexed} of {count} documents: {report.notes[:3]}")
    built_at = time.strftime("%Y-%m-%d %H:%M") + (" (resumed)" if before else "")
    stats_path.write_text(json.dumps({"seconds": seconds, "built_at": built_at}), "utf-8")
    partial_path.unlink(missing_ok=True)
    log(f"built in {seconds:.1f} s ({count / seconds:.0f} docs/s)")
    return BuiltIndex(count, corpus, index_dir, seconds, built_at, cached=False)


def corpus_files(count: int, seed: int = 7) -> list[Path]:
    """The document files of a generated corpus, in order."""
    return sorted(corpus_dir(count, seed).glob("doc_*.txt"))


def main(argv: list[str] | None = None) -> None:
    """Command line: build (or resume) the cached index of each size given."""
    import argparse

    parser = argparse.ArgumentParser(description="Build the bench's cached indexes.")
    parser.add_argument("sizes", help="comma-separated corpus sizes, e.g. 10000,50000")
    args = parser.parse_args(argv)
    for size in args.sizes.split(","):
        print(ensure_index(int(size)))


if __name__ == "__main__":
    main()
