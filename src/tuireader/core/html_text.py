"""Visible text, title and publication-date candidates of an HTML page (stdlib parser only).

Only what a browser would show ends up in the body: scripts, styles, templates, the head
(except its title) and embedded media are dropped. Block elements become line breaks or
blank lines so paragraphs survive; whitespace inside a line is collapsed; `<pre>` keeps its
own. Entities are unescaped by the parser itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

_HIDDEN = frozenset(
    {"script", "style", "noscript", "template", "svg", "math", "iframe", "object", "canvas"}
    | {"audio", "video"}
)
"""Elements whose content is never shown as text."""
_HEAD_TAGS = frozenset(
    {"title", "meta", "link", "style", "script", "noscript", "base", "template", "head", "html"}
)
"""Tags that may stand in `<head>`; any other start tag ends it (as in a browser)."""
_PARAGRAPH = frozenset(
    {"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "ul", "ol", "dl", "table"}
    | {"section", "article", "header", "footer", "nav", "aside", "main", "figure", "form"}
    | {"fieldset", "address", "details", "hr", "body"}
)
"""Blocks separated from their neighbours by a blank line."""
_LINE = frozenset(
    {"br", "div", "li", "dt", "dd", "tr", "caption", "figcaption", "summary", "legend"}
    | {"option", "center", "tbody", "thead", "tfoot"}
)
"""Blocks that start on a new line."""
_CELL = frozenset({"td", "th"})

_META_DATES = (
    "article:published_time",
    "og:published_time",
    "date",
    "dc.date",
    "dc.date.issued",
    "pubdate",
    "datepublished",
    "sailthru.date",
    "parsely-pub-date",
    "dcterms.date",
    "dcterms.issued",
)
"""Meta names / properties / itemprops that carry a publication date, best first."""
_META_RANK = {name: rank for rank, name in enumerate(_META_DATES)}
_LD_RANK = len(_META_DATES)
_TIME_RANK = _LD_RANK + 1

_LD_DATE = re.compile(r'"datePublished"\s*:\s*"([^"\\]{1,64})"')
_DECLARATION = re.compile(r"<!(?!--)[^>]*>?")
_TAG = re.compile(r"<[^>]*>?")


@dataclass(frozen=True, slots=True)
class HtmlText:
    """What a page says: its title ("" if none), date strings (best first) and visible text."""

    title: str
    dates: tuple[str, ...]
    body: str


class _Extractor(HTMLParser):
    """Collects visible text with block structure, the title, the first h1 and date hints."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.title: list[str] = []
        self.h1: list[str] = []
        self.dates: list[tuple[int, str]] = []
        self.ld_json: list[str] = []
        self._breaks = 0
        self._space = False
        self._hidden: dict[str, int] = {}
        self._hidden_depth = 0
        self._in_head = False
        self._in_title = False
        self._in_ld = False
        self._h1_state = 0  # 0 before the first h1, 1 inside it, 2 after it
        self._pre = 0
        self._pre_start = False
        self._time_seen = False

    # -- output ---------------------------------------------------------------------------

    def _flush(self) -> None:
        if self.out:
            if self._breaks:
                last = self.out[-1]  # text of a <pre> may already end a line
                self.out.append("\n" * max(0, self._breaks - len(last) + len(last.rstrip("\n"))))
            elif self._space and not self.out[-1].endswith("\n"):
                self.out.append(" ")
        self._breaks = 0
        self._space = False

    def _break(self, count: int) -> None:
        self._breaks = max(self._breaks, count)

    def _text(self, data: str) -> None:
        if self._pre:
            if self._pre_start and data.startswith("\n"):
                data = data[1:]
            self._pre_start = False
            if data:
                self._flush()
                self.out.append(data)
            return
        if not data:
            return
        words = data.split()  # any run of whitespace (NBSP included) becomes one space
        if data[0].isspace():
            self._space = True
        if words:
            self._flush()
            self.out.append(" ".join(words))
            self._space = data[-1].isspace()

    # -- parser callbacks -----------------------------------------------------------------

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Track hidden regions, the head, blocks, and date-bearing attributes."""
        if attrs:
            self._attributes(tag, attrs)
        if tag in _HIDDEN:
            self._hidden[tag] = self._hidden.get(tag, 0) + 1
            self._hidden_depth += 1
            if tag == "script":
                self._in_ld = any(
                    k == "type" and (v or "").strip().lower() == "application/ld+json"
                    for k, v in attrs
                )
            return
        if tag == "title":
            self._in_title = True
            return
        if tag == "head":
            self._in_head = True
            return
        if self._in_title and (tag in _PARAGRAPH or tag in _LINE):
            self._in_title = False  # an unclosed <title> must not swallow the page
        if self._in_head and tag not in _HEAD_TAGS:
            self._in_head = False
        if tag == "body":
            self._in_head = False
        if self._hidden_depth:
            return
        self._block(tag)
        if tag == "pre":
            self._pre += 1
            self._pre_start = True
        elif tag == "h1" and self._h1_state == 0:
            self._h1_state = 1

    def handle_endtag(self, tag: str) -> None:
        """Close hidden regions, the head, the title and blocks."""
        if tag in _HIDDEN:
            count = self._hidden.get(tag, 0)
            if count:
                self._hidden[tag] = count - 1
                self._hidden_depth -= 1
            if tag == "script":
                self._in_ld = False
            return
        if tag == "title":
            self._in_title = False
            return
        if tag == "head":
            self._in_head = False
            return
        if self._hidden_depth:
            return
        self._block(tag)
        if tag == "pre" and self._pre:
            self._pre -= 1
        elif tag == "h1" and self._h1_state == 1:
            self._h1_state = 2

    def handle_data(self, data: str) -> None:
        """Route text to the title, the JSON-LD buffer or the visible body."""
        if self._hidden_depth:
            if self._in_ld:
                self.ld_json.append(data)
            return
        if self._in_title:
            self.title.append(data)
            return
        if self._in_head:
            if not data.strip(" \t\n\r\f"):
                return
            self._in_head = False
        self._text(data)
        if self._h1_state == 1:
            self.h1.append(data)

    # -- helpers --------------------------------------------------------------------------

    def _block(self, tag: str) -> None:
        if tag in _PARAGRAPH:
            self._break(2)
        elif tag in _LINE:
            self._break(1)
        elif tag in _CELL:
            self._space = True

    def _attributes(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v for k, v in attrs if v is not None}
        if tag == "meta":
            content = values.get("content", "").strip()
            for key in ("property", "name", "itemprop"):
                rank = _META_RANK.get(values.get(key, "").strip().lower())
                if rank is not None and content:
                    self.dates.append((rank, content))
                    return
        elif values.get("itemprop", "").strip().lower() == "datepublished":
            value = (values.get("datetime") or values.get("content") or "").strip()
            if value:
                self.dates.append((_META_RANK["datepublished"], value))
        elif tag == "time" and not self._time_seen and values.get("datetime", "").strip():
            self._time_seen = True
            self.dates.append((_TIME_RANK, values["datetime"].strip()))


def _defuse(text: str) -> str:
    """Escape the `<` that could never be closed, which the stdlib parser would otherwise
    rescan to the end of the text one by one (quadratic on hostile input)."""
    text = text.replace("<![", "<!_[")  # CDATA / marked sections: a bogus comment, as in HTML
    closed = text.rfind("-->")
    if text.find("<!--", closed + 3 if closed >= 0 else 0) >= 0:
        cut = closed + 3 if closed >= 0 else 0
        text = text[:cut] + text[cut:].replace("<!--", "&lt;!--")
    last = text.rfind(">")
    if text.find("<", last + 1) >= 0:
        text = text[: last + 1] + text[last + 1 :].replace("<", "&lt;")
    return text


def _run(text: str) -> _Extractor:
    parser = _Extractor()
    parser.feed(text)
    parser.close()
    return parser


def extract(text: str) -> HtmlText:
    """Title, publication-date candidates and visible text of an HTML document."""
    text = _defuse(text)
    try:
        parser = _run(text)
    except AssertionError:
        # The stdlib parser gives up on some malformed `<!...>` declarations; browsers
        # never show those anyway, so drop them and try again.
        try:
            parser = _run(_DECLARATION.sub(" ", text))
        except AssertionError:
            parser = _run(_TAG.sub(" ", text))
    dates = sorted(parser.dates, key=lambda item: item[0])
    found = [value for _, value in dates]
    ld_match = _LD_DATE.search("".join(parser.ld_json))
    if ld_match:
        found.insert(sum(1 for rank, _ in dates if rank < _LD_RANK), ld_match.group(1))
    title = " ".join("".join(parser.title).split())
    if not title:
        title = " ".join("".join(parser.h1).split())
    return HtmlText(title=title, dates=tuple(found), body="".join(parser.out))
