"""A segment writer's postings, held compactly in memory and written term by term.

Whoosh's `SegmentWriter` sends every posting through its pool one tuple at a time, sorts
them when the segment is written, and then writes them through four layers of calls per
posting (the codec's generic `add_postings` loop, the field writer, the postings writer
and a length lookup). A segment of 250 articles holds about 200,000 postings over
30,000 terms, half of them in the one-word-per-document `vocab` field; writing them was
half of a worker's indexing time. `PoolWriter` keeps postings per term in arrays and
writes each term's posting list in one go, in Whoosh's layout (with the split blocks of
`whoosh_fixes`): the segment files are the same, byte for byte, as Whoosh's own writer
makes them (a test compares them file by file). That made writing a segment about a
third faster, and text indexing about a fifth.
"""

from __future__ import annotations

import struct
import zlib
from array import array
from collections.abc import Callable, Iterable, Iterator
from pickle import dumps
from typing import Any

from whoosh.codec import whoosh3
from whoosh.system import pack_int, pack_long, pack_ushort
from whoosh.util.numeric import length_to_byte
from whoosh.util.numlists import delta_encode
from whoosh.writing import SegmentWriter

from tuireader.core.whoosh_fixes import (
    RAW_BLOCK_POSTINGS,
    SPLIT_LEVELS,
    length_table,
    mini_weights_of,
)

_TERMINFO = struct.Struct("!BfIBBfII")
"""`W3TermInfo`'s fixed part: flags, total weight, document frequency, shortest and
longest field length (as bytes), highest weight, first and last document."""

Posting = tuple[str, bytes, int, float, bytes | None]
"""(field name, term, document number, weight, value), as Whoosh's pools hold them."""

WRITER_POOL_BYTES = 128 * 1024 * 1024
"""What an index writer's pool holds in memory (Whoosh's own default) before it spills
to disk through Whoosh's pool."""


