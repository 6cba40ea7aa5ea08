"""`python -m tuireader` is the same as the `tuireader` command."""

from __future__ import annotations

from tuireader.cli import main

raise SystemExit(main())
