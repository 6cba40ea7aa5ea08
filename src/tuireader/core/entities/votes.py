"""Corpus-wide evidence about names: how often each form was labelled a person or an org.

One document's mislabel ("Trump" as ORG) is outvoted by the rest of the corpus. The votes
are computed from raw mentions alone, so the index can add and remove a document's share
when it changes without re-reading the others.

Every count is a count of mentions, never of documents: the index rebuilds the votes
from its corpus-wide term counts (one `add` per distinct "LABEL=text" term, repeated as
often as the corpus uses it), and that must give the same votes as adding documents one
by one. Place-like labels (GPE, LOC, FAC; NORP for peoples) are counted too, only as
evidence that a form is not a person or an organisation.
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

PLACE_VOTE_LABELS = frozenset({"GPE", "LOC", "FAC"})
"""Model labels that count as votes for "a place", against person and organisation."""

GROUP_VOTE_LABELS = frozenset({"NORP"})
"""Model labels that count as votes for "a people or faith", against person only."""


@dataclass(frozen=True, slots=True)
class _Share:
    person: Counter[str]
    org: Counter[str]
    place: Counter[str]
    group: Counter[str]
    surnames: Counter[tuple[str, str]]
    display: Counter[tuple[str, str]]
    given: Counter[str]
    org_first: Counter[str]


def _share(raws: Sequence[RawMention]) -> _Share:
    person: Counter[str] = Counter()
    org: Counter[str] = Counter()
    place: Counter[str] = Counter()
    group: Counter[str] = Counter()
    display: Counter[tuple[str, str]] = Counter()
    surnames: Counter[tuple[str, str]] = Counter()
    given: Counter[str] = Counter()
    org_first: Counter[str] = Counter()
    for raw in raws:
        if raw.label in PLACE_VOTE_LABELS or raw.label in GROUP_VOTE_LABELS:
            # places are counted before the junk test, which refuses well-known places
            cleaned = clean_surface(raw.text, raw.label)
            if cleaned is not None:
                key = normalise(cleaned.text)
                (place if raw.label in PLACE_VOTE_LABELS else group)[key] += 1
            continue
        cleaned = clean_surface(raw.text, raw.label)
        if cleaned is None or junk_reason(cleaned.text):
            continue
        key = normalise(cleaned.text)
        words = tokens(key)
        if raw.label == "PERSON":
            person[key] += 1
            if len(words) >= 2 and not has_org_word(key) and not is_acronym(cleaned.text):
                surnames[(words[-1], key)] += 1
                if len(words) <= 4:
                    given[words[0]] += 1
        elif raw.label == "ORG":
            org[key] += 1
            if len(words) >= 2:
                org_first[words[0]] += 1
        else:
            continue
        display[(key, " ".join(cleaned.text.split()))] += 1
    return _Share(person, org, place, group, surnames, display, given, org_first)


COMMON_GIVEN_NAME = 10
"""Full person names in the corpus starting with a word, from which it is a common given
name ("David"), given that it starts organisations' names five times less often."""

PLACE_MIN_VOTES = 3
"""Place votes a form needs before they can outweigh a person or organisation label."""

