"""Broken and shared indexes: corruption, SIGKILL mid-indexing, two processes, no cache dir."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from robust_support import (
    FIGURES,
    assert_no_traceback,
    assert_terminal_safe,
    cli_env,
    run_cli,
    tuireader_cmd,
)
from whoosh import index as windex

from tuireader.core.library import Library
from tuireader.core.models import IndexBusyError

WORDS = [
    "alpha",
    "bravo",
    "charlie",
    "delta",
    "echo",
    "foxtrot",
    "golf",
    "hotel",
    "india",
    "juliet",
    "kilo",
    "lima",
]


def _corpus(root: Path, count: int, *, seed: int = 0) -> set[str]:
    """`count` small seed-format documents; returns their relative paths."""
    rng = random.Random(seed)
    paths = set()
    for i in range(count):
        rel = f"g{i % 7}/doc{i:05d}.txt"
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        body = " ".join(rng.choice(WORDS) for _ in range(40))
        target.write_text(f"date: 2023-01-{1 + i % 28:02d} Doc {i}\n\nuniq{i} common {body}\n")
        paths.add(rel)
    return paths


def _indexed(corpus: Path, index_dir: Path) -> list[str]:
    with Library(corpus, index_dir) as lib:
        paths = lib.all_paths()
        assert lib.status().documents == len(paths)
        return paths


# -- corruption ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def base_index(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, set[str]]:
    """A small corpus with a healthy text index, copied by each corruption case."""
    base = tmp_path_factory.mktemp("base")
    corpus = base / "corpus"
    expected = _corpus(corpus, 60)
    index_dir = base / "index"
    with Library(corpus, index_dir) as lib:
        lib.update(entities=False)
    return corpus, index_dir, expected


def _segments(index_dir: Path) -> list[Path]:
    """The files of the index's segments, term files first (segments are not compound)."""
    files = [p for p in index_dir.glob("MAIN_*") if p.name != "MAIN_WRITELOCK"]
    return sorted(files, key=lambda p: (p.suffix not in (".trm", ".seg"), p.name))


def _toc(index_dir: Path) -> Path:
    return max(index_dir.glob("_MAIN_*.toc"), key=lambda p: int(p.stem.rsplit("_", 1)[1]))


