"""The right pane: people and organisations with mention counts, and the chosen one's detail.

Counts cover the open document, the current results or the whole corpus (`s` cycles).
The list is one virtual `OptionList` with a header row per kind. Moving the cursor posts
`EntitySelected`; Enter posts `EntityChosen`; the screen does the rest.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.style import Style
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tuireader.core.models import EntityCount, EntityDetail, EntityKind
from tuireader.ui.messages import EntityChosen, EntitySelected, Scope, ScopeChanged
from tuireader.ui.text import plain, styled
from tuireader.ui.widgets.lists import KeyedOptionList, component_style

SCOPES: tuple[Scope, ...] = ("document", "results", "corpus")
SCOPE_LABELS: dict[Scope, str] = {
    "document": "this document",
    "results": "the results",
    "corpus": "the whole corpus",
}
KIND_LABELS: dict[EntityKind, str] = {"person": "People", "org": "Organisations"}


class EntityList(KeyedOptionList):
    """People and organisations under a header each, with counts; one row per entity."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "entity-list--person",
        "entity-list--org",
        "entity-list--count",
        "entity-list--header",
    }

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)
        self.entities: tuple[EntityCount, ...] = ()
        self.scope: Scope = "document"
        self._rows: list[EntityCount | None] = []
        self._cursor_row: int | None = None
        self._style_key: tuple[Style, ...] = ()

    def _styles(self) -> tuple[Style, ...]:
        return tuple(
            component_style(self, f"entity-list--{part}", partial=True)
            for part in ("person", "org", "count", "header")
        )

    def show_entities(self, scope: Scope, entities: tuple[EntityCount, ...]) -> None:
        """Replace the rows; keep the cursor on the same entity when it is still there."""
        keep = self.selected
        self.scope = scope
        self.entities = entities
        self._rebuild(keep)

    def _rebuild(self, keep: EntityCount | None) -> None:
        styles = self._styles()
        self._style_key = styles
        header_style = styles[3]
        options: list[Option] = []
        rows: list[EntityCount | None] = []
        for kind in ("person", "org"):
            group = [entity for entity in self.entities if entity.kind == kind]
            label = f"{KIND_LABELS[kind]} ({len(group)})"
            options.append(Option(Content(label).stylize(header_style), disabled=True))
            rows.append(None)
            for entity in group:
                options.append(Option(self._prompt(entity, styles)))
                rows.append(entity)
        self._rows = []
        self.set_options(options)
        self._rows = rows
        target = None
        if keep is not None:
            for index, row in enumerate(rows):
                if row is not None and (row.kind, row.name) == (keep.kind, keep.name):
                    target = index
                    break
        if target is None:
            target = next((i for i, row in enumerate(rows) if row is not None), None)
        if target is not None:
            self.highlighted = target
            self._restyle_row(target, None)

    def _prompt(self, entity: EntityCount, styles: tuple[Style, ...] | None) -> Content:
        """One row: the name in its kind's colour and the counts (plain when `styles` is
        None: the cursor row, whose own highlight colours must show)."""
        count = f"  {entity.mentions}×"
        if self.scope != "document":
            plural = "s" if entity.documents != 1 else ""
            count += f" in {entity.documents} doc{plural}"
        if styles is None:
            return styled(entity.name) + Content(count)
        person_style, org_style, count_style, _ = styles
        name_style = person_style if entity.kind == "person" else org_style
        return styled(entity.name, base=name_style) + Content(count).stylize(count_style)

    def watch_highlighted(self, highlighted: int | None) -> None:
        """Draw the cursor row without kind colours, so it reads on the highlight."""
        super().watch_highlighted(highlighted)
        old, self._cursor_row = self._cursor_row, highlighted
        if old is not None and old != highlighted and self._style_key:
            self._restyle_row(old, self._style_key)
        if highlighted is not None:
            self._restyle_row(highlighted, None)

    def _restyle_row(self, index: int, styles: tuple[Style, ...] | None) -> None:
        if index >= min(len(self._rows), self.option_count):
            return
        if (entity := self._rows[index]) is not None:
            self.replace_option_prompt_at_index(index, self._prompt(entity, styles))

    @property
    def selected(self) -> EntityCount | None:
        """The entity under the cursor, if any."""
        index = self.highlighted
        if index is None or index >= len(self._rows):
            return None
        return self._rows[index]

    def select(self, kind: EntityKind, name: str) -> bool:
        """Move the cursor to an entity; False when it is not listed."""
        for index, row in enumerate(self._rows):
            if row is not None and row.kind == kind and row.name == name:
                self.highlighted = index
                return True
        return False

    def notify_style_update(self) -> None:
        """Re-style the rows when the theme changed the component styles."""
        super().notify_style_update()
        if self.is_mounted and self._rows and self._styles() != self._style_key:
            self._rebuild(self.selected)


