"""Would-be names that are places: what the words around a name, the model's own labels
in the document and the corpus votes say ("in Astana", "the port of Calais", "Rakhine
state", "Manchester, Warrington and Wigan", "from Milton" beside "in Milton, Florida").
Only the model's guesses are dropped so, and a rule's only when the corpus is sure."""

from __future__ import annotations

import re
from collections import Counter

from tuireader.core.entities.candidate import Cand, word_before
from tuireader.core.entities.census import census_named
from tuireader.core.entities.clean import has_org_word, is_acronym, normalise, tokens
from tuireader.core.entities.gazetteer import is_place_name
from tuireader.core.entities.lexicon import (
    ORG_KEYWORDS,
    PLACE_LAST_WORDS,
    PLACE_PREPOSITIONS,
    ROLE_WORDS,
    SENTENCE_WORDS,
    TITLE_WORDS,
)
from tuireader.core.entities.votes import TypeVotes

_MAP_NOUNS = (
    r"state|provinces?|regions?|districts?|county|counties|towns?|city|village|governorate|"
    r"valley|oblast|prefecture|municipality|area|coast|coastline|suburbs?|island|peninsula|"
    r"residents?|rivers?|lakes?"
)
"""Nouns after a bare name that put it on a map ("Rakhine state", "Ferguson residents")."""

_PLACE_NOUN_AFTER = re.compile(
    rf"(?:\s+(?:{_MAP_NOUNS}|refinery|airport|port|harbour|harbor)\b|-based\b)"
)
"""What after a bare name makes it a place: "Rakhine state", "the Dewsbury area",
"Ferguson residents", "the Chari and Logone rivers", "a Raleigh-based startup"."""

_PLACE_NOUN_BEFORE = re.compile(
    r"(?:\b(?:port|island|city|town|village|suburbs?|province|county|district|outskirts|"
    r"coast|shores|resort|mayor|(?:north|south|east|west)(?:ern|-?east|-?west)?)\s+of|"
    r"\bcapital,?|\b(?:town|city|village)\s+(?:called|named)|"
    r"(?<![\w.])(?:Co|County)|\b\d{1,3},\s+(?:of|from))\s+$"
)
"""What before a name makes it a place: "the port of Calais", "west of Loop Head",
"the mayor of Wuerselen", "Thuringia's capital, Erfurt", "a town called Jamestown",
"Co Clare" (an Irish county), an address after someone's age ("Alison Moss, 46, of
Fox Walk")."""

_PLACES_LIST_BEFORE = re.compile(
    r"\b(?:ports|islands|cities|towns|villages|provinces|counties|districts|regions)\s+"
    r"(?:of|such\s+as|like|including)\s+"
    r"(?:[A-Z][\w'’\-]*(?:\s+[A-Z][\w'’\-]*){0,2}(?:,\s+|\s+(?:and|or)\s+))*$"
)
"""Places named in a list after a plural place noun: "the provinces of Daraa and
Quneitra", "the towns of Home Hill and Proserpine", "cities such as Gulfport, Biloxi"."""


_SQUARE = re.compile(r"(?:Place|Rue|Plaza|Piazza|Via|Avenida|Calle) (?:de|du|des|della|di|del)\b")
"""A square or a street named the French, Spanish or Italian way: "Place de la
Republique", "Rue du Faubourg", never a person nor an organisation."""

_SAINT = re.compile(r"(?:St\.?|Saint) [A-Z]")
"""A saint's name: before "'s" it names a church, a day or a hospital ("St Patrick's")."""

_HOLIDAY_AFTER = re.compile(r"(?:['’]s)?\s+Day\b")
"""A name before "'s Day" is a saint's or a holiday's, not a person here: "St Patrick's Day"."""


