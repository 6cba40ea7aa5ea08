"""Search: every query feature, stemming, malformed queries, suggestions, match spans."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tuireader.core import query as query_mod
from tuireader.core.library import Library
from tuireader.core.models import QueryError


def write(corpus: Path, name: str, title: str, body: str, date: str | None) -> None:
    header = f" date {date} {title}\n\n" if date else ""
    (corpus / name).write_text(header + body + "\n", "utf-8")


@pytest.fixture(scope="module")
def lib(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    corpus = tmp_path_factory.mktemp("corpus")
    write(
        corpus,
        "prison.txt",
        "Prison report",
        "Political prisoners were freed. A prisoner spoke.",
        "2017-01-10",
    )
    write(
        corpus,
        "talks.txt",
        "Peace talks",
        "The talks about prisoners and political reform.",
        "2017-02-20",
    )
    write(
        corpus, "weather.txt", "Weather", "Rain in Geneva; the forecast is political.", "2016-12-01"
    )
    write(corpus, "cafe.txt", "Café culture", "The café opened in Phnom Penh.", "2017-03-15")
    write(corpus, "undated.txt", "", "Plain text about an election without a header.", None)
    library = Library(corpus, tmp_path_factory.mktemp("ix"))
    library.update(entities=False)
    yield library
    library.close()


def paths_of(lib: Library, q: str, **kw: object) -> list[str]:
    return sorted(h.path for h in lib.search(q, **kw).hits)  # type: ignore[arg-type]


def test_terms_and_stemming(lib: Library) -> None:
    assert paths_of(lib, "prisoner") == ["prison.txt", "talks.txt"]
    assert paths_of(lib, "PRISONERS") == ["prison.txt", "talks.txt"]


def test_phrase_is_exact(lib: Library) -> None:
    assert paths_of(lib, '"political prisoners"') == ["prison.txt"]


def test_boolean_operators_and_parentheses(lib: Library) -> None:
    assert paths_of(lib, "political AND rain") == ["weather.txt"]
    assert paths_of(lib, "political NOT rain") == ["prison.txt", "talks.txt"]
    assert paths_of(lib, "(rain OR café) AND NOT political") == ["cafe.txt"]
    assert paths_of(lib, "political prisoners") == ["prison.txt", "talks.txt"]  # AND by default


def test_prefix_wildcard_fuzzy(lib: Library) -> None:
    assert paths_of(lib, "prison*") == ["prison.txt", "talks.txt"]
    assert paths_of(lib, "prisoners*") == ["prison.txt", "talks.txt"]
    assert paths_of(lib, "gen?va") == ["weather.txt"]
    assert paths_of(lib, "genva~") == ["weather.txt"]
    assert paths_of(lib, "forcast~2") == ["weather.txt"]


def test_accents_fold(lib: Library) -> None:
    assert paths_of(lib, "cafe") == ["cafe.txt"]
    assert paths_of(lib, "café") == ["cafe.txt"]


def test_field_filters(lib: Library) -> None:
    assert paths_of(lib, "title:report") == ["prison.txt"]
    assert paths_of(lib, "path:talks.txt") == ["talks.txt"]
    assert paths_of(lib, "path:t*") == ["talks.txt"]


def test_date_ranges(lib: Library) -> None:
    assert paths_of(lib, "date:2016") == ["weather.txt"]
    assert paths_of(lib, "date:[2017-01-01 to 2017-02-28]") == ["prison.txt", "talks.txt"]
    assert paths_of(lib, "political date:2017") == ["prison.txt", "talks.txt"]
    assert paths_of(lib, "date:>2017-03-01") == ["cafe.txt"]


def test_sort_by_date(lib: Library) -> None:
    hits = lib.search("political OR café", sort="date").hits
    assert [h.path for h in hits] == ["cafe.txt", "talks.txt", "prison.txt", "weather.txt"]


def test_hit_metadata(lib: Library) -> None:
    (hit,) = lib.search('"political prisoners"').hits
    assert hit.title == "Prison report"
    assert hit.date is not None and hit.date.isoformat() == "2017-01-10"
    assert hit.score > 0
    (undated,) = lib.search("election").hits
    assert undated.title == "undated" and undated.date is None


@pytest.mark.parametrize(
    "bad",
    [
        '"unclosed phrase',
        "(a OR b",
        "a OR b)",
        "date:[2017 to",
        "colour:red",
        "date:abc",
        "date:[2017-01-01 to 2017-02-30]",
    ],
)
def test_malformed_queries_raise_one_line(lib: Library, bad: str) -> None:
    with pytest.raises(QueryError) as info:
        lib.search(bad)
    message = str(info.value)
    assert message and "\n" not in message and len(message) < 240


def test_did_you_mean(lib: Library) -> None:
    result = lib.search("prisonrs")
    assert result.total == 0
    assert result.suggestion == "prisoners"
    assert lib.search("prisoners").suggestion is None
    assert lib.search("zzqqxx").suggestion is None


def test_spans_cover_matched_words(lib: Library) -> None:
    doc = lib.document("prison.txt")
    assert doc is not None
    spans = lib.matches("prisoner", "prison.txt")
    assert [doc.body[s.start : s.end] for s in spans] == ["prisoners", "prisoner"]
    phrase = lib.matches('"political prisoners"', "prison.txt")
    assert [doc.body[s.start : s.end] for s in phrase] == ["Political prisoners"]
    # Negated words are not highlighted.
    spans = lib.matches("prisoner NOT rain", "prison.txt")
    assert all(doc.body[s.start : s.end].lower().startswith("prisoner") for s in spans)


def test_hit_matches_equal_viewer_matches(lib: Library) -> None:
    (hit,) = lib.search('"political prisoners"').hits
    assert hit.matches == lib.matches('"political prisoners"', hit.path)
    assert hit.snippet is not None
    assert "**Political prisoners**" in hit.snippet.marked()


def test_snippets_for_rows_on_screen(lib: Library) -> None:
    result = lib.search("political", snippets=1)
    assert result.hits[0].snippet is not None
    assert all(h.snippet is None for h in result.hits[1:])
    lazy = lib.snippets("political", [h.path for h in result.hits[1:]])
    assert set(lazy) == {h.path for h in result.hits[1:]}
    assert all("political" in s.marked().lower() for s in lazy.values())


def test_expansion_is_capped_with_a_note(lib: Library, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(query_mod, "MAX_EXPANSION", 2)
    lib._compiled.clear()
    result = lib.search("p*")
    assert any("most common" in note for note in result.notes)
    lib._compiled.clear()


def test_empty_query_lists_every_document_newest_first(lib: Library) -> None:
    result = lib.search("   ")
    assert result.total == 5
    dated = [h.path for h in result.hits if h.date is not None]
    assert dated == ["cafe.txt", "talks.txt", "prison.txt", "weather.txt"]
    assert result.suggestion is None


def test_seed_phrase(seed_corpus: Path, index_dir: Path) -> None:
    with Library(seed_corpus, index_dir) as lib:
        lib.update(entities=False)
        (hit,) = lib.search("political prisoners").hits
        assert hit.title == "Cambodian PM says no to release of political prisoners"
        assert hit.date is not None and hit.date.isoformat() == "2023-06-28"


def test_every_document_with_a_word_is_found(news_corpus: Path, tmp_path: Path) -> None:
    """Recall: each document containing a plain word (whole word, any case) is a hit."""
    with Library(news_corpus, tmp_path / "ix") as lib:
        lib.update(entities=False)
        bodies = {p: (lib.document(p) or pytest.fail(p)).body for p in lib.all_paths()}
        for word in [
            "the",
            "said",
            "minister",
            "Trump",
            "election",
            "police",
            "China",
            "2017",
            "refugees",
            "oil",
            "court",
            "women",
        ]:
            pattern = re.compile(rf"(?<!\w){re.escape(word)}(?!\w)", re.IGNORECASE)
            expected = {p for p, body in bodies.items() if pattern.search(body)}
            found = {h.path for h in lib.search(word, limit=10_000, snippets=0).hits}
            assert expected <= found, (word, sorted(expected - found)[:5])
