"""Names the corpus knows, found where the model missed them in one document.

The small model misses a name now and then that it tags correctly in dozens of other
articles: "Al Franken of Minnesota", "Reuters" in a credit it did not read as one,
"Human Rights Watch" in a long list. When the corpus votes for a form clearly enough
(often, and nearly always as the same kind), every place a document writes that form
exactly as the corpus does, standing alone as a name (not inside a longer capitalised
run), becomes a mention, as the model would have made it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from tuireader.core.entities.clean import normalise, tokens
from tuireader.core.entities.lexicon import (
    MONTHS_DAYS,
    NATIONALITIES,
    NOT_NAMES,
    PLACES,
    SENTENCE_WORDS,
    TITLE_MODIFIERS,
    TITLE_WORDS,
)
from tuireader.core.entities.votes import TypeVotes
from tuireader.core.models import RawMention

RECALL_MIN_VOTES = 5
"""Mentions of one kind the corpus needs before a form is looked for where it was missed."""

RECALL_SHARE = 0.85
"""The share of all its votes (person, organisation, place, people) that kind must have."""

MAX_WORDS = 7

_WORD = re.compile(r"[\w][\w'’.&\-]*")
_JOINERS = frozenset(
    {"of", "for", "and", "the", "de", "del", "al", "on", "&", "und", "des", "du", "la", "le"}
)
"""Small words a name may have inside: "Al Franken of Minnesota", "Johnson & Johnson"."""

_CAPITAL_WORD = r"[A-Z0-9](?:[\w'’&\-]|\.(?=\w))*"
_RUN = re.compile(
    rf"{_CAPITAL_WORD}(?:(?:\s+(?:{'|'.join(map(re.escape, sorted(_JOINERS)))}))*"
    rf"\s+{_CAPITAL_WORD})*"
)
"""A run of capitalised words, small joining words allowed inside; a full stop ends it."""

_POSSESSIVE = re.compile(r"['’]s?$")

_LEADING_OK = TITLE_WORDS | TITLE_MODIFIERS | SENTENCE_WORDS


def known_label(key: str, votes: TypeVotes) -> str | None:
    """ "PERSON" or "ORG" when the corpus is sure enough of the form `key` to look for it
    where the model missed it; None otherwise."""
    person, org = votes.person.get(key, 0), votes.org.get(key, 0)
    n, label = (person, "PERSON") if person >= org else (org, "ORG")
    if n < RECALL_MIN_VOTES:
        return None
    total = person + org + votes.place.get(key, 0) + votes.group.get(key, 0)
    words = tokens(key)
    if n < RECALL_SHARE * total or len(words) > MAX_WORDS:
        return None
    if label == "PERSON" and len(words) < 2:
        return None  # a lone surname is left to the model and the merging rules
    if key in NOT_NAMES or key in PLACES or key in NATIONALITIES or key in MONTHS_DAYS:
        return None
    if words[-1] in TITLE_WORDS or any(w in SENTENCE_WORDS and w not in _JOINERS for w in words):
        return None  # "Permanent Representative", "We're"
    return label


def _name_word(word: str) -> bool:
    """A word of a person's name: "Vitaly", "O'Brien", "al-Assad", "J."; not "XL" or
    "II"."""
    return word[:1].isalpha() and (
        any(c.islower() for c in word) or re.fullmatch(r"[A-Z]\.", word) is not None
    )


def _words(run: re.Match[str]) -> list[tuple[int, int, str]]:
    return [
        (run.start() + m.start(), run.start() + m.end(), m.group())
        for m in _WORD.finditer(run.group())
    ]


def _free(words: list[tuple[int, int, str]], i: int) -> bool:
    """Whether what stands before word `i` of a run lets any name start there: nothing,
    a joining word ("YouGov for CNN"), a title ("House Speaker Paul Ryan"), or only
    titles and sentence words."""
    if i == 0:
        return True
    before = words[i - 1][2]
    return (
        before in _JOINERS
        or before.casefold() in TITLE_WORDS
        or all(w[2].casefold() in _LEADING_OK for w in words[:i])
    )


def _found(text: str, start: int, end: int, free: bool, votes: TypeVotes) -> RawMention | None:
    """The mention `text[start:end]` makes if the corpus knows it as written."""
    surface = _POSSESSIVE.sub("", text[start:end].rstrip("."))
    key = normalise(surface)
    label = known_label(key, votes)
    if label is None or votes.written(key) != surface:
        return None
    if not free and (label != "PERSON" or " " not in key):
        return None  # only a full person name may follow anything: "the UN Vitaly Churkin"
    if label == "PERSON" and not all(_name_word(w) for w in surface.split()):
        return None  # "Keystone XL", "Elizabeth II": the model's people, not names
    return RawMention(label, surface, start, start + len(surface))


def _starts_names(word: str, votes: TypeVotes) -> bool:
    """Whether the corpus has full person or organisation names that start with `word`."""
    head = word.casefold() if word.isalpha() else next(iter(tokens(normalise(word))), "")
    return head in votes.given or head in votes.org_first


def recalled_mentions(text: str, raws: Sequence[RawMention], votes: TypeVotes) -> list[RawMention]:
    """Mentions of corpus-known names in `text` that no raw mention touches.

    A name is looked for in each run of capitalised words (`_RUN`), longest first; it
    must reach the run's end or a joining word ("Al Franken of Minnesota"), never stop
    before another capitalised word ("Reuters" in "Reuters Foundation").
    """
    taken = [(r.start, r.end) for r in raws]
    out: list[RawMention] = []
    for run in _RUN.finditer(text):
        words = _words(run)
        n, i = len(words), 0
        while i < n:
            free = _free(words, i)
            first = words[i][2]
            # tests before the normalising ones: a name of several words starts with a
            # word that starts full names in the corpus; a lone word is taken only as
            # letters or in camel case ("AP", "YouGov"), for "Media", "Budget" or
            # "Moonlight" may be common words or titles
            starts_names: bool | None = None
            for j in range(min(n, i + MAX_WORDS), i, -1):
                if j < n and words[j][2] not in _JOINERS:
                    continue
                if j - i == 1:
                    if not any(c.isupper() for c in first[1:]):
                        continue
                else:
                    if starts_names is None:
                        starts_names = _starts_names(first, votes)
                    if not starts_names:
                        continue
                found = _found(text, words[i][0], words[j - 1][1], free, votes)
                if found is None:
                    continue
                if not any(s < found.end and found.start < e for s, e in taken):
                    out.append(found)
                i = j - 1
                break
            i += 1
    return out
