"""Reading a corpus folder: scan (stat only), load (never raises), parse and decode."""

from __future__ import annotations

import codecs
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tuireader.core import documents
from tuireader.core.documents import (
    FileEntry,
    decode,
    file_digest,
    load,
    parse,
    parse_date,
    scan,
)
from tuireader.core.models import Document, Skipped

SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_a6314058f7e748a2.txt"


def make(root: Path, rel: str | bytes, data: bytes | str = b"word\n") -> Path:
    """Write a file under `root` (a bytes name may hold non-UTF-8 bytes)."""
    raw = data.encode() if isinstance(data, str) else data
    target = os.path.join(os.fsencode(root), os.fsencode(rel))
    os.makedirs(os.path.dirname(target), exist_ok=True)
    with open(target, "wb") as out:
        out.write(raw)
    return Path(os.fsdecode(target))


def skip_reasons(result: documents.ScanResult) -> dict[str, str]:
    return {item.path: item.reason for item in result.skipped}


def loaded_document(corpus: Path, path: str) -> Document:
    result = load(corpus, path)
    assert result.skipped is None, result.skipped
    assert result.document is not None
    return result.document


# -- the seed layout -------------------------------------------------------------------


def test_the_seed_document() -> None:
    doc = parse(SEED.read_bytes(), SEED.name)
    assert doc.title == "Cambodian PM says no to release of political prisoners"
    assert doc.date == dt.date(2023, 6, 28)
    assert doc.body.startswith("Call to free 60 jailed activists")
    assert doc.format == "seed"
    assert doc.path == SEED.name and doc.notes == ()


@pytest.mark.parametrize(
    "header",
    [
        " date 2017-02-07 A title",
        "date 2017-02-07 A title",
        "  DATE 2017-02-07 A title  ",
        "Date: 2017-02-07 A title",
        "\tdate\t2017-02-07\tA title",
    ],
)
def test_seed_header_is_lenient(header: str) -> None:
    doc = parse(f"{header}\n\n\nFirst line.\n\nSecond.\n".encode(), "a/n.txt")
    assert (doc.title, doc.date, doc.format) == ("A title", dt.date(2017, 2, 7), "seed")
    assert doc.body == "First line.\n\nSecond.\n"


def test_seed_with_empty_body_and_missing_title() -> None:
    doc = parse(b" date 2017-02-07 \n\n", "news_0324.txt")
    assert (doc.title, doc.date, doc.body, doc.format) == (
        "news_0324",
        dt.date(2017, 2, 7),
        "",
        "seed",
    )
    only = parse(b" date 2017-02-07 Only a header", "x.txt")
    assert (only.title, only.body) == ("Only a header", "")


def test_seed_with_an_invalid_date_keeps_the_layout() -> None:
    doc = parse(b" date 2023-02-30 Leap\n\nbody\n", "x.txt")
    assert (doc.title, doc.date, doc.body, doc.format) == ("Leap", None, "body\n", "seed")


def test_seed_header_keeps_indentation_of_the_first_body_line() -> None:
    doc = parse(b"date 2020-01-01 T\n \n\t\n    indented\n", "x.txt")
    assert doc.body == "    indented\n"


# -- markdown, html, text --------------------------------------------------------------


def test_markdown_front_matter() -> None:
    data = (
        "---\n"
        'title: "Quoted: a \\"title\\""\n'
        "author: someone\n"
        "date: 2021-03-04T10:00:00Z\n"
        "---\n"
        "\n"
        "# Heading\n\nText *as is*.\n"
    )
    doc = parse(data.encode(), "notes/a.md")
    assert doc.title == 'Quoted: a "title"'
    assert doc.date == dt.date(2021, 3, 4)
    assert doc.body == "# Heading\n\nText *as is*.\n"
    assert doc.format == "markdown"


def test_markdown_front_matter_single_quotes_comments_and_bad_date() -> None:
    doc = parse(b"---\ntitle: 'It''s here'\ndate: 2021-02-30\n---\nbody\n", "a.markdown")
    assert (doc.title, doc.date, doc.body) == ("It's here", None, "body\n")
    plain = parse(b"---\nTitle: Plain title # a comment\n---\n", "a.MD")
    assert (plain.title, plain.body, plain.format) == ("Plain title", "", "markdown")