def _in_place_context(text: str, c: Cand) -> bool:
    """ "in Astana", "Rakhine state", "near Alula", "the port of Calais", "the Sahel":
    words around a name that put it on a map. "The" counts only for a would-be person:
    "the Sahel" is a place, "the Taliban" an organisation, and "the Trump administration"
    says nothing. For a name of several words only the prepositions and nouns count,
    and a possessive ("in Donald Trump's view") is never a place."""
    before = word_before(text, c.start)
    after = text[c.end : c.end + 30]
    several = " " in c.key
    if several and after[:1] in ("'", "’"):
        return False
    if _place_noun_around(text, c, _PLACE_NOUN_AFTER):
        return True
    if before in PLACE_PREPOSITIONS:
        # "at Google", "in Congress": an organisation is at or in as much as a place
        return c.label == "PERSON" or before != "at"
    if c.label != "PERSON" or before != "the" or several or after[:1] in ("'", "’"):
        return False
    m = re.match(r"\s+([a-z]+)", after)
    return m is None or m.group(1) in SENTENCE_WORDS


_MAP_NOUN_AFTER = re.compile(rf"(?:\s+(?:{_MAP_NOUNS})\b|-based\b)")
"""`_PLACE_NOUN_AFTER` without the facilities: "the Bayernoil refinery" is a company's."""


def _place_noun_around(text: str, c: Cand, after: re.Pattern[str]) -> bool:
    """A place noun right before the name ("the port of Calais", "the provinces of Daraa
    and Quneitra") or, by `after`, right after it ("the Dewsbury area")."""
    before = text[max(0, c.start - 80) : c.start]
    return bool(
        _PLACE_NOUN_BEFORE.search(before[-30:])
        or _PLACES_LIST_BEFORE.search(before)
        or after.match(text[c.end : c.end + 30])
    )


def _on_a_map(text: str, c: Cand) -> bool:
    """A place noun right around the name: "the island of Hokkaido", "the Dewsbury area",
    "the provinces of Daraa and ...". Unlike a preposition ("in", "near"), once is enough
    for a single word: an organisation or a person is never written so. Never true where
    `_in_place_context` is not (its nouns after include these)."""
    if text[c.end : c.end + 1] in ("'", "’"):
        return False
    return _place_noun_around(text, c, _MAP_NOUN_AFTER)


def _not_a_name_here(text: str, c: Cand) -> bool:
    """A would-be name that the words show is a place or a day: "Co Clare", "Place de la
    Bastille", and for a person "St Charles County", "St Patrick's Day"."""
    if re.match(r"(?:Co|County) [A-Z]", c.surface) and len(tokens(c.key)) == 2:
        return True  # "Co Clare", an Irish county
    if _SQUARE.match(c.surface):
        return True
    if _SAINT.match(c.surface) and re.match(r"['’]s\b", text[c.end : c.end + 3]):
        return True  # "St Patrick's Church", "St Patrick's Day"
    if c.label != "PERSON":
        return False
    return tokens(c.key)[-1] in PLACE_LAST_WORDS or bool(_HOLIDAY_AFTER.match(text, c.end))


def _mostly(flags: list[bool]) -> bool:
    """Every use in place context, or at least two uses and two in three."""
    n = sum(flags)
    return n == len(flags) or (n >= 2 and 3 * n >= 2 * len(flags))


PLACE_FULL_NAME_VOTES = 3
"""Person votes from which a name of several words in place context is a person's name
all the same ("in Kem Sokha's party" aside, "near John Smith" is rare; the votes decide)."""


def _one_word(key: str) -> bool:
    """One word, or one after an Arabic article ("al bab" for "al-Bab", a town)."""
    words = tokens(key)
    return len(words) == 1 or (len(words) == 2 and words[0] in ("al", "el"))


LISTED_PLACE_LABELS = frozenset({"GPE", "LOC"})
_COORDINATED = re.compile(r"\s*(?:,|,?\s+and|,?\s+or)\s+")
"""What joins two words of a list (matched whole): ", ", " and ", ", or "."""

LISTED_PLACE_MAX_VOTES = 3
"""Person and organisation votes up to which a word listed with places is one."""


def _listed_with_place(text: str, c: Cand, places: list[tuple[int, int]], votes: TypeVotes) -> bool:
    """A lone word in a list right beside a place the model found: "Manchester,
    Warrington and Wigan", "Turkey's Kilis and Gaziantep provinces". Words joined so are
    alike; only for a word the corpus hardly knows as a name."""
    if not _one_word(c.key) or not _rare_surname(c.key, votes):
        return False
    if votes.person.get(c.key, 0) + votes.org.get(c.key, 0) > LISTED_PLACE_MAX_VOTES:
        return False
    for start, end in places:
        before = end <= c.start and c.start - end <= 8
        after = start >= c.end and start - c.end <= 8
        if (before and _COORDINATED.fullmatch(text[end : c.start])) or (
            after and _COORDINATED.fullmatch(text[c.end : start])
        ):
            return True
    return False


