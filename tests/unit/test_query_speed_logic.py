"""The logic behind bounded expansions and batched spans (not their timings).

Fuzzy terms expand in memory against a cached vocabulary with a bounded edit distance;
each distinct wildcard, prefix or fuzzy term is expanded once per query; spans of many
hits are read in one pass. These tests check that the answers stay those of the plain
Whoosh way, and that cut-short work says so.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from whoosh.reading import IndexReader
from whoosh.support.levenshtein import damerau_levenshtein

from tuireader.core import query as query_mod
from tuireader.core import search as search_mod
from tuireader.core.library import Library
from tuireader.core.query import make_parser, within_distance

DOCS = {
    "gov.txt": ("Government", "The government met. Governments fall; the governor spoke."),
    "swap.txt": ("Swap", "A gvoernment typo and the word form and from."),
    "prison.txt": ("Prison report", "Political prisoners were freed. A prisoner spoke."),
    "talks.txt": ("Peace talks", "The talks about prisoners and political reform."),
    "weather.txt": ("Weather", "Rain in Geneva; the forecast is political."),
    "cafe.txt": ("Café culture", "The café opened in Phnom Penh near the president."),
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("speed-corpus")
    for name, (title, body) in DOCS.items():
        (folder / name).write_text(f" date 2017-01-10 {title}\n\n{body}\n", "utf-8")
    return folder


@pytest.fixture(scope="module")
def lib(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    library = Library(corpus, tmp_path_factory.mktemp("speed-ix"))
    library.update(entities=False)
    yield library
    library.close()


def fresh(lib: Library) -> Library:
    """A second library on the same index: a new reader, so nothing is cached yet."""
    return Library(lib.corpus, lib.index_dir)


def paths_of(lib: Library, text: str) -> set[str]:
    lib._compiled.clear()
    return {hit.path for hit in lib.search(text, limit=100).hits}


def whoosh_paths(lib: Library, text: str) -> set[str]:
    """The same query run the plain Whoosh way: no bound, no cached vocabulary."""
    ix = lib._store.ix
    parser = make_parser(ix.schema)
    with ix.searcher() as searcher:
        q = parser.parse(text)
        # Whoosh expands title and body against their stems; ours against the words as
        # written. Expand against the vocabulary the plain way for a like-for-like answer.
        q = _plain_expand(q, searcher.reader())
        return {hit["path"] for hit in searcher.search(q, limit=None)}


def _plain_expand(q: Any, reader: Any) -> Any:
    from whoosh import query

    if isinstance(q, query.FuzzyTerm):
        # The base reader's listing compares every word with Whoosh's Damerau distance (a
        # single-segment reader would use an automaton that misses transpositions).
        words = IndexReader.terms_within(
            reader, "vocab", q.text.lower(), q.maxdist, prefix=q.prefixlength
        )
        analyzer = reader.schema[q.fieldname].analyzer
        stems = {token.text for word in words for token in analyzer(word)}
        return query.Or([query.Term(q.fieldname, stem) for stem in sorted(stems)])
    if q.is_leaf():
        return q
    return q.apply(lambda child: _plain_expand(child, reader))


def test_bounded_distance_agrees_with_whoosh() -> None:
    rng = random.Random(3)
    for _ in range(4000):
        a = "".join(rng.choice("abcd") for _ in range(rng.randint(0, 7)))
        b = list(a)
        for _ in range(rng.randint(0, 3)):  # a few random edits, swaps included
            op = rng.randint(0, 3)
            i = rng.randint(0, max(0, len(b) - 1))
            if op == 0 and b:
                del b[i]
            elif op == 1:
                b.insert(i, rng.choice("abcd"))
            elif op == 2 and b:
                b[i] = rng.choice("abcd")
            elif op == 3 and len(b) > 1 and i + 1 < len(b):
                b[i], b[i + 1] = b[i + 1], b[i]
        other = "".join(b)
        for maxdist in (0, 1, 2):
            expected = damerau_levenshtein(a, other) <= maxdist
            assert within_distance(a, other, maxdist) is expected, (a, other, maxdist)
    assert within_distance("goverment", "government", 1)
    assert within_distance("gvoernment", "government", 1)  # a swap is one edit
    assert not within_distance("gvoernment", "government", 0)


@pytest.mark.parametrize(
    "text",
    [
        "gvoernment~1",
        "presidnt~2",
        "forcast~2",
        "prisner~",
        "frmo~1",
        "spkoe~1",
        "gneeva~2 rain",
        "prisnoer~1/3",
    ],
)
def test_fuzzy_finds_what_whoosh_finds(lib: Library, text: str) -> None:
    expected = whoosh_paths(lib, text)
    assert paths_of(lib, text) == expected
    assert expected


def test_fuzzy_matches_the_word_as_typed_not_its_stem(lib: Library) -> None:
    # Whoosh stems "goverment" to "gover" before fuzzy matching and finds nothing.
    assert whoosh_paths(lib, "goverment~") == set()
    assert "gov.txt" in paths_of(lib, "goverment~")


def test_fuzzy_finds_a_transposition(lib: Library) -> None:
    # "gvoernment" is one swap from "government": both documents are found either way.
    assert paths_of(lib, "gvoernment~1") == {"gov.txt", "swap.txt"}
    # "form" and "from" are one swap apart; "spkoe" one swap from "spoke".
    assert paths_of(lib, "fomr~1") == {"swap.txt"}
    assert paths_of(lib, "spkoe~1") == {"gov.txt", "prison.txt"}
    assert paths_of(lib, "spkoe~1/3") == set()  # a prefix of 3 letters must be kept


def test_each_expansion_happens_once_per_query(
    lib: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[Any, ...]] = []
    real = query_mod._find_words

    def counting(q: Any, key: tuple[Any, ...], reader: Any, deadline: float) -> Any:
        calls.append(key)
        return real(q, key, reader, deadline)

    monkeypatch.setattr(query_mod, "_find_words", counting)
    for text, expected in [
        ("goverment~", 1),  # title and body share one expansion
        ("prison*", 1),
        ("prison* goverment~2 prison*", 2),
        ("title:prison* OR body:prison*", 1),
        ("path:t*", 1),
    ]:
        calls.clear()
        lib._compiled.clear()
        lib.search(text)
        assert len(calls) == expected, (text, calls)
    calls.clear()
    lib.search("path:t*")  # from the compiled-query cache: no expansion at all
    assert calls == []


def test_capped_expansion_notes(lib: Library, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(query_mod, "MAX_EXPANSION", 1)
    lib._compiled.clear()
    notes = lib.search("p*").notes
    assert any("words; searched the 1 most common" in note for note in notes), notes
    lib._compiled.clear()


@pytest.mark.parametrize("text", ["goverment~", "*ment*"])
def test_expansion_cut_by_time_says_so(
    lib: Library, monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    monkeypatch.setattr(query_mod, "QUERY_EXPANSION_SECONDS", -1.0)
    with fresh(lib) as other:  # a new reader: its vocabulary is not read yet
        result = other.search(text)
    assert any("in the time allowed" in note for note in result.notes), result.notes
    assert not any("too many" in note for note in result.notes)


def test_vocabulary_is_read_in_steps_and_sorted(
    lib: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(query_mod, "VOCABULARY_CHUNK", 3)
    with lib._store.ix.reader() as reader:
        vocab = query_mod.Vocabulary(reader)
        assert not vocab.advance(deadline=0.0)  # long past: nothing read, not complete
        assert not vocab.complete
        assert vocab.advance(deadline=float("inf"))
        expected = [w.decode("utf-8") for w in reader.lexicon("vocab")]
        assert vocab.words == expected == sorted(expected)
        assert query_mod.vocabulary(reader) is query_mod.vocabulary(reader)


SPAN_QUERIES = [
    "prisoner",
    '"political prisoners"',
    "prisoner NOT rain",
    "political NOT rain",
    "pol* OR talks",
    "politcal~ prisoners",
    "(rain OR café) AND NOT prisoner",
    '"the government" OR governor',
    "th*",
]


@pytest.mark.parametrize("text", SPAN_QUERIES)
def test_batch_spans_equal_single_spans(lib: Library, text: str) -> None:
    lib._compiled.clear()
    with lib._lock:
        compiled = lib._compile(text)
        searcher = lib._reader_searcher()
        docnums = [searcher.document_number(path=p) for p in sorted(DOCS)]
        mentions = {n: searcher.stored_fields(n) for n in docnums}
        batch = search_mod.body_spans_many(searcher, list(reversed(docnums)), compiled, mentions)
        for docnum in docnums:
            assert batch[docnum] == search_mod.body_spans(
                searcher, docnum, compiled, mentions[docnum]
            )
    result = lib.search(text)
    for hit in result.hits:
        assert hit.matches == lib.matches(text, hit.path)


def test_batch_spans_in_small_batches(lib: Library, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search_mod, "SPAN_BATCH", 2)
    test_batch_spans_equal_single_spans(lib, "pol* OR talks")


def test_negated_words_are_not_highlighted(lib: Library) -> None:
    doc = lib.document("weather.txt")
    assert doc is not None
    spans = lib.matches("political NOT prisoner", "weather.txt")
    assert [doc.body[s.start : s.end] for s in spans] == ["political"]


def test_snippets_stop_at_the_deadline_and_fill_lazily(
    lib: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search_mod, "SEARCH_SECONDS", -1.0)
    lib._compiled.clear()
    result = lib.search("political", snippets=20)
    assert result.hits and all(h.snippet is None and h.matches == () for h in result.hits)
    lazy = lib.snippets("political", [h.path for h in result.hits])
    assert set(lazy) == {h.path for h in result.hits}
    assert all("**" in snippet.marked() for snippet in lazy.values())
    monkeypatch.undo()
    lib._compiled.clear()
    assert all(h.snippet is not None for h in lib.search("political", snippets=20).hits)


@pytest.mark.parametrize("text", ['"the the the the the"', "the NOT political NOT government"])
def test_a_query_that_walks_every_document_still_stops_in_time(
    lib: Library, monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    # Whoosh's time limit looks at the clock only between matches: a query that walks
    # every document and matches few or none ran to its end. Out of time before it
    # starts, it must stop at its first block of postings and say so.
    lib._compiled.clear()
    expected = lib.search(text).total
    monkeypatch.setattr(search_mod, "rank_time_left", lambda started: -1.0)
    lib._compiled.clear()
    result = lib.search(text, count=False)
    assert any("cut short" in note for note in result.notes), result.notes
    assert result.total_exact is False and result.hits == ()
    compiled = lib._compile(text)
    with lib._lock:
        searcher = lib._reader_searcher()
        assert search_mod.count_matches(searcher, compiled, timelimit=-1.0) is None
        assert search_mod.count_matches(searcher, compiled, timelimit=5.0) == expected
    lib._compiled.clear()


def test_the_deadline_is_per_thread_and_nests() -> None:
    import threading

    from tuireader.core import whoosh_fixes

    seen: list[object] = []
    with whoosh_fixes.deadline(100.0):
        with whoosh_fixes.deadline(200.0):
            assert whoosh_fixes._clock.at == 100.0  # a nested block cannot extend it
        with whoosh_fixes.deadline(50.0):
            assert whoosh_fixes._clock.at == 50.0
        assert whoosh_fixes._clock.at == 100.0
        thread = threading.Thread(
            target=lambda: seen.append(getattr(whoosh_fixes._clock, "at", None))
        )
        thread.start()
        thread.join()
    assert whoosh_fixes._clock.at is None
    assert seen == [None]
