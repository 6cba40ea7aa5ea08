"""The scrolling body of the open document, drawn line by line.

The body is wrapped once per width into visual lines (character offsets), and each line is
styled only when it is drawn, then cached without the widget's base style (applied at
draw time, so focus and theme changes never leave stale backgrounds). Scrolling never
re-renders the whole document; moving the current hit re-renders just its lines.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from typing import ClassVar

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tuireader.core.models import Mention, Span
from tuireader.ui.text import safe_body
from tuireader.ui.wrap import line_of, wrap_offsets


class DocumentBody(ScrollView, can_focus=True):
    """The text of one document with matches, the current hit and entity mentions styled."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "document-body--match",
        "document-body--current",
        "document-body--person",
        "document-body--org",
    }

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "scroll_down", "Down", show=False),
        Binding("k", "scroll_up", "Up", show=False),
        Binding("g", "scroll_home", "Top", show=False),
        Binding("G", "scroll_end", "Bottom", show=False),
        Binding("space", "page_down", "Page down", show=False),
        Binding(
            "u",
            "toggle_mentions",
            "Underline",
            id="viewer.mentions",
            tooltip="Show or hide entity mentions underlined in their type's colour",
        ),
    ]

    show_mentions: reactive[bool] = reactive(True)
    """Whether entity mentions are underlined."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._text = ""
        self._lines: list[tuple[int, int]] = []
        self._starts: list[int] = []
        self._wrap_width = 0
        self._matches: tuple[Span, ...] = ()
        self._match_starts: list[int] = []
        self._mentions: tuple[Mention, ...] = ()
        self._mention_starts: list[int] = []
        self._longest_mention = 0
        self._current: Span | None = None
        self._cache: LRUCache[int, Strip] = LRUCache(1024)

    # --- content ----------------------------------------------------------------------

    @property
    def text(self) -> str:
        """The (made safe) body being shown."""
        return self._text

    @property
    def line_count(self) -> int:
        """How many visual lines the body wraps to at the current width."""
        return len(self._lines)

    def set_document(self, body: str, matches: Sequence[Span], mentions: Sequence[Mention]) -> None:
        """Show a new body with its match spans and entity mentions; scroll to the top."""
        self._text = safe_body(body)
        self._matches = tuple(sorted(matches, key=lambda span: span.start))
        self._match_starts = [span.start for span in self._matches]
        self._mentions = tuple(sorted(mentions, key=lambda mention: mention.start))
        self._mention_starts = [mention.start for mention in self._mentions]
        self._longest_mention = max((m.end - m.start for m in self._mentions), default=0)
        self._current = None
        self._wrap_width = 0
        self._rewrap()
        self.scroll_to(0, 0, animate=False)

    def set_matches(self, matches: Sequence[Span]) -> None:
        """Replace the highlighted matches (a new query on the same document)."""
        self._matches = tuple(sorted(matches, key=lambda span: span.start))
        self._match_starts = [span.start for span in self._matches]
        self._invalidate()

    def set_mentions(self, mentions: Sequence[Mention]) -> None:
        """Replace the entity mentions (extraction caught up with this document)."""
        self._mentions = tuple(sorted(mentions, key=lambda mention: mention.start))
        self._mention_starts = [mention.start for mention in self._mentions]
        self._longest_mention = max((m.end - m.start for m in self._mentions), default=0)
        self._invalidate()

    def clear(self) -> None:
        """Show nothing."""
        self.set_document("", (), ())

    # --- the current span ------------------------------------------------------------

    @property
    def current(self) -> Span | None:
        """The span marked as current (a hit or a mention), if any."""
        return self._current

    def set_current(self, span: Span | None, *, scroll: bool = True) -> None:
        """Mark `span` as current, re-render only the lines it touches and bring it into view."""
        old = self._current
        self._current = span
        for changed in (old, span):
            if changed is not None:
                self._refresh_span(changed)
        if span is not None and scroll:
            self.scroll_to_offset(span.start)

    def line_for_offset(self, offset: int) -> int:
        """The visual line that holds character `offset`."""
        return line_of(self._starts, offset)

    def top_offset(self) -> int:
        """The character offset at the top of the view."""
        if not self._lines:
            return 0
        index = min(len(self._lines) - 1, round(self.scroll_y))
        return self._lines[index][0]

    def scroll_to_offset(self, offset: int) -> None:
        """Scroll so that character `offset` stands a third of the way down the view."""
        line = self.line_for_offset(offset)
        height = self.scrollable_content_region.height or self.size.height
        top = self.scroll_y
        if top <= line < top + height - 1 and height > 2:
            return
        self.scroll_to(y=max(0, line - max(1, height // 3)), animate=False)

    # --- layout -----------------------------------------------------------------------

    def _rewrap(self) -> None:
        """Wrap the body to the current width if it changed, keeping the top line in view."""
        width = self.scrollable_content_region.width or self.size.width
        if width <= 0:
            width = 80
        if width == self._wrap_width:
            return
        anchor = self.top_offset() if self._lines else 0
        self._wrap_width = width
        self._lines = wrap_offsets(self._text, width)
        self._starts = [start for start, _ in self._lines]
        self.virtual_size = Size(width, len(self._lines))
        self._invalidate()
        if anchor:
            self.scroll_to(y=self.line_for_offset(anchor), animate=False)

    def on_resize(self) -> None:
        """Re-wrap when the width changes."""
        self._rewrap()

    def notify_style_update(self) -> None:
        """The theme or CSS changed: drop every cached line."""
        super().notify_style_update()
        self._cache.clear()
        self.refresh()

    def _invalidate(self) -> None:
        self._cache.clear()
        self.refresh()

    def _refresh_span(self, span: Span) -> None:
        first = self.line_for_offset(span.start)
        last = self.line_for_offset(max(span.start, span.end - 1))
        for index in range(first, last + 1):
            self._cache.discard(index)
        self.refresh_lines(first - round(self.scroll_y), last - first + 1)

    def watch_show_mentions(self) -> None:
        """Re-draw with or without mention underlines."""
        self._invalidate()

    def action_toggle_mentions(self) -> None:
        """Show or hide entity mentions."""
        self.show_mentions = not self.show_mentions

    # --- drawing ----------------------------------------------------------------------

    def _mention_style(self, kind: str) -> Style:
        full = self.get_component_rich_style(f"document-body--{kind}")
        return Style(color=full.color, underline=True, bold=full.bold)

    def _build_line(self, index: int) -> Strip:
        start, end = self._lines[index]
        segment = self._text[start:end]
        text = Text(segment, end="")
        if self.show_mentions and self._mentions:
            first = bisect_left(self._mention_starts, start - self._longest_mention)
            for mention in self._mentions[first:]:
                if mention.start >= end:
                    break
                if mention.end > start:
                    text.stylize(
                        self._mention_style(mention.kind),
                        max(0, mention.start - start),
                        min(end, mention.end) - start,
                    )
        if self._matches:
            match_style = self.get_component_rich_style("document-body--match")
            first = max(0, bisect_left(self._match_starts, start) - 1)
            for span in self._matches[first:]:
                if span.start >= end:
                    break
                if span.end > start:
                    text.stylize(
                        match_style, max(0, span.start - start), min(end, span.end) - start
                    )
        current = self._current
        if current is not None and current.start < end and current.end > start:
            text.stylize(
                self.get_component_rich_style("document-body--current"),
                max(0, current.start - start),
                min(end, current.end) - start,
            )
        return Strip(text.render(self.app.console), cell_len(segment))

    def render_line(self, y: int) -> Strip:
        """Draw visual line `y` of the view (from the cache when it can)."""
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        width = self.scrollable_content_region.width
        style = self.rich_style
        if index >= len(self._lines):
            return Strip.blank(width, style)
        strip = self._cache.get(index)
        if strip is None:
            strip = self._build_line(index)
            self._cache[index] = strip
        return strip.crop_extend(scroll_x, scroll_x + width, None).apply_style(style)
