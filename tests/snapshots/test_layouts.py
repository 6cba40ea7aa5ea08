"""Snapshots of the main layout with the seed open and a query typed, at 80x24 and 160x48.

Update the baselines (after looking at them) with `pytest tests/snapshots --snapshot-update`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from conftest_ui import main_screen, make_corpus, settle
from tuireader.factory import make_app
from tuireader.ui.app import ReaderApp

QUERY = "political prisoners"


async def open_seed(pilot: Pilot[None]) -> None:
    """Type the query, open the seed at its first hit, wait for everything."""
    app = pilot.app
    assert isinstance(app, ReaderApp)
    await settle(pilot)
    main_screen(app).query_one("#query", Input).cursor_blink = False
    await pilot.press(*QUERY)
    await pilot.pause(0.3)
    await settle(pilot)
    await pilot.press("enter", "enter")
    await settle(pilot)


@pytest.fixture
def seed_app(tmp_path: Path) -> ReaderApp:
    """The reader on a copy of the seeds (a folder named `seeds`), with a fresh index."""
    corpus = make_corpus(tmp_path / "seeds", articles=False)
    return make_app(corpus, index_dir=tmp_path / "index")


@pytest.mark.parametrize("size", [(80, 24), (160, 48)], ids=["80x24", "160x48"])
def test_main_layout(snap_compare: Any, seed_app: ReaderApp, size: tuple[int, int]) -> None:
    assert snap_compare(seed_app, terminal_size=size, run_before=open_seed)


def test_entities_unfolded_at_80x24(snap_compare: Any, seed_app: ReaderApp) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await open_seed(pilot)
        await pilot.press("e")
        await settle(pilot)

    assert snap_compare(seed_app, terminal_size=(80, 24), run_before=run_before)