RARE_SURNAME_VOTES = 2
"""Full names in the corpus ending in a word, up to which it is no known surname."""


def _rare_surname(key: str, votes: TypeVotes) -> bool:
    """Whether the corpus ends hardly any full person name with `key`."""
    return votes.surname_votes(key) <= RARE_SURNAME_VOTES


def drop_places(
    text: str, cands: list[Cand], votes: TypeVotes, places: list[tuple[int, int]] | None = None
) -> list[Cand]:
    """Drop a name the text only ever uses as a place ("in Astana", "Rakhine state", "the
    port of Calais", listed with places); a name of several words only when no word of it
    names an organisation and the corpus has not seen it as a person's full name."""
    seen: dict[str, list[bool]] = {}
    mapped: set[str] = set()
    tested = [
        c
        for c in cands
        if c.source == "model"
        and not is_acronym(c.surface)
        and not has_org_word(c.key)
        and (_one_word(c.key) or votes.person.get(c.key, 0) < PLACE_FULL_NAME_VOTES)
    ]
    placed = {id(c) for c in tested if _in_place_context(text, c)}
    spans = list(places or [])
    spans += [(c.start, c.end) for c in tested if id(c) in placed]
    for _ in range(3):  # "Manchester, Warrington and Wigan": along the list
        listed = [
            c for c in tested if id(c) not in placed and _listed_with_place(text, c, spans, votes)
        ]
        placed.update(id(c) for c in listed)
        spans += [(c.start, c.end) for c in listed]
    for c in tested:
        single = _one_word(c.key)
        in_place = id(c) in placed
        seen.setdefault(c.key, []).append(in_place)
        if in_place and single and _on_a_map(text, c):
            mapped.add(c.key)
    # "from Milton" tagged a person, "in Milton, Florida" a place: one town, by the
    # document's own labels, unless the corpus knows the word as a surname
    here = Counter(normalise(text[start:end]) for start, end in places or [])
    named = Counter(c.key for c in tested if c.label == "PERSON")
    kept = {c.key for c in cands if c.label == "ORG"}  # and words of full names here
    kept.update(w for c in cands if c.label == "PERSON" and " " in c.key for w in tokens(c.key))
    for key, n in named.items():
        if (
            _one_word(key)
            and here[key] >= n
            and key not in kept
            and _rare_surname(key, votes)
            and not votes.given.get(key)
        ):
            mapped.add(key)
    found = {
        k for k, flags in seen.items() if (_mostly(flags) or k in mapped) and k not in ORG_KEYWORDS
    }
    return [
        c
        for c in cands
        if c.source != "model" or (c.key not in found and not _not_a_name_here(text, c))
    ]


HEAD_SURNAME_VOTES = 20
"""Full names in the corpus ending in a word, from which that word alone stays a person
even where it starts an organisation's name in the document ("Trump", "Trump Tower")."""


RULE_PLACE_VOTES = 10
"""Place votes, and times the person and organisation votes, that overrule a rule."""


def _surely_a_place(key: str, votes: TypeVotes) -> bool:
    """Whether the corpus calls `key` a place so often that even an organisation word at
    its end ("Russian Federation") does not make it a body."""
    if len(tokens(key)) < 2 or not has_org_word(key):  # "Alibaba", "Fianna Fáil": listed
        return False
    place = votes.place.get(key, 0)
    named = votes.person.get(key, 0) + votes.org.get(key, 0)
    return place >= RULE_PLACE_VOTES and place >= RULE_PLACE_VOTES * named


_PERSON_AFTER = re.compile(
    r"(?:['’]s)?\s+(?:said|says|told|added|wrote|asked|tweeted|recalled|explained|did|does)\b"
    r"|,\s+\d{1,3},|\s+\(\d{1,3}\)|,\s+who\b"
)
"""What after a name says a person: "Aman said", "Zaidan, 55,", "Marwa, who"."""

