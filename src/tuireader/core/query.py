"""Query text -> a checked, bounded Whoosh query.

The Whoosh query language over title and body (terms, "phrases", AND/OR/NOT,
parentheses, prefix* and wildcards, term~ fuzzy, field filters, date ranges), plus the
checks Whoosh does not make (unbalanced quotes and brackets, unknown fields, bad dates)
so that a malformed query gives one clear line, and a bound on how many index terms a
wildcard, prefix or fuzzy term may expand to, so that no query runs for seconds.
"""

from __future__ import annotations

import copy
import re
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from whoosh import qparser, query

from tuireader.core.models import QueryError

SEARCH_FIELDS = ("title", "body")
FIELD_ALIASES = {
    "org": ["organisation", "organization", "orgs"],
    "person": ["people", "persons"],
}
KNOWN_FIELDS = frozenset(
    {"title", "body", "path", "date", "person", "org"}
    | {alias for aliases in FIELD_ALIASES.values() for alias in aliases}
)
MAX_EXPANSION = 64
"""A wildcard, prefix or fuzzy term keeps at most this many index terms (the most common)."""
EXPANSION_SCAN_LIMIT = 50_000
EXPANSION_SECONDS = 0.15
QUERY_EXPANSION_SECONDS = 0.4
"""All the expansions of one query together stop after this long (many `x*` terms)."""
_FIELD_RE = re.compile(r"(?:(?<=^)|(?<=[\s(+\-]))([A-Za-z_]\w*):(?=\S)")


@dataclass(slots=True)
class CompiledQuery:
    """A parsed query ready to run, with what the viewer needs to highlight it."""

    text: str
    q: Any
    notes: list[str] = field(default_factory=list)
    body_terms: set[str] = field(default_factory=set)
    """Index terms (stems) of the body field that a matching document may contain."""
    phrases: list[tuple[str, ...]] = field(default_factory=list)
    """Body phrases: only their consecutive occurrences are highlighted."""
    entity_names: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)
    """(kind, lower-cased name words) of `person:` / `org:` filters."""
    expansion_deadline: float = 0.0
    """perf_counter() time after which no expansion of this query scans further."""


def make_parser(schema: Any) -> Any:
    """The query parser: title and body by default, AND between words."""
    parser = qparser.MultifieldParser(list(SEARCH_FIELDS), schema, fieldboosts={"title": 2.0})
    parser.add_plugin(qparser.FuzzyTermPlugin())
    parser.add_plugin(qparser.GtLtPlugin())
    parser.add_plugin(qparser.FieldAliasPlugin(FIELD_ALIASES))
    return parser


MAX_QUERY_CHARS = 2_000
MAX_WORD_CHARS = 200
MAX_NESTING = 50


def precheck(text: str) -> None:
    """Reject what Whoosh would misread or choke on: unbalanced quotes and brackets,
    unknown fields, and sizes whose parsing time grows with their square."""
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(
            f"query too long ({len(text):,} characters; at most {MAX_QUERY_CHARS:,})"
        )
    longest = max((len(word) for word in text.split()), default=0)
    if longest > MAX_WORD_CHARS:
        raise QueryError(f"a word of {longest:,} characters is too long to search for")
    if text.count('"') % 2:
        raise QueryError('unclosed quote: add the closing " to finish the phrase')
    outside = re.sub(r'"[^"]*"', '""', text)
    for opening, closing, name in (("(", ")", "parenthesis"), ("[", "]", "bracket")):
        depth = 0
        for char in outside:
            depth += (char == opening) - (char == closing)
            if depth < 0:
                raise QueryError(f"unexpected {closing!r}: no matching opening {name}")
            if depth > MAX_NESTING:
                raise QueryError(f"too deeply nested (more than {MAX_NESTING} levels)")
        if depth > 0:
            raise QueryError(f"unclosed {name}: add the closing {closing!r}")
    for match in _FIELD_RE.finditer(outside):
        name = match.group(1)
        if name.lower() not in KNOWN_FIELDS:
            known = ", ".join(sorted({"title", "body", "path", "date", "person", "org"}))
            raise QueryError(f"unknown field {name!r}: use one of {known}")


def compile_query(text: str, parser: Any, reader: Any) -> CompiledQuery:
    """Parse and check `text`, bound its expansions against `reader`; QueryError if malformed."""
    precheck(text)
    try:
        q = parser.parse(text)
    except Exception as exc:  # Whoosh raises assorted errors (TimeError, ValueError ...)
        raise QueryError(f"cannot read this query: {_first_line(exc)}") from exc
    errors = [getattr(leaf, "error", None) for leaf in _walk(q)]
    errors = [e for e in errors if e]
    if errors:
        raise QueryError(f"cannot read this query: {_first_line(errors[0])}")
    compiled = CompiledQuery(text=text, q=q)
    compiled.expansion_deadline = time.perf_counter() + QUERY_EXPANSION_SECONDS
    compiled.q = _bound(q, reader, compiled)
    _collect(compiled.q, compiled, negated=False)
    return compiled


