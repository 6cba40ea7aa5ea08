"""The headless subcommands: index, search, entities, mentions.

Human output goes through Rich with every document string made visible-safe
(`textsafe`); JSON output is plain `json.dumps` (escape sequences arrive escaped).
Progress bars go to stderr, so stdout stays clean for pipes.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from typing import Any

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from tuireader import paths
from tuireader.cli import EXIT_EMPTY, EXIT_INDEX, EXIT_OK, EXIT_USAGE, check_corpus, corpus_of
from tuireader.core import models
from tuireader.core.entity_store import count_mentions
from tuireader.core.library import Library
from tuireader.textsafe import one_line

out = Console(highlight=False, soft_wrap=False)
KIND_KEYS: tuple[tuple[str, models.EntityKind], ...] = (
    ("people", "person"),
    ("organisations", "org"),
)
err = Console(stderr=True, highlight=False)


class RateColumn(ProgressColumn):
    """Documents per second."""

    def render(self, task: Task) -> Text:
        """The task's speed as "123 docs/s"."""
        speed = task.finished_speed or task.speed
        return Text(f"{speed:,.0f} docs/s" if speed else "", style="progress.data.speed")


@contextmanager
def progress_bar(enabled: bool) -> Iterator[Any]:
    """A Rich progress bar on stderr (files done / total, rate, time left), or a no-op."""
    if not enabled:
        yield None
        return
    bar = Progress(
        TextColumn("{task.description:<9}"),
        BarColumn(),
        MofNCompleteColumn(),
        RateColumn(),
        TimeElapsedColumn(),
        TextColumn("left"),
        TimeRemainingColumn(),
        console=err,
        transient=False,
    )
    tasks: dict[str, Any] = {}

    def report(p: models.Progress) -> None:
        label = {"text": "text", "entities": "entities"}.get(p.stage, p.stage)
        if label not in tasks:
            tasks[label] = bar.add_task(label, total=max(p.total, 1))
        bar.update(tasks[label], completed=p.done, total=max(p.total, 1))

    with bar:
        yield report


def _open(args: Any) -> Library | int:
    corpus = corpus_of(args.corpus)
    error = check_corpus(corpus)
    if error:
        err.print(Text(one_line(error)))
        return EXIT_USAGE
    return Library(corpus, args.index_dir)


def _update(
    lib: Library, *, entities: bool, show_progress: bool, busy_ok: bool = False
) -> models.IndexReport | int:
    """Update the index; an exit code on failure. With `busy_ok`, another writer at work
    is only a note: the caller goes on with what is indexed so far."""
    try:
        with progress_bar(show_progress) as report:
            return lib.update(entities=entities, progress=report)
    except models.IndexBusyError as exc:
        if busy_ok:
            err.print(Text(f"note: {exc}", style="yellow"))
            return models.IndexReport()
        err.print(Text(f"tuireader: {exc}", style="yellow"))
        return EXIT_INDEX
    except OSError as exc:
        code = _cannot_write(lib, exc)
        if busy_ok and _readable(lib):
            err.print(Text("note: searching what is indexed so far", style="yellow"))
            return models.IndexReport()
        return code


def _cannot_write(lib: Library, exc: OSError) -> int:
    where = one_line(str(lib.index_dir))
    err.print(Text(f"tuireader: cannot write the index in {where}: {exc.strerror or exc}"))
    return EXIT_INDEX


def _readable(lib: Library) -> bool:
    """Whether the index opens for reading (after an update failed to write it)."""
    try:
        lib.status()
    except Exception:
        return False
    return True


def cmd_index(args: Any) -> int:
    """`tuireader index`: update the index and print a summary."""
    if args.events:
        return index_events(args)
    lib = _open(args)
    if isinstance(lib, int):
        return lib
    with lib:
        result = _update(lib, entities=not args.no_entities, show_progress=not args.quiet)
        if isinstance(result, int):
            return result
        print_summary(result, lib)
        if args.optimize:
            try:
                lib.optimize()
            except models.IndexBusyError as exc:
                err.print(Text(f"tuireader: {exc}", style="yellow"))
                return EXIT_INDEX
            out.print("index merged into one segment")
    return EXIT_OK


def index_events(args: Any) -> int:
    """`tuireader index --events`: JSON lines of progress, then the report (or an error)."""
    from tuireader.core.updater import event_line, report_to_json

    def emit(kind: str, payload: Any) -> None:
        print(event_line(kind, payload), flush=True)

    watch_parent()

    lib = _open(args)
    if isinstance(lib, int):
        emit("error", {"kind": "usage", "message": "not a readable folder"})
        return lib
    with lib:
        try:
            report = lib.update(
                entities=not args.no_entities,
                progress=lambda p: emit("progress", asdict(p)),
            )
        except models.IndexBusyError as exc:
            emit("error", {"kind": "busy", "message": str(exc)})
            return EXIT_INDEX
        except KeyboardInterrupt:
            emit("error", {"kind": "interrupted", "message": "interrupted"})
            return 130
        except OSError as exc:
            emit("error", {"kind": "io", "message": f"cannot write the index: {exc}"})
            return EXIT_INDEX
        emit("report", report_to_json(report))
    return EXIT_OK


