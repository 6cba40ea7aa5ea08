"""Sports clubs: the one kind of organisation the small model gets wrong as a rule.

Clubs carry the names of towns ("Mainz", "Schalke"), of people's names' shape ("Werder
Bremen", "Hertha", "Bayer Leverkusen") or of animals ("Ospreys"); the model calls them
people or places, and a fixture list ("Hamburg - Schalke") becomes one person. The
clubs of the main European football leagues and rugby competitions are listed here with
the short forms reports use. A name that is also a town, a region or a common word is
taken for the club only in a report about sport (`sports_report`), where it nearly always
is one; the others are clubs wherever they are written.
"""

from __future__ import annotations

import itertools
import re

from tuireader.core.entities.extract import unglued
from tuireader.core.entities.lexicon import alias_table, fold_name
from tuireader.core.entities.rules import damaged
from tuireader.core.models import RawMention

CLUBS = alias_table(
    """
    Bayern Munich | FC Bayern Munich | FC Bayern | Bayern München | FC Bayern München
    Borussia Dortmund | BVB
    RB Leipzig
    TSG Hoffenheim | TSG 1899 Hoffenheim | 1899 Hoffenheim
    1. FC Köln | 1. FC Cologne | FC Cologne | FC Köln
    Hertha Berlin | Hertha BSC
    SC Freiburg
    Werder Bremen | SV Werder Bremen
    Borussia Mönchengladbach | Borussia Monchengladbach
    Schalke 04 | FC Schalke 04
    Eintracht Frankfurt
    Bayer Leverkusen | Bayer 04 Leverkusen
    FC Augsburg
    Hamburger SV | Hamburg SV
    Mainz 05 | FSV Mainz 05 | 1. FSV Mainz 05
    VfL Wolfsburg
    FC Ingolstadt | FC Ingolstadt 04
    Darmstadt 98 | SV Darmstadt 98
    VfB Stuttgart
    Hannover 96
    Eintracht Braunschweig
    Union Berlin | 1. FC Union Berlin
    Dynamo Dresden
    1. FC Nürnberg | 1. FC Nuremberg
    Fortuna Düsseldorf
    1. FC Kaiserslautern
    FC St. Pauli | St. Pauli
    Greuther Fürth | SpVgg Greuther Fürth
    Arminia Bielefeld
    SV Sandhausen
    Erzgebirge Aue
    TSV 1860 Munich | 1860 Munich | TSV 1860 München | 1860 München
    Karlsruher SC
    Würzburger Kickers
    VfL Bochum
    1. FC Heidenheim
    Sportfreunde Lotte
    Lokomotive Leipzig
    Astoria Walldorf
    Energie Cottbus
    Hansa Rostock
    MSV Duisburg
    Holstein Kiel
    Jahn Regensburg
    Manchester United | Man United | Man Utd
    Manchester City | Man City
    Tottenham Hotspur
    Leicester City
    West Ham United
    West Bromwich Albion | West Brom
    Crystal Palace
    Stoke City
    Swansea City
    Hull City
    AFC Bournemouth
    Newcastle United
    Aston Villa
    Norwich City
    Brighton & Hove Albion
    Derby County
    Leeds United
    Sheffield United
    Sheffield Wednesday
    Nottingham Forest
    Queens Park Rangers
    Wolverhampton Wanderers
    Blackburn Rovers
    Bolton Wanderers
    Cardiff City
    Derry City
    Arsenal
    Real Madrid
    Atletico Madrid | Atlético Madrid | Atletico
    FC Barcelona
    Athletic Bilbao
    Real Sociedad
    Villarreal
    Juventus
    AC Milan
    Inter Milan | Internazionale
    AS Roma
    Fiorentina
    Paris Saint-Germain | Paris St-Germain
    AS Monaco | Monaco FC
    Olympique Lyonnais
    Olympique de Marseille
    Benfica | SL Benfica
    FC Porto
    Sporting Lisbon | Sporting CP
    PSV Eindhoven
    Feyenoord
    Galatasaray
    Fenerbahce | Fenerbahçe
    Besiktas | Beşiktaş
    Shakhtar Donetsk
    Dynamo Kiev | Dynamo Kyiv
    Zenit St Petersburg | Zenit St. Petersburg | Zenit Saint Petersburg
    CSKA Moscow
    Spartak Moscow | FC Spartak
    Lokomotiv Moscow
    FC Basel
    Olympiacos
    Anderlecht
    Club Brugge
    FC Copenhagen
    Red Bull Salzburg
    Legia Warsaw
    Bath Rugby
    Bristol Rugby
    Exeter Chiefs
    Gloucester Rugby
    Harlequins
    Leicester Tigers
    London Irish
    Newcastle Falcons
    Northampton Saints
    Sale Sharks
    Worcester Warriors
    Cardiff Blues
    Newport Gwent Dragons
    Glasgow Warriors
    Edinburgh Rugby
    Benetton Treviso
    Clermont Auvergne
    Racing 92
    """
)
"""Clubs named so that nothing else goes by the name: listed wherever they are written."""

