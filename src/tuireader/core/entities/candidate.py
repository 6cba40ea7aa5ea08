"""A would-be mention while one document is resolved: where it stands, what it says,
where it came from (the model, a rule, an acronym) and, once decided, its kind."""

from __future__ import annotations

import re
from dataclasses import dataclass

from tuireader.core.models import EntityKind


@dataclass(slots=True)
class Cand:
    """A mention being resolved: `key` is the normalised `surface`; `source` is "model",
    "rule" or "acronym"."""

    start: int
    end: int
    surface: str
    key: str
    label: str
    source: str
    kind: EntityKind = "person"


def overlaps(a: Cand, start: int, end: int) -> bool:
    """Whether `a` shares a character with `start:end`."""
    return a.start < end and start < a.end


def word_before(text: str, start: int) -> str:
    """The case-folded word before `start`, across white space ("" at the start)."""
    m = re.search(r"(\S+)\s+$", text[max(0, start - 40) : start])
    return m.group(1).casefold() if m else ""
