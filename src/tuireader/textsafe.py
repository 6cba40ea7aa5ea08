"""Make untrusted text safe to print: every control or format character becomes visible.

Document text, titles, file names and entity names come from outside. Escape sequences,
carriage returns, bidirectional overrides and other invisible characters must never reach
the terminal. `visible` maps each such character to exactly one visible placeholder, so
string lengths and character offsets (match spans) stay valid.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

_CONTROL_PICTURES = {i: chr(0x2400 + i) for i in range(0x20)}
_CONTROL_PICTURES[0x7F] = "\u2421"
_CONTROL_PICTURES[0x1B] = "\u241b"
_KEEP = {"\n", "\t"}


@lru_cache(maxsize=4096)
def _placeholder(char: str) -> str:
    code = ord(char)
    if code in _CONTROL_PICTURES:
        return _CONTROL_PICTURES[code]
    category = unicodedata.category(char)
    if category == "Cc":  # C1 controls
        return "\ufffd"
    if category in ("Cf", "Cs", "Co", "Cn", "Zl", "Zp"):
        # Format characters (bidi overrides, zero-width joiners), lone surrogates,
        # private use, unassigned, line and paragraph separators.
        return "\u2423" if category in ("Zl", "Zp") else "\ufffd"
    return char


def visible(text: str, *, keep_newlines: bool = True) -> str:
    """`text` with each control/format character replaced by one visible placeholder."""
    if text.isprintable() and (keep_newlines or "\n" not in text):
        return text
    out = []
    for char in text:
        if char.isprintable() or (char in _KEEP and (keep_newlines or char == "\t")):
            out.append(char)
        else:
            out.append(_placeholder(char))
    return "".join(out)


def one_line(text: str) -> str:
    """`visible(text)` folded to a single line (newlines and tabs become spaces)."""
    return visible(text.replace("\n", " ").replace("\t", " "))
