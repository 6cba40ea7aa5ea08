"""Make untrusted text safe to show: every control or format character becomes visible.

Document text, titles, file names and entity names come from outside. Escape sequences,
carriage returns, bidirectional overrides and other invisible characters must never reach
the terminal. Each such character is replaced by exactly one visible placeholder, so
string lengths and character offsets (match and mention spans) stay valid. The CLI and
the UI (`tuireader.ui.text`) both use this module; it imports nothing of Textual.
"""

from __future__ import annotations

import re

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


def flat_line(text: str) -> str:
    """`text` made safe for one row of prose: line breaks become spaces, one for one."""
    return safe_line(text.replace("\r\n", "  ").replace("\n", " ").replace("\r", " "))


visible = safe_body
"""Alias: `text` made visible, newlines kept."""
one_line = flat_line
"""Alias: `text` made visible on one line."""
