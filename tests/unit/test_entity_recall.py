"""Names the corpus knows, found where the model missed them in one document (recall.py).

Raw mentions are written by hand: `known` stands for the other documents of the corpus,
whose model labels are the votes. Each test fails without the rule it names.
"""

from __future__ import annotations

import pytest
from entity_cases import raw, resolved_kinds

from tuireader.core.entities import count_votes
from tuireader.core.entities.recall import RECALL_MIN_VOTES, known_label, recalled_mentions
from tuireader.core.models import RawMention


def votes_for(label: str, surface: str, n: int = RECALL_MIN_VOTES) -> list[RawMention]:
    return [RawMention(label, surface, 0, len(surface))] * n


@pytest.mark.parametrize(
    ("text", "seen", "known", "expected"),
    [
        (  # a person after "and", before "of"
            "Judiciary Committee members Mazie Hirono of Hawaii and Al Franken of Minnesota.",
            ("PERSON", "Mazie Hirono"),
            ("PERSON", "Al Franken"),
            {"Judiciary Committee": "org", "Mazie Hirono": "person", "Al Franken": "person"},
        ),
        (  # an organisation in a list
            "Groups such as Human Rights Watch and Amnesty International condemned it.",
            ("ORG", "Amnesty International"),
            ("ORG", "Human Rights Watch"),
            {"Human Rights Watch": "org", "Amnesty International": "org"},
        ),
    ],
)
def test_a_name_the_corpus_knows_is_found_where_the_model_missed_it(
    text: str, seen: tuple[str, str], known: tuple[str, str], expected: dict[str, str]
) -> None:
    raws = [raw(text, *seen)]
    assert resolved_kinds(text, raws, votes_for(*known)) == expected


def test_too_few_votes_or_a_split_vote_find_nothing() -> None:
    text = "Al Franken spoke after the vote."
    few = votes_for("PERSON", "Al Franken", RECALL_MIN_VOTES - 1)
    assert resolved_kinds(text, [], few) == {}
    split = votes_for("PERSON", "Al Franken") + votes_for("ORG", "Al Franken", 3)
    assert resolved_kinds(text, [], split) == {}


def test_a_name_inside_a_longer_capitalised_name_is_left_alone() -> None:
    text = "The Thomson Reuters Foundation paid for the study."
    known = votes_for("ORG", "Reuters")
    votes = count_votes([known])
    assert recalled_mentions(text, [], votes) == []


def test_a_title_before_the_name_is_no_longer_name() -> None:
    text = "House Speaker Paul Ryan told reporters on Wednesday."
    votes = count_votes([votes_for("PERSON", "Paul Ryan")])
    found = recalled_mentions(text, [], votes)
    assert [(m.label, m.text) for m in found] == [("PERSON", "Paul Ryan")]


def test_a_lone_common_word_is_not_recalled_where_it_may_be_one() -> None:
    text = "Media reports said so. The media was told. Time will tell."
    votes = count_votes([votes_for("ORG", "Media"), votes_for("ORG", "Time")])
    assert recalled_mentions(text, [], votes) == []


def test_a_lone_surname_is_not_recalled() -> None:
    votes = count_votes([votes_for("PERSON", "Trump")])
    assert known_label("trump", votes) is None
    assert recalled_mentions("Trump spoke.", [], votes) == []


def test_a_name_the_model_labelled_otherwise_here_is_left_to_that_label() -> None:
    text = "Fighters of the Kurdish YPG advanced."
    raws = [raw(text, "NORP", "Kurdish YPG")]
    votes = count_votes([votes_for("ORG", "YPG")])
    assert recalled_mentions(text, raws, votes) == []


def test_a_form_written_otherwise_in_the_corpus_is_not_recalled() -> None:
    votes = count_votes([votes_for("ORG", "Wikileaks")])
    assert recalled_mentions("WIKILEAKS published the files.", [], votes) == []


def test_a_full_name_is_recalled_after_any_capitalised_word() -> None:
    text = "He wrote to Russia's Permanent Representative to the UN Vitaly Churkin. The letter"
    votes = count_votes([votes_for("PERSON", "Vitaly Churkin")])
    assert [m.text for m in recalled_mentions(text, [], votes)] == ["Vitaly Churkin"]


def test_a_lone_word_is_recalled_only_as_letters_or_in_camel_case() -> None:
    text = "A poll by YouGov for CNN found that his March Budget was unpopular."
    votes = count_votes(
        [votes_for("ORG", "YouGov"), votes_for("ORG", "CNN"), votes_for("ORG", "Budget")]
    )
    assert [m.text for m in recalled_mentions(text, [], votes)] == ["YouGov", "CNN"]


def test_what_the_model_calls_a_person_but_no_name_is_not_recalled() -> None:
    text = "Work on Keystone XL resumed."
    votes = count_votes([votes_for("PERSON", "Keystone XL")])
    assert recalled_mentions(text, [], votes) == []
