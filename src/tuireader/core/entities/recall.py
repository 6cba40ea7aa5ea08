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
from collections.abc import Iterator, Sequence

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
_RUN = re.compile(
    r"[A-Z0-9][\w'’.&\-]*(?:(?:\s+(?:of|for|and|the|de|del|al|on|&|und|des|du|la|le))*"
    r"\s+[A-Z0-9][\w'’.&\-]*)*"
)
"""A run of capitalised words, small joining words allowed inside."""

_SENTENCE_START = re.compile(r"(?:^|[.!?:]['\"”’]?\s+|\n\s*|[\"“‘(\[-])$")

_JOINERS = frozenset(
    {"of", "for", "and", "the", "de", "del", "al", "on", "&", "und", "des", "du", "la", "le"}
)

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


def _spans(run: re.Match[str]) -> Iterator[tuple[int, int]]:
    """Word-aligned sub-spans of a capitalised run, longest first. Before one the run
    may have only titles or sentence words, "and", or anything ending in a title ("House
    Speaker"); after it only a joining word ("Al Franken of Minnesota"), never another
    capitalised word ("Reuters Foundation")."""
    words = [
        (run.start() + m.start(), run.start() + m.end(), m.group())
        for m in _WORD.finditer(run.group())
    ]
    n = len(words)
    for i in range(n):
        before = words[i - 1][2] if i else ""
        if (
            before
            and not (
                before == "and"
                or before.casefold() in TITLE_WORDS  # "House Speaker Paul Ryan"
                or all(w[2].casefold() in _LEADING_OK for w in words[:i])
            )
        ):
            continue
        for j in range(min(n, i + MAX_WORDS), i, -1):
            if j == n or words[j][2] in _JOINERS:
                yield words[i][0], words[j - 1][1]


def recalled_mentions(text: str, raws: Sequence[RawMention], votes: TypeVotes) -> list[RawMention]:
    """Mentions of corpus-known names in `text` that no raw mention touches."""
    taken = sorted((r.start, r.end) for r in raws)
    lower: set[str] | None = None
    out: list[RawMention] = []
    for run in _RUN.finditer(text):
        for start, end in _spans(run):
            surface = re.sub(r"['’]s?$", "", text[start:end].rstrip("."))
            end = start + len(surface)
            key = normalise(surface)
            label = known_label(key, votes)
            if label is None or votes.written(key) != surface:
                continue
            if any(s < end and start < e for s, e in taken):
                break
            if " " not in key and not surface.isupper():
                # a lone word ("Time", "Media", "Independent") only where it cannot be
                # a common word: not starting a sentence, never written in lower case
                if _SENTENCE_START.search(text, max(0, start - 4), start):
                    break
                if lower is None:
                    lower = set(re.findall(r"\b[a-z][\w'’\-]*", text))
                if key in lower:
                    break
            out.append(RawMention(label, surface, start, end))
            break
    return out
