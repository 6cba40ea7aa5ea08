"""Small, targeted fixes to Whoosh (no longer developed), applied once on import.

- `W3PerDocReader._cached_reader` looks for a field's length column on disk for every
  posting of a field that has none (an unscored field such as `vocab`): one `stat` per
  posting, which made writing a segment several times slower. Negative answers are now
  cached per reader.
- With separate segment files (`compound=False`, which keeps a reader's memory small),
  `W3PerDocReader` opens a segment's column files (stored fields, lengths, vectors) only
  when first asked. A reader of an older generation then fails with "file not found"
  once a writer in another process has merged that segment away. Readers now open every
  file of their segment when they are created: an open file outlives its deletion.
- BM25F asks each scored document's field length through four layers of calls down to
  a one-byte read of the length column, and writing a segment does the same for every
  posting. A segment reader now reads a field's whole length column once (one byte
  per document) into a table that scoring indexes directly.
- `W3LeafMatcher.skip_to` walks a block of postings one by one (a Python call per
  posting) to reach a document; the block's ids are sorted, so it now bisects. AND,
  NOT and phrase queries skip constantly.
- `AndNotMatcher` (a AND NOT b) checks its first document against b only when b happens
  to stand on the very same document, so a segment's first match of a is kept even when
  b holds it further on. It now always moves b up to a's first document.
- `InverseMatcher` (a lone NOT) could stop on a deleted document once its child ran out
  of postings; it now always steps over deleted documents.
- `DATETIME.parse_range` dropped the exclusive flags: `date:>2017-03-01` and
  `date:{2017-03-01 TO ...}` included 1 March itself. An exclusive bound now leaves out
  the whole period written (the day, month or year).
- Every block of postings is compressed with zlib, even a term's two postings: setting up
  a compressor for each cost about a tenth of indexing (and of merging). Blocks of fewer
  than `RAW_BLOCK_POSTINGS` postings are now written uncompressed (the block says so;
  readers handle both): text indexing about 14% faster, postings about 14% larger.
- A block of postings is one compressed pickle of (ids, weights, values), so ranking,
  which needs only ids and weights, also decompressed and unpickled every posting's
  positions and character offsets: half the time of a two-word search at 50,000
  documents. Blocks are now written "split": ids and weights first, uncompressed, then
  the values, compressed; a reader loads the values only when asked for them (phrases,
  highlighting). The block's compression field says which layout it has (see
  `_write_block_split`), so older blocks still read.
- `Searcher.refresh` keeps the reader of a segment whose deletions another commit
  changed (replaced documents then show twice), and adds back segments a merge removed.
  `fresh_searcher` opens the latest generation keeping only the readers of segments that
  are unchanged, same id and same deleted documents: after a commit that adds ten
  documents, the other segments' files, length tables and term caches stay open.
- A phrase (`SpanNear2`, in order, words next to each other) built a `Span` object for
  every occurrence of every word of each candidate document and joined them pair by
  pair. It now looks up each following word's position in a table: the same spans,
  about a third less time for a two-word phrase at 50,000 documents.
- `TimeLimitCollector` looks at the clock only between matches, so a query that walks
  every document and matches few or none (`"the the the the the"`, `the NOT a NOT of`)
  ran for seconds. Within `deadline(...)`, reading a block of postings (every 128
  documents of a term) now raises `TimeLimit` once the time is up.
"""

from __future__ import annotations

import contextlib
import threading
import time
import zlib
from bisect import bisect_left
from collections.abc import Iterator
from typing import Any

from whoosh import collectors, fields, query, scoring
from whoosh.codec import whoosh3
from whoosh.compat import dumps, loads
from whoosh.matching import ReadTooFar, binary, wrappers
from whoosh.query import spans
from whoosh.reading import SegmentReader
from whoosh.system import emptybytes
from whoosh.util.numeric import byte_to_length, length_to_byte
from whoosh.util.times import datetime_to_long

_MISSING = object()
_LENGTH_OF_BYTE = [byte_to_length(b) for b in range(256)]


