"""One real-terminal run: the installed `tuireader` in tmux, read back with capture-pane."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

REPO = Path(__file__).resolve().parents[2]
TUIREADER = Path(sys.executable).parent / "tuireader"


def tmux(*args: str) -> str:
    """Run one tmux command and return its output."""
    done = subprocess.run(["tmux", *args], capture_output=True, text=True, check=True, timeout=20)
    return done.stdout


@pytest.fixture
def session(tmp_path: Path) -> Iterator[str]:
    """A detached 120x40 tmux session running tuireader on a copy of the seeds."""
    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed: the real-terminal test needs it")
    if not TUIREADER.exists():
        pytest.skip(f"the tuireader console script is not installed next to {sys.executable}")
    corpus = tmp_path / "seeds"
    corpus.mkdir()
    for seed in (REPO / "seeds").glob("*.txt"):
        shutil.copy2(seed, corpus / seed.name)
    name = f"tuireader-e2e-{uuid.uuid4().hex[:8]}"
    FOLDERS[name] = corpus
    env_index = tmp_path / "index"
    command = (
        f"env TUIREADER_INDEX_DIR={env_index} TERM=xterm-256color "
        f"XDG_CACHE_HOME={tmp_path / 'cache'} XDG_CONFIG_HOME={tmp_path / 'config'} "
        f"{TUIREADER} {corpus}"
    )
    # Start a shell at the final size first, so the app reads 120x40 when it starts.
    tmux("new-session", "-d", "-s", name, "-x", "120", "-y", "40")
    tmux("send-keys", "-t", name, f"exec {command}", "Enter")
    try:
        yield name
    finally:
        subprocess.run(["tmux", "kill-session", "-t", name], capture_output=True, check=False)


FOLDERS: dict[str, Path] = {}
"""The corpus folder of each session."""

QUOKKA = " date 2017-03-01 Quokka census\n\nRangers counted every quokka on Rottnest Island.\n"


def seeds_folder(name: str) -> Path:
    return FOLDERS[name]


def screen_of(name: str) -> str:
    """The visible text of the session's pane."""
    return tmux("capture-pane", "-p", "-t", name)


def wait_for(name: str, check: Callable[[str], bool], timeout: float = 60.0) -> str:
    """Poll the screen until `check(screen)` holds; fail with the last screen if it never does."""
    deadline = time.monotonic() + timeout
    text = ""
    while time.monotonic() < deadline:
        text = screen_of(name)
        if check(text):
            return text
        time.sleep(0.2)
    raise AssertionError(f"timed out; the screen was:\n{text}")


def keys(name: str, *sequence: str) -> None:
    """Send keys (tmux key names or literal text) one at a time."""
    for key in sequence:
        tmux("send-keys", "-t", name, key)
        time.sleep(0.15)


def test_search_open_and_walk_to_a_mention(session: str) -> None:
    wait_for(session, lambda s: "seeds" in s and "up to date" in s, timeout=120)
    keys(session, "-l", "prisoners")
    wait_for(session, lambda s: "1 result" in s)
    keys(session, "Enter", "Enter")
    text = wait_for(session, lambda s: "hit 1 of" in s)
    assert "Cambodian PM says no to release" in text
    assert "2023-06-28" in text
    keys(session, "n")
    wait_for(session, lambda s: "hit 2 of" in s)
    # Walk to a mention: focus the entities, choose the first, go to its next mention.
    keys(session, "e")
    wait_for(session, lambda s: "People (" in s)
    keys(session, "Enter")
    keys(session, "]")
    text = wait_for(session, lambda s: "mention " in s and " of " in s and "document" in s)
    walk = next(line for line in text.splitlines() if ": mention " in line)
    assert " in 1 document" in walk
    # A file saved into the folder while the reader is open: watched, indexed, found.
    corpus = seeds_folder(session)
    (corpus / "quokka.txt").write_text(QUOKKA, "utf-8")
    wait_for(session, lambda s: "2 documents" in s, timeout=30)
    # "/" and the new query in one burst, as a paste or a fast typist sends them: the
    # keys behind "/" go to the query box (its text selected, so replaced), not to the
    # entity list that had the focus.
    tmux("send-keys", "-t", session, "-l", "/quokka")
    wait_for(session, lambda s: "Quokka census" in s and "1 result" in s)
    keys(session, "Enter", "q")  # into the results, where q quits
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if subprocess.run(
            ["tmux", "has-session", "-t", session], capture_output=True, check=False
        ).returncode:
            break
        time.sleep(0.2)
    else:
        raise AssertionError("tuireader did not quit on q")
