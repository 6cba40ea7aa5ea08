"""The index: build, incremental add/change/delete, unchanged re-open, schema rebuild."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from tuireader import paths
from tuireader.core import index as index_mod
from tuireader.core.library import Library
from tuireader.core.models import IndexBusyError


def write(corpus: Path, name: str, title: str, body: str, date: str = "2017-01-05") -> Path:
    path = corpus / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f" date {date} {title}\n\n{body}\n", "utf-8")
    return path


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    c = tmp_path / "corpus"
    write(c, "a.txt", "Alpha report", "The prisoners were released on Monday.")
    write(c, "b.txt", "Beta report", "Talks between the parties stalled.")
    write(c, "sub/c.md", "ignored", "---\ntitle: Gamma notes\ndate: 2017-02-01\n---\nGamma text.")
    (c / "picture.png").write_bytes(b"\x89PNG\r\n")
    return c


def lib_for(corpus: Path, index_dir: Path) -> Library:
    return Library(corpus, index_dir)


def test_build_counts_and_ignores_other_types(corpus: Path, index_dir: Path) -> None:
    with lib_for(corpus, index_dir) as lib:
        report = lib.update(entities=False)
        assert (report.added, report.updated, report.removed) == (3, 0, 0)
        assert report.ignored == 1
        assert lib.status().documents == 3 == lib.document_count()
        assert lib.all_paths() == ["a.txt", "b.txt", "sub/c.md"]


def test_unchanged_corpus_reopens_without_reading(
    corpus: Path, index_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with lib_for(corpus, index_dir) as lib:
        lib.update(entities=False)
    calls: list[object] = []
    real_load = index_mod.documents.load
    monkeypatch.setattr(index_mod.documents, "load", lambda *a: calls.append(a) or real_load(*a))
    with lib_for(corpus, index_dir) as lib:
        assert not lib.is_stale()
        report = lib.update(entities=False)
    assert calls == []
    assert report.unchanged == 3 and report.added == report.updated == 0


def test_the_manifest_is_read_once_per_library_until_another_writer_changes_it(
    corpus: Path, index_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    loads: list[object] = []
    real = index_mod.Manifest.load
    monkeypatch.setattr(
        index_mod.Manifest, "load", staticmethod(lambda p: loads.append(p) or real(p))
    )
    with lib_for(corpus, index_dir) as mine, lib_for(corpus, index_dir) as other:
        mine.update(entities=False)
        loads.clear()
        write(corpus, "d.txt", "Delta report", "Delta text.")
        assert mine.update(entities=False).added == 1
        assert mine.is_stale() is False
        assert mine.update(entities=False).unchanged == 4
        assert loads == []  # our own saves kept it current: never read again
        # Another writer (another reader window) indexes a new file and drops one...
        write(corpus, "e.txt", "Epsilon report", "Epsilon text.")
        (corpus / "a.txt").unlink()
        report = other.update(entities=False)
        assert (report.added, report.removed) == (1, 1)
        # ...so our copy is stale: read again, nothing is indexed twice or resurrected.
        loads.clear()
        again = mine.update(entities=False)
        assert (again.added, again.updated, again.removed, again.unchanged) == (0, 0, 0, 4)
        assert len(loads) == 1
        assert mine.all_paths() == ["b.txt", "d.txt", "e.txt", "sub/c.md"]


def test_incremental_add_change_delete(corpus: Path, index_dir: Path) -> None:
    with lib_for(corpus, index_dir) as lib:
        lib.update(entities=False)
    write(corpus, "d.txt", "Delta", "A new document about elections.")
    write(corpus, "a.txt", "Alpha report", "The hostages were freed on Tuesday.")
    os.utime(corpus / "a.txt", ns=(1, 1))  # a different mtime even on coarse clocks
    (corpus / "b.txt").unlink()
    with lib_for(corpus, index_dir) as lib:
        assert lib.is_stale()
        report = lib.update(entities=False)
        assert (report.added, report.updated, report.removed) == (1, 1, 1)
        assert lib.all_paths() == ["a.txt", "d.txt", "sub/c.md"]
        assert lib.search("prisoners").total == 0
        assert [h.path for h in lib.search("hostages").hits] == ["a.txt"]
        assert lib.search("talks").total == 0
        assert lib.status().documents == 3


def test_touched_but_unchanged_file_is_not_reindexed(corpus: Path, index_dir: Path) -> None:
    with lib_for(corpus, index_dir) as lib:
        lib.update(entities=False)
    os.utime(corpus / "a.txt", ns=(10**18, 10**18))
    with lib_for(corpus, index_dir) as lib:
        report = lib.update(entities=False)
        assert report.updated == 0 and report.unchanged == 3
        assert not lib.is_stale()


def test_schema_version_change_rebuilds(corpus: Path, index_dir: Path) -> None:
    with lib_for(corpus, index_dir) as lib:
        lib.update(entities=False)
    meta = json.loads((index_dir / "meta.json").read_text())
    meta["schema"] = -1
    (index_dir / "meta.json").write_text(json.dumps(meta))
    (index_dir / "manifest.journal").write_text('["base","old"]\n')  # ours: cleared too
    (index_dir / "notes.txt").write_text("not ours")
    with lib_for(corpus, index_dir) as lib:
        report = lib.update(entities=False)
        assert report.rebuilt and "another version" in report.rebuilt
        assert report.added == 3
        assert lib.status().documents == 3
    assert (index_dir / "notes.txt").read_text() == "not ours"
    assert not (index_dir / "manifest.journal").exists()


def test_lost_manifest_gives_no_duplicates(corpus: Path, index_dir: Path) -> None:
    with lib_for(corpus, index_dir) as lib:
        lib.update(entities=False)
    (index_dir / "manifest.json").unlink()
    with lib_for(corpus, index_dir) as lib:
        lib.update(entities=False)
        assert lib.status().documents == 3
        assert lib.search("prisoners").total == 1


def test_damaged_index_is_rebuilt(corpus: Path, index_dir: Path) -> None:
    with lib_for(corpus, index_dir) as lib:
        lib.update(entities=False)
    for toc in index_dir.glob("_MAIN_*.toc"):
        toc.write_bytes(b"garbage")
    with lib_for(corpus, index_dir) as lib:
        report = lib.update(entities=False)
        assert report.rebuilt and "could not be opened" in report.rebuilt
        assert lib.status().documents == 3


def test_second_writer_is_told_the_index_is_busy(corpus: Path, index_dir: Path) -> None:
    with lib_for(corpus, index_dir) as lib:
        lib.update(entities=False)
        holder = lib._store.open_writer()
        try:
            write(corpus, "e.txt", "Epsilon", "More text.")
            with lib_for(corpus, index_dir) as other, pytest.raises(IndexBusyError):
                other.update(entities=False)
        finally:
            holder.cancel()


def test_index_location_is_per_corpus_and_overridable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b = tmp_path / "one" / "docs", tmp_path / "two" / "docs"
    assert paths.index_dir_for(a) != paths.index_dir_for(b)
    assert paths.index_dir_for(a).parent == paths.cache_root() / "indexes"
    assert paths.index_dir_for(a, tmp_path / "x") == tmp_path / "x"
    monkeypatch.setenv("TUIREADER_INDEX_DIR", str(tmp_path / "env"))
    assert paths.index_dir_for(a) == tmp_path / "env"


def test_nothing_is_written_into_the_corpus(corpus: Path, index_dir: Path) -> None:
    before = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in corpus.rglob("*") if p.is_file()}
    with lib_for(corpus, index_dir) as lib:
        lib.update(entities=False)
        lib.search("prisoners")
    after = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in corpus.rglob("*") if p.is_file()}
    assert before == after


def test_empty_corpus(tmp_path: Path, index_dir: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    with lib_for(empty, index_dir) as lib:
        report = lib.update(entities=False)
        assert report.added == 0
        assert lib.search("anything").total == 0


def test_bundled_seeds_exist() -> None:
    seeds = paths.bundled_seeds()
    assert (seeds / "000_a6314058f7e748a2.txt").is_file()
    shutil.disk_usage(seeds)  # a real folder


def test_a_reader_sees_another_writers_replacements_once(corpus: Path, index_dir: Path) -> None:
    """A long-lived reader must not show a document twice after another writer replaced it."""
    with lib_for(corpus, index_dir) as writer_side:
        writer_side.update(entities=False)
    with lib_for(corpus, index_dir) as reader_side:
        assert reader_side.search("").total == 3
        write(corpus, "a.txt", "Alpha report", "Rewritten: the hostages were freed.")
        os.utime(corpus / "a.txt", ns=(2, 2))
        with lib_for(corpus, index_dir) as writer_side:
            assert writer_side.update(entities=False).updated == 1
        assert reader_side.search("").total == 3
        assert reader_side.status().documents == 3
        assert [h.path for h in reader_side.search("hostages").hits] == ["a.txt"]


def test_an_old_reader_survives_another_writer_merging_its_segments(
    corpus: Path, index_dir: Path
) -> None:
    """Segments are separate files: a reader must keep working after a merge deletes them."""
    with lib_for(corpus, index_dir) as first:
        first.update(entities=False)
        assert first.search("prisoners").total == 1
        searcher = first._reader_searcher()
        write(corpus, "z.txt", "Zeta", "Another text about prisoners.")
        with lib_for(corpus, index_dir) as second:
            second.update(entities=False)
            second.optimize()  # merges: the first reader's segment files are deleted
        # The old generation still answers from the files it holds open.
        docnum = searcher.document_number(path="a.txt")
        assert searcher.stored_fields(docnum)["title"] == "Alpha report"
        assert first.search("prisoners").total == 2  # and the reader then moves on


def test_tidy_segments_drops_replaced_copies_without_merging_everything(
    tmp_path: Path, index_dir: Path
) -> None:
    """What the entity pass leaves: no dead copies, no rewrite of untouched segments."""
    corpus = tmp_path / "many"
    for i in range(30):
        write(corpus, f"d{i:02d}.txt", f"Doc {i}", f"common words and number{i}")
    with lib_for(corpus, index_dir) as lib:
        lib.update(entities=False)
        store = lib._store
        ix = store.ix
        for batch in (range(0, 10), range(10, 30)):  # two more segments: a known shape
            w = store.open_writer()
            for i in batch:
                w.update_document(**index_mod.doc_fields(f"d{i:02d}.txt", "t", None, "v1"))
            w.commit(merge=False)
        untouched = {seg.segment_id() for seg in ix._segments() if seg.deleted_count() == 0}
        w = store.open_writer()  # rewrite everything once more, as the entity pass does
        for i in range(30):
            w.update_document(**index_mod.doc_fields(f"d{i:02d}.txt", "t", None, "v2 words"))
        w.commit(mergetype=index_mod.tidy_segments)
        with ix.searcher() as searcher:
            assert searcher.doc_count() == searcher.doc_count_all() == 30
        assert not untouched & {seg.segment_id() for seg in ix._segments()}
        assert lib.search("v2").total == 30 and lib.search("v1").total == 0
        before = {seg.segment_id() for seg in ix._segments()}
        w = store.open_writer()  # a few replaced: the big segment is kept, not rewritten
        for i in range(2):
            w.update_document(**index_mod.doc_fields(f"d{i:02d}.txt", "t", None, "v3"))
        w.commit(mergetype=index_mod.tidy_segments)
        assert before <= {seg.segment_id() for seg in ix._segments()}
        assert lib.search("v3").total == 2 and lib.search("").total == 30


def write_many(corpus: Path, prefix: str, count: int, body: str) -> None:
    """Files {prefix}00.txt ... titled "{prefix} i", with `body` formatted with `i`."""
    for i in range(count):
        write(corpus, f"{prefix}{i:02d}.txt", f"{prefix} {i}", body.format(i=i))


def test_a_corpus_edited_wholesale_leaves_no_dead_copies(tmp_path: Path, index_dir: Path) -> None:
    corpus = tmp_path / "edited"
    write_many(corpus, "e", 20, "first version {i}")
    with lib_for(corpus, index_dir) as lib:
        lib.update(entities=False)
        write_many(corpus, "e", 20, "second version {i} rewritten")
        assert lib.update(entities=False).updated == 20
        with lib._store.ix.searcher() as searcher:
            assert searcher.doc_count() == searcher.doc_count_all() == 20
        assert lib.search("rewritten").total == 20


def test_small_blocks_of_postings_are_stored_raw_and_read_back_whole(
    tmp_path: Path, index_dir: Path
) -> None:
    from tuireader.core import whoosh_fixes

    corpus = tmp_path / "many"
    for i in range(40):
        extra = " rarebird" if i in (3, 17) else ""
        write(corpus, f"d{i:02d}.txt", f"Doc {i}", f"Common words here{extra}.")
    with lib_for(corpus, index_dir) as lib:
        lib.update(entities=False)
        with lib._lock:
            searcher = lib._reader_searcher()
            found = {}
            for word in ("rarebird", "common"):
                docs: list[str] = []
                for leaf in searcher.reader().leaf_readers():
                    reader = leaf[0]
                    if ("body", word) not in reader:
                        continue
                    matcher = reader.postings("body", word)
                    while matcher.is_active():
                        docs.append(reader.stored_fields(matcher.id())["path"])
                        matcher.next()
                    found[word] = (docs, matcher._compression)
    assert whoosh_fixes.RAW_BLOCK_POSTINGS <= 40
    assert sorted(found["rarebird"][0]) == ["d03.txt", "d17.txt"]
    assert len(found["common"][0]) == 40
    # Both blocks are split (negative field); two postings are stored raw, a full
    # block's values compressed.
    assert found["rarebird"][1] < 0 and found["common"][1] < 0
    assert whoosh_fixes.split_layout(found["rarebird"][1])[0] == 0
    assert whoosh_fixes.split_layout(found["common"][1])[0] > 0


def test_ranking_reads_ids_and_weights_only_and_values_on_demand(
    tmp_path: Path, index_dir: Path
) -> None:
    from tuireader.core import whoosh_fixes

    corpus = tmp_path / "split"
    for i in range(60):
        body = "alpha beta " * (i % 4 + 1) + f"gamma{i}"
        write(corpus, f"s{i:02d}.txt", f"Split {i}", body)
    with lib_for(corpus, index_dir) as lib:
        lib.update(entities=False)
        with lib._lock:
            reader = lib._reader_searcher().reader()
            matcher = reader.postings("body", "alpha")
            assert matcher._compression < 0
            ids, weights = list(matcher.all_ids()), []
            matcher = reader.postings("body", "alpha")
            while matcher.is_active():
                weights.append(matcher.weight())
                assert matcher._data[2] is whoosh_fixes._UNREAD  # values untouched
                matcher.next()
            matcher = reader.postings("body", "alpha")
            first_positions = matcher.value_as("positions")
        assert len(ids) == 60
        assert sorted(set(weights)) == [1, 2, 3, 4]  # "alpha" once per repeat
        assert first_positions == [0, 2, 4, 6][: len(first_positions)]
        assert lib.search('"alpha beta alpha"').total == 45
        hit = lib.search('"beta gamma7"').hits[0]
        assert hit.path == "s07.txt" and hit.matches


def test_segments_with_full_blocks_of_every_field_merge(tmp_path: Path, index_dir: Path) -> None:
    # Merging reads every posting's value, also of fields that store none (the
    # vocabulary): a full block of those has an empty values part.
    corpus = tmp_path / "merge"
    write_many(corpus, "m", 80, "shared words here, and word{i}")
    with lib_for(corpus, index_dir) as lib:
        lib.update(entities=False)
        write_many(corpus, "m", 40, "shared words changed, and word{i}")
        lib.update(entities=False)
        lib.optimize()
        with lib._store.ix.searcher() as searcher:
            assert len(searcher.reader().leaf_readers()) == 1
            assert searcher.doc_count() == searcher.doc_count_all() == 80
        assert lib.search("shared").total == 80
        assert lib.search("changed").total == 40
        assert lib.search('"words here"').total == 40


def test_blocks_written_whole_by_plain_whoosh_still_read(tmp_path: Path) -> None:
    from whoosh import fields, index
    from whoosh.codec import whoosh3

    from tuireader.core import whoosh_fixes

    ix = index.create_in(str(tmp_path), fields.Schema(t=fields.TEXT(stored=True)))
    whoosh3.W3PostingsWriter._write_block = whoosh_fixes._original_write_block
    try:
        with ix.writer() as w:
            for i in range(300):
                w.add_document(t=f"word{i % 3} shared text number {i}")
    finally:
        whoosh_fixes.apply()
    with ix.searcher() as s:
        matcher = s.reader().postings("t", "shared")
        assert matcher._compression > 0  # the whole layout
        assert len(list(matcher.all_ids())) == 300
        from whoosh.qparser import QueryParser

        q = QueryParser("t", ix.schema).parse('"shared text"')
        assert len(s.search(q, limit=None)) == 300


def leaves(lib: Library) -> dict[str, Any]:
    """The library searcher's segment readers, by segment id."""
    with lib._lock:
        readers = lib._reader_searcher().reader().leaf_readers()
        return {r.segment().segment_id(): r for r, _ in readers}


