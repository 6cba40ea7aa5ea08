"""Palette, help, log, and the layout at 80x24."""

from __future__ import annotations

from textual.command import CommandPalette
from textual.widgets import Input, Log, MarkdownViewer

from conftest_ui import QUERY, main_screen, settle, type_query
from tuireader.ui.app import ReaderApp
from tuireader.ui.commands import COMMANDS
from tuireader.ui.screens.help import HelpScreen
from tuireader.ui.screens.log import LogScreen
from tuireader.ui.screens.main import MainScreen


async def test_help_from_question_mark_and_f1(app: ReaderApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("escape")  # leave the query box: ? would be typed there
        await pilot.press("tab")
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        markdown = app.screen.query_one(MarkdownViewer).document.source
        assert "Next / previous mention" in markdown and "Command palette" in markdown
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


async def test_palette_finds_every_action_by_name(app: ReaderApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        for _name, _help, action in COMMANDS:
            target = app if action.startswith("app.") else screen
            method = action.removeprefix("app.")
            assert hasattr(target, f"action_{method}"), action
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"keys and query")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert isinstance(app.screen, HelpScreen)


async def test_palette_runs_a_reader_action(app: ReaderApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await type_query(pilot, QUERY)
        screen = main_screen(app)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"sort by relevance or date")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause(0.3)
        await settle(pilot)
        assert screen.sort == "date"


async def test_log_screen_lists_notices(app: ReaderApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        screen.notice("a test notice with [bold]markup[/bold]", "warning", toast=False)
        await pilot.press("escape", "tab", "l")
        await pilot.pause()
        assert isinstance(app.screen, LogScreen)
        lines = app.screen.query_one(Log).lines
        assert any("Opened" in line for line in lines)
        assert any("[bold]markup[/bold]" in line for line in lines)
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


async def test_80x24_folds_the_entity_panel(app: ReaderApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await type_query(pilot, QUERY)
        await pilot.press("enter", "enter")
        await settle(pilot)
        screen = main_screen(app)
        assert screen.has_class("-narrow")
        assert not screen.entity_panel.display or not screen.entity_panel.region
        assert screen.search_pane.region.width > 0 and screen.viewer.region.width >= 40
        await pilot.press("e")  # unfolds the panel in the search pane's place
        await pilot.pause()
        assert screen.entity_panel.region.width > 0
        assert screen.search_pane.region.width == 0
        assert screen.focused is screen.entity_panel.entity_list
        await pilot.press("slash")  # and / brings the search pane back, cursor in the box
        await pilot.pause()
        assert screen.focused is screen.search_pane.query_one("#query", Input)
        assert screen.search_pane.region.width > 0
        assert screen.entity_panel.region.width == 0
        # Widening the terminal shows all three panes.
        await pilot.resize_terminal(160, 48)
        await pilot.pause()
        assert not screen.has_class("-narrow")
        assert screen.entity_panel.region.width > 0 and screen.search_pane.region.width > 0


async def test_the_collector_is_off_only_until_the_first_frame(app: ReaderApp) -> None:
    import gc

    painted: list[bool] = []
    display = app._display

    def first(screen: object, renderable: object) -> None:
        if renderable is not None and not painted:
            painted.append(gc.isenabled())
        display(screen, renderable)  # type: ignore[arg-type]

    app._display = first  # type: ignore[method-assign]
    try:
        assert not gc.isenabled()  # off from the app's construction...
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            assert painted == [False]  # ...through the first frame...
            assert gc.isenabled()  # ...and on again right after it
    finally:
        gc.enable()
    assert gc.isenabled()
