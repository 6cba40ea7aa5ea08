"""Cues from a name's own shape and from set phrases around it that settle who or what it is.

The model often calls a person's full name an organisation, and the corpus repeats the
mistake ("Pablo Escobar" ORG five times out of five), so the votes cannot right it. Some
shapes and phrases are reliable all the same: initials before a surname ("H.P. Lovecraft")
are a person's, a Roman numeral ends a person's name ("Benigno Aquino III"), and a
reporter's credit ("Morgan Korn contributed to this report") names a person. The model
also glues a person's name to the organisation or place written before it ("Reserve
Bank of Zimbabwe Governor John Mangudya", "Lebanon Sigrid Kaag"); the name starts after
the title or at the given name the corpus knows.
"""

from __future__ import annotations

import re

from tuireader.core.entities.clean import has_org_word, normalise, tokens
from tuireader.core.entities.lexicon import (
    KNOWN_ORGS,
    NAME_PARTICLES,
    NATIONALITIES,
    PLACES,
    TITLE_WORDS,
)
from tuireader.core.entities.votes import COMMON_GIVEN_NAME, TypeVotes
from tuireader.core.models import RawMention

ROMAN_NUMERAL = re.compile(r"(?:II|III|IV|VI|VII|VIII|IX|XI|XII|XIII|XIV|XV|XVI)")
"""A generation numeral after a name ("Benigno Aquino III", "Pope Benedict XVI")."""

_NOT_INITIALS = frozenset({"u.s.", "u.k.", "u.n.", "e.u.", "d.c.", "u.s", "u.k", "d.c"})


def initials_name(surface: str) -> bool:
    """ "H.P. Lovecraft", "J.D. Gordon", "K Newton": one to three initials, then one or
    two capitalised words; a person's name (never "U.S. Army", an abbreviation)."""
    m = re.fullmatch(
        r"((?:[A-Z]\.\s?){1,3}|[A-Z]\.?\s)\s*([A-Z][a-z]+(?:[ -][A-Z][a-z]+)?)", surface
    )
    if m is None:
        return False
    head = m.group(1).replace(" ", "").casefold()
    return head not in _NOT_INITIALS


def shouting(surface: str) -> bool:
    """Whether a word of three capitals or more marks `surface` as an organisation
    ("CNN Money", "BBC News"): not a generation numeral ("Aquino III") nor initials
    ("H.P. Lovecraft")."""
    words = surface.split()
    if len(words) < 2:
        return False
    return any(
        sum(c.isalpha() for c in w) >= 3
        and w.isupper()
        and "." not in w
        and not ROMAN_NUMERAL.fullmatch(w)
        for w in words
    )


_CREDIT_AFTER = re.compile(
    r"\s+(?:also\s+)?contributed\s+(?:reporting\s+)?to\s+this\s+(?:report|story|article)\b"
    r"|,\s+reporting\s+from\b"
)
_CREDIT_BEFORE = re.compile(r"\b(?:reporting|written|edited|compiled)\s+by\s+$", re.IGNORECASE)


def reporter_credit(text: str, start: int, end: int) -> bool:
    """ "ABC News' Morgan Korn contributed to this report", "Additional reporting by Jane
    Smith", "Sinem Koseoglu, reporting from Istanbul": the name in a reporter's credit
    is a person's."""
    return bool(
        _CREDIT_AFTER.match(text, end) or _CREDIT_BEFORE.search(text[max(0, start - 40) : start])
    )


_KNOWN = frozenset(normalise(name) for name in KNOWN_ORGS)


def _given(word: str, votes: TypeVotes) -> bool:
    return votes.given_name(word) and word not in TITLE_WORDS


def _known_name(words: list[str], votes: TypeVotes) -> bool:
    """Whether `words` start with a common given name or end with a surname the corpus
    gives another person too: "David Lidington" yes, "Galaxy Note" no."""
    given, org_first = votes.given.get(words[0], 0), votes.org_first.get(words[0], 0)
    if given >= COMMON_GIVEN_NAME and given >= 5 * org_first:
        return True
    return any(full != " ".join(words) for full in votes.surnames.get(words[-1], {}))


