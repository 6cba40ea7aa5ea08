"""The main screen: three panes, and the routing between them.

Widgets post messages up (`QueryChanged`, `ResultChosen`, `EntityChosen` ...); this screen
starts the matching worker (see `WorkerScreen`) and, when the worker's message comes back,
calls methods down on the widgets. No widget talks to a sibling.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.events import Resize
from textual.widgets import Footer, Input

from tuireader.core.models import EntityKind, MentionInContext, SearchResult, Span, StoredDocument
from tuireader.ui import messages as msg
from tuireader.ui.screens.log import LogEntry, LogScreen, Severity
from tuireader.ui.screens.workers import WorkerScreen
from tuireader.ui.text import safe_line
from tuireader.ui.widgets.document_viewer import DocumentViewer
from tuireader.ui.widgets.entity_panel import EntityPanel
from tuireader.ui.widgets.header import ReaderHeader
from tuireader.ui.widgets.search_pane import SearchPane

if TYPE_CHECKING:
    from tuireader.core.library import Library
    from tuireader.core.watch import FolderWatch

NARROW = 110
"""Below this many columns the entity panel folds away (E brings it back)."""

REFRESH_WHILE_INDEXING = 2.0
"""Seconds between re-runs of the current query while text is being indexed."""
CHECK_EVERY_SECONDS = 15.0
"""How often an idle reader looks for files added, changed or removed in its folder (one
stat per file: about 0.3 s of a background thread for 50,000 files)."""
WATCHED_CHECK_EVERY_SECONDS = 300.0
"""How often it looks all the same while a folder watch reports changes as they happen
(a watch can miss some: an overflowing event queue, a network file system)."""
RETRY_CHANGES_SECONDS = 5.0
"""After an update of watched changes stopped (another process held the index), the
changes are tried again this much later."""
WATCH_FOLDER = True
"""Watch the folder (inotify) while the reader is open; the tests of the periodic look
turn it off."""
CHANGES_HERE_MAX = 100
"""Up to this many changed paths are indexed in the reader's process; more go to the
child process of a full update, as a first index does."""

Then = Literal["next", "prev", "view", "first", "none"]


class MainScreen(WorkerScreen):
    """Search pane, document viewer and entity panel, with a header and a footer."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # A priority binding: it runs as "/" arrives, so keys typed right behind it (a
        # paste, a fast typist) already go to the query box; in the box it types "/".
        Binding(
            "slash",
            "focus_query",
            "Search",
            id="main.search",
            tooltip="Type a query",
            priority=True,
        ),
        Binding("n", "next_hit", "Next hit", id="main.next_hit", tooltip="Next hit"),
        Binding("N", "previous_hit", "Prev hit", id="main.prev_hit", show=False),
        Binding("e", "focus_entities", "Entities", id="main.entities", tooltip="Go to entities"),
        Binding("E", "toggle_entities", "Panel", id="main.toggle_entities", show=False),
        Binding(
            "right_square_bracket",
            "next_mention",
            "Next mention",
            id="main.next_mention",
            tooltip="Next mention of the selected entity, on into other documents",
        ),
        Binding(
            "left_square_bracket",
            "previous_mention",
            "Prev mention",
            id="main.prev_mention",
            show=False,
        ),
        Binding("m", "mentions_view", "Mentions", id="main.mentions", tooltip="All mentions"),
        Binding("f", "filter_entity", "Filter", id="main.filter", show=False),
        Binding("l", "show_log", "Log", id="main.log", show=False, tooltip="Notices and errors"),
        Binding(
            "ctrl+r",
            "refresh_index",
            "Refresh",
            id="main.refresh",
            show=False,
            tooltip="Index new and changed files now",
        ),
    ]

    def __init__(
        self, corpus: Path, index_dir: Path | None, *, update: bool = True, entities: bool = True
    ) -> None:
        super().__init__(corpus, index_dir, update=update, entities=entities)
        self.log_entries: list[LogEntry] = []
        """Every notice of the session, for the log screen."""
        self.result: SearchResult | None = None
        """The latest search result shown."""
        self.query_text = ""
        self.sort: msg.SortOrder = "relevance"
        self.open_index: int | None = None
        """Row of the open document in the results, when it is one of them."""
        self.document: StoredDocument | None = None
        self.entity: tuple[EntityKind, str] | None = None
        """The entity under the cursor in the entity panel."""
        self.walk: tuple[MentionInContext, ...] = ()
        self.walk_key: tuple[EntityKind, str] | None = None
        self.walk_at: int | None = None
        """Index in `walk` of the mention last jumped to."""
        self.indexing = False
        self._checking_alone = False
        """The running update was started by the periodic check, not by the user."""
        self._watch: FolderWatch | None = None
        self._changed: set[str] = set()
        """Paths the folder watch reported that are not indexed yet."""
        self._in_flight: tuple[str, ...] = ()
        """Those being indexed now (back to `_changed` if that stops)."""
        self._last_check = time.monotonic()
        self._last_refresh = 0.0

    def compose(self) -> ComposeResult:
        """Header, the three panes, footer."""
        yield ReaderHeader(self.corpus.resolve().name or str(self.corpus), id="header")
        with Horizontal(id="panes"):
            yield SearchPane(id="search")
            yield DocumentViewer(id="viewer")
            yield EntityPanel(id="entities")
        yield Footer()

    def on_mount(self) -> None:
        """Open the library once the first frame is on screen."""
        self.query_one(SearchPane).focus_query()
        narrow = self.app.size.width < NARROW
        self.set_class(narrow, "-narrow")
        self._show_entities(not narrow)
        self.call_after_refresh(self.open_library)

    def on_unmount(self) -> None:
        """Stop indexing and close the library."""
        self._closing = True
        self.workers.cancel_all()
        if self._watch is not None:
            self._watch.stop()

    # --- shortcuts to the panes ---------------------------------------------------------

    @property
    def search_pane(self) -> SearchPane:
        """The left pane."""
        return self.query_one(SearchPane)

    @property
    def viewer(self) -> DocumentViewer:
        """The centre pane."""
        return self.query_one(DocumentViewer)

    @property
    def entity_panel(self) -> EntityPanel:
        """The right pane."""
        return self.query_one(EntityPanel)

    @property
    def header(self) -> ReaderHeader:
        """The top line."""
        return self.query_one(ReaderHeader)

    # --- notices --------------------------------------------------------------------------

    def notice(self, text: str, severity: Severity = "information", *, toast: bool = True) -> None:
        """Log a notice, and show it as a notification unless `toast` is False."""
        entry = LogEntry(text, severity)
        self.log_entries.append(entry)
        if toast:
            self.app.notify(safe_line(text), severity=severity, markup=False)

    @on(msg.Notice)
    def _on_notice(self, message: msg.Notice) -> None:
        self.notice(message.text, message.severity)

    # --- opening and indexing ---------------------------------------------------------------

    @on(msg.LibraryOpened)
    def _library_opened(self, message: msg.LibraryOpened) -> None:
        self.library = message.library
        self.header.set_documents(message.documents)
        self.header.set_state("up to date" if not message.stale else "index stale")
        self.notice(f"Opened {self.corpus} (index {message.library.index_dir})", toast=False)
        if self._update:
            self.set_interval(CHECK_EVERY_SECONDS, self._check_corpus_now_and_then)
            if WATCH_FOLDER:
                self.start_watch()
        # With no query yet, the list shows every document, newest first.
        self.search_pane.rerun()
        self._load_panel_entities()
        if self._update and message.stale:
            self._update_all(message.library, alone=False)

    @on(msg.LibraryFailed)
    def _library_failed(self, message: msg.LibraryFailed) -> None:
        self.header.set_state("no index")
        self.notice(f"Could not open the index: {message.error}", "error")

    @on(msg.IndexProgress)
    def _index_progress(self, message: msg.IndexProgress) -> None:
        self.header.set_progress(message.progress)
        now = time.monotonic()
        if message.progress.stage == "text" and now - self._last_refresh > REFRESH_WHILE_INDEXING:
            self._last_refresh = now
            self.search_pane.rerun()

    @on(msg.IndexStageDone)
    def _index_stage_done(self, message: msg.IndexStageDone) -> None:
        # Every document's text is in: the results and the header's count of documents
        # are complete now (entities may take minutes more).
        if message.stage == "text":
            if message.documents is not None:
                self.header.set_documents(message.documents)
            self.search_pane.rerun()

    @on(msg.IndexFinished)
    def _index_finished(self, message: msg.IndexFinished) -> None:
        self.indexing = False
        self._in_flight = ()
        report = message.report
        self.header.set_documents(message.documents)
        self.header.set_state("up to date")
        changed = report.added + report.updated + report.removed
        if message.watched:  # only the changed files were looked at: no "unchanged"
            summary = (
                f"Changed files: {report.added} added, {report.updated} updated, "
                f"{report.removed} removed, {len(report.skipped)} skipped"
            )
        else:
            summary = (
                f"Index: {report.added} added, {report.updated} updated, "
                f"{report.removed} removed, {report.unchanged} unchanged, "
                f"{len(report.skipped)} skipped"
            )
        self.notice(summary, toast=False)
        if report.rebuilt:
            self.notice(f"The index was rebuilt: {report.rebuilt}", "warning")
        for note in report.notes:
            self.notice(note, "warning")
        for skipped in report.skipped:
            self.notice(f"Skipped {skipped.path}: {skipped.reason}", "warning", toast=False)
        if report.skipped:
            count = len(report.skipped)
            self.notice(
                f"{count} file{'s were' if count != 1 else ' was'} skipped (press l for the log)",
                "warning",
                toast=True,
            )
        if changed or report.entities_done:
            self.search_pane.rerun()
            self._load_panel_entities()
            if self.library is not None and self.document is not None:
                self.load_document(
                    self.library, self.document.path, self.query_text, msg.Target(keep=True)
                )
        if self._changed:
            self._index_changes()
        elif (
            message.watched
            and self._entities
            and report.added + report.updated
            and self.library is not None
        ):
            # Their text is searchable; their people and organisations come from the
            # child process, which finds them pending.
            self.header.set_state("index stale")
            self._update_all(self.library, alone=True)

    def _check_corpus_now_and_then(self) -> None:
        # A look that is still running (a huge or slow folder) is left to finish: a thread
        # cannot be stopped, so starting another would only pile them up.
        checking = any(w.group == "check" and w.is_running for w in self.workers)
        now = time.monotonic()
        if self._watch is not None and now - self._last_check < WATCHED_CHECK_EVERY_SECONDS:
            return
        if self.library is not None and not self.indexing and not checking:
            self._last_check = now
            self.check_corpus(self.library, asked=False)

    @on(msg.WatchStarted)
    def _watch_started(self, message: msg.WatchStarted) -> None:
        if message.watch is None:
            self.notice(
                f"Not watching the folder ({message.error}); looking for changes every "
                f"{CHECK_EVERY_SECONDS:.0f} s instead",
                "warning",
                toast=False,
            )
        elif self._closing:
            message.watch.stop()
        else:
            self._watch = message.watch
            self.notice(f"Watching {self.corpus} for changes", toast=False)

    @on(msg.FilesChanged)
    def _files_changed(self, message: msg.FilesChanged) -> None:
        self._changed.update(message.paths)
        self._index_changes()

    def _index_changes(self) -> None:
        """Index what the folder watch reported, unless an update is running (then it
        comes after)."""
        if self.library is None or self.indexing or not self._changed:
            return
        paths = tuple(sorted(self._changed))
        self._changed.clear()
        self._in_flight = paths
        if len(paths) > CHANGES_HERE_MAX:
            self._update_all(self.library, alone=True)
        else:
            self.indexing = True
            self._checking_alone = True
            self.header.set_state("indexing changes")
            self.index_changes(self.library, paths)

    def _update_all(self, library: Library, *, alone: bool) -> None:
        """Bring the whole index up to date, in the child process; `alone`: the reader
        started it on its own, not the user."""
        self.indexing = True
        self._checking_alone = alone
        self.run_index(library)

    def action_refresh_index(self) -> None:
        """Look for new, changed and removed files now, and index them."""
        if self.library is None:
            self.notice("The index is not open yet", "warning")
        elif not self._update:
            self.notice("Updates are off for this session", "warning")
        elif self.indexing:
            self.notice("Already indexing", "information")
        else:
            self.check_corpus(self.library, asked=True)

    @on(msg.CorpusChecked)
    def _corpus_checked(self, message: msg.CorpusChecked) -> None:
        if self.library is None or self.indexing:
            return
        if message.stale:
            self.header.set_state("index stale")
            self._update_all(self.library, alone=not message.asked)
        elif message.asked:
            self.notice("The index is up to date with the folder", "information")

    @on(msg.IndexStopped)
    def _index_stopped(self, message: msg.IndexStopped) -> None:
        self.indexing = False
        self.header.set_state(message.state)
        # Another process updating the index is no news when we only looked on our own.
        quiet = self._checking_alone and message.state == "index busy"
        self.notice(f"Indexing stopped: {message.reason}", "warning", toast=not quiet)
        if self._in_flight and message.state == "index busy" and not self._closing:
            # Another process held the index: the watched changes are not indexed yet,
            # try again in a while. (After a failure, the next look at the folder or
            # ctrl+r tries again: repeating it every few seconds would only repeat it.)
            self._changed.update(self._in_flight)
            self.set_timer(RETRY_CHANGES_SECONDS, self._index_changes)
        self._in_flight = ()

    # --- searching ------------------------------------------------------------------------

    @on(msg.QueryChanged)
    def _query_changed(self, message: msg.QueryChanged) -> None:
        self.query_text, self.sort = message.query, message.sort
        if not message.query:
            self._refresh_matches()
        if self.library is None:
            if message.query:
                self.search_pane.show_error("Opening the index…")
            return
        self.run_search(self.library, message.query, message.sort)

    @on(msg.SearchDone)
    def _search_done(self, message: msg.SearchDone) -> None:
        if (message.query, message.sort) != (self.query_text, self.sort):
            return
        self.result = message.result
        if not message.query:  # the empty query lists every document: a free count
            self.header.set_documents(message.result.total)
        self.search_pane.show_result(message.result, message.sort)
        self.open_index = self._row_of(self.document.path if self.document else None)
        if self.open_index is not None:
            self.search_pane.select(self.open_index)
        self._refresh_matches()
        if self.entity_panel.scope == "results":
            self._load_panel_entities()

    @on(msg.SearchFailed)
    def _search_failed(self, message: msg.SearchFailed) -> None:
        if message.query == self.query_text:
            self.search_pane.show_error(message.error)

    @on(msg.SnippetsWanted)
    def _snippets_wanted(self, message: msg.SnippetsWanted) -> None:
        if self.library is not None:
            self.load_snippets(self.library, message.query, message.paths)

    @on(msg.SearchCounted)
    def _search_counted(self, message: msg.SearchCounted) -> None:
        if message.query == self.query_text:
            self.search_pane.set_total(message.query, message.total)

    @on(msg.SnippetsLoaded)
    def _snippets_loaded(self, message: msg.SnippetsLoaded) -> None:
        self.search_pane.set_snippets(message.query, message.snippets)

    def _row_of(self, path: str | None) -> int | None:
        if path is None or self.result is None:
            return None
        for index, hit in enumerate(self.result.hits):
            if hit.path == path:
                return index
        return None

    def _refresh_matches(self) -> None:
        """The query changed: re-highlight the open document."""
        if self.document is None or self.library is None:
            return
        self.load_matches(self.library, self.document.path, self.query_text)

    @on(msg.MatchesLoaded)
    def _matches_loaded(self, message: msg.MatchesLoaded) -> None:
        document = self.document
        if document and (message.path, message.query) == (document.path, self.query_text):
            self.viewer.set_matches(message.matches)

    # --- opening documents ----------------------------------------------------------------

    @on(msg.ResultChosen)
    def _result_chosen(self, message: msg.ResultChosen) -> None:
        self.open_result(message.index)
        self.viewer.body.focus()

    def open_result(self, index: int, hit: int = 0) -> None:
        """Open row `index` of the results, landing on hit `hit` (-1 = last)."""
        if self.result is None or self.library is None:
            return
        if not 0 <= index < len(self.result.hits):
            return
        self.open_index = index
        self.search_pane.select(index)
        path = self.result.hits[index].path
        self.load_document(self.library, path, self.query_text, msg.Target(hit=hit))

    def open_path(self, path: str, span: Span | None = None) -> None:
        """Open a document by path, landing on `span` (a mention) if given."""
        if self.library is None:
            return
        target = msg.Target(hit=None if span else 0, span=span)
        self.load_document(self.library, path, self.query_text, target)

    @on(msg.DocumentLoaded)
    def _document_loaded(self, message: msg.DocumentLoaded) -> None:
        document, target = message.document, message.target
        if target.keep and self.document is not None and document.path == self.document.path:
            self.document = document
            self.viewer.document = document
            self.viewer.set_mentions(document.mentions)
        else:
            self.document = document
            self.viewer.show(document, message.matches, hit=target.hit, span=target.span)
            self.open_index = self._row_of(document.path)
            if self.open_index is not None:
                self.search_pane.select(self.open_index)
        if self.entity_panel.scope == "document":
            self.entity_panel.show_entities("document", message.entities)
            self._select_walk_entity()

    @on(msg.DocumentMissing)
    def _document_missing(self, message: msg.DocumentMissing) -> None:
        self.notice(f"{message.path} is no longer in the index", "warning")

    @on(msg.HitsExhausted)
    def _hits_exhausted(self, message: msg.HitsExhausted) -> None:
        if self.result is None or not self.result.hits:
            return
        start = self.open_index if self.open_index is not None else -1
        index = start + message.step
        if 0 <= index < len(self.result.hits):
            self.open_result(index, hit=0 if message.step > 0 else -1)
        else:
            where = "last hit of the last" if message.step > 0 else "first hit of the first"
            self.app.notify(f"That was the {where} result.", timeout=2)

    def action_next_hit(self) -> None:
        """Next hit; past the last one, the first hit of the next result."""
        if self.document is None:
            if self.result is not None and self.result.hits:
                self.open_result(0)
            return
        self.viewer.next_hit()

    def action_previous_hit(self) -> None:
        """Previous hit; before the first one, the last hit of the previous result."""
        if self.document is not None:
            self.viewer.previous_hit()

    # --- entities ---------------------------------------------------------------------------

    def _load_panel_entities(self) -> None:
        if self.library is None:
            return
        scope = self.entity_panel.scope
        paths = tuple(hit.path for hit in self.result.hits) if self.result else ()
        path = self.document.path if self.document else None
        self.load_entities(self.library, scope, path, paths)

    @on(msg.ScopeChanged)
    def _scope_changed(self, message: msg.ScopeChanged) -> None:
        self._load_panel_entities()

    @on(msg.EntitiesLoaded)
    def _entities_loaded(self, message: msg.EntitiesLoaded) -> None:
        closed = message.scope == "document" and self.document is None
        note = "no document open" if closed else ""
        self.entity_panel.show_entities(message.scope, message.entities, note)
        self._select_walk_entity()

    def _select_walk_entity(self) -> None:
        """Keep the cursor on the entity being walked when the list is rebuilt."""
        if self.walk_key is not None:
            self.entity_panel.select(*self.walk_key)

    @on(msg.EntitySelected)
    def _entity_selected(self, message: msg.EntitySelected) -> None:
        if message.kind is None or message.name is None:
            return
        self.entity = (message.kind, message.name)
        if self.library is not None:
            self.load_detail(self.library, message.kind, message.name)

    @on(msg.EntityDetailLoaded)
    def _detail_loaded(self, message: msg.EntityDetailLoaded) -> None:
        detail = message.detail
        if self.entity == (detail.kind, detail.name):
            self.entity_panel.show_detail(detail)

    @on(msg.EntityChosen)
    def _entity_chosen(self, message: msg.EntityChosen) -> None:
        self.entity = (message.kind, message.name)
        self._with_mentions("first")

    def _with_mentions(self, then: Then) -> None:
        """Run `then` on the selected entity's mentions, loading them first if needed."""
        if self.entity is None:
            self.app.notify("Select a person or organisation first (e).", timeout=3)
            return
        if self.walk_key == self.entity:
            self._do_walk(then)
        elif self.library is not None:
            kind, name = self.entity
            self.load_mentions(self.library, kind, name, then)

    @on(msg.MentionsLoaded)
    def _mentions_loaded(self, message: msg.MentionsLoaded) -> None:
        if self.entity != (message.kind, message.name):
            return
        self.walk = message.mentions
        self.walk_key = (message.kind, message.name)
        self.walk_at = None
        self._do_walk(message.then)

    def _do_walk(self, then: Then) -> None:
        if not self.walk:
            self.app.notify("No mentions found.", timeout=3)
            return
        if then == "view":
            assert self.walk_key is not None
            from tuireader.ui.screens.mentions import MentionsScreen  # not needed to paint

            self.app.push_screen(MentionsScreen(self.walk_key[1], self.walk), self._mention_picked)
            return
        if then == "none":
            return
        index = self._walk_target(then)
        self.goto_mention(index)

    def _walk_target(self, then: Then) -> int:
        """Index in `walk` of the mention `then` asks for, from where the reader stands."""
        count = len(self.walk)
        here = self.document.path if self.document else None
        in_doc = [i for i, m in enumerate(self.walk) if m.path == here]
        current = self.viewer.body.current
        offset = current.start if current is not None else -1
        if then == "first":
            return in_doc[0] if in_doc else 0
        at = self.walk_at
        if at is None or self.walk[at].path != here:
            if then == "next":
                after = [i for i in in_doc if self.walk[i].start > offset]
                if after:
                    return after[0]
                at = in_doc[-1] if in_doc else -1
            else:
                before = [i for i in in_doc if self.walk[i].start < offset]
                if before:
                    return before[-1]
                at = in_doc[0] if in_doc else count
        step = 1 if then == "next" else -1
        target = at + step
        if not 0 <= target < count:
            self.app.notify(
                "Back to the first mention." if step > 0 else "On to the last mention.",
                timeout=2,
            )
        return target % count

    def goto_mention(self, index: int) -> None:
        """Show mention `index` of the walk, opening its document if needed."""
        mention = self.walk[index]
        self.walk_at = index
        span = Span(mention.start, mention.end)
        status = self._walk_status()
        self.header.set_walk(status)
        if self.document is not None and self.document.path == mention.path:
            self.viewer.goto_span(span)
        else:
            self.open_path(mention.path, span)

    def _walk_status(self) -> str:
        if self.walk_at is None or self.walk_key is None:
            return ""
        documents = len({mention.path for mention in self.walk})
        count = len(self.walk)
        return (
            f"{self.walk_key[1]}: mention {self.walk_at + 1} of {count} "
            f"in {documents} document{'s' if documents != 1 else ''}"
        )

    def _mention_picked(self, mention: MentionInContext | None) -> None:
        if mention is None:
            return
        for index, candidate in enumerate(self.walk):
            if candidate is mention or candidate == mention:
                self.goto_mention(index)
                self.viewer.body.focus()
                return

    def action_next_mention(self) -> None:
        """Next mention of the selected entity, on into the next document."""
        self._with_mentions("next")

    def action_previous_mention(self) -> None:
        """Previous mention of the selected entity, back into the previous document."""
        self._with_mentions("prev")

    def action_mentions_view(self) -> None:
        """Every mention of the selected entity, each in its sentence."""
        self._with_mentions("view")

    def action_filter_entity(self) -> None:
        """Add `person:"..."` / `org:"..."` for the selected entity to the query."""
        if self.entity is None:
            self.app.notify("Select a person or organisation first (e).", timeout=3)
            return
        kind, name = self.entity
        term = f'{kind}:"{name.replace(chr(34), "")}"'
        query = self.search_pane.query_text.strip()
        if term not in query:
            query = f"{query} {term}".strip()
        self.search_pane.set_query(query)

    # --- focus and layout -------------------------------------------------------------------

    def action_focus_query(self) -> None:
        """Put the cursor in the query box (showing the search pane when folded); in the
        box itself, type the "/" as any other character."""
        focused = self.focused
        if isinstance(focused, Input):
            selection = focused.selection
            if selection.is_empty:
                focused.insert_text_at_cursor("/")
            else:
                focused.replace("/", *selection)
            return
        if self.has_class("-narrow"):
            self._show_entities(False)
        self.search_pane.focus_query()

    def action_focus_entities(self) -> None:
        """Go to the entity panel (unfolding it when folded)."""
        self._show_entities(True)
        self.call_after_refresh(self.entity_panel.entity_list.focus)

    def action_toggle_entities(self) -> None:
        """Show or hide the entity panel."""
        self._show_entities(self.has_class("-hide-entities"))

    def _show_entities(self, show: bool) -> None:
        self.set_class(not show, "-hide-entities")
        self.set_class(show and self.has_class("-narrow"), "-hide-search")

    def on_resize(self, event: Resize) -> None:
        """Fold the entity panel away on narrow terminals."""
        narrow = event.size.width < NARROW
        if narrow != self.has_class("-narrow"):
            self.set_class(narrow, "-narrow")
            self._show_entities(not narrow)

    def action_sort_results(self) -> None:
        """Order results by relevance or by date."""
        self.search_pane.action_toggle_sort()

    def action_toggle_mentions(self) -> None:
        """Underline entity mentions in the viewer, or not."""
        self.viewer.body.action_toggle_mentions()

    def action_cycle_scope(self) -> None:
        """Count entities in this document, the results, or the whole corpus."""
        self._show_entities(True)
        self.entity_panel.action_cycle_scope()

    def action_show_log(self) -> None:
        """Open the log of notices, skipped files and errors."""
        self.app.push_screen(LogScreen(self.log_entries))
