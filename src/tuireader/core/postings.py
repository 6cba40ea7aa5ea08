"""Postings read straight from Whoosh's postings file into arrays, for ranking and spans.

Whoosh walks postings through matcher objects, a few Python calls per posting and a pickle
load per block header even to skip a block. Here a term's whole posting list in one segment
is read in one go: each block's head (document numbers and weights, see the split layout
in `whoosh_fixes`) into numpy arrays, its values (positions and character offsets) only
when a document's are asked for, one block at a time.

`SegmentPostings` keeps what one query read, per segment, so ranking, phrase checks and
the snippets of its hits read each posting list once.
"""

from __future__ import annotations

import io
import pickle
import struct
import zlib
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from whoosh.reading import SegmentReader, TermNotFound

from tuireader.core import whoosh_fixes

_INT = struct.Struct("!i")


class NotSegments(Exception):
    """The searcher is not made of plain Whoosh 3 segments, or a field has no lengths."""


@dataclass(slots=True)
class Postings:
    """A term's postings in one segment: document numbers and weights, and where each
    block's values (positions) lie, read only when a phrase needs them."""

    ids: np.ndarray
    weights: np.ndarray
    starts: list[int] = field(default_factory=list)
    """Index in `ids` of each block's first posting."""
    blocks: list[tuple[int, int, int]] = field(default_factory=list)
    """Per block: where its values start and end in `data`, and their zlib level (0: not
    compressed); -1 and -2 for a block written whole, a pickled (ids, weights, values),
    plain or compressed."""
    data: bytes = b""
    values: dict[int, Any] = field(default_factory=dict)
    """Values of the blocks read so far, by block number."""

    def value(self, at: int) -> Any:
        """The stored value (encoded positions) of the posting at index `at` of `ids`."""
        block = bisect_right(self.starts, at) - 1
        if block not in self.values:
            begin, end, level = self.blocks[block]
            raw = self.data[begin:end]
            if level < 0:
                values = pickle.loads(zlib.decompress(raw) if level < -1 else raw)[2]
            else:
                values = pickle.loads(zlib.decompress(raw) if level else raw) if raw else None
            self.values[block] = values
        values = self.values[block]
        return None if values is None else values[at - self.starts[block]]


def term_info(reader: Any, fieldname: str, text: str) -> Any:
    """A term's `TermInfo` in one segment, or None where it is absent."""
    try:
        return reader.term_info(fieldname, text)
    except (TermNotFound, KeyError):
        return None


def term_postings(reader: Any, fieldname: str, text: str, info: Any = None) -> Postings | None:
    """A term's postings in one segment, or None where it is absent.

    Reads the blocks of the postings file directly: for a split block (see
    `whoosh_fixes`) only its head of ids and weights, for an older block the whole
    pickled tuple. `info`, the term's `TermInfo` there, spares looking it up again.
    """
    if info is None:
        info = term_info(reader, fieldname, text)
        if info is None:
            return None
    if info.is_inlined():
        ids, weights, values = info.inlined_postings()
        inlined = Postings(np.asarray(ids, np.int64), np.asarray(weights, np.float64), [0])
        inlined.values[0] = values
        return inlined
    offset, length = info.extent()
    if isinstance(length, tuple):  # Whoosh 3 term infos read back the length as a 1-tuple
        length = length[0]
    return _read_blocks(reader._terms._postfile.get(offset, length))


def _read_blocks(buf: bytes) -> Postings:
    stream = io.BytesIO(buf)
    pos = 4  # the postings' header tag
    ids: list[int] = []
    weights: list[float] = []
    starts: list[int] = []
    blocks: list[tuple[int, int, int]] = []
    last_ids: list[int] = []
    while True:
        length = _INT.unpack_from(buf, pos)[0]
        last = length < 0
        end = pos + 4 + (-length if last else length)
        stream.seek(pos + 4)
        count, max_id, _max_weight, compression = pickle.load(stream)[:4]
        data_at = stream.tell()
        if compression < 0:  # split: pickled (ids, weights), then the values
            level, head_length = whoosh_fixes.split_layout(compression)
            block_ids, block_weights = pickle.loads(buf[data_at : data_at + head_length])
            blocks.append((data_at + head_length, end, level))
        else:
            data = buf[data_at:end]
            block_ids, block_weights, _values = pickle.loads(
                zlib.decompress(data) if compression else data
            )
            blocks.append((data_at, end, -2 if compression else -1))
        starts.append(len(ids))
        last_ids.append(max_id)
        ids.extend(block_ids)
        if block_weights is None:
            weights.extend([1.0] * count)
        elif isinstance(block_weights, (int, float)):
            weights.extend([float(block_weights)] * count)
        else:
            weights.extend(block_weights)
        if last:
            break
        pos = end
    out = np.array(ids, dtype=np.int64)
    # Each block's ids are deltas from its first, which is absolute: make the first a
    # delta from the previous block's last id, then one running sum decodes them all.
    if len(starts) > 1:
        out[np.array(starts[1:], dtype=np.int64)] -= np.array(last_ids[:-1], dtype=np.int64)
    np.cumsum(out, out=out)
    return Postings(out, np.array(weights, dtype=np.float64), starts, blocks, buf)


