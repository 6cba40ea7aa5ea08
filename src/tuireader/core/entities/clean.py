"""Cleaning one mention's surface form: debris, "the", possessives, titles; junk tests.

Every function here works on the mention text alone (no document), so the same clean-up
serves the corpus-wide votes and the per-document resolver, and a span moves with it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from tuireader.core.entities.lexicon import (
    AGENCY_FORMS,
    GLUE_WORDS,
    MONTHS_DAYS,
    NAME_PARTICLES,
    NATIONALITIES,
    NOT_NAMES,
    ORG_CONNECTORS,
    ORG_KEYWORDS,
    ORG_SUFFIX_WORDS,
    PARTY_WORDS,
    PLACES,
    PORTFOLIOS,
    PUBLICATION_WORDS,
    ROLE_WORDS,
    SENTENCE_WORDS,
    SOCIAL_WORDS,
    TIME_ZONES,
    TITLE_MODIFIERS,
    TITLE_WORDS,
    TRAILING_JUNK,
    TRAILING_TITLES,
    fold_name,
    words_of,
)

_EDGE_DEBRIS = "\"'“”‘’„«»()[]{}<>,;:!?*•·|/\\-–—_~=+#…. \t\r\n\u00a0"
"""Characters that never begin or end a name (a final "." is put back for abbreviations)."""

_ABBREV_END = re.compile(r"(?:\b[A-Z]|\bInc|\bCorp|\bLtd|\bCo|\bJr|\bSr|\bSt|\b(?:[A-Z]\.)+[A-Z])$")
_POSSESSIVE = re.compile(r"(?:['’]s|(?<=s)['’])$", re.IGNORECASE)
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)
_WORD = re.compile(r"\S+")
_EMAIL = re.compile(r"\S+@\S+\.\w+")
_URL = re.compile(r"(?:https?://|www\.)|\.(?:com|org|net|gov|edu|co\.uk|io)\b", re.IGNORECASE)
_PAGE = re.compile(r"^(?:page|p|pp|fig|figure|chapter|section|vol)\.?\s*\d", re.IGNORECASE)
_DEBRIS_PREFIX = re.compile(r"^([A-Za-z.]+)[,;]?\s?[-–:]+\s?(?=[A-Z])")
PREFIX_JUNK = (
    PLACES
    | MONTHS_DAYS
    | SENTENCE_WORDS
    | NATIONALITIES
    | frozenset(
        {"source", "photo", "photos", "credit", "via", "image", "video", "file", "watch", "read"}
    )
)
"""Words glued by a lost space to the name after them: "US-Justice Department"."""
_GENERATION = re.compile(r"^(?:jr\.?|sr\.?|ii|iii|iv)$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Cleaned:
    """A cleaned surface form and where it now stands, relative to the raw mention's text."""

    text: str
    offset: int
    """Characters cut from the front of the raw text."""


def normalise(text: str) -> str:
    """The comparison key of a form: case, quotes, punctuation and spacing folded away."""
    s = unicodedata.normalize("NFKC", text).replace("’", "'").replace("‘", "'").casefold()
    s = re.sub(r"'s\b", "", s)
    s = re.sub(r"[^\w\s?]", " ", s)
    return " ".join(s.split())


def aliases_in(table: Mapping[str, str], surfaces: Iterable[str]) -> dict[str, str]:
    """Normalised form -> normalised canonical name, for each of `surfaces` that `table`
    (keyed by `fold_name`) lists under another name ("ISIL" -> "islamic state",
    "Hertha" -> "hertha berlin")."""
    out: dict[str, str] = {}
    for surface in surfaces:
        full = table.get(fold_name(surface))
        if full is not None and normalise(full) != normalise(surface):
            out[normalise(surface)] = normalise(full)
    return out


def tokens(key: str) -> list[str]:
    """The words of a normalised key."""
    return key.split()


def _strip_edges(text: str, offset: int) -> tuple[str, int]:
    stripped = text.lstrip(_EDGE_DEBRIS)
    offset += len(text) - len(stripped)
    text = stripped.rstrip(_EDGE_DEBRIS)
    rest = stripped[len(text) :]
    if rest.startswith(".") and _ABBREV_END.search(text):
        text += "."
    return text, offset


_GIVEN_NAME_TITLES = frozenset({"dean"})
"""Title words that are given names too: kept before a lone surname."""


