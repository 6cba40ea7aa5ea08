"""What every list of the reader shares: vim-style keys and component styles for spans."""

from __future__ import annotations

from typing import ClassVar

from rich.style import Style as RichStyle
from textual.binding import Binding, BindingType
from textual.style import Style
from textual.widget import Widget
from textual.widgets import OptionList


def component_style(widget: Widget, name: str, *, partial: bool = False) -> Style:
    """A component class's style as a Textual `Style`, for spans in `Content`.

    Colours come from the full style (so translucent theme colours such as `$text-muted`
    are blended against the real background); the background is kept only when the
    component sets one, so row highlights show through. `partial` is accepted for
    symmetry with Textual's API and changes nothing.
    """
    full = widget.get_component_rich_style(name)
    own = widget.get_component_rich_style(name, partial=True)
    rich = RichStyle(
        color=full.color,
        bgcolor=full.bgcolor if own.bgcolor is not None else None,
        bold=own.bold,
        italic=own.italic,
        underline=own.underline,
        dim=own.dim,
    )
    return Style.from_rich_style(rich)


class KeyedOptionList(OptionList):
    """An `OptionList` (virtual: one widget however many rows) that also takes j/k/g/G."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("g", "first", "First", show=False),
        Binding("G", "last", "Last", show=False),
    ]
