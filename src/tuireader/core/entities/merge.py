"""Merging the forms of one document that name the same entity.

People: reversed order, typos, middle names, initials, given-name short forms, and a
bare surname or first name inside exactly one full name. Organisations: a short form
inside exactly one longer name, an acronym of its initials, a camel-case prefix. Works
on normalised keys only; `resolve` decides what the forms are and unites the groups.
"""

from __future__ import annotations

import re
from collections import Counter

from tuireader.core.entities.acronyms import plausible
from tuireader.core.entities.clean import is_acronym, is_generation, normalise, tokens
from tuireader.core.entities.lexicon import NATIONALITIES, ORG_KEYWORDS, ORG_SUFFIX_WORDS

__all__ = ["Union", "merge_orgs", "merge_people"]


class Union:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[ra] = rb


def _one_edit(a: str, b: str) -> bool:
    if a == b or abs(len(a) - len(b)) > 1 or min(len(a), len(b)) < 3:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        i, j = diff[0], diff[-1] if diff else 0
        return len(diff) == 2 and j == i + 1 and a[i] == b[j] and a[j] == b[i]
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def _in_order(short: list[str], long_: list[str]) -> bool:
    it = iter(long_)
    return all(any(w == x for x in it) for w in short)


def _same_given_name(a: str, b: str) -> bool:
    """ "Tad" / "Ted" (a typo), "Beth" / "Elizabeth" (a short form at either end)."""
    short, long_ = sorted((a, b), key=len)
    at_an_end = long_.startswith(short) or long_.endswith(short)
    if len(short) >= 3 and len(long_) > len(short) and at_an_end:
        return True
    return _one_edit(a, b)


def merge_people(
    keys: Counter[str], union: Union, lower_tails: frozenset[str] = frozenset()
) -> set[str]:
    """Join the person forms of one document that name the same person; return the
    ambiguous bare words (a surname shared by two people here).

    `lower_tails` are the full names written with a lower-case part after a hyphen
    ("Ban Ki-moon"): their last word is no surname, so a bare "Moon" is not theirs."""
    full = [k for k in keys if len(tokens(k)) >= 2]
    # reversed order, typos, middle names and initials
    for i, a in enumerate(full):
        wa = tokens(a)
        for b in full[i + 1 :]:
            wb = tokens(b)
            gen_a = [w for w in wa if is_generation(w)]
            gen_b = [w for w in wb if is_generation(w)]
            if gen_a != gen_b:
                continue
            same = False
            if sorted(wa) == sorted(wb):
                same = True
            elif len(wa) == len(wb):
                diff = [(x, y) for x, y in zip(wa, wb, strict=True) if x != y]
                if len(diff) == 1 and diff[0] == (wa[0], wb[0]):
                    same = _same_given_name(*diff[0])
                else:
                    same = len(diff) == 1 and _one_edit(*diff[0])
            else:
                few, many = (wa, wb) if len(wa) < len(wb) else (wb, wa)
                same = few[0] == many[0] and few[-1] == many[-1] and _in_order(few, many)
            if same:
                union.union(a, b)
    # a shorter form inside exactly one full name: "Van Hollen", "Seng", "Theary"
    ambiguous: set[str] = set()
    for short in keys:
        ws = tokens(short)
        if any(w in ORG_KEYWORDS for w in ws):
            continue
        targets: dict[str, set[str]] = {"last": set(), "first": set()}
        for long_ in full:
            wl = tokens(long_)
            if len(wl) <= len(ws):
                continue
            if long_ in lower_tails and len(ws) == 1:
                if wl[0] == ws[0]:
                    targets["first"].add(union.find(long_))
                continue
            if wl[-len(ws) :] == ws or (len(ws) == 1 and is_generation(wl[-1]) and wl[-2] == ws[0]):
                targets["last"].add(union.find(long_))
            elif wl[: len(ws)] == ws and not all(is_generation(w) for w in wl[len(ws) :]):
                targets["first"].add(union.find(long_))
        pick = targets["last"] or targets["first"]
        if len(pick) == 1:
            union.union(short, next(iter(pick)))
        elif len(pick) > 1 and union.find(short) == short:
            ambiguous.add(short)
    return ambiguous


def _initials(name: str) -> str:
    """ "European Union" -> "eu"; "Valuation Office Agency" -> "voa"."""
    words = [w for w in re.findall(r"[A-Za-z][\w'’]*", name) if w[0].isupper()]
    return "".join(w[0] for w in words).casefold() if len(words) >= 2 else ""


_HEAD_NOUNS = ORG_SUFFIX_WORDS | {"house"}
"""Words that end many bodies' names: alone they are no short form of one ("House" is
the chamber, not the White House)."""


