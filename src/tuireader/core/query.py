"""Query text -> a checked, bounded Whoosh query.

The Whoosh query language over title and body (terms, "phrases", AND/OR/NOT,
parentheses, prefix* and wildcards, term~ fuzzy, field filters, date ranges), plus the
checks Whoosh does not make (unbalanced quotes and brackets, unknown fields, bad dates)
so that a malformed query gives one clear line, and a bound on how many index terms a
wildcard, prefix or fuzzy term may expand to, so that no query runs for seconds.
"""

from __future__ import annotations

import copy
import fnmatch
import itertools
import re
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from whoosh import qparser, query

from tuireader.core import date_range
from tuireader.core.models import QueryError
from tuireader.core.schema import word_analyzer

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
EXPANSION_POSTINGS = 50_000
"""... and stops adding words once their document counts add up to this (ranking reads
every posting of every word kept: 64 words found in every document of 10,000 cost seconds)."""
EXPANSION_SCAN_LIMIT = 50_000
EXPANSION_SECONDS = 0.15
"""One wildcard, prefix or fuzzy term stops looking for words after this long."""
QUERY_EXPANSION_SECONDS = 0.15
"""All the expansions of one query together stop after this long (many `x*` terms);
each term gets a fair share of what is left."""
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
    expansions: dict[tuple[Any, ...], _Expansion] = field(default_factory=dict, repr=False)
    """Each distinct multi-term query expanded once (title and body share it)."""


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
        raise QueryError(f"query too long ({len(text):,} characters; at most {MAX_QUERY_CHARS:,})")
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
    _fuzzy_as_typed(q, text)
    compiled = CompiledQuery(text=text, q=q)
    compiled.expansion_deadline = time.perf_counter() + QUERY_EXPANSION_SECONDS
    # Normalised again: a term that found no word drops out (`*e* *i*` with no `*e*`
    # word is no query at all, rather than a costly ranking of `*i*` to match nothing).
    compiled.q = _exclusions(date_range.from_column(_bound(q, reader, compiled).normalize()))
    _collect(compiled.q, compiled, negated=False)
    return compiled


def _exclusions(q: Any) -> Any:
    """`a AND NOT b` as Whoosh's AndNot, which skips over b's documents.

    Whoosh matches a NOT inside an AND by walking every document number of the index
    that b lacks (an inverse matcher), however few documents a has.
    """
    if q.is_leaf():
        return q
    q = q.apply(_exclusions)
    if not isinstance(q, query.And):
        return q
    keep = [sub for sub in q.subqueries if not isinstance(sub, query.Not)]
    drop = [sub.query for sub in q.subqueries if isinstance(sub, query.Not)]
    if not keep or not drop:
        return q
    positive = keep[0] if len(keep) == 1 else query.And(keep)
    negative = drop[0] if len(drop) == 1 else query.Or(drop)
    if q.boost != 1.0:
        positive = positive.with_boost(positive.boost * q.boost)
    return query.AndNot(positive, negative)


_FUZZY_TAIL = re.compile(r"~[0-9]*(?:/[0-9]+)?$")


def _fuzzy_as_typed(q: Any, text: str) -> None:
    """Give title/body fuzzy terms the word as typed, not its stem.

    The parser stems `goverment~` to `gover` before fuzzy matching, which then finds
    nothing near "government"; the unstemmed vocabulary is matched with the typed word.
    """
    fold = word_analyzer()
    for leaf in _walk(q):
        start, end = getattr(leaf, "startchar", None), getattr(leaf, "endchar", None)
        if not isinstance(leaf, query.FuzzyTerm) or leaf.fieldname not in SEARCH_FIELDS:
            continue
        if start is None or end is None:
            continue
        typed = _FUZZY_TAIL.sub("", text[start:end]).rpartition(":")[2]
        words = [token.text for token in fold(typed)]
        if len(words) == 1:
            leaf.text = words[0]


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
    pending = {_expansion_key(leaf) for leaf in _walk(q) if isinstance(leaf, _MULTI)}
    return _bound_each(q, reader, compiled, pending)


