"""The per-document listing of people and organisations, as the CLI prints it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from tuireader.core.models import EntityKind, Mention

_SECTIONS: dict[EntityKind, str] = {"person": "people", "org": "organisations"}


def document_listing(mentions: Sequence[Mention]) -> dict[str, Any]:
    """{"people": [...], "organisations": [...]} for one document's resolved mentions.

    Each entry is {"name", "aliases", "mentions"}: aliases are the sorted distinct surface
    forms, the name included; each list is sorted by mentions, most first, then by name.
    """
    counts: Counter[tuple[EntityKind, str]] = Counter()
    forms: dict[tuple[EntityKind, str], set[str]] = {}
    for m in mentions:
        counts[(m.kind, m.name)] += 1
        forms.setdefault((m.kind, m.name), {m.name}).add(m.text)
    out: dict[str, Any] = {section: [] for section in _SECTIONS.values()}
    for (kind, name), n in sorted(counts.items(), key=lambda item: (-item[1], item[0][1])):
        out[_SECTIONS[kind]].append(
            {"name": name, "aliases": sorted(forms[(kind, name)]), "mentions": n}
        )
    return out