def _org_part_of(ws: list[str], wl: list[str], short: str, long_: str) -> bool:
    """Whether the organisation form `ws` is a short way of writing `wl`."""
    if len(wl) > 2 and wl[-1] == "party" and ws[-1] != "party" and wl[-1 - len(ws) : -1] == ws:
        return True  # "Labour" for the "British Labour party"
    if wl[-len(ws) :] == ws and (len(ws) >= 2 or ws[0] not in _HEAD_NOUNS):
        return True
    if wl[: len(ws)] == ws and (
        len(ws) >= 2
        or all(w in ORG_KEYWORDS for w in wl[len(ws) :])
        or wl[len(ws)] == "of"
        or short.isupper()
        or (short.istitle() and len(short) >= 4 and ws[0] not in NATIONALITIES)
    ):
        return True
    if _acronym_head(ws, wl, short, long_):
        return True
    if not short.isupper():
        return False
    initials = _initials(long_)
    head, _, rest = long_.partition(" ")
    if is_acronym(head) and _initials(rest) == ws[0]:
        return True  # "ESCWA" for "UN Economic and Social Commission for Western Asia"
    return initials == ws[0] or (len(ws[0]) >= len(initials) - 1 and plausible(short, long_, 0.75))


def _acronym_head(ws: list[str], wl: list[str], short: str, long_: str) -> bool:
    """ "PLA Air Force" in "People's Liberation Army Air Force": an acronym standing for
    the words before a shared tail."""
    first = short.split()[0] if short.split() else ""
    if len(ws) < 2 or not is_acronym(first) or wl[-(len(ws) - 1) :] != ws[1:]:
        return False
    head = long_.split()[: len(long_.split()) - (len(ws) - 1)]
    initials = _initials(" ".join(head))
    return len(initials) >= 2 and initials == normalise(first).replace(" ", "")


def _camel_prefix(short: str, long_: str) -> bool:
    """ "Exxon" for "ExxonMobil": a word that starts a camel-case compound name."""
    return (
        " " not in short
        and " " not in long_
        and len(short) >= 3
        and not short.isupper()
        and len(long_) > len(short) + 1
        and long_.startswith(short)
        and long_[len(short)].isupper()
        and long_[len(short) - 1].islower()
    )


_OF_FORM = re.compile(
    r"(?:the )?(department|ministry|office|bureau|agency) (?:of|for) (?:the )?(.+)"
)


def _of_form(key: str) -> str:
    """ "department of justice" and "justice department" -> "justice department": the two
    ways of naming a government body, one key."""
    m = _OF_FORM.fullmatch(key)
    return f"{m.group(2)} {m.group(1)}" if m else key


def _mentions(keys: Counter[str], union: Union, root: str) -> int:
    """Mentions of every form already joined to `root`."""
    return sum(count for key, count in keys.items() if union.find(key) == root)


def merge_orgs(keys: Counter[str], surfaces: dict[str, str], union: Union) -> None:
    """Join "Human Rights Council" to the one "UN Human Rights Council" of the document,
    and "Justice Department" to "Department of Justice"."""
    inverted: dict[str, list[str]] = {}
    for key in keys:  # only "X department" and "department of X" can share a form
        inverted.setdefault(_of_form(key), []).append(key)
    for forms in inverted.values():
        for other in forms[1:]:
            union.union(other, forms[0])
    for short in keys:
        ws = tokens(short)
        if not ws or all(w in ORG_SUFFIX_WORDS for w in ws):
            continue
        targets: set[str] = set()
        spelled: set[str] = set()  # those whose initials the short form spells exactly
        ends: set[str] = set()  # those that end with the short form
        for long_ in keys:
            wl = tokens(long_)
            if len(wl) < len(ws) or long_ == short:
                continue
            if len(wl) == len(ws):
                if _camel_prefix(surfaces.get(short, ""), surfaces.get(long_, "")):
                    targets.add(union.find(long_))
                continue
            if _org_part_of(ws, wl, surfaces.get(short, ""), surfaces.get(long_, "")):
                targets.add(union.find(long_))
                if wl[-len(ws) :] == ws:
                    ends.add(union.find(long_))
                if len(ws) == 1 and _initials(surfaces.get(long_, "")) == ws[0]:
                    spelled.add(union.find(long_))
        if len(targets) > 1 and len(spelled) == 1 and surfaces.get(short, "").isupper():
            targets = spelled  # "UN": United Nations, not the UN Refugee Agency
        if len(targets) > 1 and len(spelled) > 1 and surfaces.get(short, "").isupper():
            # "EU" beside "European Union" (twice) and "Energy Union" (once): the name
            # the text uses at least twice as often as any other it spells.
            used = {key: _mentions(keys, union, key) for key in spelled}
            first, second = sorted(used, key=used.__getitem__, reverse=True)[:2]
            if used[first] >= 2 * used[second]:
                targets = {first}
        if len(targets) > 1 and len(ends) == 1:
            targets = ends  # "Commons": House of Commons, not the Commons Committee
        if len(targets) == 1:
            union.union(short, next(iter(targets)))
