"""The second indexing pass: find people and organisations in documents already indexed.

Text is searchable before this runs. Each pending document (`ner:todo`) is read back from
the index, its raw mentions extracted in batches (spaCy, both cores on a large corpus),
resolved against the corpus-wide type votes, and written back with its entity fields.
Raw mentions are stored, so user corrections re-resolve documents without running NER.
"""

from __future__ import annotations

import contextlib
import json
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from whoosh import query

from tuireader.core.entities import Corrections, Extractor, TypeVotes, resolve
from tuireader.core.entity_store import encode_mentions, entity_term
from tuireader.core.index import IndexStore, doc_fields, tidy_segments
from tuireader.core.models import Mention, Progress, RawMention
from tuireader.core.schema import NER_DONE, NER_TODO
from tuireader.core.search import stored_date

COMMIT_FIRST_SECONDS = 4.0
"""The first commit comes this soon (the panel fills early); the gap then doubles..."""
COMMIT_MAX_SECONDS = 32.0
"""...up to this: each commit writes a segment and may merge, work the pass waits for."""
ENTITY_MAX_CHARS = 400_000
"""Entity extraction reads at most this much of a document (about 70,000 words, several
seconds of NER); the rest stays searchable. Bounds the time and memory a huge file costs."""
RESOLVED_WITH = 8
"""The version of the entity fields and of the rules that resolve raw mentions into them:
bump it when either changes, and every index re-resolves its documents from their stored
raw mentions on its next update (no NER). 2: the person and org fields hold the forms
written in the text beside the canonical names; session 7's resolution rules. 3: session
8's rules (sentence-initial common words, places in lists, role nouns, slashes). 4:
session 9's (names the corpus knows found where the model missed them, sports clubs,
known aliases). 5: session 10's (towns GeoNames lists that the model calls people, words
glued on by a hyphen). 6: session 11's (common given names against the model's own
organisation votes, spaced dashes, role nouns alone, squares and stations, "Center
for ...", reporters, "Mrs May", titles glued by a hyphen, "Le Pen", "He Lifeng", saints'
churches, "dos Santos"). 7: session 12's (the census's given names and surnames, lone words
opening a quotation, club and company words, peoples before a name, a company's first
word alone, "Watch" before a name). 8: session 12's last (lone words nothing says are
names, in a large corpus)."""


@dataclass(slots=True)
class EntityPassReport:
    """What one entity pass did."""

    done: int = 0
    resolved_again: int = 0
    """Documents of the pass resolved a second time, with the votes of its end."""
    notes: list[str] = field(default_factory=list)


def _vote_term(raw: RawMention) -> str:
    return f"{raw.label}={raw.text.replace(',', ' ').strip()}"


def corpus_votes(reader: Any) -> TypeVotes:
    """The type votes of every raw mention already stored in the index."""
    votes = TypeVotes()
    for btext, info in reader.iter_field("rawvote"):
        term = btext.decode("utf-8") if isinstance(btext, bytes) else btext
        label, _, text = term.partition("=")
        if text:
            votes.add([RawMention(label, text, 0, len(text))] * int(info.weight()))
    return votes


def encode_raw(raws: Sequence[RawMention]) -> str:
    """The stored form of raw mentions: [label, start, end] (text is the body's)."""
    return json.dumps([[r.label, r.start, r.end] for r in raws])


def decode_raw(body: str, raw_json: str | None) -> list[RawMention]:
    """Raw mentions back from their stored form."""
    out = []
    for label, start, end in json.loads(raw_json or "[]"):
        out.append(RawMention(label, body[start:end], start, end))
    return out


def entity_values(mentions: Sequence[Mention], raws: Sequence[RawMention]) -> dict[str, str]:
    """The entity fields of one document."""
    # Canonical names and the forms written in the text, so that `org:CNRP` finds the
    # documents of the Cambodian National Rescue Party where it is written so.
    people = sorted({n for m in mentions if m.kind == "person" for n in (m.name, m.text)})
    orgs = sorted({n for m in mentions if m.kind == "org" for n in (m.name, m.text)})
    return {
        "mentions": encode_mentions(mentions),
        "raw": encode_raw(raws),
        "ner": NER_DONE,
        # A line break between names keeps one name's last word and the next one's first
        # from making a phrase: each name is indexed with a position gap of 100.
        "person": " ".join(f"{name} zzsep" for name in people),
        "org": " ".join(f"{name} zzsep" for name in orgs),
        "entity": ",".join(entity_term(m.kind, m.name.replace(",", " ")) for m in mentions),
        "rawvote": ",".join(_vote_term(r) for r in raws),
    }


def pending(searcher: Any) -> list[int]:
    """Document numbers still waiting for extraction."""
    return sorted(searcher.docs_for_query(query.Term("ner", NER_TODO)))


YOUNG_VOTES_SHARE = 0.5
"""A document the first pass resolved while the corpus votes held less than this share of
what they hold at its end is resolved again with them (its raw mentions are stored, so
without NER). In a large first pass the early documents would otherwise keep what a few
hundred articles' votes said: rules that need a large corpus ("Palmyra" a town, "Alipay"
no person) would miss them, and the kinds the votes decide would differ from the same
name's in later documents."""


def _weight(votes: TypeVotes) -> int:
    """How much the votes hold: person, organisation and given-name mentions."""
    return sum(votes.person.values()) + sum(votes.org.values()) + sum(votes.given.values())


