"""The help screen: the key reference, rendered from `ui/help.md`."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import MarkdownViewer, Static

HELP_FILE = Path(__file__).resolve().parent.parent / "help.md"
"""The Markdown source of the help screen (shipped inside the package)."""


def help_text() -> str:
    """The help Markdown (a short fallback if the file is missing)."""
    try:
        return HELP_FILE.read_text(encoding="utf-8")
    except OSError:
        return "# tuireader\n\nThe help file is missing; press ctrl+p for every command."


class HelpScreen(ModalScreen[None]):
    """Key reference and query syntax."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape,q,question_mark,f1", "dismiss", "Close", id="help.close", tooltip="Close help"
        ),
    ]

    def compose(self) -> ComposeResult:
        """A title and the rendered Markdown."""
        with Vertical(id="help-box", classes="modal-box"):
            yield Static("Help · Esc to close", classes="modal-title", markup=False)
            yield MarkdownViewer(help_text(), show_table_of_contents=False, id="help-text")

    def on_mount(self) -> None:
        """Let the arrow keys scroll the help at once."""
        self.query_one(MarkdownViewer).focus()
