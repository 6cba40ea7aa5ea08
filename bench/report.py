"""The Markdown results: machine and versions, then one table per corpus size."""

from __future__ import annotations

import json
import math
import os
import platform
import subprocess
import time
from dataclasses import asdict
from importlib import metadata

from bench.common import REPO_DIR, Row, Settings

PACKAGES = ("tuireader", "Whoosh-Reloaded", "textual", "rich", "spacy", "psutil")


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _git() -> str:
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=REPO_DIR,
            capture_output=True,
            text=True,
            timeout=10,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=REPO_DIR,
            capture_output=True,
            text=True,
            timeout=10,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return f"{head}{' (with uncommitted changes)' if dirty else ''}" if head else "unknown"


def machine() -> dict[str, str]:
    """The machine, the versions and the load, taken when the run starts."""
    try:
        import psutil  # type: ignore[import-untyped]

        ram = f"{psutil.virtual_memory().total / 2**30:.1f} GiB"
    except ImportError:
        ram = "unknown"
    versions = []
    for name in PACKAGES:
        try:
            versions.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name} (not installed)")
    load = os.getloadavg() if hasattr(os, "getloadavg") else (math.nan,) * 3
    return {
        "cores": str(os.cpu_count()),
        "ram": ram,
        "cpu": _cpu_model(),
        "os": platform.platform(),
        "python": platform.python_version(),
        "versions": ", ".join(versions),
        "git": _git(),
        "load": " / ".join(f"{x:.2f}" for x in load),
    }


def _num(value: float | None, unit: str) -> str:
    if value is None or math.isnan(value):
        return "-"
    if unit == "ms":
        return f"{value:.1f} ms" if value < 100 else f"{value:.0f} ms"
    if unit == "s":
        return f"{value:.1f} s"
    return f"{value:.0f} {unit}"


def _verdict(row: Row) -> str:
    if row.note.startswith("not measured"):
        return "not measured"
    if row.passed is None:
        return "info"
    return "PASS" if row.passed else "FAIL"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render(
    sections: list[tuple[str, list[Row]]],
    *,
    machine: dict[str, str],
    command: str,
    settings: Settings,
    started: float,
) -> str:
    """The whole RESULTS.md text."""
    lines = [
        "# tuireader benchmark results",
        "",
        f"Run on {time.strftime('%Y-%m-%d %H:%M', time.localtime(started))}, "
        f"took {time.time() - started:.0f} s. Command (from the repository root, in the venv):",
        "",
        "```",
        command,
        "```",
        "",
        f"- Machine: {machine['cores']} cores ({machine['cpu']}), {machine['ram']} RAM, "
        f"{machine['os']}; load average at start {machine['load']}.",
        "- The cores are shared with other engineers' processes: absolute times are noisy, "
        "so each figure is a median over repetitions and baselines run in the same run, "
        "interleaved where possible; ratios are the robust part.",
        f"- Python {machine['python']}; {machine['versions']}; checkout {machine['git']}.",
        f"- Settings: {settings.reps} repetitions, indexing sample {settings.sample} docs, "
        f"loop runs {settings.loop_seconds:g} s, RSS history {settings.history} queries"
        f"{' (quick smoke mode: figures are not meaningful)' if settings.quick else ''}.",
        "- Medians over repetitions; the second column is the p95 (or the worst run, or p99 "
        "where the figure says so). Verdicts: PASS / FAIL against the issue 5 target, "
        "info = no target, not measured = see the note.",
        "",
    ]
    for title, rows in sections:
        lines += [
            f"## {title}",
            "",
            "| figure | target | median | p95 / worst | ratio vs baseline | verdict | notes |",
            "|---|---|---|---|---|---|---|",
        ]
        for row in rows:
            lines.append(
                "| "
                + " | ".join(
                    _cell(cell)
                    for cell in (
                        row.figure,
                        row.target,
                        _num(row.value, row.unit),
                        _num(row.p95, row.unit),
                        row.ratio(),
                        _verdict(row),
                        row.note,
                    )
                )
                + " |"
            )
        lines.append("")
    return "\n".join(lines)


def as_json(sections: list[tuple[str, list[Row]]], machine: dict[str, str], command: str) -> str:
    """The same results as JSON (rows keyed by `Row.key`), for tools and the smoke test."""
    rows = {
        row.key: {**asdict(row), "section": title, "verdict": _verdict(row)}
        for title, section in sections
        for row in section
    }
    return json.dumps({"command": command, "machine": machine, "rows": rows}, indent=1, default=str)