def run_entity_pass(
    store: IndexStore,
    extractor: Extractor,
    corrections: Corrections | None,
    progress: Callable[[Progress], None] | None = None,
    cancel: Callable[[], bool] | None = None,
) -> EntityPassReport:
    """Extract, resolve and store the entities of every pending document."""
    report = EntityPassReport()
    with store.ix.searcher() as searcher:
        docnums = pending(searcher)
        if not docnums:
            return report
        votes = corpus_votes(searcher.reader())
        total = len(docnums)
        if progress:
            progress(Progress("entities", 0, total))
        # Stored fields are read as the extractor asks for bodies, so memory holds one
        # extraction batch at a time, not the whole corpus.
        waiting: deque[dict[str, Any] | None] = deque()

        def bodies() -> Iterator[str]:
            for docnum in docnums:
                # Never raise in here: spaCy's worker pool cannot be shut down cleanly
                # from inside its own input (it waits for workers that wait for it).
                try:
                    stored = searcher.stored_fields(docnum)
                except Exception as exc:
                    report.notes.append(f"document {docnum} could not be read back: {exc}")
                    waiting.append(None)
                    yield ""
                    continue
                waiting.append(stored)
                body = stored.get("body", "")
                if len(body) > ENTITY_MAX_CHARS:
                    report.notes.append(
                        f"{stored['path']}: people and organisations were looked for in the "
                        f"first {ENTITY_MAX_CHARS:,} of its {len(body):,} characters"
                    )
                yield body[:ENTITY_MAX_CHARS]

        writer = store.open_writer()
        last_commit = time.monotonic()
        interval = COMMIT_FIRST_SECONDS
        resolved_with: list[tuple[str, int]] = []
        interrupted = False
        try:
            for raws in extractor.extract(bodies()):
                stored = waiting.popleft()
                if stored is None:
                    continue
                if cancel is not None and cancel():
                    report.notes.append("entity extraction was interrupted; it resumes next time")
                    interrupted = True
                    break
                votes.add(raws)
                mentions = resolve(stored.get("body", ""), raws, votes, corrections)
                writer.update_document(**_rewrite(stored, mentions, raws))
                resolved_with.append((stored["path"], _weight(votes)))
                report.done += 1
                if progress:
                    progress(Progress("entities", report.done, total, stored["path"]))
                # Each commit drops the segments whose documents were all rewritten
                # (those of the text pass), so no dead copies outlive the pass.
                if time.monotonic() - last_commit > interval:
                    writer.commit(mergetype=tidy_segments)
                    writer = store.open_writer()
                    last_commit = time.monotonic()
                    interval = min(interval * 2, COMMIT_MAX_SECONDS)
            writer.commit(mergetype=tidy_segments)
        except BaseException:
            with contextlib.suppress(Exception):
                writer.cancel()
            raise
    if not interrupted:
        full = YOUNG_VOTES_SHARE * _weight(votes)
        young = [path for path, weight in resolved_with if weight < full]
        report.resolved_again = _resolve_again(store, corrections, votes, young)
    if extractor.warning:
        report.notes.append(extractor.warning)
    return report


def _resolve_again(
    store: IndexStore,
    corrections: Corrections | None,
    votes: TypeVotes,
    paths: Sequence[str],
) -> int:
    """Resolve the documents at `paths` again from their stored raw mentions with `votes`
    (`YOUNG_VOTES_SHARE`); how many were. No progress is reported: the pass's bar stays
    full for these few seconds (about 11 s for 3,799 articles) rather than start again."""
    if not paths:
        return 0
    with store.ix.searcher() as searcher:
        rows = []
        for path in paths:
            docnum = searcher.document_number(path=path)
            if docnum is not None:
                rows.append(searcher.stored_fields(docnum))
    _resolve_rows(store, rows, votes, corrections)
    return len(rows)


def reresolve_all(
    store: IndexStore,
    corrections: Corrections | None,
    progress: Callable[[Progress], None] | None = None,
) -> int:
    """Resolve every extracted document again from its stored raw mentions (no NER)."""
    with store.ix.searcher() as searcher:
        votes = corpus_votes(searcher.reader())
        done_docs = list(searcher.docs_for_query(query.Term("ner", NER_DONE)))
        rows = [searcher.stored_fields(n) for n in done_docs]
    if not rows:  # a new index (its marker is new too): nothing to rewrite, no commit
        return 0
    _resolve_rows(store, rows, votes, corrections, progress)
    return len(rows)


def _resolve_rows(
    store: IndexStore,
    rows: Sequence[dict[str, Any]],
    votes: TypeVotes,
    corrections: Corrections | None,
    progress: Callable[[Progress], None] | None = None,
) -> None:
    """Resolve stored documents again from their raw mentions (no NER) and rewrite them,
    in one commit that drops the segments they emptied."""
    writer = store.open_writer()
    try:
        for i, stored in enumerate(rows, 1):
            body = stored.get("body", "")
            raws = decode_raw(body, stored.get("raw"))
            mentions = resolve(body, raws, votes, corrections)
            writer.update_document(**_rewrite(stored, mentions, raws))
            if progress:
                progress(Progress("entities", i, len(rows), stored["path"]))
        writer.commit(mergetype=tidy_segments)
    except BaseException:
        with contextlib.suppress(Exception):
            writer.cancel()
        raise


def _rewrite(
    stored: dict[str, Any], mentions: Sequence[Mention], raws: Sequence[RawMention]
) -> dict[str, Any]:
    return doc_fields(
        stored["path"],
        stored.get("title", ""),
        stored_date(stored.get("date")),
        stored.get("body", ""),
        **entity_values(mentions, raws),
    )
