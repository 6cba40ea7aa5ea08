"""Target 7: peak RSS of a process holding the index and a history of 100 queries.

Runs `bench.rss_probe` as a fresh process for ours and for the naive Whoosh baseline
(same queries, same index), each repetition, and reports the median peak RSS.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile

from bench.common import REPO_DIR, Row, Settings, median
from bench.indexes import BuiltIndex

TARGET_MB = 400.0


def run_probe(mode: str, built: BuiltIndex, queries: int) -> dict[str, float]:
    """One probe process; its JSON report."""
    with tempfile.TemporaryDirectory() as config_dir:
        env = dict(os.environ, TUIREADER_CONFIG_DIR=config_dir)
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "bench.rss_probe",
                mode,
                str(built.corpus),
                str(built.index_dir),
                str(queries),
            ],
            cwd=REPO_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
        )
    if done.returncode != 0:
        tail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
        raise RuntimeError(f"rss probe {mode} failed: {tail[0][:200]}")
    report: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return report


def measure(built: BuiltIndex, settings: Settings) -> list[Row]:
    """One row: peak RSS, ours against the naive baseline."""
    ours, base, opened = [], [], []
    ui = True
    for _ in range(max(1, min(settings.reps, 2))):
        out = run_probe("ours", built, settings.history)
        ours.append(out["peak_mb"])
        opened.append(out["opened_mb"])
        ui = ui and bool(out.get("ui_imported"))
        base.append(run_probe("baseline", built, settings.history)["peak_mb"])
    peak, base_peak = median(ours), median(base)
    return [
        Row(
            key=f"rss@{built.count}",
            figure=f"peak RSS, index open + {settings.history} queries (top hit opened), "
            f"{built.count:,} docs",
            target="< 400 MB",
            unit="MB",
            value=peak,
            baseline=base_peak,
            ratio_note=f"{base_peak / peak:.2f}x less than baseline ({base_peak:.0f} MB)"
            if peak
            else "-",
            passed=peak < TARGET_MB,
            note=f"RSS after opening {median(opened):.0f} MB"
            + ("" if ui else "; UI modules not importable, core only"),
        )
    ]
