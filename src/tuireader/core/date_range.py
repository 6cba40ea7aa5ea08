"""Date ranges answered from the `date` column rather than from the postings.

Whoosh matches `date:[2016-06-01 TO 2016-08-31]` as an OR of the many terms that tile
the range (one per distinct value and tier), which costs thousands of term lookups and a
deep union on a large index. Every document's date is also in a sortable column: one
read of eight bytes per document, kept per segment reader, answers any range with a
scan in C-speed list code. The range scores nothing, as Whoosh's own does not.
"""

from __future__ import annotations

import sys
from array import array
from typing import Any

from whoosh import matching, query
from whoosh.codec import whoosh3

from tuireader.core.whoosh_fixes import column_bytes

FIELD = "date"
_TABLE_ATTR = "_tuireader_date_table"


class ColumnRange(query.Query):  # type: ignore[misc]  # Whoosh is untyped
    """Documents whose `date` column value lies in [start, end] (None = open)."""

    def __init__(self, start: int | None, end: int | None, boost: float = 1.0) -> None:
        self.fieldname = FIELD
        self.start = start
        self.end = end
        self.boost = boost

    def __repr__(self) -> str:
        return f"ColumnRange({self.start!r}, {self.end!r})"

    def __str__(self) -> str:
        return f"{FIELD}:[{self.start} TO {self.end}]"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ColumnRange) and (self.start, self.end, self.boost) == (
            other.start,
            other.end,
            other.boost,
        )

    def __hash__(self) -> int:
        return hash((ColumnRange, self.start, self.end, self.boost))

    def is_leaf(self) -> bool:
        """A leaf: no sub-queries."""
        return True

    def terms(self, phrases: bool = True) -> Any:
        """No index terms: nothing to highlight."""
        return iter(())

    def estimate_size(self, ixreader: Any) -> int:
        """An upper bound: every document (used to order an AND's parts)."""
        return int(ixreader.doc_count_all())

    def docs(self, searcher: Any, deleted: bool = False) -> Any:
        """The matching document numbers of one segment's searcher."""
        return self.matcher(searcher).all_ids()

    def limits(self, reader: Any) -> tuple[int, int]:
        """The lowest and highest column value in the range (inclusive) in the index of
        `reader`. An undated document holds the column's default, the largest value, which
        no range takes in."""
        undated = int(reader.schema[FIELD].column_type.default_value())
        low = self.start if self.start is not None else 0
        high = min(self.end, undated - 1) if self.end is not None else undated - 1
        return low, high

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        """A list matcher over the live documents of one segment in the range."""
        reader = searcher.reader()
        values = date_values(reader)
        if values is None:
            return matching.NullMatcher()
        low, high = self.limits(reader)
        deleted = reader.is_deleted if reader.has_deletions() else None
        ids = [i for i, v in enumerate(values) if low <= v <= high]
        if deleted is not None:
            ids = [i for i in ids if not deleted(i)]
        if not ids:
            return matching.NullMatcher()
        return matching.ListMatcher(ids, all_weights=self.boost)


def date_values(reader: Any) -> array[int] | None:
    """Each document's `date` column value in one segment reader (undated: the default).

    None when the reader is not a plain Whoosh 3 segment or has no date column.
    """
    cached = getattr(reader, _TABLE_ATTR, None)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    perdoc = getattr(reader, "_perdoc", None)
    if not isinstance(perdoc, whoosh3.W3PerDocReader) or not perdoc.has_column(FIELD):
        return None
    column = reader.schema[FIELD].column_type
    colreader = perdoc.column_reader(FIELD, column)
    typecode = getattr(colreader, "_typecode", None)
    if typecode is None:
        return None
    values: array[int] = array(typecode)
    data, count = column_bytes(perdoc, colreader, values.itemsize)
    values.frombytes(data)
    if sys.byteorder == "little":
        values.byteswap()  # the column is big-endian
    values.extend([int(column.default_value())] * (perdoc._doccount - count))
    setattr(reader, _TABLE_ATTR, values)
    return values


def from_column(q: Any) -> Any:
    """`q` with each date range replaced by a `ColumnRange` (the same documents)."""
    if isinstance(q, query.NumericRange) and q.fieldname == FIELD:
        start = q.start if not q.startexcl or q.start is None else q.start + 1
        end = q.end if not q.endexcl or q.end is None else q.end - 1
        return ColumnRange(start, end, boost=q.boost)
    if q.is_leaf():
        return q
    return q.apply(from_column)