class CompactPool:
    """A segment writer's postings, held in memory per term and in document order.

    Whoosh's `PostingPool` appends one tuple per posting to a list that it sorts when
    the segment is written, and past its memory limit pickles sorted runs to disk one
    posting at a time and merges them back: a third of a worker's time for segments of
    a few thousand documents. A writer adds documents in document-number order, so per
    term the postings are already sorted; only the terms need sorting, once. A worker
    bounds the memory by finishing its segment at a size. A writer that cannot (a merge)
    gives a `limit` and its own pool as `fallback`: past the limit, the postings held and
    all later ones go to that pool, which spills to disk.
    """

    def __init__(self, fallback: Any = None, limit: int | None = None) -> None:
        self._terms: dict[tuple[str, bytes], tuple[array[int], array[float], list[Any]]] = {}
        self._unsorted: set[tuple[str, bytes]] = set()
        self._fallback = fallback
        self.limit = limit if fallback is not None else None
        """Bytes held past which the postings go to the fallback pool (None: no limit)."""
        self.spilled = False
        """Whether the postings went to the fallback pool."""
        self.fieldnames: set[str] = set()
        self.size = 0
        """Bytes held, roughly (8 for a posting's number and weight, its value's length
        plus 40 for a value, 150 and the text's length for a term)."""

    def add(self, item: Posting) -> None:
        """Add one posting."""
        key = item[:2]
        postings = self._terms.get(key)
        if postings is None:
            if self.spilled:
                self._add_spilled(item)
                return
            postings = self._terms[key] = (array("I"), array("f"), [])
            self.fieldnames.add(item[0])
            self.size += 150 + len(item[1])
        elif postings[0][-1] > item[2]:
            self._unsorted.add(key)
        postings[0].append(item[2])
        postings[1].append(item[3])
        value = item[4]
        postings[2].append(value)
        self.size += 48 + len(value) if value else 16
        if self.limit is not None and self.size > self.limit:
            self._spill()

    def _spill(self) -> None:
        """Hand every posting held to the fallback pool, and all later ones."""
        for held in self._held():
            self._fallback.add(held)
        self.cleanup()
        self.spilled = True

    def add_field(
        self, fieldname: str, docnum: int, items: Iterable[Any], boost: float, scorable: bool
    ) -> int:
        """Add one document's postings of one field, from `field.index(value)`
        ((term, frequency, weight, value) each), weights times `boost`; the field's
        length (the sum of the frequencies if `scorable`, else 0)."""
        if self.spilled:
            return _add_field_to(self.add, fieldname, docnum, items, boost, scorable)
        terms = self._terms
        length = 0
        size = 0
        for text, freq, weight, value in items:
            key = (fieldname, text)
            postings = terms.get(key)
            if postings is None:
                postings = terms[key] = (array("I"), array("f"), [])
                size += 150 + len(text)
            elif postings[0][-1] > docnum:
                self._unsorted.add(key)
            postings[0].append(docnum)
            postings[1].append(weight * boost)
            postings[2].append(value)
            size += 48 + len(value) if value else 16
            length += freq
        if size:
            self.fieldnames.add(fieldname)
        self.size += size
        if self.limit is not None and self.size > self.limit:
            self._spill()
        return length if scorable else 0

    def _add_spilled(self, item: Posting) -> None:
        self.fieldnames.add(item[0])
        self._fallback.add(item)

    def iter_postings(self) -> Iterator[Posting]:
        """Every posting, sorted by field, term and document, as a segment writes them."""
        if self.spilled:
            yield from self._fallback.iter_postings()
        else:
            yield from self._held()

    def _held(self) -> Iterator[Posting]:
        for key in sorted(self._terms):
            fieldname, text = key
            docnums, weights, values = self._sorted(key)
            for docnum, weight, value in zip(docnums, weights, values, strict=True):
                yield fieldname, text, docnum, weight, value

    def _sorted(self, key: tuple[str, bytes]) -> tuple[array[int], array[float], list[Any]]:
        docnums, weights, values = self._terms[key]
        if key not in self._unsorted:
            return docnums, weights, values
        rows = sorted(zip(docnums, weights, values, strict=True), key=lambda row: row[0])
        return (
            array("I", [r[0] for r in rows]),
            array("f", [r[1] for r in rows]),
            [r[2] for r in rows],
        )

    def write_postings(self, fieldwriter: Any, schema: Any, lengths: Any) -> None:
        """Write the postings held (not spilled) through `fieldwriter`, Whoosh's W3 field
        writer of the segment, as `FieldWriter.add_postings` writes them: the same
        blocks, block statistics and term infos, one term at a time instead of a posting
        at a time. `lengths` is the segment's per-document reader, a `W3PerDocReader`
        (None: no lengths)."""
        postfile = fieldwriter._postfile
        offset = postfile.tell()
        lastfield = None
        terms: Any = None
        for key in sorted(self._terms):
            fieldname, text = key
            if fieldname != lastfield:
                if lastfield is not None:
                    fieldwriter.finish_field()
                fieldwriter.start_field(fieldname, schema[fieldname])
                table = length_table(lengths, fieldname) if lengths is not None else None
                terms = _TermWriter(fieldwriter, table)
                lastfield = fieldname
            offset = terms.write(text, *self._sorted(key), offset)
        if lastfield is not None:
            fieldwriter.finish_field()

    def cleanup(self) -> None:
        """Drop the postings (after the segment is written)."""
        self._terms.clear()
        self._unsorted.clear()
        self.size = 0
        if self.spilled:
            self._fallback.cleanup()


def _add_field_to(
    add: Callable[[Posting], None],
    fieldname: str,
    docnum: int,
    items: Iterable[Any],
    boost: float,
    scorable: bool,
) -> int:
    """`CompactPool.add_field` a posting at a time through `add`."""
    length = 0
    for text, freq, weight, value in items:
        add((fieldname, text, docnum, weight * boost, value))
        length += freq
    return length if scorable else 0


