"""Corpus-wide evidence about names: how often each form was labelled a person or an org.

One document's mislabel ("Trump" as ORG) is outvoted by the rest of the corpus. The votes
are computed from raw mentions alone, so the index can add and remove a document's share
when it changes without re-reading the others.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from tuireader.core.entities.clean import (
    clean_surface,
    has_org_word,
    is_acronym,
    junk_reason,
    normalise,
    tokens,
)
from tuireader.core.models import RawMention


@dataclass(frozen=True, slots=True)
class _Share:
    person: Counter[str]
    org: Counter[str]
    surnames: Counter[tuple[str, str]]
    display: Counter[tuple[str, str]]
    given: Counter[str]
    org_first: Counter[str]


def _share(raws: Sequence[RawMention]) -> _Share:
    person: Counter[str] = Counter()
    org: Counter[str] = Counter()
    display: Counter[tuple[str, str]] = Counter()
    full_people: set[str] = set()
    org_first: set[str] = set()
    for raw in raws:
        cleaned = clean_surface(raw.text, raw.label)
        if cleaned is None or junk_reason(cleaned.text):
            continue
        key = normalise(cleaned.text)
        if raw.label == "PERSON":
            person[key] += 1
            words = tokens(key)
            if len(words) >= 2 and not has_org_word(key) and not is_acronym(cleaned.text):
                full_people.add(key)
        elif raw.label == "ORG":
            org[key] += 1
            if len(tokens(key)) >= 2:
                org_first.add(tokens(key)[0])
        display[(key, " ".join(cleaned.text.split()))] += 1
    surnames: Counter[tuple[str, str]] = Counter()
    for full in full_people:
        surnames[(tokens(full)[-1], full)] += 1
    given = Counter(tokens(full)[0] for full in full_people if len(tokens(full)) <= 4)
    return _Share(person, org, surnames, display, given, Counter(org_first))


def _bump(table: dict[str, Counter[str]], key: str, value: str, n: int) -> None:
    counter = table.setdefault(key, Counter())
    counter[value] += n
    if counter[value] <= 0:
        del counter[value]
        if not counter:
            del table[key]


@dataclass
class TypeVotes:
    """Corpus-wide votes: normalised surface form -> how often it was a person / an org.

    `surnames` counts, per document, which full person names end in a given word, so a
    bare "Trump" can be named after the full name the corpus most often means by it.
    `display` counts how each normalised form is written, for stable canonical names.
    """

    person: Counter[str] = field(default_factory=Counter)
    org: Counter[str] = field(default_factory=Counter)
    surnames: dict[str, Counter[str]] = field(default_factory=dict)
    display: dict[str, Counter[str]] = field(default_factory=dict)
    given: Counter[str] = field(default_factory=Counter)
    """Documents in which a word starts a full person name ("Moussa", "Elizabeth")."""
    org_first: Counter[str] = field(default_factory=Counter)
    """Documents in which a word starts a multi-word organisation name."""
    documents: int = 0

    def _apply(self, raws: Sequence[RawMention], sign: int) -> None:
        share = _share(raws)
        for key, n in share.person.items():
            self.person[key] += sign * n
            if self.person[key] <= 0:
                del self.person[key]
        for key, n in share.org.items():
            self.org[key] += sign * n
            if self.org[key] <= 0:
                del self.org[key]
        for mine, theirs in ((self.given, share.given), (self.org_first, share.org_first)):
            for key, n in theirs.items():
                mine[key] += sign * n
                if mine[key] <= 0:
                    del mine[key]
        for (word, full), n in share.surnames.items():
            _bump(self.surnames, word, full, sign * n)
        for (key, text), n in share.display.items():
            _bump(self.display, key, text, sign * n)
        self.documents = max(0, self.documents + sign)

    def add(self, raws: Sequence[RawMention]) -> None:
        """Count one document's raw mentions in."""
        self._apply(raws, 1)

    def remove(self, raws: Sequence[RawMention]) -> None:
        """Take one document's raw mentions out again (the same list that was added)."""
        self._apply(raws, -1)

    def lean(self, key: str) -> int:
        """Positive when the corpus calls `key` a person, negative for an organisation."""
        return self.person.get(key, 0) - self.org.get(key, 0)

    def given_name(self, word: str) -> bool:
        """Whether the corpus mostly uses `word` as the first word of a person's name."""
        person = self.given.get(word, 0)
        return person >= 3 and person >= 3 * self.org_first.get(word, 0)

    def written(self, key: str) -> str | None:
        """The most common way the corpus writes the form `key`, if it has seen it."""
        counter = self.display.get(key)
        if not counter:
            return None
        return max(counter.items(), key=lambda item: (item[1], item[0]))[0]

    def full_name_for(self, word: str, min_documents: int = 3, share: float = 0.6) -> str | None:
        """The full person name (a normalised key) a bare surname most often belongs to."""
        counter = self.surnames.get(word)
        if not counter:
            return None
        full, n = max(counter.items(), key=lambda item: (item[1], item[0]))
        if n >= min_documents and n / sum(counter.values()) >= share:
            return full
        return None


def count_votes(docs: Iterable[Sequence[RawMention]]) -> TypeVotes:
    """Votes over every document's raw mentions (one sequence per document)."""
    votes = TypeVotes()
    for raws in docs:
        votes.add(raws)
    return votes
