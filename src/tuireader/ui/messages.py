"""Every custom message of the reader, each with a one-line docstring.

Two families: messages that widgets post upward when the user does something (the screen
routes them), and messages that background workers post when their work is done (the
only way a worker reports back). Frequent ones replace an older queued copy of themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from textual.message import Message

from tuireader.core.models import (
    EntityCount,
    EntityDetail,
    EntityKind,
    IndexReport,
    MentionInContext,
    Progress,
    SearchResult,
    Snippet,
    Span,
    StoredDocument,
)

if TYPE_CHECKING:
    from tuireader.core.library import Library
    from tuireader.core.watch import FolderWatch

Scope = Literal["document", "results", "corpus"]
"""Which documents the entity panel counts over."""

SortOrder = Literal["relevance", "date"]
"""How the result list is ordered."""


@dataclass(frozen=True, slots=True)
class Target:
    """Where to land when a document opens: a hit (by index, -1 = last) or a span."""

    hit: int | None = 0
    span: Span | None = None
    keep: bool = False
    """Re-read the open document in place (entities caught up), keeping the view."""


# --- posted by widgets (user intent) -------------------------------------------------


class QueryChanged(Message):
    """The search pane's query or sort order settled (after the typing debounce)."""

    def __init__(self, query: str, sort: SortOrder) -> None:
        super().__init__()
        self.query = query
        self.sort: SortOrder = sort


class SnippetsWanted(Message):
    """Result rows near the cursor have no snippet yet; fetch them."""

    def __init__(self, query: str, paths: tuple[str, ...]) -> None:
        super().__init__()
        self.query = query
        self.paths = paths

    def can_replace(self, message: Message) -> bool:
        """Only the rows near the newest cursor position matter."""
        return isinstance(message, SnippetsWanted)


class ResultChosen(Message):
    """The user chose a result to open."""

    def __init__(self, index: int) -> None:
        super().__init__()
        self.index = index


class EntitySelected(Message):
    """The cursor in the entity panel moved onto an entity (or off all of them)."""

    def __init__(self, kind: EntityKind | None, name: str | None) -> None:
        super().__init__()
        self.kind: EntityKind | None = kind
        self.name = name


class EntityChosen(Message):
    """The user pressed Enter on an entity: jump to its first mention."""

    def __init__(self, kind: EntityKind, name: str) -> None:
        super().__init__()
        self.kind: EntityKind = kind
        self.name = name


class ScopeChanged(Message):
    """The entity panel switched between this document, the results and the corpus."""

    def __init__(self, scope: Scope) -> None:
        super().__init__()
        self.scope: Scope = scope


class HitsExhausted(Message):
    """`n` past the last hit (or `N` before the first): move on to another result."""

    def __init__(self, step: int) -> None:
        super().__init__()
        self.step = step


# --- posted by workers (results of background work) ------------------------------------


class LibraryOpened(Message):
    """The library (and its index) is open; searching can start."""

    def __init__(self, library: Library, documents: int, stale: bool) -> None:
        super().__init__()
        self.library = library
        self.documents = documents
        self.stale = stale


class LibraryFailed(Message):
    """The library could not be opened at all."""

    def __init__(self, error: str) -> None:
        super().__init__()
        self.error = error


class IndexProgress(Message):
    """Indexing moved on; a newer report replaces an older one still queued."""

    def __init__(self, progress: Progress) -> None:
        super().__init__()
        self.progress = progress

    def can_replace(self, message: Message) -> bool:
        """Only the latest progress matters."""
        return isinstance(message, IndexProgress)


class IndexStageDone(Message):
    """A pass of indexing finished (text is searchable; entities are ready), and how
    many documents the index holds then."""

    def __init__(self, stage: str, documents: int | None = None) -> None:
        super().__init__()
        self.stage = stage
        self.documents = documents


class IndexFinished(Message):
    """Indexing is over; `report` says what changed, was skipped or rebuilt."""

    def __init__(self, report: IndexReport, documents: int, *, watched: bool = False) -> None:
        super().__init__()
        self.report = report
        self.documents = documents
        self.watched = watched
        """Only the files a folder watch reported were looked at (text only)."""