def _cached_reader(self: Any, fieldname: str, column: Any) -> Any:
    readers = self._readers
    found = readers.get(fieldname, _MISSING)
    if found is not _MISSING:
        return found
    present = fieldname in self._colfiles or self.has_column(fieldname)
    reader = self.column_reader(fieldname, column) if present else None
    readers[fieldname] = reader
    return reader


_original_init = whoosh3.W3PerDocReader.__init__


def _eager_init(self: Any, storage: Any, segment: Any) -> None:
    _original_init(self, storage, segment)
    prefix = segment.make_filename(".")
    suffix = whoosh3.W3Codec.COLUMN_EXT
    for name in storage.list():
        if name.startswith(prefix) and name.endswith(suffix):
            fieldname = name[len(prefix) : -len(suffix)]
            if fieldname not in self._colfiles:
                self._colfiles[fieldname] = self._get_column_file(fieldname)
    if storage.file_exists(segment.make_filename(whoosh3.W3Codec.VPOSTS_EXT)):
        self._prep_vectors()


def column_bytes(perdoc: Any, colreader: Any, itemsize: int) -> tuple[bytes, int]:
    """A fixed-width column of one segment (`colreader`, from `perdoc`) read in one go:
    its bytes, and how many documents they cover. The documents after those hold the
    column's default (Whoosh does not write a trailing run of defaults)."""
    count = min(colreader._count, perdoc._doccount)
    data = colreader._dbfile.get(colreader._basepos, count * itemsize) if count else emptybytes
    return data, count


def length_table(perdoc: Any, fieldname: str) -> list[int] | None:
    """Every document's length of `fieldname` in one segment (0 where it has none).

    None when the segment has no length column for the field. Built once per reader
    and field, from the column's bytes in one read.
    """
    tables = perdoc.__dict__.setdefault("_tr_length_tables", {})
    table = tables.get(fieldname)
    if table is None:
        reader = perdoc._cached_reader(whoosh3._lenfield(fieldname), whoosh3.LENGTHS_COLUMN)
        if reader is None:
            return None
        data, _count = column_bytes(perdoc, reader, 1)
        table = [_LENGTH_OF_BYTE[b] for b in data]
        table.extend([0] * (perdoc._doccount - len(table)))
        tables[fieldname] = table
    return table  # type: ignore[no-any-return]


def _table_doc_field_length(self: Any, docnum: int, fieldname: str, default: int = 0) -> Any:
    if docnum > self._doccount:
        raise IndexError(f"Asked for docnum {docnum!r} of {self._doccount}")
    table = length_table(self, fieldname)
    if table is None:
        return default
    # As Whoosh: None (not `default`) for a document without a length byte.
    return (table[docnum] or None) if docnum < len(table) else None


_original_setup = scoring.WeightLengthScorer.setup


def _table_setup(self: Any, searcher: Any, fieldname: str, text: Any) -> None:
    _original_setup(self, searcher, fieldname, text)
    reader = searcher.reader()
    if not isinstance(reader, SegmentReader) or not searcher.schema[fieldname].scorable:
        return
    perdoc = reader._perdoc
    if isinstance(perdoc, whoosh3.W3PerDocReader):
        table = length_table(perdoc, fieldname)
        if table is not None:  # a scored document has at least one word in the field
            self.dfl = table.__getitem__


def _bisecting_skip_to(self: Any, targetid: Any) -> None:
    if not self.is_active():
        raise ReadTooFar
    if targetid <= self.id():
        return
    if targetid > self._maxid:
        self._skip_to_block(lambda: targetid > self._maxid)
        if not self.is_active():
            return
    if self._ids is None:
        self._read_ids()
    self._i = bisect_left(self._ids, targetid, self._i)
    if self._i >= self._blocklength:  # only if the block's max id was wrong
        self._i = self._blocklength - 1
        self.next()


def _and_not_find_first(self: Any) -> None:
    if self.a.is_active() and self.b.is_active():
        self._find_next()


def _inverse_find_next(self: Any) -> None:
    child, missing = self.child, self.missing
    while self._id < self.limit:
        if missing(self._id):
            self._id += 1
        elif child.is_active() and child.id() < self._id:
            child.skip_to(self._id)
        elif child.is_active() and child.id() == self._id:
            self._id += 1
            child.next()
        else:
            return