def test_markdown_heading_outside_code_fences() -> None:
    data = b"Intro line\n\n```sh\n# not a title\n```\n\n## Sub\n\n# The Title ##\n\nText\n"
    doc = parse(data, "a.md")
    assert (doc.title, doc.date) == ("The Title", None)  # "## Sub" is not a level-1 heading
    assert doc.body == data.decode()


def test_markdown_without_title_and_unclosed_front_matter() -> None:
    doc = parse(b"just text, #nottag\n", "dir/My Notes.md")
    assert (doc.title, doc.date, doc.format) == ("My Notes", None, "markdown")
    unclosed = parse(b"---\ntitle: never closed\nbody\n", "u.md")
    assert unclosed.title == "u" and unclosed.body == "---\ntitle: never closed\nbody\n"


HTML = """<!DOCTYPE html>
<html><head>
<meta charset="utf-8">
<title>  The   &amp; Title </title>
<meta property="og:published_time" content="2019-01-02T03:04:05Z">
<meta name="date" content="not a date">
<meta name="parsely-pub-date" content="2018-05-06">
<style>body { color: red }</style>
<script>var hidden = "SCRIPTTEXT";</script>
</head>
<body>
<noscript>NOSCRIPTTEXT</noscript>
<template><p>TEMPLATETEXT</p></template>
<h1>Main   heading</h1>
<p>First   paragraph with
a line break in the source &eacute;&#233;&#x27;s &lt;tag&gt;.</p>
<div>One<br>Two</div>
<ul><li>item a</li><li>item <b>b</b></li></ul>
<table><tr><td>c1</td><td>c2</td></tr></table>
<pre>  keep
    this</pre>
<time datetime="2000-01-01">old</time>
</body></html>
"""


def test_html_text_title_and_date() -> None:
    doc = parse(HTML.encode(), "page.html")
    assert doc.title == "The & Title"
    assert doc.date == dt.date(2019, 1, 2)  # og:published_time outranks date / parsely
    assert doc.format == "html"
    for hidden in ("SCRIPTTEXT", "NOSCRIPTTEXT", "TEMPLATETEXT", "color: red", "The & Title"):
        assert hidden not in doc.body
    assert doc.body == (
        "Main heading\n\n"
        "First paragraph with a line break in the source éé's <tag>.\n\n"
        "One\nTwo\n\n"
        "item a\nitem b\n\n"
        "c1 c2\n\n"
        "  keep\n    this\n\n"
        "old"
    )


@pytest.mark.parametrize(
    ("meta", "expected"),
    [
        ('<meta property="article:published_time" content="2020-02-03T00:00:00+01:00">', (2, 3)),
        ('<meta name="DC.date.issued" content="2020/02/04">', (2, 4)),
        ('<meta name="pubdate" content="20200205">', (2, 5)),
        ('<meta itemprop="datePublished" content="2020-02-06">', (2, 6)),
        ('<span itemprop="datePublished" datetime="2020-02-07"></span>', (2, 7)),
        ('<meta name="sailthru.date" content="Sat, 08 Feb 2020 10:00:00 +0000">', (2, 8)),
        ('<meta name="parsely-pub-date" content="February 9, 2020">', (2, 9)),
        ('<script type="application/ld+json">{"datePublished": "2020-02-10"}</script>', (2, 10)),
        ("<time datetime='2020-02-11T08:00'>x</time><time datetime='1999-01-01'>y</time>", (2, 11)),
    ],
)
def test_html_date_sources(meta: str, expected: tuple[int, int]) -> None:
    doc = parse(f"<html><head>{meta}</head><body>x</body></html>".encode(), "p.htm")
    assert doc.date == dt.date(2020, *expected)


def test_html_h1_title_fallback_and_no_head() -> None:
    doc = parse(b"<h1>Only <i>heading</i></h1><p>text</p>", "x.HTML")
    assert (doc.title, doc.body, doc.date) == ("Only heading", "Only heading\n\ntext", None)
    bare = parse(b"<p>no title</p>", "dir/bare page.htm")
    assert bare.title == "bare page"


def test_html_unclosed_title_and_pre_spacing() -> None:
    doc = parse(b"<title>Broken<body><p>One</p><pre>\n x\n</pre>after", "b.html")
    assert (doc.title, doc.body) == ("Broken", "One\n\n x\n\nafter")


