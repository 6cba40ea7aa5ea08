"""The corpus is read-only to us: nothing in it is created, changed or locked.

Also: files that change, appear or vanish while indexing runs.
"""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest
from robust_support import (
    assert_no_traceback,
    cli_env,
    make_hostile_corpus,
    run_cli,
    tree_snapshot,
)

from conftest import IndexedHostile
from tuireader.core import documents
from tuireader.core.library import Library


def test_hostile_corpus_unchanged_by_every_command(hostile: IndexedHostile) -> None:
    """index (session fixture), then search, entities, mentions: the tree is byte-identical."""
    for args in (
        ("search", "*", "--json", "--limit", "100000"),
        ("search", "markupword"),
        ("entities",),
        ("entities", "--json"),
        ("mentions", "Sam Rainsy"),
        ("index", "--quiet"),
    ):
        run = hostile.cli(*args)
        assert run.code in (0, 1), run.describe()
    after = tree_snapshot(hostile.corpus.root) | tree_snapshot(hostile.corpus.outside)
    assert after == hostile.before


def test_read_only_corpus(tmp_path: Path) -> None:
    """A corpus chmod-ed a-w (and, as root, run without the capability that bypasses it)."""
    corpus = make_hostile_corpus(tmp_path / "src").root
    os.unlink(corpus / "fifo.txt")  # copytree cannot copy a FIFO
    ro = tmp_path / "ro"
    shutil.copytree(corpus, ro, symlinks=True)
    for folder, dirs, files in os.walk(ro):
        for name in dirs + files:
            full = os.path.join(folder, name)
            if not os.path.islink(full):
                os.chmod(full, stat.S_IMODE(os.lstat(full).st_mode) & ~0o222)
    os.chmod(ro, 0o555)
    before = tree_snapshot(ro)
    prefix: list[str] = []
    if os.geteuid() == 0 and os.path.exists("/usr/bin/setpriv"):
        prefix = ["/usr/bin/setpriv", "--bounding-set=-dac_override", "--"]
    import robust_support

    original = robust_support.tuireader_cmd
    robust_support.tuireader_cmd = lambda: [*prefix, *original()]
    try:
        env = cli_env(tmp_path)
        args = ["--corpus", str(ro), "--index-dir", str(tmp_path / "index")]
        for command in (
            ["index", "--quiet", "--no-entities"],
            ["search", "markupword OR escword", "--json"],
            ["search", "*"],
        ):
            run = run_cli([*command, *args], env)
            assert_no_traceback(run)
            assert run.code in (0, 1), run.describe()
    finally:
        robust_support.tuireader_cmd = original
        for folder, dirs, _files in os.walk(ro):
            for name in dirs:
                full = os.path.join(folder, name)
                if not os.path.islink(full):
                    os.chmod(full, 0o755)
        os.chmod(ro, 0o755)
    after = tree_snapshot(ro)
    for key, value in after.items():  # the chmod back above only touched folders
        if value[0] == stat.S_IFDIR:
            after[key] = (*value[:1], before[key][1], *value[2:])
    assert after.keys() == before.keys(), "entries created or removed in the corpus"
    assert after == before


def test_files_change_appear_and_vanish_while_indexing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(40):
        (corpus / f"f{i:02d}.txt").write_text(f"original{i} common\n")
    real_load = documents.load
    calls = [0]

    def meddling_load(root: Path, entry: documents.FileEntry | str) -> documents.Loaded:
        calls[0] += 1
        if calls[0] == 5:
            (corpus / "f30.txt").unlink()  # vanishes before it is read
            (corpus / "f31.txt").write_text("rewritten31 common\n" * 50)  # grows
            (corpus / "new.txt").write_text("appeared common\n")  # appears
            (corpus / "f32.txt").unlink()
            (corpus / "f32.txt").mkdir()  # a file becomes a folder
            os.symlink("/etc/passwd", corpus / "f33.txt.tmp")
            os.replace(corpus / "f33.txt.tmp", corpus / "f33.txt")  # swapped for a symlink
        return real_load(root, entry)

    monkeypatch.setattr(documents, "load", meddling_load)
    with Library(corpus, tmp_path / "index") as lib:
        first = lib.update(entities=False)
        reasons = {s.path: s.reason for s in first.skipped}
        assert reasons.get("f30.txt") == "vanished while reading", first
        assert "f32.txt" in reasons and "f33.txt" in reasons, first
        monkeypatch.setattr(documents, "load", real_load)
        lib.update(entities=False)
        expected = sorted(p.name for p in corpus.iterdir() if p.is_file() and not p.is_symlink())
        assert lib.all_paths() == expected
        assert lib.search("rewritten31").total == 1
        assert lib.search("original31").total == 0
        assert lib.search("appeared").total == 1
        assert lib.search("passwd OR root").total == 0
        assert not lib.is_stale()


def test_files_change_during_a_cli_index_run(tmp_path: Path) -> None:
    """A thread rewrites, adds and deletes files while `tuireader index` runs; the next run
    converges to exactly what is on disk."""
    import threading
    import time

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(1500):
        (corpus / f"f{i:04d}.txt").write_text(f"start{i} common\n")
    env = cli_env(tmp_path)
    args = ["index", "--quiet", "--no-entities", "--corpus", str(corpus)]
    args += ["--index-dir", str(tmp_path / "index")]
    stop = threading.Event()

    def churn() -> None:
        i = 0
        while not stop.is_set():
            (corpus / f"f{i % 1500:04d}.txt").write_text(f"churn{i} common\n")
            (corpus / f"extra{i}.txt").write_text("extra common\n")
            if i >= 3:
                (corpus / f"extra{i - 3}.txt").unlink(missing_ok=True)
            i += 1
            time.sleep(0.005)

    thread = threading.Thread(target=churn)
    thread.start()
    try:
        run = run_cli(args, env, timeout=600)
    finally:
        stop.set()
        thread.join()
    assert_no_traceback(run)
    assert run.code == 0, run.describe()
    final = run_cli(args, env, timeout=600)
    assert final.code == 0, final.describe()
    with Library(corpus, tmp_path / "index") as lib:
        assert lib.all_paths() == sorted(p.name for p in corpus.iterdir())
        assert not lib.is_stale()
