"""Sports clubs (clubs.py): listed clubs always, clubs named like towns only in a sports
report, fixture lists the model reads as one person cut into their clubs, short forms
merged into the club's full name. Each test fails without the rule it names."""

from __future__ import annotations

from entity_cases import raw, resolved_kinds

from tuireader.core.entities import count_votes, resolve
from tuireader.core.entities.clubs import club_mentions, sports_report, without_clubs
from tuireader.core.models import RawMention

MATCH_REPORT = (
    "Bundesliga matchday 20: Mainz vs. Augsburg-(20:30 CET), Hamburg Schalke. "
    "The striker scored twice before half-time; the coach praised his squad, and the "
    "goalkeeper kept a clean sheet. Hertha Berlin host Leipzig on Sunday. "
    "Hertha have won four in a row."
)


def test_a_report_on_sport_is_told_from_one_that_mentions_it() -> None:
    assert sports_report(MATCH_REPORT)
    politics = "The coach of the party's campaign said the match between the two was close."
    assert not sports_report(politics)


def test_a_club_named_like_a_town_is_a_club_only_in_a_sports_report() -> None:
    found = {m.text for m in club_mentions(MATCH_REPORT, sports_report(MATCH_REPORT))}
    assert found == {
        "Mainz",
        "Augsburg",
        "Hamburg",
        "Schalke",
        "Hertha Berlin",
        "Leipzig",
        "Hertha",
    }
    elsewhere = "The summit in Hamburg ended. Werder Bremen's owners met the mayor of Mainz."
    assert {m.text for m in club_mentions(elsewhere, sports_report(elsewhere))} == {"Werder Bremen"}


def test_a_town_that_starts_a_longer_name_is_no_club() -> None:
    text = MATCH_REPORT + " The Leipzig Sports Museum opened an exhibition."
    found = [m for m in club_mentions(text, True) if m.start > len(MATCH_REPORT)]
    assert found == []


def test_a_fixture_the_model_read_as_one_person_becomes_two_clubs() -> None:
    raws = [raw(MATCH_REPORT, "PERSON", "Hamburg Schalke"), raw(MATCH_REPORT, "PERSON", "Hertha")]
    kinds = resolved_kinds(MATCH_REPORT, raws)
    assert kinds.get("Hamburg") == "org" and kinds.get("Schalke") == "org"
    assert "Hamburg Schalke" not in kinds


def test_a_club_cut_out_of_a_persons_mention_leaves_the_person() -> None:
    text = "Werder Bremen coach Alexander Nouri said the team had improved."
    raws = [raw(text, "PERSON", "Werder Bremen coach Alexander Nouri")]
    clubs = club_mentions(text, False)
    assert [(r.label, r.text) for r in without_clubs(raws, clubs)] == [
        ("PERSON", "coach Alexander Nouri")
    ]
    assert resolved_kinds(text, raws) == {"Werder Bremen": "org", "Alexander Nouri": "person"}


def test_a_clubs_short_form_is_merged_into_its_full_name() -> None:
    raws = [raw(MATCH_REPORT, "PERSON", "Hertha", 1)]
    mentions = resolve(MATCH_REPORT, raws, count_votes([raws]))
    hertha = {m.text: m.name for m in mentions if m.text.startswith("Hertha")}
    assert hertha == {"Hertha Berlin": "Hertha Berlin", "Hertha": "Hertha Berlin"}


def test_a_damaged_accent_or_a_line_break_does_not_hide_a_club() -> None:
    text = "Borussia M?nchengladbach and Werder\nBremen drew."
    assert [m.text for m in club_mentions(text, False)] == [
        "Borussia M?nchengladbach",
        "Werder\nBremen",
    ]


def test_the_model_label_is_overruled_only_where_a_club_is_named() -> None:
    text = "Sevilla is a city in Spain, said Leonardo Sevilla."
    raws = [RawMention("PERSON", "Leonardo Sevilla", 29, 45)]
    assert resolved_kinds(text, raws) == {"Leonardo Sevilla": "person"}
