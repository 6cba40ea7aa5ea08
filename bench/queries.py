"""The query sets: a mixed set a reader types, pathological ones, and a 100-query history.

Words come from the shared news articles (Dec 2016 - Mar 2017), so every generated
corpus contains them. Entity filters (``person:``, ``org:``) match only in an index with
entities extracted; on the text-only bench indexes they still run (compile, look up an
empty posting list) in both our search and the baseline.
"""

from __future__ import annotations

MIXED: tuple[tuple[str, str], ...] = (
    ("term", "trump"),
    ("term", "refugees"),
    ("term", "brexit"),
    ("term", "climate"),
    ("term", "police"),
    ("term", "said"),
    ("and", "trump russia"),
    ("and", "police AND shooting"),
    ("and", "oil prices opec"),
    ("and", "north korea missile"),
    ("and", "(syria OR iraq) AND refugees"),
    ("and", "trump NOT russia"),
    ("phrase", '"white house"'),
    ("phrase", '"prime minister"'),
    ("phrase", '"european union"'),
    ("phrase", '"united nations security council"'),
    ("phrase", '"supreme court" ruling'),
    ("prefix", "immigra*"),
    ("prefix", "nucle*"),
    ("prefix", "presiden*"),
    ("prefix", "econom* growth"),
    ("fuzzy", "goverment~"),
    ("fuzzy", "presidnt~2"),
    ("fuzzy", "refugee~1 europe"),
    ("date", "olympics date:[2016-06-01 TO 2016-08-31]"),
    ("date", "election date:[2017-01-01 TO 2017-03-31]"),
    ("date", "date:>2017-11-01 merkel"),
    ("entity", "person:trump"),
    ("entity", "person:merkel refugees"),
    ("entity", 'org:"european union"'),
    ("entity", "org:nato russia"),
    ("field", "title:brexit"),
)
"""(kind, query) pairs: terms, AND, phrases, prefixes, fuzzy, date ranges, entity filters."""

PATHOLOGICAL: tuple[str, ...] = (
    "a*",
    "*a*",
    "???????",
    "t*",
    "*",
    "*e* *i*",
    "s* OR t* OR c* OR p*",
    "internationalisation~2",
    "counterterrorism~2 administration~2 representatives~2",
    '"the * of"',
    "the of and to a in",
    "date:[2016-01-01 TO 2017-12-31]",
    '"the the the the the the"',
    "the NOT a NOT of",
)
"""Queries that expand to many terms or match nearly every document."""

_HISTORY_WORDS = (  # noqa: SIM905 (a readable word list)
    "minister government president police election party court security attack state "
    "military economy market trade china russia syria europe germany france britain japan "
    "korea iran israel turkey mexico india africa refugees migrants border wall tax health "
    "care budget senate congress vote campaign protest killed official report investigation "
    "company bank oil energy climate water school students women children hospital"
).split()


def history(count: int = 100) -> list[str]:
    """`count` distinct queries, as a session's search history might hold."""
    out: dict[str, None] = dict.fromkeys(q for _, q in MIXED)
    words = _HISTORY_WORDS
    i = 0
    while len(out) < count:
        a = words[i % len(words)]
        b = words[(i * 7 + 3) % len(words)]
        form = i % 4
        if form == 0:
            out.setdefault(a, None)
        elif form == 1:
            out.setdefault(f"{a} {b}", None)
        elif form == 2:
            out.setdefault(f'"{a} {b}"', None)
        else:
            out.setdefault(f"{a[:4]}*", None)
        i += 1
    return list(out)[:count]


def mixed(quick: bool = False) -> list[str]:
    """The mixed set; in quick mode only the first query of each kind."""
    if not quick:
        return [q for _, q in MIXED]
    first: dict[str, str] = {}
    for kind, q in MIXED:
        first.setdefault(kind, q)
    return list(first.values())


def pathological(quick: bool = False) -> list[str]:
    """The pathological set; in quick mode three of them (prefix, wildcard, fuzzy)."""
    return ["a*", "???????", "goverment~2"] if quick else list(PATHOLOGICAL)
