"""Rules from the errors of the twenty-two labelled sets (session 9): first names that are
also months or titles, a first name the model cut off, a surname that is also a country,
contraction debris, a known organisation written with a capital particle.

Raw mentions are written by hand, as in test_entities.py; each test fails without its rule.
"""

from __future__ import annotations

from entity_cases import cleaned_text, raw, resolved_kinds

from tuireader.core.entities import count_votes, resolve
from tuireader.core.entities.clean import clean_surface
from tuireader.core.models import RawMention


def test_a_first_name_that_is_also_a_month_or_a_title_stays() -> None:
    for name in ("Jan Egeland", "Dean Schabner"):
        assert cleaned_text(name, "PERSON") == name
    assert cleaned_text("Jan. Egeland", "PERSON") == "Egeland"
    assert cleaned_text("Associate Dean John Smith", "PERSON") == "John Smith"


def test_a_first_name_the_model_cut_off_is_put_back() -> None:
    text = "The deal was legal. Lawyer Salvador Panelo said the account was joint. Panelo left."
    raws = [raw(text, "PERSON", "Panelo"), raw(text, "PERSON", "Panelo", 1)]
    assert resolved_kinds(text, raws) == {"Salvador Panelo": "person"}


def test_a_word_that_starts_a_sentence_is_no_first_name() -> None:
    text = "The deal was legal. Earlier Panelo said the account was joint."
    raws = [raw(text, "PERSON", "Panelo")]
    assert resolved_kinds(text, raws) == {"Panelo": "person"}


def test_a_surname_that_is_also_a_country_stays() -> None:
    text = "Rep. Jim Jordan, R-Ohio, said the bill would fail."
    raws = [raw(text, "PERSON", "Jim Jordan")]
    assert resolved_kinds(text, raws) == {"Jim Jordan": "person"}


def test_a_contraction_split_by_damage_is_no_name() -> None:
    text = "Sign up here. We'r basically your best friend with better taste."
    assert resolved_kinds(text, [raw(text, "PERSON", "We'r")]) == {}


def test_a_known_organisation_with_a_capital_particle_is_an_organisation() -> None:
    text = "Fighters of Jabhat Al-Nusra held the town."
    raws = [raw(text, "PERSON", "Jabhat Al-Nusra")]
    assert resolved_kinds(text, raws) == {"Jabhat Al-Nusra": "org"}


def test_a_surname_the_corpus_knows_is_no_place_where_the_model_said_so() -> None:
    text = "Owens died on a winning mission (according to General Mattis), not a failure."
    raws = [raw(text, "PERSON", "Mattis")]
    corpus = [RawMention("GPE", "Mattis", 0, 6)] * 80 + [
        RawMention("PERSON", "James Mattis", 0, 12)
    ] * 30
    assert resolved_kinds(text, raws, corpus) == {"James Mattis": "person"}


def test_a_lone_word_the_text_also_writes_in_lower_case_is_no_organisation() -> None:
    text = "Officials told Digital on Monday that digital sales were falling."
    assert resolved_kinds(text, [raw(text, "ORG", "Digital")]) == {}


def test_an_ordinal_starts_a_court_name() -> None:
    text = "The 9th US Circuit Court of Appeals in San Francisco will rule on Monday."
    assert resolved_kinds(text, []) == {"9th US Circuit Court of Appeals": "org"}


def test_a_word_that_opens_a_quotation_is_no_first_name() -> None:
    text = 'He posted: "Congratulations Amos, you are free." Amos thanked him.'
    raws = [raw(text, "PERSON", "Amos"), raw(text, "PERSON", "Amos", 1)]
    assert resolved_kinds(text, raws) == {"Amos": "person"}


def test_names_the_news_gives_one_body_are_one_entity() -> None:
    text = "The Islamic State group lost Mosul. ISIL fighters fled, and ISIS said nothing."
    raws = [raw(text, "ORG", "Islamic State"), raw(text, "ORG", "ISIL"), raw(text, "ORG", "ISIS")]
    mentions = resolve(text, raws, count_votes([raws]))
    assert {m.name for m in mentions if m.kind == "org"} == {"Islamic State"}


def test_a_lone_house_is_no_short_form_of_the_white_house() -> None:
    text = "The White House said the House would vote on Friday."
    raws = [raw(text, "ORG", "White House"), raw(text, "ORG", "House", 1)]
    mentions = resolve(text, raws, count_votes([raws]))
    assert {m.text: m.name for m in mentions} == {"White House": "White House", "House": "House"}


def test_a_committee_of_a_chamber_written_in_lower_case_is_not_the_chamber() -> None:
    assert cleaned_text("the House intelligence committee", "ORG") == "House intelligence committee"


def test_a_party_written_with_a_lower_case_party_is_an_organisation() -> None:
    text = "Both houses are held by Mr Trump's Republican party, and the Labour party wept."
    raws = [raw(text, "PERSON", "Trump"), raw(text, "NORP", "Republican")]
    assert resolved_kinds(text, raws) == {
        "Trump": "person",
        "Republican party": "org",
        "Labour party": "org",
    }


def test_a_party_short_form_joins_the_party_named_with_its_country() -> None:
    text = "The British Labour party lost the seat. Labour said it would fight on."
    raws = [raw(text, "ORG", "Labour", 1)]
    mentions = resolve(text, raws, count_votes([raws]))
    assert {m.name for m in mentions} == {"British Labour party"}


def test_a_word_the_model_also_calls_a_place_here_is_a_town() -> None:
    text = "Sarah Coutu, a mother from Milton, spoke. At a stop in Milton the crowd cheered."
    raws = [
        raw(text, "PERSON", "Sarah Coutu"),
        raw(text, "PERSON", "Milton"),
        raw(text, "GPE", "Milton", 1),
    ]
    assert resolved_kinds(text, raws) == {"Sarah Coutu": "person"}


def test_a_first_name_the_model_also_calls_a_place_stays_where_the_corpus_knows_it() -> None:
    text = "Rebecca said the flood had reached Rebecca's house in Rebecca Street."
    raws = [raw(text, "PERSON", "Rebecca"), raw(text, "GPE", "Rebecca", 2)]
    corpus = [RawMention("PERSON", "Rebecca Long", 0, 12)]
    assert resolved_kinds(text, raws, corpus) == {"Rebecca": "person"}


def test_a_role_after_a_body_is_cut_and_a_post_alone_is_no_body() -> None:
    for written, name in (
        ("Fox News Host", "Fox News"),
        ("AP Congressional Correspondent", "AP"),
        ("UN Special Coordinator", "UN"),
    ):
        assert cleaned_text(written, "ORG") == name
    assert clean_surface("Regional Humanitarian Coordinator", "ORG") is None
