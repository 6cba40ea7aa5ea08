"""The one-loop indexing of body and vocabulary gives exactly Whoosh's own postings."""

from __future__ import annotations

import pickle
from concurrent.futures import ThreadPoolExecutor

from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh import analysis

from tuireader.core import fused
from tuireader.core.schema import build_schema, english_stem, name_analyzer, text_analyzer

SCHEMA = build_schema()
BODY = SCHEMA["body"]
VOCAB = SCHEMA["vocab"]

TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from(list("abcXYZ019 ,.'’-_\n\tİıßæÆœéÉüÜñçÅåøØ\u0301\u0308ﬁ２ⅣΣσς")),
        st.characters(codec="utf-8"),
    ),
    max_size=200,
)


def whoosh_body(text: str) -> list[tuple[str, int, float, bytes]]:
    return sorted(fused._original_characters(BODY.format, text, BODY.analyzer, mode="index"))


def whoosh_vocab(text: str) -> list[tuple[str, int, float, bytes]]:
    return sorted(fused._original_existence(VOCAB.format, text, VOCAB.analyzer, mode="index"))


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_fused_body_postings_equal_whoosh_analysis(text: str) -> None:
    assert sorted(BODY.format.word_values(text, BODY.analyzer, mode="index")) == whoosh_body(text)


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_fused_vocabulary_equals_whoosh_analysis(text: str) -> None:
    assert sorted(VOCAB.format.word_values(text, VOCAB.analyzer, mode="index")) == whoosh_vocab(
        text
    )


def test_a_real_document_and_its_stems() -> None:
    text = "The Prime Minister's ministers were running; RUNS ran. Café CAFÉ cafe"
    mine = sorted(BODY.format.word_values(text, BODY.analyzer, mode="index"))
    assert mine == whoosh_body(text)
    terms = {term for term, *_ in mine}
    assert {"minist", "run", "cafe"} <= terms


def test_only_our_analyzers_take_the_fused_path() -> None:
    assert fused.fused_form(text_analyzer()) is not None
    assert fused.fused_form(name_analyzer()) is None
    french = (
        analysis.RegexTokenizer(r"\w+")
        | analysis.LowercaseFilter()
        | analysis.CharsetFilter(text_analyzer().items[2].charmap)
        | analysis.StemFilter(lang="fr", cachesize=-1)
    )
    assert fused.fused_form(french) is None  # Whoosh's own equality would say equal


def test_english_stems_are_snowball_3_s_in_every_thread() -> None:
    # Whoosh's own stemmer made "added" "ad", and "evening" the stem of "even".
    words = ["added", "evening", "even", "internal", "intern", "running", "ministers"]
    expected = ["add", "evening", "even", "internal", "intern", "run", "minist"]
    assert [english_stem(w) for w in words] == expected
    with ThreadPoolExecutor(4) as pool:
        for stems in pool.map(lambda _: [english_stem(w) for w in words * 200], range(8)):
            assert stems == expected * 200


def test_the_stemming_analyzer_survives_the_index_s_pickled_schema() -> None:
    analyzer = pickle.loads(pickle.dumps(text_analyzer()))
    assert [t.text for t in analyzer("They added it this evening")] == [
        "they",
        "add",
        "it",
        "this",
        "evening",
    ]
    assert fused.fused_form(analyzer) is not None
