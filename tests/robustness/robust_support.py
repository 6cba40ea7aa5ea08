"""Helpers of the robustness suite: hostile corpus generators, CLI runner, output checks.

Everything hostile is generated here at test time (nothing binary is committed). Paths
are handled as bytes where a name may not be UTF-8.
"""

from __future__ import annotations

import codecs
import contextlib
import hashlib
import json
import os
import random
import re
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]

FIGURES: dict[str, str] = {}
"""Measured figures (peak RSS, worst query time ...) printed at the end of the run."""

MARKUP = "[bold]B[/] [link=file:///etc/passwd]x[/link] [@click=app.quit]quit[/]"
"""Rich/Textual markup that must show as literal characters."""

ESCAPES = (
    "\x1b[31mred\x1b[0m \x1b]0;pwned-title\x07 \x1b]52;c;ZWNobyBwd25lZA==\x07 \x1b[2J"
    " \x1b[?1049h \x1bP+q\x1b\\ \x9b31m"
)
"""ANSI CSI, OSC title and clipboard writes, clear screen, alt screen, DCS, C1 CSI."""

CONTROLS = "bare\rcarriage back\x08\x08space bell\x07 vt\x0b ff\x0c del\x7f c1\x85\x90\x9d"
UNICODE_TRICKS = (
    "bidi \u202eevil\u202c zero\u200bwidth\u200d\ufeff comb e\u0301\u0308\u0327 "
    "wide 中文字符 emoji 😀👩‍👩‍👧 line\u2028sep para\u2029sep"
)


# -- the hostile corpus ------------------------------------------------------------------


@dataclass(frozen=True)
class HostileCorpus:
    """A generated hostile corpus and what a correct indexer must do with it."""

    root: Path
    outside: Path
    """A folder outside the corpus that symlinks point into (must never be indexed)."""
    words: Mapping[str, str]
    """Unique search word -> relative path of the document that holds it."""
    skipped: Mapping[str, str]
    """Relative path (str, surrogateescape) -> a word expected in its skip reason."""


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def _seed(title: str, body: str) -> bytes:
    return f"date: 2023-03-04 {title}\n\n{body}\n".encode("utf-8", "surrogatepass")


