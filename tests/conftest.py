"""Shared fixtures: small corpora made in the test, and an index folder in tmp_path."""

from __future__ import annotations

import shutil
import tarfile
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
SHARED = REPO.parent / "shared"
NEWS_ARCHIVE = SHARED / "data" / "news-articles.tar.gz"
SEED_NAME = "000_a6314058f7e748a2.txt"


@pytest.fixture(autouse=True)
def _isolated_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Never touch the real user cache or config: every test gets its own."""
    base = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_CACHE_HOME", str(base / "cache"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(base / "config"))
    monkeypatch.setenv("TUIREADER_CONFIG_DIR", str(base / "config" / "tuireader"))
    monkeypatch.delenv("TUIREADER_INDEX_DIR", raising=False)


@pytest.fixture
def seed_corpus(tmp_path: Path) -> Path:
    """A corpus folder holding a copy of the seed document."""
    corpus = tmp_path / "seeds"
    corpus.mkdir()
    shutil.copy2(SEEDS / SEED_NAME, corpus / SEED_NAME)
    return corpus


@pytest.fixture
def index_dir(tmp_path: Path) -> Path:
    """A fresh index folder."""
    return tmp_path / "index"


def news_sample(dest: Path, count: int, step: int = 37) -> list[str]:
    """Unpack every `step`-th article of the shared news archive (at most `count`) into dest."""
    if not NEWS_ARCHIVE.exists():
        pytest.skip(f"the shared news archive is not at {NEWS_ARCHIVE}")
    dest.mkdir(parents=True, exist_ok=True)
    names: list[str] = []
    with tarfile.open(NEWS_ARCHIVE) as tar:
        members = sorted((m for m in tar.getmembers() if m.isfile()), key=lambda m: m.name)
        for member in members[::step][:count]:
            data = tar.extractfile(member)
            assert data is not None
            name = Path(member.name).name
            (dest / name).write_bytes(data.read())
            names.append(name)
    return names


@pytest.fixture(scope="session")
def news_corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """About 100 real news articles (every 37th of the shared archive), read-only use."""
    dest = tmp_path_factory.mktemp("news") / "news"
    news_sample(dest, 100)
    yield dest
