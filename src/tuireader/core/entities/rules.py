"""Rule-based mentions: organisation names by their last word, agency credits, a fallback.

These rules need only the text, so the resolver applies them to every document (they
catch what the model misses), and the extractor uses `rule_mentions` alone when no spaCy
model can be loaded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tuireader.core.entities.clean import PREFIX_JUNK
from tuireader.core.entities.lexicon import (
    AGENCY_FORMS,
    KNOWN_ORGS,
    MONTHS_DAYS,
    NATIONALITIES,
    NEWS_AGENCIES,
    NOT_NAMES,
    NOT_ORGS,
    ORG_CONNECTORS,
    ORG_KEYWORDS,
    ORG_SUFFIX_WORDS,
    PARTY_WORDS,
    PLACES,
    PLATFORMS,
    SENTENCE_WORDS,
    SOCIAL_WORDS,
    TITLE_WORDS,
    words_of,
)
from tuireader.core.models import RawMention

_TOKEN = re.compile(r"[^\W_][\w'’.?\-]*[\w?]|[^\W_]|&")
"""A word: letters, digits, inner apostrophes, dots and hyphens; "?" stands for a lost letter."""

_ABBREVIATION = re.compile(r"(?:[A-Za-z]\.)+|Inc\.|Corp\.|Ltd\.|Co\.")
_GAP = re.compile(r"[ \t]+")
"""Only plain spaces may separate the words of one name (no punctuation, no line break)."""


_ORDINAL = re.compile(r"\d{1,3}(?:st|nd|rd|th)")


@dataclass(frozen=True, slots=True)
class _Tok:
    text: str
    start: int
    end: int

    @property
    def key(self) -> str:
        return self.text.casefold().rstrip(".")

    @property
    def capital(self) -> bool:
        """A capitalised word, or a number or ordinal that may start a name ("G20",
        "9th US Circuit Court of Appeals")."""
        return self.text[0].isupper() or (
            self.text[0].isdigit()
            and (any(c.isupper() for c in self.text) or _ORDINAL.fullmatch(self.text) is not None)
        )

    @property
    def possessive(self) -> bool:
        return self.text.endswith(("'s", "’s", "'", "’"))


def _runs(text: str) -> list[list[_Tok]]:
    """Maximal sequences of capitalised words and inner connectors, split at punctuation."""
    runs: list[list[_Tok]] = []
    current: list[_Tok] = []
    prev_end = -1
    for m in _TOKEN.finditer(text):
        raw = m.group()
        if raw[0].islower() and "-" not in raw and raw.casefold().rstrip(".") not in ORG_CONNECTORS:
            # most words: lower case, no connector, so they only end a run (a fast path
            # for what the general case below would conclude)
            if current:
                runs.append(current)
                current = []
            prev_end = -1
            continue
        # a trailing dot belongs to the word only for abbreviations ("Inc.", "U.S.")
        if raw.endswith(".") and not _ABBREVIATION.fullmatch(raw):
            raw = raw[:-1]
        start = m.start()
        glued = raw.split("-", 1)
        if len(glued) == 2 and glued[1][:1].isupper() and glued[0].casefold() in PREFIX_JUNK:
            # "US-Justice Department": a lost space, not a hyphenated name
            raw, start, prev_end = glued[1], start + len(glued[0]) + 1, -1
            if current:
                runs.append(current)
                current = []
        tok = _Tok(raw, start, start + len(raw))
        joinable = prev_end >= 0 and _GAP.fullmatch(text[prev_end : tok.start]) is not None
        usable = tok.capital or tok.key in ORG_CONNECTORS
        if not (usable and (joinable or not current)):
            if current:
                runs.append(current)
            current = [tok] if usable else []
        else:
            current.append(tok)
        if current and current[-1].possessive and len(current) > 0:
            # a possessive ends a name: "Trump's Justice Department" -> "Justice Department"
            runs.append(current)
            current = []
        prev_end = tok.end if current else -1
    if current:
        runs.append(current)
    return runs


def _trim(run: list[_Tok]) -> list[_Tok]:
    """Drop leading sentence words and connectors, and trailing connectors."""
    i, j = 0, len(run)
    while i < j and (
        run[i].key in SENTENCE_WORDS or run[i].key in ORG_CONNECTORS or not run[i].capital
    ):
        i += 1
    while j > i and (run[j - 1].key in ORG_CONNECTORS or not run[j - 1].capital):
        j -= 1
    return run[i:j]


_HONORIFICS = words_of(
    "mr mrs ms miss dr sir dame president senator sen rep gov governor minister prime pope"
)
_TAIL_START = frozenset({"of", "for", "on", "de", "du", "des", "del"})
_TAIL_INSIDE = _TAIL_START | {"and", "the", "&"}
_PREFIX_CUT = frozenset({"of", "for", "on", "the", "in", "at", "de", "du", "des"})


def org_suffix_mentions(text: str) -> list[RawMention]:
    """Organisation names that end in (or are headed by) a word such as Party or Ministry.

    "Candlelight Party", "Ministry of Foreign Affairs", "UN Working Group on Arbitrary
    Detention": a capitalised sequence, possibly with "of", "for", "and", "the" inside,
    whose last organisation word is preceded by at least one other capitalised word or
    followed by "of ..." / "on ..." / "for ...".
    """
    out: list[RawMention] = []
    for run in _runs(text):
        run = _trim(run)
        keys = [i for i, t in enumerate(run) if t.capital and t.key in ORG_SUFFIX_WORDS]
        if not keys:
            continue
        last = keys[-1]
        end = last + 1
        if end < len(run) and run[end].key in _TAIL_START:
            stop = end
            while stop < len(run) and (run[stop].capital or run[stop].key in _TAIL_INSIDE):
                stop += 1
            tail = _trim(run[end:stop])
            if tail and tail[-1].end > run[last].end:
                end = run.index(tail[-1]) + 1
        name = run[:end]
        start = 0
        # "53rd Session of the UN Human Rights Council": the name starts after the
        # last "of"/"the" standing before its first organisation word
        for i in range(keys[0] - 1, -1, -1):
            if run[i].key in _PREFIX_CUT:
                start = i + 1
                break
        # a title before an office word belongs to a person, not to the organisation
        while start < last and (
            name[start].key in ORG_CONNECTORS
            or name[start].key in _HONORIFICS
            or name[start].key in MONTHS_DAYS
        ):
            start += 1
        name = name[start:]
        if len(name) > 2 and name[1].key == "and" and _ACRONYM.match(name[0].text):
            name = name[2:]  # "FBI and National Security Agency": two organisations
        if not name:
            continue
        content = [t for t in name if t.capital and t.key not in ORG_SUFFIX_WORDS]
        if not content:
            continue
        s, e = name[0].start, name[-1].end
        surface = text[s:e]
        if surface.casefold() in NOT_ORGS:
            continue
        out.append(RawMention("ORG", surface, s, e))
    return out


_CREDIT = re.compile(
    r"\(\s*(?:[^()\n]{0,40}?\b)?(?:Photos?|Pictures?|Images?|Video|File(?: photo)?|Credit|Source)"
    r"\s*:\s*([^()\n]{1,120})\)",
    re.IGNORECASE,
)
_DATELINE_AGENCIES = "Reuters|AP|AFP|Xinhua|UPI|dpa|DPA|Kyodo|Yonhap|TASS|EFE|PTI|ANI|Bloomberg"
_DATELINE = re.compile(rf"\(({_DATELINE_AGENCIES})\)|\[({_DATELINE_AGENCIES})\]")
"""An agency's credit in brackets: "(Reuters)" in a dateline, "[AP]" after a quote."""
_PHOTO_CREDIT = re.compile(
    r"\b(AP|AFP|EPA|Reuters|Getty Images|Xinhua|UPI|EPA-EFE)\s*(?:Photo|Images|/)"
)
_AGENCY = re.compile(
    r"(?<![\w\-])("
    + "|".join(re.escape(a) for a in sorted(AGENCY_FORMS, key=len, reverse=True))
    + r")(?![\w\-])"
)
_ACRONYM = re.compile(r"^[A-Z][A-Z&]{1,7}$")