def make_hostile_corpus(base: Path) -> HostileCorpus:
    """Write the adversarial corpus under `base/corpus` (and `base/outside`)."""
    root = base / "corpus"
    outside = base / "outside"
    root.mkdir(parents=True)
    outside.mkdir()
    (outside / "secret.txt").write_text("OUTSIDESECRET must never be indexed\n")
    (outside / "dir").mkdir()
    (outside / "dir" / "inner.txt").write_text("OUTSIDEDIRSECRET\n")
    words: dict[str, str] = {}
    skipped: dict[str, str] = {}

    def doc(rel: str, data: bytes, word: str | None = None) -> None:
        _write(root / rel, data)
        if word:
            words[word] = rel

    # Markup in body, title and name.
    doc(
        "markup.txt",
        _seed(f"Markup {MARKUP}", f"markupword {MARKUP} [red on white]x[/] [/bold]"),
        "markupword",
    )
    doc(
        "markup.md",
        f"# Heading {MARKUP}\n\nmdmarkupword {MARKUP}\n".encode(),
        "mdmarkupword",
    )
    doc(
        "markup.html",
        (
            f"<html><head><title>T {MARKUP} \x1b[31m</title></head>"
            f"<body><p>htmlmarkupword {MARKUP}</p><script>x=1</script>"
            f"<p>&#27;[31m &#x1b;]0;t&#7; &#0; &#xd800; &#x202e;</p></body></html>"
        ).encode(),
        "htmlmarkupword",
    )
    doc("[bold]named[@click=app.quit].txt", b"namemarkupword\n", "namemarkupword")
    # Escapes and controls in body and title.
    doc(
        "escapes.txt",
        _seed(f"Esc {ESCAPES} {CONTROLS}", f"escword {ESCAPES}\n{CONTROLS}\n{UNICODE_TRICKS}"),
        "escword",
    )
    doc(
        "controls.md",
        f'---\ntitle: "{ESCAPES}"\ndate: 2023-01-02\n---\nctlword {CONTROLS}\n'.encode(),
        "ctlword",
    )
    doc("unicode.txt", f"uniword {UNICODE_TRICKS}\n".encode(), "uniword")
    all_c0_c1 = "".join(chr(c) for c in [*range(1, 32), *range(0x7F, 0xA0)])
    doc("allcontrols.txt", f"allctlword {all_c0_c1}\n".encode(), "allctlword")
    # A NUL after the binary sniff window: decoded, NULs removed.
    doc("latenul.txt", b"latenulword " + b"x " * 6000 + b"\0\0 tail\n", "latenulword")
    # Lone surrogates as bytes (CESU-style) inside otherwise valid UTF-8.
    doc("surrogate.txt", b"surrword caf\xc3\xa9 \xed\xa0\x80 \xed\xbf\xbf end\n", "surrword")
    # Encodings.
    doc("utf16bom.txt", "utfsixteenbom café\n".encode("utf-16"), "utfsixteenbom")
    doc("utf16le.txt", "utfsixteenle café naïve\n".encode("utf-16-le"), "utfsixteenle")
    doc("utf16be.txt", "utfsixteenbe café naïve\n".encode("utf-16-be"), "utfsixteenbe")
    doc("utf8bom.txt", codecs.BOM_UTF8 + _seed("Bom title", "utfeightbom"), "utfeightbom")
    doc(
        "latin1.txt",
        "latinword café crème brûlée déjà vu, à la française\n".encode("latin-1"),
        "latinword",
    )
    doc(
        "cp1252.txt",
        "cpword “smart quotes” – 5 € – naïve façade\n".encode("cp1252"),
        "cpword",
    )
    doc("invalid.txt", b"invalidword ok \xff\xfe\xfd\xc3( \x80\x81 end\n", "invalidword")
    rng = random.Random(6)
    _write(root / "binary.txt", b"\x7fELF\x02\x01\x01\0" + rng.randbytes(4096))
    skipped["binary.txt"] = "binary"
    # NULs in a regular pattern read as UTF-16 by the no-BOM heuristic: indexed, not skipped.
    _write(root / "nul.md", b"nul\0nul\0" * 100)
    # Empty and near-empty.
    doc("empty.txt", b"")
    doc("empty.md", b"")
    doc("header-only.txt", b"date: 2023-01-01 Only a header\n")
    doc("header-only-noeol.txt", b"date: 2023-01-01 Header without newline")
    doc("frontmatter-only.md", b"---\ntitle: x\n---\n")
    doc("unclosed-frontmatter.md", b"---\ntitle: never closed\nunclosedfm\n", "unclosedfm")
    doc("blank.txt", b"\n\n \t\n\r\n")
    doc("crlf.txt", b"date: 2023-01-01 CRLF\r\n\r\ncrlfword\r\nmore\r\n", "crlfword")
    # Names.
    doc("with spaces/a file name.txt", b"spacenameword\n", "spacenameword")
    doc("new\nline.txt", b"newlinenameword\n", "newlinenameword")
    doc("tab\tname.txt", b"tabnameword\n", "tabnameword")
    doc("esc\x1b[31mname\x07.txt", b"escnameword\n", "escnameword")
    doc("cr\rname.txt", b"crnameword\n", "crnameword")
    doc("[brackets] (1).txt", b"bracketnameword\n", "bracketnameword")
    doc("rtl\u202etxt.exe.txt", b"rtlnameword\n", "rtlnameword")
    doc("日本語のファイル.txt", "cjknameword 日本語\n".encode(), "cjknameword")
    doc("UPPER.TXT", b"uppersuffixword\n", "uppersuffixword")
    bad_name = os.fsdecode(b"bad\xff\xfename.txt")
    doc(bad_name, b"badbytesnameword\n")
    skipped[bad_name] = "not valid UTF-8"  # the index keeps paths as UTF-8 text
    # Deep nesting.
    deep = "/".join(["d"] * 60)
    doc(f"{deep}/deep.txt", b"deepword\n", "deepword")
    # Symlinks.
    doc("real/target.txt", b"targetword\n", "targetword")
    os.symlink("real/target.txt", root / "link-to-file.txt")
    os.symlink("real", root / "link-to-folder")
    os.symlink(".", root / "loop")
    (root / "sub").mkdir()
    os.symlink("..", root / "sub" / "up")
    os.symlink(outside / "secret.txt", root / "outside-link.txt")
    skipped["outside-link.txt"] = "outside"
    os.symlink(outside / "dir", root / "outside-dir")
    skipped["outside-dir"] = "outside"
    os.symlink("does-not-exist.txt", root / "broken.txt")
    skipped["broken.txt"] = "broken"
    os.symlink("self-loop.txt", root / "self-loop.txt")
    skipped["self-loop.txt"] = "loop"
    # Not regular files.
    os.mkfifo(root / "fifo.txt")
    skipped["fifo.txt"] = "regular"
    (root / "folder.txt").mkdir()
    doc("folder.txt/inside.txt", b"folderdotword\n", "folderdotword")
    # People and organisations, some wrapped in escapes and markup.
    doc(
        "entities.txt",
        _seed(
            "Entities",
            "entword Hun Sen met Sam Rainsy in Phnom Penh. [bold]Kem Sokha[/bold] spoke to "
            "\x1b[31mSam Rainsy\x1b[0m and the Cambodia National Rescue Party (CNRP). "
            "Sam Rainsy\x1b]0;owned\x07 left. Hun Sen stayed.",
        ),
        "entword",
    )
    # Hidden and other types: ignored silently.
    doc(".hidden.txt", b"HIDDENSECRET\n")
    doc("image.png", b"\x89PNG\r\n\x1a\n" + rng.randbytes(64))
    return HostileCorpus(root, outside, words, skipped)