_TITLE_HYPHEN = re.compile(r"(?<![\w'’\-])([A-Z][a-z]{1,11})-(?=[A-Z])")
"""A title glued to the name after it by a hyphen that stands for a space: "Prof-Redmond",
"Garda Commissioner-Nóirín O'Sullivan"."""


def _strip_titles(text: str, offset: int) -> tuple[str, int]:
    """Drop honorifics and offices before a name ("Prime Minister Hun Sen" -> "Hun Sen")."""
    spaced = _TITLE_HYPHEN.sub(
        lambda m: m.group(1) + (" " if m.group(1).casefold() in TITLE_WORDS else "-"), text
    )
    words = list(_WORD.finditer(spaced))
    if len(words) < 2:
        return text, offset
    keys = [w.group().casefold().strip(".,") for w in words]
    if any(k in ORG_KEYWORDS for k in keys):
        return text, offset
    if len(words) == 2 and keys[0] in _GIVEN_NAME_TITLES and words[0].group().istitle():
        return text, offset  # "Dean Schabner"; "Dean John Smith" loses the title
    cut = 0
    i = 0
    while i < len(words) - 1:
        key = keys[i]
        if key in TITLE_WORDS or (key == "lady" and i > 0 and keys[i - 1] == "first"):
            cut = i + 1
        elif key in TITLE_MODIFIERS or key in NATIONALITIES or key in PLACES:
            later = keys[i + 1 : len(words) - 1]
            if not any(k in TITLE_WORDS or k == "lady" for k in later):
                break
        else:
            break
        i += 1
    if cut:
        start = words[cut].start()
        text, offset = text[start:], offset + start
    # post-nominal letters: "Jane Smith QC", "Jane Smith, MP"
    while True:
        words = list(_WORD.finditer(text))
        if len(words) < 2 or words[-1].group().casefold().strip(".,") not in TRAILING_TITLES:
            break
        text = text[: words[-1].start()].rstrip(" ,")
    return text, offset


