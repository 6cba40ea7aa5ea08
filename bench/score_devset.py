"""Score the entity engine on the hand-labelled dev set and the seed document.

    python bench/score_devset.py [--votes-corpus /tmp/news/news-articles] [-v]
        [--docs tests/devset/heldout/docs --gold tests/devset/heldout/gold] [--no-seed]
    python bench/score_devset.py --all [--upto N] [--votes-corpus /tmp/news/news-articles] [-v]

Extracts raw mentions from tests/devset/docs/*.txt and the seed (raw mentions are cached
in a pickle under /tmp, keyed by the text's hash and that of the text the model reads,
never in the repo), computes the corpus votes over the dev docs or, with --votes-corpus,
over every article in that folder, resolves each document, writes a listing and scores
it against tests/devset/gold (or --docs/--gold) and the seed's gold with the shared
scorer. With -v it also lists the duplicates: gold entities that more than one listed
entry matches.
With --all it scores every labelled set (the dev set, each tests/devset/heldout*, the
seed; with --upto N, held-out sets 1..N only) in one run, one line each and the held-out
sets' F1 totals (votes over each set alone unless --votes-corpus is given).
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import inspect
import json
import pickle
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tuireader.core.entities import (
    Extractor,
    TypeVotes,
    count_votes,
    document_listing,
    resolve,
)
from tuireader.core.entities import extract as extract_module
from tuireader.core.entities.extract import for_model
from tuireader.core.models import RawMention

ROOT = Path(__file__).resolve().parent.parent
DEV_DOCS = ROOT / "tests" / "devset" / "docs"
DEV_GOLD = ROOT / "tests" / "devset" / "gold"
SHARED = ROOT.parent / "shared"  # ../shared beside the checkout
SEED = SHARED / "seeds" / "000_a6314058f7e748a2.txt"
SEED_GOLD = SHARED / "gold"
CACHE = Path("/tmp/tuireader_raw_mentions.pkl")


def body(path: Path) -> str:
    """The body of a seed-style file: what follows the ` date ... title` header line."""
    text = path.read_text(encoding="utf-8", errors="replace")
    head, sep, rest = text.partition("\n\n")
    return rest if sep and head.lstrip().startswith("date") else text


def raw_mentions(texts: list[str], extractor: Extractor) -> list[list[RawMention]]:
    """Raw mentions per text, from the pickle cache where the text was seen before."""
    cache: dict[str, dict[str, list[RawMention]]] = {}
    if CACHE.exists():
        try:
            cache = pickle.loads(CACHE.read_bytes())
        except Exception:  # a stale or broken cache is rebuilt
            cache = {}
    # a text's entry is keyed by the extractor's source (the whole module) and by the text
    # as written and as the model reads it (`for_model`, whatever words it takes from the
    # lexicon), so a change to either is extracted again
    source = inspect.getsource(extract_module)
    backend = f"{extractor.backend}|{hashlib.sha1(source.encode()).hexdigest()[:10]}"
    store = cache.setdefault(backend, {})
    keys = [hashlib.sha1(f"{t}\0{for_model(t)}".encode()).hexdigest() for t in texts]
    todo = [i for i, k in enumerate(keys) if k not in store]
    if todo:
        started = time.perf_counter()
        for i, raws in zip(todo, extractor.extract(texts[i] for i in todo), strict=True):
            store[keys[i]] = raws
        took = time.perf_counter() - started
        print(f"extracted {len(todo)} texts with {backend} in {took:.1f}s", file=sys.stderr)
        CACHE.write_bytes(pickle.dumps(cache))
    return [store[k] for k in keys]


def load_scorer() -> Any:
    """The shared scorer module (score_entities.py) beside the seed's gold."""
    spec = importlib.util.spec_from_file_location("score_entities", SEED_GOLD / "score_entities.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def print_duplicates(scorer: Any, documents: list[dict[str, Any]], gold_dir: Path) -> None:
    """Each gold entity that two or more listed entries match, with those entries."""
    for doc in documents:
        gold_file = gold_dir / f"{Path(doc['path']).stem}.json"
        if not gold_file.exists():
            continue
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        for kind in ("people", "organisations"):
            for entity in gold[kind]:
                forms = scorer.forms(entity)
                hits = [e["name"] for e in doc.get(kind, []) if scorer.forms(e) & forms]
                if len(hits) > 1:
                    print(f"  DUP {kind[:3]} {gold_file.stem}: {entity['name']} <- {hits}")


def corpus_votes(folder: Path, extractor: Extractor) -> TypeVotes:
    """The votes over every article of `folder` (raw mentions from the cache)."""
    return count_votes(raw_mentions([body(p) for p in sorted(folder.glob("*.txt"))], extractor))


def listing_of(
    paths: Sequence[Path], texts: Sequence[str], raws: Sequence[list[RawMention]], votes: TypeVotes
) -> list[dict[str, Any]]:
    """The scorer's listing of the documents: path, people and organisations of each."""
    return [
        {"path": path.name, **document_listing(resolve(text, doc_raws, votes))}
        for path, text, doc_raws in zip(paths, texts, raws, strict=True)
    ]


def labelled_sets(upto: int | None = None) -> list[tuple[str, list[Path], Path]]:
    """(name, documents, gold folder) of the dev set, each held-out set and the seed.

    With `upto`, held-out sets numbered above it are left out: a set being labelled, or one
    kept unseen until the rules are final, is not scored by accident.
    """
    held = sorted(DEV_DOCS.parent.glob("heldout*"), key=lambda d: int(d.name[7:] or 1))
    held = [d for d in held if upto is None or int(d.name[7:] or 1) <= upto]
    sets = [("dev", sorted(DEV_DOCS.glob("*.txt")), DEV_GOLD)]
    sets += [(d.name, sorted((d / "docs").glob("*.txt")), d / "gold") for d in held]
    return [*sets, ("seed", [SEED], SEED_GOLD)]


def score_all(
    extractor: Extractor, votes_corpus: Path | None, verbose: bool, upto: int | None = None
) -> None:
    """Score every labelled set in one run (one read of the raw-mention cache)."""
    sets = labelled_sets(upto)
    paths = [p for _, docs, _ in sets for p in docs]
    texts = {p: body(p) for p in paths}
    raws = dict(zip(paths, raw_mentions(list(texts.values()), extractor), strict=True))
    shared = corpus_votes(votes_corpus, extractor) if votes_corpus else None
    scorer = load_scorer()
    totals = [0.0, 0.0]
    for name, docs, gold in sets:
        doc_raws = [raws[p] for p in docs]
        votes = shared or count_votes(doc_raws)
        listing = listing_of(docs, [texts[p] for p in docs], doc_raws, votes)
        if verbose:
            print(f"== {name}")
        res, _ = scorer.score(listing, verbose, gold)
        if verbose:
            print_duplicates(scorer, listing, gold)
        people, orgs = res["people"], res["organisations"]
        print(
            f"{name:10} people F1 {people['f1']:.3f}  orgs F1 {orgs['f1']:.3f}  "
            f"dup {people['dup']:.3f} / {orgs['dup']:.3f}"
        )
        if name.startswith("heldout"):
            totals[0] += people["f1"]
            totals[1] += orgs["f1"]
    print(f"held-out F1 totals: people {totals[0]:.3f}, orgs {totals[1]:.3f}")


def main() -> None:
    """Run the pipeline and print the scores."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--votes-corpus", type=Path, help="folder of articles to count votes over")
    ap.add_argument("--out", type=Path, default=Path("/tmp/tuireader_devset_listing.json"))
    ap.add_argument("-v", action="store_true", help="list every false positive and miss")
    ap.add_argument("--docs", type=Path, default=DEV_DOCS, help="folder of labelled articles")
    ap.add_argument("--gold", type=Path, default=DEV_GOLD, help="folder of their gold labels")
    ap.add_argument("--no-seed", action="store_true", help="leave the seed document out")
    ap.add_argument("--all", action="store_true", help="score every labelled set, one line each")
    ap.add_argument(
        "--upto", type=int, help="with --all, leave out held-out sets above this number"
    )
    args = ap.parse_args()

    extractor = Extractor()
    if args.all:
        score_all(extractor, args.votes_corpus, args.v, args.upto)
        return
    docs = sorted(args.docs.glob("*.txt")) + ([] if args.no_seed else [SEED])
    texts = [body(p) for p in docs]
    raws = raw_mentions(texts, extractor)
    if args.votes_corpus:
        votes = corpus_votes(args.votes_corpus, extractor)
        names = {p.name for p in args.votes_corpus.glob("*.txt")}
        for path, doc_raws in zip(docs, raws, strict=True):
            if path.name not in names:
                votes.add(doc_raws)
    else:
        votes = count_votes(raws)
    started = time.perf_counter()
    listing = {"documents": listing_of(docs, texts, raws, votes)}
    took = time.perf_counter() - started
    args.out.write_text(json.dumps(listing, indent=1, ensure_ascii=False))
    print(
        f"backend {extractor.backend}; votes over {votes.documents} documents; "
        f"resolved {len(docs)} documents in {took:.2f}s; listing in {args.out}"
    )
    scorer = load_scorer()
    name = args.gold.parent.name if args.gold.name == "gold" else args.gold.name
    sets = [(name, args.gold)]
    if not args.no_seed:
        sets.append(("seed", SEED_GOLD))
    for label, gold in sets:
        print(f"== {label} ({len(list(gold.glob('*.json')))} gold files)")
        res, missing = scorer.score(listing["documents"], args.v, gold)
        if args.v:
            print_duplicates(scorer, listing["documents"], gold)
        for kind, r in res.items():
            print(kind, r)
        dup = max(res["people"]["dup"], res["organisations"]["dup"])
        print(
            f"people F1 {res['people']['f1']} orgs F1 {res['organisations']['f1']} "
            f"dup {dup} missing {len(missing)}"
        )


if __name__ == "__main__":
    main()