# -- snapshots of a tree -----------------------------------------------------------------


def tree_snapshot(root: Path) -> dict[bytes, tuple[Any, ...]]:
    """Every entry under `root` (bytes path) -> type, mode, size, mtime, content/target."""
    out: dict[bytes, tuple[Any, ...]] = {}
    base = os.fsencode(root)
    for folder, dirs, files in os.walk(base, followlinks=False):
        for name in dirs + files:
            full = os.path.join(folder, name)
            info = os.lstat(full)
            rel = os.path.relpath(full, base)
            if stat.S_ISLNK(info.st_mode):
                content: Any = os.readlink(full)
            elif stat.S_ISREG(info.st_mode):
                digest = hashlib.sha256()
                with open(full, "rb") as handle:
                    for block in iter(lambda h=handle: h.read(1 << 20), b""):
                        digest.update(block)
                content = digest.hexdigest()
            else:
                content = None
            out[rel] = (
                stat.S_IFMT(info.st_mode),
                stat.S_IMODE(info.st_mode),
                info.st_size if not stat.S_ISDIR(info.st_mode) else None,
                info.st_mtime_ns,
                content,
            )
    return out


# -- running the CLI ---------------------------------------------------------------------


def cli_env(tmp: Path, **extra: str) -> dict[str, str]:
    """An environment that keeps every tuireader location inside `tmp`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TUIREADER_", "FORCE_"))}
    env.update(
        TUIREADER_CONFIG_DIR=str(tmp / "config"),
        XDG_CACHE_HOME=str(tmp / "xdg-cache"),
        XDG_CONFIG_HOME=str(tmp / "xdg-config"),
        COLUMNS="200",
        NO_COLOR="1",
        PYTHONFAULTHANDLER="1",
    )
    env.pop("NO_COLOR") if "FORCE_COLOR" in extra else None
    env.update(extra)
    return env


@dataclass(frozen=True)
class CliRun:
    """One finished CLI run."""

    args: tuple[str, ...]
    code: int
    stdout: bytes
    stderr: bytes
    seconds: float
    max_rss_kib: int

    @property
    def out(self) -> str:
        return self.stdout.decode("utf-8", "replace")

    @property
    def err(self) -> str:
        return self.stderr.decode("utf-8", "replace")

    def describe(self) -> str:
        return (
            f"tuireader {' '.join(map(repr, self.args))} -> {self.code}\n"
            f"--- stdout ---\n{self.out[-3000:]}\n--- stderr ---\n{self.err[-3000:]}"
        )


def tuireader_cmd() -> list[str]:
    """How to start the CLI with the interpreter running the tests."""
    return [sys.executable, "-m", "tuireader"]


def run_cli(
    args: Sequence[str | os.PathLike[str]],
    env: Mapping[str, str],
    *,
    timeout: float = 120,
    cwd: Path | None = None,
    user: int | None = None,
) -> CliRun:
    """Run `tuireader ARGS` to completion, sampling the peak RSS of it and its children.

    Not `wait4`'s ru_maxrss: it also counts the pages the child shared with this (large)
    test process between fork and exec, so every run reported the test process's size.
    """
    argv = [os.fspath(a) for a in args]
    started = time.perf_counter()
    proc = subprocess.Popen(
        [*tuireader_cmd(), *argv],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=dict(env),
        cwd=cwd,
        user=user,
    )
    sampler = _RssSampler(proc.pid)
    sampler.start()
    try:
        stdout, stderr = _communicate(proc, timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        raise AssertionError(f"tuireader {argv} hung for more than {timeout} s") from None
    finally:
        sampler.stop()
    _, status, _usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return CliRun(
        tuple(argv),
        proc.returncode,
        stdout,
        stderr,
        time.perf_counter() - started,
        sampler.peak_kib,
    )


class _RssSampler(threading.Thread):
    """Every 20 ms, the summed RSS of a tuireader process and its descendants (its NER
    workers); the largest sum seen. Samples before the child has exec'd are skipped."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak_kib = 0
        self._stop_event = threading.Event()

    def stop(self) -> None:
        self._stop_event.set()
        self.join(timeout=5)

    def run(self) -> None:
        import psutil

        try:
            root = psutil.Process(self.pid)
        except psutil.Error:
            return
        while not self._stop_event.wait(0.02):
            try:
                if "tuireader" not in " ".join(root.cmdline()):
                    continue  # still the forked copy of this test process
                tree = [root, *root.children(recursive=True)]
                total = 0
                for process in tree:
                    with contextlib.suppress(psutil.Error):
                        total += process.memory_info().rss
            except psutil.Error:
                return
            self.peak_kib = max(self.peak_kib, total // 1024)


def _communicate(proc: subprocess.Popen[bytes], timeout: float) -> tuple[bytes, bytes]:
    """Read both pipes to the end without reaping the child (wait4 does that)."""
    import threading

    chunks: dict[str, bytes] = {}

    def pump(name: str, stream: Any) -> None:
        chunks[name] = stream.read()
        stream.close()

    threads = [
        threading.Thread(target=pump, args=("out", proc.stdout), daemon=True),
        threading.Thread(target=pump, args=("err", proc.stderr), daemon=True),
    ]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + timeout
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))
        if thread.is_alive():
            raise subprocess.TimeoutExpired(proc.args, timeout)
    return chunks["out"], chunks["err"]