class _TermWriter:
    """Writes the terms of one field of a segment, a posting list at a time, byte for
    byte as Whoosh's `W3PostingsWriter` (with `whoosh_fixes._write_block_split`) and
    `W3FieldWriter.finish_term` write them posting by posting."""

    def __init__(self, fieldwriter: Any, lengths: list[int] | None) -> None:
        postwriter = fieldwriter._postwriter
        self._fieldwriter = fieldwriter
        self._lengths = lengths
        self._key_prefix = pack_ushort(fieldwriter._fieldid)
        self._limit: int = postwriter._blocklimit
        self._level: int = postwriter._compression
        self._fixed_size = fieldwriter._format.fixed_value_size()

    def write(
        self, text: bytes, docnums: array[int], weights: array[float], values: list[Any], at: int
    ) -> int:
        """Write one term's postings at offset `at` of the postings file, and its term
        info; the offset after them."""
        limit, lengths = self._limit, self._lengths
        count = len(docnums)
        if count == 1:
            return self._write_one(text, docnums[0], weights[0], values[0], at)
        chunks = [whoosh3.WHOOSH3_HEADER_MAGIC]
        total_weight: float = 0
        max_weight: float = 0
        min_length: int | None = None
        max_length = 0
        for start in range(0, count, limit):
            ids = docnums[start : start + limit]
            block_weights = weights[start : start + limit]
            total_weight += sum(block_weights)
            block_max = max(0, max(block_weights))  # 0 an int, as Whoosh's
            max_weight = max(max_weight, block_max)
            low: int | None = None
            high = 0
            if lengths is not None:
                found = [n for n in map(lengths.__getitem__, ids) if n]
                if found:
                    low, high = min(found), max(found)
                    min_length = low if min_length is None else min(min_length, low)
                    max_length = max(max_length, high)
            head = dumps((tuple(delta_encode(ids)), mini_weights_of(block_weights)), 2)
            tail = self._tail(values[start : start + limit])
            level = self._level if tail and len(ids) >= RAW_BLOCK_POSTINGS else 0
            if level:
                tail = zlib.compress(tail, level)
            info = dumps(
                (
                    len(ids),
                    ids[-1],
                    block_max,
                    -(1 + level + SPLIT_LEVELS * len(head)),
                    length_to_byte(low),
                    length_to_byte(high),
                ),
                2,
            )
            size = len(info) + len(head) + len(tail)
            chunks += (pack_int(size if start + limit < count else -size), info, head, tail)
        stats = _TERMINFO.pack(
            False,
            total_weight,
            count,
            0 if min_length is None else length_to_byte(min_length),
            length_to_byte(max_length),
            max_weight,
            docnums[0],
            docnums[-1],
        )
        return self._emit(text, b"".join(chunks), stats, at)

    def _write_one(self, text: bytes, docnum: int, weight: float, value: Any, at: int) -> int:
        """`write` for a term in one document of the segment (most terms), without the
        loop over blocks: the same bytes."""
        length = self._lengths[docnum] if self._lengths is not None else 0
        byte = length_to_byte(length or None)
        head = dumps(((docnum,), mini_weights_of((weight,))), 2)
        tail = self._tail([value])  # never compressed: fewer than RAW_BLOCK_POSTINGS
        highest = max(0, weight)
        info = dumps((1, docnum, highest, -(1 + SPLIT_LEVELS * len(head)), byte, byte), 2)
        size = len(info) + len(head) + len(tail)
        data = b"".join((whoosh3.WHOOSH3_HEADER_MAGIC, pack_int(-size), info, head, tail))
        stats = _TERMINFO.pack(False, weight, 1, byte, byte, highest, docnum, docnum)
        return self._emit(text, data, stats, at)

    def _emit(self, text: bytes, data: bytes, stats: bytes, at: int) -> int:
        """Write a term's posting list `data` at offset `at` of the postings file, and its
        term info (`stats`, then where the list lies); the offset after it."""
        self._fieldwriter._postfile.write(data)
        terminfo = stats + pack_long(at) + pack_int(len(data))
        self._fieldwriter._tindex.add(self._key_prefix + text, terminfo)
        return at + len(data)

    def _tail(self, values: list[Any]) -> bytes:
        """A block's values pickled, as `W3PostingsWriter._mini_values` gives them."""
        present = [v for v in values if v]
        if self._fixed_size is None or self._fixed_size < 0:
            return dumps(tuple(present), 2)
        if self._fixed_size == 0:
            return b""
        return dumps(b"".join(present), 2)


