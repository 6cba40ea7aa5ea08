"""Ranking with arrays: Whoosh's BM25F ranking for the common query shapes, with numpy.

Whoosh ranks by walking its matchers in Python, a few calls per posting, which at 50,000
documents costs tens of milliseconds for one common word. Here each term's postings are read
block by block straight from the postings file into arrays (`core/postings.py`) and the
query is evaluated over arrays of every document (`core/query_arrays.py`: AND adds the
scores where all match, OR adds those that match, AND NOT keeps the first's score); this
module picks the top documents by score, or newest first from the date column.

Phrases are ranked as the AND of their words (Whoosh scores a phrase so, by its words),
an upper bound for a document that turns out not to hold the phrase: candidates are
checked for the phrase in order of that bound, only until the top is settled.

`rank` returns None for a query it does not handle (a NOT below an OR, a phrase under a
NOT, a phrase with slop, fields without lengths); the caller then ranks with Whoosh, as
it does a query the arrays could not finish in time (or within MAX_POSTINGS) with a
hit. Both give the same hits and scores (tests/unit/test_fast_rank.py compares them with
Whoosh's full, unoptimised ranking; Whoosh's own top-N skips blocks by an upper bound on
their quality and under-scored some documents).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from whoosh import query

from tuireader.core.postings import SegmentPostings
from tuireader.core.query_arrays import (
    Dense,
    Evaluation,
    Result,
    Unsupported,
    has_phrase,
    supported,
)

FIRST_CHECK = 32
"""Phrase candidates checked in the first round; each later round checks twice as many,"""
LAST_CHECK = 1024
"""... up to this many."""


@dataclass(slots=True)
class Ranked:
    """The top documents of a query, best first, and how many documents match."""

    hits: list[tuple[int, float]]
    """(global document number, score), best first; equal scores by document number."""
    total: int
    """How many documents match: exact when `exact`, else at least this many."""
    exact: bool
    cut_short: bool = False
    """The deadline passed: the hits are those found by then (none if it passed while
    postings were read)."""
    postings: SegmentPostings | None = None
    """The posting lists read to rank, for the hits' match spans."""


def rank(
    searcher: Any, q: Any, *, limit: int, deadline: float, by_date: bool = False
) -> Ranked | None:
    """The top `limit` documents of `q` by relevance (or, `by_date`, newest first, as
    Whoosh sorts the `date` column: undated documents first, equal dates by document
    number); None when Whoosh should rank it.

    Past `deadline` (perf_counter), the hits found by then (none while postings are
    read, the best checked so far while phrases are checked), with `cut_short`.
    """
    if not supported(q.query if isinstance(q, query.Not) else q, searcher.schema):
        return None
    try:
        evaluation = Evaluation(searcher, deadline)
        negate = isinstance(q, query.Not)
        if negate:
            if has_phrase(q.query):
                return None
            inner = evaluation.dense(q.query)
            match = evaluation.live & ~inner.mask()
            result: Result = Dense(np.where(match, 1.0, 0.0), match)
        else:
            result = evaluation.dense(q)
        phrases = not negate and has_phrase(q)
        if by_date:
            ranked = _by_date(evaluation, q, result, limit, phrases)
        elif not phrases:
            docs, scores = result.matches()
            ranked = Ranked(_top(docs, scores, limit), len(docs), True, False, evaluation.postings)
        else:
            ranked = _rank_checking(evaluation, q, result, limit)
        if evaluation.partial:
            ranked.exact, ranked.cut_short = False, True
        return ranked
    except Unsupported:
        return None
    except TimeoutError:
        return Ranked([], 0, exact=False, cut_short=True)


def _top(docs: np.ndarray, scores: np.ndarray, limit: int) -> list[tuple[int, float]]:
    """The best `limit` of `docs` (sorted) by score, equal scores by document number."""
    if limit <= 0 or not len(docs):
        return []
    if len(docs) > limit:
        threshold = np.partition(scores, len(scores) - limit)[len(scores) - limit]
        keep = scores >= threshold
        docs, scores = docs[keep], scores[keep]
    order = np.lexsort((docs, -scores))[:limit]
    return [(int(docs[i]), float(scores[i])) for i in order]


def _rank_checking(evaluation: Evaluation, q: Any, bound: Result, limit: int) -> Ranked:
    """The top of a query with phrases: candidates in order of their upper bound, checked
    until the next bound cannot beat the last hit kept."""
    docs, bounds = bound.matches()
    order = np.lexsort((docs, -bounds))
    docs, bounds = docs[order], bounds[order]

    def settled(kept: list[tuple[float, int]], start: int) -> bool:
        return len(kept) >= limit and kept[limit - 1] < (-bounds[start], int(docs[start]))

    return _check_in_order(evaluation, q, docs, limit, settled, by_score=True)


def _by_date(evaluation: Evaluation, q: Any, found: Result, limit: int, phrases: bool) -> Ranked:
    """The newest `limit` matches; with phrases, candidates checked newest first until
    `limit` hold them."""
    docs, scores = found.matches()
    order = np.lexsort((docs, evaluation.ages()[docs]))
    docs, scores = docs[order], scores[order]
    if not phrases:
        top = zip(docs[:limit], scores[:limit], strict=True)
        hits = [(int(d), float(s)) for d, s in top] if limit else []
        return Ranked(hits, len(docs), exact=True, postings=evaluation.postings)
    return _check_in_order(
        evaluation, q, docs, limit, lambda kept, _start: len(kept) >= limit, by_score=False
    )


def _check_in_order(
    evaluation: Evaluation,
    q: Any,
    docs: np.ndarray,
    limit: int,
    settled: Callable[[list[tuple[float, int]], int], bool],
    *,
    by_score: bool,
) -> Ranked:
    """Check candidates `docs` for the query's phrases in rounds (32, 64 ... up to 1,024
    at a time), in the order given, until `settled(kept, index of the next candidate)`.

    Kept as (-score, document), sorted by that when `by_score`, else in `docs` order.
    Past the deadline, the hits kept so far, marked cut short.
    """
    kept: list[tuple[float, int]] = []
    start, size, cut_short = 0, FIRST_CHECK, False
    while start < len(docs) and not (limit and settled(kept, start)):
        batch = docs[start : start + size]
        try:
            scores, match = evaluation.exact(q, batch)
        except TimeoutError:
            cut_short = True
            break
        kept.extend((-float(s), int(d)) for d, s, m in zip(batch, scores, match, strict=True) if m)
        if by_score:
            kept.sort()
        start += size
        size = min(size * 2, LAST_CHECK)
    hits = [(doc, -score) for score, doc in kept[:limit]] if limit else []
    finished = start >= len(docs) and not cut_short
    return Ranked(hits, len(kept), finished, cut_short, evaluation.postings)


def count(searcher: Any, q: Any, *, deadline: float) -> int | None:
    """How many documents match `q`; None when Whoosh should count (phrases, or a query
    this module does not handle)."""
    if has_phrase(q):
        return None
    ranked = rank(searcher, q, limit=0, deadline=deadline)
    return ranked.total if ranked is not None and ranked.exact else None


__all__ = ["Ranked", "count", "rank"]