# -- output checks -----------------------------------------------------------------------

_SGR = re.compile(rb"\x1b\[[0-9;]*m")
_C1 = re.compile("[\x80-\x9f]")
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")


def assert_terminal_safe(data: bytes, *, what: str, allow_sgr: bool = False) -> None:
    """No byte of `data` may drive a terminal: only \\n and \\t among C0, no DEL, no C1,
    no bidi override; when `allow_sgr`, Rich's own colour codes (ESC [ ... m) are allowed."""
    rest = _SGR.sub(b"", data) if allow_sgr else data
    bad = sorted({b for b in rest if (b < 0x20 and b not in (0x0A, 0x09)) or b == 0x7F})
    assert not bad, f"{what}: raw control bytes {[hex(b) for b in bad]} in {data[:2000]!r}"
    text = rest.decode("utf-8", "surrogateescape")
    assert not _C1.search(text), f"{what}: C1 control in {text[:2000]!r}"
    assert not _BIDI.search(text), f"{what}: bidi override in {text[:2000]!r}"
    assert not re.search("[\udc80-\udcff]", text), (
        f"{what}: output is not valid UTF-8: {data[:2000]!r}"
    )
    assert "Traceback (most recent call last)" not in text, f"{what}: traceback\n{text}"


def assert_no_traceback(run: CliRun) -> None:
    """The run printed no Python traceback on either stream."""
    for name, data in (("stdout", run.stdout), ("stderr", run.stderr)):
        assert b"Traceback (most recent call last)" not in data, f"{name}\n{run.describe()}"


def search_paths(run: CliRun) -> list[str]:
    """The hit paths of a `search --json` run."""
    data = json.loads(run.stdout)
    return [hit["path"] for hit in data["hits"]]
