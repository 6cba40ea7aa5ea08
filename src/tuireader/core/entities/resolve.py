"""From one document's raw mentions to clean, canonical mentions.

The steps, in order: clean each surface form and drop junk; add the rule-based
organisations and agency credits; decide each form's kind by the corpus votes; find
acronyms the text defines and their other uses; merge short forms into the one full
name they belong to (surnames, first names, reversed Khmer/Chinese order, middle
initials, one-letter typos); name each entity by its longest clean form; apply the
user's corrections.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from tuireader.core.entities.acronyms import defined_acronym, occurrences
from tuireader.core.entities.clean import (
    clean_surface,
    has_org_word,
    is_acronym,
    is_generation,
    junk_reason,
    normalise,
    tokens,
)
from tuireader.core.entities.corrections import Corrections
from tuireader.core.entities.lexicon import ORG_KEYWORDS
from tuireader.core.entities.rules import credit_mentions, org_suffix_mentions
from tuireader.core.entities.votes import TypeVotes, count_votes
from tuireader.core.models import EntityKind, Mention, RawMention

__all__ = ["DROP_AMBIGUOUS", "TypeVotes", "count_votes", "resolve"]

DROP_AMBIGUOUS = True
"""Drop a bare surname shared by two full names in the document ("Seng" with "Theary
Seng" and "Sina Seng") rather than list it as a third person."""


@dataclass(slots=True)
class _Cand:
    start: int
    end: int
    surface: str
    key: str
    label: str
    source: str
    kind: EntityKind = "person"


def _locate(text: str, raw: RawMention) -> int | None:
    """Where the raw mention's text stands in `text`: its own offset, or the nearest match."""
    if text[raw.start : raw.end] == raw.text:
        return raw.start
    lo = max(0, raw.start - 200)
    found = text.find(raw.text, lo, raw.end + 200)
    return found if found >= 0 else None


def _clean_cand(text: str, raw: RawMention, source: str) -> _Cand | None:
    at = _locate(text, raw)
    if at is None:
        return None
    cleaned = clean_surface(raw.text, raw.label)
    if cleaned is None or junk_reason(cleaned.text):
        return None
    start = at + cleaned.offset
    end = start + len(cleaned.text)
    if text[start:end] != cleaned.text:
        return None
    return _Cand(start, end, cleaned.text, normalise(cleaned.text), raw.label, source)


def _overlaps(a: _Cand, start: int, end: int) -> bool:
    return a.start < end and start < a.end


def _candidates(text: str, raws: Sequence[RawMention]) -> list[_Cand]:
    cands: list[_Cand] = []
    for raw in raws:
        if raw.label in ("PERSON", "ORG"):
            cand = _clean_cand(text, raw, "model")
            if cand is not None:
                cands.append(cand)
    for raw in org_suffix_mentions(text) + credit_mentions(text):
        rule = _clean_cand(text, raw, "rule")
        if rule is None:
            continue
        hit = [c for c in cands if _overlaps(c, rule.start, rule.end)]
        if all(rule.start <= c.start and c.end <= rule.end for c in hit):
            cands = [c for c in cands if c not in hit]
            cands.append(rule)
    cands.sort(key=lambda c: (c.start, -c.end))
    return cands


def _decide_kinds(cands: list[_Cand], votes: TypeVotes) -> None:
    local: dict[str, Counter[str]] = {}
    for c in cands:
        local.setdefault(c.key, Counter())[c.label] += 1
    for c in cands:
        if c.source != "model" or has_org_word(c.key) or is_acronym(c.surface):
            c.kind = "org"
            continue
        lean = votes.lean(c.key)
        if len(tokens(c.key)) == 1:
            lean += sum(votes.surnames.get(c.key, Counter()).values())
        if lean == 0:
            here = local[c.key]
            lean = here["PERSON"] - here["ORG"]
        if lean == 0:
            lean = 1 if c.label == "PERSON" else -1
        c.kind = "person" if lean > 0 else "org"
    # a bare word that is part of a person's full name here is that person, whatever the model said
    parts: set[str] = set()
    for c in cands:
        words = tokens(c.key)
        if c.kind == "person" and len(words) >= 2:
            parts.update((words[0], words[-1]))
    for c in cands:
        if c.kind == "org" and c.source == "model" and c.key in parts and not is_acronym(c.surface):
            c.kind = "person"


def _acronyms(text: str, cands: list[_Cand]) -> tuple[list[_Cand], dict[str, str]]:
    """Add every use of a defined acronym; return the cands and acronym key -> full key."""
    aliases: dict[str, str] = {}
    found: list[tuple[str, str]] = []
    for c in cands:
        if c.kind != "org" or is_acronym(c.surface) or len(tokens(c.key)) < 2:
            continue
        hit = defined_acronym(text, c.start, c.end)
        if hit is None:
            continue
        acronym = hit[0]
        key = normalise(acronym)
        if key not in aliases and key != c.key:
            aliases[key] = c.key
            found.append((acronym, key))
    for acronym, key in found:
        for start, end in occurrences(text, acronym):
            hit = [c for c in cands if _overlaps(c, start, end)]
            if any(c.start < start or c.end > end for c in hit):
                continue
            cands = [c for c in cands if c not in hit]
            cands.append(_Cand(start, end, acronym, key, "ORG", "acronym", "org"))
    cands.sort(key=lambda c: (c.start, -c.end))
    return cands, aliases


class _Union:
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


def _merge_people(keys: Counter[str], union: _Union) -> set[str]:
    """Join the person forms of one document that name the same person; return the
    ambiguous bare words (a surname shared by two people here)."""
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
                same = len(diff) == 1 and diff[0] != (wa[0], wb[0]) and _one_edit(*diff[0])
            else:
                short, long_ = (wa, wb) if len(wa) < len(wb) else (wb, wa)
                same = short[0] == long_[0] and short[-1] == long_[-1] and _in_order(short, long_)
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
            if wl[-len(ws) :] == ws or (
                len(ws) == 1 and is_generation(wl[-1]) and wl[-2] == ws[0]
            ):
                targets["last"].add(union.find(long_))
            elif wl[: len(ws)] == ws:
                targets["first"].add(union.find(long_))
        pick = targets["last"] or targets["first"]
        if len(pick) == 1:
            union.union(short, next(iter(pick)))
        elif len(pick) > 1 and union.find(short) == short:
            ambiguous.add(short)
    return ambiguous


def _merge_orgs(keys: Counter[str], union: _Union) -> None:
    """Join "Human Rights Council" to the one "UN Human Rights Council" of the document."""
    for short in keys:
        ws = tokens(short)
        if not ws or all(w in ORG_KEYWORDS for w in ws):
            continue
        targets: set[str] = set()
        for long_ in keys:
            wl = tokens(long_)
            if len(wl) <= len(ws):
                continue
            if wl[-len(ws) :] == ws and len(ws) >= 2:
                targets.add(union.find(long_))
            elif wl[: len(ws)] == ws and all(w in ORG_KEYWORDS for w in wl[len(ws) :]):
                targets.add(union.find(long_))
        if len(targets) == 1:
            union.union(short, next(iter(targets)))


def _tidy(name: str) -> str:
    """A canonical name on one line, without commas."""
    return " ".join(re.sub(r"\s*,\s*", " ", name).split())


def _canonical(forms: Counter[str], votes: TypeVotes) -> str:
    """The longest clean full form, written as the corpus most often writes it."""
    best = max(
        forms,
        key=lambda s: (not is_acronym(s), len(s.split()), len(s), forms[s], s),
    )
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
    cands = _candidates(text, raws)
    _decide_kinds(cands, votes)
    cands, aliases = _acronyms(text, cands)

    union = _Union()
    for acronym, full in aliases.items():
        union.union("org:" + acronym, "org:" + full)
    people: Counter[str] = Counter(c.key for c in cands if c.kind == "person")
    orgs: Counter[str] = Counter(c.key for c in cands if c.kind == "org")
    person_union = _Union()
    ambiguous = _merge_people(people, person_union)
    for key in people:
        union.union("person:" + key, "person:" + person_union.find(key))
    org_union = _Union()
    _merge_orgs(orgs, org_union)
    for key in orgs:
        union.union("org:" + key, "org:" + org_union.find(key))

    if DROP_AMBIGUOUS:
        cands = [c for c in cands if not (c.kind == "person" and c.key in ambiguous)]

    groups: dict[str, list[_Cand]] = {}
    for c in cands:
        groups.setdefault(union.find(f"{c.kind}:{c.key}"), []).append(c)
    names: dict[str, tuple[EntityKind, str]] = {}
    for root, members in groups.items():
        kind = members[0].kind
        forms = Counter(m.surface for m in members)
        keys = {m.key for m in members}
        name = _canonical(forms, votes)
        if kind == "person" and len(keys) == 1 and len(tokens(next(iter(keys)))) == 1:
            full = votes.full_name_for(next(iter(keys)))
            if full:
                name = _tidy(votes.written(full) or full.title())
        names[root] = (kind, name)

    mentions: list[Mention] = []
    for root, members in groups.items():
        kind, name = names[root]
        for m in members:
            mentions.append(Mention(kind, name, m.surface, m.start, m.end))
    if corrections is not None:
        mentions = corrections.apply(mentions)
    mentions.sort(key=lambda m: (m.start, -m.end))
    out: list[Mention] = []
    for m in mentions:
        if out and m.start < out[-1].end:
            continue
        out.append(m)
    return out
