"""The entity clean-up, merging, votes, corrections and listing, without the model.

Raw mentions are written by hand and fed straight to `resolve`, so these run in
milliseconds; the real model is exercised in test_entities_model.py.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from entity_cases import raw

from tuireader.core.entities import (
    Corrections,
    Extractor,
    TypeVotes,
    corrections_template,
    count_votes,
    document_listing,
    load_corrections,
    resolve,
)
from tuireader.core.entities import extract as extract_module
from tuireader.core.entities.acronyms import syllabic
from tuireader.core.entities.clean import clean_surface, junk_reason
from tuireader.core.entities.extract import split_chunks
from tuireader.core.entities.rules import credit_mentions, org_suffix_mentions
from tuireader.core.models import Mention, RawMention


def names(mentions: list[Mention], kind: str) -> set[str]:
    return {m.name for m in mentions if m.kind == kind}


# -- clean-up rules, one by one -------------------------------------------------------


@pytest.mark.parametrize(
    ("surface", "label", "expected"),
    [
        ("the Candlelight Party", "ORG", "Candlelight Party"),
        ("Sam Rainsy’s", "PERSON", "Sam Rainsy"),
        ("Hun Sen's", "PERSON", "Hun Sen"),
        ("Cambodian Prime Minister Hun Sen", "PERSON", "Hun Sen"),
        ("Mr. Tarpley", "PERSON", "Tarpley"),
        ("Dr Jane Smith QC", "PERSON", "Jane Smith"),
        ("Sen. Elizabeth Warren, D-Mass.", "PERSON", "Elizabeth Warren"),
        ("Pope Francis", "PERSON", "Francis"),
        ("“Theary", "PERSON", "Theary"),
        ("(Theary Seng)", "PERSON", "Theary Seng"),
        ("First Lady Melania Trump", "PERSON", "Melania Trump"),
        ("Lady Gaga", "PERSON", "Lady Gaga"),
        ("Mail Media Inc.", "ORG", "Mail Media Inc."),
        ("Cambodian People’s Party", "ORG", "Cambodian People’s Party"),
        ("Candlelight Party (CLP", "ORG", "Candlelight Party"),
        ("US-Justice Department", "ORG", "Justice Department"),
        ("Nevertheless Faki", "PERSON", "Faki"),
        ("Marine Le Pen Since", "PERSON", "Marine Le Pen"),
        ("Francois Fillon Ex", "PERSON", "Francois Fillon"),
        ("Wayne State University Sgt", "ORG", "Wayne State University"),
        ("KCNA news agency", "ORG", "KCNA"),
        ("Bozek-Jarvis said.- Congressional", "PERSON", "Bozek-Jarvis"),
        ("Crossbencher Lord Kerslake", "PERSON", "Kerslake"),
        ("Staffan de Mistura", "PERSON", "Staffan de Mistura"),
        ("Bank of America", "ORG", "Bank of America"),
        ("Theresa May", "PERSON", "Theresa May"),
        ("Follow Martha Waggoner", "PERSON", "Martha Waggoner"),
        ("Rapper Wiz Khalifa", "PERSON", "Wiz Khalifa"),
        ("Cllr Burke", "PERSON", "Burke"),
        ("Peter Singer", "PERSON", "Peter Singer"),
        ("PDT Escobar", "PERSON", "Escobar"),
        ("Sichuan Dawn Machinery Co. Contact", "ORG", "Sichuan Dawn Machinery Co."),
        ("Turkish Air Force F-16", "ORG", "Turkish Air Force"),
        ("BBC Radio 4", "ORG", "BBC Radio 4"),
        ("Channel 4", "ORG", "Channel 4"),
        ("Co. Dublin", "ORG", "Co. Dublin"),
        ("Councilor Yang Jiechi", "PERSON", "Yang Jiechi"),
        ("McCulloch said.- Shortly", "ORG", "McCulloch"),
        ('Ellis.-"It', "PERSON", "Ellis"),
        (".- Jane Smith", "PERSON", "Jane Smith"),
        ("Reuters Kim", "PERSON", "Kim"),
        ("Trump Russia", "PERSON", "Trump"),
        ("Hillary Russian", "ORG", "Hillary"),
        ("The World of Chinese", "ORG", "World of Chinese"),
        ("Air France", "ORG", "Air France"),
        ("Taoiseach Enda Kenny", "PERSON", "Enda Kenny"),
        ("Zhou Mo / China Daily Manufacturing", "PERSON", "Zhou Mo"),
        ("UK-based Mayborn Group", "ORG", "Mayborn Group"),
        ("China Daily European Weekly 01/27/2017", "ORG", "China Daily European Weekly"),
    ],
)
def test_clean_surface(surface: str, label: str, expected: str) -> None:
    cleaned = clean_surface(surface, label)
    assert cleaned is not None
    assert cleaned.text == expected
    assert surface[cleaned.offset : cleaned.offset + len(expected)] == expected


@pytest.mark.parametrize(
    "junk",
    [
        "jane@example.com",
        "www.example.com",
        "@handle",
        "2019",
        "June 2022",
        "X",
        "lowercase words",
        "---",
        "Page 12",
        "Cambodia",
        "Americans",
        "Brexit",
        "Send Facebook Twitter Google+ Whatsapp",
        "Committee",
        "Bangladeshi",
        "Yemenis",
        "Nepalese",
        "MPs",
        "8:38am PDT",
        "PST",
        "TD",
        "Agriculture",
        "Finance",
        "Islam",
        "Judaism",
        "Media Contact",
        "CELEBS TAKE PHOTO LEAKERS TO COURT",
    ],
)
def test_junk_is_recognised(junk: str) -> None:
    assert junk_reason(junk) is not None


@pytest.mark.parametrize(
    "name",
    [
        "Twitter",
        "Theary Seng",
        "CNRP",
        "UN",
        "ABC News",
        "Indiana",
        "Dennis",
        "Labour",
        "Treasury",
        "The Economist",
    ],
)
def test_names_are_not_junk(name: str) -> None:
    assert junk_reason(name) is None


def test_resolve_moves_spans_to_the_cleaned_text() -> None:
    text = "He met the Candlelight Party and Sam Rainsy’s lawyer."
    raws = [raw(text, "ORG", "the Candlelight Party"), raw(text, "PERSON", "Sam Rainsy’s")]
    mentions = resolve(text, raws, count_votes([raws]))
    assert [(m.text, text[m.start : m.end]) for m in mentions] == [
        ("Candlelight Party", "Candlelight Party"),
        ("Sam Rainsy", "Sam Rainsy"),
    ]


def test_junk_mentions_are_dropped() -> None:
    text = "Write to press@example.org or see Cambodia and 2019 and Brexit."
    raws = [
        raw(text, "ORG", "press@example.org"),
        raw(text, "ORG", "Cambodia"),
        raw(text, "PERSON", "2019"),
        raw(text, "PERSON", "Brexit"),
    ]
    assert resolve(text, raws, count_votes([raws])) == []


def test_dateline_is_not_an_organisation() -> None:
    text = "BEIRUT (Reuters) - Talks resumed."
    raws = [raw(text, "ORG", "BEIRUT")]
    mentions = resolve(text, raws, count_votes([raws]))
    assert [m.name for m in mentions] == ["Reuters"]


# -- in-document merging ----------------------------------------------------------------


SENG = (
    "Theary Seng was jailed. Her brother Sina Seng spoke. Hun Sen refused to pardon "
    "Seng Theary. Seng said nothing. Later Hun Sun spoke again, and Theary smiled."
)


def seng_raws() -> list[RawMention]:
    return [
        raw(SENG, "PERSON", "Theary Seng"),
        raw(SENG, "PERSON", "Sina Seng"),
        raw(SENG, "PERSON", "Hun Sen"),
        raw(SENG, "PERSON", "Seng Theary"),
        raw(SENG, "PERSON", "Seng", 3),
        raw(SENG, "PERSON", "Hun Sun"),
        raw(SENG, "PERSON", "Theary", 2),
    ]


def test_reversed_name_typo_and_first_name_merge() -> None:
    raws = seng_raws()
    mentions = resolve(SENG, raws, count_votes([raws]))
    by_text = {m.text: m.name for m in mentions}
    assert by_text["Seng Theary"] == "Theary Seng"
    assert by_text["Theary"] == "Theary Seng"
    assert by_text["Hun Sun"] == "Hun Sen"
    assert names(mentions, "person") == {"Theary Seng", "Sina Seng", "Hun Sen"}


def test_ambiguous_surname_is_not_a_third_person() -> None:
    raws = seng_raws()
    mentions = resolve(SENG, raws, count_votes([raws]))
    assert "Seng" not in {m.name for m in mentions}


def test_surname_merges_into_the_one_full_name() -> None:
    text = "Betsy DeVos was confirmed. DeVos thanked Mike Pence. Pence smiled."
    raws = [
        raw(text, "PERSON", "Betsy DeVos"),
        raw(text, "PERSON", "DeVos", 1),
        raw(text, "PERSON", "Mike Pence"),
        raw(text, "ORG", "Pence", 1),
    ]
    mentions = resolve(text, raws, count_votes([raws]))
    assert [(m.text, m.kind, m.name) for m in mentions] == [
        ("Betsy DeVos", "person", "Betsy DeVos"),
        ("DeVos", "person", "Betsy DeVos"),
        ("Mike Pence", "person", "Mike Pence"),
        ("Pence", "person", "Mike Pence"),
    ]


def test_generations_stay_apart() -> None:
    text = "Donald Trump Jr. met Donald Trump."
    raws = [raw(text, "PERSON", "Donald Trump Jr."), raw(text, "PERSON", "Donald Trump", 1)]
    mentions = resolve(text, raws, count_votes([raws]))
    assert names(mentions, "person") == {"Donald Trump Jr.", "Donald Trump"}


def test_short_organisation_form_merges_into_the_full_one() -> None:
    text = "The UN Human Rights Council met. The Human Rights Council said so."
    raws = [
        raw(text, "ORG", "UN Human Rights Council"),
        raw(text, "ORG", "Human Rights Council", 1),
    ]
    mentions = resolve(text, raws, count_votes([raws]))
    assert names(mentions, "org") == {"UN Human Rights Council"}


@pytest.mark.parametrize(
    ("first", "second"),
    [("Justice Department", "Department of Justice"), ("State Department", "Department of State")],
)
def test_a_body_named_both_ways_is_one(first: str, second: str) -> None:
    text = f"The {first} said so. Later the {second} denied it. The Foreign Office agreed."
    raws = [
        raw(text, "ORG", first),
        raw(text, "ORG", second),
        raw(text, "ORG", "Foreign Office"),
    ]
    mentions = resolve(text, raws, count_votes([raws]))
    assert len(names(mentions, "org")) == 2


@pytest.mark.parametrize(("union_mentions", "merged"), [(2, True), (1, False)])
def test_an_acronym_spelling_two_names_goes_to_the_one_used_most(
    union_mentions: int, merged: bool
) -> None:
    text = (
        "The European Union met. " * union_mentions
        + "The Energy Union stalled. The EU said no. The EU said yes."
    )
    raws = [raw(text, "ORG", "European Union", n) for n in range(union_mentions)]
    raws += [raw(text, "ORG", "Energy Union"), raw(text, "ORG", "EU"), raw(text, "ORG", "EU", 1)]
    mentions = resolve(text, raws, count_votes([raws]))
    expected = {"European Union", "Energy Union"} | (set() if merged else {"EU"})
    assert names(mentions, "org") == expected


def test_a_known_organisation_the_model_calls_a_person_is_one() -> None:
    text = "Enda Kenny of Fine Gael spoke. Boko Haram attacked. Fine Gael won."
    raws = [
        raw(text, "PERSON", "Enda Kenny"),
        raw(text, "PERSON", "Fine Gael"),
        raw(text, "PERSON", "Boko Haram"),
        raw(text, "PERSON", "Fine Gael", 1),
    ]
    votes = count_votes([raws] * 5)  # the corpus, too, calls them people
    mentions = resolve(text, raws, votes)
    assert names(mentions, "person") == {"Enda Kenny"}
    assert names(mentions, "org") == {"Fine Gael", "Boko Haram"}


# -- acronyms ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The Candlelight Party (CLP) was barred. Later the CLP appealed. CLP's leaders met.",
        "CLP, the Candlelight Party, was barred. Later the CLP appealed. CLP's leaders met.",
        "the Candlelight Party, or CLP, was barred. Later the CLP appealed. CLP's leaders met.",
    ],
)
def test_defined_acronym_is_an_alias_and_its_uses_count(text: str) -> None:
    raws = [raw(text, "ORG", "Candlelight Party")]
    mentions = resolve(text, raws, count_votes([raws]))
    assert names(mentions, "org") == {"Candlelight Party"}
    assert [m.text for m in mentions].count("CLP") == 3
    listing = document_listing(mentions)
    assert listing["organisations"] == [
        {"name": "Candlelight Party", "aliases": ["CLP", "Candlelight Party"], "mentions": 4}
    ]


def test_acronym_mislabelled_as_person_joins_its_organisation() -> None:
    text = "the Cambodian National Rescue Party (CNRP) was dissolved. CNRP members fled."
    raws = [raw(text, "ORG", "Cambodian National Rescue Party"), raw(text, "PERSON", "CNRP", 1)]
    mentions = resolve(text, raws, count_votes([raws]))
    assert {(m.kind, m.name) for m in mentions} == {("org", "Cambodian National Rescue Party")}
    assert len(mentions) == 3


def test_acronym_by_initials_without_definition() -> None:
    text = "The European Union said the EU would act."
    raws = [raw(text, "ORG", "European Union"), raw(text, "ORG", "EU")]
    mentions = resolve(text, raws, count_votes([raws]))
    assert names(mentions, "org") == {"European Union"}


def test_an_acronym_spelling_one_name_exactly_joins_it_among_several_it_heads() -> None:
    text = (
        "The United Nations sent its UN Refugee Agency, and the UN Development "
        "Programme paid. The UN said so."
    )
    raws = [
        raw(text, "ORG", "United Nations"),
        raw(text, "ORG", "UN Refugee Agency"),
        raw(text, "ORG", "UN Development Programme"),
        raw(text, "ORG", "UN", 2),
    ]
    mentions = resolve(text, raws, count_votes([raws]))
    un = [m for m in mentions if m.text == "UN"]
    assert len(un) == 1 and un[0].name == "United Nations"


def test_an_acronym_of_the_words_after_a_leading_acronym_joins_the_name() -> None:
    text = "The UN Economic and Social Commission for Western Asia (report). ESCWA said so."
    raws = [
        raw(text, "ORG", "UN Economic and Social Commission for Western Asia"),
        raw(text, "ORG", "ESCWA"),
    ]
    mentions = resolve(text, raws, count_votes([raws]))
    assert names(mentions, "org") == {"UN Economic and Social Commission for Western Asia"}


def test_agencies_in_a_credit_line_are_listed_even_in_lower_case() -> None:
    text = "The toll rose to 64.\naw/sms (AFP, dpa, Reuters)\n"
    mentions = resolve(text, [], count_votes([[]]))
    assert names(mentions, "org") == {"AFP", "dpa", "Reuters"}


def test_two_organisations_joined_by_and_the_are_two() -> None:
    text = "Loans from the Asian Infrastructure Investment Bank and the New Development Bank."
    raws = [raw(text, "ORG", "Asian Infrastructure Investment Bank and the New Development Bank")]
    mentions = resolve(text, raws, count_votes([raws]))
    assert names(mentions, "org") == {
        "Asian Infrastructure Investment Bank",
        "New Development Bank",
    }
    for m in mentions:
        assert text[m.start : m.end] == m.text


def test_and_the_inside_one_name_is_kept() -> None:
    text = "The Department of Health and the Environment said so."
    raws = [raw(text, "ORG", "Department of Health and the Environment")]
    mentions = resolve(text, raws, count_votes([raws]))
    assert names(mentions, "org") == {"Department of Health and the Environment"}


@pytest.mark.parametrize(
    ("full", "acronym", "expected"),
    [
        ("European Union Naval Force", "NAVFOR", True),
        ("Commission on Population", "POPCOM", True),
        ("Exxon Mobil Corp", "NYSE", False),
        ("Cambodian People's Party", "CPP", False),
    ],
)
def test_syllabic_acronyms(full: str, acronym: str, expected: bool) -> None:
    assert syllabic(acronym, full) is expected


def test_syllabic_acronym_in_brackets_is_an_alias() -> None:
    text = "The European Union Naval Force (NAVFOR) said NAVFOR ships were near."
    raws = [raw(text, "ORG", "European Union Naval Force")]
    mentions = resolve(text, raws, count_votes([raws]))
    assert names(mentions, "org") == {"European Union Naval Force"}
    assert [m.text for m in mentions].count("NAVFOR") == 2


def test_leading_acronym_with_the_same_tail_joins_the_full_name() -> None:
    text = "The People's Liberation Army Air Force flew. The PLA Air Force said so."
    raws = [
        raw(text, "ORG", "People's Liberation Army Air Force"),
        raw(text, "ORG", "PLA Air Force"),
    ]
    mentions = resolve(text, raws, count_votes([raws]))
    assert names(mentions, "org") == {"People's Liberation Army Air Force"}


def test_camel_case_compound_takes_its_first_part() -> None:
    # (each name also written mid-sentence: a rare word that only ever starts sentences
    # is taken for a common word, test_entity_rules_s8)
    text = "Shares of ExxonMobil grew. Exxon said so. Shares of Mobil did not."
    raws = [
        raw(text, "ORG", "ExxonMobil"),
        raw(text, "ORG", "Exxon", 1),
        raw(text, "ORG", "Mobil", 1),
    ]
    mentions = resolve(text, raws, count_votes([raws]))
    # only the first part: "Mobil" may be another company
    assert names(mentions, "org") == {"ExxonMobil", "Mobil"}


# -- votes -------------------------------------------------------------------------------


def test_corpus_votes_overrule_a_mislabel() -> None:
    text = "The wall, Trump said, would be built."
    doc = [raw(text, "ORG", "Trump")]
    others = [[RawMention("PERSON", "Trump", 0, 5)] for _ in range(5)]
    votes = count_votes([doc, *others])
    assert [m.kind for m in resolve(text, doc, votes)] == ["person"]
    # without the rest of the corpus the model's label stands
    assert [m.kind for m in resolve(text, doc, count_votes([doc]))] == ["org"]


def test_votes_add_and_remove_are_inverse() -> None:
    a = [RawMention("PERSON", "Hun Sen", 0, 7), RawMention("ORG", "CNRP", 10, 14)]
    b = [RawMention("ORG", "Hun Sen", 0, 7)]
    votes = count_votes([a])
    votes.add(b)
    assert votes.lean("hun sen") == 0
    votes.remove(b)
    assert votes == count_votes([a])
    votes.remove(a)
    assert votes == TypeVotes()


def test_bare_surname_takes_the_corpus_full_name() -> None:
    text = "Trump spoke."
    doc = [RawMention("PERSON", "Trump", 0, 5)]
    corpus = [[RawMention("PERSON", "Donald Trump", 0, 12)] for _ in range(5)]
    mentions = resolve(text, doc, count_votes([doc, *corpus]))
    assert [(m.name, m.text) for m in mentions] == [("Donald Trump", "Trump")]


class _TermInfo:
    def __init__(self, weight: int) -> None:
        self._weight = weight

    def weight(self) -> int:
        return self._weight


class _VoteReader:
    """What `corpus_votes` reads from the index: each "LABEL=text" term, its total count."""

    def __init__(self, docs: list[list[RawMention]]) -> None:
        from collections import Counter

        from tuireader.core.entity_pass import _vote_term

        self.terms = Counter(_vote_term(r) for doc in docs for r in doc)

    def iter_field(self, name: str) -> list[tuple[bytes, _TermInfo]]:
        assert name == "rawvote"
        return [(t.encode(), _TermInfo(n)) for t, n in sorted(self.terms.items())]


def _corpus() -> list[list[RawMention]]:
    def doc(*pairs: tuple[str, str]) -> list[RawMention]:
        return [RawMention(label, text, 0, len(text)) for label, text in pairs]

    return [
        *(
            doc(("PERSON", "Bashar al-Assad"), ("PERSON", "Assad"), ("GPE", "Syria"))
            for _ in range(4)
        ),
        doc(("PERSON", "Bashar al-Assad"), ("PERSON", "Bashar al-Assad"), ("ORG", "Assad")),
        doc(("PERSON", "Hafez al-Assad")),
        *(doc(("GPE", "Astana"), ("GPE", "Astana")) for _ in range(3)),
        doc(("PERSON", "Astana"), ("ORG", "Hamas"), ("NORP", "Hamas"), ("NORP", "Hamas")),
    ]


@pytest.mark.parametrize(
    ("text", "surface"),
    [
        ("Clashes in northern Rakhine state went on. Some fled Rakhine state.", "Rakhine"),
        ("The ship was taken near Alula. Alula town is small.", "Alula"),
        ("An operation in the Sahel and the Sahel, they said.", "Sahel"),
    ],
)
def test_a_bare_name_only_used_as_a_place_is_dropped(text: str, surface: str) -> None:
    raws = [raw(text, "PERSON", surface), raw(text, "PERSON", surface, 1)]
    assert resolve(text, raws, count_votes([raws])) == []


def test_the_before_a_person_with_a_noun_after_is_kept() -> None:
    text = "the Trump administration said Trump would go."
    raws = [raw(text, "PERSON", "Trump"), raw(text, "PERSON", "Trump", 1)]
    assert len(resolve(text, raws, count_votes([raws]))) == 2


@pytest.mark.parametrize(
    "text",
    [
        "Chad fights Boko Haram and other jihadist groups.",
        "Russia hit the Islamic State and Boko Haram groups.",
    ],
)
def test_one_of_several_groups_is_an_organisation_whatever_the_votes(text: str) -> None:
    doc = [raw(text, "PERSON", "Boko Haram")]
    corpus = [[RawMention("PERSON", "Boko Haram", 0, 10)] for _ in range(10)]
    mentions = resolve(text, doc, count_votes([doc, *corpus]))
    assert [(m.kind, m.name) for m in mentions] == [("org", "Boko Haram")]


def test_organisation_word_before_a_name_makes_it_an_organisation() -> None:
    text = "Jo Smith of property consultancy Gerald Eve said so."
    raws = [raw(text, "PERSON", "Jo Smith"), raw(text, "PERSON", "Gerald Eve")]
    mentions = resolve(text, raws, count_votes([raws]))
    assert {(m.kind, m.name) for m in mentions} == {("person", "Jo Smith"), ("org", "Gerald Eve")}


def test_bare_name_listed_with_organisations_is_an_organisation() -> None:
    text = "Signatories include the Federation of Small Businesses, Revo, the Retail Council."
    raws = [
        raw(text, "ORG", "the Federation of Small Businesses"),
        raw(text, "PERSON", "Revo"),
        raw(text, "ORG", "the Retail Council"),
    ]
    mentions = resolve(text, raws, count_votes([raws]))
    assert ("org", "Revo") in {(m.kind, m.name) for m in mentions}
    assert "person" not in {m.kind for m in mentions}


def test_person_listed_with_an_organisation_stays_a_person_when_votes_say_so() -> None:
    text = "Merkel and the SPD agreed."
    doc = [raw(text, "PERSON", "Merkel"), raw(text, "ORG", "SPD")]
    corpus = [[RawMention("PERSON", "Angela Merkel", 0, 13)] for _ in range(5)]
    mentions = resolve(text, doc, count_votes([doc, *corpus]))
    assert ("person", "Merkel") in {(m.kind, m.text) for m in mentions}


def test_place_labelled_form_the_corpus_calls_an_organisation_is_listed() -> None:
    text = "The Taliban said so."
    doc = [raw(text, "NORP", "Taliban")]
    corpus = [[RawMention("ORG", "Taliban", 0, 7)] for _ in range(5)]
    mentions = resolve(text, doc, count_votes([doc, *corpus]))
    assert [(m.kind, m.text) for m in mentions] == [("org", "Taliban")]
    # without that evidence a place label is never listed
    assert resolve(text, doc, count_votes([doc])) == []


def test_votes_from_the_index_equal_votes_from_documents() -> None:
    from tuireader.core.entity_pass import corpus_votes

    docs = _corpus()
    direct = count_votes(docs)
    indexed = corpus_votes(_VoteReader(docs))
    for part in ("person", "org", "place", "group", "surnames", "given", "org_first"):
        assert getattr(indexed, part) == getattr(direct, part), part


def test_lone_surname_takes_the_full_name_from_index_votes() -> None:
    from tuireader.core.entity_pass import corpus_votes

    votes = corpus_votes(_VoteReader(_corpus()))
    text = "Assad met envoys."
    mentions = resolve(text, [RawMention("PERSON", "Assad", 0, 5)], votes)
    assert [(m.kind, m.name, m.text) for m in mentions] == [("person", "Bashar al-Assad", "Assad")]


def test_a_form_the_corpus_calls_a_place_is_not_a_person() -> None:
    votes = count_votes(_corpus())
    text = "Talks in Astana went on. Astana said Hamas agreed."
    raws = [raw(text, "PERSON", "Astana", 1), raw(text, "ORG", "Hamas")]
    # place votes drop "Astana"; NORP votes never drop an organisation
    assert [(m.kind, m.text) for m in resolve(text, raws, votes)] == [("org", "Hamas")]


def test_place_votes_spare_a_name_written_in_full_here() -> None:
    votes = count_votes(_corpus())
    text = "Anna Astana spoke. Astana said no."
    raws = [raw(text, "PERSON", "Anna Astana"), raw(text, "PERSON", "Astana", 1)]
    assert {m.name for m in resolve(text, raws, votes)} == {"Anna Astana"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Defense Minister Hans Peter Doskozil said so.", "Hans Peter Doskozil"),
        ("Defense Minister Hans Peter Doskozil's plan.", "Hans Peter Doskozil"),
        ("Hans Peter Monday said so.", "Hans Peter"),
        ("Hans Peter Smith Jones said so.", "Hans Peter"),
        ("Hans Peter Astana said so.", "Hans Peter"),
    ],
)
def test_name_cut_after_a_given_name_takes_the_next_word(text: str, expected: str) -> None:
    corpus = [
        [RawMention("PERSON", name, 0, len(name))]
        for name in ("Peter Smith", "Peter Jones", "Peter Brown", "Peter Green", "Peter Li")
    ]
    corpus += [[RawMention("GPE", "Astana", 0, 6)] for _ in range(3)]
    doc = [raw(text, "PERSON", "Hans Peter")]
    mentions = resolve(text, doc, count_votes([doc, *corpus]))
    assert [m.name for m in mentions] == [expected]


def test_compound_surname_of_a_person_here_is_a_person() -> None:
    text = "Nkosazana Dlamini-Zuma left. Dlamini-Zuma said so."
    raws = [raw(text, "PERSON", "Nkosazana Dlamini-Zuma"), raw(text, "ORG", "Dlamini-Zuma", 1)]
    mentions = resolve(text, raws, count_votes([raws]))
    assert {(m.kind, m.name) for m in mentions} == {("person", "Nkosazana Dlamini-Zuma")}


def test_surname_of_a_person_here_is_a_person() -> None:
    text = "Kem Sokha was jailed. Sokha denied it."
    raws = [raw(text, "PERSON", "Kem Sokha"), raw(text, "ORG", "Sokha", 1)]
    mentions = resolve(text, raws, count_votes([raws]))
    assert {(m.kind, m.name) for m in mentions} == {("person", "Kem Sokha")}


# -- rule-based additions -----------------------------------------------------------------


def test_organisation_suffix_rule() -> None:
    text = (
        "Officials at the Ministry of Foreign Affairs wrote to the UN Working Group on "
        "Arbitrary Detention, and the Phnom Penh Municipal Court agreed."
    )
    found = {r.text for r in org_suffix_mentions(text)}
    assert found == {
        "Ministry of Foreign Affairs",
        "UN Working Group on Arbitrary Detention",
        "Phnom Penh Municipal Court",
    }


def test_organisation_suffix_rule_leaves_places_and_lone_words() -> None:
    text = "He lives in the West Bank. The Party met. Police said so."
    assert org_suffix_mentions(text) == []


def test_agency_credits() -> None:
    text = "She smiles. (Photo: AFP / UCAN files) WASHINGTON (Reuters) - AP Photo/Evan Vucci"
    assert [r.text for r in credit_mentions(text)] == ["AFP", "UCAN", "Reuters", "AP"]


def test_rules_add_what_the_model_missed() -> None:
    text = "Theary Seng walked out. (Photo: AFP / UCAN files) The Candlelight Party was barred."
    raws = [raw(text, "PERSON", "Theary Seng")]
    mentions = resolve(text, raws, count_votes([raws]))
    assert names(mentions, "org") == {"AFP", "UCAN", "Candlelight Party"}


def test_canonical_names_have_no_commas_or_newlines() -> None:
    text = "The Senate Health, Education, Labor and Pensions Committee voted."
    mentions = resolve(text, [], TypeVotes())
    assert [m.name for m in mentions] == ["Senate Health Education Labor and Pensions Committee"]
    assert mentions[0].text == "Senate Health, Education, Labor and Pensions Committee"


# -- corrections -------------------------------------------------------------------------


def write(tmp_path: Path, content: str) -> Path:
    path = tmp_path / "corrections.toml"
    path.write_text(content, encoding="utf-8")
    return path


def test_corrections_merge_rename_type_and_hide(tmp_path: Path) -> None:
    text = "Theary Seng met Sina Seng. The Khmer Bible and Brexit. The CNRP Party met."
    raws = [
        raw(text, "PERSON", "Theary Seng"),
        raw(text, "PERSON", "Sina Seng"),
        raw(text, "ORG", "Khmer Bible"),
        raw(text, "PERSON", "Brexit Xyz"[:6]),
        raw(text, "ORG", "CNRP Party"),
    ]
    path = write(
        tmp_path,
        """