PLACE_SHARE = 2.0
"""How many times its person and organisation votes the place votes must be."""


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

    `surnames` counts the mentions of full person names by their last word, so a bare
    "Trump" can be named after the full name the corpus most often means by it.
    `display` counts how each normalised form is written, for stable canonical names.
    """

    person: Counter[str] = field(default_factory=Counter)
    org: Counter[str] = field(default_factory=Counter)
    place: Counter[str] = field(default_factory=Counter)
    """Mentions the model labelled a place (GPE, LOC, FAC)."""
    group: Counter[str] = field(default_factory=Counter)
    """Mentions the model labelled a nationality, faith or political group (NORP)."""
    surnames: dict[str, Counter[str]] = field(default_factory=dict)
    display: dict[str, Counter[str]] = field(default_factory=dict)
    given: Counter[str] = field(default_factory=Counter)
    """Mentions of full person names that start with a word ("Moussa", "Elizabeth")."""
    org_first: Counter[str] = field(default_factory=Counter)
    """Mentions of multi-word organisation names that start with a word."""
    documents: int = 0
    """How many times `add` was called (documents, or index terms when rebuilt from one)."""

    def _apply(self, raws: Sequence[RawMention], sign: int) -> None:
        share = _share(raws)
        for mine, theirs in (
            (self.person, share.person),
            (self.org, share.org),
            (self.place, share.place),
            (self.group, share.group),
            (self.given, share.given),
            (self.org_first, share.org_first),
        ):
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

    def place_like(self, key: str, as_org: bool = False) -> bool:
        """Whether the corpus mostly calls `key` a place (or, for a person, a people).

        "Astana" tagged PERSON once is outvoted by the many times it was a GPE. For an
        organisation only place votes count: "Taliban" and "Hamas" are often NORP.
        """
        place = self.place.get(key, 0) + (0 if as_org else self.group.get(key, 0))
        named = self.person.get(key, 0) + self.org.get(key, 0)
        return place >= PLACE_MIN_VOTES and place >= PLACE_SHARE * named

    def surname_votes(self, word: str) -> int:
        """Mentions of full person names in the corpus that end in `word`."""
        return sum(self.surnames.get(word, Counter()).values())

    def given_name(self, word: str) -> bool:
        """Whether the corpus mostly uses `word` as the first word of a person's name."""
        return self._mostly_given(word, self.org_first.get(word, 0))

    def _mostly_given(self, word: str, org_first: int) -> bool:
        person = self.given.get(word, 0)
        return person >= 3 and person >= 3 * org_first

    def _org_first_but_for(self, word: str, own: str) -> int:
        """Organisations' names starting with `word`, less the times the model called
        `own` (a name starting with it) an organisation."""
        return max(0, self.org_first.get(word, 0) - self.org.get(own, 0))

    def given_name_but_for(self, word: str, own: str) -> bool:
        """`given_name` once the times the model called `own` (a name starting with
        `word`) an organisation are left out: "Nikki Haley", ORG sixteen times out of
        eighteen, is all that makes "Nikki" start organisations' names. Alone this is
        weak ("Leo Express", "Grammy Lifetime Achievement Award"): it backs what the
        words around a mention say."""
        return self._mostly_given(word, self._org_first_but_for(word, own))

    def common_given_name_but_for(self, word: str, own: str) -> bool:
        """Whether `word` is a common given name once the times the model called `own`
        (a name starting with it) an organisation are left out: "Alexey Petukhov" read
        as ORG seven times does not make "Alexey" start organisations' names. Without
        its own votes a name has little else to go on, so the bar is high: "Leo",
        starting nine people's names, does not make "Leo Express" a person."""
        person = self.given.get(word, 0)
        return person >= COMMON_GIVEN_NAME and person >= 5 * self._org_first_but_for(word, own)

    def rather_given_name(self, word: str) -> bool:
        """Whether the corpus uses `word` to start people's names and hardly to end them
        ("Peter", "Stanley")."""
        return self.given_name(word) and self.surname_votes(word) * 3 < self.given[word]

    def org_head(self, word: str) -> bool:
        """Whether the corpus mostly uses `word` as the first word of an organisation's
        name ("Air", "Bank", "Radio"), and hardly ever to start a person's."""
        org = self.org_first.get(word, 0)
        return org >= 3 and org >= 3 * self.given.get(word, 0)

    def written(self, key: str) -> str | None:
        """The most common way the corpus writes the form `key`, if it has seen it."""
        counter = self.display.get(key)
        if not counter:
            return None
        return max(counter.items(), key=lambda item: (item[1], item[0]))[0]

    def full_name_for(self, word: str, min_mentions: int = 5, share: float = 0.6) -> str | None:
        """The full person name (a normalised key) a bare surname most often belongs to."""
        counter = self.surnames.get(word)
        if not counter:
            return None
        full, n = max(counter.items(), key=lambda item: (item[1], item[0]))
        if n >= min_mentions and n / sum(counter.values()) >= share:
            return full
        return None


def count_votes(docs: Iterable[Sequence[RawMention]]) -> TypeVotes:
    """Votes over every document's raw mentions (one sequence per document)."""
    votes = TypeVotes()
    for raws in docs:
        votes.add(raws)
    return votes
