"""Small, targeted fixes to Whoosh (no longer developed), applied once on import.

- `W3PerDocReader._cached_reader` looks for a field's length column on disk for every
  posting of a field that has none (an unscored field such as `vocab`): one `stat` per
  posting, which made writing a segment several times slower. Negative answers are now
  cached per reader.
"""

from __future__ import annotations

from typing import Any

from whoosh.codec import whoosh3

_MISSING = object()


def _cached_reader(self: Any, fieldname: str, column: Any) -> Any:
    readers = self._readers
    found = readers.get(fieldname, _MISSING)
    if found is not _MISSING:
        return found
    reader = self.column_reader(fieldname, column) if self.has_column(fieldname) else None
    readers[fieldname] = reader
    return reader


def apply() -> None:
    """Install the fixes (idempotent)."""
    whoosh3.W3PerDocReader._cached_reader = _cached_reader


apply()
