"""Helpers shared by the UI tests (functional, snapshots): corpora and waiting for the app.

Importable from any test module under tests/ (pytest puts tests/ on sys.path for its
conftest); not a conftest itself, so it defines no fixtures.
"""

from __future__ import annotations

import shutil
import tarfile
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from tuireader.ui.app import ReaderApp
from tuireader.ui.screens.main import MainScreen

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
NEWS_DIR = Path("/tmp/news/news-articles")
NEWS_ARCHIVE = REPO.parent / "shared" / "data" / "news-articles.tar.gz"
ARTICLES = ("news_0038.txt", "news_0263.txt", "news_0653.txt", "news_1046.txt", "news_1594.txt")
"""Five articles about prisons and prisoners (Syria, Thailand): Assad, Amnesty, the UN
recur across them, so mentions can be walked from one document to the next."""

QUERY = "prisoners"


def make_corpus(folder: Path, *, articles: bool = True) -> Path:
    """Fill `folder` with the seeds (and the five articles): a small, real corpus."""
    folder.mkdir(parents=True, exist_ok=True)
    for seed in SEEDS.glob("*.txt"):
        shutil.copy2(seed, folder / seed.name)
    if articles:
        copy_articles(folder)
    return folder


def copy_articles(dest: Path, names: tuple[str, ...] = ARTICLES) -> None:
    """Copy the named news articles into `dest` (from the unpacked folder or the archive)."""
    if NEWS_DIR.is_dir():
        for name in names:
            shutil.copy2(NEWS_DIR / name, dest / name)
        return
    if not NEWS_ARCHIVE.exists():
        pytest.skip(f"no news articles at {NEWS_DIR} or {NEWS_ARCHIVE}")
    with tarfile.open(NEWS_ARCHIVE) as tar:
        for name in names:
            data = tar.extractfile(f"news-articles/{name}")
            assert data is not None
            (dest / name).write_bytes(data.read())


def main_screen(app: ReaderApp) -> MainScreen:
    """The main screen (the bottom of the stack, whatever modal is open)."""
    screen = app.screen_stack[0]
    assert isinstance(screen, MainScreen)
    return screen


async def settle(pilot: Pilot[None], timeout_rounds: int = 400) -> None:
    """Wait until the library is open, indexing is over and no worker is running."""
    app = pilot.app
    assert isinstance(app, ReaderApp)
    quiet = 0
    for _ in range(timeout_rounds):
        await pilot.pause(0.02)
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = main_screen(app)
        busy = (
            screen.library is None
            or screen.indexing
            or any(worker.is_running for worker in app.workers)
        )
        quiet = 0 if busy else quiet + 1
        if quiet >= 2:
            return
    raise AssertionError("the app did not settle")


async def type_query(pilot: Pilot[None], text: str) -> None:
    """Focus the query, replace its text by typing, and wait for the results."""
    await pilot.press("slash")
    app = pilot.app
    assert isinstance(app, ReaderApp)
    main_screen(app).search_pane.query_one("#query", Input).value = ""
    await pilot.press(*text)
    await pilot.pause(0.3)
    await settle(pilot)
