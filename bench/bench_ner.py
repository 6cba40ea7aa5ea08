"""NER speed: the tuireader Extractor against a plain spaCy loop, in the same run.

    python bench/bench_ner.py [--corpus /tmp/news/news-articles] [--sample 300]

The baseline loads the model with nothing excluded and calls `nlp(text)` once per text;
the Extractor keeps only the ner component and feeds `nlp.pipe` in batches, with two
processes from 200 texts on. Prints words per second of each and the ratio.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from tuireader.core.entities import Extractor
from tuireader.core.entities.extract import MODEL_PACKAGES


def body(path: Path) -> str:
    """The body of a seed-style file: what follows the header line and a blank line."""
    text = path.read_text(encoding="utf-8", errors="replace")
    head, sep, rest = text.partition("\n\n")
    return rest if sep and head.lstrip().startswith("date") else text


def baseline(texts: list[str]) -> tuple[float, int]:
    """Seconds and entity count for `for text in texts: nlp(text)`, full default pipeline."""
    import spacy

    nlp = None
    for name in MODEL_PACKAGES:
        try:
            nlp = spacy.load(name)
            break
        except OSError:
            continue
    if nlp is None:
        raise SystemExit("no spaCy English model installed")
    nlp(texts[0])  # warm up
    started = time.perf_counter()
    found = 0
    for text in texts:
        found += sum(1 for e in nlp(text).ents if e.label_ in ("PERSON", "ORG"))
    return time.perf_counter() - started, found


def ours(texts: list[str], n_process: int | None, batch_size: int) -> tuple[float, int, str]:
    """Seconds, entity count and backend for the Extractor (model load not timed)."""
    extractor = Extractor(n_process=n_process, batch_size=batch_size)
    backend = extractor.backend
    started = time.perf_counter()
    found = sum(len(raws) for raws in extractor.extract(texts))
    return time.perf_counter() - started, found, backend


def main() -> None:
    """Run both and print the ratio."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=Path("/tmp/news/news-articles"))
    ap.add_argument("--sample", type=int, default=300, help="number of articles")
    ap.add_argument("--n-process", type=int, default=None, help="default: chosen by size")
    ap.add_argument("--batch-size", type=int, default=64)
    args = ap.parse_args()

    files = sorted(args.corpus.glob("*.txt"))
    step = max(1, len(files) // args.sample)
    texts = [body(p) for p in files[::step][: args.sample]]
    words = sum(len(t.split()) for t in texts)
    print(f"{len(texts)} texts, {words} words")

    t_ours, n_ours, backend = ours(texts, args.n_process, args.batch_size)
    print(f"extractor ({backend}): {t_ours:.1f}s, {words / t_ours:,.0f} words/s, {n_ours} mentions")
    t_base, n_base = baseline(texts)
    print(
        f"baseline (full pipeline, nlp(text) loop): {t_base:.1f}s, "
        f"{words / t_base:,.0f} words/s, {n_base} mentions"
    )
    print(f"speed-up: {t_base / t_ours:.2f}x")


if __name__ == "__main__":
    main()
