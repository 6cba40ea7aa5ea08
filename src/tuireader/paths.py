"""Every location tuireader uses, in one place.

The index lives in the user cache dir, the corrections file in the user config dir
(platformdirs, `appauthor=False`). Environment variables point them elsewhere, which the
tests use: TUIREADER_INDEX_DIR (the index of the corpus being opened) and
TUIREADER_CONFIG_DIR (the folder holding the corrections file).
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

import platformdirs

APP_NAME = "tuireader"
INDEX_DIR_ENV = "TUIREADER_INDEX_DIR"
CONFIG_DIR_ENV = "TUIREADER_CONFIG_DIR"
_PACKAGE_DIR = Path(__file__).resolve().parent
_CHECKOUT_DIR = _PACKAGE_DIR.parent.parent


def _bundled(name: str) -> Path:
    """A folder shipped with tuireader: packaged copy in a wheel, else the checkout's own."""
    packaged = _PACKAGE_DIR / "_bundled" / name
    if packaged.is_dir():
        return packaged
    return _CHECKOUT_DIR / name


def bundled_seeds() -> Path:
    """The default corpus: the seed documents shipped with tuireader."""
    return _bundled("seeds")


def bundled_styles() -> Path:
    """The folder of `*.tcss` style sheets."""
    return _bundled("styles")


def cache_root() -> Path:
    """Where indexes live unless told otherwise."""
    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    """Where the user's corrections file lives (TUIREADER_CONFIG_DIR overrides)."""
    override = os.environ.get(CONFIG_DIR_ENV)
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def corrections_path() -> Path:
    """The TOML file of entity corrections (merge, rename, type, hide)."""
    return config_dir() / "entities.toml"


def index_dir_for(corpus: Path, override: Path | None = None) -> Path:
    """The index folder of a corpus: `override`, TUIREADER_INDEX_DIR, or one in the cache.

    The cache folder name joins the corpus folder's name (readable) with a hash of its
    resolved path (unique), so two corpora never share an index.
    """
    if override is not None:
        return override.expanduser()
    env = os.environ.get(INDEX_DIR_ENV)
    if env:
        return Path(env).expanduser()
    resolved = str(corpus.expanduser().resolve())
    digest = hashlib.sha1(resolved.encode("utf-8", "surrogateescape")).hexdigest()[:16]
    label = re.sub(r"[^A-Za-z0-9_.-]+", "_", corpus.resolve().name or "root")[:40]
    return cache_root() / "indexes" / f"{label}-{digest}"
