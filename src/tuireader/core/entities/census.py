"""Names of the 1990 US census, from the `names` package: what a name's words say when
the corpus cannot tell.

The small model calls some people organisations nearly every time it meets them ("Nikki
Haley": 16 ORG votes to 2 in the news corpus), so their own mentions never teach the
corpus votes that "Nikki" starts a person's name. The census lists the given names of
about 90% of the people it counted; the common ones are a prior that does not depend on
the model. Its surnames (88,799 of them) tell "Nikki Haley" from "Stella Artois".
"""

from __future__ import annotations

import re
from functools import cache

import names

from tuireader.core.entities.clean import normalise, tokens
from tuireader.core.entities.lexicon import (
    NAME_PARTICLES,
    NATIONALITIES,
    ORG_KEYWORDS,
    PLACE_LAST_WORDS,
    PLACES,
    SENTENCE_WORDS,
    TITLE_WORDS,
)
from tuireader.core.entities.votes import TypeVotes

COMMON_SHARE = 0.005
"""Percent of the census's people a given name must cover to count: "Nikki" (0.024%),
"Penelope" (0.013%), "Britney" (0.009%); not the rarer "Paris" (0.004%) or "China"."""


def _names(keys: tuple[str, ...], min_share: float) -> frozenset[str]:
    """The names of the census lists `keys` that cover at least `min_share` percent of
    its people, case-folded. A line reads "NIKKI  0.024 75.413  540"."""
    found: set[str] = set()
    for key in keys:
        with open(names.FILES[key], encoding="ascii") as lines:
            for line in lines:
                fields = line.split()
                if len(fields) == 4 and float(fields[1]) >= min_share:
                    found.add(fields[0].casefold())
    return frozenset(found)


@cache
def census_given_names() -> frozenset[str]:
    """The census's common given names ("nikki", "amanda", "pablo")."""
    return _names(("first:male", "first:female"), COMMON_SHARE)


@cache
def census_surnames() -> frozenset[str]:
    """Every surname of the census ("haley", "pirro"; not "artois")."""
    return _names(("last",), 0.0)


NOT_GIVEN = frozenset({"royal", "lady"})
"""Census given names that start bodies' names or titles far more often: "Royal
Marines", "First Lady Michelle Obama"."""

PLACE_WORDS_AT_END = PLACE_LAST_WORDS | frozenset(
    {
        "river", "creek", "lake", "sea", "bay", "beach", "harbor", "harbour", "falls",
        "springs", "park", "garden", "gardens", "hill", "hills", "heights", "point",
        "forest", "port", "bridge", "hall", "room", "shelter", "ball", "airport", "way",
        "ranch",
    }
)  # fmt: skip
"""Last words of places' names that a person's may end in too ("Damon Hill", "Lucille
Ball"): named so, "Chester Creek" and "Adelaide Airport" are no census person."""

NAME_WORD = re.compile(r"[A-Z][a-z]+(?:-[A-Z][a-z]+)?")
"""A capitalised word of a name: "Haley", "Louis-Dreyfus"."""


def census_named(surface: str, votes: TypeVotes) -> bool:
    """ "Nikki Haley", "Penelope Fillon": two or three capitalised words, the first a common
    given name of the census, the last a surname of the census or of the corpus, and
    none an organisation, place or title word; not "Morgan Stanley", which ends in a
    given name that the corpus does not use more often as a surname ("Haley" it does)."""
    words = surface.split()
    if not 2 <= len(words) <= 3 or not all(NAME_WORD.fullmatch(w) for w in words):
        return False
    keys = tokens(normalise(surface))
    return (
        keys[0] in census_given_names()
        and keys[0] not in NAME_PARTICLES  # "Al Jazeera"
        and keys[0] not in NOT_GIVEN
        and keys[-1] not in PLACE_WORDS_AT_END
        and (keys[-1] in census_surnames() or keys[-1] in votes.surnames)
        and not votes.rather_given_name(keys[-1])
        and (  # "Morgan Stanley": a given name at the end must be a surname in the corpus
            keys[-1] not in census_given_names()
            or votes.surname_votes(keys[-1]) > votes.given.get(keys[-1], 0)
        )
        and not any(
            k in ORG_KEYWORDS
            or k in PLACES
            or k in NATIONALITIES
            or k in TITLE_WORDS
            or k in SENTENCE_WORDS
            for k in keys
        )
    )
