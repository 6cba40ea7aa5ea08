"""Helpers of the entity rule tests: raw model mentions written by hand, the kinds the
resolver gives the names, and the name `clean_surface` keeps of a surface."""

from __future__ import annotations

from tuireader.core.entities import count_votes, resolve
from tuireader.core.entities.clean import clean_surface
from tuireader.core.models import Mention, RawMention


def raw(text: str, label: str, surface: str, nth: int = 0) -> RawMention:
    """A raw mention of the `nth` occurrence of `surface` in `text`."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(surface, start + 1)
    return RawMention(label, surface, start, start + len(surface))


def kinds(mentions: list[Mention]) -> dict[str, str]:
    """Each resolved name and its kind."""
    return {m.name: m.kind for m in mentions}


def resolved_kinds(text: str, raws: list[RawMention], *extra: list[RawMention]) -> dict[str, str]:
    """The kinds the resolver gives the names of `text`, with votes counted over `raws`
    and the `extra` documents' raw mentions."""
    return kinds(resolve(text, raws, count_votes([raws, *extra])))


def cleaned_text(surface: str, label: str) -> str | None:
    """What `clean_surface` keeps of a raw mention's text, or None when it keeps nothing."""
    cleaned = clean_surface(surface, label)
    return None if cleaned is None else cleaned.text