_CAP = r"[A-Z][\w'’&\-]*"
_WORDS = rf"{_CAP}(?:[ \t]+{_CAP})*"
_LIST = rf"{_WORDS}(?:,[ \t]+{_WORDS})+,?[ \t]+and[ \t]+{_WORDS}"
_LIST_NAMES = (
    re.compile(rf"{_LIST}"),
    re.compile(rf"{_WORDS}[ \t]+(?:on|of|for)[ \t]+{_LIST}"),
)


def list_org_mentions(text: str) -> list[RawMention]:
    """Names whose words are a comma list: "Senate Health, Education, Labor and Pensions
    Committee", "Senate Committee on Health, Education, Labor and Pensions". The words of
    such a list are subjects, never acronyms: "CIA, FBI and National Security Agency" and
    "SDLP, UUP and Alliance" are lists of organisations, not one."""
    out: list[RawMention] = []
    for pattern in _LIST_NAMES:
        for m in pattern.finditer(text):
            items = re.split(r",?[ \t]+and[ \t]+|,[ \t]+", m.group())
            if any(_ACRONYM.match(item) for item in items[:-1]):
                continue  # "the CIA, FBI and National Security Agency": three of them
            words = [w.casefold() for w in re.findall(r"[\w'’&\-]+", m.group())]
            head = words[-1] in ORG_SUFFIX_WORDS or (
                pattern is _LIST_NAMES[1] and any(w in ORG_SUFFIX_WORDS for w in words[:-1])
            )
            if head:
                start = m.start()
                for w in re.finditer(r"\S+", m.group()):
                    if w.group().casefold().strip(",") in SENTENCE_WORDS:
                        start = m.start() + w.end()
                    else:
                        break
                surface = text[start : m.end()].strip()
                start = text.index(surface, start)
                out.append(RawMention("ORG", surface, start, start + len(surface)))
    return out


