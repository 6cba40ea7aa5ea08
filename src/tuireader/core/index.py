"""The index on disk: create, open, check, rebuild, and the incremental text pass.

One index folder per corpus holds the Whoosh index, `meta.json` (schema version, corpus)
and `manifest.json` (per file: size, mtime, content digest), so that an unchanged corpus
re-opens after a stat of each file and nothing more. Only this module writes to the
index (its text pass hands large batches of files to `text_workers`, whose segments it
commits); it never writes into the corpus.
"""

from __future__ import annotations

import contextlib
import ctypes
import datetime as dt
import fcntl
import json
import os
import re
import signal
import sys
import threading
import time
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from whoosh import index as windex
from whoosh.filedb.filestore import FileStorage
from whoosh.index import LockError
from whoosh.writing import MERGE_SMALL

from tuireader import __version__
from tuireader.core import documents, text_workers
from tuireader.core.manifest import Manifest, ManifestEntry, atomic_write
from tuireader.core.models import (
    Document,
    IndexBusyError,
    IndexReport,
    Progress,
    Skipped,
)
from tuireader.core.schema import NER_TODO, SCHEMA_VERSION, WORDS, build_schema
from tuireader.core.segment_pool import PoolWriter

INDEX_NAME = "MAIN"
COMMIT_EVERY_DOCS = 5000
COMMIT_FIRST_SECONDS = 1.0
COMMIT_MAX_SECONDS = 16.0
"""Commits come after 1 s, then 2, 4, 8, 16 s: the first documents are searchable at
once, and a large build does not spend its time merging many small segments."""
WRITER_TIMEOUT = 2.0
SKIPPED_MARK = "skipped:"
"""Manifest digest prefix of a file skipped for its content (binary ...), with the reason."""


def _die_with_parent() -> None:
    """In a forked helper (spaCy's worker processes): die when the parent dies. Orphaned
    workers of a killed indexer would otherwise keep its inherited locks held forever."""
    with contextlib.suppress(Exception):
        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


if sys.platform.startswith("linux"):
    os.register_at_fork(after_in_child=_die_with_parent)

ProgressFn = Callable[[Progress], None]
CancelFn = Callable[[], bool]


_WORD = re.compile(WORDS)


def tidy_segments(writer: Any, segments: list[Any]) -> list[Any]:
    """Whoosh merge policy: drop segments whose documents were all replaced, merge those
    mostly replaced, then merge small ones as Whoosh does by default (MERGE_SMALL).

    Every commit of ours uses it. The entity pass rewrites every document of the text
    pass, and corrections or a corpus edited wholesale do the same, which leaves whole
    segments of dead copies (Whoosh keeps them): dropping them costs nothing, where
    merging everything (`optimize`) rewrites the whole index.
    """
    from whoosh.reading import SegmentReader

    kept = []
    for segment in segments:
        if segment.doc_count() == 0:
            continue
        if segment.deleted_count() * 2 > segment.doc_count_all():
            reader = SegmentReader(writer.storage, writer.schema, segment)
            writer.add_reader(reader)  # its live documents go into the new segment
            reader.close()
            continue
        kept.append(segment)
    return list(MERGE_SMALL(writer, kept))


def unique_words(text: str) -> str:
    """Each distinct word of `text` once: all the unstemmed vocabulary field needs."""
    return " ".join(dict.fromkeys(_WORD.findall(text.lower())))


def doc_fields(
    doc_path: str,
    title: str,
    date: dt.date | None,
    body: str,
    *,
    mentions: str = "[]",
    raw: str = "[]",
    ner: str = NER_TODO,
    person: str = "",
    org: str = "",
    entity: str = "",
    rawvote: str = "",
) -> dict[str, Any]:
    """The field values of one index document (text fields plus entity fields)."""
    values: dict[str, Any] = {
        "path": doc_path,
        "title": title,
        "body": body,
        "vocab": unique_words(title + "\n" + body),
        "mentions": mentions,
        "raw": raw,
        "ner": ner,
    }
    if date is not None:
        values["date"] = dt.datetime(date.year, date.month, date.day)
    if person:
        values["person"] = person
    if org:
        values["org"] = org
    if entity:
        values["entity"] = entity
    if rawvote:
        values["rawvote"] = rawvote
    return values


