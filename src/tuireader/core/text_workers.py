"""The text pass on every core: worker processes read, parse and index documents into
segments of their own, and the indexer's one writer adds those segments to the index.

Whoosh analyses and writes a document in pure Python, so one process indexes at most
about a hundred documents a second here. Its own `MpWriter` uses more cores but commits
only at the very end (nothing searchable until the whole corpus is done) and pickles
every document to a temporary file for its workers. Here each worker is forked with the
list of files to do, reads them itself and, like the serial pass, finishes a segment
after 1 s, then 2, 4 ... up to `SEGMENT_MAX_SECONDS`, so the first documents are
searchable at once and a large build leaves a handful of large segments (Whoosh merges
segments by rewriting every posting: merging small ones over and over was the slowest
part of a large build).

A worker's messages, in order on one queue: ("doc", worker, `Outcome`) per file, then
("segment", worker, segment) when it finishes one (the outcomes before it belong to
it), then ("exit", worker, None); ("error", worker, text) if it fails. The indexer
records a file in the manifest only once the segment holding it is committed, so an
interrupted build resumes exactly where its last commit left it.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import shutil
import signal
import sys
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tuireader.core import documents
from tuireader.core.models import Document, Skipped
from tuireader.core.segment_pool import PoolWriter

PARALLEL_MIN_DOCS = 256
"""Fewer files than this are indexed by the indexer itself: forking and the extra
segments would cost more than the second core gives."""
CHUNK_DOCS = 16
"""Files handed to a worker at a time."""
SEGMENT_FIRST_SECONDS = 1.0
SEGMENT_MAX_SECONDS = 64.0
SEGMENT_MAX_BYTES = 256 * 1024 * 1024
"""A worker finishes its segment when the postings it holds in memory reach about this
size (by `segment_pool.CompactPool.size`), whatever the time."""
POLL_SECONDS = 0.2
"""How often the indexer checks on its workers while none reports."""


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a worker did with one file."""

    entry: documents.FileEntry
    digest: str
    skipped: Skipped | None = None
    indexed: bool = False
    """Added to the worker's current segment."""
    unchanged: bool = False
    """Read, and its content digest is the one indexed: nothing written."""
    notes: tuple[str, ...] = ()


@dataclass
class Batch:
    """Committable work: finished segments and the outcomes of the files they hold (or
    of files that needed no segment)."""

    segments: list[Any] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)


def worker_count() -> int:
    """Worker processes to use: one per core this process may run on (1 = no workers)."""
    if sys.platform != "linux" or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    try:
        return max(1, min(4, len(os.sched_getaffinity(0))))
    except OSError:
        return 1


