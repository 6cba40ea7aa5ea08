"""Ranking with arrays: Whoosh's BM25F scores for the common query shapes, computed with numpy.

Whoosh ranks by walking its matchers in Python, a few calls per posting, which at 50,000
documents costs tens of milliseconds for one common word. Here each term's postings are read
block by block straight from the postings file into arrays (`core/postings.py`), scored
with the same formula and the same statistics (idf, average field length, the segment's
length table), and combined over arrays of every document: AND adds the scores where all
match, OR adds those that match, AND NOT keeps the first's score. Date ranges come from
the date column, and newest-first order too.

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

import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from whoosh import query, scoring

from tuireader.core import date_range
from tuireader.core.postings import NotSegments, SegmentPostings, lengths

MAX_POSTINGS = 1_500_000
"""A query reads at most this many postings (about 150 ms): past them it stops as if out
of time (an OR keeps what its parts found so far; else Whoosh walks the query)."""
FIRST_CHECK = 32
"""Phrase candidates checked in the first round; each later round checks twice as many,"""
LAST_CHECK = 1024
"""... up to this many."""


class Unsupported(Exception):
    """The query has a part this module does not rank; Whoosh ranks it instead."""


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


# -- evaluation ----------------------------------------------------------------------------


@dataclass(slots=True)
class _Dense:
    """A node's scores and matches over every document of the searcher."""

    score: np.ndarray
    match: np.ndarray

    def matches(self) -> tuple[np.ndarray, np.ndarray]:
        """(matching documents, ascending; their scores)."""
        docs = np.flatnonzero(self.match)
        return docs, self.score[docs]

    def at(self, docs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(scores, matches) of the documents `docs`."""
        return self.score[docs], self.match[docs]

    def add_into(self, score: np.ndarray) -> None:
        score += self.score  # zero where it does not match

    def mark_into(self, match: np.ndarray) -> None:
        match |= self.match

    def mask(self) -> np.ndarray:
        return self.match

    def scaled(self, boost: float) -> _Dense:
        return self if boost == 1.0 else _Dense(self.score * boost, self.match)


@dataclass(slots=True)
class _Sparse:
    """Matches as a list: live documents (ascending global numbers) and their scores. A
    term's (and an AND NOT's) are kept so, as long as its postings rather than the whole
    index: an expanded prefix is up to 64 terms in each field."""

    ids: np.ndarray
    values: np.ndarray
    size: int

    def matches(self) -> tuple[np.ndarray, np.ndarray]:
        return self.ids, self.values

    def at(self, docs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        if not len(self.ids):
            return np.zeros(len(docs)), np.zeros(len(docs), dtype=bool)
        where = np.minimum(np.searchsorted(self.ids, docs), len(self.ids) - 1)
        found = self.ids[where] == docs
        return np.where(found, self.values[where], 0.0), found

    def add_into(self, score: np.ndarray) -> None:
        score[self.ids] += self.values  # a term holds a document once: no repeats

    def mark_into(self, match: np.ndarray) -> None:
        match[self.ids] = True

    def mask(self) -> np.ndarray:
        match = np.zeros(self.size, dtype=bool)
        match[self.ids] = True
        return match

    def scaled(self, boost: float) -> _Sparse:
        return self if boost == 1.0 else _Sparse(self.ids, self.values * boost, self.size)


_Result = _Dense | _Sparse


@dataclass
class _Evaluation:
    """One query over one searcher: each node's dense result, computed once."""

    searcher: Any
    deadline: float
    postings: SegmentPostings = field(init=False)
    size: int = 0
    live: np.ndarray = field(default_factory=lambda: np.zeros(0, bool))
    memo: dict[int, _Result] = field(default_factory=dict)
    checked: dict[tuple[int, int], bool] = field(default_factory=dict)
    """(id of a phrase node, document) -> whether the document holds the phrase."""
    partial: bool = False
    """The deadline cut an OR short: its matches so far are kept (each is a true match,
    its score a part of its full score)."""
    strict: int = 0
    """Above 0 while a NOT's side is evaluated: no OR may be cut short there (a document
    it missed would come back)."""
    read: int = 0
    """Postings read so far (at most MAX_POSTINGS)."""

    def __post_init__(self) -> None:
        if type(self.searcher.weighting) is not scoring.BM25F:
            raise Unsupported("not BM25F")
        try:
            self.postings = SegmentPostings(self.searcher)
        except NotSegments as exc:
            raise Unsupported(str(exc)) from exc
        self.size = self.postings.size
        self.live = self.postings.live()

    def ages(self) -> np.ndarray:
        """Per document, how far its `date` column value is from the largest possible:
        ascending order is Whoosh's `sortedby="date", reverse=True` (undated first)."""
        out = np.zeros(self.size, dtype=np.uint64)
        for segment in self.postings.segments:
            values = date_range.date_values(segment.reader)
            if values is None:
                raise Unsupported("no date column")
            column = np.frombuffer(values, dtype=np.dtype(values.typecode), count=segment.count)
            out[segment.offset : segment.offset + segment.count] = column.astype(np.uint64)
        return np.iinfo(np.uint64).max - out

    # Dense evaluation (phrases as the AND of their words: an upper bound) ---------------

    def dense(self, q: Any) -> _Result:
        found = self.memo.get(id(q))
        if found is None:
            found = self._dense(q)
            self.memo[id(q)] = found
        return found

    def _dense(self, q: Any) -> _Result:
        if time.perf_counter() > self.deadline:
            raise TimeoutError
        boost = float(q.boost)
        if isinstance(q, query.Term):
            return self._term(q.fieldname, q.text, boost)
        if isinstance(q, query.Phrase):
            if q.slop != 1 or not q.words:
                raise Unsupported("phrase with slop")
            parts = [self._term(q.fieldname, word, 1.0) for word in q.words]
            return _all_of(parts, self.size).scaled(boost)
        if isinstance(q, type(query.NullQuery)):
            return self._empty()
        if isinstance(q, query.Every):
            if q.fieldname not in (None, "", "*"):
                raise Unsupported("Every of a field")
            return _Dense(np.where(self.live, boost or 1.0, 0.0), self.live.copy())
        if isinstance(q, date_range.ColumnRange):
            return self._date_range(q, boost)
        if isinstance(q, query.AndNot):
            if _has_phrase(q.b):
                raise Unsupported("phrase under NOT")
            docs, scores = self.dense(q.a).matches()
            self.strict += 1
            try:
                keep = ~self.dense(q.b).at(docs)[1]
            finally:
                self.strict -= 1
            return _Sparse(docs[keep], scores[keep], self.size).scaled(boost)
        if isinstance(q, query.Not):
            raise Unsupported("NOT inside the query")  # a lone NOT is handled at the root
        if type(q) is query.And:
            if any(isinstance(sub, query.Not) for sub in q.subqueries):
                raise Unsupported("AND with NOT")
            return _all_of([self.dense(sub) for sub in q.subqueries], self.size).scaled(boost)
        if type(q) is query.Or:
            if q.minmatch or q.scale or any(isinstance(s, query.Not) for s in q.subqueries):
                raise Unsupported("OR with minmatch, scale or NOT")
            return _any_of(self._some_of(q.subqueries), self.size).scaled(boost)
        raise Unsupported(type(q).__name__)

    def _some_of(self, subqueries: Sequence[Any]) -> list[_Result]:
        """The results of an OR's parts; when the deadline passes after the first, those
        done so far (`partial`), as Whoosh's time limit keeps the hits found so far."""
        parts: list[_Result] = []
        for sub in subqueries:
            try:
                parts.append(self.dense(sub))
            except TimeoutError:
                if not parts or self.strict:
                    raise
                self.partial = True
                break
        return parts

    def _empty(self) -> _Dense:
        return _Dense(np.zeros(self.size), np.zeros(self.size, dtype=bool))

    def _term(self, fieldname: str, text: str, boost: float) -> _Sparse:
        searcher = self.searcher
        if fieldname not in searcher.schema or not searcher.schema[fieldname].scorable:
            raise Unsupported(f"unscored field {fieldname}")
        frequency = self.postings.doc_frequency(fieldname, text)
        ids: list[np.ndarray] = []
        values: list[np.ndarray] = []
        weighting = searcher.weighting
        b = weighting._field_B.get(fieldname, weighting.B)
        k1 = weighting.K1
        idf = math.log(self.size / (frequency + 1)) + 1  # WeightingModel.idf
        average = searcher.avg_field_length(fieldname) or 1
        self.read += frequency
        if self.read > MAX_POSTINGS:
            raise TimeoutError
        for number, segment in enumerate(self.postings.segments if frequency else ()):
            postings = self.postings.get(number, fieldname, text)
            if postings is None:
                continue
            weights = postings.weights
            try:
                length = lengths(segment.reader, fieldname)[postings.ids]
            except NotSegments as exc:
                raise Unsupported(str(exc)) from exc
            # scoring.bm25, element-wise
            norm = k1 * ((1 - b) + b * length / average)
            scores = idf * ((weights * (k1 + 1)) / (weights + norm))
            if boost != 1.0:
                scores = scores * boost
            at = postings.ids + segment.offset
            live = self.live[at]
            ids.append(at[live])
            values.append(scores[live])
        if not ids:
            return _Sparse(np.zeros(0, dtype=np.int64), np.zeros(0), self.size)
        return _Sparse(np.concatenate(ids), np.concatenate(values), self.size)

    def _date_range(self, q: Any, boost: float) -> _Dense:
        out = self._empty()
        for segment in self.postings.segments:
            values = date_range.date_values(segment.reader)
            if values is None:
                continue
            undated = int(segment.reader.schema[date_range.FIELD].column_type.default_value())
            low = q.start if q.start is not None else 0
            high = min(q.end, undated - 1) if q.end is not None else undated - 1
            column = np.frombuffer(values, dtype=np.dtype(values.typecode), count=segment.count)
            inside = (column >= low) & (column <= high)
            out.match[segment.offset : segment.offset + segment.count] = inside
        out.match &= self.live
        out.score[out.match] = boost or 1.0
        return out

    # Exact evaluation of some documents (phrases checked) -------------------------------

    def exact(self, q: Any, docs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(scores, matches) of the documents `docs` (global numbers), phrases checked."""
        if not _has_phrase(q):
            return self.dense(q).at(docs)
        boost = float(q.boost)
        if isinstance(q, query.Phrase):
            bound_score, match = self.dense(q).at(docs)
            match[match] = self._holds(q, docs[match])
            return np.where(match, bound_score, 0.0), match
        if isinstance(q, query.AndNot):
            score, match = self.exact(q.a, docs)
            match = match & ~self.dense(q.b).at(docs)[1]
            return np.where(match, score, 0.0) * boost, match
        parts = [self.exact(sub, docs) for sub in q.subqueries]
        match = parts[0][1].copy()
        score = np.zeros(len(docs))
        for part_score, part_match in parts:
            if type(q) is query.And:
                match &= part_match
            else:
                match |= part_match
            score += np.where(part_match, part_score, 0.0)
        return np.where(match, score, 0.0) * boost, match

    def _holds(self, q: Any, docs: np.ndarray) -> np.ndarray:
        """Whether each document of `docs` holds the phrase `q` (words next to each other).

        The words are looked at rarest first, each keeping the start positions it agrees
        with, so a document without the phrase usually stops after two words.
        """
        key = id(q)
        decode = self.searcher.schema[q.fieldname].format.decode_positions
        by_rarity = sorted(
            enumerate(q.words), key=lambda w: self.postings.doc_frequency(q.fieldname, w[1])
        )
        for done, doc in enumerate(int(d) for d in docs):
            if (key, doc) in self.checked:
                continue
            if not done % 16 and time.perf_counter() > self.deadline:
                raise TimeoutError
            starts: set[int] | None = None
            for offset, word in by_rarity:
                value = self.postings.value(q.fieldname, word, doc)
                if value is None:
                    starts = set()
                    break
                here = {pos - offset for pos in decode(value)}
                starts = here if starts is None else starts & here
                if not starts:
                    break
            self.checked[(key, doc)] = bool(starts)
        return np.array([self.checked[(key, int(d))] for d in docs], dtype=bool)


def _all_of(parts: Sequence[_Result], size: int) -> _Dense:
    match = np.ones(size, dtype=bool)
    score = np.zeros(size)
    for part in parts:
        match &= part.mask()
        part.add_into(score)
    score[~match] = 0.0
    return _Dense(score, match)


def _any_of(parts: Sequence[_Result], size: int) -> _Result:
    if len(parts) == 1:
        return parts[0]
    match = np.zeros(size, dtype=bool)
    score = np.zeros(size)
    for part in parts:
        part.mark_into(match)
        part.add_into(score)  # zero where the part does not match
    return _Dense(score, match)


def _has_phrase(q: Any) -> bool:
    if isinstance(q, query.Phrase):
        return True
    return not q.is_leaf() and any(_has_phrase(sub) for sub in q.children())


# -- the entry points ----------------------------------------------------------------------


def rank(
    searcher: Any, q: Any, *, limit: int, deadline: float, by_date: bool = False
) -> Ranked | None:
    """The top `limit` documents of `q` by relevance (or, `by_date`, newest first, as
    Whoosh sorts the `date` column: undated documents first, equal dates by document
    number); None when Whoosh should rank it.

    Past `deadline` (perf_counter), the hits found by then (none while postings are
    read, the best checked so far while phrases are checked), with `cut_short`.
    """
    if not _supported(q.query if isinstance(q, query.Not) else q, searcher.schema):
        return None
    try:
        evaluation = _Evaluation(searcher, deadline)
        negate = isinstance(q, query.Not)
        if negate:
            if _has_phrase(q.query):
                return None
            inner = evaluation.dense(q.query)
            match = evaluation.live & ~inner.mask()
            result: _Result = _Dense(np.where(match, 1.0, 0.0), match)
        else:
            result = evaluation.dense(q)
        phrases = not negate and _has_phrase(q)
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


def _supported(q: Any, schema: Any) -> bool:
    """Whether `_Evaluation.dense` handles every node of `q` (checked before any reading)."""
    if isinstance(q, query.Term | query.Phrase):
        if q.fieldname not in schema or not schema[q.fieldname].scorable:
            return False
        return not isinstance(q, query.Phrase) or (q.slop == 1 and bool(q.words))
    if isinstance(q, type(query.NullQuery) | date_range.ColumnRange):
        return True
    if isinstance(q, query.Every):
        return q.fieldname in (None, "", "*")
    if isinstance(q, query.AndNot):
        return not _has_phrase(q.b) and _supported(q.a, schema) and _supported(q.b, schema)
    if type(q) is query.Or and (q.minmatch or q.scale):
        return False
    if type(q) is query.And or type(q) is query.Or:
        return all(
            not isinstance(sub, query.Not) and _supported(sub, schema) for sub in q.subqueries
        )
    return False


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


def _rank_checking(evaluation: _Evaluation, q: Any, bound: _Result, limit: int) -> Ranked:
    """The top of a query with phrases: candidates in order of their upper bound, checked
    until the next bound cannot beat the last hit kept."""
    docs, bounds = bound.matches()
    order = np.lexsort((docs, -bounds))
    docs, bounds = docs[order], bounds[order]

    def settled(kept: list[tuple[float, int]], start: int) -> bool:
        return len(kept) >= limit and kept[limit - 1] < (-bounds[start], int(docs[start]))

    return _check_in_order(evaluation, q, docs, limit, settled, by_score=True)


def _by_date(evaluation: _Evaluation, q: Any, found: _Result, limit: int, phrases: bool) -> Ranked:
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
    evaluation: _Evaluation,
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
    if _has_phrase(q):
        return None
    ranked = rank(searcher, q, limit=0, deadline=deadline)
    return ranked.total if ranked is not None and ranked.exact else None


__all__ = ["MAX_POSTINGS", "Ranked", "count", "rank"]