def _bound_each(q: Any, reader: Any, compiled: CompiledQuery, pending: set[Any]) -> Any:
    if isinstance(q, _MULTI):
        return _expand(q, reader, compiled, pending)
    if isinstance(q, query.Every) and q.fieldname in SEARCH_FIELDS:
        # `*`: every document. Whoosh finds those "with a title" by reading every
        # posting of the field (seconds, and no time limit can stop it); all are meant.
        return query.Every(boost=q.boost)
    if q.is_leaf():
        return q
    return q.apply(lambda child: _bound_each(child, reader, compiled, pending))


def _expansion_key(q: Any) -> tuple[Any, ...]:
    """What an expansion depends on: the same key gives the same words (title and body
    share one expansion of the vocabulary)."""
    fieldname = q.fieldname
    source = "vocab" if fieldname in SEARCH_FIELDS else fieldname
    text = q.text.lower() if source == "vocab" else q.text
    return (
        type(q).__name__,
        source,
        text,
        getattr(q, "maxdist", None),
        getattr(q, "prefixlength", None),
    )


@dataclass(slots=True)
class _Expansion:
    """The words one multi-term query stands for, and how the search for them ended."""

    kept: list[str]
    found: int
    cut_short: bool


def _expand(q: Any, reader: Any, compiled: CompiledQuery, pending: set[Any]) -> Any:
    """Expand against the unstemmed vocabulary, so `prisoners*` and `prisner~` find words
    as written, then search the stems of the words found in the stemmed field."""
    key = _expansion_key(q)
    expansion = compiled.expansions.get(key)
    if expansion is None:
        now = time.perf_counter()
        pending.discard(key)
        # A fair share of what is left of the query's time, so `*e* *i*` gets both words.
        share = max(0.0, compiled.expansion_deadline - now) / (len(pending) + 1)
        deadline = min(now + EXPANSION_SECONDS, now + share)
        expansion = _find_words(q, key, reader, deadline)
        compiled.expansions[key] = expansion
        _note_expansion(compiled, q, expansion)
    kept = expansion.kept
    fieldname = q.fieldname
    if key[1] == "vocab":
        analyzer = reader.schema[fieldname].analyzer
        stems: dict[str, None] = {}
        for word in kept:
            for token in analyzer(word):
                stems[token.text] = None
        kept = list(stems)
    if not kept:
        return query.NullQuery
    return query.Or([query.Term(fieldname, text, boost=q.boost) for text in kept])


def _note_expansion(compiled: CompiledQuery, q: Any, expansion: _Expansion) -> None:
    label = _describe(q)
    kept = len(expansion.kept)
    if expansion.cut_short:
        if kept:
            _note(
                compiled,
                f"{label}: searched the {kept} most common words found in the time allowed",
            )
        else:
            _note(compiled, f"{label}: no matching word found in the time allowed")
    elif expansion.found > kept:
        _note(
            compiled,
            f"{label} matches {expansion.found:,} words; searched the {kept} most common",
        )


def _find_words(q: Any, key: tuple[Any, ...], reader: Any, deadline: float) -> _Expansion:
    """The most common words (at most MAX_EXPANSION) of the source field that `q` matches,
    looked for until `deadline`."""
    source = key[1]
    vocab = vocabulary(reader) if source == "vocab" else None
    words: list[str]
    if vocab is not None and isinstance(q, query.FuzzyTerm):
        words, cut_short = _fuzzy_words(vocab, key[2], q.maxdist, q.prefixlength, deadline)
    elif vocab is not None and isinstance(q, query.Wildcard) and not _literal_prefix(q):
        words, cut_short = _pattern_words(vocab, key[2], deadline)
    else:
        words, cut_short = _listed_words(q, key, reader, deadline)
    ranked, ranked_all = _rank(words, source, reader, vocab, deadline)
    kept: list[str] = []
    postings = 0
    for freq, word in ranked[:MAX_EXPANSION]:
        if kept and postings + freq > EXPANSION_POSTINGS:
            break
        kept.append(word)
        postings += freq
    return _Expansion(kept=kept, found=len(words), cut_short=cut_short or not ranked_all)


def _literal_prefix(q: Any) -> str:
    text: str = q.text
    for i, char in enumerate(text):
        if char in "*?[":
            return text[:i]
    return text