SPORTS_ONLY = alias_table(
    """
    Bayern Munich | Bayern
    Borussia Dortmund | Dortmund
    RB Leipzig | Leipzig
    TSG Hoffenheim | Hoffenheim
    1. FC Köln | Cologne | Köln
    Hertha Berlin | Hertha
    SC Freiburg | Freiburg
    Werder Bremen | Bremen | Werder
    Borussia Mönchengladbach | Gladbach | Mönchengladbach | Monchengladbach
    Schalke 04 | Schalke
    Eintracht Frankfurt | Frankfurt | Eintracht
    Bayer Leverkusen | Leverkusen
    FC Augsburg | Augsburg
    Hamburger SV | Hamburg | HSV
    Mainz 05 | Mainz
    VfL Wolfsburg | Wolfsburg
    FC Ingolstadt | Ingolstadt
    Darmstadt 98 | Darmstadt
    VfB Stuttgart | Stuttgart
    Hannover 96 | Hannover
    Eintracht Braunschweig | Braunschweig
    Dynamo Dresden | Dresden
    1. FC Nürnberg | Nuremberg | Nürnberg
    Fortuna Düsseldorf | Düsseldorf
    1. FC Kaiserslautern | Kaiserslautern
    Greuther Fürth | Fürth
    Arminia Bielefeld | Bielefeld
    SV Sandhausen | Sandhausen
    Erzgebirge Aue | Aue
    Karlsruher SC | Karlsruhe
    VfL Bochum | Bochum
    1. FC Heidenheim | Heidenheim
    Sportfreunde Lotte | Lotte
    Liverpool
    Chelsea
    Everton
    Southampton
    Burnley
    Watford
    Middlesbrough
    Sunderland
    Leicester City | Leicester
    Stoke City | Stoke
    Swansea City | Swansea
    Hull City | Hull
    AFC Bournemouth | Bournemouth
    Newcastle United | Newcastle
    Tottenham Hotspur | Tottenham | Spurs
    West Ham United | West Ham
    FC Barcelona | Barcelona | Barca | Barça
    Sevilla
    Valencia
    Juventus | Juve
    AS Roma | Roma
    Lazio
    Napoli
    AS Monaco | Monaco
    Olympique Lyonnais | Lyon
    Olympique de Marseille | Marseille
    FC Porto | Porto
    Paris Saint-Germain | PSG
    Ajax
    PSV Eindhoven | PSV
    Celtic
    Rangers
    Saracens
    Wasps
    Ospreys
    Scarlets
    Bath Rugby | Bath
    Exeter Chiefs | Exeter
    Northampton Saints | Northampton
    Gloucester Rugby | Gloucester
    Worcester Warriors | Worcester
    Dragons
    Leinster
    Munster
    Ulster
    Connacht
    Toulon
    Toulouse
    """
)
"""Clubs named like a town, a region or a common word: clubs only in a sports report."""

_SPORTS_CUES = re.compile(
    r"\b(Bundesliga|Premier League|Champions League|Europa League|La Liga|Serie A|Ligue 1"
    r"|Eredivisie|Pro1[24]|Premiership|Six Nations|Super Rugby|Top 14|FA Cup|DFB Cup"
    r"|DFB-Pokal|German Cup|[Mm]atchday|kick-off|striker|midfielder|goalkeeper|defender"
    r"|equali[sz]er|hat-trick|stoppage time|half-?time|penalty|relegat\w+|league leaders"
    r"|scored|goals?|fly-half|scrum|winger|fixtures?|derby|clean sheet|coach|squad"
    r"|stadium|football|soccer|[Rr]ugby|match)\b"
)

SPORTS_CUES_MIN = 5
"""Different words of sport a text needs to count as a sports report."""


