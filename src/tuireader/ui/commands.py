"""The command palette provider: every action of the reader, findable by name."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

COMMANDS: tuple[tuple[str, str, str], ...] = (
    ("Search: focus the query", "Put the cursor in the query box (/)", "focus_query"),
    ("Search: sort by relevance or date", "Toggle the result order (ctrl+s)", "sort_results"),
    ("Read: next hit", "Next match; past the last, the next result (n)", "next_hit"),
    (
        "Read: previous hit",
        "Previous match; before the first, the previous result (N)",
        "previous_hit",
    ),
    (
        "Read: underline entity mentions",
        "Show or hide people and organisations (u)",
        "toggle_mentions",
    ),
    ("Entities: focus the entity panel", "People and organisations (e)", "focus_entities"),
    (
        "Entities: show or hide the panel",
        "Fold the entity panel away or back (E)",
        "toggle_entities",
    ),
    (
        "Entities: change scope",
        "This document, the results, or the whole corpus (s)",
        "cycle_scope",
    ),
    (
        "Entities: next mention",
        "Walk to the next mention of the selected entity (])",
        "next_mention",
    ),
    ("Entities: previous mention", "Walk back to the previous mention ([)", "previous_mention"),
    (
        "Entities: mentions view",
        "Every mention of the selected entity in context (m)",
        "mentions_view",
    ),
    (
        "Entities: filter the search by the entity",
        'Add person:"..." or org:"..." (f)',
        "filter_entity",
    ),
    ("Log: show notices and errors", "Skipped files, warnings, errors (l)", "show_log"),
    (
        "Index: look for new and changed files now",
        "Index what was added, changed or removed in the folder (ctrl+r)",
        "refresh_index",
    ),
    ("Help: keys and query syntax", "The help screen (? or F1)", "app.help"),
    ("Quit tuireader", "Leave the reader (q)", "app.quit"),
)
"""(name, help, action on the main screen) for each palette entry."""


class ReaderCommands(Provider):
    """Offers every reader action in the command palette (ctrl+p)."""

    async def _run(self, action: str) -> None:
        await self.screen.run_action(action)

    def _callback(self, action: str) -> partial[bool]:
        return partial(self.app.call_later, self._run, action)

    async def discover(self) -> Hits:
        """All commands, before anything is typed."""
        for name, help_text, action in COMMANDS:
            yield DiscoveryHit(name, self._callback(action), help=help_text)

    async def search(self, query: str) -> Hits:
        """Commands whose name matches what was typed."""
        matcher = self.matcher(query)
        for name, help_text, action in COMMANDS:
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), self._callback(action), help=help_text)