def test_html_hostile_markup_does_not_hang_or_raise() -> None:
    for data in (
        b"<!--" * 250_000,
        b"<a " * 300_000,
        b"</" * 400_000,
        b"<![CDATA[" * 100_000,
        b"<meta " * 150_000,
        b"<!DOCTYPE a [ <!Q> ]>hello",
    ):
        started = time.perf_counter()
        doc = parse(data, "h.html")
        assert isinstance(doc.body, str)
        assert time.perf_counter() - started < 10  # quadratic behaviour would take minutes


def test_plain_text_uses_the_file_name() -> None:
    doc = parse(b"Just some text.\nNo header here 2020-01-01.\n", "sub/Some File.v2.txt")
    assert (doc.title, doc.date, doc.format) == ("Some File.v2", None, "text")
    assert doc.body == "Just some text.\nNo header here 2020-01-01.\n"


def test_a_twenty_megabyte_line_is_quick() -> None:
    line = b"word " * 4_000_000
    for name in ("a.txt", "a.md", "a.html"):
        started = time.perf_counter()
        parse(line, name)
        parse(b"# " + b" " * 20_000_000 + b"x", name)
        parse(b"---\ntitle: a" + b" " * 20_000_000 + b"b\n---\n", name)
        assert time.perf_counter() - started < 10, name


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023-06-28", dt.date(2023, 6, 28)),
        ("2023-06-28T10:00:00+02:00", dt.date(2023, 6, 28)),
        ("2023/6/8", dt.date(2023, 6, 8)),
        ("20230628", dt.date(2023, 6, 28)),
        ("Wed, 28 Jun 2023 10:00:00 GMT", dt.date(2023, 6, 28)),
        ("June 28, 2023", dt.date(2023, 6, 28)),
        ("28th Sept. 2023", dt.date(2023, 9, 28)),
        ("2023-02-30", None),
        ("0000-01-01", None),
        ("yesterday", None),
        ("", None),
    ],
)
def test_parse_date(text: str, expected: dt.date | None) -> None:
    assert parse_date(text) == expected


# -- decoding ----------------------------------------------------------------------------

TEXT = "naïve café “quoted” – 5 €\n"


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-8"),
        codecs.BOM_UTF8 + TEXT.encode("utf-8"),
        codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"),
        TEXT.encode("utf-16-le"),
        TEXT.encode("utf-16-be"),
        codecs.BOM_UTF32_LE + TEXT.encode("utf-32-le"),
        TEXT.encode("cp1252"),
    ],
    ids=["utf8", "utf8-bom", "utf16le-bom", "utf16be-bom", "utf16le", "utf16be", "utf32", "cp1252"],
)
def test_decoding_paths(data: bytes) -> None:
    assert decode(data) == TEXT


def test_cp1252_smart_quotes_and_latin1() -> None:
    assert decode(b"He said \x93hello\x94 \x96 it\x92s") == "He said “hello” – it’s"
    assert decode(b"It\x92s") == "It’s"  # too short for a detector: not Big5 or UTF-16
    assert decode(b"caf\xe9") == "café"
    assert decode("crème brûlée, déjà vu".encode("latin-1")) == "crème brûlée, déjà vu"
    # Bytes no detector and no Windows code page can place: Latin-1, byte for byte.
    hopeless = b"abc " + bytes(range(0x80, 0x100))
    assert decode(hopeless) == hopeless.decode("latin-1")


@pytest.mark.parametrize(
    ("head", "codec"),
    [
        ('<meta charset="koi8-r">', "koi8_r"),
        ("<meta http-equiv='Content-Type' content='text/html; charset=windows-1251'>", "cp1251"),
        ('<?xml version="1.0" encoding="ISO-8859-7"?>', "iso8859_7"),
    ],
)
def test_declared_charset(head: str, codec: str) -> None:
    text = {"koi8_r": "Привет мир", "cp1251": "Это тест", "iso8859_7": "Γειά σου"}[codec]
    assert decode(f"{head}<p>{text}</p>".encode(codec)) == f"{head}<p>{text}</p>"


def test_declared_latin1_is_read_as_windows_1252() -> None:
    data = b'<meta charset="iso-8859-1"><p>\x93quoted\x94</p>'
    assert parse(data, "q.html").body == "“quoted”"


