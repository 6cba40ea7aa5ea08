"""Snippets: the best short passage of a body around its matches, with the matches marked."""

from __future__ import annotations

import re

from tuireader.core.models import Snippet, Span

SNIPPET_CHARS = 220
_SPACE = re.compile(r"\s+")


def make_snippet(body: str, spans: tuple[Span, ...], width: int = SNIPPET_CHARS) -> Snippet:
    """The window of about `width` characters holding the most matches, on one line.

    Whitespace runs (newlines included) become one space; the marks follow the text.
    Without matches, the start of the body.
    """
    if not body:
        return Snippet("")
    if not spans:
        start, end = 0, min(len(body), width)
    else:
        best = 0
        best_count = 0
        j = 0
        for i, span in enumerate(spans):
            if j < i:
                j = i
            while j + 1 < len(spans) and spans[j + 1].end - span.start <= width:
                j += 1
            if j - i + 1 > best_count:
                best, best_count = i, j - i + 1
        first = spans[best]
        last = spans[best + best_count - 1]
        slack = max(0, width - (last.end - first.start))
        start = max(0, first.start - min(slack // 3, 80))
        end = min(len(body), max(last.end, start + width))
    start = _word_start(body, start)
    end = _word_end(body, end)
    return _compact(body, start, end, spans)


def _word_start(body: str, pos: int) -> int:
    if pos <= 0:
        return 0
    space = body.rfind(" ", max(0, pos - 20), pos)
    return space + 1 if space >= 0 else pos


def _word_end(body: str, pos: int) -> int:
    if pos >= len(body):
        return len(body)
    space = body.find(" ", pos, pos + 20)
    return space if space >= 0 else pos


def _compact(body: str, start: int, end: int, spans: tuple[Span, ...]) -> Snippet:
    """Collapse whitespace in body[start:end], carrying the marks along."""
    out: list[str] = []
    mapping: list[int] = []  # output index -> body index
    pos = start
    for match in _SPACE.finditer(body, start, end):
        out.append(body[pos : match.start()])
        mapping.extend(range(pos, match.start()))
        out.append(" ")
        mapping.append(match.start())
        pos = match.end()
    out.append(body[pos:end])
    mapping.extend(range(pos, end))
    text = "".join(out)
    lead = "… " if start > 0 else ""
    tail = " …" if end < len(body) else ""
    stripped = text.strip()
    offset = text.find(stripped) if stripped else 0
    body_to_out = {b: i for i, b in enumerate(mapping)}
    marks: list[Span] = []
    for span in spans:
        if span.start < start or span.end > end:
            continue
        s = body_to_out.get(span.start)
        e = body_to_out.get(span.end - 1)
        if s is None or e is None:
            continue
        s, e = s - offset + len(lead), e + 1 - offset + len(lead)
        if 0 <= s < e:
            marks.append(Span(s, e))
    return Snippet(lead + stripped + tail, tuple(marks))
