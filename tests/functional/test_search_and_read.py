"""Search as you type, open a result, walk hits with n / N across documents, sort."""

from __future__ import annotations

from pathlib import Path

from textual import events
from textual.widgets import Input, Static

from conftest_ui import QUERY, main_screen, settle, type_query
from tuireader.core.library import Library
from tuireader.factory import make_app
from tuireader.ui.app import ReaderApp
from tuireader.ui.widgets.document_body import DocumentBody
from tuireader.ui.widgets.search_pane import ResultList


def info_text(app: ReaderApp) -> str:
    """What the count / error line under the query shows."""
    return str(main_screen(app).query_one("#search-info", Static).render())


def counter_text(app: ReaderApp) -> str:
    """What the viewer's hit counter shows."""
    return str(main_screen(app).query_one("#doc-counter", Static).render())


async def test_opens_at_once_then_indexes_in_the_background(fresh_app: ReaderApp) -> None:
    app = fresh_app
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = main_screen(app)
        assert "corpus" in str(screen.query_one("#hdr-title", Static).render())
        await settle(pilot)
        title = str(screen.query_one("#hdr-title", Static).render())
        assert "corpus" in title and "6 documents" in title
        assert str(screen.query_one("#hdr-state", Static).render()) == "up to date"


async def test_search_as_you_type(app: ReaderApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        assert screen.focused is screen.query_one("#query", Input)
        # Type without pressing Enter: the debounced search runs by itself.
        await pilot.press(*QUERY)
        await pilot.pause(0.3)
        await settle(pilot)
        results = screen.query_one(ResultList)
        assert screen.query_text == QUERY
        assert results.option_count == len(results.hits) >= 4
        assert info_text(app).startswith(f"{len(results.hits)} results")
        # Every row's snippet has its matched words marked.
        first = results.hits[0]
        assert first.snippet is not None and first.snippet.marks
        mark = first.snippet.marks[0]
        assert first.snippet.text[mark.start : mark.end].lower().startswith("prison")
        # Typing more narrows the results; the newest query wins.
        await pilot.press(*" Thailand")
        await pilot.pause(0.3)
        await settle(pilot)
        assert screen.result is not None and screen.result.query == f"{QUERY} Thailand"
        assert len(results.hits) == 1


async def test_enter_moves_into_results_and_opens_on_first_hit(app: ReaderApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await type_query(pilot, QUERY)
        screen = main_screen(app)
        await pilot.press("enter")
        assert screen.focused is screen.query_one(ResultList)
        await pilot.press("down", "enter")
        await settle(pilot)
        viewer = screen.viewer
        hit = screen.result.hits[1] if screen.result else None
        assert hit is not None and viewer.document is not None
        assert viewer.document.path == hit.path
        assert viewer.hit_index == 0 and viewer.hit_count >= 1
        assert counter_text(app).startswith(f"hit 1 of {viewer.hit_count}")
        body = screen.query_one(DocumentBody)
        assert screen.focused is body
        current = body.current
        assert current is not None
        assert body.text[current.start : current.end].lower().startswith("prison")
        title = str(screen.query_one("#doc-title", Static).render())
        assert title == hit.title


async def test_n_walks_hits_then_on_to_the_next_result(app: ReaderApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await type_query(pilot, QUERY)
        screen = main_screen(app)
        await pilot.press("enter", "enter")
        await settle(pilot)
        assert screen.result is not None
        first, second = screen.result.hits[0], screen.result.hits[1]
        viewer = screen.viewer
        count = viewer.hit_count
        for expected in range(1, count):
            await pilot.press("n")
            assert viewer.hit_index == expected
        assert counter_text(app).startswith(f"hit {count} of {count}")
        await pilot.press("n")  # past the last hit: the next result, at its first hit
        await settle(pilot)
        assert viewer.path == second.path and viewer.hit_index == 0
        assert screen.open_index == 1
        await pilot.press("N")  # before the first hit: back to the last hit of the first
        await settle(pilot)
        assert viewer.path == first.path
        assert viewer.hit_index == viewer.hit_count - 1 == count - 1


async def test_scroll_keys_move_the_body(app: ReaderApp) -> None:
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(pilot)
        await type_query(pilot, QUERY)
        await pilot.press("enter", "enter")
        await settle(pilot)
        body = main_screen(app).query_one(DocumentBody)
        assert body.line_count > body.size.height
        await pilot.press("G")
        await pilot.pause(0.3)
        assert body.scroll_y == body.max_scroll_y > 0
        await pilot.press("g")
        await pilot.pause(0.3)
        assert body.scroll_y == 0
        await pilot.press("j", "j")
        await pilot.pause(0.3)
        assert body.scroll_y == 2
        await pilot.press("k")
        await pilot.pause(0.3)
        assert body.scroll_y == 1


async def test_sort_by_date(app: ReaderApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await type_query(pilot, QUERY)
        await pilot.press("ctrl+s")
        await pilot.pause(0.3)
        await settle(pilot)
        screen = main_screen(app)
        assert "by date" in info_text(app)
        assert screen.result is not None
        dates = [hit.date for hit in screen.result.hits if hit.date is not None]
        assert dates == sorted(dates) or dates == sorted(dates, reverse=True)


async def test_query_error_shows_in_the_info_line(app: ReaderApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await type_query(pilot, QUERY)
        screen = main_screen(app)
        rows = screen.query_one(ResultList).option_count
        await pilot.press(*" (unclosed")
        await pilot.pause(0.3)
        await settle(pilot)
        info = screen.query_one("#search-info", Static)
        assert app.is_running
        assert info.has_class("-error")
        assert "parenthesis" in info_text(app)
        # The previous results stay while the query is being fixed.
        assert screen.query_one(ResultList).option_count == rows
        await pilot.press("backspace")  # still broken, then fixed
        await pilot.press(*")")
        await pilot.pause(0.3)
        await settle(pilot)
        assert not info.has_class("-error")


async def test_did_you_mean_is_selectable(app: ReaderApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await type_query(pilot, "prisnors")
        screen = main_screen(app)
        assert "Did you mean" in info_text(app)
        results = screen.query_one(ResultList)
        suggestion = results.suggestion
        assert results.option_count == 1 and suggestion == "prisoners"
        await pilot.press("enter", "enter")  # into the list, choose the suggestion
        await pilot.pause(0.3)
        await settle(pilot)
        assert screen.query_one("#query", Input).value == suggestion
        assert screen.result is not None and screen.result.total > 0


async def test_tab_moves_between_panes(app: ReaderApp) -> None:
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        await type_query(pilot, QUERY)
        screen = main_screen(app)
        await pilot.press("enter", "enter")
        await settle(pilot)
        assert screen.focused is screen.query_one(DocumentBody)
        await pilot.press("tab")
        assert screen.focused is not None and screen.focused.id == "entity-list"
        await pilot.press("shift+tab", "shift+tab")
        assert screen.focused is screen.query_one(ResultList)


async def test_many_matches_show_hits_first_then_the_full_count(tmp_path: Path) -> None:
    # Over the list's 200 rows a phrase search does not check every candidate for the
    # phrase before showing the hits (the ranking counts the other queries' matches as
    # it scores them); the count follows and replaces the "200+ results (counting…)" line.
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(230):
        (corpus / f"note_{i:03d}.txt").write_text(f"a common word, note {i}\n", "utf-8")
    with Library(corpus, tmp_path / "index") as library:
        library.update(entities=False)
        quick = library.search('"common word"', count=False)
        assert not quick.total_exact and quick.total >= 200
    app = make_app(corpus, index_dir=tmp_path / "index")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await type_query(pilot, '"common word"')
        results = main_screen(app).query_one(ResultList)
        assert len(results.hits) == 200
        assert info_text(app).startswith("230 results (top 200)"), info_text(app)


async def test_the_end_of_the_text_pass_refreshes_the_list_without_a_query(
    app: ReaderApp,
) -> None:
    """With no query the list (and the header's count) show every document: once the text
    pass is over they must be complete, not wait minutes for the entity pass."""
    from tuireader.ui import messages as msg

    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        assert screen.query_text == ""
        reruns: list[int] = []
        original = screen.search_pane.rerun

        def counted() -> None:
            reruns.append(1)
            original()

        screen.search_pane.rerun = counted  # type: ignore[method-assign]
        screen.post_message(msg.IndexStageDone("text"))
        await settle(pilot)
        assert reruns == [1]


async def test_the_end_of_the_text_pass_updates_the_header_count_under_a_query(
    app: ReaderApp,
) -> None:
    """Under a query the list does not count the corpus: the text pass's end says how many
    documents there are (the entity pass may take minutes more)."""
    from tuireader.ui import messages as msg

    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await type_query(pilot, QUERY)
        screen = main_screen(app)
        screen.post_message(msg.IndexStageDone("text", 1234))
        await settle(pilot)
        assert "1,234 documents" in str(screen.query_one("#hdr-title", Static).render())


async def test_keys_typed_in_a_burst_after_slash_reach_the_query(app: ReaderApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        screen.query_one(ResultList).focus()
        await pilot.pause()
        for char in "/putin":
            key = "slash" if char == "/" else char
            app.post_message(events.Key(key, char))
        await pilot.pause(0.3)
        query = screen.query_one("#query", Input)
        assert screen.focused is query
        assert query.value == "putin"


async def test_slash_in_the_query_box_is_typed(app: ReaderApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        query = screen.query_one("#query", Input)
        query.focus()
        await pilot.press(*"a/b")
        assert query.value == "a/b"
        query.select_all()
        await pilot.press("slash")
        assert query.value == "/"
