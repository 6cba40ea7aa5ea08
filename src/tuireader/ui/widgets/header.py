"""The top line: corpus name, document count, index state (with a progress bar while
indexing) and, on the right, where the mention walk stands."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import ProgressBar, Static

from tuireader.core.models import Progress
from tuireader.ui.text import plain

STAGE_LABELS = {"scan": "scanning", "text": "indexing text", "entities": "finding entities"}


class ReaderHeader(Horizontal):
    """Corpus, document count, index state and mention-walk status, on one line."""

    def __init__(self, corpus_name: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._corpus_name = corpus_name
        self._documents: int | None = None

    def compose(self) -> ComposeResult:
        """Title, state, progress bar, walk status."""
        yield Static(id="hdr-title", markup=False)
        yield Static("opening…", id="hdr-state", markup=False)
        yield ProgressBar(id="hdr-progress", show_eta=False, show_percentage=True)
        yield Static(id="hdr-walk", markup=False)

    def on_mount(self) -> None:
        """Show the corpus name at once."""
        self._show_title()

    def _show_title(self) -> None:
        text = f"tuireader · {self._corpus_name}"
        if self._documents is not None:
            count = self._documents
            text += f" · {count:,} document{'s' if count != 1 else ''}"
        self.query_one("#hdr-title", Static).update(plain(text))

    def set_documents(self, count: int) -> None:
        """Show how many documents the index holds."""
        self._documents = count
        self._show_title()

    def set_state(self, state: str) -> None:
        """Show the index state ("up to date", "index busy", ...); hides the progress bar."""
        self.remove_class("-indexing")
        self.query_one("#hdr-state", Static).update(plain(state))

    def set_progress(self, progress: Progress) -> None:
        """Show indexing progress with the bar."""
        self.add_class("-indexing")
        label = STAGE_LABELS.get(progress.stage, progress.stage)
        total = max(progress.total, 0)
        self.query_one("#hdr-state", Static).update(
            plain(f"{label} {progress.done:,}/{total:,}" if total else f"{label}…")
        )
        bar = self.query_one(ProgressBar)
        bar.update(total=total or None, progress=progress.done)

    def set_walk(self, text: str) -> None:
        """Show where the mention walk stands ("Hun Sen: mention 4 of 37 in 9 documents")."""
        self.query_one("#hdr-walk", Static).update(plain(text))
