"""Entity quality does not slip: every hand-labelled set, scored by the shared scorer.

Votes are counted over each set alone (the README's figures count them over the whole
news corpus, which takes minutes), so the scores here differ a little from those. The
model and the rules are deterministic, so each floor is the score when it was set, less
0.005: a rule that costs any set a mention's worth fails here (as dropping "Labour" with
the ministers' briefs did, caught then only by hand). Raise a floor when a set improves.
"""

from __future__ import annotations

from typing import Any

import pytest
from bench.score_devset import ROOT, SEED_GOLD, body, listing_of, load_scorer

from tuireader.core.entities import Extractor, count_votes

DEVSET = ROOT / "tests" / "devset"
SCORER = SEED_GOLD / "score_entities.py"

FLOORS = {  # set: (people F1, organisations F1), 0.005 under each score of 2026-11-30 (session 12)
    # (heldout3's organisations went 0.880 -> 0.873 in session 6, "Monitoring group Syrian
    # Observatory for Human Rights" cut by the model moving from a wrong person to a wrong
    # organisation, then up to 0.900 with the known organisations; heldout10's went
    # 0.910 -> 0.898 in session 9: with its votes alone "Time", the magazine, is one of
    # the lone words the text also writes in lower case, which are no organisations;
    # heldout8's 0.795 -> 0.787: "NATO" and "North Atlantic Alliance", two entries that
    # both scored, are one now, which the duplication rate wanted; heldout7's people
    # 0.935 -> 0.920: with its votes alone, "Holly" and "Rebecca", which the model also
    # tags as places in their articles, are taken for towns, as "Milton" rightly is;
    # a few organisation floors 0.001-0.002 lower for the same reason as heldout8's;
    # in session 11, the model reading more hyphens as the spaces they stand for, heldout11
    # went people 0.926 -> 0.918 ("governing Law and Justice": "Law" a person) and
    # organisations 0.829 -> 0.811 ("DW Europe correspondent" an organisation), heldout8's
    # people 0.902 -> 0.896 (a "Recovery" heading a person); in session 12 heldout32's
    # organisations 0.836 -> 0.830 (the oil platforms "Brent Alpha and Brent Bravo", named
    # like people, listed once as an organisation); floors of sets that rose went up with
    # them)
    ".": (0.920, 0.898),
    "heldout": (0.944, 0.897),
    "heldout2": (0.933, 0.909),
    "heldout3": (0.965, 0.938),
    "heldout4": (0.954, 0.859),
    "heldout5": (0.935, 0.888),
    "heldout6": (0.966, 0.875),
    "heldout7": (0.923, 0.818),
    "heldout8": (0.899, 0.788),
    "heldout9": (0.950, 0.868),
    "heldout10": (0.972, 0.902),
    "heldout11": (0.913, 0.806),
    "heldout12": (0.923, 0.859),
    "heldout13": (0.964, 0.899),
    "heldout14": (0.962, 0.892),
    "heldout15": (0.956, 0.943),
    "heldout16": (0.886, 0.918),
    "heldout17": (0.935, 0.857),
    "heldout18": (0.923, 0.883),
    "heldout19": (0.913, 0.879),
    "heldout20": (0.914, 0.877),
    "heldout21": (0.958, 0.784),
    "heldout22": (0.960, 0.862),
    "heldout23": (0.948, 0.846),
    "heldout24": (0.947, 0.871),
    "heldout25": (0.946, 0.891),
    "heldout26": (0.907, 0.833),
    "heldout27": (0.920, 0.890),
    "heldout28": (0.892, 0.758),
    "heldout29": (0.903, 0.789),
    "heldout30": (0.927, 0.775),
    "heldout31": (0.921, 0.832),
    "heldout32": (0.887, 0.825),
    "heldout33": (0.916, 0.848),
    "heldout34": (0.922, 0.907),
    "heldout35": (0.928, 0.832),
    "heldout36": (0.964, 0.872),
    "heldout37": (0.927, 0.853),
    "heldout38": (0.962, 0.819),
    "heldout39": (0.936, 0.867),
    "heldout40": (0.904, 0.797),
    "heldout41": (0.888, 0.855),
    "heldout42": (0.950, 0.827),
    "heldout43": (0.918, 0.777),
    "heldout44": (0.931, 0.885),
    "heldout45": (0.932, 0.808),
    "heldout46": (0.887, 0.870),
    "heldout47": (0.919, 0.887),
    "heldout48": (0.945, 0.829),
    "heldout49": (0.839, 0.853),
    "heldout50": (0.865, 0.809),
    "heldout51": (0.927, 0.850),
    "heldout52": (0.920, 0.841),
    "heldout53": (0.926, 0.887),
    "heldout54": (0.956, 0.864),
    "heldout55": (0.903, 0.832),
    "heldout56": (0.851, 0.874),
    "heldout57": (0.977, 0.854),
    "heldout58": (0.914, 0.859),
    "heldout59": (0.956, 0.910),
    "heldout60": (0.820, 0.821),
    "heldout61": (0.920, 0.912),
    "heldout62": (0.948, 0.858),
    "heldout63": (0.961, 0.827),
    "heldout64": (0.953, 0.864),
    "heldout65": (0.947, 0.830),
    "heldout66": (0.866, 0.813),
    "heldout67": (0.866, 0.767),
    "heldout68": (0.944, 0.904),
    "heldout69": (0.894, 0.885),
    "heldout70": (0.917, 0.796),
    "heldout71": (0.958, 0.811),
    "heldout72": (0.887, 0.727),
    "heldout73": (0.917, 0.867),
    "heldout74": (0.940, 0.855),
    "heldout75": (0.890, 0.830),
    "heldout76": (0.948, 0.869),
    "heldout77": (0.892, 0.795),
    "heldout78": (0.887, 0.811),
}
MAX_DUPLICATION = 0.05
DUPLICATION_CEILINGS = {
    "heldout12": 0.075,
    "heldout16": 0.06,
    "heldout28": 0.09,
    "heldout29": 0.095,
    "heldout33": 0.075,
    "heldout35": 0.055,
    "heldout42": 0.085,
    "heldout45": 0.055,
    "heldout46": 0.065,
    "heldout47": 0.06,
    "heldout63": 0.065,
    "heldout65": 0.085,
    "heldout73": 0.07,
    "heldout75": 0.09,
}
"""heldout12 misses the 0.05 target today (a Bundesliga preview and four split organisations),
heldout16 too ("OLAF" beside "European Anti-Fraud Office"; 0.086 until session 9's known
aliases joined "Foreign Office" to "Foreign and Commonwealth Office" and "NATO" to "North
Atlantic Alliance"); heldout28 and heldout29 were scored unseen in session 10 at 0.080 with
the news corpus's votes (0.085 and 0.089 with their own); their errors, read in session 11,
are organisations named two ways in one article ("CDC" and "U.S. Centers for Disease
Control and Prevention", "Jabhat Fateh al-Sham" and its old name); heldout33 was scored
unseen in session 11 at 0.069 (0.071 with its own votes), heldout35 at 0.049 (0.050 with its
own votes), heldout42 at 0.081 (its people), heldout45 at 0.050, heldout46 at 0.058 (0.059
with its own votes) and heldout47 at 0.053; in session 12 heldout63 at 0.039 (0.059 with its
own votes) and heldout65 at 0.076 (0.078), heldout73 at 0.063 and heldout75 at 0.083. They
must not get worse."""


@pytest.fixture(scope="module")
def scorer() -> Any:
    if not SCORER.exists():
        pytest.skip(f"the shared scorer is not at {SCORER}")
    return load_scorer()


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    found = Extractor()
    if not found.backend.startswith("spacy"):
        pytest.skip("no spaCy model installed: the floors are for the model's output")
    return found


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_labelled_set_scores_at_least_its_floor(
    name: str, scorer: Any, extractor: Extractor
) -> None:
    folder = DEVSET / name
    docs = sorted((folder / "docs").glob("*.txt"))
    assert len(docs) >= 14
    texts = [body(p) for p in docs]
    raws = list(extractor.extract(texts))
    votes = count_votes(raws)
    listing = listing_of(docs, texts, raws, votes)
    result, missing = scorer.score(listing, False, folder / "gold")
    assert not missing
    people, orgs = FLOORS[name]
    assert result["people"]["f1"] >= people, result
    assert result["organisations"]["f1"] >= orgs, result
    ceiling = DUPLICATION_CEILINGS.get(name, MAX_DUPLICATION)
    assert result["people"]["dup"] <= ceiling, result
    assert result["organisations"]["dup"] <= ceiling, result
