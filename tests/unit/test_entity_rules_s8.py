"""Rules from the errors of the twenty-two labelled sets (session 8): common words that
only start sentences, places listed or addressed, role nouns before a name, damaged
accents, names joined by a slash, the first word of a body's name, a day that starts a
newspaper's name.

Raw mentions are written by hand, as in test_entities.py; each test fails without its rule.
"""

from __future__ import annotations

from entity_cases import cleaned_text, raw, resolved_kinds

from tuireader.core.entities.clean import clean_surface
from tuireader.core.models import RawMention

# -- common words and role nouns ------------------------------------------------------


def test_a_word_capitalised_only_where_sentences_start_is_no_name() -> None:
    text = "The place is cheap. Lunch is available for 25 euros. Nitrogen dioxide is high."
    raws = [raw(text, "PERSON", "Lunch"), raw(text, "ORG", "Nitrogen")]
    assert resolved_kinds(text, raws) == {}


def test_a_name_the_corpus_knows_stays_where_it_starts_sentences() -> None:
    text = "The app grew. Spotify is available in 60 countries."
    raws = [raw(text, "ORG", "Spotify")]
    known = [RawMention("ORG", "Spotify", 0, 7)] * 3
    assert resolved_kinds(text, raws, known) == {"Spotify": "org"}


def test_a_role_noun_before_a_name_is_cut() -> None:
    text = "The farmers were angry. Farmer Elizabeth Antonio said the delays hurt them."
    raws = [raw(text, "PERSON", "Farmer Elizabeth Antonio")]
    assert resolved_kinds(text, raws) == {"Elizabeth Antonio": "person"}


def test_a_surname_cut_short_at_a_damaged_accent_is_made_whole() -> None:
    text = "German Finance Minister Wolfgang Sch?uble, who chairs the meeting, spoke."
    raws = [raw(text, "PERSON", "Wolfgang")]
    known = [RawMention("PERSON", "Wolfgang Puck", 0, 13)] * 3
    assert resolved_kinds(text, raws, known) == {"Wolfgang Sch?uble": "person"}


def test_a_sentence_after_a_lost_line_break_does_not_end_a_name() -> None:
    assert cleaned_text("Lavrov Among", "ORG") == "Lavrov"


# -- places ---------------------------------------------------------------------------


def test_words_listed_with_a_place_are_places() -> None:
    text = "All trains from Liverpool to Manchester, Warrington and Wigan are suspended."
    raws = [
        raw(text, "GPE", "Manchester"),
        raw(text, "ORG", "Warrington"),
        raw(text, "PERSON", "Wigan"),
    ]
    assert resolved_kinds(text, raws) == {}


def test_residents_and_rivers_put_a_name_on_the_map() -> None:
    text = "A Zawiya resident saw it. Water is taken from the Chari and Logone rivers."
    raws = [
        raw(text, "PERSON", "Zawiya"),
        raw(text, "ORG", "Chari"),
        raw(text, "ORG", "Logone"),
    ]
    assert resolved_kinds(text, raws) == {}


def test_an_address_after_an_age_is_a_place() -> None:
    text = "Alison Moss, 46, of Fox Walk, Walkley, denied murder."
    raws = [
        raw(text, "PERSON", "Alison Moss"),
        raw(text, "PERSON", "Fox Walk"),
        raw(text, "ORG", "Walkley"),
    ]
    assert resolved_kinds(text, raws) == {"Alison Moss": "person"}


def test_names_joined_by_a_slash_are_two_or_a_route() -> None:
    text = "The warning issued by GCHQ/National Cybersecurity Centre was read."
    raws = [raw(text, "ORG", "GCHQ/National Cybersecurity Centre")]
    assert resolved_kinds(text, raws) == {"GCHQ": "org", "National Cybersecurity Centre": "org"}
    route = "Tralee to Mallow/Cork/Dublin: a reduced timetable will operate."
    raws = [raw(route, "ORG", "Mallow/Cork/Dublin")]
    dublin = [RawMention("GPE", "Dublin", 0, 6)] * 3
    assert resolved_kinds(route, raws, dublin) == {}


# -- organisations --------------------------------------------------------------------


def test_a_first_word_that_starts_bodies_makes_an_organisation() -> None:
    text = "Air France and Air Caraibes cancelled all flights into Guiana."
    raws = [raw(text, "ORG", "Air France"), raw(text, "PERSON", "Air Caraibes")]
    airlines = [RawMention("ORG", f"Air {name}", 0, 4 + len(name)) for name in ("India", "Canada")]
    assert resolved_kinds(text, raws, airlines)["Air Caraibes"] == "org"


def test_a_day_starts_a_newspapers_name() -> None:
    assert cleaned_text("the Sunday Times", "ORG") == "Sunday Times"
    person = clean_surface("Sunday Trump", "PERSON")
    assert person is not None and person.text == "Trump"
