"""Rules from the errors of the twenty labelled sets: name shapes, reporters' credits,
names glued to an organisation, Arabic articles, place and media cues, damaged accents.

Raw mentions are written by hand, as in test_entities.py; each test fails without its rule.
"""

from __future__ import annotations

from entity_cases import kinds, raw, resolved_kinds

from tuireader.core.entities import count_votes, resolve
from tuireader.core.entities.clean import junk_reason
from tuireader.core.entities.namecues import initials_name, shouting, split_glued_name
from tuireader.core.entities.rules import known_org_mentions
from tuireader.core.models import RawMention

# -- a person's name by its shape or a credit -----------------------------------------


def test_reporter_credit_names_a_person() -> None:
    text = "The bill passed. ABC News' Morgan Korn contributed to this report."
    raws = [raw(text, "ORG", "Morgan Korn")]
    assert resolved_kinds(text, raws, [raws[0]]) == {"Morgan Korn": "person"}


def test_initials_before_a_surname_are_a_person() -> None:
    assert initials_name("H.P. Lovecraft") and initials_name("K Newton")
    assert not initials_name("U.S. Army") and not initials_name("D.C. Circuit")
    text = "He admired authors such as Edgar Allan Poe and H.P. Lovecraft in his youth."
    raws = [raw(text, "ORG", "H.P. Lovecraft")]
    assert resolved_kinds(text, raws)["H.P. Lovecraft"] == "person"


def test_roman_numeral_and_capitals_do_not_make_an_organisation() -> None:
    assert not shouting("Benigno Aquino III") and not shouting("H.P. Lovecraft")
    assert shouting("CNN Money")
    text = "It was launched by his predecessor, Benigno Aquino III, last year."
    raws = [raw(text, "PERSON", "Benigno Aquino III")]
    assert resolved_kinds(text, raws) == {"Benigno Aquino III": "person"}
    caption = "A boy at home. [ZHU LIXIN/CHINA DAILY] He studies."
    raws = [raw(caption, "PERSON", "ZHU LIXIN")]
    known = [RawMention("PERSON", "Zhu Lixin", 0, 9)] * 3
    assert resolved_kinds(caption, raws, known) == {"Zhu Lixin": "person"}


def test_well_known_surname_stays_a_person_beside_a_company_named_after_him() -> None:
    text = "Trump has played at Trump International Golf Course ten times."
    raws = [raw(text, "PERSON", "Trump"), raw(text, "ORG", "Trump International Golf Course")]
    corpus = [[RawMention("PERSON", "Donald Trump", 0, 12)]] * 20
    votes = count_votes([raws, *corpus])
    got = kinds(resolve(text, raws, votes))
    assert got["Donald Trump"] == "person"


# -- a person's name glued to what precedes it ----------------------------------------


def test_name_after_an_organisation_and_a_title_is_cut_off() -> None:
    text = "said Reserve Bank of Zimbabwe Governor John Mangudya at the auction."
    raws = [raw(text, "ORG", "Reserve Bank of Zimbabwe Governor John Mangudya")]
    got = resolved_kinds(text, raws)
    assert got == {"Reserve Bank of Zimbabwe": "org", "John Mangudya": "person"}


def test_name_after_an_organisation_starts_at_a_known_given_name() -> None:
    text = "Bank of Russia Elvira Nabiullina said rates would stay."
    raws = [raw(text, "ORG", "Bank of Russia Elvira Nabiullina")]
    given = [RawMention("PERSON", f"Elvira {s}", 0, 9) for s in ("Smith", "Jones", "Brown")]
    got = resolved_kinds(text, raws, [*given, RawMention("PERSON", "Elvira Nabiullina", 0, 17)])
    assert got == {"Bank of Russia": "org", "Elvira Nabiullina": "person"}


def test_a_name_with_a_given_name_inside_is_left_whole() -> None:
    given = [RawMention("PERSON", f"Ahmed {s}", 0, 9) for s in ("Ali", "Said", "Eynab")]
    votes = count_votes([given])
    whole = RawMention("PERSON", "Mohamud Ahmed Eynab", 0, 19)
    assert split_glued_name(whole, votes) == [whole]


def test_person_run_on_into_a_known_organisation_is_cut() -> None:
    text = "Additional reporting Pat McGrath Fine Gael members met."
    raws = [raw(text, "PERSON", "Pat McGrath Fine Gael")]
    assert resolved_kinds(text, raws) == {"Pat McGrath": "person", "Fine Gael": "org"}


# -- Arabic articles, places, media ---------------------------------------------------


def test_lower_case_arabic_article_starts_a_name() -> None:
    assert junk_reason("al-Qaeda") is None and junk_reason("al Qaeda") is None
    assert junk_reason("al-Shabab") is None
    text = "It is an al Qaeda splinter group."
    raws = [raw(text, "ORG", "al Qaeda")]
    assert resolved_kinds(text, raws) == {"al Qaeda": "org"}


def test_arabic_article_and_a_town_is_one_word_on_a_map() -> None:
    text = "A strike hit a building near the town of al-Bab on Monday."
    raws = [raw(text, "PERSON", "al-Bab")]
    corpus = [[RawMention("PERSON", "al-Bab", 0, 6)]] * 5
    assert resolved_kinds(text, raws, *corpus) == {}


def test_place_cues_capital_such_as_mayor_called_provinces() -> None:
    cases = [
        ("Speaking from Thuringia's capital, Erfurt, he added more.", "Erfurt"),
        ("Storms hit cities such as Gulfport, Biloxi and Mobile.", "Gulfport"),
        ("The former mayor of Wuerselen, a small town, spoke.", "Wuerselen"),
        ("He came in 1607 to a town called Jamestown with his family.", "Jamestown"),
        ("They were taken to hospitals in Gaziantep provinces near the border.", "Gaziantep"),
    ]
    for text, name in cases:
        raws = [raw(text, "ORG", name)]
        assert resolved_kinds(text, raws) == {}, name


def test_a_newspaper_named_by_the_noun_beside_it() -> None:
    text = "On March 14, the Kommersant daily published it. Independent radio station "
    text += "Ekho Moskvy said so."
    raws = [raw(text, "PERSON", "Kommersant"), raw(text, "PERSON", "Ekho Moskvy")]
    assert resolved_kinds(text, raws) == {"Kommersant": "org", "Ekho Moskvy": "org"}


def test_a_german_article_starts_a_title() -> None:
    text = "Der Spiegel's front page sums it up."
    raws = [raw(text, "PERSON", "Der Spiegel's")]
    assert resolved_kinds(text, raws) == {"Der Spiegel": "org"}


def test_organisation_word_after_a_country_name_does_not_make_a_body() -> None:
    text = "Talks between the Russian Federation and Ukraine resumed."
    places = [[RawMention("GPE", "Russian Federation", 0, 18)]] * 10
    assert resolved_kinds(text, [], *places) == {}


def test_known_organisation_with_damaged_accents() -> None:
    text = "Fianna F\ufffd\ufffdil and An Garda S?och\ufffd\ufffdna were there."
    found = {m.text for m in known_org_mentions(text)}
    assert found == {"Fianna F\ufffd\ufffdil", "Garda S?och\ufffd\ufffdna"}


def test_a_name_followed_by_its_web_address_is_an_organisation() -> None:
    text = "He is a partner at A.T. Kearney (www.atkearney.com), a global firm."
    raws = [raw(text, "ORG", "A.T. Kearney")]
    assert resolved_kinds(text, raws) == {"A.T. Kearney": "org"}