def _listed_words(
    q: Any, key: tuple[Any, ...], reader: Any, deadline: float
) -> tuple[list[str], bool]:
    """Words from Whoosh's own listing (a prefix read from the index, a field other than
    the vocabulary), stopped at the deadline."""
    source = key[1]
    probe = copy.copy(q)
    probe.fieldname = source
    probe.text = key[2]
    found: list[str] = []
    cut_short = False
    listing = _DeadlineReader(reader, deadline)  # `?x`, `*x`: few matches, all terms read
    for scanned, term in enumerate(probe._btexts(listing), 1):
        found.append(term.decode("utf-8") if isinstance(term, bytes) else term)
        if scanned >= EXPANSION_SCAN_LIMIT or (
            scanned % 256 == 0 and time.perf_counter() > deadline
        ):
            cut_short = True
            break
    return found, cut_short or listing.cut_short


def _rank(
    words: list[str], source: str, reader: Any, vocab: Vocabulary | None, deadline: float
) -> tuple[list[tuple[int, str]], bool]:
    """(documents, word) most common first, and whether all could be counted in time.

    Counting a word costs a look-up in every segment, so the counts are remembered for
    the searcher generation, and short words (the common ones) are counted first.
    """
    if len(words) <= MAX_EXPANSION and vocab is None:
        counts = [(reader.doc_frequency(source, word), word) for word in words]
        counts.sort(key=lambda pair: (-pair[0], pair[1]))
        return counts, True
    memo = vocab.frequencies if vocab is not None else {}
    counted: list[tuple[int, str]] = []
    complete = True
    for i, word in enumerate(sorted(words, key=lambda w: (len(w), w))):
        freq = memo.get(word)
        if freq is None:
            if i % 32 == 0 and i >= MAX_EXPANSION and time.perf_counter() > deadline:
                complete = False
                break
            freq = memo[word] = reader.doc_frequency(source, word)
        counted.append((freq, word))
    counted.sort(key=lambda pair: (-pair[0], pair[1]))
    return counted, complete


# -- the vocabulary in memory ----------------------------------------------------------

VOCABULARY_CHUNK = 2048
"""Words read, or compared, between two looks at the clock."""


class Vocabulary:
    """The unstemmed words of one reader's `vocab` field, sorted, kept for the reader's
    lifetime (a searcher generation).

    Reading all words costs a few hundred milliseconds at 10,000 documents, more than one
    query may spend, so the reading resumes where the last query stopped; until it is
    complete, fuzzy terms and leading wildcards say that they were cut short.
    """

    def __init__(self, reader: Any) -> None:
        self.lock = threading.Lock()
        """Held while reading on (one thread at a time may resume the listing)."""
        self._pending: Iterator[Any] | None = iter(reader.lexicon("vocab"))
        self._read: list[str] = []
        self.words: list[str] = []
        """Every word, sorted; empty until `complete`."""
        self.frequencies: dict[str, int] = {}
        """Document frequencies counted so far (counting is the expensive part)."""
        self._by_length: dict[int, list[str]] = {}
        self._masks: dict[int, list[int]] = {}

    @property
    def complete(self) -> bool:
        """Whether every word has been read."""
        return self._pending is None

    def advance(self, deadline: float) -> bool:
        """Read on until every word is in or the deadline passes; whether complete."""
        pending = self._pending
        if pending is None:
            return True
        read = self._read
        while time.perf_counter() <= deadline:
            before = len(read)
            for term in itertools.islice(pending, VOCABULARY_CHUNK):
                read.append(term.decode("utf-8") if isinstance(term, bytes) else term)
            if len(read) - before < VOCABULARY_CHUNK:
                self._pending = None
                self.words = read  # the lexicon is sorted
                self._read = []
                by_length: dict[int, list[str]] = {}
                for word in read:
                    by_length.setdefault(len(word), []).append(word)
                self._by_length = by_length
                return True
        return False

    def of_length(self, length: int) -> tuple[list[str], list[int]]:
        """The words of one length and their letter masks (computed once)."""
        words = self._by_length.get(length, [])
        masks = self._masks.get(length)
        if masks is None:
            masks = [_letters(word) for word in words]
            self._masks[length] = masks
        return words, masks


_VOCABULARY_ATTR = "_tuireader_vocabulary"
_vocabulary_lock = threading.Lock()


