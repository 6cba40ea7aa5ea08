"""Changes reported by a folder watch: the watch itself, and updates of those paths only."""

from __future__ import annotations

import errno
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tuireader.core import documents
from tuireader.core.library import Library
from tuireader.core.watch import FolderWatch


def write(corpus: Path, name: str, body: str, date: str = "2017-01-05") -> Path:
    path = corpus / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f" date {date} {name}\n\n{body}\n", "utf-8")
    return path


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    c = tmp_path / "corpus"
    write(c, "a.txt", "Alpha prisoners were released.")
    write(c, "b.txt", "Beta talks stalled.")
    write(c, "sub/c.txt", "Gamma notes.")
    write(c, "sub/deeper/d.txt", "Delta notes.")
    return c


# -- scan_paths ------------------------------------------------------------------------


def test_scan_paths_lists_only_the_given_paths_and_walks_folders(corpus: Path) -> None:
    write(corpus, ".hidden/e.txt", "hidden")
    (corpus / "picture.png").write_bytes(b"\x89PNG")
    scan, scope = documents.scan_paths(
        corpus, ["a.txt", "sub", "gone.txt", "../outside.txt", ".hidden/e.txt", "picture.png"]
    )
    assert [e.path for e in scan.files] == ["a.txt", "sub/c.txt", "sub/deeper/d.txt"]
    assert scan.ignored == 1  # the picture
    assert scope.paths == {"a.txt", "sub", "gone.txt", "picture.png"}
    assert set(scope.folders) == {"sub/", "gone.txt/"}
    # What a full scan says of the same files.
    full = {e.path: e for e in documents.scan(corpus).files}
    assert all(full[e.path] == e for e in scan.files)


def test_scope_covers_files_under_its_folders_only(corpus: Path) -> None:
    _, scope = documents.scan_paths(corpus, ["sub", "b.txt"])
    known = {"a.txt", "b.txt", "sub/c.txt", "sub/deeper/d.txt", "subway.txt"}
    assert scope.covered(known) == {"b.txt", "sub/c.txt", "sub/deeper/d.txt"}
    _, files_only = documents.scan_paths(corpus, ["a.txt"])
    assert files_only.covered(known) == {"a.txt"}


def test_scan_paths_leaves_out_paths_under_a_folder_symlink(corpus: Path) -> None:
    os.symlink(corpus / "sub", corpus / "link")
    scan, scope = documents.scan_paths(corpus, ["link/c.txt"])
    assert scan.files == () and not scope.paths


# -- Library.update(changed=...) -----------------------------------------------------------


def test_update_of_changed_paths_adds_changes_and_removes(corpus: Path, index_dir: Path) -> None:
    with Library(corpus, index_dir) as lib:
        lib.update(entities=False)
        new = write(corpus, "new.txt", "Quokka census on Rottnest.")
        write(corpus, "a.txt", "Alpha prisoners were freed.")
        (corpus / "b.txt").unlink()
        report = lib.update(entities=False, changed=[new, "a.txt", "b.txt", "sub/c.txt"])
        assert (report.added, report.updated, report.removed) == (1, 1, 1)
        assert report.unchanged == 1  # of the files looked at: sub/deeper/d.txt was not
        assert lib.all_paths() == ["a.txt", "new.txt", "sub/c.txt", "sub/deeper/d.txt"]
        assert [h.path for h in lib.search("quokka").hits] == ["new.txt"]
        assert [h.path for h in lib.search("freed").hits] == ["a.txt"]
        assert not lib.is_stale()  # the manifest agrees with a full scan


def test_update_of_changed_paths_looks_at_nothing_else(corpus: Path, index_dir: Path) -> None:
    (corpus / "broken.txt").write_bytes(b"\x00" * 64)  # skipped for its content, remembered
    with Library(corpus, index_dir) as lib:
        assert [s.path for s in lib.update(entities=False).skipped] == ["broken.txt"]
        write(corpus, "b.txt", "Beta talks resumed.")  # changed, but not reported
        write(corpus, "x.txt", "Xylophone.")
        report = lib.update(entities=False, changed=["x.txt"])
        assert (report.added, report.updated) == (1, 0)
        assert report.skipped == ()  # broken.txt is not news: not listed again
        assert lib.search("resumed").hits == ()
        assert lib.is_stale()  # a full look still finds b.txt
        assert lib.update(entities=False).updated == 1


