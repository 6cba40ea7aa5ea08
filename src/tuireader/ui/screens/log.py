"""The log screen: every error, skipped file and notice of this session, newest last."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import ClassVar, Literal

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Log, Static

from tuireader.ui.text import safe_line

Severity = Literal["information", "warning", "error"]


@dataclass(frozen=True, slots=True)
class LogEntry:
    """One line of the session log."""

    text: str
    severity: Severity = "information"
    time: dt.datetime = field(default_factory=dt.datetime.now)

    def line(self) -> str:
        """The entry as one safe line of plain text."""
        mark = {"information": " ", "warning": "!", "error": "E"}[self.severity]
        return f"{self.time:%H:%M:%S} {mark} {safe_line(self.text)}"


class LogScreen(ModalScreen[None]):
    """Errors, skipped files and notices, as plain text."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,l,q", "dismiss", "Close", id="log.close", tooltip="Close the log"),
    ]

    def __init__(self, entries: list[LogEntry]) -> None:
        super().__init__()
        self.entries = list(entries)
        """A copy of the log at the time the screen opened."""

    def compose(self) -> ComposeResult:
        """Title and the log lines."""
        with Vertical(id="log-box", classes="modal-box"):
            count = len(self.entries)
            title = f"Log · {count} entr{'ies' if count != 1 else 'y'} · Esc to close"
            yield Static(title, classes="modal-title", markup=False)
            yield Log(id="log-lines", auto_scroll=True)

    def on_mount(self) -> None:
        """Fill the log."""
        log = self.query_one(Log)
        if not self.entries:
            log.write_line("Nothing to report.")
        log.write_lines(entry.line() for entry in self.entries)
        log.focus()