class EntityPanel(Vertical):
    """Entity counts for a scope, and the detail of the selected entity."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "s",
            "cycle_scope",
            "Scope",
            id="entities.scope",
            tooltip="Count entities in this document, the results, or the whole corpus",
        ),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.scope: Scope = "document"
        """Which documents the counts cover."""

    def compose(self) -> ComposeResult:
        """Scope line, entity list, detail."""
        yield Static(id="entity-scope", markup=False)
        yield EntityList(id="entity-list")
        with VerticalScroll(id="entity-detail-box"):
            yield Static(id="entity-detail", markup=False)

    def on_mount(self) -> None:
        """Show the scope line."""
        self._show_scope("")

    @property
    def entity_list(self) -> EntityList:
        """The list widget."""
        return self.query_one(EntityList)

    @property
    def selected(self) -> EntityCount | None:
        """The entity under the cursor."""
        return self.entity_list.selected

    def action_cycle_scope(self) -> None:
        """This document → the results → the whole corpus → this document."""
        self.scope = SCOPES[(SCOPES.index(self.scope) + 1) % len(SCOPES)]
        self._show_scope("loading…")
        self.post_message(ScopeChanged(self.scope))

    def _show_scope(self, note: str) -> None:
        text = f"In {SCOPE_LABELS[self.scope]}"
        if note:
            text += f" · {note}"
        self.query_one("#entity-scope", Static).update(plain(text + "  (s: scope)"))

    @on(OptionList.OptionHighlighted, "#entity-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        entity = self.entity_list.selected
        if entity is None:
            self.post_message(EntitySelected(None, None))
        else:
            self.post_message(EntitySelected(entity.kind, entity.name))

    @on(OptionList.OptionSelected, "#entity-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        entity = self.entity_list.selected
        if entity is not None:
            self.post_message(EntityChosen(entity.kind, entity.name))

    # --- method calls from the screen -------------------------------------------------

    def show_entities(
        self, scope: Scope, entities: tuple[EntityCount, ...], note: str = ""
    ) -> None:
        """Show counts for `scope` (ignored if the user has switched scope since)."""
        if scope != self.scope:
            return
        self.entity_list.show_entities(scope, entities)
        if not entities and not note:
            note = "none found"
        self._show_scope(note)

    def select(self, kind: EntityKind, name: str) -> bool:
        """Move the cursor to an entity."""
        return self.entity_list.select(kind, name)

    def show_detail(self, detail: EntityDetail | None) -> None:
        """Show aliases, documents and related entities of the selected entity."""
        box = self.query_one("#entity-detail", Static)
        if detail is None:
            box.update("")
            return
        kind = "person" if detail.kind == "person" else "organisation"
        lines: list[Content] = [
            styled(detail.name, base="bold"),
            plain(
                f"{kind} · {detail.mentions} mention{'s' if detail.mentions != 1 else ''}"
                f" in {detail.documents} document{'s' if detail.documents != 1 else ''}"
            ),
        ]
        aliases = [alias for alias in detail.aliases if alias != detail.name]
        if aliases:
            lines.append(plain("Also: " + ", ".join(aliases[:8])))
        if detail.paths:
            lines.append(plain("In: " + ", ".join(detail.paths[:5])))
            if len(detail.paths) > 5:
                lines.append(plain(f"    and {len(detail.paths) - 5} more"))
        if detail.related:
            related = ", ".join(f"{r.name} ({r.documents})" for r in detail.related[:8])
            lines.append(plain("With: " + related))
        lines.append(plain("Enter: first mention · ]/[: walk · m: all mentions · f: filter"))
        box.update(Content("\n").join(lines))
