"""Make untrusted strings safe to show: text is data, never markup.

Document bodies, titles, file names and entity names come from outside. Everything the UI
shows of them goes through this module:

- `safe_body` / `safe_line` replace control characters, escape-sequence introducers, bidi
  overrides and other invisible format characters with visible placeholders, one
  character for one character, so the match and mention spans the core computed on the
  original text still land on the right characters;
- `styled` builds a Textual `Content` from a plain string plus character spans: no markup
  is ever parsed, so `[bold]` or `[@click=app.quit]` show as the literal characters.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual.content import Content, Span
from textual.style import Style

from tuireader.textsafe import REPLACEMENT, flat_line, safe_body, safe_line

__all__ = ["REPLACEMENT", "flat_line", "plain", "safe_body", "safe_line", "styled"]


def plain(text: str) -> Content:
    """A single line of untrusted text as Content, with no styling and no markup."""
    return Content(safe_line(text))


def styled(
    text: str,
    spans: Iterable[tuple[int, int, Style | str]] = (),
    *,
    base: Style | str | None = None,
    flat: bool = False,
) -> Content:
    """Untrusted `text` (one line) with `spans` (start, end, style) applied, never markup.

    With `flat`, line breaks show as spaces (snippets), else as `␤` (titles, names).
    Spans are clipped to the text; empty ones are dropped.
    """
    safe = flat_line(text) if flat else safe_line(text)
    size = len(safe)
    content_spans: list[Span] = []
    if base:
        content_spans.append(Span(0, size, base))
    for start, end, style in spans:
        start, end = max(0, start), min(size, end)
        if end > start:
            content_spans.append(Span(start, end, style))
    return Content(safe, content_spans, strip_control_codes=False)