def lengths(reader: Any, fieldname: str) -> np.ndarray:
    """The length table of a field in one segment as an array (kept with the segment)."""
    perdoc = reader._perdoc
    tables = perdoc.__dict__.setdefault("_tr_length_arrays", {})
    table = tables.get(fieldname)
    if table is None:
        listed = whoosh_fixes.length_table(perdoc, fieldname)
        if listed is None:
            raise NotSegments(f"no lengths for {fieldname}")
        table = np.array(listed, dtype=np.float64)
        tables[fieldname] = table
    return table  # type: ignore[no-any-return]


@dataclass(slots=True)
class Segment:
    """One segment of a searcher: its reader, first global document number and size."""

    reader: Any
    offset: int
    count: int


class SegmentPostings:
    """The segments of one searcher and the posting lists read from them so far."""

    def __init__(self, searcher: Any) -> None:
        self.searcher = searcher
        self.size = int(searcher.doc_count_all())
        self.segments: list[Segment] = []
        self._offsets: list[int] = []
        self._read: dict[tuple[int, str, str], Postings | None] = {}
        self._infos: dict[tuple[str, str], list[Any]] = {}
        for reader, offset in searcher.reader().leaf_readers():
            if not isinstance(reader, SegmentReader):
                raise NotSegments(type(reader).__name__)
            self.segments.append(Segment(reader, offset, int(reader.doc_count_all())))
            self._offsets.append(offset)

    def live(self) -> np.ndarray:
        """Whether each document (global number) is not deleted."""
        live = np.ones(self.size, dtype=bool)
        for segment in self.segments:
            if segment.reader.has_deletions():
                gone = np.fromiter(segment.reader._perdoc.deleted_docs(), dtype=np.int64)
                live[segment.offset + gone[gone < segment.count]] = False
        return live

    def infos(self, fieldname: str, text: str) -> list[Any]:
        """A term's `TermInfo` in each segment (None where absent), looked up once."""
        key = (fieldname, text)
        found = self._infos.get(key)
        if found is None:
            found = [term_info(s.reader, fieldname, text) for s in self.segments]
            self._infos[key] = found
        return found

    def doc_frequency(self, fieldname: str, text: str) -> int:
        """How many documents hold the term, deleted ones included (as Whoosh counts)."""
        return sum(info.doc_frequency() for info in self.infos(fieldname, text) if info)

    def get(self, number: int, fieldname: str, text: str) -> Postings | None:
        """The postings of a term in segment `number`, read on first use."""
        key = (number, fieldname, text)
        if key not in self._read:
            info = self.infos(fieldname, text)[number]
            reader = self.segments[number].reader
            self._read[key] = term_postings(reader, fieldname, text, info) if info else None
        return self._read[key]

    def locate(self, doc: int) -> tuple[int, int]:
        """(segment number, document number within it) of a global document number."""
        number = bisect_right(self._offsets, doc) - 1
        return number, doc - self.segments[number].offset

    def value(self, fieldname: str, text: str, doc: int) -> Any:
        """The stored value of a term's posting in a document (global number), or None."""
        number, local = self.locate(doc)
        postings = self.get(number, fieldname, text)
        if postings is None:
            return None
        at = int(np.searchsorted(postings.ids, local))
        if at >= len(postings.ids) or postings.ids[at] != local:
            return None
        return postings.value(at)

    def occurrences(
        self, fieldname: str, text: str, docs: list[int]
    ) -> Iterator[tuple[int, list[tuple[int, int, int]]]]:
        """(doc, [(position, start char, end char) ...]) for each of `docs` holding the term."""
        decode = self.searcher.schema[fieldname].format.decode_characters
        for doc in docs:
            value = self.value(fieldname, text, doc)
            if value is not None:
                yield doc, decode(value)


__all__ = [
    "NotSegments",
    "Postings",
    "Segment",
    "SegmentPostings",
    "lengths",
    "term_info",
    "term_postings",
]