def _exclusive_parse_range(
    self: Any,
    fieldname: str,
    start: Any,
    end: Any,
    startexcl: bool,
    endexcl: bool,
    boost: float = 1.0,
) -> Any:
    if start is None and end is None:
        return query.Every(fieldname, boost=boost)
    low = high = None
    if start is not None:
        period = self._parse_datestring(start)
        low = datetime_to_long(period.ceil()) + 1 if startexcl else datetime_to_long(period.floor())
    if end is not None:
        period = self._parse_datestring(end)
        high = datetime_to_long(period.floor()) - 1 if endexcl else datetime_to_long(period.ceil())
    return query.NumericRange(fieldname, low, high, boost=boost)


RAW_BLOCK_POSTINGS = 32
"""Blocks with fewer postings than this are written without compression."""

_original_write_block = whoosh3.W3PostingsWriter._write_block

SPLIT_LEVELS = 16
"""A split block's compression field is -(1 + level + SPLIT_LEVELS * head length)."""


def split_layout(compression: int) -> tuple[int, int]:
    """(zlib level of the values, byte length of the ids-and-weights head) of a split
    block, from its (negative) compression field."""
    packed = -compression - 1
    return packed % SPLIT_LEVELS, packed // SPLIT_LEVELS


def mini_weights_of(weights: Any) -> Any:
    """A block's weights (an `array("f")`) as Whoosh's `_mini_weights` minifies them
    (None: all 1; one number: all the same; else a tuple), with a tuple of whole numbers
    as ints (two pickled bytes each instead of nine): term frequencies always are."""
    first = weights[0]
    if len(weights) == 1:  # most blocks: a term in one document of the segment
        return None if first == 1.0 else first
    if all(w == 1.0 for w in weights):
        return None
    if all(w == first for w in weights):
        return first
    if all(w.is_integer() and 0 <= w < 2**31 for w in weights):
        return tuple(int(w) for w in weights)
    return tuple(weights)


def _write_block_split(self: Any, last: bool = False) -> None:
    """`W3PostingsWriter._write_block`, writing the split layout: ids and weights
    pickled (uncompressed), then the values pickled and compressed. The block info's
    compression field, negative, holds the values' zlib level and the head's length."""
    if not self._blockcount:
        self._postfile.write(whoosh3.WHOOSH3_HEADER_MAGIC)
    self._terminfo.add_block(self)
    head = dumps((self._mini_ids(), mini_weights_of(self._weights)), 2)
    values = self._mini_values()
    level = 0
    tail = emptybytes
    if values is not None:  # None: a format without values (Existence)
        tail = dumps(values, 2)
        if len(self._ids) >= RAW_BLOCK_POSTINGS:
            level = self._compression
            tail = zlib.compress(tail, level) if level else tail
    ids = self._ids
    info = dumps(
        (
            len(ids),
            ids[-1],
            self._maxweight,
            -(1 + level + SPLIT_LEVELS * len(head)),
            length_to_byte(self._minlength),
            length_to_byte(self._maxlength),
        ),
        2,
    )
    postfile = self._postfile
    length = len(info) + len(head) + len(tail)
    postfile.write_int(-length if last else length)
    postfile.write(info)
    postfile.write(head)
    postfile.write(tail)
    self._blockcount += 1
    self._new_block()


_UNREAD = object()
"""The values of a split block not read yet."""


_original_near2_spans = spans.SpanNear2.SpanNear2Matcher._get_spans


def _near2_spans(self: Any) -> Any:
    if not (self.ordered and self.mindist == 1 and self.slop == 1):
        return _original_near2_spans(self)
    matchers = self.ms
    try:
        if not all(m.supports("characters") for m in matchers):
            return _original_near2_spans(self)
        occurrences = [m.value_as("characters") for m in matchers]
    except Exception:  # not plain term matchers: the general way
        return _original_near2_spans(self)
    tables = [{pos: end for pos, _start, end in found} for found in occurrences[1:]]
    last = len(matchers) - 1
    found_spans = []
    for pos, startchar, endchar in occurrences[0]:
        for offset, table in enumerate(tables, 1):
            endchar = table.get(pos + offset)
            if endchar is None:
                break
        else:
            found_spans.append(spans.Span(pos, pos + last, startchar=startchar, endchar=endchar))
    return found_spans


