"""Word-wrap a body into visual lines given as character offsets.

The viewer keeps the body as one string and each visual line as `(start, end)` offsets
into it, so match and mention spans (offsets into the body) map onto lines with a bisect,
and a line is styled only when it is drawn.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence

from rich.cells import cell_len, get_character_cell_size

_TOKEN = re.compile(r"\S+\s*|\s+")


def _fold(text: str, start: int, end: int, width: int, out: list[tuple[int, int]]) -> int:
    """Cut `text[start:end]` (one over-long word) into pieces of at most `width` cells.

    Appends every full piece to `out`; returns where the last, partial piece starts.
    """
    piece_start = start
    used = 0
    for offset in range(start, end):
        size = get_character_cell_size(text[offset])
        if used + size > width and offset > piece_start:
            out.append((piece_start, offset))
            piece_start = offset
            used = 0
        used += size
    return piece_start


def _wrap_paragraph(
    text: str, start: int, end: int, width: int, out: list[tuple[int, int]]
) -> None:
    """Append the visual lines of `text[start:end]` (no newline inside) to `out`."""
    if start == end:
        out.append((start, start))
        return
    line_start = start
    used = 0
    for match in _TOKEN.finditer(text, start, end):
        word_start = match.start()
        token = match.group()
        word = token.rstrip()
        size = cell_len(word)
        if used and word and used + size > width:
            out.append((line_start, word_start))
            line_start = word_start
            used = 0
        if size > width:
            line_start = _fold(text, line_start, word_start + len(word), width, out)
            used = cell_len(text[line_start : word_start + len(word)])
            used += len(token) - len(word)
            continue
        used += size + (len(token) - len(word))
    out.append((line_start, end))


def wrap_offsets(text: str, width: int) -> list[tuple[int, int]]:
    """Visual lines of `text` at `width` cells: `(start, end)` offsets, newlines excluded."""
    width = max(1, width)
    lines: list[tuple[int, int]] = []
    position = 0
    size = len(text)
    while position <= size:
        newline = text.find("\n", position)
        if newline == -1:
            _wrap_paragraph(text, position, size, width, lines)
            break
        _wrap_paragraph(text, position, newline, width, lines)
        position = newline + 1
    return lines


def line_of(starts: Sequence[int], offset: int) -> int:
    """Index of the visual line holding character `offset`, given the lines' start offsets."""
    return max(0, bisect_right(starts, offset) - 1)
