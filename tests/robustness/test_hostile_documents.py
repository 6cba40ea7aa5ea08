"""Hostile and broken documents through the CLI and the Library.

Nothing crashes; escape sequences never reach the terminal; markup shows as literal
characters; skipped files are listed with a reason; JSON output stays valid JSON.
"""

from __future__ import annotations

import json
import os
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from robust_support import (
    MARKUP,
    assert_no_traceback,
    assert_terminal_safe,
    cli_env,
    run_cli,
    search_paths,
)

from conftest import IndexedHostile
from tuireader.core import documents
from tuireader.core.library import Library
from tuireader.textsafe import one_line, visible


def _all_words_query(hostile: IndexedHostile) -> str:
    return " OR ".join(sorted(hostile.corpus.words))


def test_index_summary_lists_skipped_with_reasons(hostile: IndexedHostile) -> None:
    run = hostile.index_run
    assert_terminal_safe(run.stdout, what="index stdout")
    assert_terminal_safe(run.stderr, what="index stderr")
    lines = run.out.splitlines()
    assert any(line.startswith("skipped: ") for line in lines), run.describe()
    for path, reason_word in hostile.corpus.skipped.items():
        shown = one_line(path)
        listed = [line for line in lines if line.startswith(f"  {shown}: ")]
        assert listed, f"{path!r} is not listed as skipped\n{run.describe()}"
        assert reason_word in listed[0], f"{path!r}: unexpected reason {listed[0]!r}"
    # A name that is not UTF-8 is listed (with a placeholder), never silently dropped.
    assert "name is not valid UTF-8" in run.out


def test_second_run_is_a_no_op_that_still_lists_skipped(hostile: IndexedHostile) -> None:
    again = hostile.cli("index", "--quiet")
    assert again.code == 0, again.describe()
    assert " 0 added, 0 updated, 0 removed" in " " + again.out, again.describe()
    for path in hostile.corpus.skipped:
        assert f"  {one_line(path)}: " in again.out, again.describe()
    with Library(hostile.corpus.root, hostile.index_dir) as lib:
        assert not lib.is_stale(), "an unchanged corpus with skipped files must not look stale"


def test_every_hostile_document_is_found_and_json_is_valid(hostile: IndexedHostile) -> None:
    run = hostile.cli("search", _all_words_query(hostile), "--json", "--limit", "1000")
    assert run.code == 0, run.describe()
    data = json.loads(run.stdout)
    found = set(search_paths(run))
    assert set(hostile.corpus.words.values()) <= found, sorted(
        set(hostile.corpus.words.values()) - found
    )
    # JSON is plain ASCII: every control character arrives escaped.
    assert all(b < 0x80 for b in run.stdout), "JSON output must be ASCII-escaped"
    assert_terminal_safe(run.stdout, what="search --json")
    assert data["total"] == len(data["hits"])


def test_nothing_outside_the_corpus_or_hidden_is_indexed(hostile: IndexedHostile) -> None:
    with Library(hostile.corpus.root, hostile.index_dir) as lib:
        paths = lib.all_paths()
        for word in ("OUTSIDESECRET", "OUTSIDEDIRSECRET", "HIDDENSECRET"):
            assert lib.search(word).total == 0, word
    assert not [p for p in paths if p.startswith(("outside", "link-to-folder", "loop", "sub/"))]
    assert len(paths) == len(set(paths))


@pytest.mark.parametrize("color", [False, True], ids=["pipe", "forced-colour"])
def test_human_search_output_never_drives_the_terminal(
    hostile: IndexedHostile, color: bool
) -> None:
    env = dict(hostile.env)
    if color:
        env.pop("NO_COLOR", None)
        env["FORCE_COLOR"] = "1"
    args = ["search", _all_words_query(hostile), "--limit", "1000"]
    args += ["--corpus", str(hostile.corpus.root), "--index-dir", str(hostile.index_dir)]
    run = run_cli(args, env)
    assert_no_traceback(run)
    assert run.code == 0, run.describe()
    assert_terminal_safe(run.stdout, what="search stdout", allow_sgr=color)
    assert_terminal_safe(run.stderr, what="search stderr", allow_sgr=color)
    assert "documents match" in run.out


def test_markup_shows_as_literal_characters(hostile: IndexedHostile) -> None:
    run = hostile.cli("search", "markupword OR mdmarkupword OR htmlmarkupword OR namemarkupword")
    assert run.code == 0, run.describe()
    assert run.out.count(MARKUP) >= 4, run.describe()  # three titles and bodies at least
    assert "[bold]named[@click=app.quit].txt" in run.out
    assert "[red on white]x[/] [/bold]" in run.out


