"""Child process of `measure_paint`: start an app headless and report its first paint.

    python -m bench.paint_probe bare|reader [CORPUS INDEX_DIR]

Prints one JSON line: wall-clock times (``time.time()``) of the first screen update
written by the app (``App._display`` with something to show), of the library being
open (reader only: ``screen.library`` set), and whether spaCy was imported at each point.
The parent compares those times with its own clock before it started this process, so
interpreter start-up and imports count, as they do for a user.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from pathlib import Path
from typing import Any

OPEN_TIMEOUT = 120.0


def _bare_app() -> Any:
    from textual.app import App, ComposeResult
    from textual.widgets import Footer, Header, Static

    class Bare(App[None]):
        """A bare Textual app: header, a line of text, footer."""

        def compose(self) -> ComposeResult:
            yield Header()
            yield Static("hello")
            yield Footer()

    return Bare()


async def _probe(mode: str, corpus: Path | None, index_dir: Path | None) -> dict[str, Any]:
    if mode == "bare":
        app = _bare_app()
    else:
        from tuireader.factory import make_app

        assert corpus is not None
        app = make_app(corpus, index_dir=index_dir, update=True, entities=False)
    out: dict[str, Any] = {"first_paint": None, "opened": None}
    original = app._display

    def display(screen: Any, renderable: Any) -> None:
        if renderable is not None and out["first_paint"] is None:
            out["first_paint"] = time.time()
            out["spacy_at_paint"] = "spacy" in sys.modules
        original(screen, renderable)

    app._display = display
    async with app.run_test(headless=True, size=(160, 48)) as pilot:
        deadline = time.monotonic() + OPEN_TIMEOUT
        while out["first_paint"] is None and time.monotonic() < deadline:
            await pilot.pause(0.005)
        if mode == "reader":
            while time.monotonic() < deadline:
                if getattr(app.screen, "library", None) is not None:
                    out["opened"] = time.time()
                    break
                await pilot.pause(0.01)
            await pilot.pause(0.2)
            out["spacy_after_open"] = "spacy" in sys.modules
    return out


def main() -> None:
    """Run the probe named on the command line and print its JSON line."""
    mode = sys.argv[1]
    corpus = Path(sys.argv[2]) if len(sys.argv) > 2 else None
    index_dir = Path(sys.argv[3]) if len(sys.argv) > 3 else None
    print(json.dumps(asyncio.run(_probe(mode, corpus, index_dir))), flush=True)


if __name__ == "__main__":
    main()
