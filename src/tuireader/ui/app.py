"""The reader's App: styles, global keys, the command palette and the main screen.

Kept thin on purpose: the work happens in `screens/main.py` (routing) and
`screens/workers.py` (background calls into the library).
"""

from __future__ import annotations

import gc
from pathlib import Path, PurePath
from typing import ClassVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import Screen

from tuireader import paths
from tuireader.ui.commands import ReaderCommands
from tuireader.ui.screens.main import MainScreen

STYLE_SHEETS = ("app.tcss", "search.tcss", "viewer.tcss", "entities.tcss", "modals.tcss")
"""The style sheets, one per area, in the order they are applied."""


def style_paths() -> list[str | PurePath]:
    """The `CSS_PATH` list: every style sheet in the bundled styles folder."""
    folder = paths.bundled_styles()
    return [folder / name for name in STYLE_SHEETS]


class ReaderApp(App[None]):
    """tuireader: search a folder of documents, read them, follow people and organisations."""

    TITLE = "tuireader"
    CSS_PATH = style_paths()
    COMMANDS = App.COMMANDS | {ReaderCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id="app.quit", tooltip="Leave tuireader"),
        Binding("question_mark,f1", "help", "Help", id="app.help", tooltip="Keys and queries"),
    ]

    def __init__(
        self,
        corpus: Path,
        *,
        index_dir: Path | None = None,
        update: bool = True,
        entities: bool = True,
    ) -> None:
        super().__init__()
        # Python's cyclic collector, left on, stops the building of the first frame
        # several times (about 15 ms of a 75 ms start on the bench machine). It resumes
        # once that frame is drawn.
        gc.disable()
        self.corpus = corpus
        """The folder being read."""
        self.index_dir = index_dir
        """Where its index lives (None: the default for the corpus)."""
        self._update = update
        self._entities = entities

    def on_mount(self) -> None:
        """Resume the collector once the first frame is on screen."""
        self.call_after_refresh(gc.enable)

    def on_unmount(self) -> None:
        """Never leave the collector off, even when the app stops before its first frame."""
        gc.enable()

    def get_default_screen(self) -> Screen[None]:
        """The three-pane main screen."""
        return MainScreen(self.corpus, self.index_dir, update=self._update, entities=self._entities)

    def action_help(self) -> None:
        """Show the help screen (once)."""
        # Imported here: the Markdown widget costs tens of milliseconds of first paint.
        from tuireader.ui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())
