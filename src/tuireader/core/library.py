"""The one object the CLI and the UI talk to: a corpus folder and its index.

API (the CLI and the UI use nothing else of the core):

    lib = Library(corpus: Path, index_dir: Path | None = None)
    lib.corpus -> Path; lib.index_dir -> Path
    lib.status() -> IndexStatus                       # cheap, no corpus read
    lib.is_stale() -> bool                            # stat-only scan vs the manifest
    lib.update(*, entities=True, progress=cb, cancel=cb, changed=paths) -> IndexReport
        # pass 1 text (searchable as soon as each batch commits), pass 2 entities;
        # progress(Progress(stage, done, total, path)) is called from the calling thread;
        # raises IndexBusyError when another process is writing; `changed` looks at
        # those paths only (a folder watch's report) instead of every file.
    lib.search(query, *, limit=200, snippets=20, sort="relevance"|"date", count=True)
        -> SearchResult    # raises QueryError (one-line message) for a malformed query
    lib.count(query, cancel=cb) -> int | None         # matches, unscored; None if too long
    lib.snippets(query, paths) -> dict[str, Snippet]  # lazily, for rows on screen
    lib.document(path) -> StoredDocument | None
    lib.matches(query, path) -> tuple[Span, ...]      # every match of the query in the body
    lib.document_entities(path) -> tuple[EntityCount, ...]
    lib.corpus_entities(kind=None, limit=None) -> tuple[EntityCount, ...]   # by mentions desc
    lib.result_entities(paths) -> tuple[EntityCount, ...]
    lib.entity(kind, name) -> EntityDetail | None
    lib.mentions(kind, name) -> tuple[MentionInContext, ...]               # date order
    lib.close()

All methods are thread-safe; each returns plain dataclasses from `tuireader.core.models`.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from whoosh.query import Every, Term

from tuireader import paths
from tuireader.core import documents, entity_store, search, whoosh_fixes
from tuireader.core.entities import Corrections, Extractor, load_corrections
from tuireader.core.entity_pass import RESOLVED_WITH, reresolve_all, run_entity_pass
from tuireader.core.index import IndexStore
from tuireader.core.models import (
    EntityCount,
    EntityDetail,
    EntityKind,
    Hit,
    IndexReport,
    IndexStatus,
    MentionInContext,
    Progress,
    SearchResult,
    Snippet,
    Span,
    StoredDocument,
)
from tuireader.core.query import CompiledQuery, compile_query, make_parser, vocabulary
from tuireader.core.schema import NER_DONE, NER_TODO
from tuireader.core.snippets import make_snippet

_COMPILED_CACHE = 32


class Library:
    """A corpus folder and its index, behind plain methods returning dataclasses."""

    def __init__(
        self,
        corpus: Path,
        index_dir: Path | None = None,
        *,
        corrections_path: Path | None = None,
    ) -> None:
        self.corpus = Path(corpus).expanduser()
        self.index_dir = paths.index_dir_for(self.corpus, index_dir)
        self.corrections_path = corrections_path or paths.corrections_path()
        self._store = IndexStore(self.corpus, self.index_dir)
        self._lock = threading.RLock()
        self._searcher: Any = None
        self._parser: Any = None
        self._compiled: OrderedDict[str, CompiledQuery] = OrderedDict()
        self._extractor: Extractor | None = None

    # -- state -------------------------------------------------------------------------

    def _reader_searcher(self) -> Any:
        """The shared searcher, refreshed when the index changed (call with the lock)."""
        if self._searcher is None:
            self._searcher = self._store.ix.searcher()
            self._parser = make_parser(self._store.ix.schema)
        elif not self._searcher.up_to_date():
            # Not Whoosh's `refresh()`, which would show replaced documents twice; the
            # readers of unchanged segments are kept (see `fresh_searcher`).
            self._searcher = whoosh_fixes.fresh_searcher(self._store.ix, self._searcher)
            self._compiled.clear()
        return self._searcher

    def status(self) -> IndexStatus:
        """Documents indexed and documents still waiting for entity extraction."""
        with self._lock:
            searcher = self._reader_searcher()
            return IndexStatus(
                documents=searcher.doc_count(),
                entities_pending=sum(1 for _ in searcher.docs_for_query(Term("ner", NER_TODO))),
                index_dir=str(self.index_dir),
                notes=tuple(self._store.notes),
            )

    def document_count(self) -> int:
        """How many documents the index holds now (cheaper than `status`)."""
        with self._lock:
            return int(self._reader_searcher().doc_count())

    def is_stale(self) -> bool:
        """Whether the corpus changed since it was indexed (a stat per file, no reads)."""
        return self._store.is_stale()

    def update(
        self,
        *,
        entities: bool = True,
        progress: Callable[[Progress], None] | None = None,
        cancel: Callable[[], bool] | None = None,
        isolated: bool = False,
        changed: Iterable[str | Path] | None = None,
    ) -> IndexReport:
        """Index new and changed files (text first), then extract entities of pending ones.

        With `isolated`, the work runs in a child process (see `core.updater`): the
        calling process keeps its GIL and never imports spaCy. This object's searcher
        sees each batch as the child commits it.

        With `changed` (paths in the corpus, absolute or relative to it, as a folder
        watch reports them), only those are looked at, instead of every file: what a
        reader that watches its folder does after an edit.
        """
        only = None if changed is None else self._relative(changed)
        if isolated:
            if only is not None:
                raise ValueError("an isolated update looks at the whole corpus")
            from tuireader.core.updater import update_out_of_process

            result = update_out_of_process(
                self.corpus, self.index_dir, entities=entities, progress=progress, cancel=cancel
            )
            with self._lock:
                self._compiled.clear()
            return result
        started = time.perf_counter()
        # One update at a time, held across every batch commit of both passes: a second
        # process never slips in between two commits (IndexBusyError if one is at work).
        with self._store.updating():
            report = self._store.update_text(progress, cancel, only=only)
            notes = list(report.notes)
            done = 0
            if entities and not (cancel is not None and cancel()):
                corrections, error = self._corrections()
                if error:
                    notes.append(error)
                if self._corrections_changed():
                    reresolve_all(self._store, corrections, progress)
                    self._save_corrections_digest()
                if self._extractor is None:
                    self._extractor = Extractor()
                entity_report = run_entity_pass(
                    self._store, self._extractor, corrections, progress, cancel
                )
                done = entity_report.done
                notes.extend(entity_report.notes)
        with self._lock:
            self._compiled.clear()
        return IndexReport(
            added=report.added,
            updated=report.updated,
            removed=report.removed,
            unchanged=report.unchanged,
            skipped=report.skipped,
            ignored=report.ignored,
            entities_done=done,
            rebuilt=report.rebuilt,
            notes=tuple(notes),
            elapsed=time.perf_counter() - started,  # both passes
        )

    def _relative(self, paths: Iterable[str | Path]) -> list[str]:
        """Paths relative to the corpus, `/`-separated; those outside it are left out."""
        root = os.path.realpath(self.corpus)
        found = []
        for path in paths:
            text = os.fspath(path)
            if not os.path.isabs(text):
                found.append(text.replace(os.sep, "/"))
            elif (rel := documents.relative_path(text, root)) is not None:
                found.append(rel)
        return found

    def _corrections(self) -> tuple[Corrections | None, str | None]:
        if not self.corrections_path.exists():
            return None, None
        corrections, error = load_corrections(self.corrections_path)
        return corrections, error

    def _corrections_digest(self) -> str:
        """What the entity fields were last resolved with: the version of the fields and
        rules (`RESOLVED_WITH`) and the user's corrections. A change re-resolves every
        document from its stored raw mentions on the next update (no NER)."""
        try:
            corrections = self.corrections_path.read_bytes().hex()[:4096]
        except OSError:
            corrections = ""
        return f"{RESOLVED_WITH}:{corrections}"

    def _corrections_changed(self) -> bool:
        marker = self.index_dir / "corrections.seen"
        try:
            seen = marker.read_text("utf-8")
        except OSError:
            seen = ""
        return seen != self._corrections_digest()

    def _save_corrections_digest(self) -> None:
        marker = self.index_dir / "corrections.seen"
        with contextlib.suppress(OSError):
            marker.write_text(self._corrections_digest(), "utf-8")

    # -- search ------------------------------------------------------------------------

    def _compile(self, text: str) -> CompiledQuery:
        """A compiled query from the cache, or compiled now (call with the lock)."""
        searcher = self._reader_searcher()
        cached = self._compiled.get(text)
        if cached is not None:
            self._compiled.move_to_end(text)
            return cached
        compiled = compile_query(text, self._parser, searcher.reader())
        self._compiled[text] = compiled
        while len(self._compiled) > _COMPILED_CACHE:
            self._compiled.popitem(last=False)
        return compiled

    def search(
        self,
        text: str,
        *,
        limit: int = 200,
        snippets: int = 20,
        sort: search.SortOrder = "relevance",
        count: bool = True,
    ) -> SearchResult:
        """Ranked hits for a query; the first `snippets` hits carry snippet and spans.

        An empty query lists every document, newest first: the corpus to browse. Without
        `count`, a query matching more than `limit` documents is not counted in full
        (`total_exact` is then False; `count` gives the number), which spares a second
        pass over every match before the hits can be shown.
        """
        started = time.perf_counter()
        text = text.strip()
        with self._lock:
            if text:
                compiled = self._compile(text)
            else:
                self._reader_searcher()
                compiled, sort = CompiledQuery(text="", q=Every()), "date"
            searcher = self._reader_searcher()
            ranking = search.run(
                searcher,
                compiled,
                limit=limit,
                sort=sort,
                timelimit=search.rank_time_left(started),
                count=count,
            )
            raw_hits = ranking.hits
            stored_of = {raw.docnum: searcher.stored_fields(raw.docnum) for raw in raw_hits}
            # Snippets for the first hits, all postings read once; those not done by the
            # deadline stay None and the UI asks `snippets` for them when shown.
            first = [raw.docnum for raw in raw_hits[: max(0, snippets)]]
            spans_of = search.body_spans_many(
                searcher,
                first,
                compiled,
                {docnum: stored_of[docnum] for docnum in first},
                deadline=search.snippet_deadline(started),
                postings=ranking.postings,
            )
            hits = []
            for raw in raw_hits:
                stored = stored_of[raw.docnum]
                snippet: Snippet | None = None
                spans: tuple[Span, ...] = ()
                if raw.docnum in spans_of:
                    spans = spans_of[raw.docnum]
                    snippet = make_snippet(stored.get("body", ""), spans)
                hits.append(
                    Hit(
                        path=stored["path"],
                        title=stored.get("title", ""),
                        date=search.stored_date(stored.get("date")),
                        score=raw.score,
                        snippet=snippet,
                        matches=spans,
                    )
                )
            suggestion = search.suggest(searcher, text) if ranking.total == 0 and text else None
        return SearchResult(
            query=text,
            total=ranking.total,
            hits=tuple(hits),
            suggestion=suggestion,
            notes=tuple(compiled.notes + ranking.notes),
            elapsed=time.perf_counter() - started,
            total_exact=ranking.exact,
        )

    def count(self, text: str, *, cancel: Callable[[], bool] | None = None) -> int | None:
        """How many documents match a query; None when counting takes longer than
        `search.COUNT_SECONDS` or `cancel()` turns true (a newer query was typed)."""
        text = text.strip()
        with self._lock:
            if not text:
                return int(self._reader_searcher().doc_count())
            compiled = self._compile(text)
            return search.count_matches(
                self._reader_searcher(), compiled, timelimit=search.COUNT_SECONDS, cancel=cancel
            )

    def snippets(self, text: str, paths_: Sequence[str]) -> dict[str, Snippet]:
        """Snippets for some hits of a query, for the rows a list shows."""
        out: dict[str, Snippet] = {}
        with self._lock:
            compiled = self._compile(text.strip())
            searcher = self._reader_searcher()
            found: dict[str, tuple[int, dict[str, Any]]] = {}
            for path in paths_:
                docnum = searcher.document_number(path=path)
                if docnum is not None:
                    found[path] = (docnum, searcher.stored_fields(docnum))
            spans_of = search.body_spans_many(
                searcher,
                [docnum for docnum, _ in found.values()],
                compiled,
                dict(found.values()),
            )
            for path, (docnum, stored) in found.items():
                out[path] = make_snippet(stored.get("body", ""), spans_of[docnum])
        return out

    def matches(self, text: str, path: str) -> tuple[Span, ...]:
        """Every match of a query in one document's body."""
        if not text.strip():
            return ()
        with self._lock:
            compiled = self._compile(text.strip())
            searcher = self._reader_searcher()
            docnum = searcher.document_number(path=path)
            if docnum is None:
                return ()
            stored = searcher.stored_fields(docnum)
            return search.body_spans(searcher, docnum, compiled, stored)

    # -- documents and entities --------------------------------------------------------

    def document(self, path: str) -> StoredDocument | None:
        """One document as stored, with its mentions."""
        with self._lock:
            searcher = self._reader_searcher()
            docnum = searcher.document_number(path=path)
            if docnum is None:
                return None
            stored = searcher.stored_fields(docnum)
        body = stored.get("body", "")
        return StoredDocument(
            path=stored["path"],
            title=stored.get("title", ""),
            date=search.stored_date(stored.get("date")),
            body=body,
            mentions=entity_store.decode_mentions(body, stored.get("mentions")),
            entities_ready=stored.get("ner") == NER_DONE,
        )

    def document_entities(self, path: str) -> tuple[EntityCount, ...]:
        """People and organisations of one document, most mentioned first."""
        doc = self.document(path)
        return entity_store.count_mentions(doc.mentions) if doc else ()

    def corpus_entities(
        self, kind: EntityKind | None = None, limit: int | None = None
    ) -> tuple[EntityCount, ...]:
        """Every entity of the corpus with document and mention counts."""
        with self._lock:
            reader = self._reader_searcher().reader()
            return tuple(entity_store.corpus_counts(reader, kind, limit))

    def result_entities(self, paths_: Sequence[str]) -> tuple[EntityCount, ...]:
        """Entities of a set of documents (a result set)."""
        with self._lock:
            searcher = self._reader_searcher()
            docnums = [n for p in paths_ if (n := searcher.document_number(path=p)) is not None]
            return tuple(entity_store.result_counts(searcher.reader(), docnums))

    def entity(self, kind: EntityKind, name: str) -> EntityDetail | None:
        """Aliases, documents and companions of one entity."""
        with self._lock:
            return entity_store.detail(self._reader_searcher(), kind, name)

    def mentions(self, kind: EntityKind, name: str) -> tuple[MentionInContext, ...]:
        """Every mention of an entity across the corpus, in date order."""
        with self._lock:
            return tuple(entity_store.in_context(self._reader_searcher(), kind, name))

    def find_entity(self, name: str) -> tuple[EntityKind, str] | None:
        """The entity a user means by `name` (canonical name or alias, any case)."""
        wanted = name.casefold().strip()
        best: tuple[int, EntityKind, str] | None = None
        for entity in self.corpus_entities():
            if entity.name.casefold() == wanted:
                return entity.kind, entity.name
        with self._lock:
            searcher = self._reader_searcher()
            for stored in searcher.all_stored_fields():
                for m in entity_store.decode_mentions(
                    stored.get("body", ""), stored.get("mentions")
                ):
                    if m.text.casefold() == wanted and (best is None or best[0] < 1):
                        best = (1, m.kind, m.name)
        return (best[1], best[2]) if best else None

    def optimize(self) -> None:
        """Merge the index into one segment: searches about twice as fast, at the cost of
        rewriting the whole index once (about as long as building it)."""
        with self._store.updating():
            self._store.open_writer().commit(optimize=True)
        with self._lock:
            self._compiled.clear()

    def warm(self, seconds: float = 5.0) -> bool:
        """Read the word list that fuzzy terms and leading wildcards match against, in
        short slices (searches may run between them); whether it is complete.

        Call it from a background thread after opening: without it, the first such
        queries after each index change are cut short with a note.
        """
        deadline = time.perf_counter() + seconds
        while time.perf_counter() < deadline:
            with self._lock:
                vocab = vocabulary(self._reader_searcher().reader())
                with vocab.lock:
                    if vocab.advance(time.perf_counter() + 0.05):
                        return True
            time.sleep(0.001)
        return False

    def all_paths(self) -> list[str]:
        """Every indexed document path, sorted."""
        with self._lock:
            searcher = self._reader_searcher()
            found = (
                term.decode("utf-8", "surrogateescape") if isinstance(term, bytes) else term
                for term in searcher.lexicon("path")
            )
            # The lexicon keeps the terms of deleted documents until segments merge.
            return sorted(p for p in found if searcher.document_number(path=p) is not None)

    def close(self) -> None:
        """Release the searcher and the index."""
        with self._lock:
            if self._searcher is not None:
                with contextlib.suppress(Exception):
                    self._searcher.close()
                self._searcher = None
            self._store.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


__all__ = ["Library"]