def fresh_searcher(ix: Any, old: Any) -> Any:
    """A searcher of `ix`'s latest generation reusing the segment readers of searcher
    `old` whose segment is unchanged (same id, same deleted documents). The readers of
    `old` not reused are closed; `old` itself must not be used or closed afterwards."""
    from whoosh.reading import EmptyReader, MultiReader
    from whoosh.searching import Searcher

    info = ix._read_toc()
    reusable: dict[str, Any] = {}
    for reader, _ in old.reader().leaf_readers():
        segment = reader.segment()
        if segment is not None and not getattr(reader, "is_closed", False):
            reusable[segment.segment_id()] = reader
    readers = []
    for segment in info.segments:
        reader = reusable.get(segment.segment_id())
        if reader is not None and _same_deletions(reader.segment(), segment):
            del reusable[segment.segment_id()]
        else:
            reader = SegmentReader(ix.storage, info.schema, segment, generation=info.generation)
        readers.append(reader)
    for reader in reusable.values():
        reader.close()
    if not readers:
        top: Any = EmptyReader(info.schema)
    else:  # a MultiReader even of one: it carries the new generation
        top = MultiReader(readers, generation=info.generation)
    return Searcher(top, fromindex=ix)


def _same_deletions(a: Any, b: Any) -> bool:
    if a.deleted_count() != b.deleted_count():
        return False
    return a.deleted_count() == 0 or set(a.deleted_docs()) == set(b.deleted_docs())


_clock = threading.local()
"""`at`: the perf_counter() time this thread's search must stop by (None: no limit)."""


@contextlib.contextmanager
def deadline(at: float) -> Iterator[None]:
    """Within the block, reading postings after perf_counter() time `at` raises
    `collectors.TimeLimit` (in this thread only; nested blocks keep the earlier limit)."""
    before = getattr(_clock, "at", None)
    _clock.at = at if before is None else min(at, before)
    try:
        yield
    finally:
        _clock.at = before


_original_read_data = whoosh3.W3LeafMatcher._read_data


def _read_data_in_time(self: Any) -> None:
    at = getattr(_clock, "at", None)
    if at is not None and time.perf_counter() > at:
        raise collectors.TimeLimit
    if self._compression >= 0:  # a block written whole
        _original_read_data(self)
        return
    _level, headlen = split_layout(self._compression)
    ids, weights = loads(self._postfile.get(self._dataoffset, headlen))
    self._data = (ids, weights, _UNREAD)


_original_read_values = whoosh3.W3LeafMatcher._read_values


def _read_values_split(self: Any) -> None:
    if self._data is None:
        self._read_data()
    if self._data[2] is _UNREAD:
        level, headlen = split_layout(self._compression)
        start = self._dataoffset + headlen
        tail = self._postfile.get(start, self._nextoffset - start)
        if level and tail:
            tail = zlib.decompress(tail)
        values = loads(tail) if tail else None
        self._data = (self._data[0], self._data[1], values)
    _original_read_values(self)


def apply() -> None:
    """Install the fixes (idempotent)."""
    whoosh3.W3PerDocReader._cached_reader = _cached_reader
    whoosh3.W3PerDocReader.__init__ = _eager_init
    scoring.WeightLengthScorer.setup = _table_setup
    whoosh3.W3PerDocReader.doc_field_length = _table_doc_field_length
    whoosh3.W3LeafMatcher.skip_to = _bisecting_skip_to
    binary.AndNotMatcher._find_first = _and_not_find_first
    wrappers.InverseMatcher._find_next = _inverse_find_next
    fields.DATETIME.parse_range = _exclusive_parse_range
    whoosh3.W3LeafMatcher._read_data = _read_data_in_time
    whoosh3.W3LeafMatcher._read_values = _read_values_split
    spans.SpanNear2.SpanNear2Matcher._get_spans = _near2_spans
    whoosh3.W3PostingsWriter._write_block = _write_block_split


apply()
