"""Indexing a field's text in one loop instead of Whoosh's chain of filters.

Whoosh analyses a document by passing one `Token` object through a generator per filter
(tokenizer, lower case, accent folding, stemming), setting its attributes at every step:
most of the time of indexing a document goes there. For the analyzers of our schema
(`schema.text_analyzer`, `schema.word_analyzer`), `Characters.word_values` (the body)
and `Existence.word_values` (the vocabulary) now do the same work in one plain loop over
the regular expression's matches, with a cache of stems. Any other analyzer takes
Whoosh's own path. Queries still analyse their words with the analyzer itself; a test
compares the two on random text, so they cannot drift apart.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from whoosh import formats
from whoosh.analysis import CompositeAnalyzer
from whoosh.system import emptybytes

Positions = list[tuple[int, int, int]]
"""(position, start character, end character) of each occurrence of a term."""

STEM_CACHE_MAX = 500_000
"""Stems kept; the cache is emptied when it grows past this (a corpus's vocabulary is
typically a few hundred thousand words)."""


class Fused:
    """The one-loop form of an analyzer: a word pattern, lower case, a character
    folding table, and optionally English stemming."""

    def __init__(
        self, pattern: str, table: dict[int, Any], stem: Callable[[str], str] | None
    ) -> None:
        compiled = re.compile(pattern, re.UNICODE)
        self._finditer = compiled.finditer
        self._findall = compiled.findall
        self._table = table
        self._stems: dict[str, str] = {}
        self._stem = stem

    def _stemmed(self, word: str) -> str:
        stems = self._stems
        found = stems.get(word)
        if found is None:
            assert self._stem is not None
            if len(stems) >= STEM_CACHE_MAX:
                stems.clear()
            found = stems[word] = self._stem(word)
        return found

    def positions(self, text: str) -> dict[str, Positions]:
        """Each term of `text` with its occurrences, as the analyzer would give them."""
        seen: dict[str, Positions] = {}
        table = self._table
        stem = self._stemmed if self._stem is not None else None
        for pos, match in enumerate(self._finditer(text)):
            word = match.group().lower().translate(table)
            if stem is not None:
                word = stem(word)
            found = seen.get(word)
            if found is None:
                seen[word] = [(pos, match.start(), match.end())]
            else:
                found.append((pos, match.start(), match.end()))
        return seen

    def words(self, text: str) -> set[str]:
        """The distinct terms of `text`."""
        table = self._table
        words = {w.lower().translate(table) for w in self._findall(text)}
        if self._stem is not None:
            words = {self._stemmed(w) for w in words}
        return words


_FUSED: dict[int, tuple[Any, Fused | None]] = {}
"""id(analyzer) -> (the analyzer, kept alive so the id stays its own; its fused form or
None if it has none)."""
_REFERENCES: list[tuple[Any, Fused]] = []
"""(analyzer, its fused form) for the analyzers of our schema (see `register`)."""


def register(analyzer: Any, fused: Fused) -> None:
    """Declare `fused` the one-loop form of every analyzer equal to `analyzer`."""
    _REFERENCES.append((analyzer, fused))
    _FUSED.clear()


def fused_form(analyzer: Any) -> Fused | None:
    """The fused form of `analyzer` (an equal one was registered), or None."""
    known = _FUSED.get(id(analyzer))
    if known is not None and known[0] is analyzer:
        return known[1]
    found = None
    for reference, fused in _REFERENCES:
        if _same(analyzer, reference):
            found = fused
            break
    _FUSED[id(analyzer)] = (analyzer, found)
    return found


def _same(a: Any, b: Any) -> bool:
    """Whether two analyzers are the same chain of the same components with the same
    settings (Whoosh's own equality ignores some, such as a stemmer's language)."""
    if not (isinstance(a, CompositeAnalyzer) and isinstance(b, CompositeAnalyzer)):
        return False
    if len(a.items) != len(b.items):
        return False
    return all(
        type(x) is type(y) and _settings(x) == _settings(y)
        for x, y in zip(a.items, b.items, strict=True)
    )


def _settings(component: Any) -> dict[str, Any]:
    return {k: v for k, v in vars(component).items() if k != "_stem"}


_original_characters = formats.Characters.word_values
_original_existence = formats.Existence.word_values


def _characters_word_values(
    self: Any, value: Any, analyzer: Any, **kwargs: Any
) -> Iterator[tuple[str, int, float, bytes]]:
    fused = fused_form(analyzer) if isinstance(value, str) else None
    if fused is None or kwargs.get("mode", "index") != "index":
        yield from _original_characters(self, value, analyzer, **kwargs)
        return
    boost = self.field_boost
    encode = self.encode
    for word, occurrences in fused.positions(value).items():
        yield (word, len(occurrences), len(occurrences) * boost, encode(occurrences))


def _existence_word_values(
    self: Any, value: Any, analyzer: Any, **kwargs: Any
) -> Iterator[tuple[str, int, float, bytes]]:
    fused = fused_form(analyzer) if isinstance(value, str) else None
    if fused is None or kwargs.get("mode", "index") != "index":
        return _original_existence(self, value, analyzer, **kwargs)  # type: ignore[no-any-return]
    boost = self.field_boost
    return ((word, 1, boost, emptybytes) for word in fused.words(value))


def apply() -> None:
    """Install the fused paths (idempotent)."""
    formats.Characters.word_values = _characters_word_values
    formats.Existence.word_values = _existence_word_values
