"""The one place the reader app is built: the CLI and every test call `make_app`."""

from __future__ import annotations

from pathlib import Path

from tuireader.ui.app import ReaderApp


def make_app(
    corpus: Path,
    *,
    index_dir: Path | None = None,
    update: bool = True,
    entities: bool = True,
) -> ReaderApp:
    """Build the reader for `corpus`.

    `index_dir` overrides where the index lives (else TUIREADER_INDEX_DIR, else the user
    cache); `update=False` opens the index as it is without re-indexing; `entities=False`
    skips entity extraction when indexing.
    """
    return ReaderApp(corpus, index_dir=index_dir, update=update, entities=entities)