_WEEKDAYS = frozenset(
    {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
)


_GIVEN_NAME_MONTHS = frozenset({"jan", "jun"})
"""Short month names that are also given names, kept before a person's name."""


def _strip_sentence_word(text: str, offset: int, label: str = "") -> tuple[str, int]:
    """Drop a sentence adverb the model took for part of a name ("Nevertheless Faki");
    a day starts an organisation's name, though: "the Sunday Times"."""
    words = list(_WORD.finditer(text))
    first = words[0].group().casefold().strip(".,") if words else ""
    if label == "ORG" and first in _WEEKDAYS and words[0].group()[:1].isupper():
        return text, offset
    if (
        label == "PERSON"
        and first in _GIVEN_NAME_MONTHS
        and words[0].group().isalpha()
        and words[0].group().istitle()
        and text[words[0].end() : words[0].end() + 1] != "."
    ):
        return text, offset  # "Jan Egeland", not "Jan. 5" (the model leaves dates out)
    if len(words) >= 2 and (first in SENTENCE_WORDS or (label == "PERSON" and first in _CUES)):
        start = words[1].start()
        return text[start:], offset + start
    return text, offset


_CUES = frozenset({"watch", "listen"})
"""Words of a video or audio cue before a person's name ("Watch Sessions speak"), but
not of an organisation's ("Human Rights Watch")."""


_ONE_WORD_AGENCIES = frozenset(form for form in AGENCY_FORMS if " " not in form)


def _strip_places(text: str, offset: int) -> tuple[str, int]:
    """Drop a country or nationality glued before a name ("Syria Staffan de Mistura"), or
    a news agency's credit ("Reuters Kim" after "(Reuters)")."""
    words = list(_WORD.finditer(text))
    if len(words) >= 2 and words[0].group() in _ONE_WORD_AGENCIES:
        start = words[1].start()
        return text[start:], offset + start
    if len(words) < 3:
        return text, offset
    keys = [w.group().casefold() for w in words]
    if keys[0] not in PLACES and keys[0] not in NATIONALITIES and not people_of_a_place(keys[0]):
        return text, offset  # "Slovenian Tina Maze" as "Syria Staffan de Mistura"
    if any(k in ORG_KEYWORDS for k in keys):
        return text, offset
    start = words[1].start()
    return text[start:], offset + start


_CLUB = re.compile(r"[A-Z]{1,3}\d{1,2}")
"""A club of states or a service named by a letter and a number: "G20", "MI6"."""

_SPACED_DASH = re.compile(r"\s[-–—]+\s")
"""A dash between spaces: an aside, never inside a person's name."""
_BASED = re.compile(r"[\w.]+-based\s+(?=[A-Z])")
_DATE_TAIL = re.compile(r"\s+\d{1,2}/\d{1,2}/\d{2,4}$")

_COMPANY_SUFFIXES = frozenset({"co", "inc", "corp", "ltd", "llc", "plc"})
_CODE = re.compile(r"[A-Z]{1,3}-?\d+[A-Z]?")
_CLOCK = re.compile(r"\d{1,2}(?::\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)", re.IGNORECASE)


_PLACES_THAT_ARE_SURNAMES = frozenset({"jordan", "washington"})
"""Places that end people's names as often as they run on after one: "Jim Jordan"."""


_CHAMBERS = frozenset({"house", "senate"})

_ROLE_TAILS = words_of(
    "host anchor correspondent reporter spokesman spokeswoman spokesperson coordinator "
    "envoy columnist editor"
)
"""Roles that end a would-be organisation's name: the body is what comes before."""

_ROLE_ADJECTIVES = words_of(
    "special chief senior congressional presidential political diplomatic economics "
    "foreign national deputy"
)


_GLUED_TAIL = re.compile(r"(?:^|[\s-])([A-Za-z.]+)-([a-z]+)$")
"""The last hyphenated word of a name, a lower-case word after the hyphen."""
_PREFIXES = words_of("co anti pro ex non pre post vice self inter")
"""Capitalised prefixes a lower-case word follows: "Co-operation", "Anti-corruption"."""
_LONGER_THAN_A_SYLLABLE = 7
"""Letters from which a word is no syllable of a romanised Korean or Chinese name."""


def _unglued_end(text: str) -> int:
    """Where a name ends that a hyphen standing for a lost space glued a word onto
    ("Empire State Building-earlier", "Theo-explained", "White House-on", "Stephen
    Colbert-tore"): at that hyphen when the word is a small one or either side has seven
    letters or more, else at the end of `text`. The syllables of a Korean or Chinese
    given name are shorter ("Jong-nam", "Jae-in", "Kyoung-soo", "Chih-tsing") and stay."""
    m = _GLUED_TAIL.search(text)
    if m is None or m.group(1).casefold() in _PREFIXES:
        return len(text)
    head, tail = m.group(1), m.group(2)
    glued = (
        tail in GLUE_WORDS
        or len(tail) >= _LONGER_THAN_A_SYLLABLE
        or len(head) >= _LONGER_THAN_A_SYLLABLE
    )
    return m.start(2) - 1 if glued else len(text)


def _strip_tail(text: str, label: str) -> str:
    """Cut what runs on after a name: a word glued on by a hyphen (`_unglued_end`), a
    lower-case word in a person's name that is no particle ("Bozek-Jarvis said.-
    Congressional"), lower-case words after an organisation ("KCNA news agency"), and a
    last word that never ends a name."""
    text = _DATE_TAIL.sub("", text)  # "China Daily European Weekly 01/27/2017"
    text = text[: _unglued_end(text)]
    words = list(_WORD.finditer(text))
    if len(words) < 2:
        return text
    keys = [w.group().casefold().strip(".,;:-") for w in words]
    end = len(words)
    if label == "PERSON":
        for i in range(1, len(words)):
            if words[i].group().islower() and keys[i] not in NAME_PARTICLES:
                end = i
                break
    while end > 1 and words[end - 1].group().islower() and keys[end - 1] not in NAME_PARTICLES:
        end -= 1
    if (
        label == "ORG"
        and end < len(words)
        and keys[-1] in ORG_KEYWORDS
        and (
            (end == 1 and keys[0] in _CHAMBERS)
            or (keys[-1] == "party" and words[end - 1].group() in PARTY_WORDS)
        )
    ):
        end = len(words)  # "House intelligence committee" is no "House", "Labour party"
    while end > 1 and keys[end - 1] in TRAILING_JUNK:
        end -= 1
    if label == "PERSON" and end > 1 and keys[end - 1] in _WEEKDAYS:
        end -= 1  # "a meeting with Trump Thursday"
    # a country or people after a name runs into the next words: "Trump Russia story",
    # "Bill & Hillary Russian"; an organisation may end in a country ("Air France")
    last = keys[end - 1]
    if (
        end > 1
        and keys[end - 2] not in ORG_CONNECTORS
        and (
            (
                label == "PERSON"
                and (last in PLACES or last in NATIONALITIES)
                and last not in _PLACES_THAT_ARE_SURNAMES
            )
            or (
                last in NATIONALITIES
                and not last.endswith("s")
                and not has_org_word(" ".join(keys[:end]))
            )
        )
    ):
        end -= 1
    if label != "PERSON":
        # A company suffix with its full stop ends the name: "Machinery Co. Contact us".
        for i in range(1, end - 1):
            if words[i].group().endswith(".") and keys[i] in _COMPANY_SUFFIXES:
                end = i + 1
                break
        # A model or unit code after a name: "Turkish Air Force F-16".
        if end >= 3 and _CODE.fullmatch(words[end - 1].group()):
            end -= 1
        # A role after the body: "Fox News Host", "AP Congressional Correspondent".
        if end >= 2 and keys[end - 1] in _ROLE_TAILS:
            end -= 1
            while end >= 2 and keys[end - 1] in _ROLE_ADJECTIVES:
                end -= 1
            body = text[: words[end - 1].end()]
            if not is_acronym(body) and keys[end - 1] not in ORG_KEYWORDS:
                return ""  # "Regional Humanitarian Coordinator": a post, no body named
    return text if end == len(words) else text[: words[end - 1].end()]


def clean_surface(text: str, label: str) -> Cleaned | None:
    """The name inside a raw mention's text, or None when nothing usable is left.

    Cuts at a line break (keeping the longest line) or an opening parenthesis, strips
    quote and punctuation debris, a leading "the", possessive 's, and titles; a person
    mention keeps only what stands before its first comma ("Elizabeth Warren, D-Mass.").
    """
    offset = 0
    if ".-" in text:  # a sentence end whose space was lost: "McCulloch said.- Shortly"
        cut = text.index(".-")
        after = text[cut + 2 :].split()
        rest_named = bool(after) and after[0].casefold() not in SENTENCE_WORDS
        if text[:cut].strip() and not (text[:1].islower() and rest_named):
            text = text[:cut]  # but "worried.- Rubio" is Rubio
        else:
            text, offset = text[cut + 2 :], cut + 2
    if "\n" in text or "\r" in text:
        best = max(
            re.finditer(r"[^\r\n]+", text), key=lambda m: len(m.group().strip()), default=None
        )
        if best is None:
            return None
        text, offset = best.group(), offset + best.start()
    if "(" in text.strip("( "):
        text = text[: text.index("(", len(text) - len(text.lstrip("( ")))]
    inner = re.search(r"(?<=\w)[\"“”]", text)
    if inner:
        text = text[: inner.start()]
    if " / " in text:  # "Zhou Mo / China Daily": a credit line
        text = text[: text.index(" / ")]
    based = _BASED.match(text)
    if based and len(text) > based.end():  # "UK-based Mayborn Group"
        text, offset = text[based.end() :], offset + based.end()
    if label == "PERSON" and "," in text.strip(", "):
        lead = len(text) - len(text.lstrip(", "))
        text = text[: text.index(",", lead)]
    dash = _SPACED_DASH.search(text)
    if label == "PERSON" and dash and text[: dash.start()].strip(" -–—"):
        text = text[: dash.start()]  # "Ann Boyle - Mary's twin sister"
    for _ in range(4):
        before = (text, offset)
        text, offset = _strip_edges(text, offset)
        m = _LEADING_THE.match(text)
        if m and len(text) > m.end():
            text, offset = text[m.end() :], offset + m.end()
        m2 = _POSSESSIVE.search(text)
        if m2 and m2.start() > 1:
            text = text[: m2.start()]
        m3 = _DEBRIS_PREFIX.match(text)
        if m3 and m3.group(1).casefold().strip(".") in PREFIX_JUNK:
            text, offset = text[m3.end() :], offset + m3.end()
        if label == "PERSON" or NAME_PARTICLES & set(text.split()[2:-1]):
            text, offset = _strip_places(text, offset)
        text, offset = _strip_sentence_word(text, offset, label)
        text, offset = _strip_titles(text, offset)
        text = _strip_tail(text, label)
        if (text, offset) == before:
            break
    if not text:
        return None
    return Cleaned(text, offset)


def is_generation(word: str) -> bool:
    """True for "Jr.", "Sr.", "II", "III": the word that tells a father from a son."""
    return _GENERATION.match(word) is not None


def has_org_word(key: str) -> bool:
    """True when a normalised form reads as an organisation by its words alone."""
    words = tokens(key)
    if len(words) < 2:
        return False
    if len(words) >= 3 and words[0] in ORG_KEYWORDS and words[1] in _HEAD_LINKS:
        return True  # "Center for Risk Analysis", "Institute of Economic Affairs"
    return words[-1] in ORG_KEYWORDS or any(w in ORG_SUFFIX_WORDS for w in words)


_HEAD_LINKS = frozenset({"of", "for", "on", "to"})


def is_club(text: str) -> bool:
    """ "G20", "MI6": a club of states or a service named by letters and a number."""
    return _CLUB.fullmatch(text) is not None


def is_acronym(text: str) -> bool:
    """An all-capitals short form such as "CNRP", "U.S." or "AT&T"."""
    letters = [c for c in text if c.isalpha()]
    return 2 <= len(letters) <= 8 and all(c.isupper() for c in letters) and " " not in text


_PEOPLE_SUFFIXES = ("ian", "ese", "i", "n")


def people_of_a_place(key: str) -> bool:
    """ "Bangladeshi", "Yemenis", "Nepalese", "Iranians": a people named after a country."""
    word = key[:-1] if key.endswith("s") and not key.endswith("ss") else key
    return any(
        word.endswith(suffix) and word[: -len(suffix)] in PLACES for suffix in _PEOPLE_SUFFIXES
    )


def _plural_title(key: str) -> bool:
    """ "MPs", "MEPs", "senators": a plural title names no one in particular."""
    return key.endswith("s") and key[:-1] in TITLE_WORDS


_ARTICLE_FIRST = re.compile(r"(?:al|el)[- ][A-Z]")
"""An Arabic article written in lower case before a capitalised name: "al-Qaeda",
"al Qaeda", "al-Shabab" are names all the same."""


def junk_reason(text: str) -> str | None:
    """Why a cleaned form cannot be a person or organisation name, or None if it can."""
    if text in AGENCY_FORMS:  # written exactly so, always an organisation ("dpa" too)
        return None
    if len(text) < 2:
        return "too short"
    if not any(c.isalpha() for c in text):
        return "no letters"
    if _EMAIL.search(text) or text.startswith("@") or _URL.search(text):
        return "address"
    if _PAGE.match(text):
        return "page marker"
    if text == text.lower():
        return "lower case"
    if len(text) > 90 or len(text.split()) > 10:
        return "too long"
    key = normalise(text)
    words = tokens(key)
    if not words:
        return "no words"
    if sum(c.isalpha() for c in key) < 2 and not is_club(text):
        return "one letter"
    if all(
        w.isdigit() or w in MONTHS_DAYS or re.fullmatch(r"\d+(?:st|nd|rd|th|s)?", w) for w in words
    ):
        return "date or number"
    if sum(c.isdigit() for c in key) > sum(c.isalpha() for c in key) and not is_club(text):
        return "mostly digits"
    plain = unicodedata.normalize("NFKC", text).replace("’", "'").casefold().strip()
    if key in PLACES or plain in PLACES or key in NATIONALITIES or key in NOT_NAMES:
        return "not a name"
    if key in TITLE_WORDS or key in TRAILING_TITLES:
        return "not a name"
    if key in ROLE_WORDS and key not in PUBLICATION_WORDS:
        return "not a name"  # "Chairperson of the ...", "X, Campaigner for Greenpeace"
    if _CLOCK.search(text) or (len(words) == 1 and key in TIME_ZONES):
        return "time stamp"
    if len(words) == 1 and key in PORTFOLIOS:
        return "a minister's brief"
    if len(words) == 1 and (people_of_a_place(key) or _plural_title(key)):
        return "not a name"
    if len(words) >= 2 and sum(w in SOCIAL_WORDS for w in words) * 2 >= len(words):
        return "share buttons"
    if all(w in ORG_SUFFIX_WORDS for w in words):
        return "a bare organisation word"
    if sum(len(w) >= 3 and w.isupper() for w in re.findall(r"[^\W\d_]+", text)) >= 4:
        return "a headline in capitals"
    if (
        not text[0].isupper()
        and not text[0].isdigit()
        and not re.match(r"[a-z]+[A-Z]", text)
        and not _ARTICLE_FIRST.match(text)
    ):
        return "not capitalised"
    return None
