"""The entity panel: jump to a mention, walk mentions across documents, mentions view, filter."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import Input, Static

from conftest_ui import QUERY, main_screen, settle, type_query
from tuireader.core.models import EntityCount
from tuireader.ui.app import ReaderApp
from tuireader.ui.screens.mentions import MentionList, MentionsScreen
from tuireader.ui.widgets.document_body import DocumentBody
from tuireader.ui.widgets.entity_panel import EntityList


async def open_first_result(pilot: Pilot[None]) -> None:
    """Search for QUERY and open the first result."""
    await settle(pilot)
    await type_query(pilot, QUERY)
    await pilot.press("enter", "enter")
    await settle(pilot)


async def select_corpus_entity(pilot: Pilot[None], min_documents: int = 2) -> EntityCount:
    """Switch the panel to the whole corpus and put the cursor on an entity found in
    several documents (the one with most mentions)."""
    app = pilot.app
    assert isinstance(app, ReaderApp)
    screen = main_screen(app)
    await pilot.press("e")
    await pilot.pause()
    await pilot.press("s", "s")  # document -> results -> corpus
    await settle(pilot)
    assert screen.entity_panel.scope == "corpus"
    candidates = [
        e for e in screen.entity_panel.entity_list.entities if e.documents >= min_documents
    ]
    assert candidates, "the test corpus should have an entity in several documents"
    entity = max(candidates, key=lambda e: (e.kind == "person", e.mentions))
    assert screen.entity_panel.select(entity.kind, entity.name)
    await settle(pilot)
    return entity


async def test_panel_lists_entities_of_the_open_document(app: ReaderApp) -> None:
    async with app.run_test(size=(160, 40)) as pilot:
        await open_first_result(pilot)
        screen = main_screen(app)
        entities = screen.entity_panel.entity_list.entities
        assert entities, "the open document should have people or organisations"
        assert screen.document is not None
        names = {m.name for m in screen.document.mentions}
        assert {e.name for e in entities} <= names
        scope = str(screen.query_one("#entity-scope", Static).render())
        assert scope.startswith("In this document")


async def test_panel_says_no_document_is_open_before_one_is(app: ReaderApp) -> None:
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        assert screen.document is None
        scope = str(screen.query_one("#entity-scope", Static).render())
        assert scope.startswith("In this document · no document open"), scope
        screen.set_focus(screen.entity_panel.entity_list)  # the search box has the focus
        await pilot.pause()
        await pilot.press("s", "s")  # the whole corpus lists its entities
        await settle(pilot)
        scope = str(screen.query_one("#entity-scope", Static).render())
        assert scope.startswith("In the whole corpus"), scope
        assert screen.entity_panel.entity_list.entities


async def test_enter_on_entity_jumps_to_its_first_mention(app: ReaderApp) -> None:
    async with app.run_test(size=(160, 40)) as pilot:
        await open_first_result(pilot)
        screen = main_screen(app)
        await pilot.press("e")
        await pilot.pause()
        entity_list = screen.query_one(EntityList)
        assert screen.focused is entity_list
        entity = entity_list.selected
        assert entity is not None
        await pilot.press("enter")
        await settle(pilot)
        assert screen.document is not None
        first = min(
            (m for m in screen.document.mentions if (m.kind, m.name) == (entity.kind, entity.name)),
            key=lambda m: m.start,
        )
        body = screen.query_one(DocumentBody)
        assert body.current is not None
        assert (body.current.start, body.current.end) == (first.start, first.end)
        assert body.text[first.start : first.end] == first.text
        # The detail shows what the library knows about the entity.
        detail = str(screen.query_one("#entity-detail", Static).render())
        assert entity.name in detail and "mention" in detail


async def test_brackets_walk_mentions_across_documents(app: ReaderApp) -> None:
    async with app.run_test(size=(160, 40)) as pilot:
        await open_first_result(pilot)
        screen = main_screen(app)
        entity = await select_corpus_entity(pilot)
        await pilot.press("right_square_bracket")
        await settle(pilot)
        walk = screen.walk
        assert walk and screen.walk_key == (entity.kind, entity.name)
        documents = len({m.path for m in walk})
        assert documents >= 2
        seen_paths: list[str] = []
        for step in range(len(walk)):
            if step:
                await pilot.press("right_square_bracket")
                await settle(pilot)
            at = screen.walk_at
            assert at is not None
            mention = walk[at]
            assert screen.viewer.path == mention.path
            body = screen.query_one(DocumentBody)
            assert body.current is not None and body.current.start == mention.start
            assert body.text[mention.start : mention.end] == mention.text
            header = str(screen.query_one("#hdr-walk", Static).render())
            assert header == (
                f"{entity.name}: mention {at + 1} of {len(walk)} in {documents} documents"
            )
            if not seen_paths or seen_paths[-1] != mention.path:
                seen_paths.append(mention.path)
        # Every document that mentions the entity was visited, in date order.
        assert sorted(set(seen_paths)) == sorted({m.path for m in walk})
        # [ goes back, across the document boundary too.
        at = screen.walk_at
        assert at is not None
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert screen.walk_at == (at - 1) % len(walk)
        assert screen.viewer.path == walk[(at - 1) % len(walk)].path


async def test_mentions_view_opens_a_document_at_a_mention(app: ReaderApp) -> None:
    async with app.run_test(size=(160, 40)) as pilot:
        await open_first_result(pilot)
        screen = main_screen(app)
        entity = await select_corpus_entity(pilot)
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, MentionsScreen)
        mention_list = app.screen.query_one(MentionList)
        assert mention_list.option_count == len(screen.walk) == entity.mentions
        # Choose the last mention: it is in another document than the first.
        await pilot.press("G", "enter")
        await settle(pilot)
        assert not isinstance(app.screen, MentionsScreen)
        last = screen.walk[-1]
        assert screen.viewer.path == last.path
        body = screen.query_one(DocumentBody)
        assert body.current is not None and body.current.start == last.start


async def test_f_filters_the_search_by_the_entity(app: ReaderApp) -> None:
    async with app.run_test(size=(160, 40)) as pilot:
        await open_first_result(pilot)
        screen = main_screen(app)
        before = screen.result.total if screen.result else 0
        entity = await select_corpus_entity(pilot)
        await pilot.press("f")
        await pilot.pause(0.3)
        await settle(pilot)
        prefix = "person" if entity.kind == "person" else "org"
        expected = f'{QUERY} {prefix}:"{entity.name}"'
        assert screen.query_one("#query", Input).value == expected
        assert screen.result is not None and screen.result.query == expected
        assert 0 < screen.result.total <= before


async def test_u_toggles_mention_underlines(app: ReaderApp) -> None:
    async with app.run_test(size=(160, 40)) as pilot:
        await open_first_result(pilot)
        body = main_screen(app).query_one(DocumentBody)
        assert body.show_mentions
        await pilot.press("u")
        assert not body.show_mentions
