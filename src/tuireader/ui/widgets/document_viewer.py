"""The centre pane: the open document's title, date and path, then its body.

The screen calls down into it (`show`, `next_hit`, `goto_span`); it posts `HitsExhausted`
up when `n` runs past the last hit so the screen can open the next result.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Static

from tuireader.core.models import Mention, Span, StoredDocument
from tuireader.ui.messages import HitsExhausted
from tuireader.ui.text import plain
from tuireader.ui.widgets.document_body import DocumentBody

EMPTY_TEXT = (
    "No document open.\n\n"
    "Type a query (press / to get there), then Enter or ↓ to move into the results "
    "and Enter to open one."
)


class DocumentViewer(Vertical):
    """Title, date and path of the open document, a hit counter, and the styled body."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.document: StoredDocument | None = None
        """The open document, if any."""
        self._hit = -1
        self._matches: tuple[Span, ...] = ()
        self._status = ""

    def compose(self) -> ComposeResult:
        """The header lines, the body and the empty-state hint."""
        yield Static(id="doc-title", markup=False)
        with Horizontal(id="doc-meta-row"):
            yield Static(id="doc-meta", markup=False)
            yield Static(id="doc-counter", markup=False)
        yield DocumentBody(id="doc-body")
        yield Static(EMPTY_TEXT, id="doc-empty", markup=False)

    def on_mount(self) -> None:
        """Start empty."""
        self.add_class("-empty")

    @property
    def body(self) -> DocumentBody:
        """The scrolling body widget."""
        return self.query_one(DocumentBody)

    @property
    def hit_index(self) -> int:
        """Index of the current hit, or -1 when none is current."""
        return self._hit

    @property
    def hit_count(self) -> int:
        """How many matches of the query the open document has."""
        return len(self._matches)

    @property
    def path(self) -> str | None:
        """Relative path of the open document."""
        return self.document.path if self.document else None

    # --- method calls from the screen -------------------------------------------------

    def show(
        self,
        document: StoredDocument,
        matches: Sequence[Span],
        *,
        hit: int | None = 0,
        span: Span | None = None,
    ) -> None:
        """Open `document`; land on hit `hit` (-1 = last) or on `span` if given."""
        self.document = document
        self._matches = tuple(sorted(matches, key=lambda s: s.start))
        self._hit = -1
        self._status = ""
        self.remove_class("-empty")
        self.query_one("#doc-title", Static).update(plain(document.title or document.path))
        self.body.set_document(document.body, self._matches, document.mentions)
        if span is not None:
            self.goto_span(span)
        elif self._matches and hit is not None:
            self.goto_hit(hit if hit >= 0 else len(self._matches) + hit)
        else:
            self._update_meta()

    def set_matches(self, matches: Sequence[Span]) -> None:
        """The query changed while this document stays open: re-highlight, go to hit 1."""
        self._matches = tuple(sorted(matches, key=lambda s: s.start))
        self._hit = -1
        self.body.set_matches(self._matches)
        if self._matches:
            self.goto_hit(0)
        else:
            self.body.set_current(None)
            self._update_meta()

    def set_mentions(self, mentions: Sequence[Mention]) -> None:
        """Entity extraction caught up with the open document."""
        self.body.set_mentions(mentions)

    def set_status(self, status: str) -> None:
        """A short note shown after the hit counter (for example the mention walk)."""
        self._status = status
        self._update_meta()

    def clear(self) -> None:
        """Close the document."""
        self.document = None
        self._matches = ()
        self._hit = -1
        self.add_class("-empty")
        self.body.clear()
        self.query_one("#doc-title", Static).update("")
        self._update_meta()

    def goto_hit(self, index: int) -> None:
        """Make hit `index` current and scroll to it."""
        if not self._matches:
            return
        self._hit = max(0, min(index, len(self._matches) - 1))
        self.body.set_current(self._matches[self._hit])
        self._update_meta()

    def next_hit(self) -> None:
        """Go to the next hit; past the last, ask the screen to open the next result."""
        if self._hit + 1 < len(self._matches):
            self.goto_hit(self._hit + 1)
        else:
            self.post_message(HitsExhausted(1))

    def previous_hit(self) -> None:
        """Go to the previous hit; before the first, ask for the previous result."""
        if self._hit > 0:
            self.goto_hit(self._hit - 1)
        else:
            self.post_message(HitsExhausted(-1))

    def goto_span(self, span: Span) -> None:
        """Mark `span` (a mention) as current and scroll to it."""
        self._hit = -1
        for index, match in enumerate(self._matches):
            if match.start <= span.start < match.end:
                self._hit = index
                break
        self.body.set_current(span)
        self._update_meta()

    # --- drawing ----------------------------------------------------------------------

    def _update_meta(self) -> None:
        document = self.document
        meta = self.query_one("#doc-meta", Static)
        counter = self.query_one("#doc-counter", Static)
        if document is None:
            meta.update("")
            counter.update("")
            return
        parts = [document.date.isoformat()] if document.date else []
        parts.append(document.path)
        meta.update(plain(" · ".join(parts)))
        notes: list[str] = []
        if self._matches:
            position = f"{self._hit + 1}" if self._hit >= 0 else "–"
            notes.append(f"hit {position} of {len(self._matches)}")
        if not document.entities_ready:
            notes.append("entities pending")
        if self._status:
            notes.append(self._status)
        counter.update(plain(" · ".join(notes)))
        counter.set_class(bool(self._matches), "-hits")
