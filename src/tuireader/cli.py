"""The command line: `tuireader [PATH]` opens the reader; subcommands work headless.

    tuireader [PATH]                       open the reader (default: the bundled seeds)
    tuireader index    [--corpus PATH]     bring the index up to date, with a progress bar
    tuireader search   QUERY [--corpus PATH] [--limit N] [--sort date] [--json]
    tuireader entities [--corpus PATH] [--doc PATH] [--json] [--aliases-path]
    tuireader mentions NAME [--corpus PATH] [--json]

Exit codes: 0 ok, 1 no results (search, mentions), 2 bad usage or query, 3 the index is
busy or cannot be written.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tuireader import __version__, paths
from tuireader.textsafe import flat_line

EXIT_OK, EXIT_EMPTY, EXIT_USAGE, EXIT_INDEX, EXIT_BUG = 0, 1, 2, 3, 4
SUBCOMMANDS = ("index", "search", "entities", "mentions")


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--corpus",
        type=Path,
        default=None,
        metavar="PATH",
        help="the folder of documents (default: the bundled seeds)",
    )
    parser.add_argument(
        "--index-dir",
        type=Path,
        default=None,
        metavar="DIR",
        help="where the index lives (default: one per corpus in the user cache; "
        f"also ${paths.INDEX_DIR_ENV})",
    )


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every command."""
    parser = argparse.ArgumentParser(
        prog="tuireader",
        description="A keyboard-first terminal reader for a folder of documents.",
        epilog="Subcommands: index, search, entities, mentions (tuireader SUBCOMMAND --help).",
    )
    parser.add_argument("--version", action="version", version=f"tuireader {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="SUBCOMMAND")

    p_index = sub.add_parser("index", help="index new and changed documents")
    _common(p_index)
    p_index.add_argument("--no-entities", action="store_true", help="text only, skip NER")
    p_index.add_argument("--quiet", action="store_true", help="no progress bar")
    p_index.add_argument(
        "--optimize",
        action="store_true",
        help="then merge the index into one segment (faster searches; takes about as "
        "long as a full build)",
    )
    p_index.add_argument(
        "--events", action="store_true", help="progress and report as JSON lines (for the reader)"
    )

    p_search = sub.add_parser("search", help="search the corpus")
    p_search.add_argument("query", help="a query, e.g. '\"political prisoners\" AND date:2023'")
    _common(p_search)
    p_search.add_argument("--limit", type=int, default=10, help="hits to show (default 10)")
    p_search.add_argument("--sort", choices=("relevance", "date"), default="relevance")
    p_search.add_argument("--json", action="store_true", help="machine-readable output")

    p_ent = sub.add_parser("entities", help="people and organisations per document")
    _common(p_ent)
    p_ent.add_argument("--doc", default=None, metavar="PATH", help="one document only")
    p_ent.add_argument("--json", action="store_true", help="machine-readable output")
    p_ent.add_argument(
        "--aliases-path",
        action="store_true",
        help="print where the corrections file lives (and write a commented example there "
        "if there is none yet)",
    )

    p_men = sub.add_parser("mentions", help="every mention of a person or organisation")
    p_men.add_argument("name", help='canonical name or alias, e.g. "Hun Sen" or CNRP')
    _common(p_men)
    p_men.add_argument("--json", action="store_true", help="machine-readable output")
    return parser


def build_open_parser() -> argparse.ArgumentParser:
    """The parser of `tuireader [PATH]`, which opens the reader."""
    parser = argparse.ArgumentParser(
        prog="tuireader",
        description="A keyboard-first terminal reader for a folder of documents. "
        "Subcommands for headless work: index, search, entities, mentions "
        "(tuireader SUBCOMMAND --help).",
    )
    parser.add_argument("--version", action="version", version=f"tuireader {__version__}")
    parser.add_argument(
        "path", nargs="?", type=Path, default=None, help="corpus folder (default: the seeds)"
    )
    parser.add_argument("--index-dir", type=Path, default=None, metavar="DIR")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `tuireader` command; returns the exit code."""
    try:
        return _main(argv)
    except BrokenPipeError:
        # `tuireader search ... | head`: the reader went away; say nothing more.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a bug: say so in one line; TUIREADER_DEBUG=1 shows where
        if os.environ.get("TUIREADER_DEBUG"):
            raise
        first = flat_line((str(exc).strip().splitlines() or [""])[0][:300])
        message = f"{type(exc).__name__}: {first}" if first else type(exc).__name__
        print(
            f"tuireader: unexpected error ({message}); nothing in the corpus was changed. "
            "Run again with TUIREADER_DEBUG=1 for the details.",
            file=sys.stderr,
        )
        return EXIT_BUG


def _main(argv: Sequence[str] | None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    first = next((a for a in args_list if not a.startswith("-")), None)
    if first in SUBCOMMANDS or (args_list and args_list[0] in ("-h", "--help")):
        args = build_parser().parse_args(args_list)
        if args.command is None:
            build_parser().print_help()
            return EXIT_OK
        from tuireader import commands

        handler = getattr(commands, f"cmd_{args.command}")
        result: int = handler(args)
        return result
    args = build_open_parser().parse_args(args_list)
    return open_reader(args)


def corpus_of(path: Path | None) -> Path:
    """The corpus folder a command works on."""
    return (path or paths.bundled_seeds()).expanduser()


def check_corpus(corpus: Path) -> str | None:
    """A one-line error when `corpus` is not a readable folder."""
    if not corpus.exists():
        return f"tuireader: no such folder: {corpus}"
    if not corpus.is_dir():
        return f"tuireader: not a folder: {corpus}"
    return None


def open_reader(args: Any) -> int:
    """Open the Textual reader on a corpus."""
    corpus = corpus_of(args.path)
    error = check_corpus(corpus)
    if error:
        print(error, file=sys.stderr)
        return EXIT_USAGE
    from tuireader.factory import make_app

    app = make_app(corpus, index_dir=args.index_dir)
    app.run()
    return EXIT_OK
