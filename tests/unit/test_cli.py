"""The command line: JSON shapes, exit codes, human output, help and version."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tuireader import __version__
from tuireader.cli import main

SEED = "000_a6314058f7e748a2.txt"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_search_json_shape(
    seed_corpus: Path, index_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(
        capsys,
        "search",
        "political prisoners",
        "--corpus",
        str(seed_corpus),
        "--index-dir",
        str(index_dir),
        "--json",
    )
    assert code == 0
    data = json.loads(out)
    assert set(data) == {"query", "total", "total_exact", "suggestion", "hits"}
    assert data["total_exact"] is True
    assert data["query"] == "political prisoners" and data["total"] == 1
    assert data["suggestion"] is None
    (hit,) = data["hits"]
    assert set(hit) == {"path", "title", "date", "score", "snippet", "matches"}
    assert hit["path"] == SEED
    assert hit["title"] == "Cambodian PM says no to release of political prisoners"
    assert hit["date"] == "2023-06-28"
    assert isinstance(hit["score"], float)
    assert "**political**" in hit["snippet"].lower() or "**political" in hit["snippet"].lower()
    body = (seed_corpus / SEED).read_text("utf-8").split("\n", 2)[2]
    words = {body.strip("\n")[s:e].lower() for s, e in hit["matches"]}
    assert words <= {"political", "prisoners", "prisoner"} and words


def test_spans_index_the_stored_body(
    seed_corpus: Path, index_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tuireader.core.library import Library

    _, out, _ = run(
        capsys,
        "search",
        "Geneva",
        "--corpus",
        str(seed_corpus),
        "--index-dir",
        str(index_dir),
        "--json",
    )
    (hit,) = json.loads(out)["hits"]
    with Library(seed_corpus, index_dir) as lib:
        doc = lib.document(SEED)
        assert doc is not None
        assert [doc.body[s:e] for s, e in hit["matches"]] == ["Geneva"] * len(hit["matches"])


def test_no_results_exit_1_with_suggestion(
    seed_corpus: Path, index_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(
        capsys,
        "search",
        "prisonrs",
        "--corpus",
        str(seed_corpus),
        "--index-dir",
        str(index_dir),
        "--json",
    )
    assert code == 1
    data = json.loads(out)
    assert data["total"] == 0 and data["hits"] == [] and data["suggestion"] == "prisoners"


def test_malformed_query_exit_2(
    seed_corpus: Path, index_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(
        capsys, "search", '"unclosed', "--corpus", str(seed_corpus), "--index-dir", str(index_dir)
    )
    assert code == 2
    assert out == ""
    assert "bad query" in err and "Traceback" not in err


def test_bad_usage_exit_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as info:
        main(["search"])
    assert info.value.code == 2
    code, _, err = run(capsys, "search", "x", "--corpus", str(tmp_path / "missing"))
    assert code == 2 and "no such folder" in err


def test_version_and_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert __version__ in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "search" in capsys.readouterr().out


def test_index_summary(
    seed_corpus: Path, index_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (seed_corpus / "notes.pdf").write_bytes(b"%PDF-1.4")
    (seed_corpus / "broken.txt").write_bytes(b"\x00\x01\x02binary\x00")
    index = ("index", "--corpus", str(seed_corpus), "--index-dir", str(index_dir))
    code, out, _ = run(capsys, *index, "--no-entities", "--quiet")
    assert code == 0
    assert "1 added" in out and "1 skipped" in out and "1 other files ignored" in out
    assert "broken.txt" in out and "binary" in out
    code, out, _ = run(capsys, *index, "--no-entities", "--quiet")
    assert "0 added" in out and "1 unchanged" in out


def test_entities_json_and_mentions(
    seed_corpus: Path, index_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(
        capsys, "entities", "--corpus", str(seed_corpus), "--index-dir", str(index_dir), "--json"
    )
    assert code == 0
    data = json.loads(out)
    (doc,) = data["documents"]
    assert doc["path"] == SEED
    people = {p["name"]: p for p in doc["people"]}
    for name in ("Theary Seng", "Sina Seng", "Hun Sen", "Sam Rainsy", "Kem Sokha"):
        assert name in people, name
    assert all(set(p) == {"name", "aliases", "mentions"} for p in doc["people"])
    corpus_people = {p["name"]: p for p in data["corpus"]["people"]}
    assert corpus_people["Hun Sen"]["documents"] == 1
    assert corpus_people["Hun Sen"]["mentions"] == people["Hun Sen"]["mentions"]

    code, out, _ = run(
        capsys,
        "mentions",
        "Hun Sen",
        "--corpus",
        str(seed_corpus),
        "--index-dir",
        str(index_dir),
        "--json",
    )
    assert code == 0
    rows = json.loads(out)["mentions"]
    assert len(rows) == people["Hun Sen"]["mentions"]
    assert all(r["path"] == SEED and r["line"] >= 1 and r["text"] in r["context"] for r in rows)

    code, out, _ = run(
        capsys,
        "search",
        'person:"Hun Sen"',
        "--corpus",
        str(seed_corpus),
        "--index-dir",
        str(index_dir),
        "--json",
    )
    assert code == 0 and json.loads(out)["total"] == 1
    code, out, _ = run(
        capsys, "search", "org:CNRP", "--corpus", str(seed_corpus), "--index-dir", str(index_dir)
    )
    assert code == 0 and "1 document matches; showing 1" in out


def test_python_dash_m_and_console_script(seed_corpus: Path, index_dir: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "tuireader",
            "search",
            "Geneva",
            "--corpus",
            str(seed_corpus),
            "--index-dir",
            str(index_dir),
            "--json",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["total"] == 1


def test_index_optimize_merges_and_keeps_results(
    seed_corpus: Path, index_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(
        capsys, "index", "--corpus", str(seed_corpus), "--index-dir", str(index_dir),
        "--no-entities", "--quiet", "--optimize",
    )  # fmt: skip
    assert code == 0 and "merged into one segment" in out
    assert len(list(index_dir.glob("MAIN_*.trm"))) == 1
    code, out, _ = run(
        capsys, "search", "Geneva", "--corpus", str(seed_corpus), "--index-dir",
        str(index_dir), "--json",
    )  # fmt: skip
    assert code == 0 and json.loads(out)["total"] == 1


def test_an_unexpected_error_is_one_line_and_exit_4(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from tuireader import commands

    def broken(args: object) -> int:
        raise RuntimeError("something inside \x1b[2Jbroke\nsecond line")

    monkeypatch.setattr(commands, "cmd_search", broken)
    monkeypatch.delenv("TUIREADER_DEBUG", raising=False)
    code, out, err = run(capsys, "search", "x", "--corpus", str(tmp_path))
    assert code == 4 and out == ""
    assert err.startswith("tuireader: unexpected error (RuntimeError: something inside ␛[2Jbroke)")
    assert "\x1b" not in err  # text from the error is data, not terminal commands
    assert "Traceback" not in err and "second line" not in err and err.count("\n") == 1
    monkeypatch.setenv("TUIREADER_DEBUG", "1")
    with pytest.raises(RuntimeError):
        main(["search", "x", "--corpus", str(tmp_path)])
