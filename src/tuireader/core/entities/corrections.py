"""The user's corrections to the entity listing: a small TOML file.

Corrections are applied by `resolve` to already-extracted mentions, so changing them never
needs the model to run again. A broken file is reported, never raised.
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from tuireader.core.entities.clean import normalise
from tuireader.core.models import EntityKind, Mention

_KINDS: dict[str, EntityKind | None] = {
    "person": "person",
    "people": "person",
    "per": "person",
    "org": "org",
    "organisation": "org",
    "organization": "org",
    "hide": None,
}

_TEMPLATE = """\
# tuireader entity corrections
#
# Names are matched without regard to case, quotes, punctuation or a possessive 's,
# against both what the text says ("Seng Theary") and the entity's canonical name.
# Changes take effect the next time entities are listed; no re-indexing is needed.

# Names never to list (false positives), by surface form or canonical name.
hide = [
  # "Khmer Bible",
]

[merge]
# alias = "canonical": mentions written as the alias belong to that entity.
# "Seng Theary" = "Theary Seng"
# "Hun Sun" = "Hun Sen"

[rename]
# canonical = "new canonical name" shown in the listing.
# "Cambodian National Rescue Party" = "CNRP"

[type]
# name = "person", "org" or "hide".
# "Brexit" = "hide"
# "Trump" = "person"
"""


@dataclass(frozen=True)
class Corrections:
    """User corrections, keyed by normalised names: merge, rename, kind changes, hiding."""

    merge: dict[str, str] = field(default_factory=dict)
    """Alias key -> canonical name."""
    rename: dict[str, str] = field(default_factory=dict)
    """Canonical name key -> new canonical name."""
    kinds: dict[str, EntityKind] = field(default_factory=dict)
    """Name key -> the kind it really is."""
    hide: frozenset[str] = frozenset()
    """Keys of names never to list."""

    def __bool__(self) -> bool:
        return bool(self.merge or self.rename or self.kinds or self.hide)

    def apply(self, mentions: Sequence[Mention]) -> list[Mention]:
        """The mentions of one document with the corrections applied."""
        if not self:
            return list(mentions)
        by_name = {normalise(m.name): m for m in mentions}
        out: list[Mention] = []
        for m in mentions:
            text_key, name_key = normalise(m.text), normalise(m.name)
            if text_key in self.hide or name_key in self.hide:
                continue
            target = self.merge.get(text_key) or self.merge.get(name_key)
            if target is not None:
                known = by_name.get(normalise(target))
                kind = known.kind if known is not None else m.kind
                m = replace(m, name=known.name if known is not None else target, kind=kind)
                name_key = normalise(m.name)
            new_name = self.rename.get(name_key)
            if new_name is not None:
                m = replace(m, name=new_name)
            new_kind = self.kinds.get(name_key) or self.kinds.get(normalise(m.name))
            if new_kind is not None:
                m = replace(m, kind=new_kind)
            if normalise(m.name) in self.hide:
                continue
            out.append(m)
        return out


def _table(data: dict[str, Any], name: str, problems: list[str]) -> dict[str, Any]:
    value = data.get(name, {})
    if not isinstance(value, dict):
        problems.append(f'[{name}] must be a table of "name" = "value" lines')
        return {}
    return value


def parse_corrections(data: dict[str, Any]) -> tuple[Corrections, list[str]]:
    """Corrections from parsed TOML, with a list of the entries that were ignored and why."""
    problems: list[str] = []
    merge: dict[str, str] = {}
    rename: dict[str, str] = {}
    kinds: dict[str, EntityKind] = {}
    hide: set[str] = set()

    def hidden(value: Any, where: str) -> None:
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            hide.update(normalise(v) for v in value if normalise(v))
        else:
            problems.append(f"{where} must be a list of names")

    if "hide" in data:
        hidden(data["hide"], "hide")
    for section, target in (("merge", merge), ("rename", rename)):
        for key, value in _table(data, section, problems).items():
            if isinstance(value, str) and value.strip() and normalise(key):
                target[normalise(key)] = " ".join(value.replace(",", " ").split())
            else:
                problems.append(f"[{section}] {key!r}: the value must be a non-empty name")
    for key, value in _table(data, "type", problems).items():
        if key == "hide":
            hidden(value, "[type] hide")
            continue
        choice = _KINDS.get(str(value).strip().casefold()) if isinstance(value, str) else "?"
        if choice == "?" or (choice is None and str(value).strip().casefold() != "hide"):
            problems.append(f'[type] {key!r}: expected "person", "org" or "hide", got {value!r}')
        elif choice is None:
            hide.add(normalise(key))
        else:
            kinds[normalise(key)] = choice
    unknown = sorted(set(data) - {"hide", "merge", "rename", "type"})
    if unknown:
        problems.append("unknown section(s): " + ", ".join(unknown))
    return Corrections(merge, rename, kinds, frozenset(hide)), problems


def load_corrections(path: Path) -> tuple[Corrections, str | None]:
    """(corrections, error message or None) from a TOML file.

    A missing file is no error; a file that cannot be read or parsed gives empty
    corrections and a one-line message naming the file and the problem, never an
    exception. Entries that make no sense are skipped and named in the message.
    """
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Corrections(), None
    except OSError as exc:
        return Corrections(), f"{path}: cannot read the corrections file ({exc.strerror or exc})"
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return Corrections(), f"{path}: the corrections file is not UTF-8 text; ignored"
    except tomllib.TOMLDecodeError as exc:
        return Corrections(), f"{path}: not valid TOML ({exc}); corrections ignored"
    corrections, problems = parse_corrections(data)
    if problems:
        return corrections, f"{path}: some corrections were ignored: " + "; ".join(problems)
    return corrections, None


def corrections_template() -> str:
    """A commented example corrections file, for the CLI to write when asked."""
    return _TEMPLATE
