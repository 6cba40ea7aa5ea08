"""The real spaCy model on the seed document: what the reader's side panel must show.

The model is loaded once for the module; the whole file takes a few seconds.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from tuireader.core.entities import Extractor, count_votes, document_listing, resolve
from tuireader.core.models import RawMention

SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_a6314058f7e748a2.txt"


def seed_body() -> str:
    text = SEED.read_text(encoding="utf-8")
    return text.partition("\n\n")[2]


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    ex = Extractor(n_process=1)
    if ex.backend == "rules":
        pytest.skip(f"no spaCy model installed: {ex.warning}")
    return ex


@pytest.fixture(scope="module")
def seed(extractor: Extractor) -> tuple[str, list[RawMention]]:
    body = seed_body()
    [raws] = list(extractor.extract([body]))
    return body, raws


@pytest.fixture(scope="module")
def listing(seed: tuple[str, list[RawMention]]) -> dict[str, Any]:
    body, raws = seed
    return document_listing(resolve(body, raws, count_votes([raws])))


def test_backend_names_the_model(extractor: Extractor) -> None:
    assert extractor.backend.startswith("spacy:en_core_web_sm")
    assert extractor.warning is None


def test_only_ner_runs_and_finds_what_it_found_with_tok2vec(extractor: Extractor) -> None:
    """The shared tok2vec feeds only the tagger and parser, which are left out: dropping it
    must not change a single entity."""
    import spacy

    from tuireader.core.entities.extract import EXCLUDED_PIPES, MODEL_PACKAGES

    assert extractor._nlp.pipe_names == ["ner"]
    name = next(n for n in MODEL_PACKAGES if spacy.util.is_package(n))
    with_tok2vec = spacy.load(name, exclude=EXCLUDED_PIPES)
    assert "tok2vec" in with_tok2vec.pipe_names
    body = seed_body()

    def spans(doc: Any) -> list[tuple[str, int, int]]:
        return [(e.label_, e.start_char, e.end_char) for e in doc.ents]

    assert spans(with_tok2vec(body)) and spans(with_tok2vec(body)) == spans(extractor._nlp(body))


def test_raw_spans_index_the_text(seed: tuple[str, list[RawMention]]) -> None:
    body, raws = seed
    assert raws
    assert all(body[r.start : r.end] == r.text for r in raws)
    assert {r.label for r in raws} <= {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"}
    assert {"PERSON", "ORG", "GPE"} <= {r.label for r in raws}


def test_place_mentions_are_votes_only(seed: tuple[str, list[RawMention]]) -> None:
    body, raws = seed
    mentions = resolve(body, raws, count_votes([raws]))
    places = {r.text for r in raws if r.label == "GPE"}
    assert {m.kind for m in mentions} <= {"person", "org"}
    assert not places & {m.text for m in mentions}


@pytest.mark.parametrize(
    "person", ["Theary Seng", "Sina Seng", "Hun Sen", "Kem Sokha", "Sam Rainsy"]
)
def test_each_person_listed_exactly_once(listing: dict[str, Any], person: str) -> None:
    entries = [e for e in listing["people"] if person in e["aliases"]]
    assert [e["name"] for e in entries] == [person]
    assert not any(person in e["aliases"] for e in listing["organisations"])


def test_seed_people_are_exactly_the_five(listing: dict[str, Any]) -> None:
    assert sorted(e["name"] for e in listing["people"]) == [
        "Hun Sen",
        "Kem Sokha",
        "Sam Rainsy",
        "Sina Seng",
        "Theary Seng",
    ]


@pytest.mark.parametrize(
    ("name", "acronym"),
    [
        ("Candlelight Party", "CLP"),
        ("Cambodian People’s Party", "CPP"),
        ("Cambodian National Rescue Party", "CNRP"),
    ],
)
def test_parties_with_their_acronyms(listing: dict[str, Any], name: str, acronym: str) -> None:
    entries = [e for e in listing["organisations"] if e["name"] == name]
    assert len(entries) == 1
    assert acronym in entries[0]["aliases"]
    assert entries[0]["mentions"] >= 2


def test_credits_and_rule_organisations(listing: dict[str, Any]) -> None:
    orgs = {e["name"] for e in listing["organisations"]}
    assert {"AFP", "UCAN", "UN Working Group on Arbitrary Detention"} <= orgs


def test_mention_spans_point_at_clean_text(seed: tuple[str, list[RawMention]]) -> None:
    body, raws = seed
    for m in resolve(body, raws, count_votes([raws])):
        assert body[m.start : m.end] == m.text
        assert m.text == m.text.strip()
        assert not m.text.endswith(("’s", "'s"))


def test_long_text_spans_survive_chunking(extractor: Extractor) -> None:
    body = seed_body()
    big = (body + "\n\n") * 3
    from tuireader.core.entities import extract as extract_module

    old = extract_module.CHUNK_CHARS
    extract_module.CHUNK_CHARS = len(body) + 10
    try:
        [raws] = list(extractor.extract([big]))
    finally:
        extract_module.CHUNK_CHARS = old
    assert all(big[r.start : r.end] == r.text for r in raws)
    assert max(r.start for r in raws) > 2 * len(body)


def test_worker_processes_find_exactly_what_one_process_finds(extractor: Extractor) -> None:
    # Forked workers send back only (label, start, end): the mentions must not change,
    # in order, across chunked and empty texts and more batches than workers.
    body = seed_body()
    paragraphs = [p for p in body.split("\n") if p.strip()]
    texts = [*paragraphs, "", body * 3, "Hun Sen met Kem Sokha in Phnom Penh."] * 3
    here = list(extractor.extract(texts))
    forked = list(Extractor(n_process=2).extract(texts))
    assert forked == here
    assert sum(len(raws) for raws in here) > 50


def test_a_dead_worker_process_costs_speed_not_mentions(
    extractor: Extractor, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A worker killed mid-batch (out of memory, kill -9): the batch and the rest are done
    # in this process, in order; nothing is lost and no traceback reaches the user.
    from tuireader.core.entities import extract as extract_module

    body = seed_body()
    texts = [p for p in body.split("\n") if p.strip()] * 2
    here = list(extractor.extract(texts))
    monkeypatch.setattr(extract_module, "_worker_spans", _dying_worker)
    forked = list(Extractor(n_process=2).extract(texts))
    assert forked == here


def _dying_worker(pieces: list[str]) -> list[Any]:
    """Stands in for the worker function: the worker process dies at once."""
    os._exit(9)


def test_corrections_rewrite_every_document_without_leaving_dead_copies(
    extractor: Extractor, seed_corpus: Path, index_dir: Path, tmp_path: Path
) -> None:
    # Applying corrections re-resolves every document from its stored raw mentions and
    # rewrites it; the replaced copies must not stay in the index (they skew the term
    # statistics and slow searches), whether or not NER has documents left to do.
    from tuireader.core.library import Library

    corrections = tmp_path / "corrections.toml"
    with Library(seed_corpus, index_dir, corrections_path=corrections) as lib:
        lib.update()
        assert lib.search('person:"Hun Sen"').total == 1
        corrections.write_text('[rename]\n"Hun Sen" = "Samdech Hun Sen"\n', "utf-8")
        lib.update()
        assert lib.search('person:"Samdech Hun Sen"').total == 1
        searcher = lib._store.ix.searcher()
        try:
            assert searcher.doc_count() == searcher.doc_count_all() == 1
        finally:
            searcher.close()


def test_entity_filters_find_and_mark_the_forms_written_in_the_text(
    extractor: Extractor, seed_corpus: Path, index_dir: Path, tmp_path: Path
) -> None:
    # The seed writes the Cambodian National Rescue Party as "CNRP" too: `org:CNRP`
    # finds it, and marks every mention of that party, however written.
    from tuireader.core.library import Library

    with Library(seed_corpus, index_dir, corrections_path=tmp_path / "none.toml") as lib:
        lib.update()
        result = lib.search("org:CNRP")
        assert result.total == 1
        document = lib.document(result.hits[0].path)
        assert document is not None
        marked = {document.body[s.start : s.end] for s in result.hits[0].matches}
        assert "CNRP" in marked and "Cambodian National Rescue Party" in marked
        assert lib.search('org:"Cambodian National Rescue Party"').total == 1
        assert lib.search("person:Theary").total == 1


def test_new_resolution_rules_re_resolve_every_index_once(
    extractor: Extractor,
    seed_corpus: Path,
    index_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # An index resolved with older rules (its marker names none, or another version) is
    # re-resolved from its stored raw mentions on the next update, once, without NER.
    from tuireader.core import library as library_module
    from tuireader.core.library import Library

    calls: list[int] = []
    real = library_module.reresolve_all

    def counted(*args: Any, **kwargs: Any) -> int:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(library_module, "reresolve_all", counted)
    with Library(seed_corpus, index_dir, corrections_path=tmp_path / "none.toml") as lib:
        lib.update()
        calls.clear()
        lib.update()
        assert calls == []  # resolved with these rules already
        (index_dir / "corrections.seen").write_text("", "utf-8")  # an index of before
        lib.update()
        assert calls == [1]
        lib.update()
        assert calls == [1]
        assert lib.search("org:CNRP").total == 1
