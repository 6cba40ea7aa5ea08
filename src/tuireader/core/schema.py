"""The Whoosh schema and analyzers: the one description of what the index holds.

Bump SCHEMA_VERSION whenever a field or analyzer changes: an index written with another
version is rebuilt automatically on open.
"""

from __future__ import annotations

import threading
from typing import Any

import Stemmer
from whoosh import analysis, fields, formats
from whoosh.support.charset import accent_map

from tuireader.core import fused, whoosh_fixes  # noqa: F401  (applied on import)

SCHEMA_VERSION = 7

WORDS = r"\w+"
"""A token: a run of letters, digits and underscores, as a whole-word search sees it.

Dots and apostrophes split words, so "05.02.2017" holds "2017" and "Sen’s" holds "Sen":
a word that stands whole in the text is always found.
"""


_stemmers = threading.local()


def english_stem(word: str) -> str:
    """`word` stemmed by Snowball's English (Porter2) stemmer, in C (PyStemmer).

    Whoosh's own is a pure-Python port of an older Snowball, about six times slower, with
    stems such as added -> "ad", evening -> "even", internal -> "intern" and
    emergency -> "emerg" (= emerge) that Snowball 3 no longer makes. A PyStemmer object
    is not thread-safe: each thread has its own.
    """
    stemmer = getattr(_stemmers, "english", None)
    if stemmer is None:
        stemmer = _stemmers.english = Stemmer.Stemmer("english")
    return stemmer.stemWord(word)  # type: ignore[no-any-return]


def text_analyzer() -> Any:
    """Body and title: lower-cased, accents folded, English-stemmed, no stop words.

    No stop list, so that every word of a document can be searched and phrases keep
    their exact positions.
    """
    return (
        analysis.RegexTokenizer(WORDS)
        | analysis.LowercaseFilter()
        | analysis.CharsetFilter(accent_map)
        | analysis.StemFilter(stemfn=english_stem, cachesize=-1)
    )


def word_analyzer() -> Any:
    """Unstemmed lower-cased words: the vocabulary behind "did you mean"."""
    return (
        analysis.RegexTokenizer(WORDS)
        | analysis.LowercaseFilter()
        | analysis.CharsetFilter(accent_map)
    )


def name_analyzer() -> Any:
    """Entity names in `person:` / `org:` filters: lower-cased words, no stemming."""
    return analysis.RegexTokenizer(WORDS) | analysis.LowercaseFilter()


fused.register(text_analyzer(), fused.Fused(WORDS, accent_map, english_stem))
fused.register(word_analyzer(), fused.Fused(WORDS, accent_map, None))
fused.apply()


def build_schema() -> fields.Schema:
    """The schema of a tuireader index."""
    return fields.Schema(
        path=fields.ID(stored=True, unique=True),
        title=fields.TEXT(stored=True, analyzer=text_analyzer(), field_boost=2.0),
        date=fields.DATETIME(stored=True, sortable=True),
        body=fields.TEXT(stored=True, analyzer=text_analyzer(), chars=True),
        vocab=fields.FieldType(
            formats.Existence(), analyzer=word_analyzer(), scorable=False, stored=False
        ),
        # Entities: canonical names as searchable fields, and one keyword per mention
        # ("person=Hun Sen") whose frequencies give corpus-wide counts from the index.
        person=fields.TEXT(analyzer=name_analyzer(), phrase=True),
        org=fields.TEXT(analyzer=name_analyzer(), phrase=True),
        entity=fields.KEYWORD(commas=True, lowercase=False, scorable=True, vector=True),
        # One keyword per raw model mention ("PERSON=Trump"): the corpus-wide type votes,
        # kept up to date by the index itself as documents come and go.
        rawvote=fields.KEYWORD(commas=True, lowercase=False, scorable=True),
        mentions=fields.STORED(),
        raw=fields.STORED(),
        ner=fields.ID(stored=True),
    )


NER_DONE = "done"
NER_TODO = "todo"