def test_a_fresh_searcher_keeps_the_readers_of_unchanged_segments(
    corpus: Path, index_dir: Path
) -> None:
    with lib_for(corpus, index_dir) as lib:
        lib.update(entities=False)
        write(corpus, "d.txt", "Delta", "A second segment about prisoners.")
        write(corpus, "f.txt", "Phi", "The second segment's other document.")
        lib.update(entities=False)
        before = leaves(lib)
        assert len(before) == 2
        write(corpus, "e.txt", "Epsilon", "A third segment.")  # adds a segment
        write(corpus, "d.txt", "Delta", "Rewritten: about hostages.")  # deletes in one
        os.utime(corpus / "d.txt", ns=(3, 3))
        report = lib.update(entities=False)
        assert (report.added, report.updated) == (1, 1)
        after = leaves(lib)
        assert len(after) == 3
        kept = [sid for sid in before if after.get(sid) is before[sid]]
        assert len(kept) == 1  # the untouched first segment
        changed = [sid for sid in before if sid in after and after[sid] is not before[sid]]
        assert len(changed) == 1 and before[changed[0]].is_closed  # its deletions changed
        assert lib.search("").total == 6
        assert [h.path for h in lib.search("prisoners").hits] == ["a.txt"]
        assert [h.path for h in lib.search("hostages").hits] == ["d.txt"]


