"""Bad queries: arbitrary text never raises anything but QueryError, and stays fast."""

from __future__ import annotations

import random
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from robust_support import FIGURES, assert_no_traceback, assert_terminal_safe, cli_env, run_cli

from tuireader.core.library import Library
from tuireader.core.models import QueryError

QUERY_SECONDS = 2.0
"""Per-query bound, generous for CI (the search itself stops at 0.45 s)."""

PATHOLOGICAL = [
    "*",
    "a*",
    "*a*",
    "???????",
    "*?*?*?*",
    "**",
    "*~",
    "a~9",
    "title:*",
    "body:*a*",
    "path:*",
    "date:*",
    "a* OR b* OR c* OR d* OR e* OR f* OR g* OR h* OR s* OR t*",
    '"a* b*"',
    "(((((((((((((((((((((a)))))))))))))))))))))",
    "NOT NOT NOT a",
    "a AND OR NOT b",
    "date:[2020 TO 2010]",
    "date:>2023-13-45",
    "date:today",
    "date:[a TO b]",
    'person:"',
    "x^9999999999999999999999",
    "a~-1",
    "\\",
    "\x00\x1b[31m\x07",
    "[link=file:///etc/passwd]x[/link]",
    "a" * 100_000,
    "a* " * 2_000,
    "(" * 5_000 + "a" + ")" * 5_000,
    '"' + "w " * 10_000 + '"',
]

_worst: list[float] = [0.0]


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    """A small index with a wide vocabulary (so that wildcards have much to expand)."""
    base = tmp_path_factory.mktemp("queries")
    corpus = base / "corpus"
    corpus.mkdir()
    rng = random.Random(7)
    letters = "abcdefghijklmnopqrstuvwxyz"
    vocab = ["".join(rng.choice(letters) for _ in range(rng.randint(2, 10))) for _ in range(30_000)]
    for i in range(400):
        words = " ".join(rng.choice(vocab) for _ in range(150))
        (corpus / f"d{i:04d}.txt").write_text(f"date: 2023-02-{1 + i % 28:02d} T{i}\n\n{words}\n")
    with Library(corpus, base / "index") as lib:
        lib.update(entities=False)
        yield lib
    FIGURES["worst Library.search time (30k-word vocabulary, 400 docs)"] = f"{_worst[0]:.3f} s"


def _check(lib: Library, text: str) -> None:
    started = time.perf_counter()
    try:
        result = lib.search(text, limit=20, snippets=5)
    except QueryError as exc:
        message = str(exc)
        assert message and "\n" not in message and len(message) < 400, repr(message)
    else:
        assert result.total >= len(result.hits)
    elapsed = time.perf_counter() - started
    _worst[0] = max(_worst[0], elapsed)
    assert elapsed < QUERY_SECONDS, f"{text[:80]!r} took {elapsed:.2f} s"


@pytest.mark.parametrize("text", PATHOLOGICAL, ids=lambda t: repr(t[:30]))
def test_pathological_queries(library: Library, text: str) -> None:
    _check(library, text)


_PIECES = st.sampled_from(
    [
        "a",
        "ab*",
        "*",
        "?",
        "~",
        "~2",
        '"',
        "(",
        ")",
        "[",
        "]",
        "{",
        "}",
        " TO ",
        " AND ",
        " OR ",
        " NOT ",
        "title:",
        "body:",
        "date:",
        "person:",
        "org:",
        "path:",
        "zz:",
        "^2",
        "-",
        "+",
        ">",
        "<",
        "2023",
        "2023-01-01",
        "\\",
        " ",
        "é",
        "中",
        "\x1b",
        "\u202e",
    ]
)
QUERIES = st.one_of(
    st.text(max_size=60),
    st.lists(_PIECES, max_size=14).map("".join),
    st.lists(st.one_of(_PIECES, st.text(max_size=4)), max_size=10).map("".join),
)


@settings(
    max_examples=100,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(QUERIES)
def test_arbitrary_queries_never_crash_and_stay_fast(library: Library, text: str) -> None:
    _check(library, text)
    _check(library, text)  # again, from the compiled-query cache


@settings(
    max_examples=30,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(QUERIES)
def test_matches_and_snippets_never_crash(library: Library, text: str) -> None:
    try:
        result = library.search(text, limit=3, snippets=0)
    except QueryError:
        return
    paths = [hit.path for hit in result.hits]
    library.snippets(text, paths)
    for path in paths:
        library.matches(text, path)


CLI_QUERIES = [
    "*",
    "a*",
    "*a*",
    "???????",
    '"unclosed',
    "(",
    "nosuchfield:x",
    "date:today",
    "\x1b]0;pwn\x07[bold]x[/]",
    "-starts-with-dash",
    "x" * 50_000,
]


def test_cli_search_with_bad_queries(library: Library, tmp_path: Path) -> None:
    env = cli_env(tmp_path)
    args = ["--corpus", str(library.corpus), "--index-dir", str(library.index_dir)]
    worst = 0.0
    for text in CLI_QUERIES:
        for extra in ([], ["--json"]):
            run = run_cli(["search", *extra, *args, "--", text], env)
            assert_no_traceback(run)
            assert run.code in (0, 1, 2), run.describe()
            assert_terminal_safe(run.stderr, what=f"stderr of {text[:40]!r}")
            if not extra:
                assert_terminal_safe(run.stdout, what=f"stdout of {text[:40]!r}")
            if run.code == 2:
                lines = run.err.strip().splitlines()
                assert len(lines) == 1 and lines[0].startswith("tuireader: "), run.describe()
            worst = max(worst, run.seconds)
    FIGURES["worst CLI search wall time (incl. start-up)"] = f"{worst:.2f} s"
