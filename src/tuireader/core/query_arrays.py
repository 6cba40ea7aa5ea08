"""A query tree evaluated over arrays: Whoosh's BM25F scores of every matching document.

Each term's postings (`core/postings.py`) are scored with Whoosh's formula and statistics
(idf, average field length, the segment's length table) and kept sparse, as its live
documents and their scores; AND / OR / AND NOT combine them over arrays of every document
(`Dense`), date ranges come from the date column. A phrase is evaluated as the AND of its
words, an upper bound of its score (Whoosh scores a phrase by its words); `exact` checks
chosen documents for the phrase itself. `fast_rank` turns these into ranked hits.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from whoosh import query, scoring

from tuireader.core import date_range
from tuireader.core.postings import NotSegments, Segment, SegmentPostings, lengths

MAX_POSTINGS = 1_500_000
"""A query reads at most this many postings (about 150 ms): past them it stops as if out
of time (an OR keeps what its parts found so far; else Whoosh walks the query)."""


class Unsupported(Exception):
    """The query has a part this module does not rank; Whoosh ranks it instead."""


@dataclass(slots=True)
class Dense:
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

    def scaled(self, boost: float) -> Dense:
        return self if boost == 1.0 else Dense(self.score * boost, self.match)


@dataclass(slots=True)
class Sparse:
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

    def scaled(self, boost: float) -> Sparse:
        return self if boost == 1.0 else Sparse(self.ids, self.values * boost, self.size)


Result = Dense | Sparse


@dataclass
class Evaluation:
    """One query over one searcher: each node's dense result, computed once."""

    searcher: Any
    deadline: float
    postings: SegmentPostings = field(init=False)
    size: int = 0
    live: np.ndarray = field(default_factory=lambda: np.zeros(0, bool))
    memo: dict[int, Result] = field(default_factory=dict)
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
            column = _date_column(segment)
            if column is None:
                raise Unsupported("no date column")
            out[segment.offset : segment.offset + segment.count] = column.astype(np.uint64)
        return np.iinfo(np.uint64).max - out

    # Dense evaluation (phrases as the AND of their words: an upper bound) ---------------

    def dense(self, q: Any) -> Result:
        """The result of `q`, a query `supported` accepts (checked before, by `rank`)."""
        found = self.memo.get(id(q))
        if found is None:
            found = self._dense(q)
            self.memo[id(q)] = found
        return found

    def _dense(self, q: Any) -> Result:
        if time.perf_counter() > self.deadline:
            raise TimeoutError
        boost = float(q.boost)
        if isinstance(q, query.Term):
            return self._term(q.fieldname, q.text, boost)
        if isinstance(q, query.Phrase):
            parts = [self._term(q.fieldname, word, 1.0) for word in q.words]
            return _all_of(parts, self.size).scaled(boost)
        if isinstance(q, type(query.NullQuery)):
            return self._empty()
        if isinstance(q, query.Every):
            return Dense(np.where(self.live, boost or 1.0, 0.0), self.live.copy())
        if isinstance(q, date_range.ColumnRange):
            return self._date_range(q, boost)
        if isinstance(q, query.AndNot):
            docs, scores = self.dense(q.a).matches()
            self.strict += 1
            try:
                keep = ~self.dense(q.b).at(docs)[1]
            finally:
                self.strict -= 1
            return Sparse(docs[keep], scores[keep], self.size).scaled(boost)
        if type(q) is query.And:
            return _all_of([self.dense(sub) for sub in q.subqueries], self.size).scaled(boost)
        if type(q) is query.Or:
            return _any_of(self._some_of(q.subqueries), self.size).scaled(boost)
        raise Unsupported(type(q).__name__)

    def _some_of(self, subqueries: Sequence[Any]) -> list[Result]:
        """The results of an OR's parts; when the deadline passes after the first, those
        done so far (`partial`), as Whoosh's time limit keeps the hits found so far."""
        parts: list[Result] = []
        for sub in subqueries:
            try:
                parts.append(self.dense(sub))
            except TimeoutError:
                if not parts or self.strict:
                    raise
                self.partial = True
                break
        return parts

    def _empty(self) -> Dense:
        return Dense(np.zeros(self.size), np.zeros(self.size, dtype=bool))

    def _term(self, fieldname: str, text: str, boost: float) -> Sparse:
        searcher = self.searcher
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
            return Sparse(np.zeros(0, dtype=np.int64), np.zeros(0), self.size)
        return Sparse(np.concatenate(ids), np.concatenate(values), self.size)

    def _date_range(self, q: Any, boost: float) -> Dense:
        out = self._empty()
        for segment in self.postings.segments:
            column = _date_column(segment)
            if column is None:
                continue
            low, high = q.limits(segment.reader)
            inside = (column >= low) & (column <= high)
            out.match[segment.offset : segment.offset + segment.count] = inside
        out.match &= self.live
        out.score[out.match] = boost or 1.0
        return out

    # Exact evaluation of some documents (phrases checked) -------------------------------

    def exact(self, q: Any, docs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(scores, matches) of the documents `docs` (global numbers), phrases checked."""
        if not has_phrase(q):
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


def _date_column(segment: Segment) -> np.ndarray | None:
    """One segment's `date` column as an array (see `date_range.date_values`)."""
    values = date_range.date_values(segment.reader)
    if values is None:
        return None
    return np.frombuffer(values, dtype=np.dtype(values.typecode), count=segment.count)


def _all_of(parts: Sequence[Result], size: int) -> Dense:
    match = np.ones(size, dtype=bool)
    score = np.zeros(size)
    for part in parts:
        match &= part.mask()
        part.add_into(score)
    score[~match] = 0.0
    return Dense(score, match)


def _any_of(parts: Sequence[Result], size: int) -> Result:
    if len(parts) == 1:
        return parts[0]
    match = np.zeros(size, dtype=bool)
    score = np.zeros(size)
    for part in parts:
        part.mark_into(match)
        part.add_into(score)  # zero where the part does not match
    return Dense(score, match)


def has_phrase(q: Any) -> bool:
    if isinstance(q, query.Phrase):
        return True
    return not q.is_leaf() and any(has_phrase(sub) for sub in q.children())


def supported(q: Any, schema: Any) -> bool:
    """Whether `Evaluation.dense` handles every node of `q` (checked before any reading)."""
    if isinstance(q, query.Term | query.Phrase):
        if q.fieldname not in schema or not schema[q.fieldname].scorable:
            return False
        return not isinstance(q, query.Phrase) or (q.slop == 1 and bool(q.words))
    if isinstance(q, type(query.NullQuery) | date_range.ColumnRange):
        return True
    if isinstance(q, query.Every):
        return q.fieldname in (None, "", "*")
    if isinstance(q, query.AndNot):
        return not has_phrase(q.b) and supported(q.a, schema) and supported(q.b, schema)
    if type(q) is query.Or and (q.minmatch or q.scale):
        return False
    if type(q) is query.And or type(q) is query.Or:
        return all(
            not isinstance(sub, query.Not) and supported(sub, schema) for sub in q.subqueries
        )
    return False


__all__ = [
    "MAX_POSTINGS",
    "Dense",
    "Evaluation",
    "Result",
    "Sparse",
    "Unsupported",
    "has_phrase",
    "supported",
]
