"""Text is data: markup and terminal escape sequences in a document show literally."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from conftest_ui import main_screen, settle, type_query
from tuireader.factory import make_app
from tuireader.ui.text import safe_body, safe_line, styled
from tuireader.ui.widgets.document_body import DocumentBody
from tuireader.ui.widgets.search_pane import ResultList

MARKUP = "[bold]Bold[/bold] [link=file:///etc/passwd]x[/link] [@click=app.quit]q[/]"
ESCAPES = "\x1b[31mred\x1b[0m \x1b]52;c;aGVsbG8=\x07 \x1b]0;title\x07 \x1b[2J"
NAME = "[bold]x[@click=app.quit] \x1b[31m hostile.txt"


def hostile_corpus(folder: Path) -> Path:
    """One ordinary document and one full of markup and escape sequences."""
    folder.mkdir()
    (folder / "plain.txt").write_text(
        " date 2020-01-01 A plain document\n\nNothing to see about zebras here.\n",
        encoding="utf-8",
    )
    body = (
        f"The zebras escaped. {MARKUP}\n\n"
        f"Escapes follow: {ESCAPES} and a bidi \u202eoverride\u202c, "
        "a bell \x07, a carriage\rreturn and a zero\u200bwidth space. More zebras.\n"
    )
    (folder / NAME).write_text(
        f" date 2020-02-02 {MARKUP} {ESCAPES} zebras title\n\n{body}", encoding="utf-8"
    )
    return folder


def test_safe_text_keeps_offsets_and_shows_placeholders() -> None:
    raw = f"a{ESCAPES}\u202eb\x00\x9b\ud800\n"
    safe = safe_body(raw)
    assert len(safe) == len(raw)
    assert "\x1b" not in safe and "\x07" not in safe and "\u202e" not in safe
    assert "\x00" not in safe and "\x9b" not in safe and "\ud800" not in safe
    assert safe.count("␛") == raw.count("\x1b")
    assert safe.endswith("\n")
    assert safe_line("a\nb") == "a␤b"
    content = styled(MARKUP, [(1, 5, "bold")])
    assert content.plain == MARKUP


async def test_markup_and_escapes_show_literally(tmp_path: Path) -> None:
    app = make_app(hostile_corpus(tmp_path / "hostile"), index_dir=tmp_path / "index")
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await type_query(pilot, "zebras")
        screen = main_screen(app)
        results = screen.query_one(ResultList)
        assert results.option_count == 2
        hostile = next(i for i, hit in enumerate(results.hits) if hit.path != "plain.txt")
        row = results.get_option_at_index(hostile).prompt
        row_text = str(row)
        assert "[bold]Bold[/bold]" in row_text and "\x1b" not in row_text
        results.focus()
        results.highlighted = hostile
        await pilot.press("enter")
        await settle(pilot)
        assert screen.document is not None and screen.document.path != "plain.txt"
        title = str(screen.query_one("#doc-title", Static).render())
        meta = str(screen.query_one("#doc-meta", Static).render())
        body = screen.query_one(DocumentBody)
        for shown in (title, meta, body.text):
            assert "\x1b" not in shown and "\x07" not in shown and "\u202e" not in shown
        assert "[bold]Bold[/bold]" in title
        assert "[link=file:///etc/passwd]x[/link]" in body.text
        assert "[@click=app.quit]q[/]" in body.text
        assert "[bold]x[@click=app.quit] ␛[31m" in meta
        if "\x1b" in screen.document.body:  # the core kept it: the viewer shows a picture
            assert "␛[31mred" in body.text
            assert "␛]52;c;aGVsbG8=␇" in body.text
        # Clicking where the fake [@click] link is does nothing but click text.
        await pilot.click("#doc-title")
        await pilot.click(DocumentBody, offset=(30, 0))
        await pilot.pause()
        assert app.is_running
        # Nothing written to the screen carries an escape sequence of the document.
        svg = app.export_screenshot()
        assert "]52;" not in svg.replace("␛]52;", "") and "\x1b" not in svg