def test_phrase_spans_match_whooshs_own_on_repeated_words(tmp_path: Path, index_dir: Path) -> None:
    import random

    from whoosh.query import Phrase, spans

    from tuireader.core import whoosh_fixes

    rng = random.Random(5)
    corpus = tmp_path / "phrases"
    for i in range(30):
        body = " ".join(rng.choice(["the", "red", "boat", "sails"]) for _ in range(60))
        write(corpus, f"p{i:02d}.txt", f"Phrase {i}", body)
    phrases = [["the", "the"], ["red", "boat"], ["the", "red", "boat", "sail"], ["boat"] * 3]
    phrases += [[rng.choice(["the", "red", "boat", "sail"]) for _ in range(3)] for _ in range(8)]

    def spans_of(searcher: Any, words: list[str], get: Any) -> list[tuple[int, list[Any]]]:
        spans.SpanNear2.SpanNear2Matcher._get_spans = get
        try:
            found = []
            matcher = Phrase("body", words).matcher(searcher)
            while matcher.is_active():
                found.append((matcher.id(), [repr(s) for s in matcher.spans()]))
                matcher.next()
            return found
        finally:
            whoosh_fixes.apply()

    with lib_for(corpus, index_dir) as lib:
        lib.update(entities=False)
        with lib._lock:
            searcher = lib._reader_searcher()
            for words in phrases:
                mine = spans_of(searcher, words, whoosh_fixes._near2_spans)
                whoosh = spans_of(searcher, words, whoosh_fixes._original_near2_spans)
                assert mine == whoosh, words
                assert words != ["red", "boat"] or mine  # the phrases do occur
