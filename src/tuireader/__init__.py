"""tuireader: a keyboard-first terminal reader for a folder of documents."""

from __future__ import annotations

__version__ = "0.1.0"
