"""From one document's raw mentions to clean, canonical mentions.

The steps, in order: add the names the corpus knows where the model missed them
(`recall`); clean each surface form and drop junk; add the rule-based organisations,
agency credits and sports clubs (`clubs`), cutting a person's name off the organisation
it is glued to (`namecues`); drop what the words around a name show is a place
(`places`); decide each form's kind by the corpus votes, overruled by name shapes and set
phrases (initials, a reporter's credit, "the X daily"); drop what the corpus mostly calls
a place; find acronyms the text defines and their other uses, and known aliases;
merge short forms into the one full name they belong to (`merge`: surnames, first names,
reversed Khmer/Chinese order, middle initials, one-letter typos; organisation short forms,
leading acronyms, camel-case compounds); name each entity by its longest clean form;
apply the user's corrections.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from tuireader.core.entities.acronyms import defined_acronym, occurrences
from tuireader.core.entities.candidate import Cand, overlaps, word_before
from tuireader.core.entities.census import (
    NAME_WORD,
    NOT_GIVEN,
    census_given_names,
    census_named,
    census_surnames,
)
from tuireader.core.entities.clean import (
    aliases_in,
    clean_surface,
    has_org_word,
    is_acronym,
    is_club,
    junk_reason,
    normalise,
    people_of_a_place,
    tokens,
)
from tuireader.core.entities.clubs import FULL_NAMES, club_mentions, without_clubs
from tuireader.core.entities.corrections import Corrections
from tuireader.core.entities.gazetteer import is_place_name
from tuireader.core.entities.lexicon import (
    KNOWN_ALIASES,
    MONTHS,
    MONTHS_DAYS,
    NAME_PARTICLES,
    NATIONALITIES,
    NOT_NAMES,
    ORG_KEYWORDS,
    ORG_ROLE_WORDS,
    PLACES,
    ROLE_WORDS,
    SENTENCE_WORDS,
    TITLE_WORDS,
    fold_name,
)
from tuireader.core.entities.merge import Union, merge_orgs, merge_people
from tuireader.core.entities.namecues import (
    foreign_article,
    initials_name,
    media_title,
    reporter_credit,
    shouting,
    split_glued_name,
    website_after,
)
from tuireader.core.entities.places import (
    HEAD_SURNAME_VOTES,
    LISTED_PLACE_LABELS,
    drop_places,
    drop_voted_places,
    large_corpus,
    said_of_a_person,
)
from tuireader.core.entities.recall import recalled_mentions
from tuireader.core.entities.rules import (
    credit_mentions,
    known_org_mentions,
    list_org_mentions,
    org_suffix_mentions,
    party_mentions,
    platform_mentions,
)
from tuireader.core.entities.votes import PLACE_VOTE_LABELS, TypeVotes, count_votes
from tuireader.core.models import EntityKind, Mention, RawMention

__all__ = ["DROP_AMBIGUOUS", "TypeVotes", "count_votes", "resolve"]

DROP_AMBIGUOUS = True
"""Drop a bare surname shared by two full names in the document ("Seng" with "Theary
Seng" and "Sina Seng") rather than list it as a third person."""


_KNOWN_NAMES = {**FULL_NAMES, **{fold_name(k): v for k, v in KNOWN_ALIASES.items()}}
"""The clubs' and the known aliases' written forms, folded -> the name they stand for."""

RECALL = True
"""Look for the names the corpus knows where the model missed them (`recall`)."""

RELABEL_MIN_VOTES = 5
"""Person or organisation votes a place-labelled form needs before it is listed."""

RELABEL_SHARE = 3.0
"""How many times its place votes those votes must be."""


def _locate(text: str, raw: RawMention) -> int | None:
    """Where the raw mention's text stands in `text`: its own offset, or the nearest match."""
    if text[raw.start : raw.end] == raw.text:
        return raw.start
    lo = max(0, raw.start - 200)
    found = text.find(raw.text, lo, raw.end + 200)
    return found if found >= 0 else None


def _clean_cand(text: str, raw: RawMention, source: str) -> Cand | None:
    at = _locate(text, raw)
    if at is None:
        return None
    cleaned = clean_surface(raw.text, raw.label)
    if cleaned is None:
        return None
    start = at + cleaned.offset
    end = start + len(cleaned.text)
    if text[start:end] != cleaned.text:
        return None
    if junk_reason(cleaned.text) and not _month_named(text, start, end, raw.label):
        return None
    label = "ORG" if raw.label == "PERSON" and is_club(cleaned.text) else raw.label  # "MI6"
    return Cand(start, end, cleaned.text, normalise(cleaned.text), label, source)


_HONORIFIC_BEFORE = re.compile(r"\b(?:Mrs|Ms|Mr|Miss|Minister)\.?\s+$")


def _month_named(text: str, start: int, end: int, label: str) -> bool:
    """ "Mrs May", "May said": a month the text calls a person by an honorific before it
    or a verb of saying after it (Theresa May, 108 times "Mrs May" in the news corpus)."""
    if label != "PERSON" or normalise(text[start:end]) not in MONTHS:
        return False
    return bool(
        _HONORIFIC_BEFORE.search(text, max(0, start - 12), start) or _SAID_AFTER.match(text, end)
    )


_ORG_JOIN = re.compile(r",|\s+and\s+the\s+")
_AND_THE = re.compile(r"\s+and\s+the\s+")


def _split_list(raw: RawMention, joins: re.Pattern[str] = _ORG_JOIN) -> list[RawMention]:
    """ "Rotterdam School of Management, Erasmus University" and "the Asian Infrastructure
    Investment Bank and the New Development Bank" are two organisations each."""
    if raw.label != "ORG" or not joins.search(raw.text):
        return [raw]
    parts: list[tuple[int, str]] = []
    at = 0
    for join in joins.finditer(raw.text):
        parts.append((at, raw.text[at : join.start()]))
        at = join.end()
    parts.append((at, raw.text[at:]))
    named = [p for p in parts if any(w in ORG_KEYWORDS for w in tokens(normalise(p[1])))]
    if len(named) < 2:
        return [raw]
    return [RawMention(raw.label, t, raw.start + i, raw.start + i + len(t)) for i, t in parts]


def _misplaced(text: str, cand: Cand) -> bool:
    """A place, not a name: a dateline ("BEIRUT (AP) -"), digits in a person's name."""
    if cand.label == "PERSON" and any(ch.isdigit() for ch in cand.surface):
        return True
    if cand.surface.isupper() and len(cand.surface) >= 4 and " " not in cand.surface:
        line_start = cand.start == 0 or text[cand.start - 1] == "\n"
        after = text[cand.end : cand.end + 3].lstrip()
        if line_start and after[:1] in ("(", ",", "—", "–", "-", ":"):
            return True
    return False


def _particle(surface: str) -> bool:
    words = surface.split()
    return any(w in NAME_PARTICLES for w in words[1:-1]) and words[0][:1].isupper()


_GROUP_AFTER = re.compile(
    r"\s+(?:(?:and|or)\s+(?:other|similar)\s+(?:[\w-]+\s+){0,2})?"
    r"(?:groups?|organi[sz]ations?|militias?|movements?|parties|companies|firms|agencies)\b"
    r"|\s+(?:party|parliamentary party|leadership|leader|deputy leader)\b"
)
_GROUP_BEFORE = frozenset({"organisation", "organization", "group", "charity"})
"""A noun for an organisation right before a name, in apposition: "human rights
organisation Reprieve", "the armed group al-Shabab"."""

_POSSESSIVE_BEFORE = re.compile(r"\w['’]s\s+$")
_SAID_AFTER = re.compile(r"\s+(?:said|says|told|reported|wrote)\b")

STRONG_CONTEXT = 10
"""The weight of a cue that overrules the corpus votes: "Boko Haram and other groups"."""


def _context_lean(text: str, c: Cand, votes: TypeVotes) -> int:
    """+1 when the words around a mention say person ("sculptor X", "X, who", "Al
    Jazeera's X Y said" with X a given name more than an organisation's first word), -1 for an
    organisation ("the X" standing alone, "consultancy X"), `-STRONG_CONTEXT` when what
    follows makes it one of several groups ("X groups", "X and other militant groups")
    or a noun for an organisation stands right before it ("rights group X")."""
    before = word_before(text, c.start)
    after = text[c.end : c.end + 60]
    if _GROUP_AFTER.match(after) or before in _GROUP_BEFORE:
        return -STRONG_CONTEXT
    if reporter_credit(text, c.start, c.end):
        return STRONG_CONTEXT
    if media_title(text, c.start, c.end) or website_after(text, c.end):
        return -STRONG_CONTEXT
    if before.strip('("“') in ORG_ROLE_WORDS:
        return -1
    if before.strip('("“') in ROLE_WORDS or re.match(r",?\s+who\b|,\s+\d{1,3},", after):
        return 1
    if _POSSESSIVE_BEFORE.search(text, max(0, c.start - 4), c.start) and _SAID_AFTER.match(after):
        first = tokens(c.key)[0]
        if re.fullmatch(r"[A-Z][a-z]+(?: [A-Z][a-z]+){1,2}", c.surface) and votes.given.get(
            first, 0
        ) > votes.org_first.get(first, 0):
            return 1  # "Al Jazeera's Kamal Hyder said": a reporter; not "Manbij Cavusoglu"
    m = re.match(r",\s+(?:(?:the|a|an|his|her)\s+)?((?:[\w-]+\s+){0,3}[\w-]+)", after)
    if m and any(w in ROLE_WORDS for w in m.group(1).split() if w.islower()):
        return 1
    if before == "the" and not re.match(r"['’]?s?\s+[a-z]", after):
        return -1
    return 0


def _plain_word(word: str, votes: TypeVotes) -> bool:
    """A capitalised word that can be a surname: no function word, place, people, office,
    organisation word or calendar word, and not what the corpus calls a place."""
    return (
        word not in SENTENCE_WORDS
        and word not in MONTHS_DAYS
        and word not in PLACES
        and word not in NATIONALITIES
        and word not in TITLE_WORDS
        and word not in ORG_KEYWORDS
        and word not in NOT_NAMES
        and not votes.place_like(word)
        and votes.lean(word) >= 0
    )


def _ends_in_given_name(key: str, votes: TypeVotes) -> bool:
    """ "Hans Peter": the corpus uses the last word to start names, hardly to end them."""
    words = tokens(key)
    return len(words) >= 2 and votes.rather_given_name(words[-1])


def _grow(c: Cand, text: str, by: int) -> None:
    """Extend a candidate `by` characters to the right in `text`."""
    c.end += by
    c.surface = text[c.start : c.end]
    c.key = normalise(c.surface)


def _hyphen_tail(whole: str, tail: str, votes: TypeVotes) -> bool:
    """Whether "-Mashabane" after "Maite Nkoana" is the rest of her surname: the corpus
    has seen the whole name as a person, or never saw the tail as a name or place of its
    own ("Trump-Putin" joins two people, "Trump-Russia" a name and a place)."""
    if votes.person.get(normalise(whole), 0) > 0:
        return True
    seen = votes.person.get(tail, 0) + votes.org.get(tail, 0) + votes.place.get(tail, 0)
    return (
        seen == 0
        and tail not in votes.surnames
        and tail not in PLACES
        and tail not in NATIONALITIES
        and _plain_word(tail, votes)
    )


_PARTICLE_SURNAME = re.compile(
    r" (?:(?:dos|das|do|da|de|del|della|di|du|van|von|der|den|ter|ten|bin|ibn) ){1,2}"
    r"[A-Z](?:[\w\-]|['’](?=[A-Z]))*[a-z]"
)
"""A surname after a lower-case particle, which the model leaves off a full name:
"Jose Eduardo" before "dos Santos", "Ursula" before "von der Leyen"."""

_NEXT_NAME_WORD = re.compile(
    r" ([A-Z](?:[\w'’\-]|[?\ufffd]+(?=\w))+?)(?:['’]s)?(?![\w'’\-]|[?\ufffd]+\w)"
)
"""A capitalised word right after a name; an accented letter in it may be damaged to "?"
("Wolfgang Sch?uble"), which the model reads as the end of the name."""


def _extend_people(text: str, cands: list[Cand], votes: TypeVotes) -> None:
    """ "Hans Peter" right before "Doskozil", which the text uses alone or the model cut
    off after a given name: one name. So is "Maite Nkoana" before "-Mashabane" when the
    corpus has seen "Maite Nkoana-Mashabane" as a person, "Wolfgang" before "Sch?uble",
    a surname whose damaged accent cut it off, and "Jose Eduardo" before "dos Santos"
    (unless another kind of name starts there)."""
    singles = {c.key for c in cands if c.label == "PERSON" and len(tokens(c.key)) == 1}
    taken = [(c.start, c.end) for c in cands]
    for c in cands:
        if c.label != "PERSON":
            continue
        tail = re.match(r"-([A-Z][\w'’]+)(?![\w'’\-])", text[c.end : c.end + 30])
        if tail and _hyphen_tail(c.surface + tail.group(), normalise(tail.group(1)), votes):
            _grow(c, text, tail.end())  # "Maite Nkoana" cut before "-Mashabane"
            continue
        particle = _PARTICLE_SURNAME.match(text, c.end)
        if (
            particle
            and " " in c.key
            and not any(
                o.label != "PERSON" and o.start < particle.end() and c.end < o.end for o in cands
            )  # only people grow, so the others stand where they started
        ):
            _grow(c, text, particle.end() - c.end)  # "Jose Eduardo" before "dos Santos"
            continue
        m = _NEXT_NAME_WORD.match(text[c.end : c.end + 40])
        if not m:
            continue
        if tokens(c.key)[-1] in NAME_PARTICLES and " " in c.key:
            _grow(c, text, m.end(1))  # "Marine Le" before "Pen": no name ends in a particle
            continue
        word = normalise(m.group(1))
        at = c.end + m.start(1)
        damaged = bool(re.search(r"\w[?\ufffd]", m.group(1))) and votes.given_name(c.key)
        cut_short = (
            not re.match(r"\S* [A-Z]", text[c.end + m.end(1) : c.end + m.end(1) + 8])
            and (_ends_in_given_name(c.key, votes) or damaged)
            and _plain_word(word, votes)
            and not any(s < at + len(m.group(1)) and at < e for s, e in taken)
        )
        if (word in singles or cut_short) and word not in tokens(c.key):
            _grow(c, text, m.end(1))
    for c in cands:
        if c.label == "PERSON" and " " not in c.key:
            _given_name_before(text, c, taken, votes)
        elif c.label == "PERSON" and len(tokens(c.key)) == 2:
            _given_name_before(text, c, taken, votes, of_two=True)


_SENTENCE_STARTS = r"^|[.!?:]['\"”’]?\s+|\n\s*"
_SENTENCE_START = re.compile(rf"(?:{_SENTENCE_STARTS})$")
_OPENING = re.compile(rf"(?:{_SENTENCE_STARTS}|[\"“‘(\[]\s*)$")
"""Where a sentence, a quotation or a bracket opens."""

_WORD_BEFORE_NAME = re.compile(r"(?<![\w'’.\-])([A-Z][a-z]+(?:-[a-z]+)?) $")


def _given_name_before(
    text: str, c: Cand, taken: list[tuple[int, int]], votes: TypeVotes, of_two: bool = False
) -> None:
    """ "Salvador" before "Panelo", which the model took alone: a plain capitalised word
    right before a lone surname, in no other mention, is the first name the model cut
    off ("Lawyer Salvador Panelo said"). With `of_two`, before a name of two words, only
    a given name of the corpus or the census is: "Recep" before "Tayyip Erdogan"."""
    m = _WORD_BEFORE_NAME.search(text, max(0, c.start - 30), c.start)
    if not m:
        return
    word = normalise(m.group(1))
    if of_two and (
        not (votes.given_name(word) or word in census_given_names()) or word in NOT_GIVEN
    ):
        return
    if any(s < c.start and m.start(1) < e for s, e in taken):
        return
    # "He Lifeng", "He Kebin": a pronoun is never followed by a name the model took for a
    # person's; a Chinese surname is
    chinese_he = m.group(1) == "He" and c.label == "PERSON"
    if not chinese_he and (
        not _plain_word(word, votes) or word in ROLE_WORDS or word in ORG_KEYWORDS
    ):
        return
    if (
        not chinese_he
        and _OPENING.search(text, max(0, m.start(1) - 4), m.start(1))
        and not votes.given_name(word)
    ):
        return  # "Earlier Panelo said", a quote's "Congratulations Amos"; a known first
        # name may open either
    c.start = m.start(1)
    c.surface = text[c.start : c.end]
    c.key = normalise(c.surface)


def _relabel_place(raw: RawMention, votes: TypeVotes) -> RawMention | None:
    """A place-labelled mention the corpus mostly calls a person or an organisation
    ("Taliban" tagged NORP, "Kremlin" FAC): that kind, as its own votes say. Without
    such votes, a building or a place named like a person ("Hugh Schofield" tagged FAC,
    "Julia Louis-Dreyfus" GPE) is that person unless a town has the name ("Virginia Beach");
    else None."""
    cleaned = clean_surface(raw.text, raw.label)
    if cleaned is None or junk_reason(cleaned.text):
        return None
    key = normalise(cleaned.text)
    person, org = votes.person.get(key, 0), votes.org.get(key, 0)
    against = votes.place.get(key, 0) + votes.group.get(key, 0)
    if max(person, org) < RELABEL_MIN_VOTES or max(person, org) < RELABEL_SHARE * against:
        if (
            raw.label in PLACE_VOTE_LABELS
            and census_named(cleaned.text, votes)
            and not is_place_name(key)
        ):
            return RawMention("PERSON", raw.text, raw.start, raw.end)
        return None
    return RawMention("PERSON" if person > org else "ORG", raw.text, raw.start, raw.end)


_PLAIN_AND = re.compile(r"\s+and\s+")


def _split_pair(raw: RawMention, votes: TypeVotes) -> list[RawMention]:
    """ "Environmental Protection Agency and State Department": two organisations, each
    ending in an organisation word; "Kishida and Lavrov": two people the corpus knows."""
    m = _PLAIN_AND.search(raw.text)
    if raw.label not in ("ORG", "PERSON") or m is None or _PLAIN_AND.search(raw.text, m.end()):
        return [raw]
    left, right = raw.text[: m.start()], raw.text[m.end() :]
    keys = [normalise(left), normalise(right)]
    if not all(k and tokens(k)[0] != "the" for k in keys):
        return [raw]
    if all(tokens(k)[-1] in ORG_KEYWORDS and len(tokens(k)) >= 2 for k in keys):
        label = "ORG"
    elif all(votes.lean(k) + votes.surname_votes(k) >= 3 for k in keys):
        label = "PERSON"
    else:
        return [raw]
    return [
        RawMention(label, left, raw.start, raw.start + len(left)),
        RawMention(label, right, raw.start + m.end(), raw.end),
    ]


_NAME_AFTER_TITLE = re.compile(r"[ \t]+((?:[A-Z][\w'’\-]+)(?:[ \t]+[A-Z][\w'’\-]+){0,2})")


def _title_only(text: str, raw: RawMention, votes: TypeVotes) -> RawMention:
    """ "Taoiseach" tagged PERSON right before "Enda Kenny", which the model left out: the
    title and the name after it, for the title to be stripped. Names only, by the same
    test as a surname: no place, sentence, title or organisation word."""
    if raw.label != "PERSON" or not all(w in TITLE_WORDS for w in tokens(normalise(raw.text))):
        return raw
    m = _NAME_AFTER_TITLE.match(text, raw.end)
    if m is None:
        return raw
    words = tokens(normalise(m.group(1)))
    if not words or not all(_plain_word(w, votes) for w in words):
        return raw
    return RawMention("PERSON", text[raw.start : m.end(1)], raw.start, m.end(1))


_NEXT_WORDS = re.compile(r"[ \t]+([A-Z][\w'’&\-]*)(?:[ \t]+([A-Z][\w'’&\-]*))?")

EXTEND_MIN_VOTES = 5
"""Organisation votes the longer form needs before a cut-off mention is extended to it."""


def _extend_to_org(text: str, raw: RawMention, votes: TypeVotes) -> RawMention:
    """ "Islamic" tagged NORP before "State": the model cut a name the corpus knows well
    as an organisation ("Islamic State"); the longer form, one or two capitalised words
    more, when the corpus calls it an organisation at least `EXTEND_MIN_VOTES` times and
    three times as often as anything else."""
    if raw.label == "ORG" or text[raw.start : raw.end] != raw.text:
        return raw
    m = _NEXT_WORDS.match(text, raw.end)
    if m is None:
        return raw
    for group in (2, 1):
        end = m.end(group) if m.group(group) else -1
        if end < 0:
            continue
        longer = text[raw.start : end]
        key = normalise(longer)
        org = votes.org.get(key, 0)
        other = votes.person.get(key, 0) + votes.place.get(key, 0) + votes.group.get(key, 0)
        if org >= EXTEND_MIN_VOTES and org >= 3 * other:
            return RawMention("ORG", longer, raw.start, end)
    return raw


def _join_split_names(text: str, raws: Sequence[RawMention]) -> list[RawMention]:
    """ "Abd-Rabbu" and "Mansour Hadi", two PERSON spans a single space apart: the model
    cut one name in two ("President Abd-Rabbu Mansour Hadi"); one name."""
    out: list[RawMention] = []
    for raw in sorted(raws, key=lambda r: (r.start, r.end)):
        prev = out[-1] if out else None
        if (
            prev is not None
            and raw.label == "PERSON"
            and prev.label == "PERSON"
            and raw.start == prev.end + 1
            and text[prev.end : raw.start] == " "
            and text[prev.start : prev.end] == prev.text
            and text[raw.start : raw.end] == raw.text
            and not prev.text.endswith(("'s", "’s", "'", "’"))
        ):
            out[-1] = RawMention("PERSON", text[prev.start : raw.end], prev.start, raw.end)
            continue
        out.append(raw)
    return out


def _cut_before_org(text: str, c: Cand, rule: Cand) -> bool:
    """ "Pat McGrath Fine Gael": a person's name the model ran on into the organisation
    a rule found right after it; cut the name where the organisation starts (at least two
    words must be left). Returns whether it did."""
    if c.label != "PERSON" or not c.start < rule.start or c.end > rule.end:
        return False
    head = text[c.start : rule.start].rstrip()
    if len(head.split()) < 2 or not head[-1:].isalpha():
        return False
    c.end = c.start + len(head)
    c.surface = head
    c.key = normalise(head)
    return True


def _lowercase_words(text: str) -> set[str]:
    """The words `text` writes in lower case: a capitalised word also among them is a
    common word ("Farmer" beside "farmers"). Words of web and e-mail addresses
    ("infortrend.com") do not count."""
    return set(re.findall(r"(?<![\w.@/])[a-z]+(?![\w@/]|\.\w)", text))


def _strip_role_nouns(text: str, cands: list[Cand], votes: TypeVotes) -> None:
    """ "Farmer Elizabeth Antonio", "Reveler Felix Souza": a noun for what someone does,
    capitalised before a name of two words or more (or before the surname of a name so
    cut: "Garda Harrison", or a name the census knows); the text also writes it in lower
    case ("farmers", "a reveler") and the corpus does not start names with it. So does a
    people's name ("Slovenian Tina Maze"), written in lower case or not. The name starts
    after it."""
    lower: set[str] | None = None
    surnames: set[str] = set()
    for c in sorted(cands, key=lambda c: -len(c.surface.split())):
        words = c.surface.split()
        if c.source != "model" or len(words) < 2 or not words[0].isalpha():
            continue
        first = words[0].casefold()
        if not words[0].istitle() or first in NAME_PARTICLES or votes.given_name(first):
            continue
        rest = c.surface[len(words[0]) :].lstrip()
        if len(words) == 2:  # "Garda Harrison" after "Garda Keith Harrison"
            if normalise(rest) not in surnames:
                continue
        elif not (_name_shaped(rest, votes) or census_named(rest, votes)):
            continue
        if lower is None:
            lower = _lowercase_words(text)
        if not {first, first + "s", first + "es"} & lower and not (
            first in NATIONALITIES or people_of_a_place(first)  # "Slovenian Tina Maze"
        ):
            continue
        c.start = c.end - len(rest)
        c.surface = rest
        c.key = normalise(rest)
        surnames.add(tokens(c.key)[-1])


_SLASHED = re.compile(r"[^\s/]{2,}(?:\s+[^\s/]+)*")
_SLASH_PART = re.compile(r"(?:the-)?[A-Z][^\W\d_]*(?:[\s&'’\-]+[^\W\d_]+)*")


def _split_slash(raw: RawMention, votes: TypeVotes) -> list[RawMention]:
    """Names joined by a slash: "GCHQ/National Cybersecurity Centre" is two
    organisations, "Tralee to Mallow/Cork/Dublin" a route through places (none listed
    when one of the names is a place). A slash with spaces around is a credit line."""
    if raw.label not in ("PERSON", "ORG") or not re.search(r"\w/\w", raw.text):
        return [raw]
    parts = list(_SLASHED.finditer(raw.text))
    cleaned = clean_surface(raw.text, raw.label)
    if (
        len(parts) < 2
        or cleaned is None
        or junk_reason(cleaned.text)  # "Digg/Newsvine Permalink": share buttons
        or not all(_SLASH_PART.fullmatch(p.group()) for p in parts)  # an address, a date
    ):
        return [raw]
    keys = [normalise(p.group()) for p in parts]
    if any(k in PLACES or votes.place_like(k) for k in keys):
        return []
    return [
        RawMention(raw.label, p.group(), raw.start + p.start(), raw.start + p.end()) for p in parts
    ]


def _candidates(text: str, raws: Sequence[RawMention], votes: TypeVotes) -> list[Cand]:
    cands: list[Cand] = []
    clubs = club_mentions(text)
    raws = without_clubs(list(raws), clubs)
    for given in _join_split_names(text, raws):
        given = _extend_to_org(text, given, votes)
        whole = given if given.label in ("PERSON", "ORG") else _relabel_place(given, votes)
        if whole is None:
            continue
        whole = _title_only(text, whole, votes)
        glued = [p for p in split_glued_name(whole, votes) if p.label in ("PERSON", "ORG")]
        slashed = (part for one in glued for part in _split_slash(one, votes))
        listed = (part for one in slashed for part in _split_list(one))
        for raw in (pair for part in listed for pair in _split_pair(part, votes)):
            cand = _clean_cand(text, raw, "model")
            if cand is not None and not _misplaced(text, cand):
                cands.append(cand)
    _extend_people(text, cands, votes)
    found = org_suffix_mentions(text) + list_org_mentions(text) + credit_mentions(text)
    found += platform_mentions(text) + known_org_mentions(text) + clubs + party_mentions(text)
    # A rule's name never spans a comma by accident ("Senate Health, Education, Labor
    # and Pensions Committee" is one), but may join two with "and the".
    # A person's name glued after a rule's organisation is left to the model's mention.
    cut = (one for whole in found for one in split_glued_name(whole, votes))
    parts = (part for one in cut if one.label == "ORG" for part in _split_list(one, _AND_THE))
    for raw in (pair for part in parts for pair in _split_pair(part, votes)):
        rule = _clean_cand(text, raw, "rule")
        if rule is None:
            continue
        hit = [c for c in cands if overlaps(c, rule.start, rule.end)]
        if len(hit) == 1 and _cut_before_org(text, hit[0], rule):
            hit = []
        if all(rule.start <= c.start and c.end <= rule.end for c in hit):
            cands = [c for c in cands if c not in hit]
            cands.append(rule)
    cands.sort(key=lambda c: (c.start, -c.end))
    return cands


_LIST_JOIN = re.compile(r"\s*(?:,|,?\s+and|,?\s+or)\s+(?:the\s+)?$")


def _listed_with_org(text: str, cands: list[Cand], i: int) -> bool:
    """A bare name in a list next to an organisation: "the Federation of Small
    Businesses, Revo, the Association of ...", "the far-left Linke and Greens"."""
    c = cands[i]
    for j in (i - 1, i + 1):
        if not 0 <= j < len(cands):
            continue
        other = cands[j]
        if other.label != "ORG" and not has_org_word(other.key):
            continue
        gap = text[other.end : c.start] if j < i else text[c.end : other.start]
        if len(gap) <= 12 and _LIST_JOIN.fullmatch(gap + " ") and "\n" not in gap:
            return True
    return False


def _name_shaped(surface: str, votes: TypeVotes) -> bool:
    """ "Angelique Kerber", "Somaia Halawa": two or three capitalised words, none an
    organisation, place or title word, the first starting no other organisation's name
    in the corpus, and the first known to start a person's name there or the last to
    end one. With next to no votes either way this shape is a person's far more
    often than an organisation's."""
    words = surface.split()
    if not 2 <= len(words) <= 3 or not all(NAME_WORD.fullmatch(w) for w in words):
        return False
    keys = tokens(normalise(surface))
    return (
        votes.org_first.get(keys[0], 0) <= votes.org.get(" ".join(keys), 0)
        and keys[0] not in NAME_PARTICLES  # "Al Jazeera"
        and (votes.given.get(keys[0], 0) > 0 or keys[-1] in votes.surnames)
        and not any(k in ORG_KEYWORDS or k in PLACES or k in NATIONALITIES for k in keys)
        and not any(k in TITLE_WORDS or k in SENTENCE_WORDS for k in keys)
    )


ORG_ALONE_MAX_LEAN = 5
"""Person votes (less organisation votes) of a name up to which its first word, an
organisation alone, makes it one."""


def _an_org_alone(word: str, votes: TypeVotes) -> bool:
    """Whether the corpus writes `word` alone as an organisation, at least ten times and
    three times as often as it writes it as a person or starts a person's name with it
    ("Lockheed", "Rosneft"; not "Cao", whose people the model also calls organisations
    now and then), and the census does not know it as a given name ("Morgan")."""
    org = votes.org.get(word, 0)
    return (
        org >= 10
        and org >= 3 * (votes.person.get(word, 0) + votes.given.get(word, 0))
        and word not in census_given_names()
    )


KNOWN_PERSON_VOTES = 5
"""Mentions of a full name in the corpus from which its surname alone is that person's."""


def _surname_of_a_known_person(key: str, votes: TypeVotes) -> bool:
    """ "Le Pen", "van Gogh": a surname that starts with a particle, which the corpus
    writes at the end of a person's full name at least `KNOWN_PERSON_VOTES` times
    ("Marine Le Pen"), as a person at least twice as often as anything else, and which
    the model calls a person alone now and then; it calls "Le Pen" alone ORG twice as
    often as PERSON."""
    words = tokens(key)
    if len(words) < 2 or words[0] not in NAME_PARTICLES or not votes.person.get(key):
        return False  # never a person alone: "al-Nusra" ("Jabhat al-Nusra" is, to the model)
    fulls = votes.surnames.get(words[-1])
    return fulls is not None and any(
        n >= KNOWN_PERSON_VOTES and full.endswith(" " + key) and votes.lean(full) >= n // 2
        for full, n in fulls.items()
    )


def _decide_kinds(text: str, cands: list[Cand], votes: TypeVotes) -> None:
    local: dict[str, Counter[str]] = {}
    context: Counter[str] = Counter()
    for i, c in enumerate(cands):
        local.setdefault(c.key, Counter())[c.label] += 1
        if c.source == "model":
            context[c.key] += _context_lean(text, c, votes)
            if len(tokens(c.key)) == 1 and _listed_with_org(text, cands, i):
                context[c.key] -= 1
    for c in cands:
        if (
            c.source != "model"
            or has_org_word(c.key)
            or is_acronym(c.surface)
            # what the model calls an organisation, left with a word for one once a title
            # is gone: "Founder Securities"; not "Mills", which the corpus calls a person
            or (c.label == "ORG" and c.key in ORG_KEYWORDS and votes.lean(c.key) <= 0)
        ):
            c.kind = "org"
            continue
        words = tokens(c.key)
        lean = votes.lean(c.key)
        if len(words) == 1:
            lean += votes.surname_votes(c.key)
        elif (
            lean <= 0
            and len(words) <= 4
            and (
                votes.given_name(words[0])
                # "Alexey Petukhov", which the model calls ORG; not "Al Jazeera"
                or (
                    words[0] not in NAME_PARTICLES
                    and votes.common_given_name_but_for(words[0], c.key)
                )
            )
        ):
            lean = max(lean, 0) + 1
        elif lean <= 0 and _surname_of_a_known_person(c.key, votes):
            lean = 1
        elif lean <= 2 and len(words) >= 3 and _particle(c.surface):
            lean = 3
        elif 0 < lean <= 2 and words[0] not in NAME_PARTICLES and votes.org_head(words[0]):
            lean = -1  # "Air Caraibes", "Seattle Seahawks": the corpus starts bodies so
        elif 0 < lean <= ORG_ALONE_MAX_LEAN and _an_org_alone(words[0], votes):
            lean = -1  # "Lockheed Martin": "Lockheed" alone is a company
        elif (-1 <= lean <= 0 and _name_shaped(c.surface, votes)) or (
            lean <= 0 and census_named(c.surface, votes)  # "Nikki Haley", ORG 16 times of 18
        ):
            lean = 1
        if shouting(c.surface) and (not c.surface.isupper() or votes.lean(c.key) < 2):
            lean = min(lean, -3)  # "CNN Money"; not "ZHU LIXIN", a person the corpus knows
        elif initials_name(c.surface):
            lean = max(lean, 2)
        if foreign_article(c.surface):
            lean = min(lean, -3)
        if context[c.key] and (abs(lean) <= 2 or context[c.key] <= -STRONG_CONTEXT):
            lean = context[c.key]
        elif (
            context[c.key] > 0
            and lean < 0
            and len(words) >= 2
            and words[0] not in NAME_PARTICLES
            and votes.given_name_but_for(words[0], c.key)
        ):
            lean = context[c.key]  # "Nikki Haley, US ambassador to the UN": the model's
            # own ORG votes for her name are all that is against it
        if lean == 0:
            here = local[c.key]
            lean = here["PERSON"] - here["ORG"]
        if lean == 0:
            lean = 1 if c.label == "PERSON" else -1
        c.kind = "person" if lean > 0 else "org"
    # a bare word that is part of a person's full name here is that person, whatever the
    # model said; so is a hyphenated or compound surname ("Dlamini-Zuma")
    parts: set[str] = set()
    for c in cands:
        words = tokens(c.key)
        if c.kind == "person" and len(words) >= 2:
            parts.update((words[0], words[-1]))
            parts.update(" ".join(words[i:]) for i in range(1, len(words) - 1))
    heads: set[str] = set()
    for c in cands:
        words = tokens(c.key)
        if c.kind == "org" and len(words) >= 2 and not is_acronym(c.surface):
            heads.add(words[0])
    for c in cands:
        if c.source != "model" or is_acronym(c.surface):
            continue
        if c.kind == "org" and c.key in parts:
            c.kind = "person"
        elif (
            c.kind == "person"
            and c.key in heads
            and c.key not in parts
            and votes.surname_votes(c.key) < HEAD_SURNAME_VOTES
        ):
            c.kind = "org"  # but "Trump" before "Trump International Golf Course" stays


COMMON_WORD_MAX_SURNAME_VOTES = 2
"""Full names ending in a word, in the corpus, from which it counts as a surname."""

COMMON_WORD_MAX_ORG_VOTES = 5
"""Organisation votes below which a lone capitalised word the text also writes in lower
case is taken for that common word ("Media reports", "the media"), not a body."""

SENTENCE_ONLY_MAX_VOTES = 2
"""Person and organisation votes up to which a lone word written capitalised only where
a sentence starts ("Lunch is available", "Nitrogen dioxide is") is taken for a common
word, not a name."""


_PROSE_SENTENCE_START = re.compile(r"(?:^|[.!?]['\"”’]?\s+|\n\s*)$")
"""`_SENTENCE_START` without a colon: "READ MORE: Fatah and Hamas ..." is a headline,
whose words are capitalised as names are."""

_QUOTE_START = re.compile(r"(?:^|[\s(\[])['\"“‘]$")
"""Where a quotation opens: "'False reports'", "his \"Absurd\" lies"."""


def _only_starting_sentences(text: str, word: str) -> bool:
    """Whether every use of `word` in `text`, as written, starts a sentence."""
    pattern = re.compile(r"(?<![\w'’\-])" + re.escape(word) + r"(?![\w\-])")
    return all(
        _PROSE_SENTENCE_START.search(text, max(0, m.start() - 4), m.start())
        for m in pattern.finditer(text)
    )


def _full_name_words(cands: list[Cand]) -> set[str]:
    """The words of the people's names of two words or more among `cands`."""
    return {word for c in cands if c.kind == "person" and " " in c.key for word in tokens(c.key)}


def _drop_capitalised_words(text: str, cands: list[Cand], votes: TypeVotes) -> list[Cand]:
    """Drop a lone word the model took for a person only because it starts a sentence
    ("Bariatric surgery ...", "Turnout for the second ...") or a quotation ("'False
    reports'") when the text also writes it in lower case and the corpus does not use
    it as a surname; a word of a full name here ("May" beside "Theresa May") stays."""
    parts = _full_name_words(cands)
    lower = None
    out: list[Cand] = []
    for c in cands:
        at_start = _SENTENCE_START.search(text, max(0, c.start - 4), c.start)
        if (
            c.source == "model"
            and " " not in c.key
            and c.key not in parts
            and not is_acronym(c.surface)
            and (at_start or _QUOTE_START.search(text, max(0, c.start - 2), c.start))
            and votes.surname_votes(c.key) <= COMMON_WORD_MAX_SURNAME_VOTES
        ):
            if c.kind == "person":
                if lower is None:
                    lower = _lowercase_words(text)
                if c.key in lower:
                    continue
            if (
                at_start
                and _only_starting_sentences(text, c.surface)
                and votes.given.get(c.key, 0) <= COMMON_WORD_MAX_SURNAME_VOTES
                and votes.person.get(c.key, 0) + votes.org.get(c.key, 0) <= SENTENCE_ONLY_MAX_VOTES
            ):
                continue
        if (
            c.source == "model"
            and c.kind == "org"
            and " " not in c.key
            and not is_acronym(c.surface)
            and votes.org.get(c.key, 0) < COMMON_WORD_MAX_ORG_VOTES
        ):
            if lower is None:
                lower = _lowercase_words(text)
            if c.key in lower:
                continue  # "Media", "Analysis", "Order": the text writes them in lower case
        out.append(c)
    return out


def _drop_unknown_words(text: str, cands: list[Cand], votes: TypeVotes) -> list[Cand]:
    """Drop a lone word the model calls a person that nothing else says is a name: no
    full name here has it, the corpus never ends or starts a person's name with it, the
    census knows it neither as a surname nor as a given name, and no use of it here has
    a title, a role or a verb of saying beside it ("Vogue", "Alipay", "Drill",
    "Conflicting"; not "Meacher said"). Five in six such words in the labelled sets
    (held-out 1 to 62) are no person; a person named only by an unknown surname, with no
    "said" near it, is the price. Only in a large corpus, whose silence about a word
    means something (`large_corpus`, as for towns)."""
    if not large_corpus(votes):
        return cands
    parts = _full_name_words(cands)
    unknown = {
        c.key
        for c in cands
        if c.source == "model"
        and c.kind == "person"
        and " " not in c.key
        and c.key not in parts
        and not is_acronym(c.surface)
        and not votes.surname_votes(c.key)
        and not votes.given.get(c.key, 0)
        and c.key not in census_surnames()
        and c.key not in census_given_names()
    }
    if not unknown:
        return cands
    named = {c.key for c in cands if c.key in unknown and said_of_a_person(text, c)}
    return [c for c in cands if c.kind != "person" or c.key not in unknown - named]


def _acronyms(text: str, cands: list[Cand]) -> tuple[list[Cand], dict[str, str]]:
    """Add every use of a defined acronym; return the cands and acronym key -> full key."""
    aliases: dict[str, str] = {}
    found: list[tuple[str, str]] = []
    for c in cands:
        if c.kind != "org" or is_acronym(c.surface) or len(tokens(c.key)) < 2:
            continue
        defined = defined_acronym(text, c.start, c.end)
        if defined is None:
            continue
        acronym = defined[0]
        key = normalise(acronym)
        if key not in aliases and key != c.key:
            aliases[key] = c.key
            found.append((acronym, key))
    for acronym, key in found:
        for start, end in occurrences(text, acronym):
            hit = [c for c in cands if overlaps(c, start, end)]
            if any(c.start < start or c.end > end for c in hit):
                continue
            cands = [c for c in cands if c not in hit]
            cands.append(Cand(start, end, acronym, key, "ORG", "acronym", "org"))
    cands.sort(key=lambda c: (c.start, -c.end))
    return cands, aliases


def _tidy(name: str) -> str:
    """A canonical name on one line, without commas."""
    return " ".join(re.sub(r"\s*,\s*", " ", name).split())


def _canonical(forms: Counter[str], first: dict[str, int], votes: TypeVotes) -> str:
    """The longest clean full form, written as the corpus most often writes it; ties go
    to the form the corpus, then the document, uses most, then to the earliest."""

    def rank(s: str) -> tuple[bool, int, int, int, int, int]:
        key = normalise(s)
        corpus = votes.person.get(key, 0) + votes.org.get(key, 0)
        return (not is_acronym(s), len(s.split()), len(s), corpus, forms[s], -first[s])

    best = max(forms, key=rank)
    key = normalise(best)
    written = votes.written(key)
    if written and normalise(written) == key:
        best = written
    return _tidy(best)


def resolve(
    text: str,
    raws: Sequence[RawMention],
    votes: TypeVotes,
    corrections: Corrections | None = None,
) -> list[Mention]:
    """Cleaned, canonicalised mentions of ONE document, sorted by start.

    `raws` are the extractor's mentions of `text`; `votes` hold the corpus-wide evidence
    (they may or may not include this document); `corrections` are the user's.
    Spans point at the cleaned surface text inside `text`.
    """
    if RECALL:
        raws = [*raws, *recalled_mentions(text, raws, votes)]
    cands = _candidates(text, raws, votes)
    _strip_role_nouns(text, cands, votes)
    places = [(r.start, r.end) for r in raws if r.label in LISTED_PLACE_LABELS]
    cands = drop_places(text, cands, votes, places)
    _decide_kinds(text, cands, votes)
    cands = drop_voted_places(text, cands, votes)
    cands = _drop_capitalised_words(text, cands, votes)
    cands = _drop_unknown_words(text, cands, votes)
    cands, aliases = _acronyms(text, cands)
    aliases.update(aliases_in(_KNOWN_NAMES, (c.surface for c in cands if c.kind == "org")))

    union = Union()
    for acronym, full in aliases.items():
        union.union("org:" + acronym, "org:" + full)
    people: Counter[str] = Counter(c.key for c in cands if c.kind == "person")
    orgs: Counter[str] = Counter(c.key for c in cands if c.kind == "org")
    person_union = Union()
    lower_tails = frozenset(
        c.key for c in cands if c.kind == "person" and re.search(r"-[a-z]+$", c.surface)
    )
    ambiguous = merge_people(people, person_union, lower_tails)
    for key in people:
        union.union("person:" + key, "person:" + person_union.find(key))
    org_union = Union()
    merge_orgs(orgs, {c.key: c.surface for c in cands if c.kind == "org"}, org_union)
    for key in orgs:
        union.union("org:" + key, "org:" + org_union.find(key))

    if DROP_AMBIGUOUS:
        cands = [c for c in cands if not (c.kind == "person" and c.key in ambiguous)]

    groups: dict[str, list[Cand]] = {}
    for c in cands:
        groups.setdefault(union.find(f"{c.kind}:{c.key}"), []).append(c)
    names: dict[str, tuple[EntityKind, str]] = {}
    for root, members in groups.items():
        kind = members[0].kind
        forms = Counter(m.surface for m in members)
        keys = {m.key for m in members}
        first: dict[str, int] = {}
        for member in members:
            first.setdefault(member.surface, member.start)
        name = _canonical(forms, first, votes)
        if kind == "person" and len(keys) == 1 and len(tokens(next(iter(keys)))) == 1:
            full_name = votes.full_name_for(next(iter(keys)))
            if full_name:
                name = _tidy(votes.written(full_name) or full_name.title())
        names[root] = (kind, name)

    mentions: list[Mention] = []
    for root, members in groups.items():
        kind, name = names[root]
        for c in members:
            mentions.append(Mention(kind, name, c.surface, c.start, c.end))
    if corrections is not None:
        mentions = corrections.apply(mentions)
    mentions.sort(key=lambda m: (m.start, -m.end))
    out: list[Mention] = []
    for m in mentions:
        if out and m.start < out[-1].end:
            continue
        out.append(m)
    return out
