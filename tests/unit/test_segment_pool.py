"""The compact posting pool and its segment writer: postings in Whoosh's order, the
hand-over to Whoosh's pool past a limit, and segment files byte for byte as Whoosh's own
writer makes them."""

from __future__ import annotations

import datetime as dt
import random
from array import array
from pathlib import Path
from typing import Any

import pytest
from whoosh import index as windex
from whoosh.codec.whoosh3 import W3PostingsWriter
from whoosh.writing import SegmentWriter

from tuireader.core import segment_pool, whoosh_fixes
from tuireader.core.index import doc_fields
from tuireader.core.schema import build_schema

WORDS = [
    "the",
    "court",
    "ruled",
    "that",
    "minister",
    "Hun",
    "Sen",
    "party",
    "élection",
    "2017",
    "police",
    "report",
    "said",
    "government",
    "opposition",
    "leader",
    "vote",
    "council",
    "city",
    "café",
    "naïve",
    "über",
    "13",
    "of",
    "in",
    "a",
]


def documents(count: int, seed: int) -> list[dict[str, Any]]:
    """Index fields of `count` documents: common words (several blocks of postings,
    compressed ones among them), rare ones (one posting), accents, dates and none."""
    rng = random.Random(seed)
    docs = []
    for i in range(count):
        body = " ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 120)))
        body += f" rare{seed}x{i} " + "the " * rng.randint(0, 3)
        date = dt.date(2017, 1 + i % 12, 1 + i % 28) if i % 5 else None
        title = f"Title {i} {rng.choice(WORDS)}"
        entities = {}
        if i % 3 == 0:  # entity fields, one of them with term vectors
            entities = {"person": "Hun Sen", "org": "CNRP", "entity": "person=Hun Sen,org=CNRP"}
        fields = doc_fields(f"d{seed}-{i:04d}.txt", title, date, body, **entities)
        if i % 7 == 0:  # boosts given with the document
            fields["_title_boost"] = 3.0
        docs.append(fields)
    return docs


def segment_files(folder: Path) -> dict[str, bytes]:
    """The files of an index's segments, by segment number and file name without the
    segment's (random) id."""
    ix = windex.open_dir(str(folder))
    files = {}
    for number, segment in enumerate(ix._segments()):
        prefix = f"{segment.segment_id()}."
        for path in folder.glob(prefix + "*"):
            files[f"{number}:{path.name[len(prefix) :]}"] = path.read_bytes()
    return files


def build(folder: Path, make_writer: Any, batches: list[list[dict[str, Any]]]) -> dict[str, bytes]:
    """An index of one segment per batch, written by `make_writer(ix)`; its files."""
    folder.mkdir()
    ix = windex.create_in(str(folder), build_schema())
    for batch in batches:
        writer = make_writer(ix)
        for fields in batch:
            writer.add_document(**fields)
        writer.commit(merge=False)
    return segment_files(folder)


def whoosh_writer(ix: Any, codec: Any = None) -> Any:
    return SegmentWriter(ix, compound=False, codec=codec)


def pool_writer(ix: Any, codec: Any = None, pool_bytes: int | None = None) -> Any:
    return segment_pool.PoolWriter(ix, compound=False, codec=codec, pool_bytes=pool_bytes)


def test_a_segment_is_written_byte_for_byte_as_whoosh_writes_it(tmp_path: Path) -> None:
    batches = [documents(300, 1), documents(40, 2)]
    expected = build(tmp_path / "whoosh", whoosh_writer, batches)
    found = build(tmp_path / "pool", pool_writer, batches)
    assert {"1:pst", "1:trm", "0:_body_len.col", "1:_stored.col", "0:vps"} <= set(expected)
    assert found == expected


def test_a_pool_past_its_limit_hands_over_to_whoosh_s_pool_and_writer(tmp_path: Path) -> None:
    batches = [documents(150, 3)]
    expected = build(tmp_path / "whoosh", whoosh_writer, batches)
    spilled = build(tmp_path / "spilled", lambda ix: pool_writer(ix, None, 10_000), batches)
    assert spilled == expected