def split_glued_name(raw: RawMention, votes: TypeVotes) -> list[RawMention]:
    """A person's name glued after an organisation or a place in one mention: "Bank of
    Russia Elvira Nabiullina", "Lebanon Sigrid Kaag", "Fine Gael Councillor Cyril Burke".
    Cut where a word the corpus uses as a given name follows one it does not (nor a
    particle), or after a title, leaving two or three words for the name, unless the
    corpus knows the whole as a person; only where the words before, less a trailing
    title ("Governor"), are an organisation or a place, which stay as such: "Mohamud
    Ahmed Eynab" and "Secretary of State Rex Tillerson" are left whole."""
    if raw.label not in ("PERSON", "ORG"):
        return [raw]
    words = list(re.finditer(r"\S+", raw.text))
    if len(words) < 3 or votes.person.get(normalise(raw.text), 0) >= 2:
        return [raw]
    keys = [normalise(w.group()) for w in words]
    for i in range(1, len(words) - 1):
        rest = keys[i:]
        if not 2 <= len(rest) <= 3 or not all(k and len(tokens(k)) == 1 for k in rest):
            continue
        head, before = keys[i], keys[i - 1]
        titled = before in TITLE_WORDS and i >= 2  # "Fine Gael Councillor Cyril Burke"
        given = _given(head, votes) and not _given(before, votes)
        if not (titled or given) or before in NAME_PARTICLES:
            continue
        if not all(w.group()[:1].isupper() for w in words[i:]):
            continue
        rest_key = " ".join(rest)
        if has_org_word(rest_key) or votes.lean(rest_key) < 0:
            continue
        if not titled and votes.lean(rest_key) == 0 and not _known_name(rest, votes):
            continue  # "Samsung Galaxy Note": no name the corpus knows
        if any(k in PLACES or k in NATIONALITIES for k in rest):
            continue
        name_at = words[i].start()
        person = RawMention("PERSON", raw.text[name_at:], raw.start + name_at, raw.end)
        lead = words[:i]
        while lead and normalise(lead[-1].group()) in TITLE_WORDS:
            lead = lead[:-1]
        if not lead:
            return [person]
        lead_text = raw.text[: lead[-1].end()]
        lead_key = re.sub(r"^the ", "", normalise(lead_text))
        words_before = tokens(lead_key)
        if votes.place_like(lead_key) or all(k in PLACES for k in words_before):
            label = "GPE"
        elif (
            has_org_word(lead_key)
            or lead_key in _KNOWN
            or votes.org.get(lead_key, 0) > votes.person.get(lead_key, 0)
        ):
            label = "ORG"
        else:
            continue  # "Mohamud Ahmed Eynab", "Secretary of State Rex Tillerson"
        return [RawMention(label, lead_text, raw.start, raw.start + len(lead_text)), person]
    return [raw]


_MEDIA_AFTER = re.compile(
    r"[\"”’']?\s+(?:daily|newspaper|tabloid|weekly|(?:news\s+)?magazine|news\s+agency|"
    r"broadcaster|radio\s+station|TV\s+channel|television\s+channel|website)\b"
)
_MEDIA_BEFORE = re.compile(
    r"\b(?:newspaper|daily|tabloid|weekly|broadcaster|radio\s+station|TV\s+channel|"
    r"news\s+agency|magazine)\s+[\"“]?$"
)


def media_title(text: str, start: int, end: int) -> bool:
    """ "the Kommersant daily", "radio station Ekho Moskvy", "the weekly "Der Spiegel"
    news magazine": a newspaper or broadcaster named by the noun beside it."""
    return bool(
        _MEDIA_AFTER.match(text, end) or _MEDIA_BEFORE.search(text[max(0, start - 30) : start])
    )


def foreign_article(surface: str) -> bool:
    """ "Der Spiegel", "Die Zeit", "Die Welt": a German article starts a title, never a
    person's name."""
    return bool(re.match(r"(?:Der|Die|Das) [A-Z]", surface))


_SITE_AFTER = re.compile(r"\s*\((?:https?://)?(?:www\.)?[\w\-]+(?:\.[\w\-]+)*\.(?:com|org|net)\b")


def website_after(text: str, end: int) -> bool:
    """ "A.T. Kearney (www.atkearney.com)": a name followed by its web address in
    brackets is a company's or a body's."""
    return bool(_SITE_AFTER.match(text, end))
