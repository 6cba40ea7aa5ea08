"""The mentions view: every mention of one entity in the corpus as keyword-in-context lines.

One virtual `OptionList` (one widget however many mentions); Enter dismisses the screen
with the chosen mention, and the main screen opens that document at that mention.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.style import Style
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tuireader.core.models import MentionInContext
from tuireader.ui.text import styled
from tuireader.ui.widgets.lists import KeyedOptionList, component_style


class MentionList(KeyedOptionList):
    """Keyword-in-context rows: where (date, title, line) and the sentence around it."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"mention-list--where", "mention-list--mention"}

    def __init__(self, mentions: tuple[MentionInContext, ...], *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)
        self.mentions = mentions
        self._style_key: tuple[Style, ...] = ()

    def on_mount(self) -> None:
        """Build the rows once the component styles are known."""
        self._rebuild()

    def _rebuild(self) -> None:
        where_style = component_style(self, "mention-list--where", partial=True)
        mention_style = component_style(self, "mention-list--mention", partial=True)
        self._style_key = (where_style, mention_style)
        highlighted = self.highlighted
        options = []
        for mention in self.mentions:
            date = mention.date.isoformat() if mention.date else "no date"
            where = styled(
                f"{date} · {mention.title or mention.path} · line {mention.line}",
                base=where_style,
            )
            span = mention.context_span
            context = styled(mention.context, [(span.start, span.end, mention_style)], flat=True)
            options.append(Option(where + Content("\n") + context))
        self.set_options(options)
        if options:
            self.highlighted = highlighted or 0

    def notify_style_update(self) -> None:
        """Re-style the rows when the theme changed."""
        super().notify_style_update()
        if self.is_mounted and self.mentions:
            key = (
                component_style(self, "mention-list--where", partial=True),
                component_style(self, "mention-list--mention", partial=True),
            )
            if key != self._style_key:
                self._rebuild()


class MentionsScreen(ModalScreen[MentionInContext | None]):
    """Every mention of an entity; Enter opens the document at the mention."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,m,q", "dismiss", "Close", id="mentions.close", tooltip="Close"),
    ]

    def __init__(self, name: str, mentions: tuple[MentionInContext, ...]) -> None:
        super().__init__()
        self.entity_name = name
        self.mentions = mentions

    def compose(self) -> ComposeResult:
        """Title and the list."""
        documents = len({mention.path for mention in self.mentions})
        count = len(self.mentions)
        title = styled(
            f"{self.entity_name} · {count} mention{'s' if count != 1 else ''} in "
            f"{documents} document{'s' if documents != 1 else ''} · Enter opens · Esc closes"
        )
        with Vertical(id="mentions-box", classes="modal-box"):
            yield Static(title, classes="modal-title")
            yield MentionList(self.mentions, id="mention-list")

    def on_mount(self) -> None:
        """Put the cursor in the list."""
        self.query_one(MentionList).focus()

    @on(OptionList.OptionSelected, "#mention-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.mentions[event.option_index])
