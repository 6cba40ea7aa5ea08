"""Find the readable files of a corpus folder, read them safely, parse title/date/body.

The corpus is read-only to us: files and folders are opened for reading only (without
updating their access time where the system allows it); nothing there is created, locked
or changed. `scan` only lists and stats; `load` reads one file, never raising; `parse` is
the pure bytes -> `Document` step both use.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import errno
import hashlib
import os
import re
import stat
from collections.abc import Collection, Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from tuireader.core.decoding import SNIFF_BYTES, cut_partial_utf8, decode, looks_wide
from tuireader.core.html_text import extract
from tuireader.core.models import Document, Skipped

MAX_BYTES = 8 * 1024 * 1024
"""Read at most this much of a file; the rest is left out with a note on the document."""

MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
READABLE_SUFFIXES = frozenset({".txt"}) | MARKDOWN_SUFFIXES | HTML_SUFFIXES
"""File types scan() offers for reading (compared case-insensitively)."""
_PLAIN_SUFFIXES = frozenset(suffix[1:] for suffix in READABLE_SUFFIXES)

_NOATIME = getattr(os, "O_NOATIME", 0)
_READ_FLAGS = os.O_RDONLY | os.O_CLOEXEC | os.O_NONBLOCK | os.O_NOCTTY
_SEED = re.compile(r"[ \t]*date:?[ \t]+([0-9]{4}-[0-9]{2}-[0-9]{2})(?:[ \t]+(.*))?\Z", re.I)
_BLANK_LINES = re.compile(r"(?:[ \t]*\n)+")
_FRONT_OPEN = re.compile(r"---[ \t]*\n")
_FRONT_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.M)
_FRONT_KEY = re.compile(r"^(title|date)[ \t]*:(.*)$", re.M | re.I)
_MD_LINE = re.compile(r"^ {0,3}(?:(?P<fence>`{3,}|~{3,})|#[ \t]+(?P<heading>.*))", re.M)
_ISO_DATE = re.compile(r"([0-9]{4})[-/.]([0-9]{1,2})[-/.]([0-9]{1,2})(?![0-9])")
_COMPACT_DATE = re.compile(r"([0-9]{4})([0-9]{2})([0-9]{2})(?![0-9])")
_MONTH_FIRST = re.compile(r"([a-z]{3,9})\.? ([0-9]{1,2})(?:st|nd|rd|th)?,? ([0-9]{4})", re.I)
_DAY_FIRST = re.compile(r"([0-9]{1,2})(?:st|nd|rd|th)? ([a-z]{3,9})\.?,? ([0-9]{4})", re.I)
_MONTHS = "january february march april may june july august september october november december"
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True, slots=True)
class FileEntry:
    """A candidate file found by scan(): stat only, not read."""

    path: str
    """Relative to the corpus, `/` separators; `corpus / path` opens it (may hold surrogates)."""
    size: int
    mtime_ns: int


@dataclass(frozen=True, slots=True)
class ScanResult:
    """What a scan of the corpus found."""

    files: tuple[FileEntry, ...]
    """Readable-type files, sorted by path."""
    ignored: int
    """Files of other types and hidden files/folders: counted, not read, no warning."""
    skipped: tuple[Skipped, ...]
    """Things that could not be listed or followed, with the reason."""


@dataclass(frozen=True, slots=True)
class Loaded:
    """The outcome of reading one file: a document, or the reason it was skipped."""

    document: Document | None
    skipped: Skipped | None
    digest: str
    """Hex blake2b (16 bytes) of the raw bytes read; "" when nothing could be read."""


class _Refused(Exception):
    """A path load() will not read (outside the corpus, not a regular file)."""


# -- scanning ----------------------------------------------------------------------------


def readable_type(name: str) -> bool:
    """Whether a file name has one of the extensions tuireader reads."""
    stem, dot, suffix = name.rpartition(".")
    if suffix in _PLAIN_SUFFIXES:  # the common case, without lower() and the set of dots
        return stem.strip(".") != ""
    # as os.path.splitext: a leading dot ("".txt") is no extension
    return bool(dot) and stem.strip(".") != "" and "." + suffix.lower() in READABLE_SUFFIXES


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def relative_path(path: str, root: str) -> str | None:
    """`path` (absolute) relative to the folder `root`, with `/` separators, as the index
    keys files; None for `root` itself and for paths outside it."""
    path = os.path.normpath(path)
    if path == root or not _inside(path, root):
        return None
    return path[len(root.rstrip(os.sep)) + 1 :].replace(os.sep, "/")


def _reason(exc: OSError, *, reading: bool = False) -> str:
    if isinstance(exc, FileNotFoundError):
        return "vanished while reading" if reading else "vanished while scanning"
    if isinstance(exc, PermissionError):
        return "permission denied"
    if exc.errno == errno.ELOOP:
        return "symlink loop"
    if exc.errno == errno.ENAMETOOLONG:
        return "path too long"
    if isinstance(exc, IsADirectoryError):
        return "is a folder"
    return (exc.strerror or type(exc).__name__).lower()[:80]


def _open_folder(path: str) -> int:
    flags = os.O_RDONLY | os.O_CLOEXEC | os.O_DIRECTORY
    try:
        return os.open(path, flags | _NOATIME)
    except PermissionError:
        if not _NOATIME:
            raise
        return os.open(path, flags)  # O_NOATIME needs ownership; plain read is fine


class _Walk:
    """The state of one scan: what was found so far and the folders still to list."""

    def __init__(self, root: str) -> None:
        self.root = root
        self.files: list[FileEntry] = []
        self.skipped: list[Skipped] = []
        self.ignored = 0
        self.todo: list[tuple[str, str]] = [(root, "")]

    def folder(self, folder: str, prefix: str) -> None:
        fd = _open_folder(folder)
        try:
            with os.scandir(fd) as entries:
                for entry in entries:
                    # The common case first (a plain file with an ASCII name, its type
                    # known from the folder listing), without the checks of `entry`: this
                    # loop is most of the time of re-opening a large unchanged corpus.
                    name = entry.name
                    if (
                        name.isascii()
                        and name[0] != "."
                        and entry.is_file(follow_symlinks=False)
                        and readable_type(name)
                    ):
                        self.file(entry, prefix + name)
                    else:
                        self.entry(entry, folder, prefix)
        finally:
            os.close(fd)

    def entry(self, entry: os.DirEntry[str], folder: str, prefix: str) -> None:
        name = entry.name
        rel = prefix + name
        if name.startswith("."):
            self.ignored += 1
            return
        try:
            if (
                not name.isascii()
                and _SURROGATE.search(name)
                and (entry.is_dir() or readable_type(name))
            ):
                # The index stores paths as UTF-8 text: such a name cannot be kept.
                self.skipped.append(Skipped(rel, "name is not valid UTF-8"))
                return
            if entry.is_symlink():
                self.symlink(os.path.join(folder, name), rel, folder)
                return
            if entry.is_dir(follow_symlinks=False):
                self.todo.append((os.path.join(folder, name), rel + "/"))
                return
        except OSError as exc:
            self.skipped.append(Skipped(rel, _reason(exc)))
            return
        if readable_type(name):
            self.file(entry, rel)
        else:
            self.ignored += 1

    def path(self, full: str, rel: str, folder: str, info: os.stat_result) -> None:
        """What `entry` does, for a path known by its lstat instead of a folder listing."""
        name = rel.rpartition("/")[2]
        mode = info.st_mode
        if (
            not name.isascii()
            and _SURROGATE.search(name)
            and (stat.S_ISDIR(mode) or readable_type(name))
        ):
            self.skipped.append(Skipped(rel, "name is not valid UTF-8"))
        elif stat.S_ISLNK(mode):
            self.symlink(full, rel, folder)
        elif stat.S_ISDIR(mode):
            self.todo.append((full, rel + "/"))
        elif not readable_type(name):
            self.ignored += 1
        elif stat.S_ISREG(mode):
            self.files.append(FileEntry(rel, info.st_size, info.st_mtime_ns))
        else:
            self.skipped.append(Skipped(rel, "not a regular file"))

    def file(self, entry: os.DirEntry[str], rel: str) -> None:
        """Record a readable-type file (not a symlink) by its stat."""
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError as exc:
            self.skipped.append(Skipped(rel, _reason(exc)))
            return
        if stat.S_ISREG(info.st_mode):
            self.files.append(FileEntry(rel, info.st_size, info.st_mtime_ns))
        else:
            self.skipped.append(Skipped(rel, "not a regular file"))

    def symlink(self, full: str, rel: str, folder: str) -> None:
        try:
            info = os.stat(full)
        except OSError as exc:
            reason = "broken symlink" if exc.errno in (errno.ENOENT, errno.ENOTDIR) else None
            self.skipped.append(Skipped(rel, reason or _reason(exc)))
            return
        inside = _inside(os.path.realpath(full), self.root)
        if stat.S_ISDIR(info.st_mode):
            if not inside:
                self.skipped.append(Skipped(rel, "symlink points outside the corpus"))
            elif _inside(folder, os.path.realpath(full)):
                self.skipped.append(Skipped(rel, "symlink loop"))
            # else: a folder of the corpus, listed under its own path; never twice
            return
        if not readable_type(rel):
            self.ignored += 1
        elif not inside:
            self.skipped.append(Skipped(rel, "symlink points outside the corpus"))
        elif not stat.S_ISREG(info.st_mode):
            self.skipped.append(Skipped(rel, "not a regular file"))
        else:
            self.files.append(FileEntry(rel, info.st_size, info.st_mtime_ns))


def _walk_folders(walk: _Walk) -> None:
    """List the folders waiting in `walk`, and those found in them."""
    while walk.todo:
        folder, prefix = walk.todo.pop()
        try:
            walk.folder(folder, prefix)
        except OSError as exc:
            if folder == walk.root:
                raise
            walk.skipped.append(Skipped(prefix[:-1], _reason(exc)))


def scan(corpus: Path) -> ScanResult:
    """List the readable-type files under `corpus` (stat only; nothing is read).

    The walk is iterative, skips hidden names, and never follows a folder symlink (one
    inside the corpus is listed under its own path anyway). A file symlink counts only
    when its target is inside the corpus. Raises OSError only when the corpus folder itself
    cannot be listed, so that a missing corpus is never mistaken for an empty one.
    """
    walk = _Walk(os.path.realpath(os.fspath(corpus)))
    _walk_folders(walk)
    walk.files.sort(key=lambda entry: entry.path)
    walk.skipped.sort(key=lambda item: item.path)
    return ScanResult(tuple(walk.files), walk.ignored, tuple(walk.skipped))


@dataclass(frozen=True, slots=True)
class Scope:
    """The part of a corpus that `scan_paths` looked at: some paths, and the folders among
    them (or paths that are gone and may have been folders), whose files it covers too."""

    paths: frozenset[str]
    folders: tuple[str, ...]
    """Each ends with `/`."""

    def covered(self, known: Collection[str]) -> set[str]:
        """Those of the `known` paths (files once indexed) inside this scope."""
        if not self.folders:  # a few files: no need to look at every known path
            return {p for p in self.paths if p in known}
        return {p for p in known if p in self.paths or p.startswith(self.folders)}


def scan_paths(corpus: Path, paths: Iterable[str]) -> tuple[ScanResult, Scope]:
    """Like `scan`, for the given paths only (relative to `corpus`, as a folder watch
    reports them); a folder among them is walked whole. Paths outside the corpus, hidden
    ones and those under a folder symlink are left out (a full `scan` would not list them
    there either); a path that does not exist is part of the scope: its file, or the files
    of the folder it was, are gone. Raises OSError when the corpus folder itself cannot be
    listed."""
    root = os.path.realpath(os.fspath(corpus))
    # As `scan`: a corpus folder that cannot be listed (unmounted, removed) raises, so
    # that its files are never taken for deleted ones.
    os.close(_open_folder(root))
    walk = _Walk(root)
    walk.todo.clear()
    wanted: set[str] = set()
    folders: list[str] = []
    for raw in paths:
        rel = raw.strip("/")
        parts = rel.split("/")
        if not rel or any(part in ("", ".", "..") or part.startswith(".") for part in parts):
            continue
        full = os.path.join(root, rel)
        parent = os.path.dirname(full)
        if os.path.realpath(parent) != parent:
            continue  # under a folder symlink: a full scan lists it under its real path
        wanted.add(rel)
        try:
            info = os.lstat(full)
        except FileNotFoundError:
            folders.append(rel + "/")
            continue
        except OSError as exc:
            walk.skipped.append(Skipped(rel, _reason(exc)))
            continue
        walk.path(full, rel, parent, info)
        if stat.S_ISDIR(info.st_mode):
            folders.append(rel + "/")
    _walk_folders(walk)
    found = {entry.path: entry for entry in walk.files}  # a file named twice counts once
    files = sorted(found.values(), key=lambda entry: entry.path)
    walk.skipped.sort(key=lambda item: item.path)
    result = ScanResult(tuple(files), walk.ignored, tuple(walk.skipped))
    return result, Scope(frozenset(wanted), tuple(folders))


# -- loading -----------------------------------------------------------------------------


def _read(corpus: Path, path: str) -> tuple[bytes, int]:
    """At most MAX_BYTES of `corpus / path`, and the file's full size."""
    full = os.path.join(os.fspath(corpus), path)
    if not _inside(os.path.realpath(full), os.path.realpath(os.fspath(corpus))):
        link = os.path.islink(full)
        raise _Refused("symlink points outside the corpus" if link else "outside the corpus")
    try:
        fd = os.open(full, _READ_FLAGS | _NOATIME)
    except PermissionError:
        if not _NOATIME:
            raise
        fd = os.open(full, _READ_FLAGS)
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise _Refused("is a folder")
        if not stat.S_ISREG(info.st_mode):
            raise _Refused("not a regular file")
        limit = MAX_BYTES
        chunks: list[bytes] = []
        remaining = limit + 1  # one byte more tells whether there was more
        while remaining > 0:
            chunk = os.read(fd, min(remaining, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
    finally:
        os.close(fd)
    data = b"".join(chunks)
    return data[:limit], max(info.st_size, len(data))


def _size(count: int) -> str:
    for unit, scale in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if count >= scale:
            return f"{count / scale:.1f}".removesuffix(".0") + f" {unit}"
    return f"{count} bytes"


def load(corpus: Path, entry: FileEntry | str) -> Loaded:
    """Read and parse one file of the corpus; never raises for any content or OS error."""
    path = entry.path if isinstance(entry, FileEntry) else entry
    try:
        data, size = _read(corpus, path)
    except _Refused as exc:
        return Loaded(None, Skipped(path, str(exc)), "")
    except FileNotFoundError as exc:
        full = os.path.join(os.fspath(corpus), path)
        reason = "broken symlink" if os.path.islink(full) else _reason(exc, reading=True)
        return Loaded(None, Skipped(path, reason), "")
    except OSError as exc:
        return Loaded(None, Skipped(path, _reason(exc, reading=True)), "")
    except ValueError:  # a NUL in the name
        return Loaded(None, Skipped(path, "invalid file name"), "")
    digest = file_digest(data)
    if b"\0" in data[:SNIFF_BYTES] and looks_wide(data) is None:
        return Loaded(None, Skipped(path, "binary file"), digest)
    try:
        document = parse(cut_partial_utf8(data) if size > len(data) else data, path)
    except Exception as exc:  # a parser bug must not stop an index run
        return Loaded(None, Skipped(path, f"could not parse ({type(exc).__name__})"), digest)
    if size > len(data):
        note = f"truncated at {_size(len(data))} of {_size(size)}"
        document = replace(document, notes=(*document.notes, note))
    return Loaded(document, None, digest)


def file_digest(data: bytes) -> str:
    """Hex blake2b (digest_size=16) of raw file bytes: the index's change detector."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


# -- parsing -----------------------------------------------------------------------------


def _iso(year: str, month: str, day: str) -> dt.date | None:
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return None


def parse_date(value: str) -> dt.date | None:
    """A date from ISO 8601, RFC 2822 or "June 28, 2023" / "28 June 2023"; else None."""
    value = value.strip()[:64]
    found = _ISO_DATE.match(value) or _COMPACT_DATE.match(value)
    if found:
        return _iso(*found.groups())
    try:
        return email.utils.parsedate_to_datetime(value).date()
    except (TypeError, ValueError, IndexError, OverflowError):
        pass
    found = _MONTH_FIRST.search(value)
    if found and (month := _month(found.group(1))):
        return _iso(found.group(3), month, found.group(2))
    found = _DAY_FIRST.search(value)
    if found and (month := _month(found.group(2))):
        return _iso(found.group(3), month, found.group(1))
    return None


def _month(word: str) -> str:
    """The month number ("1".."12") of an English month name or abbreviation, else ""."""
    word = word.lower()
    for number, name in enumerate(_MONTHS.split(), start=1):
        if name.startswith(word):
            return str(number)
    return ""


def _stem(path: str) -> str:
    """The file name without its extension, fit for display."""
    name = path.rsplit("/", 1)[-1]
    return _SURROGATE.sub("\ufffd", os.path.splitext(name)[0] or name)


def _strip_blank_lines(text: str) -> str:
    found = _BLANK_LINES.match(text)
    return text[found.end() :] if found else text


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        inner = value[1:-1]
        return inner.replace('\\"', '"') if value[0] == '"' else inner.replace("''", "'")
    comment = value.find(" #")
    return value[:comment].rstrip() if comment >= 0 else value


def _heading(text: str) -> str:
    """The first `# heading` of Markdown text outside code fences ("" if none)."""
    fence = ""
    for found in _MD_LINE.finditer(text):
        marker = found.group("fence")
        if marker:
            if not fence:
                fence = marker[0]
            elif marker[0] == fence:
                fence = ""
        elif not fence:
            heading = found.group("heading").rstrip()
            closed = heading.rstrip("#")
            if closed != heading and (not closed or closed[-1] in " \t"):
                heading = closed.rstrip()
            if heading:
                return heading
    return ""


def _markdown(text: str, path: str) -> Document:
    title, date, body = "", None, text
    opening = _FRONT_OPEN.match(text)
    closing = _FRONT_CLOSE.search(text, opening.end()) if opening else None
    if opening and closing:
        for found in _FRONT_KEY.finditer(text, opening.end(), closing.start()):
            key, value = found.group(1).lower(), _unquote(found.group(2))
            if key == "title" and not title:
                title = value
            elif key == "date" and date is None:
                date = parse_date(value)
        body = _strip_blank_lines(text[closing.end() :].removeprefix("\n"))
    title = title or _heading(body) or _stem(path)
    return Document(path=path, title=title, date=date, body=body, format="markdown")


def _html(text: str, path: str) -> Document:
    page = extract(text)
    date = next((d for d in map(parse_date, page.dates) if d is not None), None)
    title = page.title or _stem(path)
    return Document(path=path, title=title, date=date, body=page.body, format="html")


def _plain(text: str, path: str) -> Document:
    first, _, rest = text.partition("\n")
    header = _SEED.match(first)
    if header is None:
        return Document(path=path, title=_stem(path), date=None, body=text, format="text")
    title = (header.group(2) or "").strip() or _stem(path)
    date = _iso(*header.group(1).split("-"))
    return Document(path, title, date, _strip_blank_lines(rest), "seed")


def parse(data: bytes, path: str) -> Document:
    """Decode and parse one file's bytes by its extension: pure and deterministic."""
    text = decode(data)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    suffix = os.path.splitext(path.rsplit("/", 1)[-1])[1].lower()
    if suffix in MARKDOWN_SUFFIXES:
        return _markdown(text, path)
    if suffix in HTML_SUFFIXES:
        return _html(text, path)
    return _plain(text, path)