def test_mostly_utf8_with_a_stray_byte_stays_utf8() -> None:
    data = "Grüße aus München – schön".encode() + b" it\x92s\n"
    assert decode(data) == "Grüße aus München – schön it\ufffds\n"


def test_nul_removed_and_line_endings_normalised() -> None:
    data = b"date 2020-01-01 T\r\n\r\nline one\r\nline two\rline three" + b"x" * 9000 + b"\0end"
    doc = parse(data, "a.txt")
    assert doc.body.startswith("line one\nline two\nline three")
    assert "\r" not in doc.body and "\0" not in doc.body and doc.body.endswith("xend")


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000), st.sampled_from(["a.txt", "b.md", "c.html", "d.HTM", "e"]))
def test_parse_is_total_and_deterministic(data: bytes, name: str) -> None:
    doc = parse(data, name)
    assert "\r" not in doc.body and "\0" not in doc.body
    assert parse(data, name) == doc


# -- loading -----------------------------------------------------------------------------


def test_load_binary_is_skipped_with_its_digest(tmp_path: Path) -> None:
    data = b"\x7fELF\x02\x01\x01\0" + bytes(range(256)) * 4
    make(tmp_path, "prog.txt", data)
    result = load(tmp_path, "prog.txt")
    assert result.document is None
    assert result.skipped == Skipped("prog.txt", "binary file")
    assert result.digest == file_digest(data) and len(result.digest) == 32


def test_load_utf16_without_bom_is_not_binary(tmp_path: Path) -> None:
    make(tmp_path, "wide.txt", "wide text here\n".encode("utf-16-le"))
    assert loaded_document(tmp_path, "wide.txt").body == "wide text here\n"


def test_load_from_a_scan_entry_and_digest(tmp_path: Path) -> None:
    data = SEED.read_bytes()
    make(tmp_path, "s.txt", data)
    (entry,) = scan(tmp_path).files
    assert entry == FileEntry("s.txt", len(data), os.stat(tmp_path / "s.txt").st_mtime_ns)
    result = load(tmp_path, entry)
    assert result.document is not None and result.document.path == "s.txt"
    assert result.digest == file_digest(data)


