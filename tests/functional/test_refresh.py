"""Files added, changed or removed while the reader is open: found and indexed."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from conftest_ui import main_screen, settle, type_query
from tuireader.factory import make_app
from tuireader.ui.app import ReaderApp
from tuireader.ui.screens import main as main_module
from tuireader.ui.widgets.search_pane import ResultList

NEW = " date 2017-03-01 Quokka census\n\nRangers counted every quokka on Rottnest Island.\n"


@pytest.fixture
def own_app(built: tuple[Path, Path], tmp_path: Path) -> ReaderApp:
    """The reader on a private copy of the corpus and its index (this test adds files)."""
    return private_app(built, tmp_path)


@pytest.fixture
def polling_app(
    built: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> ReaderApp:
    """As `own_app`, not watching its folder: changes are found by looking."""
    monkeypatch.setattr(main_module, "WATCH_FOLDER", False)
    return private_app(built, tmp_path)


def private_app(built: tuple[Path, Path], tmp_path: Path) -> ReaderApp:
    corpus, index = built
    shutil.copytree(corpus, tmp_path / "corpus")  # mtimes kept: the index copy is current
    shutil.copytree(index, tmp_path / "index")
    return make_app(tmp_path / "corpus", index_dir=tmp_path / "index")


def title(app: ReaderApp) -> str:
    return str(main_screen(app).query_one("#hdr-title", Static).render())


async def wait_for(pilot: Pilot[None], condition: Callable[[], bool], rounds: int = 300) -> None:
    for _ in range(rounds):
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError("timed out")


async def test_ctrl_r_indexes_a_file_added_while_the_reader_is_open(
    polling_app: ReaderApp,
) -> None:
    app, corpus = polling_app, polling_app.corpus
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        assert "6 documents" in title(app)
        await pilot.press("ctrl+r")  # nothing changed yet
        await settle(pilot)
        assert screen.log_entries[-1].text == "The index is up to date with the folder"
        added = corpus / "quokka.txt"
        added.write_text(NEW, "utf-8")
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert "7 documents" in title(app)
        await type_query(pilot, "quokka")
        hits = screen.query_one(ResultList).hits
        assert [hit.path for hit in hits] == ["quokka.txt"]
        added.unlink()
        await pilot.press("escape")
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert "6 documents" in title(app)


async def test_an_idle_reader_notices_changes_by_itself(
    polling_app: ReaderApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(main_module, "CHECK_EVERY_SECONDS", 0.2)
    app, corpus = polling_app, polling_app.corpus
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        added = corpus / "quokka.txt"
        added.write_text(NEW, "utf-8")
        await wait_for(pilot, lambda: "7 documents" in title(app))
        added.unlink()
        await wait_for(pilot, lambda: "6 documents" in title(app))


async def test_a_slow_look_at_the_folder_is_never_doubled(
    polling_app: ReaderApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading
    import time

    from tuireader.core.library import Library

    monkeypatch.setattr(main_module, "CHECK_EVERY_SECONDS", 0.05)
    running, most, calls = [0], [0], [0]
    lock = threading.Lock()

    def slow_is_stale(self: Library) -> bool:
        with lock:
            running[0] += 1
            calls[0] += 1
            most[0] = max(most[0], running[0])
        time.sleep(0.4)  # a folder on a slow disk
        with lock:
            running[0] -= 1
        return False

    app = polling_app
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        monkeypatch.setattr(Library, "is_stale", slow_is_stale)
        await wait_for(pilot, lambda: calls[0] >= 3)
    assert most[0] == 1


PERSON = " date 2017-03-02 Summit\n\nAngela Merkel met Emmanuel Macron in Paris on Thursday.\n"


async def test_a_watched_folder_is_indexed_as_files_change(own_app: ReaderApp) -> None:
    """No look at the whole folder (the periodic one is 15 s away): the watch reports the
    file, its text is indexed in the reader, its people in the child process after."""
    app, corpus = own_app, own_app.corpus
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        await wait_for(pilot, lambda: screen._watch is not None)
        added = corpus / "summit.txt"
        added.write_text(PERSON, "utf-8")
        await wait_for(pilot, lambda: "7 documents" in title(app))
        await settle(pilot)
        await type_query(pilot, 'person:"Angela Merkel"')
        assert [hit.path for hit in screen.query_one(ResultList).hits] == ["summit.txt"]
        folder = corpus / "new folder"
        folder.mkdir()
        (folder / "quokka.txt").write_text(NEW, "utf-8")
        added.unlink()
        library = screen.library
        assert library is not None
        await wait_for(
            pilot,
            lambda: (
                "summit.txt" not in (paths := library.all_paths())
                and "new folder/quokka.txt" in paths
            ),
        )
        await settle(pilot)
        assert "7 documents" in title(app)
        await type_query(pilot, "quokka")
        assert [hit.path for hit in screen.query_one(ResultList).hits] == ["new folder/quokka.txt"]
        texts = [entry.text for entry in screen.log_entries]
        assert any(text.startswith("Watching ") for text in texts)
        assert not any(text.startswith("Not watching") for text in texts)


async def test_a_folder_that_cannot_be_watched_is_looked_at_instead(
    own_app: ReaderApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tuireader.core.watch import FolderWatch

    monkeypatch.setattr(FolderWatch, "start", lambda self: "the limit is reached")
    monkeypatch.setattr(main_module, "CHECK_EVERY_SECONDS", 0.2)
    app, corpus = own_app, own_app.corpus
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        texts = [entry.text for entry in screen.log_entries]
        assert any(t.startswith("Not watching the folder (the limit is reached)") for t in texts)
        (corpus / "quokka.txt").write_text(NEW, "utf-8")
        await wait_for(pilot, lambda: "7 documents" in title(app))


async def test_watched_changes_are_tried_again_when_the_index_was_busy(
    own_app: ReaderApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tuireader.core.library import Library
    from tuireader.core.models import IndexBusyError

    monkeypatch.setattr(main_module, "RETRY_CHANGES_SECONDS", 0.2)
    original = Library.update
    refused: list[object] = []

    def busy_once(self: Library, **kwargs: object) -> object:
        if kwargs.get("changed") is not None and not refused:
            refused.append(kwargs["changed"])
            raise IndexBusyError("another tuireader is updating this index")
        return original(self, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Library, "update", busy_once)
    app, corpus = own_app, own_app.corpus
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        await wait_for(pilot, lambda: screen._watch is not None)
        (corpus / "quokka.txt").write_text(NEW, "utf-8")
        await wait_for(pilot, lambda: "7 documents" in title(app))
        assert refused == [("quokka.txt",)]


async def test_a_folder_removed_while_open_is_said_once_and_the_index_stays(
    own_app: ReaderApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(main_module, "RETRY_CHANGES_SECONDS", 0.2)
    app, corpus = own_app, own_app.corpus
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        await wait_for(pilot, lambda: screen._watch is not None)
        shutil.rmtree(corpus)
        state = screen.query_one("#hdr-state", Static)
        await wait_for(pilot, lambda: str(state.render()) == "folder missing")
        await pilot.pause(1.0)  # a retry every 0.2 s would show here
        stopped = [e.text for e in screen.log_entries if e.text.startswith("Indexing stopped")]
        assert len(stopped) == 1 and "is gone or cannot be read" in stopped[0]
        assert "6 documents" in title(app)
        await type_query(pilot, "prisoners")
        assert screen.query_one(ResultList).hits  # what was indexed stays searchable
