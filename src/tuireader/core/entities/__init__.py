"""People and organisations: extraction (spaCy or rules), clean-up, corrections, listing.

Import cost is small: spaCy is loaded only when an `Extractor` first extracts.
"""

from __future__ import annotations

from tuireader.core.entities.corrections import Corrections, corrections_template, load_corrections
from tuireader.core.entities.extract import Extractor
from tuireader.core.entities.listing import document_listing
from tuireader.core.entities.resolve import resolve
from tuireader.core.entities.votes import TypeVotes, count_votes

__all__ = [
    "Corrections",
    "Extractor",
    "TypeVotes",
    "corrections_template",
    "count_votes",
    "document_listing",
    "load_corrections",
    "resolve",
]
