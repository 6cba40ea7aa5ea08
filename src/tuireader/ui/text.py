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

import re
from collections.abc import Iterable

from textual.content import Content, Span
from textual.style import Style

# Generated from unicodedata (Python 3.11): C0, DEL, C1, and the categories Cf (format,
# including bidi overrides and zero-width characters), Zl, Zp and Cs (lone surrogates).
_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2\u180e"
    "\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ud800-\udfff\ufeff\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U00013438\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f]"
)

REPLACEMENT = "\ufffd"
"""Placeholder for invisible format characters, C1 controls and lone surrogates."""


def _picture(char: str, *, keep_newline: bool) -> str:
    """The one visible character that stands for an unsafe `char`."""
    code = ord(char)
    if char == "\n":
        return "\n" if keep_newline else "\u2424"  # ␤
    if char == "\t":
        return " "
    if code < 0x20:
        return chr(0x2400 + code)  # ␀ .. ␟, ␛ for ESC
    if code == 0x7F:
        return "\u2421"  # ␡
    return REPLACEMENT


def _sub_body(match: re.Match[str]) -> str:
    return _picture(match.group(), keep_newline=True)


def _sub_line(match: re.Match[str]) -> str:
    return _picture(match.group(), keep_newline=False)


def safe_body(text: str) -> str:
    """`text` with every unsafe character replaced one-for-one; newlines are kept."""
    if _UNSAFE.search(text) is None:
        return text
    return _UNSAFE.sub(_sub_body, text)


def safe_line(text: str) -> str:
    """`text` made safe for a single line: like `safe_body`, and newlines become `␤`."""
    if _UNSAFE.search(text) is None:
        return text
    return _UNSAFE.sub(_sub_line, text)


def plain(text: str) -> Content:
    """A single line of untrusted text as Content, with no styling and no markup."""
    return Content(safe_line(text))


def flat_line(text: str) -> str:
    """`text` made safe for one row of prose: line breaks become spaces, one for one."""
    return safe_line(text.replace("\r\n", "  ").replace("\n", " ").replace("\r", " "))


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