def _work(
    ix: Any,
    corpus: Path,
    jobs: Any,
    results: Any,
    worker: int,
    make_fields: Callable[[Document], dict[str, Any]],
) -> None:
    """A worker's loop: index the jobs' files into segments, report each file and
    segment (see the module's docstring)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the indexer decides when to stop
    try:
        ix = _own_temp_folder(ix)
        writer: Any = None
        opened = 0.0
        interval = SEGMENT_FIRST_SECONDS
        while (job := jobs.get()) is not None:
            for entry, known_digest in job:
                loaded = documents.load(corpus, entry)
                doc = loaded.document
                if doc is None:
                    outcome = Outcome(entry, loaded.digest, skipped=loaded.skipped)
                elif known_digest == loaded.digest:
                    outcome = Outcome(entry, loaded.digest, unchanged=True)
                else:
                    if writer is None:
                        # No lock: the indexer holds it.
                        writer = PoolWriter(ix, _lk=False, compound=False, pool_bytes=None)
                        opened = time.monotonic()
                    writer.add_document(**make_fields(doc))
                    outcome = Outcome(entry, loaded.digest, indexed=True, notes=doc.notes)
                results.put(("doc", worker, outcome))
            if writer is not None and (
                time.monotonic() - opened >= interval or writer.pool.size >= SEGMENT_MAX_BYTES
            ):
                results.put(("segment", worker, writer._finalize_segment()))
                writer = None
                interval = min(interval * 2, SEGMENT_MAX_SECONDS)
        if writer is not None:
            results.put(("segment", worker, writer._finalize_segment()))
    except BaseException:
        results.put(("error", worker, traceback.format_exc(limit=8)))
        return
    results.put(("exit", worker, None))


def temp_folder(ix: Any, pid: int) -> Path:
    """The folder of the temporary files of the worker with process id `pid`."""
    return Path(ix.storage.folder) / f"{ix.indexname}.tmp-{pid}"


def _own_temp_folder(ix: Any) -> Any:
    """`ix` opened again with its temporary files in a folder of this process's own.

    Every writer of an index keeps its temporary files in one folder, `MAIN.tmp`, and
    removes that whole folder when it commits: the indexer's commits would delete the
    files of the segments its workers are writing.
    """
    from whoosh.filedb.filestore import FileStorage
    from whoosh.index import FileIndex

    own = temp_folder(ix, os.getpid())

    class OwnTempStorage(FileStorage):  # type: ignore[misc]
        def temp_storage(self, name: str | None = None) -> Any:
            return FileStorage(str(own)).create()

    return FileIndex(OwnTempStorage(ix.storage.folder), indexname=ix.indexname)


class Workers:
    """Worker processes indexing `todo` ((file, digest indexed or None) pairs); iterate
    `batches()` for the committable work as it comes. Use as a context manager: leaving
    it kills the workers that are still running."""

    def __init__(
        self,
        ix: Any,
        corpus: Path,
        todo: list[tuple[documents.FileEntry, str | None]],
        make_fields: Callable[[Document], dict[str, Any]],
        count: int,
    ) -> None:
        context = multiprocessing.get_context("fork")
        self._jobs: Any = context.Queue()
        self._results: Any = context.Queue()
        # A fork copies unwritten output buffers, and the child flushes its copy when it
        # exits: flush first, or the indexer's progress lines would be printed twice.
        sys.stdout.flush()
        sys.stderr.flush()
        self._ix = ix
        self._procs = [
            context.Process(
                target=_work,
                args=(ix, corpus, self._jobs, self._results, worker, make_fields),
                name=f"tuireader-text-{worker}",
                daemon=True,
            )
            for worker in range(count)
        ]
        for proc in self._procs:
            proc.start()
        # Filled after the forks, so that no child inherits the queue's feeding thread
        # in the middle of a write.
        for start in range(0, len(todo), CHUNK_DOCS):
            self._jobs.put(todo[start : start + CHUNK_DOCS])
        for _ in range(count):
            self._jobs.put(None)
        self.cancelled = False
        """Whether `batches()` stopped because it was cancelled."""

    def batches(
        self, on_file: Callable[[Outcome], None], cancel: Callable[[], bool] | None = None
    ) -> Iterator[Batch]:
        """Committable work, as segments are finished; `on_file` is called for each file
        as soon as a worker reports it. Stops early, leaving work unfinished, once
        `cancel()` is true. Raises RuntimeError if a worker fails."""
        pending: dict[int, list[Outcome]] = {w: [] for w in range(len(self._procs))}
        running = set(pending)
        while running:
            if cancel is not None and cancel():
                self.cancelled = True
                return
            try:
                kind, worker, payload = self._results.get(timeout=POLL_SECONDS)
            except queue.Empty:
                for w in running:
                    proc = self._procs[w]
                    if not proc.is_alive() and self._results.empty():
                        raise RuntimeError(
                            f"an indexing worker stopped unexpectedly (exit code {proc.exitcode})"
                        ) from None
                continue
            if kind == "doc":
                pending[worker].append(payload)
                on_file(payload)
            elif kind == "segment":
                yield Batch([payload], pending[worker])
                pending[worker] = []
            elif kind == "exit":
                running.discard(worker)
                if pending[worker]:
                    yield Batch([], pending[worker])
                pending[worker] = []
            else:
                raise RuntimeError(f"an indexing worker failed:\n{payload}")

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        for proc in self._procs:
            if proc.is_alive():
                proc.kill()
        for proc in self._procs:
            proc.join(timeout=5)
            if proc.pid is not None:
                shutil.rmtree(temp_folder(self._ix, proc.pid), ignore_errors=True)
        for q in (self._jobs, self._results):
            q.cancel_join_thread()
            q.close()
