"""Small, targeted fixes to Whoosh (no longer developed), applied once on import.

- `W3PerDocReader._cached_reader` looks for a field's length column on disk for every
  posting of a field that has none (an unscored field such as `vocab`): one `stat` per
  posting, which made writing a segment several times slower. Negative answers are now
  cached per reader.
- With separate segment files (`compound=False`, which keeps a reader's memory small),
  `W3PerDocReader` opens a segment's column files (stored fields, lengths, vectors) only
  when first asked. A reader of an older generation then fails with "file not found"
  once a writer in another process has merged that segment away. Readers now open every
  file of their segment when they are created: an open file outlives its deletion.
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
    present = fieldname in self._colfiles or self.has_column(fieldname)
    reader = self.column_reader(fieldname, column) if present else None
    readers[fieldname] = reader
    return reader


_original_init = whoosh3.W3PerDocReader.__init__


def _eager_init(self: Any, storage: Any, segment: Any) -> None:
    _original_init(self, storage, segment)
    prefix = segment.make_filename(".")
    suffix = whoosh3.W3Codec.COLUMN_EXT
    for name in storage.list():
        if name.startswith(prefix) and name.endswith(suffix):
            fieldname = name[len(prefix) : -len(suffix)]
            if fieldname not in self._colfiles:
                self._colfiles[fieldname] = self._get_column_file(fieldname)
    if storage.file_exists(segment.make_filename(whoosh3.W3Codec.VPOSTS_EXT)):
        self._prep_vectors()


def apply() -> None:
    """Install the fixes (idempotent)."""
    whoosh3.W3PerDocReader._cached_reader = _cached_reader
    whoosh3.W3PerDocReader.__init__ = _eager_init


apply()
