"""Plain frozen dataclasses that cross the boundary between the core and its users.

Everything the CLI and the UI see of the engine is one of these: no Whoosh or spaCy
object ever leaves `tuireader.core`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

EntityKind = Literal["person", "org"]
"""The two kinds of entity tuireader follows: people and organisations."""


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open character range `[start, end)` in a document body."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Document:
    """One parsed source file: what the index stores about it."""

    path: str
    """Path relative to the corpus folder, with `/` separators."""
    title: str
    date: dt.date | None
    body: str
    format: str
    """How it was parsed: "seed", "markdown", "html" or "text"."""
    notes: tuple[str, ...] = ()
    """Things worth telling the user (for instance: truncated at the size cap)."""


@dataclass(frozen=True, slots=True)
class Skipped:
    """A file that was not indexed, and why."""

    path: str
    reason: str


@dataclass(frozen=True, slots=True)
class RawMention:
    """One entity mention as an extractor found it, before clean-up."""

    label: str
    """"PERSON" or "ORG"; also "GPE", "LOC", "NORP" and "FAC", which are kept only as
    corpus-wide type votes (a form mostly tagged as a place is no person) and never listed."""
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Mention:
    """One cleaned mention: which entity it refers to and where it stands in the body."""

    kind: EntityKind
    name: str
    """Canonical name of the entity ("Theary Seng")."""
    text: str
    """Surface text as written ("Seng Theary", "Seng")."""
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class EntityCount:
    """An entity with its aliases and counts, in one document or a set of them."""

    kind: EntityKind
    name: str
    aliases: tuple[str, ...]
    mentions: int
    documents: int = 1


@dataclass(frozen=True, slots=True)
class Snippet:
    """A short passage of a body with the matched words marked by spans into `text`."""

    text: str
    marks: tuple[Span, ...] = ()

    def marked(self, left: str = "**", right: str = "**") -> str:
        """The snippet with every mark wrapped in `left` ... `right`."""
        out: list[str] = []
        pos = 0
        for mark in self.marks:
            out.append(self.text[pos : mark.start])
            out.append(left + self.text[mark.start : mark.end] + right)
            pos = mark.end
        out.append(self.text[pos:])
        return "".join(out)


@dataclass(frozen=True, slots=True)
class Hit:
    """One search result."""

    path: str
    title: str
    date: dt.date | None
    score: float
    snippet: Snippet | None
    """None when snippets were not asked for this row (see `Library.snippets`)."""
    matches: tuple[Span, ...] = ()
    """Every match of the query in the body, in order."""


@dataclass(frozen=True, slots=True)
class SearchResult:
    """The answer to one query."""

    query: str
    total: int
    """How many documents match; a lower bound when `total_exact` is False."""
    hits: tuple[Hit, ...]
    suggestion: str | None = None
    """A corrected query from the index's own vocabulary, when nothing was found."""
    notes: tuple[str, ...] = ()
    """Visible caveats: an expansion was capped, the time limit cut the search short."""
    elapsed: float = 0.0
    total_exact: bool = True
    """False when the search was asked not to count (`Library.count` does it later)."""


@dataclass(frozen=True, slots=True)
class StoredDocument:
    """A document as read back from the index, for the viewer."""

    path: str
    title: str
    date: dt.date | None
    body: str
    mentions: tuple[Mention, ...] = ()
    entities_ready: bool = False
    """False until entity extraction has processed this document."""


@dataclass(frozen=True, slots=True)
class MentionInContext:
    """One mention of an entity somewhere in the corpus, with the text around it."""

    path: str
    title: str
    date: dt.date | None
    kind: EntityKind
    name: str
    text: str
    start: int
    end: int
    line: int
    """1-based line number of the mention in the body."""
    context: str
    """The sentence (or a window) around the mention, on one line."""
    context_span: Span
    """Where the mention stands inside `context`."""


@dataclass(frozen=True, slots=True)
class EntityDetail:
    """Everything the reader shows about one entity."""

    kind: EntityKind
    name: str
    aliases: tuple[str, ...]
    documents: int
    mentions: int
    paths: tuple[str, ...]
    """Documents that mention it, in date order."""
    related: tuple[EntityCount, ...]
    """Entities that most often appear in the same documents (documents = shared docs)."""


@dataclass(frozen=True, slots=True)
class Progress:
    """A progress report from a long operation."""

    stage: str
    """"scan", "text" or "entities"."""
    done: int
    total: int
    path: str = ""


@dataclass(frozen=True, slots=True)
class IndexReport:
    """What one index update did."""

    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    skipped: tuple[Skipped, ...] = ()
    ignored: int = 0
    """Files of other types, counted but not read."""
    entities_done: int = 0
    rebuilt: str | None = None
    """Why the index was rebuilt from scratch, if it was."""
    notes: tuple[str, ...] = ()
    elapsed: float = 0.0


@dataclass(frozen=True, slots=True)
class IndexStatus:
    """How the index stands, cheaply known without reading the corpus."""

    documents: int
    entities_pending: int
    index_dir: str
    notes: tuple[str, ...] = field(default=())


class QueryError(ValueError):
    """A query that cannot be parsed or run; the message is one line, fit to show a user."""


class IndexBusyError(RuntimeError):
    """Another process holds the index writer lock; searching what is there still works."""
