"""The query rewrites made for speed match exactly the documents they should.

`a NOT b` runs as Whoosh's AndNot (with its first-document bug fixed) and date ranges
are answered from the date column: both are checked against an oracle computed from
the generated texts, on an index of several segments with deletions.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from pathlib import Path

import pytest

from tuireader.core.library import Library

WORDS = ("alpha", "beta", "gamma", "delta", "kappa")
DAY0 = dt.date(2016, 11, 1)


def _write(corpus: Path, name: str, words: list[str], date: dt.date | None) -> None:
    header = f" date {date.isoformat()} Note {name}\n\n" if date else ""
    (corpus / name).write_text(header + " ".join(words) + "\n", "utf-8")


@pytest.fixture(scope="module")
def indexed(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[Library, dict[str, tuple[set[str], dt.date | None]]]]:
    rng = random.Random(5)
    corpus = tmp_path_factory.mktemp("corpus")
    lib = Library(corpus, tmp_path_factory.mktemp("ix"))
    truth: dict[str, tuple[set[str], dt.date | None]] = {}
    for batch in range(3):  # three updates: three segments
        for i in range(40):
            name = f"n{batch}_{i:02d}.txt"
            words = [rng.choice(WORDS) for _ in range(rng.randint(1, 6))]
            date = None if rng.random() < 0.15 else DAY0 + dt.timedelta(days=rng.randint(0, 150))
            _write(corpus, name, words, date)
            truth[name] = (set(words), date)
        lib.update(entities=False)
    for name in sorted(truth)[::7]:  # deletions in every segment
        (corpus / name).unlink()
        del truth[name]
    lib.update(entities=False)
    yield lib, truth
    lib.close()


def _in(date: dt.date | None, low: dt.date | None, high: dt.date | None) -> bool:
    if date is None:
        return False
    return (low is None or date >= low) and (high is None or date <= high)


D = dt.date
CASES = [
    ("alpha NOT beta", lambda w, d: "alpha" in w and "beta" not in w),
    ("alpha AND NOT beta AND NOT gamma", lambda w, d: "alpha" in w and not w & {"beta", "gamma"}),
    ("(alpha OR beta) NOT gamma", lambda w, d: bool(w & {"alpha", "beta"}) and "gamma" not in w),
    (
        "alpha beta NOT (gamma OR delta)",
        lambda w, d: {"alpha", "beta"} <= w and not w & {"gamma", "delta"},
    ),
    ("date:2017", lambda w, d: _in(d, D(2017, 1, 1), D(2017, 12, 31))),
    ("date:>2017-01-15", lambda w, d: _in(d, D(2017, 1, 16), None)),
    ("date:<2016-12-01", lambda w, d: _in(d, None, D(2016, 11, 30))),
    ("date:[2016-12-01 TO 2017-01-31]", lambda w, d: _in(d, D(2016, 12, 1), D(2017, 1, 31))),
    ("date:[2017-02-01 TO]", lambda w, d: _in(d, D(2017, 2, 1), None)),
    ("date:{2016-12-01 TO 2017-01-31}", lambda w, d: _in(d, D(2016, 12, 2), D(2017, 1, 30))),
    ("date:>2016-12", lambda w, d: _in(d, D(2017, 1, 1), None)),
    ("date:<2017", lambda w, d: _in(d, None, D(2016, 12, 31))),
    (
        "kappa date:[2016-12-01 TO 2017-01-31]",
        lambda w, d: "kappa" in w and _in(d, D(2016, 12, 1), D(2017, 1, 31)),
    ),
    (
        "kappa NOT date:2017",
        lambda w, d: "kappa" in w and not _in(d, D(2017, 1, 1), D(2017, 12, 31)),
    ),
    (
        "date:2017 NOT alpha",
        lambda w, d: _in(d, D(2017, 1, 1), D(2017, 12, 31)) and "alpha" not in w,
    ),
    ("NOT alpha", lambda w, d: "alpha" not in w),
]


@pytest.mark.parametrize(("text", "oracle"), CASES, ids=[case[0] for case in CASES])
def test_rewritten_queries_match_exactly_the_right_documents(
    indexed: tuple[Library, dict[str, tuple[set[str], dt.date | None]]], text: str, oracle: object
) -> None:
    lib, truth = indexed
    expected = {name for name, (words, date) in truth.items() if oracle(words, date)}  # type: ignore[operator]
    result = lib.search(text, limit=1000, snippets=0)
    assert {hit.path for hit in result.hits} == expected
    assert result.total == len(expected) and result.total_exact
    assert lib.count(text) == len(expected)


def test_a_segments_first_match_is_checked_against_the_excluded_word(tmp_path: Path) -> None:
    # Whoosh's AndNot kept the first document of `a` when `b` started on an earlier one.
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, text in (("a0.txt", "beta"), ("a1.txt", "alpha beta"), ("a2.txt", "alpha")):
        (corpus / name).write_text(text + "\n", "utf-8")
    with Library(corpus, tmp_path / "ix") as lib:
        lib.update(entities=False)
        assert [hit.path for hit in lib.search("alpha NOT beta").hits] == ["a2.txt"]


def test_an_uncounted_search_is_counted_by_the_ranking_itself(
    indexed: tuple[Library, dict[str, tuple[set[str], dt.date | None]]],
) -> None:
    # The array ranking (fast_rank) scores every match, so even without `count` the
    # number is exact; Library.count agrees.
    lib, truth = indexed
    expected = sum(1 for words, _ in truth.values() if "alpha" in words)
    quick = lib.search("alpha", limit=3, count=False)
    assert len(quick.hits) == 3 and quick.total_exact and quick.total == expected
    assert lib.count("alpha") == expected
    assert lib.search("alpha", limit=3).total == expected
    few = lib.search("alpha", limit=500, count=False)
    assert few.total_exact and few.total == expected
