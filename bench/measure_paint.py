"""Target 5: the reader's first paint against a bare Textual app's, in the same run.

Each repetition starts `bench.paint_probe` twice as a fresh process, alternating bare
and reader, and takes the time from just before the start to the first screen update
(interpreter start-up and imports included). The reader opens the cached, up-to-date
index (``make_app(corpus, index_dir=..., update=True, entities=False)``: the bench
indexes hold no entities, and with entities on the reader would start extracting them).
Also reported: time until the library is open, and whether spaCy was imported.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from typing import Any

from bench.common import REPO_DIR, Row, Settings, median, not_measured
from bench.indexes import BuiltIndex

RATIO_TARGET = 1.5


def run_probe(args: list[str], config_dir: str) -> tuple[float, dict[str, Any]]:
    """Start one probe; its start time and its JSON report."""
    env = dict(os.environ, TUIREADER_CONFIG_DIR=config_dir, PYTHONDONTWRITEBYTECODE="0")
    started = time.time()
    done = subprocess.run(
        [sys.executable, "-m", "bench.paint_probe", *args],
        cwd=REPO_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if done.returncode != 0:
        tail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
        raise RuntimeError(f"probe {args[0]} failed: {tail[0][:200]}")
    return started, json.loads(done.stdout.strip().splitlines()[-1])


def measure(built: BuiltIndex, settings: Settings) -> list[Row]:
    """Rows: reader first paint vs bare app; library open; spaCy not imported."""
    key = f"paint@{built.count}"
    figure = f"reader first paint vs bare Textual app, {built.count:,}-doc index"
    try:
        import tuireader.factory  # noqa: F401
    except Exception as error:
        return [not_measured(key, figure, "<= 1.5x bare", f"make_app not importable: {error}")]
    bare, reader, opened = [], [], []
    spacy: list[str] = []
    args = ["reader", str(built.corpus), str(built.index_dir)]
    with tempfile.TemporaryDirectory() as config_dir:
        if settings.warm:  # warm the OS cache for both
            run_probe(["bare"], config_dir)
            run_probe(args, config_dir)
        for _ in range(settings.reps):
            started, out = run_probe(["bare"], config_dir)
            bare.append(out["first_paint"] - started)
            started, out = run_probe(args, config_dir)
            reader.append(out["first_paint"] - started)
            if out.get("opened"):
                opened.append(out["opened"] - started)
            if out.get("spacy_at_paint"):
                spacy.append("at first paint")
            if out.get("spacy_after_open"):
                spacy.append("after the library opened")
    r, b = median(reader) * 1000, median(bare) * 1000
    ratio = r / b if b else float("nan")
    spacy_note = "spaCy imported " + " and ".join(sorted(set(spacy))) if spacy else "no spaCy"
    return [
        Row(
            key=key,
            figure=figure,
            target="<= 1.5x bare, spaCy not imported",
            value=r,
            p95=max(reader) * 1000,
            baseline=b,
            ratio_note=f"{ratio:.2f}x bare ({b:.0f} ms)",
            passed=ratio <= RATIO_TARGET and not spacy,
            note=spacy_note,
        ),
        Row(
            key=f"opened@{built.count}",
            figure=f"reader start to library open (index searchable), {built.count:,} docs",
            target="(information)",
            value=median(opened) * 1000 if opened else None,
            p95=max(opened) * 1000 if opened else None,
            note="" if opened else "not measured: the library did not open in time",
        ),
    ]
