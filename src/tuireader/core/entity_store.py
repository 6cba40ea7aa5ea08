"""Reading entities back from the index: per document, corpus-wide, per result set, in context.

Counts come from the index itself: the `entity` keyword field holds one "kind=name"
term per mention, so its document frequency is the number of documents and its total
frequency the number of mentions; its term vectors give co-occurrence.
"""

from __future__ import annotations

import bisect
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from tuireader.core.models import (
    EntityCount,
    EntityDetail,
    EntityKind,
    Mention,
    MentionInContext,
    Span,
)
from tuireader.core.search import stored_date

KINDS: tuple[EntityKind, ...] = ("person", "org")
CONTEXT_CHARS = 240


def entity_term(kind: str, name: str) -> str:
    """The `entity` field term of one entity."""
    return f"{kind}={name}"


def split_term(term: str) -> tuple[EntityKind, str] | None:
    """(kind, name) of an `entity` field term."""
    kind, _, name = term.partition("=")
    if not name:
        return None
    if kind == "person":
        return "person", name
    if kind == "org":
        return "org", name
    return None


def decode_mentions(body: str, mentions_json: str | None) -> tuple[Mention, ...]:
    """The stored mentions of a document (kind, name, start, end), with their surface text."""
    if not mentions_json:
        return ()
    try:
        rows = json.loads(mentions_json)
    except ValueError:
        return ()
    out = []
    for row in rows:
        try:
            kind, name, start, end = row
        except (TypeError, ValueError):
            continue
        if kind in KINDS and 0 <= start < end <= len(body):
            out.append(Mention(kind, name, body[start:end], start, end))
    return tuple(out)


def encode_mentions(mentions: Sequence[Mention]) -> str:
    """The stored form of a document's mentions."""
    return json.dumps([[m.kind, m.name, m.start, m.end] for m in mentions], ensure_ascii=False)


def count_mentions(mentions: Iterable[Mention]) -> tuple[EntityCount, ...]:
    """Entities of one document with their aliases and mention counts, most mentioned first."""
    counts: Counter[tuple[EntityKind, str]] = Counter()
    aliases: dict[tuple[EntityKind, str], set[str]] = defaultdict(set)
    for m in mentions:
        counts[(m.kind, m.name)] += 1
        aliases[(m.kind, m.name)].add(m.text)
    return tuple(
        EntityCount(kind, name, tuple(sorted(aliases[(kind, name)])), n, 1)
        for (kind, name), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0][1]))
    )


def corpus_counts(reader: Any, kind: EntityKind | None, limit: int | None) -> list[EntityCount]:
    """Every entity of the corpus with its documents and mentions, most mentioned first."""
    out = []
    deletions = reader.has_deletions()
    for btext, info in reader.iter_field("entity"):
        parsed = split_term(btext.decode("utf-8") if isinstance(btext, bytes) else btext)
        if parsed is None or (kind is not None and parsed[0] != kind):
            continue
        if deletions:
            # Term statistics still count deleted (replaced) documents until segments
            # merge; walk the postings, which skip them.
            documents, mentions = live_counts(reader, btext)
            if not documents:
                continue
        else:
            documents, mentions = int(info.doc_frequency()), int(info.weight())
        out.append(EntityCount(parsed[0], parsed[1], (), mentions, documents))
    out.sort(key=lambda e: (-e.mentions, -e.documents, e.name))
    return out[:limit] if limit is not None else out


def live_counts(reader: Any, term: Any) -> tuple[int, int]:
    """(documents, mentions) of an `entity` term over documents not deleted."""
    matcher = reader.postings("entity", term)
    documents = mentions = 0
    while matcher.is_active():
        documents += 1
        mentions += int(matcher.weight())
        matcher.next()
    return documents, mentions


def docs_of(reader: Any, kind: str, name: str) -> list[int]:
    """Document numbers that mention an entity."""
    term = entity_term(kind, name)
    try:
        return list(reader.postings("entity", term).all_ids())
    except Exception:  # not in the index
        return []