def vocabulary(reader: Any) -> Vocabulary:
    """The vocabulary of `reader`, kept on the reader so it lives as long as it does."""
    with _vocabulary_lock:
        vocab = getattr(reader, _VOCABULARY_ATTR, None)
        if not isinstance(vocab, Vocabulary):
            vocab = Vocabulary(reader)
            setattr(reader, _VOCABULARY_ATTR, vocab)
        return vocab


def _letters(word: str) -> int:
    """A bit per letter of `word` (letters folded onto 64 bits): a cheap test that two
    words differ in more letters than some number of edits can explain."""
    mask = 0
    for char in word:
        mask |= 1 << (ord(char) & 63)
    return mask


def _fuzzy_words(
    vocab: Vocabulary,
    text: str,
    maxdist: int,
    prefixlength: int,
    deadline: float,
) -> tuple[list[str], bool]:
    """Words within `maxdist` edits of `text` (Damerau: a swap of neighbours is one edit)
    sharing its first `prefixlength` letters, as Whoosh's FuzzyTerm finds them."""
    with vocab.lock:
        if not vocab.advance(deadline):
            return [], True
    prefix = text[:prefixlength]
    mask = _letters(text)
    found: list[str] = []
    size = len(text)
    for length in range(max(1, size - maxdist), size + maxdist + 1):
        words, masks = vocab.of_length(length)
        for start in range(0, len(words), VOCABULARY_CHUNK):
            if time.perf_counter() > deadline:
                return found, True
            for i in range(start, min(start + VOCABULARY_CHUNK, len(words))):
                other = masks[i]
                # Each edit brings in at most one new letter and drops at most one.
                if (other & ~mask).bit_count() > maxdist or (mask & ~other).bit_count() > maxdist:
                    continue
                word = words[i]
                if word.startswith(prefix) and within_distance(word, text, maxdist):
                    found.append(word)
    return found, False


def _pattern_words(vocab: Vocabulary, text: str, deadline: float) -> tuple[list[str], bool]:
    """Words matching a wildcard without a literal start (`*a*`, `???????`)."""
    with vocab.lock:
        if not vocab.advance(deadline):
            return [], True
    match = re.compile(fnmatch.translate(text)).match
    words = vocab.words
    found: list[str] = []
    for start in range(0, len(words), VOCABULARY_CHUNK * 4):
        if time.perf_counter() > deadline:
            return found, True
        found.extend(filter(match, words[start : start + VOCABULARY_CHUNK * 4]))
        if len(found) >= EXPANSION_SCAN_LIMIT:
            return found, True
    return found, False


def within_distance(a: str, b: str, maxdist: int) -> bool:
    """Whether the optimal-string-alignment (restricted Damerau-Levenshtein) distance of
    `a` and `b` is at most `maxdist`, the distance Whoosh's fuzzy terms use; it stops as
    soon as a row of the table exceeds `maxdist` (no later row can come back under it)."""
    if abs(len(a) - len(b)) > maxdist:
        return False
    if a == b:
        return True
    width = len(b)
    two_ago: list[int] = []
    one_ago: list[int] = []
    row = list(range(width + 1))
    for i in range(1, len(a) + 1):
        two_ago, one_ago, row = one_ago, row, [i] + [0] * width
        ca = a[i - 1]
        best = i
        for j in range(1, width + 1):
            cb = b[j - 1]
            cost = one_ago[j - 1] + (ca != cb)
            deletion = one_ago[j] + 1
            if deletion < cost:
                cost = deletion
            insertion = row[j - 1] + 1
            if insertion < cost:
                cost = insertion
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb and ca != cb:
                swap = two_ago[j - 2] + 1
                if swap < cost:
                    cost = swap
            row[j] = cost
            if cost < best:
                best = cost
        if best > maxdist:
            return False
    return row[width] <= maxdist


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

    def terms_within(
        self, fieldname: str, text: str, maxdist: int, prefix: int = 0
    ) -> Iterator[str]:
        """Whoosh's fuzzy listing, with the bounded distance and the deadline."""
        fieldobj = self._reader.schema[fieldname]
        for btext in self.expand_prefix(fieldname, text[:prefix]):
            word = fieldobj.from_bytes(btext)
            if within_distance(word, text, maxdist):
                yield word


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
