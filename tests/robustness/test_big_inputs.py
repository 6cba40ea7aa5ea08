"""Big inputs: a 200 MB file, a single 20 MB line, many tiny files; memory stays bounded."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from robust_support import FIGURES, assert_no_traceback, assert_terminal_safe, cli_env, run_cli

from tuireader.core import documents
from tuireader.core.library import Library

MiB = 1024 * 1024
PEAK_RSS_BOUND_MIB = 1500
"""A generous bound on the text indexing of two documents cut at the 8 MiB cap."""


def _write_big(path: Path, size: int, *, head: bytes, tail: bytes, lines: bool) -> None:
    """`size` bytes of words quickly, from a repeated block (one line when not `lines`)."""
    unit = b" ".join(b"w%d filler" % (i % 997) for i in range(4000))
    block = unit + (b"\n" if lines else b" ")
    with path.open("wb") as out:
        out.write(head)
        written = len(head)
        while written < size - len(tail):
            chunk = block[: size - len(tail) - written]
            out.write(chunk)
            written += len(chunk)
        out.write(tail)


@pytest.mark.slow
def test_200_mb_file_and_20_mb_line_are_capped_with_a_note(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    _write_big(
        corpus / "huge.txt",
        200 * MiB,
        head=b"date: 2023-01-01 Huge\n\nhugestartword\n",
        tail=b"\nhugeendword\n",
        lines=True,
    )
    _write_big(
        corpus / "oneline.txt",
        20 * MiB,
        head=b"linestartword ",
        tail=b" lineendword",
        lines=False,
    )
    (corpus / "small.txt").write_text("smallword\n")
    env = cli_env(tmp_path)
    args = ["--corpus", str(corpus), "--index-dir", str(tmp_path / "index")]
    run = run_cli(["index", "--quiet", "--no-entities", *args], env, timeout=900)
    assert_no_traceback(run)
    assert run.code == 0, run.describe()
    assert_terminal_safe(run.stdout, what="index stdout")
    assert "note: huge.txt: truncated at 8 MiB of 200 MiB" in run.out, run.describe()
    assert "note: oneline.txt: truncated at 8 MiB of 20 MiB" in run.out, run.describe()
    FIGURES["200 MB file + 20 MB line: index (text) peak RSS"] = f"{run.max_rss_kib // 1024} MiB"
    FIGURES["200 MB file + 20 MB line: index (text) time"] = f"{run.seconds:.1f} s"
    assert run.max_rss_kib / 1024 < PEAK_RSS_BOUND_MIB, f"peak RSS {run.max_rss_kib} KiB"
    found = run_cli(["search", "hugestartword OR linestartword OR smallword", "--json", *args], env)
    assert {h["path"] for h in json.loads(found.stdout)["hits"]} == {
        "huge.txt",
        "oneline.txt",
        "small.txt",
    }
    beyond = run_cli(["search", "hugeendword OR lineendword", "--json", *args], env)
    assert beyond.code == 1 and json.loads(beyond.stdout)["total"] == 0


def test_cap_note_and_truncation_in_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same cap logic, fast: a 1 MiB cap over a 3 MiB file and a 3 MiB single line."""
    monkeypatch.setattr(documents, "MAX_BYTES", 1 * MiB)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    _write_big(corpus / "big.txt", 3 * MiB, head=b"bigstart ", tail=b" bigend", lines=True)
    _write_big(corpus / "line.md", 3 * MiB, head=b"linestart ", tail=b" lineend", lines=False)
    # A multi-byte character cut by the cap must not break decoding.
    (corpus / "cut.txt").write_bytes(b"cutstart " + "é".encode() * MiB)
    with Library(corpus, tmp_path / "index") as lib:
        report = lib.update(entities=False)
        assert report.added == 3, report
        assert any("big.txt: truncated at 1 MiB of 3 MiB" in n for n in report.notes), report
        assert any("line.md: truncated at 1 MiB of 3 MiB" in n for n in report.notes), report
        assert lib.search("bigstart OR linestart OR cutstart").total == 3
        assert lib.search("bigend OR lineend").total == 0
        doc = lib.document("cut.txt")
        assert doc is not None and "\ufffd" not in doc.body[:-1]


def _tiny_files(corpus: Path, count: int) -> None:
    """`count` tiny files in folders of 1,000 (names chosen to stay fast to create)."""
    for i in range(count):
        folder = corpus / f"f{i // 1000:03d}"
        if i % 1000 == 0:
            folder.mkdir(parents=True)
        fd = os.open(folder / f"t{i:06d}.txt", os.O_WRONLY | os.O_CREAT, 0o644)
        os.write(fd, b"tiny%d word%d\n" % (i, i % 50))
        os.close(fd)


def _index_tiny(tmp_path: Path, count: int, timeout: float) -> None:
    corpus = tmp_path / "corpus"
    _tiny_files(corpus, count)
    env = cli_env(tmp_path)
    args = ["--corpus", str(corpus), "--index-dir", str(tmp_path / "index")]
    run = run_cli(["index", "--quiet", "--no-entities", *args], env, timeout=timeout)
    assert_no_traceback(run)
    assert run.code == 0, run.describe()
    assert f"{count} added" in run.out, run.describe()
    FIGURES[f"{count:,} tiny files: index (text) time"] = f"{run.seconds:.1f} s"
    FIGURES[f"{count:,} tiny files: index (text) peak RSS"] = f"{run.max_rss_kib // 1024} MiB"
    started = time.perf_counter()
    again = run_cli(["index", "--quiet", "--no-entities", *args], env, timeout=timeout)
    assert again.code == 0 and f"{count} unchanged" in again.out, again.describe()
    FIGURES[f"{count:,} tiny files: unchanged re-index"] = f"{time.perf_counter() - started:.1f} s"
    every = run_cli(["search", "word7", "--json", "--limit", str(count), *args], env)
    hits = json.loads(every.stdout)["hits"]
    assert len(hits) == count // 50 and len({h["path"] for h in hits}) == len(hits)


def test_5000_tiny_files(tmp_path: Path) -> None:
    _index_tiny(tmp_path, 5_000, timeout=300)


@pytest.mark.slow
def test_100000_tiny_files(tmp_path: Path) -> None:
    _index_tiny(tmp_path, 100_000, timeout=3600)
