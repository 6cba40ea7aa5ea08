"""The first entity pass over a folder resolves its early documents again with the votes
of its end: what the corpus says about a name must not depend on where the document
stood in the pass."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from tuireader.core.entity_pass import run_entity_pass
from tuireader.core.entity_store import decode_mentions
from tuireader.core.index import IndexStore
from tuireader.core.models import RawMention


class NameLabeller:
    """A stand-in for the model: "Zorblat" is ORG in the first article, PERSON after."""

    warning: str | None = None
    backend = "test"

    def extract(self, texts: Iterable[str]) -> Iterator[list[RawMention]]:
        for text in texts:
            label = "ORG" if "first" in text else "PERSON"
            yield [
                RawMention(label, m.group(), m.start(), m.end())
                for m in re.finditer(r"Zorblat", text)
            ]


def _kinds(store: IndexStore, path: str) -> set[str]:
    with store.ix.searcher() as searcher:
        stored = searcher.stored_fields(searcher.document_number(path=path))
        return {m.kind for m in decode_mentions(stored["body"], stored.get("mentions"))}


def test_early_documents_are_resolved_again_with_the_votes_of_the_pass_end(
    tmp_path: Path,
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("The first article: Zorblat spoke at length today.\n")
    for i in range(6):
        (corpus / f"b{i}.txt").write_text(f"Article {i}: Zorblat spoke. Later Zorblat left.\n")
    store = IndexStore(corpus, tmp_path / "index")
    store.update_text()
    report = run_entity_pass(store, NameLabeller(), None)  # type: ignore[arg-type]
    assert report.done == 7
    # resolved alone, "a.txt" had one ORG vote; with the votes of the end, 12 PERSON
    assert report.resolved_again >= 1
    assert _kinds(store, "a.txt") == {"person"}
    # a second pass has nothing to do, and resolves nothing again
    again = run_entity_pass(store, NameLabeller(), None)  # type: ignore[arg-type]
    assert again.done == 0 and again.resolved_again == 0
