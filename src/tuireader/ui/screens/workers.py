"""The background work of the main screen: every call into the library runs here.

Each method is a thread worker (`exclusive` within its group, so the newest request wins)
that reports back only by posting a typed message from `tuireader.ui.messages`. Nothing
here touches a widget. The library module (and Whoosh with it) is imported inside the
opening worker, after the first paint.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from textual import work
from textual.screen import Screen
from textual.worker import NoActiveWorker, get_current_worker

from tuireader.core.models import (
    EntityKind,
    IndexBusyError,
    IndexReport,
    Progress,
    QueryError,
    Span,
)
from tuireader.ui import messages as msg

if TYPE_CHECKING:
    from tuireader.core.library import Library

PROGRESS_INTERVAL = 0.1
"""Seconds between progress messages (the last one of a stage is always sent)."""

CORPUS_ENTITY_LIMIT = 500


def _describe(error: BaseException) -> str:
    """One line about an unexpected error, fit for a notification."""
    text = str(error).strip().splitlines()
    return f"{type(error).__name__}: {text[0]}" if text else type(error).__name__


class WorkerScreen(Screen[None]):
    """A screen that owns the library and runs every blocking call in a worker."""

    def __init__(
        self, corpus: Path, index_dir: Path | None, *, update: bool, entities: bool
    ) -> None:
        super().__init__()
        self.corpus = corpus
        """The folder being read."""
        self.index_dir = index_dir
        self.library: Library | None = None
        """The open library; None until `LibraryOpened` arrives."""
        self._update = update
        self._entities = entities
        self._closing = False

    def _cancelled(self) -> bool:
        """True when the screen is closing or the calling worker was superseded."""
        if self._closing:
            return True
        try:
            return get_current_worker().is_cancelled
        except NoActiveWorker:
            return False

    @work(thread=True, exclusive=True, group="library", exit_on_error=False)
    def open_library(self) -> None:
        """Open the library and its index (imports Whoosh: done after the first paint)."""
        try:
            from tuireader.core.library import Library

            library = Library(self.corpus, self.index_dir)
            status = library.status()
            stale = library.is_stale() or status.entities_pending > 0
        except Exception as error:
            self.post_message(msg.LibraryFailed(_describe(error)))
            return
        for note in status.notes:
            self.post_message(msg.Notice(note, "warning"))
        self.post_message(msg.LibraryOpened(library, status.documents, stale))
        if not stale:
            library.warm()  # fuzzy and *x* queries answer in full from the first one

    @work(thread=True, exclusive=True, group="index", exit_on_error=False)
    def run_index(self, library: Library) -> None:
        """Bring the index up to date, reporting progress; stoppable by `cancel`."""
        last = 0.0
        stage = ""
        worker = get_current_worker()

        def cancel() -> bool:
            # May be called from a thread of the core's own: no worker lookup there.
            return self._closing or worker.is_cancelled

        def progress(report: Progress) -> None:
            nonlocal last, stage
            now = time.monotonic()
            if report.stage != stage:
                if stage == "text":
                    documents = library.document_count()
                    self.post_message(msg.IndexStageDone("text", documents))
                stage = report.stage
            elif now - last < PROGRESS_INTERVAL and report.done < report.total:
                return
            last = now
            self.post_message(msg.IndexProgress(report))

        # In a child process: indexing never competes with the event loop for the GIL,
        # and spaCy never loads into the reader.
        def update() -> IndexReport:
            return library.update(
                entities=self._entities, progress=progress, cancel=self._cancelled, isolated=True
            )

        if self._update_and_report(library, update):
            library.warm()

    @work(thread=True, exclusive=True, group="index", exit_on_error=False)
    def index_changes(self, library: Library, paths: tuple[str, ...]) -> None:
        """Index the few files a folder watch reported, here (text only: spaCy stays out
        of the reader; `run_index` extracts their entities after)."""

        def update() -> IndexReport:
            return library.update(entities=False, changed=paths, cancel=self._cancelled)

        self._update_and_report(library, update, watched=True)

    def _update_and_report(
        self, library: Library, update: Callable[[], IndexReport], *, watched: bool = False
    ) -> bool:
        """Run one update of the index and post how it ended; whether it finished."""
        try:
            report = update()
            documents = library.status().documents
        except IndexBusyError as error:
            self.post_message(msg.IndexStopped("index busy", str(error) or "index busy"))
            return False
        except Exception as error:
            if not self.corpus.is_dir():
                reason = (
                    f"the folder {self.corpus} is gone or cannot be read; "
                    "what was indexed stays searchable"
                )
                self.post_message(msg.IndexStopped("folder missing", reason))
            else:
                self.post_message(msg.IndexStopped("index failed", _describe(error)))
            return False
        self.post_message(msg.IndexFinished(report, documents, watched=watched))
        return True

    @work(thread=True, exclusive=True, group="watch", exit_on_error=False)
    def start_watch(self) -> None:
        """Watch the folder for changes (inotify), reporting them as `FilesChanged`."""
        try:
            from tuireader.core.watch import FolderWatch

            def report(paths: list[str]) -> None:
                self.post_message(msg.FilesChanged(tuple(paths)))

            index_dir = self.library.index_dir if self.library is not None else None
            watch = FolderWatch(self.corpus, report, ignore=index_dir)
            error = watch.start()
        except Exception as exc:
            self.post_message(msg.WatchStarted(None, _describe(exc)))
            return
        if error is None and self._closing:
            watch.stop()
            return
        self.post_message(msg.WatchStarted(None if error else watch, error))

    @work(thread=True, exclusive=True, group="check", exit_on_error=False)
    def check_corpus(self, library: Library, asked: bool) -> None:
        """Whether files were added, changed or removed since the index was brought up
        to date (one stat per file, nothing read)."""
        try:
            stale = library.is_stale()
        except Exception as error:
            if asked:
                text = f"Could not check the folder: {_describe(error)}"
                self.post_message(msg.Notice(text, "warning"))
            return
        self.post_message(msg.CorpusChecked(stale, asked))

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def run_search(self, library: Library, query: str, sort: msg.SortOrder) -> None:
        """Run one query; a newer one cancels this one, whose answer is then dropped."""
        try:
            result = library.search(query, sort=sort, count=False)
        except QueryError as error:
            if not self._cancelled():
                self.post_message(msg.SearchFailed(query, str(error)))
            return
        except Exception as error:
            if not self._cancelled():
                self.post_message(msg.SearchFailed(query, f"Search failed: {_describe(error)}"))
            return
        if self._cancelled():
            return
        self.post_message(msg.SearchDone(query, sort, result))
        if not result.total_exact:  # hits first, then the count of every match
            try:
                total = library.count(query, cancel=self._cancelled)
            except Exception:
                return
            if not self._cancelled():
                self.post_message(msg.SearchCounted(query, total))

    @work(thread=True, exclusive=True, group="snippets", exit_on_error=False)
    def load_snippets(self, library: Library, query: str, paths: tuple[str, ...]) -> None:
        """Snippets for result rows near the cursor."""
        try:
            snippets = library.snippets(query, paths)
        except Exception:
            return
        if not self._cancelled():
            self.post_message(msg.SnippetsLoaded(query, snippets))

    @work(thread=True, exclusive=True, group="document", exit_on_error=False)
    def load_document(self, library: Library, path: str, query: str, target: msg.Target) -> None:
        """Read a document, the matches of the query in it and its entities."""
        try:
            document = library.document(path)
            if document is None:
                self.post_message(msg.DocumentMissing(path))
                return
            matches: tuple[Span, ...] = library.matches(query, path) if query else ()
            entities = library.document_entities(path)
        except QueryError:
            matches, entities = (), ()
            if document is None:
                return
        except Exception as error:
            self.post_message(msg.Notice(f"Could not open {path}: {_describe(error)}", "error"))
            return
        if not self._cancelled():
            self.post_message(msg.DocumentLoaded(document, matches, entities, target))

    @work(thread=True, exclusive=True, group="matches", exit_on_error=False)
    def load_matches(self, library: Library, path: str, query: str) -> None:
        """The matches of a new query in the document that stays open."""
        try:
            matches = library.matches(query, path) if query else ()
        except Exception:
            matches = ()
        if not self._cancelled():
            self.post_message(msg.MatchesLoaded(path, query, matches))

    @work(thread=True, exclusive=True, group="entities", exit_on_error=False)
    def load_entities(
        self, library: Library, scope: msg.Scope, path: str | None, paths: tuple[str, ...]
    ) -> None:
        """Entity counts for the panel's scope."""
        try:
            if scope == "document":
                entities = library.document_entities(path) if path else ()
            elif scope == "results":
                entities = library.result_entities(paths) if paths else ()
            else:
                entities = library.corpus_entities(limit=CORPUS_ENTITY_LIMIT)
        except Exception as error:
            self.post_message(msg.Notice(f"Entities unavailable: {_describe(error)}", "warning"))
            return
        if not self._cancelled():
            self.post_message(msg.EntitiesLoaded(scope, entities))

    @work(thread=True, exclusive=True, group="detail", exit_on_error=False)
    def load_detail(self, library: Library, kind: EntityKind, name: str) -> None:
        """Aliases, documents and related entities of one entity."""
        try:
            detail = library.entity(kind, name)
        except Exception:
            return
        if detail is not None and not self._cancelled():
            self.post_message(msg.EntityDetailLoaded(detail))

    @work(thread=True, exclusive=True, group="mentions", exit_on_error=False)
    def load_mentions(
        self,
        library: Library,
        kind: EntityKind,
        name: str,
        then: Literal["next", "prev", "view", "first", "none"],
    ) -> None:
        """Every mention of one entity in the corpus (for walking and the mentions view)."""
        try:
            mentions = library.mentions(kind, name)
        except Exception as error:
            self.post_message(msg.Notice(f"Mentions unavailable: {_describe(error)}", "warning"))
            return
        if not self._cancelled():
            self.post_message(msg.MentionsLoaded(kind, name, mentions, then))