class FilesChanged(Message):
    """The folder watch saw these paths (relative to the corpus) change."""

    def __init__(self, paths: tuple[str, ...]) -> None:
        super().__init__()
        self.paths = paths


class WatchStarted(Message):
    """The folder watch is running (`watch`), or could not start (`error`)."""

    def __init__(self, watch: FolderWatch | None, error: str | None) -> None:
        super().__init__()
        self.watch = watch
        self.error = error


class CorpusChecked(Message):
    """The corpus folder was compared with the index (stat only): whether it changed."""

    def __init__(self, stale: bool, asked: bool) -> None:
        super().__init__()
        self.stale = stale
        self.asked = asked
        """True when the user asked for the check; False for the periodic one."""


class IndexStopped(Message):
    """Indexing ended without a report: another process holds the lock, or it failed."""

    def __init__(self, state: str, reason: str) -> None:
        super().__init__()
        self.state = state
        self.reason = reason


class Notice(Message):
    """Something the user should know about: becomes a notification and a log entry."""

    def __init__(self, text: str, severity: Literal["information", "warning", "error"]) -> None:
        super().__init__()
        self.text = text
        self.severity: Literal["information", "warning", "error"] = severity


class SearchDone(Message):
    """A search finished; stale answers are dropped by comparing `query`."""

    def __init__(self, query: str, sort: SortOrder, result: SearchResult) -> None:
        super().__init__()
        self.query = query
        self.sort: SortOrder = sort
        self.result = result

    def can_replace(self, message: Message) -> bool:
        """A newer answer makes an older queued one useless."""
        return isinstance(message, SearchDone)


class SearchCounted(Message):
    """Every match of a search was counted (None: too many to count in time)."""

    def __init__(self, query: str, total: int | None) -> None:
        super().__init__()
        self.query = query
        self.total = total


class SearchFailed(Message):
    """The query could not be run (for instance, a syntax error)."""

    def __init__(self, query: str, error: str) -> None:
        super().__init__()
        self.query = query
        self.error = error


class SnippetsLoaded(Message):
    """Snippets for result rows that were shown without one."""

    def __init__(self, query: str, snippets: dict[str, Snippet]) -> None:
        super().__init__()
        self.query = query
        self.snippets = snippets


class DocumentLoaded(Message):
    """A document, its matches and its entities were read for the viewer."""

    def __init__(
        self,
        document: StoredDocument,
        matches: tuple[Span, ...],
        entities: tuple[EntityCount, ...],
        target: Target,
    ) -> None:
        super().__init__()
        self.document = document
        self.matches = matches
        self.entities = entities
        self.target = target


class MatchesLoaded(Message):
    """The matches of a new query in the document that stays open."""

    def __init__(self, path: str, query: str, matches: tuple[Span, ...]) -> None:
        super().__init__()
        self.path = path
        self.query = query
        self.matches = matches


class DocumentMissing(Message):
    """A document asked for is no longer in the index."""

    def __init__(self, path: str) -> None:
        super().__init__()
        self.path = path


class EntitiesLoaded(Message):
    """Entity counts for the panel, for one scope."""

    def __init__(self, scope: Scope, entities: tuple[EntityCount, ...]) -> None:
        super().__init__()
        self.scope: Scope = scope
        self.entities = entities

    def can_replace(self, message: Message) -> bool:
        """Only the newest counts for the same scope matter."""
        return isinstance(message, EntitiesLoaded) and message.scope == self.scope


class EntityDetailLoaded(Message):
    """Aliases, documents and related entities of the chosen entity."""

    def __init__(self, detail: EntityDetail) -> None:
        super().__init__()
        self.detail = detail


class MentionsLoaded(Message):
    """Every mention of one entity across the corpus, in date order."""

    def __init__(
        self,
        kind: EntityKind,
        name: str,
        mentions: tuple[MentionInContext, ...],
        then: Literal["next", "prev", "view", "first", "none"],
    ) -> None:
        super().__init__()
        self.kind: EntityKind = kind
        self.name = name
        self.mentions = mentions
        self.then: Literal["next", "prev", "view", "first", "none"] = then
