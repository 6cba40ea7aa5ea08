"""Running a compiled query: ranked hits, match spans in the body, snippets, "did you mean".

Match spans come from the character offsets stored in the body postings at index time,
so highlighting never re-analyses a document.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from whoosh import collectors

from tuireader.core import fast_rank, whoosh_fixes
from tuireader.core.models import Span
from tuireader.core.postings import SegmentPostings
from tuireader.core.query import CompiledQuery

TIME_LIMIT = 0.45
"""Seconds a search may run before it stops and returns the hits found so far."""
COUNT_SECONDS = 0.4
"""Seconds counting every match of a search may take (the count is then a lower bound)."""

SortOrder = Literal["relevance", "date"]


@dataclass(frozen=True, slots=True)
class RawHit:
    """A matching index document, before it is turned into a `Hit`."""

    docnum: int
    score: float


@dataclass(frozen=True, slots=True)
class Ranking:
    """What `run` found: the top hits, how many matched, and notes for the user."""

    hits: list[RawHit]
    total: int
    exact: bool
    """Whether `total` is every match, not a lower bound."""
    notes: list[str]
    postings: SegmentPostings | None = None
    """The posting lists read to rank (array ranking only), for the hits' match spans."""


SEARCH_SECONDS = 0.3
"""The budget of one `Library.search`: compiling, expanding, ranking and snippets."""
SNIPPET_RESERVE = 0.06
"""Of that budget, what ranking leaves for the snippets."""
MIN_RANK_SECONDS = 0.05
"""Ranking always gets at least this long, however long the expansions took."""
FAST_SHARE = 0.6
"""Of ranking's time, what the array ranking may take; a query it cannot finish in that
(tens of expanded terms over most of the index) is walked by Whoosh in the rest, which
returns the hits it found when the time is up."""


def rank_time_left(started: float) -> float:
    """Seconds ranking may take for a search that began at `started` (perf_counter)."""
    left = started + SEARCH_SECONDS - SNIPPET_RESERVE - time.perf_counter()
    return min(TIME_LIMIT, max(MIN_RANK_SECONDS, left))


def snippet_deadline(started: float) -> float:
    """perf_counter() time after which a search computes no more snippets."""
    return started + SEARCH_SECONDS


def run(
    searcher: Any,
    compiled: CompiledQuery,
    *,
    limit: int,
    sort: SortOrder = "relevance",
    timelimit: float = TIME_LIMIT,
    count: bool = True,
    count_timelimit: float = COUNT_SECONDS,
) -> Ranking:
    """Ranked hits (at most `limit`), the number of matches, whether it is exact, notes.

    Ranking is done with arrays where `fast_rank` handles the query, and by Whoosh's
    matchers otherwise (unusual query nodes), or when the arrays ran out of their share
    of the time (FAST_SHARE) before finding any hit: Whoosh's walk then gives what it
    finds in the rest. The arrays count every match as they rank (phrases aside, checked
    only as far as the top needs). Whoosh's ranking skips blocks of postings that cannot
    reach the top `limit`, so it does not see every match. With `count`, uncounted
    matches are then counted (a second, unscored pass of at most `count_timelimit`
    seconds); without, or when counting runs out of time, the number is exact when fewer
    than `limit` matched, and otherwise a lower bound (see `count_matches`).
    """
    notes: list[str] = []
    started = time.perf_counter()
    ranked = fast_rank.rank(
        searcher,
        compiled.q,
        limit=limit,
        deadline=started + timelimit * FAST_SHARE,
        by_date=sort == "date",
    )
    if ranked is not None and (ranked.hits or not ranked.cut_short):
        return _from_ranked(searcher, compiled, ranked, count, count_timelimit, started)
    # Whoosh gets what is left, and at least the share the arrays could not use.
    timelimit = max(timelimit * (1 - FAST_SHARE), started + timelimit - time.perf_counter())
    if sort == "date":
        inner = searcher.collector(limit=limit, sortedby="date", reverse=True)
    else:
        inner = searcher.collector(limit=limit)
    timed = collectors.TimeLimitCollector(inner, timelimit=timelimit, use_alarm=False)
    exact = True
    try:
        with whoosh_fixes.deadline(time.perf_counter() + timelimit):
            searcher.search_with_collector(compiled.q, timed)
        results = timed.results()
        seen = getattr(inner, "total", None)  # a TopCollector: the matches it scored
        if sort == "date" or seen is None:
            total = len(results)
        elif seen < limit:  # the top never filled up, so no block was skipped
            total = seen
        else:
            counted = (
                count_matches(searcher, compiled, timelimit=count_timelimit) if count else None
            )
            total, exact = (counted, True) if counted is not None else (seen, False)
    except collectors.TimeLimit:
        results = timed.results()
        total, exact = results.scored_length(), False  # at least these
        notes.append(_cut_short_note(started))
    hits = [RawHit(docnum, float(score or 0.0)) for score, docnum in results.top_n]
    return Ranking(hits, total, exact, notes)