_PERSON_BEFORE = frozenset({"named", "called", "nicknamed"}) | TITLE_WORDS | ROLE_WORDS
"""Words before a name that say a person: "a woman named Mariel", "Ms Rees", "brother
Bryn"."""


def said_of_a_person(text: str, c: Cand) -> bool:
    """Whether the words around this use of a name say it is a person's."""
    before = word_before(text, c.start).strip('("“')
    if before in _PERSON_BEFORE or before.endswith("-old"):  # "eight-year-old Hala"
        return True
    m = _PERSON_AFTER.match(text, c.end)
    return m is not None and not (
        m.group().endswith("who") and before in PLACE_PREPOSITIONS | {"of", "from"}
    )  # "a resident of Bismarck, who": the resident


TOWN_RULE_FULL_NAMES = 2000
"""Mentions of full person names the corpus must hold before its silence about a word
means something: about 400 news articles. In a smaller folder "Obama" or "Diana" may
never start or end a full name, and GeoNames lists both as towns."""


def large_corpus(votes: TypeVotes) -> bool:
    """Whether the corpus is large enough (`TOWN_RULE_FULL_NAMES`) that its silence about
    a word means something."""
    return sum(votes.given.values()) >= TOWN_RULE_FULL_NAMES


def _mapped_towns(text: str, cands: list[Cand], votes: TypeVotes) -> set[str]:
    """Towns the model calls people ("Palmyra", "Lashkar Gah", "Gonesse"): names GeoNames
    lists whose words a large corpus never starts another person's name with nor ends
    more than a couple of others with, and that no use in the document says is a
    person's ("Aman said"). The model's own mistakes are left out of the count: the
    corpus's "Sidi Barrani" does not make "Sidi" a given name."""
    people = [c for c in cands if c.source == "model" and c.kind == "person"]
    if not people or not large_corpus(votes):
        return set()  # and a small folder never reads GeoNames
    uses: dict[str, list[Cand]] = {}
    for c in people:
        if is_place_name(c.key):
            uses.setdefault(c.key, []).append(c)
    towns: set[str] = set()
    for key, found in uses.items():
        words = tokens(key)
        itself = votes.person.get(key, 0) if len(words) > 1 else 0  # "Sidi Barrani" itself
        given = votes.given.get(words[0], 0) - itself
        ended = votes.surname_votes(words[-1]) - votes.surnames.get(words[-1], Counter())[key]
        if (
            given <= 1  # one other may be the model's mistake too: "Sidi Yahya"
            and ended <= RARE_SURNAME_VOTES
            and not any(said_of_a_person(text, c) for c in found)
        ):
            towns.add(key)
    return towns


def drop_voted_places(text: str, cands: list[Cand], votes: TypeVotes) -> list[Cand]:
    """Drop what the corpus mostly calls a place ("Astana", "Sahel" tagged PERSON here),
    and a town GeoNames lists that the model calls a person (`_mapped_towns`).

    Only the model's own guesses go, and a rule's only when the corpus is sure; a word
    that is part of a full person name in this document ("Jordan" beside "Michael
    Jordan") stays a person.
    """
    parts: set[str] = set()
    for c in cands:
        words = tokens(c.key)
        if c.kind == "person" and len(words) >= 2:
            parts.update((words[0], words[-1]))
    towns = _mapped_towns(text, cands, votes)
    out: list[Cand] = []
    for c in cands:
        if (
            c.source == "model"
            and c.key not in parts
            and not is_acronym(c.surface)
            and votes.place_like(c.key, as_org=c.kind == "org")
            and not (
                c.kind == "person" and votes.surname_votes(c.key) >= HEAD_SURNAME_VOTES
            )  # "Mattis", the model's place now and then, ends 36 full names
            and not (
                c.kind == "person" and census_named(c.surface, votes) and not is_place_name(c.key)
            )  # "Hugh Schofield", the model's building every time
        ):
            continue
        if c.kind == "person" and c.key in towns and c.key not in parts:
            continue
        if c.source == "rule" and _surely_a_place(c.key, votes):
            continue  # "Russian Federation": a rule's name ending in "Federation"
        out.append(c)
    return out
