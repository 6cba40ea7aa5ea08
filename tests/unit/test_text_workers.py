"""The text pass in worker processes: same index as the serial pass, updates, failures,
interruption, and the in-memory posting pool."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from tuireader.core import documents, text_workers
from tuireader.core.library import Library

pytestmark = pytest.mark.skipif(text_workers.worker_count() < 2, reason="needs two cores and fork")

WORDS = ["minister", "court", "refugees", "election", "budget", "talks", "harbour", "prisoners"]


def write_corpus(folder: Path, count: int, version: str = "first") -> None:
    rng = random.Random(count)
    for i in range(count):
        words = " ".join(rng.choice(WORDS) for _ in range(40))
        path = folder / f"d{i:03d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            f" date 2017-01-{i % 28 + 1:02d} Title {i} {version}\n\n"
            f"{words} unique{i} {version}version\n",
            "utf-8",
        )


@pytest.fixture
def parallel(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(text_workers, "PARALLEL_MIN_DOCS", 10)
    monkeypatch.setattr(text_workers, "CHUNK_DOCS", 4)


def results(lib: Library, query: str) -> list[tuple[str, int]]:
    found = lib.search(query, limit=100)
    return sorted((hit.path, len(hit.matches)) for hit in found.hits)


def test_workers_build_the_same_index_as_one_process(
    tmp_path: Path, parallel: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = tmp_path / "c"
    write_corpus(corpus, 60)
    (corpus / "broken.txt").write_bytes(b"\x00\x01binary\x00" * 50)
    with Library(corpus, tmp_path / "workers") as lib:
        report = lib.update(entities=False)
        assert (report.added, len(report.skipped)) == (60, 1)
        assert lib.status().documents == 60
        in_workers = [results(lib, q) for q in ("minister", '"court refugees"', "unique7", "")]
    index_dir = tmp_path / "workers"
    assert not list(index_dir.glob("*.tmp*")), "worker temporary folders are removed"
    monkeypatch.setattr(text_workers, "PARALLEL_MIN_DOCS", 10_000)
    with Library(corpus, tmp_path / "serial") as lib:
        lib.update(entities=False)
        serial = [results(lib, q) for q in ("minister", '"court refugees"', "unique7", "")]
    assert in_workers == serial
    assert in_workers[0] and in_workers[1]
    with Library(corpus, index_dir) as lib:  # the manifest knows every file
        assert not lib.is_stale()
        again = lib.update(entities=False)
    assert again.added == again.updated == 0 and len(again.skipped) == 1


def test_workers_replace_changed_files_without_duplicates(tmp_path: Path, parallel: None) -> None:
    corpus = tmp_path / "c"
    write_corpus(corpus, 30)
    with Library(corpus, tmp_path / "ix") as lib:
        lib.update(entities=False)
        write_corpus(corpus, 30, version="second")
        (corpus / "d000.txt").unlink()
        report = lib.update(entities=False)
        assert (report.added, report.updated, report.removed) == (0, 29, 1)
        assert lib.status().documents == 29
        assert lib.search("firstversion").total == 0
        assert lib.search("secondversion").total == 29
        with lib._store.ix.searcher() as searcher:
            assert searcher.doc_count() == 29


def test_a_failing_worker_is_reported_and_the_index_stays_usable(
    tmp_path: Path, parallel: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = tmp_path / "c"
    write_corpus(corpus, 12)
    with Library(corpus, tmp_path / "ix") as lib:
        lib.update(entities=False)
    write_corpus(corpus / "more", 20)
    real_load = documents.load

    def load(root: Path, entry: documents.FileEntry | str) -> documents.Loaded:
        path = entry if isinstance(entry, str) else entry.path
        if path.endswith("d015.txt"):
            raise MemoryError("simulated")
        return real_load(root, entry)

    monkeypatch.setattr(documents, "load", load)
    with (
        Library(corpus, tmp_path / "ix") as lib,
        pytest.raises(RuntimeError, match="indexing worker failed"),
    ):
        lib.update(entities=False)
    monkeypatch.setattr(documents, "load", real_load)
    with Library(corpus, tmp_path / "ix") as lib:
        assert lib.search("unique3").total >= 1  # what was committed is still there
        report = lib.update(entities=False)
        assert lib.status().documents == 32
        assert report.added + report.unchanged == 32
        with lib._store.ix.searcher() as searcher:
            assert searcher.doc_count() == 32


def test_an_interrupted_pass_stops_and_resumes(tmp_path: Path, parallel: None) -> None:
    corpus = tmp_path / "c"
    write_corpus(corpus, 80)
    seen: list[str] = []

    def progress(p: object) -> None:
        seen.append(getattr(p, "path", ""))

    with Library(corpus, tmp_path / "ix") as lib:
        report = lib.update(entities=False, progress=progress, cancel=lambda: len(seen) > 20)
        assert "indexing was interrupted; it resumes next time" in report.notes
        first = lib.status().documents
        assert first < 80
        assert lib.is_stale()
        report = lib.update(entities=False)
        assert report.added == 80 - first
        assert lib.status().documents == 80


def test_the_small_segments_of_a_pass_are_merged_and_no_others(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tuireader.core import index as index_mod

    corpus = tmp_path / "c"
    for count in (40, 50, 2, 3):  # one update, one segment each
        write_corpus(corpus / f"part{count}", count)
        with Library(corpus, tmp_path / "ix") as lib:
            lib.update(entities=False)

    def sizes_after(made_of: set[int], limit: int) -> list[int]:
        monkeypatch.setattr(index_mod, "MAX_SEGMENTS_AFTER_PASS", limit)
        with Library(corpus, tmp_path / "ix") as lib:
            store = lib._store
            w = store.open_writer()
            made = {s.segment_id() for s in w.segments if s.doc_count_all() in made_of}
            index_mod.commit_with(
                w, [], clean=True, mergetype=lambda wr, s: index_mod._merge_small(wr, s, made)
            )
            with store.ix.searcher() as searcher:
                assert searcher.doc_count() == searcher.doc_count_all() == 95
                return sorted(r.doc_count_all() for r, _ in searcher.reader().leaf_readers())

    # Four segments, three at most: the two smallest of the pass are merged, and a
    # segment the pass did not make (3 documents) is never touched.
    assert sizes_after({40, 50, 2}, 3) == [3, 42, 50]
    assert sizes_after({3, 42, 50}, 3) == [3, 42, 50]  # at the limit: nothing to merge
    assert sizes_after({3, 42, 50}, 2) == [45, 50]


def test_a_pass_of_many_small_segments_leaves_fewer(
    tmp_path: Path, parallel: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tuireader.core import index as index_mod

    monkeypatch.setattr(text_workers, "SEGMENT_FIRST_SECONDS", 0.0005)
    made: list[int] = []
    real_commit = index_mod.commit_with

    def counting(writer: object, segments: list[object], **kwargs: object) -> None:
        made.extend(1 for _ in segments)
        real_commit(writer, segments, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(index_mod, "commit_with", counting)
    corpus = tmp_path / "c"
    write_corpus(corpus, 120)
    with Library(corpus, tmp_path / "ix") as lib:
        assert lib.update(entities=False).added == 120
        with lib._store.ix.searcher() as searcher:
            sizes = [r.doc_count_all() for r, _ in searcher.reader().leaf_readers()]
            assert searcher.doc_count() == searcher.doc_count_all() == 120
        assert lib.search("unique0").total == 1 and lib.search("unique119").total == 1
    assert len(made) >= 4  # workers finished many small segments
    assert len(sizes) < len(made)
