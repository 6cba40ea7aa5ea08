"""The manifest: base plus journal, torn and stale journals, when the base is rewritten."""

from __future__ import annotations

from pathlib import Path

import pytest

from tuireader.core import manifest as manifest_mod
from tuireader.core.manifest import Manifest, ManifestEntry, journal_path


def _entries(n: int) -> dict[str, ManifestEntry]:
    return {f"doc_{i:05d}.txt": ManifestEntry(i, 1_000 + i, f"d{i}") for i in range(n)}


def _plain(m: Manifest) -> dict[str, tuple[int, int, str]]:
    return {p: (e.size, e.mtime_ns, e.digest) for p, e in m.files.items()}


def _torn_journal(tmp_path: Path) -> Path:
    """A manifest of 20 files, one change appended (doc_00001 "kept"), then a torn line."""
    path = tmp_path / "manifest.json"
    m = Manifest(_entries(20))
    m.save(path)
    m.files["doc_00001.txt"] = ManifestEntry(9, 9, "kept")
    m.save(path)
    with open(journal_path(path), "ab") as journal:
        journal.write(b'["set","doc_00002.txt",9,9,"to')  # a crash while appending
    return path


def test_a_few_changes_are_appended_and_read_back(tmp_path: Path) -> None:
    path = tmp_path / "manifest.json"
    m = Manifest(_entries(50))
    m.save(path)
    base = path.read_bytes()
    assert not journal_path(path).exists()
    m.files["doc_00003.txt"] = ManifestEntry(7, 7, "changed")
    m.files["new.txt"] = ManifestEntry(1, 2, "new")
    m.files.pop("doc_00010.txt")
    m.save(path)
    assert path.read_bytes() == base  # the base was not rewritten
    assert len(journal_path(path).read_text().splitlines()) == 4  # base id + 3 changes
    again = Manifest.load(path)
    assert again is not None and _plain(again) == _plain(m)
    assert again.is_current(path)


def test_saving_nothing_new_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "manifest.json"
    Manifest(_entries(5)).save(path)
    loaded = Manifest.load(path)
    assert loaded is not None
    loaded.save(path)
    assert not journal_path(path).exists()


def test_a_torn_last_line_is_ignored_and_earlier_lines_kept(tmp_path: Path) -> None:
    path = _torn_journal(tmp_path)
    loaded = Manifest.load(path)
    assert loaded is not None
    assert loaded.files["doc_00001.txt"].digest == "kept"
    assert loaded.files["doc_00002.txt"].digest == "d2"


def test_a_journal_of_another_base_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "manifest.json"
    m = Manifest(_entries(20))
    m.save(path)
    m.files["doc_00001.txt"] = ManifestEntry(9, 9, "old journal")
    m.save(path)
    stale = journal_path(path).read_bytes()
    Manifest(_entries(20)).save(path)  # a new base (another id), journal dropped
    journal_path(path).write_bytes(stale)  # e.g. a crash between the two steps
    loaded = Manifest.load(path)
    assert loaded is not None and loaded.files["doc_00001.txt"].digest == "d1"


def test_a_long_journal_is_folded_into_a_new_base(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(manifest_mod, "JOURNAL_MIN", 5)
    path = tmp_path / "manifest.json"
    m = Manifest(_entries(20))
    m.save(path)
    for i in range(4):
        m.files[f"doc_{i:05d}.txt"] = ManifestEntry(0, 0, f"round {i}")
        m.save(path)
    assert journal_path(path).exists()
    for i in range(4, 8):
        m.files[f"doc_{i:05d}.txt"] = ManifestEntry(0, 0, f"round {i}")
    m.save(path)  # 4 + 4 changes > 5 allowed: a new base
    assert not journal_path(path).exists()
    loaded = Manifest.load(path)
    assert loaded is not None and _plain(loaded) == _plain(m)


def test_is_current_notices_a_save_by_someone_else(tmp_path: Path) -> None:
    path = tmp_path / "manifest.json"
    Manifest(_entries(10)).save(path)
    mine = Manifest.load(path)
    theirs = Manifest.load(path)
    assert mine is not None and theirs is not None and mine.is_current(path)
    theirs.files["x.txt"] = ManifestEntry(1, 1, "x")
    theirs.save(path)  # appended to the journal
    assert not mine.is_current(path)
    reread = Manifest.load(path)
    assert reread is not None and "x.txt" in reread.files


def test_a_save_after_a_torn_or_foreign_journal_is_not_lost(tmp_path: Path) -> None:
    path = _torn_journal(tmp_path)
    loaded = Manifest.load(path)
    assert loaded is not None
    loaded.files["doc_00003.txt"] = ManifestEntry(7, 7, "after the crash")
    loaded.save(path)  # appended after the torn bytes it would be unreadable
    again = Manifest.load(path)
    assert again is not None and again.files["doc_00003.txt"].digest == "after the crash"
    assert again.files["doc_00001.txt"].digest == "kept"
    # A journal left by another base (a crash between writing a base and dropping the
    # journal) is ignored, and must not swallow what is saved next either.
    stale = journal_path(path).read_bytes() if journal_path(path).exists() else b""
    Manifest(_entries(20)).save(path)
    journal_path(path).write_bytes(stale or b'["base","0000"]\n')
    fresh = Manifest.load(path)
    assert fresh is not None
    fresh.files["doc_00004.txt"] = ManifestEntry(4, 4, "after the stale journal")
    fresh.save(path)
    last = Manifest.load(path)
    assert last is not None and last.files["doc_00004.txt"].digest == "after the stale journal"