def _first_line(error: object) -> str:
    text = str(error).strip() or type(error).__name__
    return text.splitlines()[0][:200]


def _walk(q: Any) -> list[Any]:
    out = [q]
    for child in q.children():
        out.extend(_walk(child))
    return out


_MULTI = (query.Prefix, query.Wildcard, query.FuzzyTerm, query.Regex)


def _bound(q: Any, reader: Any, compiled: CompiledQuery) -> Any:
    """Replace each multi-term query by an OR of at most MAX_EXPANSION of its terms."""
    if isinstance(q, _MULTI):
        return _expand(q, reader, compiled)
    if q.is_leaf():
        return q
    return q.apply(lambda child: _bound(child, reader, compiled))


def _expand(q: Any, reader: Any, compiled: CompiledQuery) -> Any:
    """Expand against the unstemmed vocabulary, so `prisoners*` and `prisner~` find words
    as written, then search the stems of the words found in the stemmed field."""
    fieldname = q.fieldname
    source = "vocab" if fieldname in SEARCH_FIELDS else fieldname
    probe = copy.copy(q)
    probe.fieldname = source
    if source == "vocab":
        probe.text = q.text.lower()
    found: list[tuple[int, str]] = []
    cut_short = False
    deadline = min(time.perf_counter() + EXPANSION_SECONDS, compiled.expansion_deadline)
    listing = _DeadlineReader(reader, deadline)  # `?x`, `*x`: few matches, all terms read
    for scanned, term in enumerate(probe._btexts(listing), 1):
        text = term.decode("utf-8") if isinstance(term, bytes) else term
        found.append((reader.doc_frequency(source, text), text))
        if scanned >= EXPANSION_SCAN_LIMIT or (
            scanned % 256 == 0 and time.perf_counter() > deadline
        ):
            cut_short = True
            break
    cut_short = cut_short or listing.cut_short
    found.sort(key=lambda pair: (-pair[0], pair[1]))
    kept = [text for _, text in found[:MAX_EXPANSION]]
    label = _describe(q)
    if cut_short:
        _note(compiled, f"{label} matches too many words; searched the most common found")
    elif len(found) > MAX_EXPANSION:
        _note(
            compiled,
            f"{label} matches {len(found):,} words; searched the {MAX_EXPANSION} most common",
        )
    if source == "vocab":
        analyzer = reader.schema[fieldname].analyzer
        stems: dict[str, None] = {}
        for word in kept:
            for token in analyzer(word):
                stems[token.text] = None
        kept = list(stems)
    if not kept:
        return query.NullQuery
    return query.Or([query.Term(fieldname, text, boost=q.boost) for text in kept])


class _DeadlineReader:
    """A reader whose term listings stop at a deadline, so that the time bound holds even
    when a wildcard matches few of the terms it reads (Whoosh filters them internally)."""

    def __init__(self, reader: Any, deadline: float) -> None:
        self._reader = reader
        self._deadline = deadline
        self.cut_short = False

    def __getattr__(self, name: str) -> Any:
        return getattr(self._reader, name)

    def _bounded(self, terms: Iterable[Any]) -> Iterator[Any]:
        for read, term in enumerate(terms, 1):
            if read % 256 == 0 and time.perf_counter() > self._deadline:
                self.cut_short = True
                return
            yield term

    def lexicon(self, fieldname: str) -> Iterator[Any]:
        return self._bounded(self._reader.lexicon(fieldname))

    def expand_prefix(self, fieldname: str, prefix: Any) -> Iterator[Any]:
        return self._bounded(self._reader.expand_prefix(fieldname, prefix))


def _describe(q: Any) -> str:
    if isinstance(q, query.FuzzyTerm):
        return f"{q.text}~"
    if isinstance(q, query.Prefix):
        return f"{q.text}*"
    return str(getattr(q, "text", q))


def _note(compiled: CompiledQuery, note: str) -> None:
    if note not in compiled.notes:
        compiled.notes.append(note)


def _collect(q: Any, compiled: CompiledQuery, *, negated: bool) -> None:
    """Gather the positive body terms, phrases and entity names that the viewer highlights."""
    if isinstance(q, query.Not):
        return
    if isinstance(q, query.AndNot):
        _collect(q.a, compiled, negated=negated)
        return
    if isinstance(q, query.Term):
        if q.fieldname == "body":
            compiled.body_terms.add(q.text)
        elif q.fieldname in ("person", "org"):
            compiled.entity_names.append((q.fieldname, (q.text,)))
        return
    if isinstance(q, query.Phrase):
        words = tuple(q.words)
        if q.fieldname == "body":
            compiled.phrases.append(words)
        elif q.fieldname in ("person", "org"):
            compiled.entity_names.append((q.fieldname, words))
        return
    for child in q.children():
        _collect(child, compiled, negated=negated)