def test_a_removed_folder_removes_its_files(corpus: Path, index_dir: Path) -> None:
    with Library(corpus, index_dir) as lib:
        lib.update(entities=False)
        (corpus / "sub" / "deeper" / "d.txt").unlink()
        (corpus / "sub" / "deeper").rmdir()
        (corpus / "sub" / "c.txt").rename(corpus / "c-moved.txt")
        (corpus / "sub").rmdir()
        report = lib.update(entities=False, changed=[str(corpus / "sub"), "c-moved.txt"])
        assert (report.added, report.removed) == (1, 2)
        assert lib.all_paths() == ["a.txt", "b.txt", "c-moved.txt"]
        assert not lib.is_stale()


def test_a_missing_corpus_folder_is_an_error_not_every_file_gone(
    corpus: Path, index_dir: Path
) -> None:
    with Library(corpus, index_dir) as lib:
        lib.update(entities=False)
        hidden = corpus.with_name("elsewhere")
        corpus.rename(hidden)  # an unmounted drive, a folder moved away
        with pytest.raises(OSError):
            lib.update(entities=False, changed=["a.txt", "sub"])
        hidden.rename(corpus)
        assert len(lib.all_paths()) == 4


def test_changed_paths_outside_the_corpus_are_left_out(
    corpus: Path, index_dir: Path, tmp_path: Path
) -> None:
    outside = write(tmp_path, "outside.txt", "Not ours.")
    with Library(corpus, index_dir) as lib:
        lib.update(entities=False)
        report = lib.update(entities=False, changed=[outside, "../outside.txt"])
        assert (report.added, report.updated, report.removed) == (0, 0, 0)
        assert len(lib.all_paths()) == 4


# -- FolderWatch ---------------------------------------------------------------------------


class Reports:
    """What a watch reported, waited for from the test's thread."""

    def __init__(self) -> None:
        self.batches: list[list[str]] = []
        self._event = threading.Event()

    def __call__(self, paths: list[str]) -> None:
        self.batches.append(paths)
        self._event.set()

    def wait(self, until: set[str], timeout: float = 5.0) -> set[str]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            seen = {p for batch in self.batches for p in batch}
            if until <= seen:
                return seen
            self._event.wait(0.05)
            self._event.clear()
        raise AssertionError(f"not reported: {until - seen}; got {self.batches}")


Watched = tuple[Path, Reports]


@pytest.fixture
def watched(corpus: Path) -> Iterator[Watched]:
    reports = Reports()
    watch = FolderWatch(corpus, reports, ignore=corpus / "index")
    assert watch.start() is None
    yield corpus, reports
    watch.stop()
    assert not watch.running


def test_watch_reports_new_changed_moved_and_removed_paths(watched: Watched) -> None:
    corpus, reports = watched
    write(corpus, "new.txt", "New.")
    write(corpus, "sub/c.txt", "Gamma changed.")
    (corpus / "b.txt").unlink()
    (corpus / "a.txt").rename(corpus / "sub" / "a.txt")
    seen = reports.wait({"new.txt", "sub/c.txt", "b.txt", "a.txt", "sub/a.txt"})
    assert all(p.endswith(".txt") for p in seen)


def test_watch_gathers_a_burst_into_one_report(watched: Watched) -> None:
    corpus, reports = watched
    for n in range(20):
        write(corpus, f"burst{n:02d}.txt", "x")
    reports.wait({f"burst{n:02d}.txt" for n in range(20)})
    assert len(reports.batches) <= 2


def test_watch_leaves_out_hidden_other_types_and_the_index(watched: Watched) -> None:
    corpus, reports = watched
    write(corpus, ".draft.txt", "x")
    (corpus / "notes.swp").write_bytes(b"x")
    write(corpus, "index/segment.txt", "x")
    write(corpus, "zz-last.txt", "x")
    seen = reports.wait({"zz-last.txt"})
    assert seen == {"zz-last.txt"}


def test_watch_reports_a_folder_moved_in_as_the_folder(watched: Watched, tmp_path: Path) -> None:
    corpus, reports = watched
    outside = tmp_path / "elsewhere"
    write(outside, "e.txt", "Epsilon.")
    outside.rename(corpus / "arrived")
    reports.wait({"arrived"})


def test_watch_of_a_missing_folder_says_why(tmp_path: Path) -> None:
    watch = FolderWatch(tmp_path / "missing", Reports())
    error = watch.start()
    assert error is not None and "missing" in error
    watch.stop()


@pytest.mark.parametrize(
    ("code", "says"),
    [(errno.ENOSPC, "fs.inotify.max_user_watches"), (errno.EMFILE, "max_user_instances")],
)
def test_watch_at_the_systems_limit_says_which(
    corpus: Path, monkeypatch: pytest.MonkeyPatch, code: int, says: str
) -> None:
    from watchdog.observers import Observer

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(Observer, "schedule", full)
    error = FolderWatch(corpus, Reports()).start()
    assert error is not None and says in error
