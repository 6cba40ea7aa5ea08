"""The left pane: the query, a line for the count / error / suggestion, and the results.

The result list is one `OptionList` (virtual: one widget however many results), each row a
title, a date and a snippet whose matched words carry the `result-list--match` component
style. The pane debounces typing and posts `QueryChanged`; the screen runs the search and
calls `show_result` / `show_error` back down.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.style import Style
from textual.timer import Timer
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from tuireader.core.models import Hit, SearchResult, Snippet
from tuireader.ui.messages import QueryChanged, ResultChosen, SnippetsWanted, SortOrder
from tuireader.ui.text import styled
from tuireader.ui.widgets.lists import KeyedOptionList, component_style

CountState = Literal["exact", "counting", "at least"]
"""How far the count of a shown search's matches has got."""

DEBOUNCE = 0.15
"""Seconds of quiet typing before a query is run."""

SUGGESTION_ID = "suggestion"

SNIPPET_CHARS = 110
"""How much of a snippet a result row shows (about three lines of the pane)."""


class ResultList(KeyedOptionList):
    """The ranked results: a virtual list of title, date and highlighted snippet."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "result-list--title",
        "result-list--date",
        "result-list--match",
        "result-list--snippet",
        "result-list--suggestion",
    }

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)
        self.hits: tuple[Hit, ...] = ()
        self.suggestion: str | None = None
        self._style_key: tuple[Style, ...] = ()

    def _styles(self) -> tuple[Style, ...]:
        return (
            component_style(self, "result-list--title", partial=True),
            component_style(self, "result-list--date", partial=True),
            component_style(self, "result-list--match", partial=True),
            component_style(self, "result-list--snippet", partial=True),
            component_style(self, "result-list--suggestion", partial=True),
        )

    def _prompt(self, hit: Hit, styles: tuple[Style, ...]) -> Content:
        title_style, date_style, match_style, snippet_style, _ = styles
        head = styled(hit.title or hit.path, base=title_style)
        if hit.date:
            head = head + Content("  ") + Content(hit.date.isoformat()).stylize(date_style)
        snippet = hit.snippet
        if snippet is None:
            return head + Content("\n") + Content("…").stylize(snippet_style)
        text, marks = _window(snippet)
        body = styled(
            text,
            [(start, end, match_style) for start, end in marks],
            base=snippet_style,
            flat=True,
        )
        return head + Content("\n") + body

    def show_hits(self, hits: tuple[Hit, ...], suggestion: str | None = None) -> None:
        """Replace the rows, keeping the cursor on the same row number when it can."""
        previous = self.highlighted
        self.hits = hits
        self.suggestion = suggestion
        self._rebuild(previous if previous is not None else 0)

    def _rebuild(self, highlighted: int | None) -> None:
        styles = self._styles()
        self._style_key = styles
        options: list[Option] = [
            Option(self._prompt(hit, styles), id=f"hit-{index}")
            for index, hit in enumerate(self.hits)
        ]
        if self.suggestion and not self.hits:
            prompt = Content("Did you mean: ") + styled(self.suggestion, base=styles[4])
            options.append(Option(prompt + Content(" ?"), id=SUGGESTION_ID))
        self.set_options(options)
        if options:
            self.highlighted = min(highlighted or 0, len(options) - 1)

    def set_snippets(self, snippets: dict[str, Snippet]) -> None:
        """Fill in snippets that were fetched lazily for rows on screen."""
        hits = tuple(
            _with_snippet(hit, snippets[hit.path])
            if hit.snippet is None and hit.path in snippets
            else hit
            for hit in self.hits
        )
        if hits != self.hits:
            self.hits = hits
            self._rebuild(self.highlighted)

    def rows_without_snippet(self, around: int, count: int = 20) -> list[str]:
        """Paths of rows near `around` that have no snippet yet."""
        start = max(0, around - count // 2)
        return [hit.path for hit in self.hits[start : start + count] if hit.snippet is None]

    def notify_style_update(self) -> None:
        """Re-style the rows when the theme changed the component styles."""
        super().notify_style_update()
        if self.is_mounted and self.hits and self._styles() != self._style_key:
            self._rebuild(self.highlighted)


def _window(snippet: Snippet, size: int = SNIPPET_CHARS) -> tuple[str, list[tuple[int, int]]]:
    """At most `size` characters of a snippet around its first mark, marks shifted to fit."""
    text = snippet.text
    marks = [(mark.start, mark.end) for mark in snippet.marks]
    if len(text) <= size:
        return text, marks
    first = marks[0][0] if marks else 0
    start = max(0, min(first - size // 4, len(text) - size))
    end = start + size
    prefix = "…" if start else ""
    suffix = "…" if end < len(text) else ""
    shift = len(prefix) - start
    window = prefix + text[start:end] + suffix
    kept = [(a + shift, b + shift) for a, b in marks if a >= start and b <= end]
    return window, kept


def _with_snippet(hit: Hit, snippet: Snippet) -> Hit:
    return Hit(hit.path, hit.title, hit.date, hit.score, snippet, hit.matches)


class SearchPane(Vertical):
    """Query input, result count / error / suggestion line, and the result list."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+s",
            "toggle_sort",
            "Sort",
            id="search.sort",
            tooltip="Order results by relevance or by date",
        ),
        Binding("down", "focus_results", "Results", show=False),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.sort: SortOrder = "relevance"
        """How results are ordered."""
        self._timer: Timer | None = None
        self._sent: tuple[str, SortOrder] | None = None
        self._result: SearchResult | None = None
        self._shown_sort: SortOrder = "relevance"

    def compose(self) -> ComposeResult:
        """Input, info line, results."""
        yield Input(placeholder="Search…  ( / )", id="query", compact=True)
        yield Static("Type to search.", id="search-info", markup=False)
        yield ResultList(id="results")

    @property
    def query_text(self) -> str:
        """The text in the query box."""
        return self.query_one(Input).value

    @property
    def results(self) -> ResultList:
        """The result list widget."""
        return self.query_one(ResultList)

    # --- typing -----------------------------------------------------------------------

    @on(Input.Changed, "#query")
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(DEBOUNCE, self._emit)

    @on(Input.Submitted, "#query")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._emit()
        self.action_focus_results()

    def _emit(self, *, force: bool = False) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        key = (self.query_text.strip(), self.sort)
        if key == self._sent and not force:
            return
        self._sent = key
        self.post_message(QueryChanged(*key))

    def rerun(self) -> None:
        """Ask for the current query again (the index changed)."""
        self._emit(force=True)

    def action_focus_results(self) -> None:
        """Move into the result list."""
        results = self.results
        if results.option_count:
            results.focus()
            if results.highlighted is None:
                results.highlighted = 0

    def action_toggle_sort(self) -> None:
        """Switch between relevance and date order."""
        self.sort = "date" if self.sort == "relevance" else "relevance"
        self._emit()

    # --- results ----------------------------------------------------------------------

    @on(OptionList.OptionSelected, "#results")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_id == SUGGESTION_ID and self.results.suggestion:
            self.set_query(self.results.suggestion)
            self.query_one(Input).focus()
            return
        self.post_message(ResultChosen(event.option_index))

    @on(OptionList.OptionHighlighted, "#results")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        missing = self.results.rows_without_snippet(event.option_index)
        if missing and self._result is not None:
            self.post_message(SnippetsWanted(self._result.query, tuple(missing)))

    # --- method calls from the screen -------------------------------------------------

    def focus_query(self) -> None:
        """Put the cursor in the query box, at once (not after the keys already waiting,
        as `focus()` would: they belong in the box)."""
        self.screen.set_focus(self.query_one(Input))

    def set_query(self, text: str) -> None:
        """Replace the query and run it now."""
        query_input = self.query_one(Input)
        query_input.value = text
        query_input.cursor_position = len(text)
        self._emit()

    def show_result(self, result: SearchResult, sort: SortOrder) -> None:
        """Show a finished search (its count may follow, see `set_total`)."""
        self._result = result
        self._shown_sort = sort
        count: CountState = "exact" if result.total_exact else "counting"
        self._set_info(self._info(result.total, count), error=False)
        self.results.show_hits(result.hits, result.suggestion)

    def set_total(self, query: str, total: int | None) -> None:
        """The count of every match of the shown search, made after its hits
        (None: there were too many to count in time)."""
        if self._result is not None and self._result.query == query:
            if total is None:
                self._set_info(self._info(self._result.total, "at least"), error=False)
            else:
                self._set_info(self._info(total, "exact"), error=False)

    def _info(self, total: int, count: CountState) -> str:
        """The line above the results: how many, in what order, and the notes."""
        result = self._result
        assert result is not None
        noun = "result" if result.query else "document"
        info = f"{total:,} {noun}{'s' if total != 1 else ''}"
        if count != "exact":
            info = f"{total:,}+ {noun}s" + (" (counting…)" if count == "counting" else "")
        if len(result.hits) < total:
            info += f" (top {len(result.hits):,})"
        info += f" · by {self._shown_sort}" if result.query else " · newest first"
        if result.suggestion and not result.hits:
            info = f"No results. Did you mean {result.suggestion!r}?"
        for note in result.notes:
            info += f" · {note}"
        return info

    def show_error(self, message: str) -> None:
        """Show why the query could not run; keep the previous results."""
        self._set_info(message, error=True)

    def clear_results(self, info: str = "Type to search.") -> None:
        """No query: no results."""
        self._result = None
        self._set_info(info, error=False)
        self.results.show_hits(())

    def set_snippets(self, query: str, snippets: dict[str, Snippet]) -> None:
        """Snippets fetched lazily for rows on screen."""
        if self._result is not None and self._result.query == query:
            self.results.set_snippets(snippets)

    def select(self, index: int) -> None:
        """Move the result cursor to `index` (the screen opened that result)."""
        if 0 <= index < self.results.option_count:
            self.results.highlighted = index

    def _set_info(self, text: str, *, error: bool) -> None:
        info = self.query_one("#search-info", Static)
        info.update(styled(text))
        info.set_class(error, "-error")