def credit_mentions(text: str) -> list[RawMention]:
    """Agencies named in photo credits and datelines: "(Photo: AFP / UCAN files)", "(Reuters)"."""
    out: list[RawMention] = []
    for m in _CREDIT.finditer(text):
        body_start = m.start(1)
        for part in re.finditer(r"[^/,;]+", m.group(1)):
            words = list(re.finditer(r"[A-Za-z][\w.&\-]*", part.group()))
            while words and words[-1].group().casefold() in {
                "files",
                "file",
                "photo",
                "photos",
                "archive",
            }:
                words.pop()
            if not words:
                continue
            first, last = words[0], words[-1]
            surface = part.group()[first.start() : last.end()]
            if re.fullmatch(r"via|courtesy|handout", surface, re.IGNORECASE):
                continue
            known = surface.casefold() in NEWS_AGENCIES
            if known or (len(words) == 1 and _ACRONYM.match(surface)):
                s = body_start + part.start() + first.start()
                out.append(RawMention("ORG", surface, s, s + len(surface)))
    for m in _AGENCY.finditer(text):
        out.append(RawMention("ORG", m.group(1), m.start(1), m.end(1)))
    for m in _DATELINE.finditer(text):
        group = 1 if m.group(1) else 2
        out.append(RawMention("ORG", m.group(group), m.start(group), m.end(group)))
    for m in _PHOTO_CREDIT.finditer(text):
        out.append(RawMention("ORG", m.group(1), m.start(1), m.end(1)))
    return sorted(set(out), key=lambda r: (r.start, r.end))


def damaged(name: str) -> str:
    """A pattern for `name` that also matches it with each accented letter lost to "?" or
    to one or two replacement characters, as the news corpus often has it ("Fianna
    F\ufffd\ufffdil")."""
    return "".join(
        f"(?:{re.escape(ch)}|[?\ufffd]{{1,2}})" if ord(ch) > 127 and ch.isalpha() else re.escape(ch)
        for ch in name
    )


def _written_so(names: tuple[str, ...]) -> re.Pattern[str]:
    """Any of `names` as written, as a whole name: not inside a word, a hyphenated
    compound, a handle, a hashtag or a web address ("@Twitter", "twitter.com/...").
    An accented letter may be damaged (`damaged`)."""
    return re.compile(r"(?<![\w\-@#/.])(" + "|".join(map(damaged, names)) + r")(?![\w\-/@])")