def _plain_w3(codec: Any) -> bool:
    """Whether `codec` writes postings as `_TermWriter` does: Whoosh's W3 codec, which
    never inlines a posting list in its term index (Whoosh's own inlining, for a limit
    above 1, fails: `W3TermInfo` has no `set_inline`)."""
    return isinstance(codec, whoosh3.W3Codec) and codec._inlinelimit <= 1


class PoolWriter(SegmentWriter):  # type: ignore[misc]
    """Whoosh's segment writer with a `CompactPool` (spilling to Whoosh's own pool past
    `pool_bytes`, or never when None) and the block-at-a-time posting writer."""

    def __init__(self, ix: Any, *, pool_bytes: int | None = WRITER_POOL_BYTES, **kwargs: Any):
        super().__init__(ix, **kwargs)
        whoosh_pool: Any = self.pool
        self.pool: CompactPool = (
            CompactPool(whoosh_pool, pool_bytes) if pool_bytes else CompactPool()
        )
        self._spelling = any(field.separate_spelling() for _, field in self.schema.items())
        """Whether a field keeps spelling words apart (not in tuireader's schema): those
        documents are added by Whoosh's own `add_document`."""

    def add_document(self, **fields: Any) -> None:
        """Whoosh's `SegmentWriter.add_document`, with each field's postings added to
        the pool in one call (`CompactPool.add_field`) instead of one per posting."""
        if self._spelling:
            super().add_document(**fields)
            return
        self._check_state()
        perdocwriter, schema, docnum, pool = self.perdocwriter, self.schema, self.docnum, self.pool
        docboost = self._doc_boost(fields)
        fieldnames = sorted(name for name in fields if not name.startswith("_"))
        self._check_fields(schema, fieldnames)
        perdocwriter.start_doc(docnum)
        try:
            for fieldname in fieldnames:
                value = fields[fieldname]
                if value is None:
                    continue
                field = schema[fieldname]
                length = 0
                if field.indexed:
                    boost = self._field_boost(fields, fieldname, docboost)
                    items = field.index(value)
                    length = pool.add_field(fieldname, docnum, items, boost, field.scorable)
                if field.vector:
                    words = field.vector.word_values(value, field.analyzer, mode="index")
                    vitems = sorted((text, weight, vbytes) for text, _, weight, vbytes in words)
                    perdocwriter.add_vector_items(fieldname, field, vitems)
                stored = fields.get(f"_stored_{fieldname}", value)
                perdocwriter.add_field(fieldname, field, stored if field.stored else None, length)
                if field.column_type and stored is not None:
                    column_value = field.to_column_value(stored)
                    perdocwriter.add_column_value(fieldname, field.column_type, column_value)
        except Exception:
            perdocwriter.cancel_doc()
            raise
        perdocwriter.finish_doc()
        self._added = True
        self.docnum += 1

    def _flush_segment(self) -> None:
        pool = self.pool
        if pool.spilled or not _plain_w3(self.codec):
            super()._flush_segment()
            return
        self.perdocwriter.close()
        lengths = self.per_document_reader() if self.codec.length_stats else None
        try:
            pool.write_postings(self.fieldwriter, self.schema, lengths)
        finally:
            if lengths is not None:
                lengths.close()
        self.fieldwriter.close()