def watch_parent() -> None:
    """Stop cleanly (as on ctrl+c) if the reader that started this indexer goes away."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os.kill(os.getpid(), signal.SIGINT)

    threading.Thread(target=watch, name="tuireader-parent-watch", daemon=True).start()


def print_summary(report: models.IndexReport, lib: Library) -> None:
    """The index summary: added, updated, removed, unchanged, skipped with reasons."""
    if report.rebuilt:
        out.print(Text(f"index rebuilt: {report.rebuilt}", style="yellow"))
    out.print(
        f"{report.added} added, {report.updated} updated, {report.removed} removed, "
        f"{report.unchanged} unchanged, {len(report.skipped)} skipped, "
        f"{report.ignored} other files ignored; entities extracted for {report.entities_done}; "
        f"took {report.elapsed:.2f} s"
    )
    status = lib.status()
    out.print(Text(f"{status.documents} documents indexed in {one_line(status.index_dir)}"))
    if report.skipped:
        reasons = Counter(s.reason for s in report.skipped)
        out.print("skipped: " + ", ".join(f"{n} {reason}" for reason, n in reasons.items()))
        for skipped in report.skipped[:50]:
            out.print(Text(f"  {one_line(skipped.path)}: {one_line(skipped.reason)}"))
        if len(report.skipped) > 50:
            out.print(f"  ... and {len(report.skipped) - 50} more")
    for note in report.notes[:20]:
        out.print(Text(f"note: {one_line(note)}", style="yellow"))


def _ensure_index(lib: Library, *, entities: bool) -> int | None:
    """Index first if needed (quietly unless on a terminal)."""
    try:
        status_fresh = not lib.is_stale()
    except OSError as exc:  # the index folder cannot even be created
        return _cannot_write(lib, exc)
    if status_fresh and not entities:
        return None
    if status_fresh and entities and lib.status().entities_pending == 0:
        return None
    result = _update(lib, entities=entities, show_progress=err.is_terminal, busy_ok=True)
    if isinstance(result, int):
        return result
    for note in result.notes:
        if "model" in note or "rebuilt" in note:
            err.print(Text(f"note: {one_line(note)}", style="yellow"))
    if result.rebuilt:
        err.print(Text(f"note: index rebuilt: {result.rebuilt}", style="yellow"))
    return None


def cmd_search(args: Any) -> int:
    """`tuireader search QUERY`: ranked hits with snippets, or JSON."""
    lib = _open(args)
    if isinstance(lib, int):
        return lib
    with lib:
        needs_entities = any(f in args.query for f in ("person:", "org:", "people:", "organi"))
        failed = _ensure_index(lib, entities=needs_entities)
        if failed is not None:
            return failed
        try:
            result = lib.search(
                args.query, limit=max(args.limit, 0), snippets=args.limit, sort=args.sort
            )
        except models.QueryError as exc:
            err.print(Text(f"tuireader: bad query: {one_line(str(exc))}"))
            return EXIT_USAGE
    if args.json:
        print(json.dumps(search_json(result), indent=1))
    else:
        print_hits(result)
    return EXIT_OK if result.total else EXIT_EMPTY


def search_json(result: models.SearchResult) -> dict[str, Any]:
    """The documented JSON shape of a search."""
    return {
        "query": result.query,
        "total": result.total,
        "total_exact": result.total_exact,
        "suggestion": result.suggestion,
        "hits": [
            {
                "path": hit.path,
                "title": hit.title,
                "date": hit.date.isoformat() if hit.date else None,
                "score": round(hit.score, 4),
                "snippet": hit.snippet.marked() if hit.snippet else "",
                "matches": [[s.start, s.end] for s in hit.matches],
            }
            for hit in result.hits
        ],
    }


def print_hits(result: models.SearchResult) -> None:
    """Ranked hits with highlighted snippets, for a person at a terminal."""
    for note in result.notes:
        err.print(Text(f"note: {one_line(note)}", style="yellow"))
    if not result.total:
        out.print(Text("no documents match", style="bold"))
        if result.suggestion:
            out.print(Text.assemble("did you mean: ", (one_line(result.suggestion), "bold")))
        return
    count = f"{result.total:,}" if result.total_exact else f"at least {result.total:,}"
    verb = "document matches" if result.total == 1 and result.total_exact else "documents match"
    out.print(Text(f"{count} {verb}; showing {len(result.hits)}", style="bold"))
    for rank, hit in enumerate(result.hits, 1):
        date = hit.date.isoformat() if hit.date else "no date"
        out.print(
            Text.assemble(
                (f"{rank:>3}. ", "dim"),
                (one_line(hit.title) or "(untitled)", "bold"),
                (f"  {date}  ", "cyan"),
                (one_line(hit.path), "dim"),
                (f"  {len(hit.matches)} matches", "dim"),
            )
        )
        if hit.snippet:
            line = Text("     " + one_line(hit.snippet.text))
            for mark in hit.snippet.marks:
                line.stylize("bold black on yellow", 5 + mark.start, 5 + mark.end)
            out.print(line)


def _listing(lib: Library, paths_: list[str]) -> list[dict[str, Any]]:
    docs = []
    for path in paths_:
        doc = lib.document(path)
        if doc is None:
            continue
        entry: dict[str, Any] = {
            "path": doc.path,
            "title": doc.title,
            "people": [],
            "organisations": [],
        }
        for ent in count_mentions(doc.mentions):  # the document is read once
            key = "people" if ent.kind == "person" else "organisations"
            entry[key].append(
                {"name": ent.name, "aliases": list(ent.aliases), "mentions": ent.mentions}
            )
        docs.append(entry)
    return docs


def cmd_entities(args: Any) -> int:
    """`tuireader entities`: people and organisations per document and corpus-wide."""
    if args.aliases_path:
        target = paths.corrections_path()
        if not target.exists():
            from tuireader.core.entities import corrections_template

            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(corrections_template(), "utf-8")
            except OSError as exc:
                err.print(Text(f"tuireader: cannot write {target}: {exc.strerror or exc}"))
        print(target)
        return EXIT_OK
    lib = _open(args)
    if isinstance(lib, int):
        return lib
    with lib:
        failed = _ensure_index(lib, entities=True)
        if failed is not None:
            return failed
        all_paths = lib.all_paths()
        if args.doc is not None:
            if args.doc not in all_paths:
                err.print(Text(f"tuireader: no indexed document {one_line(args.doc)}"))
                return EXIT_USAGE
            all_paths = [args.doc]
        data: dict[str, Any] = {"documents": _listing(lib, all_paths)}
        if args.doc is None:
            data["corpus"] = {
                key: [
                    {"name": e.name, "documents": e.documents, "mentions": e.mentions}
                    for e in lib.corpus_entities(kind)
                ]
                for key, kind in KIND_KEYS
            }
    if args.json:
        print(json.dumps(data, indent=1))
        return EXIT_OK
    for doc in data["documents"]:
        out.print(Text(f"{one_line(doc['title'])}  ({one_line(doc['path'])})", style="bold"))
        for key in ("people", "organisations"):
            names = ", ".join(f"{one_line(e['name'])} ({e['mentions']})" for e in doc[key])
            out.print(Text(f"  {key}: {names or '-'}"))
    if "corpus" in data:
        for key in ("people", "organisations"):
            table = Table(title=f"corpus {key}", show_lines=False)
            table.add_column("name")
            table.add_column("documents", justify="right")
            table.add_column("mentions", justify="right")
            for e in data["corpus"][key][:40]:
                table.add_row(Text(one_line(e["name"])), str(e["documents"]), str(e["mentions"]))
            out.print(table)
    return EXIT_OK


def cmd_mentions(args: Any) -> int:
    """`tuireader mentions NAME`: every mention in context, in document date order."""
    lib = _open(args)
    if isinstance(lib, int):
        return lib
    with lib:
        failed = _ensure_index(lib, entities=True)
        if failed is not None:
            return failed
        found = lib.find_entity(args.name)
        if found is None:
            err.print(Text(f"tuireader: no person or organisation called {one_line(args.name)}"))
            return EXIT_EMPTY
        rows = lib.mentions(*found)
    if args.json:
        print(
            json.dumps(
                {
                    "kind": found[0],
                    "name": found[1],
                    "mentions": [
                        {
                            "path": m.path,
                            "title": m.title,
                            "date": m.date.isoformat() if m.date else None,
                            "line": m.line,
                            "text": m.text,
                            "start": m.start,
                            "end": m.end,
                            "context": m.context,
                        }
                        for m in rows
                    ],
                },
                indent=1,
            )
        )
        return EXIT_OK
    docs = len({m.path for m in rows})
    out.print(
        Text(f"{found[1]} ({found[0]}): {len(rows)} mentions in {docs} documents", style="bold")
    )
    for m in rows:
        line = Text.assemble(
            (f"{one_line(m.path)}:{m.line}", "cyan"),
            (f"  {m.date.isoformat() if m.date else '----------'}  ", "dim"),
        )
        start = len(line)
        line.append(one_line(m.context))
        line.stylize(
            "bold black on yellow", start + m.context_span.start, start + m.context_span.end
        )
        out.print(line)
    return EXIT_OK


__all__ = ["cmd_entities", "cmd_index", "cmd_mentions", "cmd_search", "sys"]