def _truncate_segment(d: Path) -> None:
    seg = _segments(d)[0]
    os.truncate(seg, seg.stat().st_size // 3)


def _empty_segment(d: Path) -> None:
    os.truncate(_segments(d)[0], 0)


def _delete_segments(d: Path) -> None:
    for seg in _segments(d):
        seg.unlink()


def _garbage_toc(d: Path) -> None:
    _toc(d).write_bytes(b"garbage, not a table of contents\n")


def _random_toc(d: Path) -> None:
    _toc(d).write_bytes(random.Random(1).randbytes(3000))


def _truncated_toc(d: Path) -> None:
    os.truncate(_toc(d), 40)


def _deleted_toc(d: Path) -> None:
    _toc(d).unlink()


def _garbage_meta(d: Path) -> None:
    (d / "meta.json").write_text("{not json")


def _list_meta(d: Path) -> None:
    (d / "meta.json").write_text("[1, 2, 3]")


def _old_schema(d: Path) -> None:
    meta = json.loads((d / "meta.json").read_text())
    (d / "meta.json").write_text(json.dumps({**meta, "schema": -1}))


def _deleted_meta(d: Path) -> None:
    (d / "meta.json").unlink()


def _garbage_manifest(d: Path) -> None:
    (d / "manifest.json").write_bytes(random.Random(2).randbytes(500))


def _wrong_manifest(d: Path) -> None:
    (d / "manifest.json").write_text('{"files": [1, 2]}')


def _lying_manifest(d: Path) -> None:
    """A manifest that claims files the index does not hold (and forgets others)."""
    data = json.loads((d / "manifest.json").read_text())
    files = dict(list(data["files"].items())[10:])
    files["ghost.txt"] = [1, 1, "0" * 32]
    (d / "manifest.json").write_text(json.dumps({"files": files}))


def _deleted_manifest(d: Path) -> None:
    (d / "manifest.json").unlink()


def _index_dir_is_garbage_files(d: Path) -> None:
    for child in d.iterdir():
        child.unlink()
    (d / "_MAIN_7.toc").write_bytes(b"\0" * 100)
    (d / "MAIN_zzz.seg").write_bytes(b"junk")


DAMAGE: dict[str, tuple[Callable[[Path], None], bool]] = {
    # name: (damage, a rebuild notice is expected)
    "truncated-segment": (_truncate_segment, True),
    "empty-segment": (_empty_segment, True),
    "deleted-segments": (_delete_segments, True),
    "garbage-toc": (_garbage_toc, True),
    "random-toc": (_random_toc, True),
    "truncated-toc": (_truncated_toc, True),
    "deleted-toc": (_deleted_toc, False),
    "garbage-meta": (_garbage_meta, True),
    "list-meta": (_list_meta, True),
    "old-schema": (_old_schema, True),
    "deleted-meta": (_deleted_meta, True),
    "garbage-manifest": (_garbage_manifest, False),
    "wrong-manifest": (_wrong_manifest, False),
    "lying-manifest": (_lying_manifest, False),
    "deleted-manifest": (_deleted_manifest, False),
    "only-garbage-files": (_index_dir_is_garbage_files, True),
}


@pytest.mark.parametrize("name", list(DAMAGE))
def test_damaged_index_is_rebuilt_by_search(
    name: str, base_index: tuple[Path, Path, set[str]], tmp_path: Path
) -> None:
    """`tuireader search` over a damaged index: a notice, a rebuild, the right hits."""
    corpus, healthy, expected = base_index
    index_dir = tmp_path / "index"
    shutil.copytree(healthy, index_dir)
    damage, notice = DAMAGE[name]
    damage(index_dir)
    args = ["--corpus", str(corpus), "--index-dir", str(index_dir)]
    run = run_cli(["search", "common", "--json", "--limit", "1000", *args], cli_env(tmp_path))
    assert_no_traceback(run)
    assert run.code == 0, run.describe()
    assert_terminal_safe(run.stderr, what="stderr")
    hits = [hit["path"] for hit in json.loads(run.stdout)["hits"]]
    assert sorted(hits) == sorted(expected), run.describe()
    if notice:
        assert "index rebuilt" in run.err, run.describe()
    assert sorted(_indexed(corpus, index_dir)) == sorted(expected)


@pytest.mark.parametrize("name", ["truncated-segment", "garbage-toc", "garbage-meta"])
def test_damaged_index_is_rebuilt_by_index(
    name: str, base_index: tuple[Path, Path, set[str]], tmp_path: Path
) -> None:
    corpus, healthy, expected = base_index
    index_dir = tmp_path / "index"
    shutil.copytree(healthy, index_dir)
    DAMAGE[name][0](index_dir)
    args = ["--corpus", str(corpus), "--index-dir", str(index_dir)]
    run = run_cli(["index", "--quiet", "--no-entities", *args], cli_env(tmp_path))
    assert_no_traceback(run)
    assert run.code == 0, run.describe()
    assert "index rebuilt: " in run.out, run.describe()
    assert f"{len(expected)} added" in run.out
    assert sorted(_indexed(corpus, index_dir)) == sorted(expected)


def test_damaged_index_is_rebuilt_by_library(
    base_index: tuple[Path, Path, set[str]], tmp_path: Path
) -> None:
    corpus, healthy, expected = base_index
    index_dir = tmp_path / "index"
    shutil.copytree(healthy, index_dir)
    _truncate_segment(index_dir)
    with Library(corpus, index_dir) as lib:
        assert lib.is_stale()
        report = lib.update(entities=False)
        assert report.rebuilt and report.added == len(expected), report
        assert lib.search("common", limit=1000).total == len(expected)


@pytest.mark.xfail(
    reason="damage inside a segment's compressed data is only seen when read "
    "(zlib error at search time); no check on open catches it",
    strict=False,
)
def test_bit_flips_inside_a_segment(
    base_index: tuple[Path, Path, set[str]], tmp_path: Path
) -> None:
    corpus, healthy, _expected = base_index
    index_dir = tmp_path / "index"
    shutil.copytree(healthy, index_dir)
    seg = _segments(index_dir)[0]
    data = bytearray(seg.read_bytes())
    rng = random.Random(3)
    for _ in range(200):
        data[rng.randrange(len(data))] = rng.randrange(256)
    seg.write_bytes(bytes(data))
    args = ["--corpus", str(corpus), "--index-dir", str(index_dir)]
    run = run_cli(["search", "common", "--json", *args], cli_env(tmp_path))
    assert_no_traceback(run)


# -- SIGKILL while indexing ---------------------------------------------------------------


def _kill_cycles(tmp_path: Path, count: int, kills: int, seed: int, extra: list[str]) -> None:
    corpus = tmp_path / "corpus"
    expected = _corpus(corpus, count, seed=seed)
    index_dir = tmp_path / "index"
    env = cli_env(tmp_path)
    args = ["index", "--quiet", *extra, "--corpus", str(corpus), "--index-dir", str(index_dir)]
    rng = random.Random(seed)
    moments = []
    for cycle in range(kills):
        # Change the corpus between runs too: a kill must not lose or duplicate anything.
        victim = corpus / f"g0/doc{cycle * 7:05d}.txt"
        victim.write_text(f"changed{cycle} common\n")
        proc = subprocess.Popen(
            [*tuireader_cmd(), *args],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        moment = rng.uniform(0.8, 6.0)
        moments.append(round(moment, 2))
        try:
            proc.wait(moment)
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
    time.sleep(0.5)
    orphans = _processes_using(str(index_dir))
    for pid in orphans:  # clean up before failing, so nothing outlives the test
        os.kill(pid, signal.SIGKILL)
    assert not orphans, "helpers of a killed indexer outlived it (and keep its locks)"
    final = run_cli([*args], env, timeout=600)
    assert_no_traceback(final)
    assert final.code == 0, final.describe()
    with Library(corpus, index_dir) as lib:
        paths = lib.all_paths()
        assert sorted(paths) == sorted(expected), "documents lost or invented"
        assert lib.status().documents == len(expected), "documents duplicated"
        for cycle in range(kills):
            assert lib.search(f"changed{cycle}").total == 1, cycle
        assert not lib.is_stale()
    every = run_cli(
        [
            "search",
            "common",
            "--json",
            "--limit",
            "100000",
            "--corpus",
            str(corpus),
            "--index-dir",
            str(index_dir),
        ],
        env,
    )
    hits = [hit["path"] for hit in json.loads(every.stdout)["hits"]]
    assert len(hits) == len(set(hits)) == len(expected)
    FIGURES[f"SIGKILL moments ({count} docs, {' '.join(extra) or 'entities'})"] = str(moments)


def _processes_using(marker: str) -> list[int]:
    """Live processes whose command line mentions `marker`."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as handle:
                cmdline = handle.read()
            with open(f"/proc/{entry}/stat", "rb") as handle:
                state = handle.read().rsplit(b")", 1)[1].split()[0]
        except OSError:
            continue
        if marker.encode() in cmdline and state != b"Z":
            found.append(int(entry))
    return found


def test_sigkill_during_text_indexing(tmp_path: Path) -> None:
    _kill_cycles(tmp_path, 2500, kills=4, seed=11, extra=["--no-entities"])


@pytest.mark.slow
def test_sigkill_during_entity_pass(tmp_path: Path) -> None:
    _kill_cycles(tmp_path, 600, kills=3, seed=12, extra=[])


# -- two processes ------------------------------------------------------------------------


def test_second_writer_gets_a_clear_busy_exit_and_reader_still_works(
    base_index: tuple[Path, Path, set[str]], tmp_path: Path
) -> None:
    corpus, healthy, expected = base_index
    index_dir = tmp_path / "index"
    shutil.copytree(healthy, index_dir)
    (corpus.parent / "extra").mkdir(exist_ok=True)
    moved = tmp_path / "corpus"
    shutil.copytree(corpus, moved)
    (moved / "new.txt").write_text("brandnewword common\n")  # so both commands want to write
    env = cli_env(tmp_path)
    args = ["--corpus", str(moved), "--index-dir", str(index_dir)]
    holder = windex.open_dir(str(index_dir), indexname="MAIN")
    writer = holder.writer()
    try:
        started = time.perf_counter()
        second = run_cli(["index", "--quiet", "--no-entities", *args], env, timeout=60)
        assert time.perf_counter() - started < 30
        assert_no_traceback(second)
        assert second.code == 3, second.describe()
        assert "another tuireader is updating this index" in second.err
        reader = run_cli(["search", "common", "--json", "--limit", "1000", *args], env)
        assert_no_traceback(reader)
        assert reader.code == 0, reader.describe()
        assert "another tuireader is updating" in reader.err
        assert len(json.loads(reader.stdout)["hits"]) == len(expected)
        with Library(moved, index_dir) as lib, pytest.raises(IndexBusyError):
            lib.update(entities=False)
    finally:
        writer.cancel()
        holder.close()
    # The lock is free again: the update goes through.
    after = run_cli(["index", "--quiet", "--no-entities", *args], env)
    assert after.code == 0 and "1 added" in after.out, after.describe()


def test_reader_while_a_writer_commits(tmp_path: Path) -> None:
    """Searches (CLI and Library) while `tuireader index` commits batches: never an error."""
    corpus = tmp_path / "corpus"
    expected = _corpus(corpus, 8000, seed=5)  # long enough to read while it is written
    index_dir = tmp_path / "index"
    env = cli_env(tmp_path)
    args = ["--corpus", str(corpus), "--index-dir", str(index_dir)]
    # A first small index so that readers have something to open.
    with Library(corpus, index_dir) as lib:
        first = sorted(expected)[:1]
        lib.update(entities=False, cancel=lambda: len(first) == 0 or bool(first.pop()))
    proc = subprocess.Popen(
        [*tuireader_cmd(), "index", "--quiet", "--no-entities", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    counts: list[int] = []
    errors: list[BaseException] = []

    def read_in_process() -> None:
        try:
            with Library(corpus, index_dir) as reader:
                while True:  # at least once: the writer may finish before this starts
                    counts.append(reader.search("common", limit=5).total)
                    if proc.poll() is not None:
                        break
                    time.sleep(0.05)
        except BaseException as exc:  # reported below
            errors.append(exc)

    # Wait for the writer's first commit: from then on it holds the lock, and the CLI
    # searches below find the index stale, wait for the writer, give up and search.
    deadline = time.monotonic() + 120
    with Library(corpus, index_dir) as probe:
        while probe.status().documents <= 1 and proc.poll() is None:
            assert time.monotonic() < deadline, "the writer never committed"
            time.sleep(0.1)
    thread = threading.Thread(target=read_in_process)
    thread.start()
    cli_runs = []
    while proc.poll() is None and len(cli_runs) < 6:
        cli_runs.append(run_cli(["search", "common", "--json", "--limit", "3", *args], env))
    _out, err = proc.communicate(timeout=600)
    thread.join(60)
    assert not errors, errors
    assert proc.returncode == 0, err.decode()
    for run in cli_runs:
        assert_no_traceback(run)
        assert run.code in (0, 1), run.describe()
        json.loads(run.stdout)
    assert counts and counts == sorted(counts), "a reader saw documents disappear"
    assert sorted(_indexed(corpus, index_dir)) == sorted(expected)


def test_stale_lock_of_a_killed_process_is_recovered(tmp_path: Path) -> None:
    """A process killed while holding the writer: the next one gets the lock at once."""
    corpus = tmp_path / "corpus"
    expected = _corpus(corpus, 50)
    index_dir = tmp_path / "index"
    env = cli_env(tmp_path)
    code = (
        "import os, sys, time\n"
        "from pathlib import Path\n"
        "from tuireader.core.library import Library\n"
        "lib = Library(Path(sys.argv[1]), Path(sys.argv[2]))\n"
        "w = lib._store.open_writer()\n"
        "print('locked', flush=True)\n"
        "time.sleep(600)\n"
    )
    holder = subprocess.Popen(
        [tuireader_cmd()[0], "-c", code, str(corpus), str(index_dir)],
        env=env,
        stdout=subprocess.PIPE,
    )
    assert holder.stdout is not None
    assert holder.stdout.readline().strip() == b"locked"
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    assert (index_dir / "MAIN_WRITELOCK").exists()  # the lock file stays behind
    args = ["--corpus", str(corpus), "--index-dir", str(index_dir)]
    run = run_cli(["index", "--quiet", "--no-entities", *args], env)
    assert_no_traceback(run)
    assert run.code == 0, run.describe()
    assert sorted(_indexed(corpus, index_dir)) == sorted(expected)


# -- the index folder cannot be written ----------------------------------------------------


def _no_dac_prefix() -> list[str]:
    if os.geteuid() != 0:
        return []
    if not os.path.exists("/usr/bin/setpriv"):
        pytest.skip("running as root without setpriv: a read-only folder stays writable")
    return ["/usr/bin/setpriv", "--bounding-set=-dac_override,-dac_read_search", "--"]


def _run_as(prefix: list[str], args: list[str], env: dict[str, str]):  # type: ignore[no-untyped-def]
    import robust_support

    original = robust_support.tuireader_cmd
    robust_support.tuireader_cmd = lambda: [*prefix, *original()]
    try:
        return run_cli(args, env)
    finally:
        robust_support.tuireader_cmd = original


@pytest.mark.parametrize("where", ["a-file", "under-a-file", "via-env-var", "read-only-dir"])
def test_index_dir_not_writable(
    where: str, base_index: tuple[Path, Path, set[str]], tmp_path: Path
) -> None:
    corpus, _healthy, _expected = base_index
    blocker = tmp_path / "blocker"
    blocker.write_text("a file, not a folder\n")
    env = cli_env(tmp_path)
    prefix: list[str] = []
    if where == "a-file":
        target: list[str] = ["--index-dir", str(blocker)]
    elif where == "under-a-file":
        target = ["--index-dir", str(blocker / "index")]
    elif where == "via-env-var":
        env["TUIREADER_INDEX_DIR"] = str(blocker / "index")
        target = []
    else:
        prefix = _no_dac_prefix()
        locked = tmp_path / "locked"
        locked.mkdir()
        os.chmod(locked, 0o555)
        target = ["--index-dir", str(locked / "index")]
    try:
        for command in (["index", "--quiet", "--no-entities"], ["search", "common"]):
            run = _run_as(prefix, [*command, "--corpus", str(corpus), *target], env)
            assert_no_traceback(run)
            assert run.code == 3, run.describe()
            assert "cannot write the index in" in run.err, run.describe()
            assert len(run.err.strip().splitlines()) <= 2, run.describe()
    finally:
        if where == "read-only-dir":
            os.chmod(tmp_path / "locked", 0o755)


def test_read_only_index_still_searches(
    base_index: tuple[Path, Path, set[str]], tmp_path: Path
) -> None:
    """An existing index in a folder we cannot write: search works on what is there."""
    corpus, healthy, expected = base_index
    prefix = _no_dac_prefix()
    moved = tmp_path / "corpus"
    shutil.copytree(corpus, moved)
    (moved / "new.txt").write_text("common brandnew\n")  # the index is stale
    index_dir = tmp_path / "index"
    shutil.copytree(healthy, index_dir)
    for child in [index_dir, *index_dir.iterdir()]:
        os.chmod(child, 0o555 if child.is_dir() else 0o444)
    env = cli_env(tmp_path)
    args = ["--corpus", str(moved), "--index-dir", str(index_dir)]
    try:
        run = _run_as(prefix, ["search", "common", "--json", "--limit", "1000", *args], env)
        assert_no_traceback(run)
        assert run.code == 0, run.describe()
        assert "cannot write the index" in run.err and "searching what is indexed" in run.err
        assert len(json.loads(run.stdout)["hits"]) == len(expected)
        index = _run_as(prefix, ["index", "--quiet", "--no-entities", *args], env)
        assert index.code == 3 and "cannot write the index" in index.err, index.describe()
    finally:
        os.chmod(index_dir, 0o755)