def result_counts(reader: Any, docnums: Sequence[int]) -> list[EntityCount]:
    """Entities of a result set: documents and mentions per entity within it."""
    mentions: Counter[str] = Counter()
    documents: Counter[str] = Counter()
    for docnum in docnums:
        if not reader.has_vector(docnum, "entity"):
            continue
        for term, freq in reader.vector_as("frequency", docnum, "entity"):
            mentions[term] += int(freq)
            documents[term] += 1
    out = []
    for term, n in mentions.items():
        parsed = split_term(term)
        if parsed:
            out.append(EntityCount(parsed[0], parsed[1], (), n, documents[term]))
    out.sort(key=lambda e: (-e.documents, -e.mentions, e.name))
    return out


def detail(
    searcher: Any, kind: EntityKind, name: str, related_limit: int = 12
) -> EntityDetail | None:
    """Aliases, documents (date order) and most frequent companions of one entity."""
    reader = searcher.reader()
    docnums = docs_of(reader, kind, name)
    if not docnums:
        return None
    aliases: set[str] = set()
    mentions = 0
    dated: list[tuple[str, str, int]] = []
    for docnum in docnums:
        stored = searcher.stored_fields(docnum)
        date = stored_date(stored.get("date"))
        dated.append((date.isoformat() if date else "9999", stored["path"], docnum))
        for m in decode_mentions(stored.get("body", ""), stored.get("mentions")):
            if m.kind == kind and m.name == name:
                aliases.add(m.text)
                mentions += 1
    dated.sort()
    companions: Counter[str] = Counter()
    for docnum in docnums:
        if reader.has_vector(docnum, "entity"):
            for term, _ in reader.vector_as("frequency", docnum, "entity"):
                companions[term] += 1
    companions.pop(entity_term(kind, name), None)
    related = []
    for term, shared in companions.most_common(related_limit):
        parsed = split_term(term)
        if parsed:
            related.append(EntityCount(parsed[0], parsed[1], (), 0, shared))
    return EntityDetail(
        kind=kind,
        name=name,
        aliases=tuple(sorted(aliases)),
        documents=len(docnums),
        mentions=mentions,
        paths=tuple(path for _, path, _ in dated),
        related=tuple(related),
    )


def in_context(searcher: Any, kind: EntityKind, name: str) -> list[MentionInContext]:
    """Every mention of one entity, in document date order, as keyword-in-context lines."""
    reader = searcher.reader()
    rows: list[tuple[str, str, MentionInContext]] = []
    for docnum in docs_of(reader, kind, name):
        stored = searcher.stored_fields(docnum)
        body = stored.get("body", "")
        date = stored_date(stored.get("date"))
        line_starts = [0] + [m.end() for m in re.finditer("\n", body)]
        for m in decode_mentions(body, stored.get("mentions")):
            if m.kind != kind or m.name != name:
                continue
            context, span = sentence_around(body, m.start, m.end)
            rows.append(
                (
                    date.isoformat() if date else "9999",
                    stored["path"],
                    MentionInContext(
                        path=stored["path"],
                        title=stored.get("title", ""),
                        date=date,
                        kind=kind,
                        name=name,
                        text=m.text,
                        start=m.start,
                        end=m.end,
                        line=bisect.bisect_right(line_starts, m.start),
                        context=context,
                        context_span=span,
                    ),
                )
            )
    rows.sort(key=lambda row: (row[0], row[1], row[2].start))
    return [row[2] for row in rows]


_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s+|\n\s*\n")


def sentence_around(body: str, start: int, end: int) -> tuple[str, Span]:
    """The sentence holding `body[start:end]`, on one line, at most about CONTEXT_CHARS long."""
    left = max(0, start - CONTEXT_CHARS)
    sentence_start = left
    for match in _SENTENCE_END.finditer(body, left, start):
        sentence_start = match.end()
    stop = _SENTENCE_END.search(body, end, min(len(body), end + CONTEXT_CHARS))
    sentence_end = stop.start() + 1 if stop else min(len(body), end + CONTEXT_CHARS)
    sentence_end = min(len(body), max(sentence_end, end))
    if start - sentence_start > CONTEXT_CHARS // 2:
        cut = start - CONTEXT_CHARS // 2
        space = body.find(" ", cut, start)
        sentence_start = space + 1 if space >= 0 else cut
    raw = body[sentence_start:sentence_end]
    text = re.sub(r"\s", " ", raw)
    lead = len(text) - len(text.lstrip())
    text = text.strip()
    return text, Span(start - sentence_start - lead, end - sentence_start - lead)
