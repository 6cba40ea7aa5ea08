"""Acronyms a text defines for an organisation, and where else it uses them.

"Candlelight Party (CLP)", "CLP, the Candlelight Party", "the Cambodia National Rescue
Party, or CNRP": the acronym becomes an alias of the full name, and each later use of it
is a mention, found with a word-boundary search even where the model missed it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

_ACR = r"[A-Z][A-Za-z&.]{0,9}[A-Z]"
_AFTER_PARENS = re.compile(r"\s*\(\s*(?:the\s+)?(" + _ACR + r")\s*\)")
_AFTER_OR = re.compile(
    r",?\s+(?:or|aka|a\.k\.a\.|also known as|known as|abbreviated(?: as)?)\s+(?:the\s+)?("
    + _ACR
    + r")\b"
)
_BEFORE = re.compile(r"\b(" + _ACR + r")\s*(?:,|–|—|-|:)\s*(?:the\s+|a\s+)?$")


def plausible(acronym: str, full: str, share: float = 0.6) -> bool:
    """Whether `acronym` can stand for `full`: same first letter, mostly its initials.

    Lenient on purpose ("UNHCR" for "UN Human Rights Council" passes), strict enough to
    refuse an unrelated capitalised word in brackets.
    """
    letters = [c for c in acronym if c.isalpha()]
    if len(letters) < 2 or sum(c.isupper() for c in letters) < max(2, len(letters) - 1):
        return False
    words = [w for w in re.findall(r"[A-Za-z][\w'’\-]*", full)]
    if not words:
        return False
    initials: list[str] = []
    for w in words:
        initials.append(w[0].upper())
        initials.extend(c for c in w[1:] if c.isupper())
        initials.extend(p[0].upper() for p in w.split("-")[1:] if p)
    if letters[0].upper() != initials[0]:
        return False
    pool = list(initials)
    found = 0
    for c in (c.upper() for c in letters):
        if c in pool:
            pool.remove(c)
            found += 1
    return found / len(letters) >= share


def syllabic(acronym: str, full: str) -> bool:
    """Whether `acronym` is made of the first syllables of words of `full`, in any order:
    "NAVFOR" = NAVal FORce, "POPCOM" = Commission on POPulation.

    Every piece has at least two letters and comes from a different word.
    """
    letters = "".join(c for c in acronym if c.isalpha()).casefold()
    words = [w.casefold() for w in re.findall(r"[A-Za-z][\w'’\-]*", full) if w[0].isupper()]
    if len(letters) < 4 or len(words) < 2:
        return False

    def cover(rest: str, free: tuple[str, ...], pieces: int) -> bool:
        if not rest:
            return pieces >= 2
        for i, word in enumerate(free):
            n = 0
            while n < min(len(rest), len(word)) and rest[n] == word[n]:
                n += 1
            for k in range(n, 1, -1):
                if cover(rest[k:], free[:i] + free[i + 1 :], pieces + 1):
                    return True
        return False

    return cover(letters, tuple(words), 0)


def defined_acronym(text: str, start: int, end: int) -> tuple[str, int, int] | None:
    """The acronym defined right next to the name at `text[start:end]`, with its span.

    An acronym in brackets right after the name may also be syllabic ("NAVFOR").
    """
    full = text[start:end]
    m = _AFTER_PARENS.match(text, end)
    if m and syllabic(m.group(1).rstrip("."), full):
        acr = m.group(1).rstrip(".")
        return acr, m.start(1), m.start(1) + len(acr)
    m = m or _AFTER_OR.match(text, end)
    if m and plausible(m.group(1).rstrip("."), full):
        acr = m.group(1).rstrip(".")
        return acr, m.start(1), m.start(1) + len(acr)
    before = _BEFORE.search(text, max(0, start - 20), start)
    if before and plausible(before.group(1).rstrip("."), full):
        acr = before.group(1).rstrip(".")
        return acr, before.start(1), before.start(1) + len(acr)
    return None


def occurrences(text: str, acronym: str) -> Iterator[tuple[int, int]]:
    """Every use of `acronym` in `text` as a whole word ("CLP" but not "CLPs" or "X-CLP")."""
    pattern = re.compile(r"(?<![\w\-&])" + re.escape(acronym) + r"(?![\w\-&])")
    for m in pattern.finditer(text):
        yield m.start(), m.end()
