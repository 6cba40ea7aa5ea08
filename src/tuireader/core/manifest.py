"""The manifest: what was known of each corpus file when it was indexed.

Kept beside the index as `manifest.json` (the base, rewritten whole and atomically) plus
`manifest.journal` (the changes since, appended one line each). Saving a few changed
files to a 50,000-file manifest then appends a few lines instead of rewriting megabytes;
the base is rewritten when the journal has grown to a tenth of it.

The journal's first line names the base it continues (a random id stored in the base),
so a journal left over from an older base is ignored; a torn last line (a crash while
appending) is ignored too, and such a journal is replaced by a new base at the next
save rather than appended to. Losing journal lines is safe: the files they described
look changed, are read again and found unchanged by their digest.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

JOURNAL_MIN = 1_000
"""A journal may always hold this many changes before the base is rewritten..."""
JOURNAL_SHARE = 10
"""...or one change per this many files of the base, whichever is more."""


@dataclass(slots=True)
class ManifestEntry:
    """What we knew of a file when it was last indexed."""

    size: int
    mtime_ns: int
    digest: str


Version = tuple[tuple[int, int, int], int]
"""(inode, size, mtime_ns) of the base and the journal's size: what a load has read."""


@dataclass(slots=True)
class Manifest:
    """Per-file state of the corpus as indexed.

    Change `files` by assigning new entries and popping old ones (never by mutating an
    entry in place): `save` finds the changes by identity.
    """

    files: dict[str, ManifestEntry] = field(default_factory=dict)
    version: Version | None = None
    """What `load` read; compared by `is_current`."""
    _base_id: str | None = None
    _saved: dict[str, ManifestEntry] = field(default_factory=dict)
    _journal_lines: int = 0

    @classmethod
    def load(cls, path: Path) -> Manifest | None:
        """Read a manifest; None when missing or unreadable (the caller rescans)."""
        try:
            with open(path, encoding="utf-8") as source:
                base = _stat_key(os.fstat(source.fileno()))
                raw = json.loads(source.read())
            files = {
                p: ManifestEntry(int(v[0]), int(v[1]), str(v[2])) for p, v in raw["files"].items()
            }
            base_id = raw.get("id")
        except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError):
            return None
        manifest = cls(files, None, base_id if isinstance(base_id, str) else None)
        journal_size = manifest._replay(journal_path(path))
        manifest.version = (base, journal_size)
        manifest._saved = dict(manifest.files)
        return manifest

    def _replay(self, journal: Path) -> int:
        """Apply the journal's complete lines when it continues this base; its size.

        A journal not read cleanly to its end (another base's, a torn or garbled line)
        cannot take more lines: whatever followed the damage would be unreadable. The
        next `save` then writes a new base, which drops it.
        """
        try:
            data = journal.read_bytes()
        except OSError:
            return -1
        clean = self._apply(data)
        if not clean:
            self._base_id = None
        return len(data)

    def _apply(self, data: bytes) -> bool:
        """Apply journal `data` to `files`; whether all of it was read."""
        lines = data.split(b"\n")
        torn = lines.pop() != b""  # the last piece has no newline: a torn line
        if not lines:
            return not torn
        if self._base_id is None or _decode(lines[0]) != ["base", self._base_id]:
            return False
        for line in lines[1:]:
            change = _decode(line)
            if not isinstance(change, list) or not change:
                return False
            try:
                if change[0] == "set":
                    self.files[str(change[1])] = ManifestEntry(
                        int(change[2]), int(change[3]), str(change[4])
                    )
                elif change[0] == "del":
                    self.files.pop(str(change[1]), None)
                else:
                    return False
            except (IndexError, TypeError, ValueError):
                return False
            self._journal_lines += 1
        return not torn

    def is_current(self, path: Path) -> bool:
        """Whether the manifest at `path` is still the one this was read from."""
        if self.version is None:
            return False
        try:
            base = _stat_key(os.stat(path))
        except OSError:
            return False
        return (base, _size_or_missing(journal_path(path))) == self.version

    def save(self, path: Path) -> None:
        """Record the changes since the last load or save: appended to the journal when
        they are few, else a new base written atomically (and the journal dropped)."""
        saved = self._saved
        changed = [(p, e) for p, e in self.files.items() if saved.get(p) is not e]
        gone = saved.keys() - self.files.keys()
        count = len(changed) + len(gone)
        if not count and self.version is not None:
            return
        allowed = max(JOURNAL_MIN, len(self.files) // JOURNAL_SHARE)
        if self._base_id is not None and self._journal_lines + count <= allowed:
            lines = [["set", p, e.size, e.mtime_ns, e.digest] for p, e in changed]
            lines += [["del", p] for p in sorted(gone)]
            self._append(journal_path(path), lines)
            self._journal_lines += count
        else:
            self._rewrite(path)
        self._saved = dict(self.files)
        with contextlib.suppress(OSError):
            self.version = (_stat_key(os.stat(path)), _size_or_missing(journal_path(path)))

    def _rewrite(self, path: Path) -> None:
        base_id = secrets.token_hex(8)
        data = {
            "id": base_id,
            "files": {p: [e.size, e.mtime_ns, e.digest] for p, e in self.files.items()},
        }
        atomic_write(path, json.dumps(data, ensure_ascii=False, separators=(",", ":")))
        with contextlib.suppress(FileNotFoundError):
            os.unlink(journal_path(path))
        self._base_id = base_id
        self._journal_lines = 0

    def _append(self, journal: Path, lines: list[list[Any]]) -> None:
        text = "".join(_encode(line) for line in lines)
        fd = os.open(journal, os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_CLOEXEC, 0o600)
        try:
            if os.fstat(fd).st_size == 0:
                text = _encode(["base", self._base_id]) + text
            os.write(fd, text.encode("utf-8", "surrogateescape"))
            os.fsync(fd)
        finally:
            os.close(fd)


def journal_path(path: Path) -> Path:
    """The journal beside the manifest base at `path`."""
    return path.with_suffix(".journal")


def _encode(line: list[Any]) -> str:
    return json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n"


def _decode(line: bytes) -> Any:
    try:
        return json.loads(line.decode("utf-8", "surrogateescape"))
    except ValueError:
        return None


def _stat_key(info: os.stat_result) -> tuple[int, int, int]:
    return (info.st_ino, info.st_size, info.st_mtime_ns)


def _size_or_missing(path: Path) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return -1


def atomic_write(path: Path, text: str) -> None:
    """Write `text` to `path` so that a crash leaves the old or the new file, whole."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", errors="surrogateescape") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
