"""Fixtures for the Pilot flows: a small real corpus and the app on a temporary index.

Indexing (with entity extraction) is done once per session; each test gets its own copy
of that index, so the app opens it up to date. `fresh_app` indexes from scratch.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest_ui import make_corpus
from tuireader.core.library import Library
from tuireader.factory import make_app
from tuireader.ui.app import ReaderApp


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path]]:
    """(corpus, index): the seeds plus five news articles, indexed once for the session."""
    base = tmp_path_factory.mktemp("built")
    corpus = make_corpus(base / "corpus")
    index = base / "index"
    library = Library(corpus, index)
    library.update()
    library.close()
    yield corpus, index


@pytest.fixture
def corpus(built: tuple[Path, Path]) -> Path:
    """The shared corpus folder (read it, never change it)."""
    return built[0]


@pytest.fixture
def app(built: tuple[Path, Path], tmp_path: Path) -> ReaderApp:
    """The reader on the shared corpus, with a private copy of its up-to-date index."""
    corpus, index = built
    private = tmp_path / "index"
    shutil.copytree(index, private)
    return make_app(corpus, index_dir=private)


@pytest.fixture
def fresh_app(tmp_path: Path) -> ReaderApp:
    """The reader on a new copy of the corpus with no index yet: it indexes on opening."""
    return make_app(make_corpus(tmp_path / "corpus"), index_dir=tmp_path / "index")
