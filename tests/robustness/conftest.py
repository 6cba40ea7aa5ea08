"""Fixtures of the robustness suite: a generated hostile corpus, indexed once per session.

Every index lives under pytest's tmp folders (`--index-dir` / TUIREADER_INDEX_DIR), never
in the user cache. Measured figures (peak RSS, query times) are printed at the end of the
run.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from robust_support import (
    FIGURES,
    CliRun,
    HostileCorpus,
    assert_no_traceback,
    cli_env,
    make_hostile_corpus,
    run_cli,
    tree_snapshot,
)


@dataclass(frozen=True)
class IndexedHostile:
    """The hostile corpus after one full `tuireader index` (text and entities)."""

    corpus: HostileCorpus
    index_dir: Path
    env: dict[str, str]
    index_run: CliRun
    before: dict[bytes, tuple[object, ...]]
    """Snapshot of the corpus tree before anything ran over it."""

    def cli(self, *args: str, timeout: float = 120) -> CliRun:
        """Run a subcommand over this corpus and index."""
        run = run_cli(
            [
                args[0],
                *args[1:],
                "--corpus",
                str(self.corpus.root),
                "--index-dir",
                str(self.index_dir),
            ],
            self.env,
            timeout=timeout,
        )
        assert_no_traceback(run)
        return run


@pytest.fixture(scope="session")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[IndexedHostile]:
    """The hostile corpus, indexed once (with entities) for the whole session."""
    base = tmp_path_factory.mktemp("hostile")
    corpus = make_hostile_corpus(base)
    before = tree_snapshot(corpus.root) | tree_snapshot(corpus.outside)
    env = cli_env(base)
    index_dir = base / "index"
    run = run_cli(
        ["index", "--corpus", str(corpus.root), "--index-dir", str(index_dir), "--quiet"],
        env,
        timeout=300,
    )
    assert_no_traceback(run)
    assert run.code == 0, run.describe()
    FIGURES["hostile corpus: index (text+entities) peak RSS"] = f"{run.max_rss_kib / 1024:.0f} MiB"
    FIGURES["hostile corpus: index (text+entities) time"] = f"{run.seconds:.1f} s"
    yield IndexedHostile(corpus, index_dir, env, run, before)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Print the figures the tests measured (peak memory, timings)."""
    if not FIGURES:
        return
    terminalreporter.section("robustness figures")
    for name, value in FIGURES.items():
        terminalreporter.write_line(f"{name}: {value}")
