"""Smoke test of the benchmark suite: ``python -m bench.run --quick`` end to end.

Runs in a temporary folder (the bench's data, work and results locations redirected by
environment variables) and checks that the results table has every row. No timing is
asserted: the timed runs are not part of the test suite.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
ARCHIVE = Path(os.environ.get("TUIREADER_BENCH_ARCHIVE", "/work/shared/data/news-articles.tar.gz"))
QUICK_SIZE = 120
EXPECTED = (
    "search_snippets",
    "search_only",
    "search_ui",
    "search_count",
    "worst_query",
    "build",
    "index_sample",
    "reopen",
    "is_stale",
    "add10",
    "remove10",
    "paint",
    "opened",
    "doc_core",
    "doc_open",
    "doc_step",
    "rss",
    "loop_search",
    "loop_index",
)
VERDICTS = {"PASS", "FAIL", "info", "not measured"}


@pytest.mark.slow
@pytest.mark.skipif(not ARCHIVE.exists(), reason="the shared news-articles archive is missing")
def test_quick_bench_writes_every_row(tmp_path: Path) -> None:
    """The quick run writes RESULTS.md and RESULTS.json with every measurement's row."""
    results = tmp_path / "RESULTS.md"
    env = dict(
        os.environ,
        TUIREADER_BENCH_DATA=str(tmp_path / "data"),
        TUIREADER_BENCH_WORK=str(tmp_path / "work"),
        TUIREADER_BENCH_RESULTS=str(results),
        TUIREADER_BENCH_ARCHIVE=str(ARCHIVE),
        TUIREADER_CONFIG_DIR=str(tmp_path / "config"),
    )
    done = subprocess.run(
        [sys.executable, "-m", "bench.run", "--quick"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    table = results.read_text("utf-8")
    data = json.loads(results.with_suffix(".json").read_text("utf-8"))
    rows = data["rows"]
    expected = {f"{key}@{QUICK_SIZE}" for key in EXPECTED}
    assert expected <= set(rows), f"missing rows: {sorted(expected - set(rows))}\n{table}"
    assert "| figure | target | median |" in table
    for key in expected:
        row = rows[key]
        assert row["verdict"] in VERDICTS
        assert f"| {row['figure'].replace('|', chr(92) + '|')} |" in table
    assert "cores" in table and "Whoosh-Reloaded 2.7.5" in table