def test_size_cap_note(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(documents, "MAX_BYTES", 1000)
    data = b"date 2020-01-01 Big\n\n" + "é".encode() * 750  # 1520 bytes, a char cut at 1000
    make(tmp_path, "big.txt", data)
    result = load(tmp_path, "big.txt")
    assert result.document is not None
    assert result.document.notes == ("truncated at 1000 bytes of 1.5 KiB",)
    assert result.document.body == "é" * ((1000 - 21) // 2)
    assert result.digest == file_digest(data[:1000])
    make(tmp_path, "small.txt", b"x" * 1000)
    small = load(tmp_path, "small.txt").document
    assert small is not None and small.notes == ()


def test_size_note_wording() -> None:
    assert documents._size(8 * 1024 * 1024) == "8 MiB"
    assert documents._size(200 * 1024 * 1024) == "200 MiB"
    assert documents._size(1536) == "1.5 KiB"


_PROBE = """
import json, sys
from pathlib import Path
from tuireader.core.documents import load, scan
corpus = Path(sys.argv[1])
skipped = {item.path: item.reason for item in scan(corpus).skipped}
loaded = load(corpus, "no.txt")
print(json.dumps([skipped, loaded.skipped and loaded.skipped.reason, loaded.digest]))
"""


def test_unreadable_file_and_folder(tmp_path: Path) -> None:
    """chmod 000 does not stop root: then run the probe without the capabilities that do."""
    make(tmp_path, "ok.txt")
    make(tmp_path, "no.txt")
    make(tmp_path, "locked/inner.txt")
    command = [sys.executable, "-c", _PROBE, str(tmp_path)]
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("root reads chmod 000 files anyway, and setpriv is not there")
        command = [setpriv, "--bounding-set=-dac_override,-dac_read_search", "--", *command]
    os.chmod(tmp_path / "no.txt", 0)
    os.chmod(tmp_path / "locked", 0)
    try:
        run = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    finally:
        os.chmod(tmp_path / "locked", 0o755)
        os.chmod(tmp_path / "no.txt", 0o644)
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout) == [{"locked": "permission denied"}, "permission denied", ""]


def test_file_vanishing_between_scan_and_load(tmp_path: Path) -> None:
    make(tmp_path, "gone.txt")
    (entry,) = scan(tmp_path).files
    (tmp_path / "gone.txt").unlink()
    result = load(tmp_path, entry)
    assert result == documents.Loaded(None, Skipped("gone.txt", "vanished while reading"), "")


def test_load_refuses_odd_paths_without_raising(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    make(tmp_path, "secret.txt", b"SECRET")
    make(corpus, "folder.txt/inner.txt")
    os.mkfifo(corpus / "fifo.txt")
    cases = {
        "../secret.txt": "outside the corpus",
        str(tmp_path / "secret.txt"): "outside the corpus",
        "folder.txt": "is a folder",
        "fifo.txt": "not a regular file",  # and it does not block on open
        "nul\0name.txt": "invalid file name",
        "missing.txt": "vanished while reading",
    }
    for path, reason in cases.items():
        result = load(corpus, path)
        assert result.document is None and result.skipped == Skipped(path, reason), path


# -- scanning ----------------------------------------------------------------------------


def test_scan_types_hidden_and_order(tmp_path: Path) -> None:
    for rel in ("b.txt", "a.MD", "sub/c.markdown", "sub/d.HTM", "e.html", "z/y/x.txt"):
        make(tmp_path, rel)
    for rel in ("photo.jpg", "doc.pdf", "README", "sub/data.json"):
        make(tmp_path, rel)
    for rel in (".hidden.txt", ".git/config.txt", "sub/.cache/deep/x.md"):
        make(tmp_path, rel)
    result = scan(tmp_path)
    assert [f.path for f in result.files] == [
        "a.MD",
        "b.txt",
        "e.html",
        "sub/c.markdown",
        "sub/d.HTM",
        "z/y/x.txt",
    ]
    assert result.ignored == 4 + 3  # four other types, three hidden names
    assert result.skipped == ()


def test_scan_folder_named_like_a_file_and_special_files(tmp_path: Path) -> None:
    make(tmp_path, "notes.md/inside.txt")
    os.mkfifo(tmp_path / "pipe.txt")
    os.mkfifo(tmp_path / "pipe.dat")
    result = scan(tmp_path)
    assert [f.path for f in result.files] == ["notes.md/inside.txt"]
    assert skip_reasons(result) == {"pipe.txt": "not a regular file"}
    assert result.ignored == 1


def test_scan_missing_corpus_raises(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        scan(tmp_path / "nope")


def test_symlinks(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    outside = tmp_path / "outside"
    make(outside, "secret.txt", b"SECRET")
    make(outside, "dir/inner.txt", b"SECRET")
    make(corpus, "real/target.txt", b"target\n")
    os.symlink("real/target.txt", corpus / "link-to-file.txt")
    os.symlink("real", corpus / "link-to-folder")
    os.symlink(".", corpus / "loop")
    os.symlink("..", corpus / "real" / "up")
    os.symlink("self.txt", corpus / "self.txt")
    os.symlink("missing.txt", corpus / "dangling.txt")
    os.symlink(outside / "secret.txt", corpus / "outside-link.txt")
    os.symlink(outside / "dir", corpus / "outside-dir")
    os.symlink(outside / "secret.txt", corpus / "outside-image.jpg")
    result = scan(corpus)
    assert [f.path for f in result.files] == ["link-to-file.txt", "real/target.txt"]
    assert skip_reasons(result) == {
        "dangling.txt": "broken symlink",
        "loop": "symlink loop",
        "outside-dir": "symlink points outside the corpus",
        "outside-link.txt": "symlink points outside the corpus",
        "real/up": "symlink loop",
        "self.txt": "symlink loop",
    }
    assert result.ignored == 1  # the .jpg, whatever it points to
    assert loaded_document(corpus, "link-to-file.txt").body == "target\n"
    assert load(corpus, "dangling.txt").skipped == Skipped("dangling.txt", "broken symlink")
    assert load(corpus, "self.txt").skipped == Skipped("self.txt", "symlink loop")
    refused = load(corpus, "outside-link.txt")
    assert refused.skipped == Skipped("outside-link.txt", "symlink points outside the corpus")
    assert load(corpus, "link-to-folder/target.txt").document is not None  # inside: fine
    assert load(corpus, "outside-dir/inner.txt").skipped is not None


def test_corpus_given_through_a_symlink(tmp_path: Path) -> None:
    make(tmp_path, "real/a.txt")
    os.symlink("real", tmp_path / "alias")
    assert [f.path for f in scan(tmp_path / "alias").files] == ["a.txt"]
    assert loaded_document(tmp_path / "alias", "a.txt").body == "word\n"


@pytest.mark.parametrize(
    "name",
    [
        "with spaces/a file.txt",
        "new\nline.txt",
        "[bold]x[/bold] (1).txt",
        "cr\rname.txt",
        "日本.txt",
    ],
)
def test_odd_names_round_trip(tmp_path: Path, name: str) -> None:
    make(tmp_path, name, b"date 2020-01-01 T\n\nbody\n")
    (entry,) = scan(tmp_path).files
    assert entry.path == name
    assert (tmp_path / entry.path).read_bytes().endswith(b"body\n")
    doc = loaded_document(tmp_path, entry.path)
    assert (doc.path, doc.body) == (name, "body\n")


def test_non_utf8_name(tmp_path: Path) -> None:
    make(tmp_path, b"bad\xff\xfename.txt", b"bytesword\n")
    name = os.fsdecode(b"bad\xff\xfename.txt")
    result = scan(tmp_path)
    # The index keeps paths as UTF-8 text, so scan lists such a name as skipped ...
    assert result.files == () and skip_reasons(result) == {name: "name is not valid UTF-8"}
    # ... while the str (surrogateescape) still opens the file and gives a printable title.
    assert (tmp_path / name).read_bytes() == b"bytesword\n"
    doc = loaded_document(tmp_path, name)
    assert doc.path == name and doc.body == "bytesword\n"
    assert doc.title == "bad\ufffd\ufffdname"


def test_deep_nesting(tmp_path: Path) -> None:
    rel = "/".join(["d"] * 300) + "/deep.txt"
    make(tmp_path, rel, b"deepword\n")
    (entry,) = scan(tmp_path).files
    assert entry.path == rel
    assert loaded_document(tmp_path, rel).body == "deepword\n"


def test_scan_and_load_leave_the_corpus_untouched(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    for rel in ("a.txt", "b/c.md", "b/d.html", "e.jpg", ".hidden.txt", "f.txt"):
        make(corpus, rel, f"date 2020-01-01 {rel}\n\nbody\n")
    make(corpus, "bin.txt", b"\0\1\2")
    os.symlink("a.txt", corpus / "link.txt")
    files = [p for p in sorted(corpus.rglob("*")) if p.is_file() and not p.is_symlink()]
    contents = {path: path.read_bytes() for path in files}
    old = 1_000_000_000 * 10**9
    for path in [corpus, *corpus.rglob("*")]:
        if not path.is_symlink():
            os.utime(path, ns=(old, old))  # an old atime: relatime would update it on read

    def times() -> dict[Path, tuple[int, int]]:
        return {
            path: (path.lstat().st_mtime_ns, path.lstat().st_atime_ns)
            for path in [corpus, *sorted(corpus.rglob("*"))]
        }

    before = times()
    result = scan(corpus)
    loaded = [load(corpus, entry) for entry in result.files]
    after = times()
    assert len(loaded) == 6 and sum(1 for r in loaded if r.document) == 5
    assert after.keys() == before.keys()  # nothing created
    assert {p: t[0] for p, t in after.items()} == {p: t[0] for p, t in before.items()}
    if getattr(os, "O_NOATIME", 0):  # we own these files, so O_NOATIME is allowed
        # (following a symlink touches the link's own atime: the kernel's doing, not ours)
        real = [path for path in before if not path.is_symlink()]
        assert {p: after[p] for p in real} == {p: before[p] for p in real}
    assert {path: path.read_bytes() for path in files} == contents


def test_many_files_scan_without_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for i in range(1000):
        make(tmp_path, f"f{i // 250}/n{i}.txt", b"x")

    def no_reads(*args: object, **kwargs: object) -> None:
        raise AssertionError("scan must not read files")

    monkeypatch.setattr(os, "read", no_reads)
    started = time.perf_counter()
    result = scan(tmp_path)
    assert len(result.files) == 1000
    assert time.perf_counter() - started < 5
