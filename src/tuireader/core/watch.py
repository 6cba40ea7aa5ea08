"""Watch the corpus folder and report which paths changed (inotify, through watchdog).

A reader that watches its folder indexes just the files an edit touched, at once,
instead of stat-ing every file of the corpus every few seconds to find them: at 50,000
files that look costs about 0.3 s, the update of the few changed files much less.

Events arrive on watchdog's thread. They are gathered until the folder has been quiet
for `QUIET_SECONDS` (an editor's save is several events: write, close, rename), then
`report` is called once, on a thread of this module, with the changed paths relative to
the corpus. Hidden names and files of types tuireader does not read are left out; folders
are reported whole (a folder moved in is walked by `Library.update(changed=...)`).

Nothing is written anywhere: inotify only reads.
"""

from __future__ import annotations

import errno
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from tuireader.core.documents import readable_type, relative_path

if TYPE_CHECKING:
    from watchdog.events import FileSystemEventHandler

QUIET_SECONDS = 0.05
"""Report once no event came for this long..."""
LONGEST_WAIT_SECONDS = 2.0
"""...or when the first unreported event is this old (a folder that never goes quiet)."""

ReportFn = Callable[[list[str]], None]


class FolderWatch:
    """Reports changed paths under `corpus` to `report` until `stop()`."""

    def __init__(self, corpus: Path, report: ReportFn, *, ignore: Path | None = None) -> None:
        self.root = os.path.realpath(corpus)
        self._report = report
        self._ignore = relative_path(os.path.realpath(ignore), self.root) if ignore else None
        self._changed: set[str] = set()
        self._first = 0.0
        self._last = 0.0
        self._wake = threading.Condition()
        self._stopped = False
        self._observer: Any = None
        self._flusher: threading.Thread | None = None

    def start(self) -> str | None:
        """Start watching; None when it works, else why not (the caller falls back to
        looking now and then)."""
        try:
            from watchdog.observers import Observer
        except ImportError:
            return "the watchdog package is not installed"
        observer = Observer()
        try:
            observer.schedule(
                cast("FileSystemEventHandler", _Handler(self)), self.root, recursive=True
            )
            observer.start()
        except OSError as exc:  # inotify's limits, a vanished folder
            if exc.errno == errno.ENOSPC:  # one inotify watch per folder, and too few left
                return (
                    f"cannot watch {self.root}: the system's limit of watched folders is "
                    "reached (raise fs.inotify.max_user_watches)"
                )
            if exc.errno == errno.EMFILE:
                return (
                    f"cannot watch {self.root}: the system's limit of folder watches per "
                    "user is reached (raise fs.inotify.max_user_instances)"
                )
            return f"cannot watch {self.root}: {exc.strerror or exc}"
        self._observer = observer
        self._flusher = threading.Thread(target=self._flush_loop, name="tuireader-watch")
        self._flusher.daemon = True
        self._flusher.start()
        return None

    def stop(self) -> None:
        """Stop watching; unreported changes are dropped (the next full check finds them)."""
        with self._wake:
            self._stopped = True
            self._wake.notify()
        if self._observer is not None:
            self._observer.stop()
            self._observer.join(timeout=2)
        if self._flusher is not None:
            self._flusher.join(timeout=2)

    @property
    def running(self) -> bool:
        return self._observer is not None and not self._stopped

    def event(self, path: str | bytes, *, is_folder: bool) -> None:
        """Note one changed path (absolute, as watchdog reports it)."""
        text = os.fsdecode(path)
        rel = relative_path(text, self.root)
        if rel is None or any(part.startswith(".") for part in rel.split("/")):
            return
        if self._ignore is not None and (rel == self._ignore or rel.startswith(self._ignore + "/")):
            return
        if not is_folder and not readable_type(rel.rpartition("/")[2]):
            return
        with self._wake:
            now = time.monotonic()
            if not self._changed:
                self._first = now
            self._changed.add(rel)
            self._last = now
            self._wake.notify()

    def _flush_loop(self) -> None:
        while True:
            with self._wake:
                while not self._stopped and not self._changed:
                    self._wake.wait()
                if self._stopped:
                    return
                due = min(self._last + QUIET_SECONDS, self._first + LONGEST_WAIT_SECONDS)
                wait = due - time.monotonic()
                if wait > 0:
                    self._wake.wait(wait)
                    continue
                changed, self._changed = sorted(self._changed), set()
            self._report(changed)


class _Handler:
    """watchdog's event handler interface (`dispatch`), without subclassing its base."""

    def __init__(self, watch: FolderWatch) -> None:
        self._watch = watch

    def dispatch(self, event: Any) -> None:
        kind = event.event_type
        if kind in ("opened", "closed_no_write") or (kind == "modified" and event.is_directory):
            return  # a folder's own mtime changes with each file added: the file says more
        self._watch.event(event.src_path, is_folder=event.is_directory)
        dest = getattr(event, "dest_path", "")
        if dest:
            self._watch.event(dest, is_folder=event.is_directory)
