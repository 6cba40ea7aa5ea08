"""Target 4: re-opening an unchanged corpus, and adding 10 documents.

Re-open: a new ``Library`` on the cached index, then ``update(entities=False)`` and
``status()`` (what the reader does on start), with ``documents.load`` counted: an
unchanged corpus must read no file. ``is_stale()`` (the reader's first check) is timed
too. Add 10: the corpus is hard-linked and the index copied into a scratch folder; each
repetition writes 10 new generated documents and times, from the last one written, what
the reader does: its folder watch reports them, ``update(changed=...)``, a search that
sees them. Then 10 more, found by ``update()``'s full look at the folder (information),
and the removal of each ten.
"""

from __future__ import annotations

import shutil
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bench.common import Row, Settings, median
from bench.generate import load_source, make_document, source_dir
from bench.indexes import BuiltIndex
from bench.measure_indexing import _scratch, link_sample
from tuireader.core.watch import QUIET_SECONDS

REOPEN_TARGET_MS = 1000.0
ADD_TARGET_MS = 300.0


@contextmanager
def counting_loads() -> Iterator[list[int]]:
    """Count calls of ``tuireader.core.documents.load`` (files read) inside the block."""
    from tuireader.core import documents

    counter = [0]
    original = documents.load

    def load(*args: Any, **kwargs: Any) -> Any:
        counter[0] += 1
        return original(*args, **kwargs)

    documents.load = load
    try:
        yield counter
    finally:
        documents.load = original


def measure(built: BuiltIndex, settings: Settings) -> list[Row]:
    """Rows: re-open an unchanged corpus; is_stale; add 10 documents; remove them."""
    from tuireader.core.library import Library

    reopen, stale, reads = [], [], 0
    reps = settings.reps
    for _ in range(reps + 1):
        with counting_loads() as counter:
            started = time.perf_counter()
            lib = Library(built.corpus, built.index_dir)
            report = lib.update(entities=False)
            lib.status()
            reopen.append(time.perf_counter() - started)
            started = time.perf_counter()
            lib.is_stale()
            stale.append(time.perf_counter() - started)
            lib.close()
        reads = max(reads, counter[0])
        if report.added or report.updated or report.removed:
            raise RuntimeError(f"the cached index was not up to date: {report}")
    reopen, stale = reopen[1:], stale[1:]  # the first run warms the OS cache
    rows = [
        Row(
            key=f"reopen@{built.count}",
            figure=f"re-open unchanged corpus (new Library + update + status), "
            f"{built.count:,} docs",
            target="< 1 s, no file read",
            value=median(reopen) * 1000,
            p95=max(reopen) * 1000,
            passed=median(reopen) * 1000 < REOPEN_TARGET_MS and reads == 0,
            note=f"files read: {reads}",
        ),
        Row(
            key=f"is_stale@{built.count}",
            figure=f"is_stale() on the unchanged corpus, {built.count:,} docs",
            target="(information)",
            value=median(stale) * 1000,
            p95=max(stale) * 1000,
        ),
    ]
    rows.extend(_add_ten(built, reps))
    return rows


def _add_ten(built: BuiltIndex, reps: int) -> list[Row]:
    """Add 10 new documents, reps times, twice: as the reader does (its folder watch
    reports them; `update(changed=...)` looks at those paths only), timed from the last
    file written to a search that sees them; and found by a full look at the folder."""
    from tuireader.core.library import Library

    source = load_source(source_dir())
    watched, scanned, removed = [], [], []
    with tempfile.TemporaryDirectory(dir=_scratch()) as tmp:
        corpus = link_sample(sorted(built.corpus.glob("doc_*.txt")), Path(tmp) / "corpus")
        index_dir = Path(tmp) / "ix"
        shutil.copytree(built.index_dir, index_dir)
        # The manifest keys files by their path within the corpus, so the copy is current.
        lib = Library(corpus, index_dir)
        first = lib.update(entities=False)
        if first.added or first.updated:
            raise RuntimeError(f"the copied index was not current: {first}")
        lib.search("trump")
        with _Watching(corpus) as watch:
            for rep in range(reps):
                for how, times in (("watch", watched), ("scan", scanned)):
                    new = _write_ten(corpus, source, built.count + 1000 + rep * 20, how)
                    started = time.perf_counter()
                    if how == "watch":
                        paths = watch.wait_for({p.name for p in new})
                        report = lib.update(entities=False, changed=paths)
                    else:
                        report = lib.update(entities=False)
                    lib.search("trump", count=False)
                    times.append(time.perf_counter() - started)
                    if report.added != 10:
                        raise RuntimeError(f"expected 10 added, got {report}")
                    for path in new:
                        path.unlink()
                    watch.wait_for({p.name for p in new})
                    started = time.perf_counter()
                    lib.update(entities=False)
                    removed.append(time.perf_counter() - started)
        lib.close()
    return [
        Row(
            key=f"add10@{built.count}",
            figure=f"add 10 docs to the {built.count:,}-doc index as the reader does: from the "
            "last file written, its folder watch reports them, update(changed=...), a search "
            "sees them",
            target="< 300 ms",
            value=median(watched) * 1000,
            p95=max(watched) * 1000,
            passed=median(watched) * 1000 < ADD_TARGET_MS,
            note=f"includes the watch's {QUIET_SECONDS * 1000:.0f} ms of quiet",
        ),
        Row(
            key=f"add10scan@{built.count}",
            figure=f"add 10 docs found by a full look at the folder (update() + a search), "
            f"{built.count:,} docs",
            target="(information)",
            value=median(scanned) * 1000,
            p95=max(scanned) * 1000,
        ),
        Row(
            key=f"remove10@{built.count}",
            figure=f"remove those 10 docs again (full look), {built.count:,} docs",
            target="(information)",
            value=median(removed) * 1000,
            p95=max(removed) * 1000,
        ),
    ]


def _write_ten(corpus: Path, source: Any, first: int, tag: str) -> list[Path]:
    new = []
    for number in range(first, first + 10):
        path = corpus / f"new_{tag}_{number:06d}.txt"
        path.write_text(make_document(source, 7, number), "utf-8")
        new.append(path)
    return new


class _Watching:
    """A `FolderWatch` on the corpus whose reports a measurement waits for."""

    def __init__(self, corpus: Path) -> None:
        from tuireader.core.watch import FolderWatch

        self._seen: list[str] = []
        self._wake = threading.Condition()
        self._watch = FolderWatch(corpus, self._report)

    def _report(self, paths: list[str]) -> None:
        with self._wake:
            self._seen.extend(paths)
            self._wake.notify()

    def wait_for(self, names: set[str], timeout: float = 10.0) -> list[str]:
        """Every path reported until all of `names` were (then forgotten)."""
        deadline = time.monotonic() + timeout
        with self._wake:
            while not names <= set(self._seen):
                if not self._wake.wait(deadline - time.monotonic()):
                    raise RuntimeError(f"the watch did not report {names - set(self._seen)}")
            seen, self._seen = self._seen, []
        return seen

    def __enter__(self) -> _Watching:
        error = self._watch.start()
        if error is not None:
            raise RuntimeError(error)
        return self

    def __exit__(self, *exc: object) -> None:
        self._watch.stop()
