"""Index updates in a separate process, for the reader.

Indexing in a thread of the UI process competes with the event loop for the GIL (frame
gaps of 150 ms and more were measured) and would load spaCy into the reader's memory.
`update_out_of_process` runs `python -m tuireader index --events` instead and turns its
JSON-lines output back into `Progress` callbacks and an `IndexReport`.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from tuireader.core.models import IndexBusyError, IndexReport, Progress, Skipped


def report_to_json(report: IndexReport) -> dict[str, Any]:
    """An IndexReport as plain JSON data."""
    return asdict(report)


def report_from_json(data: dict[str, Any]) -> IndexReport:
    """The inverse of `report_to_json`."""
    data = dict(data)
    data["skipped"] = tuple(Skipped(**s) for s in data.get("skipped", ()))
    data["notes"] = tuple(data.get("notes", ()))
    return IndexReport(**data)


def event_line(kind: str, payload: Any) -> str:
    """One line of the `--events` protocol."""
    return json.dumps({kind: payload}, ensure_ascii=True)


def update_out_of_process(
    corpus: Path,
    index_dir: Path,
    *,
    entities: bool = True,
    progress: Callable[[Progress], None] | None = None,
    cancel: Callable[[], bool] | None = None,
) -> IndexReport:
    """Run `tuireader index` in a child process and report as `Library.update` does."""
    command = [
        sys.executable, "-m", "tuireader", "index", "--events",
        "--corpus", str(corpus), "--index-dir", str(index_dir),
    ]  # fmt: skip
    if not entities:
        command.append("--no-entities")
    child = subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        errors="replace",
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    stop = threading.Event()

    def watch() -> None:
        while not stop.wait(0.2):
            if cancel is not None and cancel() and child.poll() is None:
                child.send_signal(signal.SIGINT)  # the writer cancels its batch cleanly
                return

    watcher = threading.Thread(target=watch, name="tuireader-index-watch", daemon=True)
    watcher.start()
    report: IndexReport | None = None
    error: tuple[str, str] | None = None
    assert child.stdout is not None
    try:
        for line in child.stdout:
            try:
                event = json.loads(line)
            except ValueError:
                continue
            if "progress" in event and progress is not None:
                progress(Progress(**event["progress"]))
            elif "report" in event:
                report = report_from_json(event["report"])
            elif "error" in event:
                error = (event["error"].get("kind", "failed"), event["error"].get("message", ""))
        child.wait()
    finally:
        stop.set()
        if child.poll() is None:
            child.kill()
            child.wait()
    stderr = child.stderr.read() if child.stderr else ""
    if error and error[0] == "busy":
        raise IndexBusyError(error[1])
    if report is None:
        detail = error[1] if error else (stderr.strip().splitlines() or ["no report"])[-1]
        if cancel is not None and cancel():
            return IndexReport(notes=("indexing was interrupted; it resumes next time",))
        raise RuntimeError(f"indexing failed: {detail}")
    return report