def sports_report(text: str) -> bool:
    """Whether `text` reports on sport: it uses several of its words ("Bundesliga",
    "striker", "scored", "kick-off", "relegation" ...)."""
    seen = {m.group(1).casefold() for m in _SPORTS_CUES.finditer(text)}
    return len(seen) >= SPORTS_CUES_MIN


def _name_pattern(name: str) -> str:
    """`name` as a pattern: any white space between words, accents maybe damaged."""
    return r"\s+".join(damaged(word) for word in name.split())


def _pattern(names: list[str]) -> re.Pattern[str]:
    names = sorted(names, key=len, reverse=True)
    # a hyphen glued to a lower-case word before the name or to a bracket after it
    # stands for a lost space ("visit-Bayern Munich", "Augsburg-(20:30 CET)")
    before = r"(?:(?<=[a-z]-)|(?<![\w\-@#/.]))"
    after = r"(?![\w/@]|-\w)"
    return re.compile(before + "(" + "|".join(map(_name_pattern, names)) + ")" + after)


_SPLIT = re.compile(r"[\s\-–(),;:\"'’]+")


def _heads(text: str) -> set[tuple[str, ...]]:
    """The folded words of `text` and its pairs of neighbouring words."""
    words = [w if w.isascii() and "?" not in w else fold_name(w) for w in _SPLIT.split(text) if w]
    return {(w,) for w in words} | set(itertools.pairwise(words))


def _head(name: str) -> tuple[str, ...]:
    return tuple(fold_name(w) for w in _SPLIT.split(name) if w)[:2]


_CLUB = _pattern(list(CLUBS))
_CLUB_HEADS = frozenset(_head(name) for name in CLUBS)
_ANY_HEADS = _CLUB_HEADS | frozenset(_head(name) for name in SPORTS_ONLY)
_ANY_CLUB = _pattern(list(CLUBS) + list(SPORTS_ONLY))
FULL_NAMES = {fold_name(k): v for k, v in {**SPORTS_ONLY, **CLUBS}.items()}
"""Each club's written forms, folded (`fold_name`) -> its full name."""
_ALWAYS = frozenset(fold_name(k) for k in CLUBS)
_NEXT_WORD = re.compile(r"[ \t]+([A-Z][\w'’\-]*)")


def club_mentions(text: str, sports: bool | None = None) -> list[RawMention]:
    """The clubs named in `text`: the unmistakable ones always, and in a sports report
    (`sports`, by default `sports_report(text)`) also those named like towns or common
    words, unless the name goes on
    ("Leipzig Sports Museum"). Hyphens that stand for lost spaces are read as spaces
    ("and-Werder Bremen"), as the model reads them."""
    seen = unglued(text)
    heads = _heads(seen)
    if _ANY_HEADS.isdisjoint(heads):
        return []  # most texts: no club's first words, and no need for the long pattern
    if sports is None:
        sports = sports_report(text)
    if not sports and _CLUB_HEADS.isdisjoint(heads):
        return []
    pattern = _ANY_CLUB if sports else _CLUB
    found = [(m.start(1), m.end(1)) for m in pattern.finditer(seen)]
    starts = {start for start, _ in found}
    out: list[RawMention] = []
    for start, end in found:
        surface = text[start:end]
        if fold_name(surface) not in _ALWAYS:
            after = _NEXT_WORD.match(seen, end)
            if after and after.start(1) not in starts:
                continue
        out.append(RawMention("ORG", surface, start, end))
    return out


def without_clubs(raws: list[RawMention], clubs: list[RawMention]) -> list[RawMention]:
    """The model's mentions with the clubs cut out of them: "Dortmund RB Leipzig" (one
    "person" across a fixture) leaves nothing, "Werder Bremen coach Alexander Nouri"
    leaves "coach Alexander Nouri" for the usual clean-up."""
    if not clubs:
        return raws
    out: list[RawMention] = []
    for raw in raws:
        pieces = [(raw.start, raw.text)]
        for club in clubs:
            cut: list[tuple[int, str]] = []
            for start, text in pieces:
                end = start + len(text)
                if club.end <= start or end <= club.start:
                    cut.append((start, text))
                    continue
                if start < club.start:
                    cut.append((start, text[: club.start - start]))
                if club.end < end:
                    cut.append((club.end, text[club.end - start :]))
            pieces = cut
        for start, text in pieces:
            stripped = text.strip(" -–—,;:&/")
            if re.search(r"[A-Z]", stripped):
                at = start + text.index(stripped)
                out.append(RawMention(raw.label, stripped, at, at + len(stripped)))
    return out
