"""Make N realistic documents from the shared news articles, deterministically.

    python -m bench.generate 10000 [--seed 7] [--out DIR]

Sentences of the 3,799 shared articles are shuffled across articles with a seeded RNG
(real names and vocabulary kept), grouped into paragraphs of 3-6 sentences, and written
in the seed layout (`` date YYYY-MM-DD title``, blank line, body) with dates spread over
2016-2017. Documents have about 600 words (450-750); every 5,000th one (numbers 0,
5000, ...) has about 5,000 words, so that the suite has long documents to open. The
same (N, seed) always gives the same files; a finished folder carries a marker and is
not rewritten.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import tarfile
from dataclasses import dataclass
from pathlib import Path

from bench.common import archive_path, data_dir, log

GENERATOR_VERSION = 1
MARKER = ".complete.json"
LONG_EVERY = 5000
LONG_WORDS = 5000
_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“‘'(])")
_FIRST = dt.date(2016, 1, 1)
_DAYS = (dt.date(2017, 12, 31) - _FIRST).days + 1


@dataclass(frozen=True, slots=True)
class Source:
    """The sentence and title pools drawn from the shared articles."""

    sentences: tuple[str, ...]
    words: tuple[int, ...]
    titles: tuple[str, ...]


def source_dir() -> Path:
    """The unpacked shared articles, unpacked from the archive on first use."""
    target = data_dir() / "source"
    folder = target / "news-articles"
    if folder.is_dir() and (target / MARKER).exists():
        return folder
    archive = archive_path()
    if not archive.exists():
        raise SystemExit(f"bench: the shared articles archive is missing: {archive}")
    log(f"unpacking {archive} into {target}")
    target.mkdir(parents=True, exist_ok=True)
    with tarfile.open(archive) as tar:
        tar.extractall(target, filter="data")
    (target / MARKER).write_text(json.dumps({"archive": str(archive)}), "utf-8")
    return folder


def load_source(folder: Path) -> Source:
    """Split every article into sentences; keep titles (sorted by file name: deterministic)."""
    sentences: list[str] = []
    titles: list[str] = []
    for path in sorted(folder.glob("*.txt")):
        text = path.read_text("utf-8", errors="replace")
        head, _, body = text.partition("\n")
        parts = head.strip().split(" ", 2)
        if len(parts) == 3 and parts[2].strip():
            titles.append(parts[2].strip())
        for paragraph in body.split("\n"):
            for sentence in _SPLIT.split(paragraph.strip()):
                sentence = sentence.strip()
                if len(sentence.split()) >= 4:
                    sentences.append(sentence)
    return Source(tuple(sentences), tuple(len(s.split()) for s in sentences), tuple(titles))


def make_document(source: Source, seed: int, number: int) -> str:
    """The text of document `number`: a header line, a blank line, paragraphs."""
    rng = random.Random(f"tuireader-bench:{seed}:{number}")
    date = _FIRST + dt.timedelta(days=rng.randrange(_DAYS))
    title = rng.choice(source.titles)
    wanted = LONG_WORDS if number % LONG_EVERY == 0 else rng.randint(450, 750)
    paragraphs: list[str] = []
    words = 0
    while words < wanted:
        paragraph = []
        for _ in range(rng.randint(3, 6)):
            index = rng.randrange(len(source.sentences))
            paragraph.append(source.sentences[index])
            words += source.words[index]
            if words >= wanted:
                break
        paragraphs.append(" ".join(paragraph))
    return f" date {date.isoformat()} {title}\n\n" + "\n\n".join(paragraphs) + "\n"


def document_name(number: int) -> str:
    """The file name of document `number`."""
    return f"doc_{number:06d}.txt"


def corpus_dir(count: int, seed: int) -> Path:
    """The folder of the generated corpus of `count` documents."""
    return data_dir() / f"corpus-{count}-s{seed}"


def generate(count: int, seed: int = 7, out: Path | None = None) -> Path:
    """Write `count` documents (skipped when the folder is already complete)."""
    folder = out or corpus_dir(count, seed)
    marker = folder / MARKER
    expected = {"count": count, "seed": seed, "version": GENERATOR_VERSION}
    try:
        if json.loads(marker.read_text("utf-8")) == expected:
            return folder
    except (OSError, ValueError):
        pass
    source = load_source(source_dir())
    log(f"generating {count:,} documents into {folder} ({len(source.sentences):,} sentences)")
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        (folder / document_name(number)).write_text(make_document(source, seed, number), "utf-8")
    for stray in folder.glob("doc_*.txt"):
        if int(stray.stem[4:]) >= count:
            stray.unlink()
    marker.write_text(json.dumps(expected), "utf-8")
    return folder


def main(argv: list[str] | None = None) -> None:
    """Command line: generate one corpus and print its folder."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    print(generate(args.count, args.seed, args.out))


if __name__ == "__main__":
    main()