class IndexStore:
    """The index folder of one corpus: the Whoosh index, its meta and its manifest."""

    def __init__(self, corpus: Path, index_dir: Path) -> None:
        self.corpus = corpus
        self.index_dir = index_dir
        self.meta_path = index_dir / "meta.json"
        self.manifest_path = index_dir / "manifest.json"
        self._ix: Any = None
        self._writer: Any = None
        """The writer of the text pass under way (cancelled if it fails)."""
        self._manifest: Manifest | None = None
        self._manifest_lock = threading.Lock()
        self.rebuilt: str | None = None
        self.notes: list[str] = []

    # -- opening -------------------------------------------------------------------

    @property
    def ix(self) -> Any:
        """The open Whoosh index, creating or rebuilding it if it must be."""
        if self._ix is None:
            self._ix = self._open_or_create()
        return self._ix

    def _open_or_create(self) -> Any:
        self.index_dir.mkdir(parents=True, exist_ok=True)
        # Two processes opening a new or damaged index at once must not both create it
        # (one would wipe the other's first segments): the check and the creation hold
        # an exclusive lock on a file of ours.
        try:
            lock_file = open(self.index_dir / ".open.lock", "a+b")  # noqa: SIM115
        except OSError as exc:
            # A folder we cannot write: open what is there (never create nor rebuild).
            try:
                return windex.open_dir(str(self.index_dir), indexname=INDEX_NAME)
            except Exception:
                raise exc from None
        with lock_file as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                return self._open_or_create_locked()
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def _open_or_create_locked(self) -> Any:
        reason = self._why_rebuild()
        if reason is None:
            try:
                ix = windex.open_dir(str(self.index_dir), indexname=INDEX_NAME)
                with ix.searcher() as searcher:
                    searcher.doc_count_all()
                return ix
            except Exception as exc:  # any failure to open means a damaged index
                reason = f"the index could not be opened ({_short(exc)})"
        if reason != "new":
            self.rebuilt = reason
        return self._create()

    def _why_rebuild(self) -> str | None:
        try:
            exists = windex.exists_in(str(self.index_dir), indexname=INDEX_NAME)
        except Exception as exc:  # a damaged table of contents raises on sight
            return f"the index could not be opened ({_short(exc)})"
        if not exists:
            return "new"
        try:
            meta = json.loads(self.meta_path.read_text("utf-8"))
        except (OSError, ValueError):
            return "its description (meta.json) was missing or damaged"
        if not isinstance(meta, dict):
            return "its description (meta.json) was missing or damaged"
        if meta.get("schema") != SCHEMA_VERSION:
            return (
                f"it was written by another version of tuireader "
                f"(schema {meta.get('schema')}, now {SCHEMA_VERSION})"
            )
        return None

    def _create(self) -> Any:
        self._clear_dir()
        storage = FileStorage(str(self.index_dir))
        ix = storage.create_index(build_schema(), indexname=INDEX_NAME)
        meta = {
            "schema": SCHEMA_VERSION,
            "tuireader": __version__,
            "corpus": str(self.corpus.resolve()),
            "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        }
        atomic_write(self.meta_path, json.dumps(meta, ensure_ascii=False, indent=1))
        return ix

    def _clear_dir(self) -> None:
        """Remove the files of a previous index: ours only, by name.

        `--index-dir` may point at a folder that holds other things; those are never
        touched (nor are folders, nor the lock file held while this runs).
        """
        for child in self.index_dir.iterdir():
            if child.is_file() and _is_ours(child.name):
                with contextlib.suppress(OSError):
                    child.unlink()

    def rebuild(self, reason: str) -> None:
        """Throw the index away and start a new one (on damage found while using it)."""
        self.close()
        self.rebuilt = reason
        self._ix = self._create()

    def close(self) -> None:
        """Release the Whoosh index object."""
        if self._ix is not None:
            with contextlib.suppress(Exception):
                self._ix.close()
        self._ix = None

    def _loaded_manifest(self) -> Manifest | None:
        """The manifest on disk: the copy kept from our last update while the files are
        still the ones it was read from or saved to, else read again (None if missing or
        unreadable). The copy is handed out once: whoever takes it changes it."""
        with self._manifest_lock:  # an update and is_stale may run in two threads
            kept, self._manifest = self._manifest, None
        if kept is not None and kept.is_current(self.manifest_path):
            return kept
        return Manifest.load(self.manifest_path)

    def manifest(self) -> Manifest:
        """The manifest, or a fresh one rebuilt from the index's stored paths."""
        loaded = self._loaded_manifest()
        if loaded is not None:
            return loaded
        # Lost manifest: every indexed file counts as changed and is re-read once;
        # update_document keeps that free of duplicates.
        files: dict[str, ManifestEntry] = {}
        with self.ix.searcher() as searcher:
            for path in searcher.lexicon("path"):
                text = path.decode("utf-8", "surrogateescape")
                files[text] = ManifestEntry(-1, -1, "")
        return Manifest(files)

    @staticmethod
    def _plan(
        scan: documents.ScanResult, manifest: Manifest, scope: documents.Scope | None = None
    ) -> bool:
        """Whether the corpus (or the `scope` of a partial scan) differs from the manifest:
        new, changed or gone files."""
        if scope is None:
            if len(scan.files) != len(manifest.files):
                return True
        elif scope.covered(manifest.files) - {entry.path for entry in scan.files}:
            return True
        for entry in scan.files:
            known = manifest.files.get(entry.path)
            if known is None or (known.size, known.mtime_ns) != (entry.size, entry.mtime_ns):
                return True
        return False

    @contextlib.contextmanager
    def updating(self) -> Iterator[None]:
        """Hold the update lock (a flock, freed when a process dies) for a whole update;
        IndexBusyError when another process keeps it for WRITER_TIMEOUT seconds."""
        self.index_dir.mkdir(parents=True, exist_ok=True)
        with open(self.index_dir / ".update.lock", "a+b") as lock:
            deadline = time.monotonic() + WRITER_TIMEOUT
            while True:
                try:
                    fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise IndexBusyError(
                            "another tuireader is updating this index; "
                            "showing what is indexed so far"
                        ) from None
                    time.sleep(0.05)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def open_writer(self) -> Any:
        """The index writer; IndexBusyError if another process holds it."""
        try:
            # compound=False: segments stay as separate files that readers map, instead
            # of one packed file that Whoosh copies into memory on every open.
            return PoolWriter(self.ix, timeout=WRITER_TIMEOUT, compound=False)
        except LockError as exc:
            raise IndexBusyError(
                "another tuireader is updating this index; showing what is indexed so far"
            ) from exc

    # -- the text pass ---------------------------------------------------------------

    def update_text(
        self,
        progress: ProgressFn | None = None,
        cancel: CancelFn | None = None,
        *,
        only: Collection[str] | None = None,
    ) -> IndexReport:
        """Bring the text index up to date with the corpus.

        Only new or changed files are read (size and mtime first, then the content
        digest); deleted files are removed; an unchanged corpus costs one stat per file.
        Commits in batches so that a reader sees documents as they are indexed.

        With `only` (paths relative to the corpus, as a folder watch reports them), just
        those paths are looked at, folders among them whole: the rest of the corpus is
        taken to be as the manifest says, and not even listed.
        """
        started = time.perf_counter()
        _ = self.ix  # open (or rebuild) before scanning, so rebuild shows in the report
        if only is None:
            scan, scope = documents.scan(self.corpus), None
        else:
            scan, scope = documents.scan_paths(self.corpus, only)
        manifest = self.manifest()
        if self._plan(scan, manifest, scope):
            # Changes to make: take the writer lock first, then read the manifest again,
            # so that a writer that finished meanwhile is not undone or repeated.
            w = self.open_writer()
            if not manifest.is_current(self.manifest_path):
                manifest = self.manifest()
        else:
            w = None
        on_disk = {entry.path: entry for entry in scan.files}
        todo = [
            entry
            for entry in scan.files
            if (known := manifest.files.get(entry.path)) is None
            or known.size != entry.size
            or known.mtime_ns != entry.mtime_ns
        ]
        # With a scope, the files outside it are taken to be there, unchanged; the report
        # counts only what was looked at.
        in_scope: Collection[str] = (
            manifest.files if scope is None else scope.covered(manifest.files)
        )
        gone = set(in_scope) - on_disk.keys()
        forgotten = {p for p in gone if manifest.files[p].digest.startswith(SKIPPED_MARK)}
        for path in forgotten:
            manifest.files.pop(path)
        removed = sorted(gone - forgotten)
        todo_paths = {entry.path for entry in todo}
        remembered = [  # within the scope: a watched change does not list them all again
            Skipped(path, known.digest.removeprefix(SKIPPED_MARK))
            for path in in_scope
            if (known := manifest.files.get(path)) is not None
            and known.digest.startswith(SKIPPED_MARK)
            and path not in todo_paths
        ]
        skipped: list[Skipped] = list(scan.skipped) + remembered
        notes: list[str] = []
        if not todo and not removed and not forgotten:
            if w is not None:
                w.cancel()
            self._manifest = manifest  # unchanged: the next update need not read it
            report = IndexReport(
                unchanged=len(scan.files) - len(remembered),
                skipped=tuple(skipped),
                ignored=scan.ignored,
                rebuilt=self.rebuilt,
                elapsed=time.perf_counter() - started,
            )
            return report

        total = len(todo)
        if progress:
            progress(Progress("text", 0, total))
        if w is None:
            w = self.open_writer()
        # Paths the index holds that the manifest may not know (a crash between a commit
        # and the manifest save): those must be replaced, never added a second time.
        in_index = _present(w, [e.path for e in todo if e.path not in manifest.files])
        tally = _TextPass(
            todo,
            manifest,
            in_index,
            progress,
            cancel,
            skipped=skipped,
            removed=removed,
            notes=notes,
        )
        self._writer = w
        try:
            for path in removed:
                w.delete_by_term("path", path)
                manifest.files.pop(path, None)
            workers = text_workers.worker_count()
            if workers > 1 and total >= text_workers.PARALLEL_MIN_DOCS:
                self._text_in_workers(w, tally, workers)
            else:
                self._text_here(w, tally)
        except BaseException:
            with contextlib.suppress(Exception):
                self._writer.cancel()
            raise
        manifest.save(self.manifest_path)
        self._manifest = manifest  # as saved: the next update need not read it again
        report = IndexReport(
            added=tally.added,
            updated=tally.updated,
            removed=len(removed),
            unchanged=len(scan.files) - len(todo) - len(remembered) + tally.unchanged_digest,
            skipped=tuple(skipped),
            ignored=scan.ignored,
            rebuilt=self.rebuilt,
            notes=tuple(notes),
            elapsed=time.perf_counter() - started,
        )
        return report

    @staticmethod
    def _record(outcome: text_workers.Outcome, tally: _TextPass) -> bool:
        """Book one file's outcome in the manifest and the tally; whether a copy of it in
        the index must go (replaced by a new version, or now skipped)."""
        entry, manifest = outcome.entry, tally.manifest
        known = manifest.files.pop(entry.path, None)
        was_indexed = known is not None and not known.digest.startswith(SKIPPED_MARK)
        if outcome.indexed:
            tally.notes.extend(f"{entry.path}: {note}" for note in outcome.notes)
            manifest.files[entry.path] = ManifestEntry(entry.size, entry.mtime_ns, outcome.digest)
            if was_indexed:
                tally.updated += 1
            else:
                tally.added += 1
            return known is not None
        if outcome.unchanged:
            tally.unchanged_digest += 1
            manifest.files[entry.path] = ManifestEntry(entry.size, entry.mtime_ns, outcome.digest)
            return False
        if outcome.skipped is not None:
            tally.skipped.append(outcome.skipped)
            if outcome.digest:
                # Skipped for its content: remembered until the file changes, so that it
                # is not read again and the corpus does not look stale.
                manifest.files[entry.path] = ManifestEntry(
                    entry.size, entry.mtime_ns, SKIPPED_MARK + outcome.skipped.reason
                )
        if was_indexed:
            tally.removed.append(entry.path)
        return was_indexed

    def _text_here(self, w: Any, tally: _TextPass) -> None:
        """The text pass in this process, committing after 1 s, 2, 4 ... 16 s."""
        todo, manifest, progress, cancel = tally.todo, tally.manifest, tally.progress, tally.cancel
        self._writer = w
        batch = 0
        last_commit = time.monotonic()
        interval = COMMIT_FIRST_SECONDS
        for done, entry in enumerate(todo, 1):
            if cancel is not None and cancel():
                tally.notes.append("indexing was interrupted; it resumes next time")
                break
            known = manifest.files.get(entry.path)
            loaded = documents.load(self.corpus, entry)
            doc = loaded.document
            if doc is None:
                outcome = text_workers.Outcome(entry, loaded.digest, skipped=loaded.skipped)
            elif known is not None and known.digest == loaded.digest:
                outcome = text_workers.Outcome(entry, loaded.digest, unchanged=True)
            else:
                outcome = text_workers.Outcome(entry, loaded.digest, indexed=True, notes=doc.notes)
            replace = self._record(outcome, tally) or entry.path in tally.in_index
            if doc is not None and outcome.indexed:
                if replace:
                    w.update_document(**_fields_of(doc))
                else:  # nothing to replace
                    w.add_document(**_fields_of(doc))
                batch += 1
            elif replace:
                w.delete_by_term("path", entry.path)
            if progress:
                progress(Progress("text", done, len(todo), entry.path))
            if batch >= COMMIT_EVERY_DOCS or (batch and time.monotonic() - last_commit > interval):
                interval = min(interval * 2, COMMIT_MAX_SECONDS)
                w.commit(mergetype=tidy_segments)
                manifest.save(self.manifest_path)
                w = self._writer = self.open_writer()
                batch = 0
                last_commit = time.monotonic()
        w.commit(mergetype=tidy_segments)

    def _text_in_workers(self, w: Any, tally: _TextPass, count: int) -> None:
        """The text pass in `count` worker processes (see `text_workers`): commits each
        segment as it comes, with the removal of the copies its files replace."""
        todo, manifest, progress = tally.todo, tally.manifest, tally.progress
        self._writer = w
        jobs: list[tuple[documents.FileEntry, str | None]] = []
        for entry in todo:
            known = manifest.files.get(entry.path)
            jobs.append((entry, known.digest if known is not None else None))
        done = 0

        def on_file(outcome: text_workers.Outcome) -> None:
            nonlocal done
            done += 1
            if progress:
                progress(Progress("text", done, len(todo), outcome.entry.path))

        made: set[str] = set()
        with text_workers.Workers(self.ix, self.corpus, jobs, _fields_of, count) as workers:
            for batch in workers.batches(on_file, tally.cancel):
                for outcome in batch.outcomes:
                    if self._record(outcome, tally) or outcome.entry.path in tally.in_index:
                        w.delete_by_term("path", outcome.entry.path)
                made.update(segment.segment_id() for segment in batch.segments)
                commit_with(w, batch.segments, clean=False)
                manifest.save(self.manifest_path)
                w = self._writer = self.open_writer()
            if workers.cancelled:
                tally.notes.append("indexing was interrupted; it resumes next time")
        # The workers are gone: files of segments they had not finished can go too. The
        # smallest segments of a large pass (searchable after a second) are merged, in
        # memory up to what the workers were allowed between them.
        w.pool.limit = count * text_workers.SEGMENT_MAX_BYTES
        commit_with(w, [], clean=True, mergetype=lambda wr, segs: _merge_small(wr, segs, made))

    def is_stale(self) -> bool:
        """Whether the corpus differs from what is indexed (stat only, no file read)."""
        _ = self.ix  # a damaged index is rebuilt (empty) on open: then it is stale
        manifest = self._loaded_manifest()
        if manifest is None or self._why_rebuild() is not None:
            return True
        self._manifest = manifest  # only read here
        return self._plan(documents.scan(self.corpus), manifest)


@dataclass
class _TextPass:
    """A text pass under way: what it must do, and what it did, for its report."""

    todo: list[documents.FileEntry]
    manifest: Manifest
    in_index: set[str]
    """Paths to do that the index holds though the manifest does not know them."""
    progress: ProgressFn | None
    cancel: CancelFn | None
    skipped: list[Skipped]
    removed: list[str]
    notes: list[str]
    added: int = 0
    updated: int = 0
    unchanged_digest: int = 0


def _fields_of(doc: Document) -> dict[str, Any]:
    """The index fields of a document of the text pass (entities still to do)."""
    return doc_fields(doc.path, doc.title, doc.date, doc.body)


MAX_SEGMENTS_AFTER_PASS = 8
"""After a text pass in workers, the index keeps at most this many segments: the
smallest segments of the pass are merged into one if there are more."""


def _merge_small(writer: Any, segments: list[Any], made: set[str]) -> list[Any]:
    """Merge policy: `tidy_segments`, then, if more than MAX_SEGMENTS_AFTER_PASS
    segments remain, as many of the smallest of `made` (ids of the pass's segments) as
    it takes merged into the writer's new segment. Each segment searched costs every
    query a little (a large pass leaves a dozen, most of them small, from its first
    seconds), and merging rewrites every posting, so a small pass merges nothing."""
    segments = tidy_segments(writer, segments)
    ours = sorted((s for s in segments if s.segment_id() in made), key=lambda s: s.doc_count_all())
    count = len(segments) - MAX_SEGMENTS_AFTER_PASS + 1
    if count < 2 or len(ours) < count:
        return segments
    from whoosh.reading import SegmentReader

    merged = {s.segment_id() for s in ours[:count]}
    kept = []
    for segment in segments:
        if segment.segment_id() in merged:
            reader = SegmentReader(writer.storage, writer.schema, segment)
            writer.add_reader(reader)
            reader.close()
        else:
            kept.append(segment)
    return kept


def commit_with(
    writer: Any,
    segments: list[Any],
    *,
    clean: bool,
    mergetype: Callable[[Any, list[Any]], list[Any]] = tidy_segments,
) -> None:
    """Commit `writer` (its deletions, merges by `mergetype`, documents it added)
    together with `segments` finished by other writers of this index.

    Without `clean`, files of segments the new table of contents does not list are
    kept: they may be segments a worker is still writing.
    """
    from whoosh.index import TOC, clean_files

    final = list(writer._merge_segments(mergetype, None, None))
    final.extend(segments)
    if writer._added:
        final.append(writer._finalize_segment())
    else:
        writer._close_segment()
    TOC(writer.schema, final, writer.generation).write(writer.storage, writer.indexname)
    if clean:
        clean_files(writer.storage, writer.indexname, writer.generation, final)
    writer._finish()


def _present(writer: Any, paths: list[str]) -> set[str]:
    """Which of `paths` the index already holds (as seen by the writer's own reader)."""
    if not paths:
        return set()
    reader = writer.reader()
    return {path for path in paths if ("path", path) in reader}


_OUR_FILES = re.compile(
    r"(_?MAIN[_.].*|meta\.json.*|manifest\.json.*|manifest\.journal|corrections\.seen)"
)


def _is_ours(name: str) -> bool:
    """Whether a file in the index folder was written by tuireader or its Whoosh index."""
    return _OUR_FILES.fullmatch(name) is not None


def _short(exc: BaseException) -> str:
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text[:160]