def test_placeholders_replace_escapes_in_titles_paths_and_snippets(
    hostile: IndexedHostile,
) -> None:
    run = hostile.cli("search", "escword OR escnameword OR crnameword OR newlinenameword")
    assert run.code == 0, run.describe()
    assert "\u241b[31mred" in run.out  # ESC shown as the control picture
    assert "esc\u241b[31mname\u2407.txt" in run.out
    assert "cr\u240dname.txt" in run.out or "cr name.txt" in run.out
    assert "new line.txt" in run.out  # a newline in a name folds to a space on one line


def test_entities_and_mentions_are_terminal_safe(hostile: IndexedHostile) -> None:
    human = hostile.cli("entities")
    assert human.code == 0, human.describe()
    assert_terminal_safe(human.stdout, what="entities stdout")
    assert_terminal_safe(human.stderr, what="entities stderr")
    as_json = hostile.cli("entities", "--json")
    assert as_json.code == 0, as_json.describe()
    data = json.loads(as_json.stdout)
    assert {doc["path"] for doc in data["documents"]} >= {"entities.txt", "escapes.txt"}
    names = {e["name"] for doc in data["documents"] for e in doc["people"]}
    for doc_entities in ("people", "organisations"):
        for entity in data["corpus"][doc_entities]:
            assert entity["name"] == entity["name"].strip()
    one = hostile.cli("entities", "--doc", "escapes.txt")
    assert one.code == 0, one.describe()
    assert_terminal_safe(one.stdout, what="entities --doc")
    for name in sorted(names)[:3] or ["Sam Rainsy"]:
        mentions = hostile.cli("mentions", name)
        assert mentions.code in (0, 1), mentions.describe()
        assert_terminal_safe(mentions.stdout, what=f"mentions {name!r}")
        assert_terminal_safe(mentions.stderr, what=f"mentions {name!r} stderr")
        mentions_json = hostile.cli("mentions", name, "--json")
        if mentions_json.code == 0:
            rows = json.loads(mentions_json.stdout)["mentions"]
            assert all(isinstance(row["context"], str) for row in rows)
    hostile_name = hostile.cli("mentions", "\x1b]0;pwn\x07[bold]Nobody[/]")
    assert hostile_name.code == 1, hostile_name.describe()
    assert_terminal_safe(hostile_name.stderr, what="mentions of a hostile name")
    assert "[bold]Nobody[/]" in hostile_name.err


def test_documents_decode_as_expected(hostile: IndexedHostile) -> None:
    with Library(hostile.corpus.root, hostile.index_dir) as lib:

        def body(path: str) -> str:
            doc = lib.document(path)
            assert doc is not None, path
            return doc.body

        assert "café" in body("utf16bom.txt")
        assert "naïve" in body("utf16le.txt")
        assert "naïve" in body("utf16be.txt")
        assert "crème brûlée" in body("latin1.txt")
        assert "“smart quotes” – 5 €" in body("cp1252.txt")
        assert "\ufeff" not in body("utf8bom.txt")
        bom = lib.document("utf8bom.txt")
        assert bom is not None and bom.title == "Bom title"
        assert "\0" not in body("latenul.txt")
        assert "\r" not in body("crlf.txt") and "\r" not in body("escapes.txt")
        assert body("empty.txt") == "" and body("header-only.txt") == ""
        assert "invalidword" in body("invalid.txt")
        markup = lib.document("markup.txt")
        assert markup is not None and MARKUP in markup.title
        for path in lib.all_paths():
            doc = lib.document(path)
            assert doc is not None
            assert "\0" not in doc.body
            # Whatever the text holds, the visible form has no control left.
            shown = visible(doc.title + doc.body)
            assert len(shown) == len(doc.title + doc.body)
            assert not [
                c
                for c in shown
                if c not in "\n\t" and unicodedata.category(c) in ("Cc", "Cf", "Cs")
            ], path


@settings(max_examples=300, deadline=None, database=None)
@given(st.text(alphabet=st.characters(codec=None), max_size=200))
def test_visible_leaves_no_control_and_keeps_offsets(text: str) -> None:
    shown = visible(text)
    assert len(shown) == len(text)
    for char in shown:
        if char in "\n\t":
            continue
        # Controls, format characters, surrogates and separators: never raw (unassigned and
        # private-use code points are inert and may be kept).
        assert unicodedata.category(char) not in ("Cc", "Cf", "Cs", "Zl", "Zp")
    line = one_line(text)
    assert "\n" not in line and "\t" not in line and len(line) == len(text)