def _from_ranked(
    searcher: Any,
    compiled: CompiledQuery,
    ranked: fast_rank.Ranked,
    count: bool,
    count_timelimit: float,
    started: float,
) -> Ranking:
    """`run`'s answer from the array ranking (`fast_rank`)."""
    notes: list[str] = []
    total, exact = ranked.total, ranked.exact
    if ranked.cut_short:
        notes.append(_cut_short_note(started))
    elif not exact and count:  # phrases, checked only as far as the top needed
        counted = count_matches(searcher, compiled, timelimit=count_timelimit)
        if counted is not None:
            total, exact = counted, True
    hits = [RawHit(docnum, score) for docnum, score in ranked.hits]
    return Ranking(hits, total, exact, notes, ranked.postings)


def _cut_short_note(started: float) -> str:
    """The note of a ranking that ran out of time (begun at `started`, perf_counter)."""
    took = time.perf_counter() - started
    return f"the search took over {took:.2f} s and was cut short; hits are partial"


def count_matches(
    searcher: Any,
    compiled: CompiledQuery,
    *,
    timelimit: float,
    cancel: Callable[[], bool] | None = None,
) -> int | None:
    """How many documents match, unscored; None when that takes over `timelimit` s or
    `cancel()` turns true (asked every 1,024 matches)."""
    deadline = time.perf_counter() + timelimit
    counted = fast_rank.count(searcher, compiled.q, deadline=deadline)
    if counted is not None:
        return counted
    total = 0
    try:
        with whoosh_fixes.deadline(deadline):
            for _ in searcher.docs_for_query(compiled.q):
                total += 1
                if not total & 1023 and (
                    time.perf_counter() > deadline or (cancel is not None and cancel())
                ):
                    return None
    except collectors.TimeLimit:
        return None
    return total


Occurrences = dict[str, list[tuple[int, int, int]]]
"""Per body term: (position, start, end) of each occurrence in one document."""

SPAN_BATCH = 8
"""Documents whose spans `body_spans_many` completes together before looking at the clock."""


def _span_words(compiled: CompiledQuery) -> list[str]:
    words = set(compiled.body_terms)
    for phrase in compiled.phrases:
        words.update(phrase)
    return sorted(words)


def body_spans(
    searcher: Any, docnum: int, compiled: CompiledQuery, stored: Mapping[str, Any]
) -> tuple[Span, ...]:
    """Every match of the query in the body of `docnum` (whose stored fields are
    `stored`), sorted and non-overlapping."""
    return body_spans_many(searcher, [docnum], compiled, {docnum: stored})[docnum]


def body_spans_many(
    searcher: Any,
    docnums: Sequence[int],
    compiled: CompiledQuery,
    stored_by_docnum: Mapping[int, Mapping[str, Any]],
    *,
    deadline: float | None = None,
    postings: SegmentPostings | None = None,
) -> dict[int, tuple[Span, ...]]:
    """`body_spans` of several documents, each term's postings read once per batch.

    `stored_by_docnum` holds each document's stored fields: its mentions (and body, for
    the forms they are written in) give the spans of `person:` / `org:` filters.

    Unscored: the postings come from the reader, not the searcher, or from `postings`,
    those the ranking read (then each posting list is read once per search). With a `deadline`,
    documents are done in order, SPAN_BATCH at a time, and those not done when it
    passes are left out of the answer (their spans can be asked for later).
    """
    reader = searcher.reader()
    words = _span_words(compiled)
    out: dict[int, tuple[Span, ...]] = {}
    for first in range(0, len(docnums), SPAN_BATCH):
        batch = docnums[first : first + SPAN_BATCH]
        wanted = sorted(set(batch))
        found: dict[int, Occurrences] = {docnum: {} for docnum in wanted}
        for word in words:
            if deadline is not None and time.perf_counter() > deadline:
                return out
            if postings is not None:
                occurrences = postings.occurrences("body", word, wanted)
            else:
                occurrences = _occurrences_many(reader, "body", word, wanted)
            for docnum, value in occurrences:
                found[docnum][word] = value
        for docnum in batch:
            out[docnum] = _spans(compiled, found[docnum], stored_by_docnum.get(docnum, {}))
    return out