hide = ["Khmer Bible"]
[merge]
"Sina Seng" = "Theary Seng"
[rename]
"CNRP Party" = "CNRP"
[type]
"CNRP" = "person"
"Brexit" = "hide"
""",
    )
    corrections, error = load_corrections(path)
    assert error is None
    mentions = resolve(text, raws, count_votes([raws]), corrections)
    assert {(m.kind, m.name, m.text) for m in mentions} == {
        ("person", "Theary Seng", "Theary Seng"),
        ("person", "Theary Seng", "Sina Seng"),
        ("person", "CNRP", "CNRP Party"),
    }


def test_broken_corrections_give_a_message_not_an_exception(tmp_path: Path) -> None:
    corrections, error = load_corrections(write(tmp_path, "[merge\n'a' = "))
    assert corrections == Corrections()
    assert error is not None and "not valid TOML" in error


def test_bad_entries_are_reported_and_skipped(tmp_path: Path) -> None:
    corrections, error = load_corrections(
        write(tmp_path, '[type]\n"A B" = "martian"\n"C D" = "org"\n')
    )
    assert corrections.kinds == {"c d": "org"}
    assert error is not None and "martian" in error


def test_missing_corrections_file_is_fine(tmp_path: Path) -> None:
    assert load_corrections(tmp_path / "nope.toml") == (Corrections(), None)


def test_template_parses_and_changes_nothing(tmp_path: Path) -> None:
    corrections, error = load_corrections(write(tmp_path, corrections_template()))
    assert error is None
    assert not corrections


# -- listing -----------------------------------------------------------------------------


def test_listing_sorted_by_mentions_then_name() -> None:
    mentions = [
        Mention("person", "B Person", "B", 0, 1),
        Mention("person", "A Person", "A Person", 2, 10),
        Mention("person", "B Person", "B Person", 11, 19),
        Mention("org", "Org", "Org", 20, 23),
    ]
    assert document_listing(mentions) == {
        "people": [
            {"name": "B Person", "aliases": ["B", "B Person"], "mentions": 2},
            {"name": "A Person", "aliases": ["A Person"], "mentions": 1},
        ],
        "organisations": [{"name": "Org", "aliases": ["Org"], "mentions": 1}],
    }


# -- extractor without the model ----------------------------------------------------------


def test_fallback_extractor_when_no_model_loads(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_model() -> None:
        raise OSError("no model here")

    monkeypatch.setattr(extract_module, "_load_spacy", no_model)
    extractor = Extractor()
    text = "Rights advocate Theary Seng met the Candlelight Party. (Photo: AFP)"
    [raws] = list(extractor.extract([text]))
    assert extractor.backend == "rules"
    assert extractor.warning is not None and "rule-based" in extractor.warning
    assert {(r.label, r.text) for r in raws} >= {
        ("PERSON", "Theary Seng"),
        ("ORG", "Candlelight Party"),
        ("ORG", "AFP"),
    }
    for r in raws:
        assert text[r.start : r.end] == r.text


def test_long_texts_are_cut_at_paragraphs() -> None:
    text = ("word " * 30 + "\n\n") * 100
    chunks = split_chunks(text, limit=1000)
    assert all(len(piece) <= 1000 for _, piece in chunks)
    assert "".join(piece for _, piece in chunks) == text
    assert all(text[offset : offset + len(piece)] == piece for offset, piece in chunks)
    assert all(piece.endswith("\n\n") for _, piece in chunks[:-1])


def test_importing_the_engine_does_not_import_spacy() -> None:
    code = "import sys, tuireader.core.entities; print('spacy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Source:-Al Jazeera News", "Source: Al Jazeera News"),
        ("Chowdhury,-Quasem and-Azmil", "Chowdhury, Quasem and Azmil"),
        ("the opposition or-Jamaat-e-Islami", "the opposition or Jamaat-e-Islami"),
        ("Jamaat-e-Islami and Al-Qaeda", "Jamaat-e-Islami and Al-Qaeda"),
        ("Bin-Laden, ex-President, report-for", "Bin-Laden, ex-President, report-for"),
        ("Federico Guti\ufffd\ufffdrrez said", "Federico Gutiaarrez said"),
    ],
)
def test_text_for_the_model_unglues_lost_spaces(text: str, expected: str) -> None:
    from tuireader.core.entities.extract import for_model

    assert for_model(text) == expected and len(for_model(text)) == len(text)


def test_two_organisations_joined_by_a_plain_and_are_two() -> None:
    text = "Cuts hit the Environmental Protection Agency and State Department hardest."
    raws = [raw(text, "ORG", "Environmental Protection Agency and State Department")]
    mentions = resolve(text, raws, count_votes([raws]))
    assert names(mentions, "org") == {"Environmental Protection Agency", "State Department"}


def test_two_known_people_tagged_as_one_organisation_are_two_people() -> None:
    text = "Kishida and Lavrov met. Fumio Kishida and Sergei Lavrov spoke."
    raws = [
        raw(text, "ORG", "Kishida and Lavrov"),
        raw(text, "PERSON", "Fumio Kishida"),
        raw(text, "PERSON", "Sergei Lavrov"),
    ]
    votes = count_votes([raws, raws, raws])
    mentions = resolve(text, raws, votes)
    assert names(mentions, "person") == {"Fumio Kishida", "Sergei Lavrov"}
    assert names(mentions, "org") == set()


@pytest.mark.parametrize(
    ("text", "surface", "label"),
    [
        ("Trucks pass through the French port of Calais each day.", "Calais", "PERSON"),
        ("The helicopter went down west of Loop Head in the storm.", "Loop Head", "ORG"),
        ("It happened near Loop Head, Co Clare, last March.", "Co Clare", "ORG"),
        ("She lived in Dewsbury Moor for years.", "Dewsbury Moor", "PERSON"),
        ("St Charles County police said so.", "St Charles County", "PERSON"),
        ("The St Patrick's Day parade went ahead.", "St Patrick", "PERSON"),
        ("He leads a Raleigh-based startup.", "Raleigh", "ORG"),
    ],
)
def test_places_and_days_are_not_names(text: str, surface: str, label: str) -> None:
    raws = [raw(text, label, surface)]
    assert resolve(text, raws, count_votes([raws])) == []


def test_an_organisation_is_at_a_name_not_a_place() -> None:
    text = "She worked at Google before the move."
    raws = [raw(text, "ORG", "Google")]
    assert names(resolve(text, raws, count_votes([raws])), "org") == {"Google"}


def test_a_full_name_in_possessive_after_in_is_a_person() -> None:
    text = "In Donald Trump's view, in Donald Trump's words, it was fine."
    raws = [raw(text, "PERSON", "Donald Trump", 0), raw(text, "PERSON", "Donald Trump", 1)]
    assert names(resolve(text, raws, count_votes([raws])), "person") == {"Donald Trump"}


def test_a_title_tagged_alone_takes_the_name_after_it() -> None:
    text = "This comes as Taoiseach Enda Kenny is expected to raise it."
    raws = [raw(text, "PERSON", "Taoiseach")]
    mentions = resolve(text, raws, count_votes([raws]))
    assert [(m.name, m.text) for m in mentions] == [("Enda Kenny", "Enda Kenny")]


def test_a_surname_cut_at_its_hyphen_is_made_whole() -> None:
    text = "Minister Maite Nkoana-Mashabane said so. Nkoana-Mashabane told reporters."
    raws = [raw(text, "PERSON", "Maite Nkoana")]
    mentions = resolve(text, raws, count_votes([raws]))
    assert names(mentions, "person") == {"Maite Nkoana-Mashabane"}


def test_a_bare_word_is_not_the_lower_case_tail_of_a_hyphenated_name() -> None:
    text = "Moon Jae-in leads. Moon said it. Former UN chief Ban Ki-moon agreed."
    raws = [
        raw(text, "PERSON", "Moon Jae-in"),
        raw(text, "PERSON", "Moon", 1),
        raw(text, "PERSON", "Ban Ki-moon"),
    ]
    mentions = resolve(text, raws, count_votes([raws]))
    assert {m.text: m.name for m in mentions}["Moon"] == "Moon Jae-in"


@pytest.mark.parametrize(
    ("a", "b"), [("Tad Cummins", "Ted Cummins"), ("Elizabeth Thomas", "Beth Thomas")]
)
def test_a_given_name_typo_or_short_form_is_the_same_person(a: str, b: str) -> None:
    text = f"{a} was seen. Later {b} was found."
    raws = [raw(text, "PERSON", a), raw(text, "PERSON", b)]
    assert len(names(resolve(text, raws, count_votes([raws])), "person")) == 1


def test_a_bare_first_word_joins_the_one_organisation_it_starts() -> None:
    text = "Imperial College London said so. The school at Imperial agreed."
    raws = [raw(text, "ORG", "Imperial College London"), raw(text, "ORG", "Imperial", 1)]
    assert names(resolve(text, raws, count_votes([raws])), "org") == {"Imperial College London"}


def test_a_bare_word_prefers_the_organisation_it_ends() -> None:
    text = "The House of Commons voted. The Commons Committee met. The Commons agreed."
    raws = [
        raw(text, "ORG", "House of Commons"),
        raw(text, "ORG", "Commons Committee"),
        raw(text, "ORG", "Commons", 2),
    ]
    mentions = resolve(text, raws, count_votes([raws]))
    assert {m.text: m.name for m in mentions}["Commons"] == "House of Commons"


def test_an_agency_credit_in_brackets_is_an_organisation() -> None:
    assert [r.text for r in credit_mentions('they intended to keep." [AP] RYAN')] == ["AP"]


def test_a_club_named_by_letters_and_a_number_is_an_organisation() -> None:
    text = "Leaders met at the G20 while MI6 watched."
    raws = [raw(text, "ORG", "G20"), raw(text, "PERSON", "MI6")]
    assert names(resolve(text, raws, count_votes([raws])), "org") == {"G20", "MI6"}


def test_rte_as_printed_is_an_organisation() -> None:
    text = "He told RT?'s Drivetime and RTÉ News that it was over."
    assert [r.text for r in credit_mentions(text)] == ["RT?", "RTÉ"]


def test_a_name_before_party_is_a_party_whatever_the_votes() -> None:
    text = "He told his Fine Gael party he would go. Fine Gael said so."
    raws = [raw(text, "PERSON", "Fine Gael"), raw(text, "PERSON", "Fine Gael", 1)]
    votes = count_votes([raws] * 10)
    assert names(resolve(text, raws, votes), "org") == {"Fine Gael"}


def test_a_common_word_starting_a_sentence_is_no_person() -> None:
    text = "He is a surgeon. Bariatric surgery helps. His bariatric work is known."
    raws = [raw(text, "PERSON", "Bariatric")]
    assert resolve(text, raws, count_votes([raws])) == []


def test_a_surname_starting_a_sentence_stays_a_person() -> None:
    text = "Denise Rich spoke. Rich said the rich pay."
    raws = [raw(text, "PERSON", "Denise Rich"), raw(text, "PERSON", "Rich", 1)]
    mentions = resolve(text, raws, count_votes([raws]))
    assert [m.name for m in mentions] == ["Denise Rich", "Denise Rich"]


def test_a_name_cut_after_its_particle_is_made_whole() -> None:
    text = "Marine Le Pen leads. Le Pen said so."
    raws = [raw(text, "PERSON", "Marine Le"), raw(text, "ORG", "Le Pen", 1)]
    mentions = resolve(text, raws, count_votes([raws]))
    assert [(m.kind, m.name) for m in mentions] == [("person", "Marine Le Pen")] * 2


def test_a_rare_name_shaped_form_tagged_org_is_a_person() -> None:
    text = "She beat Germany's Angelique Kerber in the final."
    raws = [raw(text, "ORG", "Angelique Kerber")]
    elsewhere = [RawMention("PERSON", "Angelique Dubois", 0, 16)]
    assert names(resolve(text, raws, count_votes([raws, elsewhere])), "person") == {
        "Angelique Kerber"
    }


def test_a_name_shaped_organisation_with_no_person_evidence_stays_one() -> None:
    text = "The United Nations said so."
    raws = [raw(text, "ORG", "United Nations")]
    assert names(resolve(text, raws, count_votes([raws])), "org") == {"United Nations"}


# -- session 6 rules ------------------------------------------------------------------


def test_gop_is_the_republican_party_not_an_adjective() -> None:
    text = "He advocated for language in the GOP platform."
    raws = [raw(text, "ORG", "GOP")]
    assert names(resolve(text, raws, count_votes([raws])), "org") == {"GOP"}


def test_a_name_cut_short_extends_to_the_organisation_the_corpus_knows() -> None:
    text = "Warplanes struck a building believed to contain Islamic State fighters."
    raws = [raw(text, "NORP", "Islamic")]
    corpus = [[RawMention("ORG", "Islamic State", 0, 13)] for _ in range(6)]
    mentions = resolve(text, raws, count_votes([raws, *corpus]))
    assert [(m.kind, m.text) for m in mentions] == [("org", "Islamic State")]
    # an unknown longer form is left alone
    assert resolve(text, raws, count_votes([raws])) == []


def test_social_networks_are_organisations_but_not_share_buttons() -> None:
    text = "Companies like Facebook and Twitter crack down on hate speech."
    raws = [raw(text, "PERSON", "Twitter")]
    mentions = resolve(text, raws, count_votes([raws]))
    assert names(mentions, "org") == {"Facebook", "Twitter"}
    assert names(mentions, "person") == set()
    buttons = "Send Facebook Twitter Google+ Whatsapp Tumblr"
    assert resolve(buttons, [], count_votes([])) == []


def test_places_listed_after_a_plural_place_noun_are_places() -> None:
    text = "Rebels were pushed out of the provinces of Daraa and Quneitra, he said."
    raws = [raw(text, "ORG", "Daraa"), raw(text, "PERSON", "Quneitra")]
    assert resolve(text, raws, count_votes([raws])) == []


def test_a_list_of_acronyms_is_several_organisations() -> None:
    text = "A report by the CIA, FBI and National Security Agency said so."
    raws = [raw(text, "ORG", "CIA"), raw(text, "ORG", "National Security Agency")]
    mentions = resolve(text, raws, count_votes([raws]))
    assert names(mentions, "org") == {"CIA", "National Security Agency"}


def test_two_person_spans_a_space_apart_are_one_name() -> None:
    text = "Rebels forced President Abd-Rabbu Mansour Hadi to flee."
    raws = [raw(text, "PERSON", "Abd-Rabbu"), raw(text, "PERSON", "Mansour Hadi")]
    mentions = resolve(text, raws, count_votes([raws]))
    assert names(mentions, "person") == {"Abd-Rabbu Mansour Hadi"}


def test_a_noun_for_an_organisation_before_a_name_makes_it_one() -> None:
    text = "said Maya Foa, a director at human rights organisation Reprieve, on Monday."
    raws = [raw(text, "PERSON", "Maya Foa"), raw(text, "PERSON", "Reprieve")]
    corpus = [[RawMention("PERSON", "Reprieve", 0, 8)] for _ in range(3)]
    mentions = resolve(text, raws, count_votes([raws, *corpus]))
    assert names(mentions, "org") == {"Reprieve"}
    assert names(mentions, "person") == {"Maya Foa"}


def test_one_place_noun_is_enough_for_a_single_word() -> None:
    text = "Visa-free travel between Hokkaido and the islands, off the island of Hokkaido."
    raws = [raw(text, "ORG", "Hokkaido"), raw(text, "ORG", "Hokkaido", 1)]
    assert resolve(text, raws, count_votes([raws])) == []
    # a facility says nothing: "the Bayernoil refinery" belongs to a company
    text = "Rosneft raises its stake in the Bayernoil refinery, and sells Bayernoil shares."
    raws = [raw(text, "ORG", "Bayernoil"), raw(text, "ORG", "Bayernoil", 1)]
    assert names(resolve(text, raws, count_votes([raws])), "org") == {"Bayernoil"}