@settings(max_examples=150, deadline=None, database=None)
@given(st.binary(max_size=3000), st.sampled_from(["a.txt", "a.md", "a.html", "a.HTM"]))
def test_parse_never_raises_on_arbitrary_bytes(data: bytes, name: str) -> None:
    doc = documents.parse(data, name)
    assert isinstance(doc.body, str) and isinstance(doc.title, str)
    assert "\0" not in doc.body and "\r" not in doc.body


def test_unreadable_files_and_folders_are_skipped(tmp_path: Path) -> None:
    """chmod 000 does not stop root: run the CLI without the capabilities that bypass it."""
    corpus = tmp_path / "corpus"
    (corpus / "locked").mkdir(parents=True)
    (corpus / "ok.txt").write_text("readableword\n")
    (corpus / "no.txt").write_text("unreadableword\n")
    (corpus / "locked" / "inner.txt").write_text("lockedword\n")
    os.chmod(corpus / "no.txt", 0)
    os.chmod(corpus / "locked", 0)
    prefix: list[str] = []
    if os.geteuid() == 0:
        setpriv = "/usr/bin/setpriv"
        if not os.path.exists(setpriv):
            os.chmod(corpus / "locked", 0o755)
            pytest.skip("running as root without setpriv: chmod 000 cannot make a file unreadable")
        prefix = [setpriv, "--bounding-set=-dac_override,-dac_read_search", "--"]
    env = cli_env(tmp_path)
    index_dir = tmp_path / "index"
    try:
        args = ["index", "--corpus", str(corpus), "--index-dir", str(index_dir), "--quiet"]
        run = _run_prefixed(prefix, [*args, "--no-entities"], env)
    finally:
        os.chmod(corpus / "locked", 0o755)
        os.chmod(corpus / "no.txt", 0o644)
    assert run.code == 0, run.describe()
    assert "  no.txt: permission denied" in run.out, run.describe()
    assert "  locked: permission denied" in run.out, run.describe()
    with Library(corpus, index_dir) as lib:
        assert lib.all_paths() == ["ok.txt"]


def _run_prefixed(prefix: list[str], args: list[str], env: dict[str, str]):  # type: ignore[no-untyped-def]
    """run_cli with a command prefix (setpriv)."""
    import robust_support

    original = robust_support.tuireader_cmd
    robust_support.tuireader_cmd = lambda: [*prefix, *original()]
    try:
        run = run_cli(args, env)
    finally:
        robust_support.tuireader_cmd = original
    assert_no_traceback(run)
    return run


def test_very_deep_folders_beyond_path_max(tmp_path: Path) -> None:
    """A tree deeper than PATH_MAX: listed as skipped ("path too long"), never a crash."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "top.txt").write_text("topword\n")
    fd = os.open(corpus, os.O_RDONLY | os.O_DIRECTORY)
    try:
        for _ in range(1400):  # 1400 * len("dd/") > PATH_MAX (4096)
            os.mkdir("dd", dir_fd=fd)
            new = os.open("dd", os.O_RDONLY | os.O_DIRECTORY, dir_fd=fd)
            os.close(fd)
            fd = new
        out = os.open("bottom.txt", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
        os.write(out, b"bottomword\n")
        os.close(out)
    finally:
        os.close(fd)
    try:
        _index_and_check_deep(tmp_path, corpus)
    finally:
        _remove_chain(corpus, "dd", 1400)  # shutil.rmtree recurses too deep for it


def _remove_chain(parent: Path, name: str, depth: int) -> None:
    fds = [os.open(parent, os.O_RDONLY | os.O_DIRECTORY)]
    for _ in range(depth):
        fds.append(os.open(name, os.O_RDONLY | os.O_DIRECTORY, dir_fd=fds[-1]))
    for entry in os.listdir(fds[-1]):
        os.unlink(entry, dir_fd=fds[-1])
    for level in range(depth, 0, -1):
        os.close(fds[level])
        os.rmdir(name, dir_fd=fds[level - 1])
    os.close(fds[0])


def _index_and_check_deep(tmp_path: Path, corpus: Path) -> None:
    env = cli_env(tmp_path)
    args = ["--corpus", str(corpus), "--index-dir", str(tmp_path / "index")]
    run = run_cli(["index", "--quiet", "--no-entities", *args], env)
    assert_no_traceback(run)
    assert run.code == 0, run.describe()
    assert_terminal_safe(run.stdout, what="deep index stdout")
    found = run_cli(["search", "topword OR bottomword", "--json", *args], env)
    paths = search_paths(found)
    assert "top.txt" in paths
    # The bottom file is indexed, or listed as skipped with a reason: never lost silently.
    assert len(paths) == 2 or "path too long" in run.out, run.describe()