_PLATFORM = _written_so(PLATFORMS)
_BUTTON_BEFORE = re.compile(r"([\w+]+)\s+$")
_BUTTON_AFTER = re.compile(r"\s+([\w+]+)")


def platform_mentions(text: str) -> list[RawMention]:
    """Social networks named in the text: "companies like Facebook and Twitter", "wrote on
    Facebook". Not in a row of share buttons ("Send Facebook Twitter Google+"), where the
    word next to it, across white space only, is another button."""
    out: list[RawMention] = []
    for m in _PLATFORM.finditer(text):
        before = _BUTTON_BEFORE.search(text[max(0, m.start() - 20) : m.start()])
        after = _BUTTON_AFTER.match(text[m.end() : m.end() + 20])
        near = {x.group(1).casefold() for x in (before, after) if x is not None}
        if near & SOCIAL_WORDS:
            continue
        out.append(RawMention("ORG", m.group(1), m.start(1), m.end(1)))
    return out


_KNOWN_ORG = _written_so(KNOWN_ORGS)


def known_org_mentions(text: str) -> list[RawMention]:
    """The organisations of `KNOWN_ORGS` named in the text ("Fine Gael", "Boko Haram")."""
    return [RawMention("ORG", m.group(1), m.start(1), m.end(1)) for m in _KNOWN_ORG.finditer(text)]


_PARTY = re.compile(
    r"(?<![\w\-'’])((?:[A-Z][a-z]+ ){0,2}(?:"
    + "|".join(sorted(PARTY_WORDS, key=len, reverse=True))
    + r")) party\b"
)


def party_mentions(text: str) -> list[RawMention]:
    """Parties written with a lower-case "party": "the Conservative party", "Socialist
    party", "Scottish National party" (the model reads the first word as a people)."""
    out: list[RawMention] = []
    if " party" not in text:
        return out
    for m in _PARTY.finditer(text):
        start = m.start(1)
        words = m.group(1).split()
        while words and words[0].casefold() in SENTENCE_WORDS:
            start += len(words.pop(0)) + 1
        end = m.end()
        out.append(RawMention("ORG", text[start:end], start, end))
    return out


def _fallback_people(text: str) -> list[RawMention]:
    out: list[RawMention] = []
    for run in _runs(text):
        # a name never spans a connector in this fallback
        pieces: list[list[_Tok]] = [[]]
        for tok in run:
            if tok.key in ORG_CONNECTORS or not tok.capital:
                pieces.append([])
            else:
                pieces[-1].append(tok)
        for piece in pieces:
            while piece and (piece[0].key in SENTENCE_WORDS or piece[0].key in TITLE_WORDS):
                piece = piece[1:]
            if not 2 <= len(piece) <= 4:
                continue
            keys = [t.key for t in piece]
            if any(k in ORG_KEYWORDS or k in MONTHS_DAYS or k in SENTENCE_WORDS for k in keys):
                continue
            if any(t.text.isupper() and len(t.text) > 1 for t in piece):
                continue
            if not all(t.text[0].isalpha() for t in piece):
                continue
            s, e = piece[0].start, piece[-1].end
            surface = text[s:e]
            low = surface.casefold()
            if low in PLACES or low in NATIONALITIES or low in NOT_NAMES:
                continue
            if any(k in PLACES or k in NATIONALITIES for k in keys):
                continue
            out.append(RawMention("PERSON", surface, s, e))
    return out


def rule_mentions(text: str) -> list[RawMention]:
    """The fallback extractor: capitalised name sequences plus the organisation rules.

    Used only when no spaCy model can be loaded: it finds multi-word names and
    organisations reliably enough, misses single-word names, and makes more mistakes.
    """
    found = org_suffix_mentions(text) + credit_mentions(text)
    taken = [(r.start, r.end) for r in found]
    for person in _fallback_people(text):
        if not any(person.start < e and s < person.end for s, e in taken):
            found.append(person)
    return sorted(found, key=lambda r: (r.start, r.end))