def _spans(
    compiled: CompiledQuery, occurrences: Occurrences, stored: Mapping[str, Any]
) -> tuple[Span, ...]:
    spans: set[tuple[int, int]] = set()
    for word in compiled.body_terms:
        spans.update((s, e) for _, s, e in occurrences.get(word, ()))
    for phrase in compiled.phrases:
        spans.update(_phrase_spans(phrase, occurrences))
    mentions_json = stored.get("mentions")
    if compiled.entity_names and mentions_json:
        spans.update(_entity_spans(compiled, mentions_json, stored.get("body", "")))
    return _merge(spans)


def _postings(reader: Any, field: str, word: str) -> Any:
    try:
        matcher = reader.postings(field, word)
    except Exception:  # the term is not in the index at all
        return None
    return matcher if matcher.is_active() else None


def _occurrences_many(
    reader: Any, field: str, word: str, docnums: list[int]
) -> Iterator[tuple[int, list[tuple[int, int, int]]]]:
    """(docnum, occurrences) for the documents of sorted `docnums` holding `word`."""
    matcher = _postings(reader, field, word)
    if matcher is None:
        return
    for docnum in docnums:
        if matcher.id() < docnum:
            matcher.skip_to(docnum)
            if not matcher.is_active():
                return
        if matcher.id() == docnum:
            yield docnum, matcher.value_as("characters")


def _phrase_spans(phrase: tuple[str, ...], occurrences: Occurrences) -> list[tuple[int, int]]:
    if not phrase or any(word not in occurrences for word in phrase):
        return []
    at = [{pos: (s, e) for pos, s, e in occurrences[word]} for word in phrase]
    out = []
    for pos, (start, _) in at[0].items():
        if all(pos + i in at[i] for i in range(1, len(phrase))):
            out.append((start, at[-1][pos + len(phrase) - 1][1]))
    return out


def _entity_spans(compiled: CompiledQuery, mentions_json: str, body: str) -> list[tuple[int, int]]:
    """Spans of the mentions of the entities a `person:` / `org:` filter names: by its
    canonical name or by a form it is written in within the document (`org:CNRP`)."""
    out: list[tuple[int, int]] = []
    try:
        mentions = json.loads(mentions_json)
    except ValueError:
        return out
    forms: dict[tuple[str, str], set[str]] = {}
    for m_kind, name, start, end in mentions:
        found = forms.setdefault((m_kind, name), {_words(name)})
        found.add(_words(body[start:end]))
    for kind, words in compiled.entity_names:
        needle = " ".join(words)
        for m_kind, name, start, end in mentions:
            if m_kind == kind and any(needle in form for form in forms[(m_kind, name)]):
                out.append((start, end))
    return out


def _words(name: str) -> str:
    """A name as the entity fields index it: lower-case words joined by spaces."""
    return " ".join(re.findall(r"\w+", name.lower()))


def _merge(spans: set[tuple[int, int]]) -> tuple[Span, ...]:
    merged: list[Span] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1].end:
            if end > merged[-1].end:
                merged[-1] = Span(merged[-1].start, end)
            continue
        merged.append(Span(start, end))
    return tuple(merged)


SUGGEST_MAX_WORDS = 4
SUGGEST_SECONDS = 0.2


def suggest(searcher: Any, text: str) -> str | None:
    """A corrected query when some plain word of `text` is not in the index vocabulary.

    Bounded: candidates share the word's first letter (Whoosh compares the word with every
    such vocabulary entry), at most SUGGEST_MAX_WORDS words are corrected, and it stops
    after SUGGEST_SECONDS, so a long query of nonsense never hangs the search.
    """
    corrector = searcher.corrector("vocab")
    changed = False
    tried = 0
    deadline = time.perf_counter() + SUGGEST_SECONDS

    def fix(match: re.Match[str]) -> str:
        nonlocal changed, tried
        word = match.group(0)
        if word in ("AND", "OR", "NOT", "TO") or searcher.doc_frequency("vocab", word.lower()):
            return word
        if tried >= SUGGEST_MAX_WORDS or time.perf_counter() > deadline or len(word) > 40:
            return word
        tried += 1
        options = corrector.suggest(word.lower(), limit=1, maxdist=2, prefix=1)
        if not options:
            return word
        changed = True
        return str(options[0])

    # Only bare words: not field names, not inside quotes' field filters, no operators.
    fixed = re.sub(r'(?<![\w:*?~"])[^\W\d_]{3,}(?![\w:*?~])', fix, text)
    return fixed if changed and fixed != text else None


def stored_date(value: Any) -> dt.date | None:
    """The `date` stored field as a date."""
    return value.date() if isinstance(value, dt.datetime) else None


__all__ = [
    "Ranking",
    "RawHit",
    "SortOrder",
    "body_spans",
    "body_spans_many",
    "rank_time_left",
    "run",
    "snippet_deadline",
    "suggest",
]