def whoosh_writer_with_compact_pool(ix: Any) -> Any:
    writer = SegmentWriter(ix, compound=False)
    writer.pool = segment_pool.CompactPool()  # written by Whoosh's add_postings
    return writer


def test_a_merge_is_written_as_whoosh_writes_the_same_pool(tmp_path: Path) -> None:
    # Merging adds each segment's postings in turn, with the weights read back (whole
    # numbers as ints). The pool holds weights as floats, so a block's highest weight
    # is pickled as 9.0 where Whoosh's own pool keeps 9: the same number. Compared here
    # with Whoosh writing the same pool.
    batches = [documents(120, 4), documents(90, 5), documents(30, 6)]
    results = []
    for name, make_writer in (
        ("whoosh", whoosh_writer_with_compact_pool),
        ("pool", pool_writer),
    ):
        folder = tmp_path / name
        build(folder, whoosh_writer, batches)
        ix = windex.open_dir(str(folder))
        writer = make_writer(ix)
        for i in range(0, 120, 7):
            writer.delete_by_term("path", f"d4-{i:04d}.txt")
        writer.commit(optimize=True)
        with ix.searcher() as searcher:
            assert searcher.doc_count() == 240 - 18
        results.append(segment_files(folder))
    assert results[0] == results[1]


def test_compact_pool_gives_postings_in_whoosh_order() -> None:
    rng = random.Random(3)
    items = []
    for docnum in range(50):
        for field in ("body", "title", "vocab"):
            for term in rng.sample([b"a", b"b", b"zz", b"\xc3\xa9t\xc3\xa9", b"m"], 3):
                items.append((field, term, docnum, float(rng.randint(1, 4)), b"v%d" % docnum))
    items.append(("body", b"a", 7, 1.0, b"late"))  # out of document order: sorted back in
    pool = segment_pool.CompactPool()
    for item in items:
        pool.add(item)
    assert list(pool.iter_postings()) == sorted(items)
    assert pool.size > 0 and pool.fieldnames == {"body", "title", "vocab"}
    pool.cleanup()
    assert list(pool.iter_postings()) == [] and pool.size == 0


def test_compact_pool_hands_over_to_its_fallback_past_its_limit(tmp_path: Path) -> None:
    from whoosh.filedb.filestore import FileStorage
    from whoosh.writing import PostingPool

    rng = random.Random(4)
    items = [
        (field, term, docnum, float(rng.randint(1, 3)), b"value%d" % docnum)
        for docnum in range(200)
        for field in ("body", "vocab")
        for term in rng.sample([b"a", b"b", b"c", b"d", b"e", b"f"], 4)
    ]
    storage = FileStorage(str(tmp_path / "runs")).create()
    fallback = PostingPool(storage, None, limitmb=0.01)  # spills runs to disk as well
    pool = segment_pool.CompactPool(fallback, limit=20_000)
    for item in items:
        pool.add(item)
    assert pool.spilled and pool.size == 0  # nothing held in memory any more
    assert list(pool.iter_postings()) == sorted(items)
    assert pool.fieldnames == {"body", "vocab"}
    pool.cleanup()
    unlimited = segment_pool.CompactPool(PostingPool(storage, None), limit=None)
    for item in items:
        unlimited.add(item)
    assert not unlimited.spilled and list(unlimited.iter_postings()) == sorted(items)


@pytest.mark.parametrize(
    "weights",
    [[1.0], [2.0], [0.5], [1.0, 1.0], [3.0, 3.0], [1.0, 2.0, 7.0], [1.5, 2.0]],
)
def test_block_weights_are_minified_as_whoosh_minifies_them(weights: list[float]) -> None:
    block = array("f", weights)
    whoosh = W3PostingsWriter.__new__(W3PostingsWriter)
    whoosh._weights = block
    expected = whoosh._mini_weights()
    if isinstance(expected, tuple) and all(w.is_integer() for w in expected):
        expected = tuple(int(w) for w in expected)  # ours: whole numbers pickled as ints
    found = whoosh_fixes.mini_weights_of(block)
    assert found == expected and type(found) is type(expected)
