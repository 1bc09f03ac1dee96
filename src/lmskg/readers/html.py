"""HTML reader (lxml.html): page chrome removed by structure, then rendered as text.

Removed subtrees: invisible or interactive elements (script, style, svg, form, button...),
layout chrome (nav, header outside <article>/<main>, footer, aside), elements with a
chrome ARIA role (navigation, banner, contentinfo, complementary, search...), elements
whose id/class words (split on ``-``, ``_``, spaces and camelCase) include a chrome
token from ``[html_tokens]`` in the cue file ("nav", "cookie", "ad"... whole words, so
"shadow" or "header-image" do not match "ad"), screen-reader-only and hidden elements.
Removal by form, role, id or class is skipped for an element holding more than half of
the page's text, so a class like ``has-sidebar`` or a page-wide <form> keeps the page.

Rendering: block elements end lines; paragraphs, headings, lists and tables are set
off by a blank line; ``<li>`` becomes ``- text``; table cells are joined by `` | ``;
inline whitespace collapses to one space; ``<pre>`` keeps its line breaks; a
citation-like ``<sup>`` right after a word of 3+ letters or after punctuation gets a
space ("tumour 1", not "tumour1"; "cm2" and "x2" stay).
When a <main>/<article> (or role=main) holds at least 60 % of the text, only it is kept.
Title: the first <h1>, else <title>.
"""

from __future__ import annotations

import re

from lxml import etree
from lxml import html as lxml_html

from lmskg.readers.boilerplate import load_cues

_INVISIBLE = frozenset(
    ["script", "style", "noscript", "template", "svg", "iframe", "object", "embed", "canvas", "audio", "video", "map", "head", "title", "meta", "link", "base", "button", "select", "input", "textarea", "option", "dialog"]
)
_LAYOUT = frozenset(["nav", "header", "footer", "aside", "menu"])
_ROLES = frozenset(
    ["navigation", "banner", "contentinfo", "complementary", "search", "menu", "menubar", "toolbar", "dialog", "alertdialog"]
)
_PARA = frozenset(
    ["p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table", "ul", "ol", "dl", "section", "article", "main", "figure", "hr"]
)
_LINE = frozenset(
    ["div", "li", "tr", "dt", "dd", "br", "caption", "figcaption", "address", "details", "summary", "fieldset", "legend", "center"]
)
_CELLS = frozenset(("td", "th"))
_CONTENT_ROOTS = frozenset(("main", "article"))
_NEVER_DROP = _CONTENT_ROOTS | {"html", "body"}
_WORDS = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")
_WS = re.compile(r"\s+")
_REF_SUP = re.compile(r"^\s*[\[(]?\d+(?:\s*[-\u2013,]\s*\d+)*[\])]?\s*$")
_CITED = re.compile(r"(?:[^\W\d_]{3}|[.,;:)\]])$")  # a word of 3+ letters or punctuation
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def _tokens(value: str) -> set[str]:
    return {word.lower() for word in _WORDS.findall(value)}


def _attr_chrome(el: etree._Element) -> bool:
    """True when role, id or class words mark ``el`` as page chrome, or it is hidden."""
    if el.get("hidden") is not None or el.get("aria-hidden", "").lower() == "true":
        return True
    style = el.get("style", "").replace(" ", "").lower()
    if "display:none" in style or "visibility:hidden" in style:
        return True
    if el.get("role", "").lower() in _ROLES:
        return True
    cues = load_cues()
    names = f"{el.get('id', '')} {el.get('class', '')}".split()
    if any(name.lower() in cues.html_classes for name in names):
        return True
    return any(_tokens(name) & cues.html_tokens for name in names)


def _visible_len(el: etree._Element) -> int:
    return len(_WS.sub("", el.text_content() or ""))


class _Renderer:
    """Walks a tree without recursion and collects text with pending breaks."""

    def __init__(self, total: int) -> None:
        self.parts: list[str] = []
        self.pending = 0  # newlines owed before the next text
        self.prefix = ""  # "- " for a list item, " | " between cells
        self.total = total

    def brk(self, n: int) -> None:
        self.pending = max(self.pending, n)
        self.prefix = ""

    def text(self, s: str | None, pre: bool) -> None:
        if not s:
            return
        if not pre:
            s = _WS.sub(" ", s)
            if not s.strip() and (self.pending or not self.parts):
                return
        if self.pending or not self.parts:
            s = s.lstrip(" ") if not pre else s
            if self.parts:
                self.parts.append("\n" * self.pending)
            self.pending = 0
            if self.prefix == " | ":
                self.prefix = ""
        if self.prefix and s.strip():
            self.parts.append(self.prefix)
            self.prefix = ""
        self.parts.append(s)

    def skip(self, el: etree._Element, tag: str, in_content: bool) -> bool:
        if tag in _INVISIBLE:
            return True
        if tag == "header" and in_content:
            return False
        if tag in _LAYOUT:
            return True
        if tag == "form" or (tag not in _NEVER_DROP and _attr_chrome(el)):
            return 2 * _visible_len(el) <= self.total
        return False

    def render(self, root: etree._Element) -> str:
        stack: list[tuple[bool, etree._Element, int, int]] = [(True, root, 0, 0)]
        while stack:
            opening, el, pre, content = stack.pop()
            tag = el.tag.lower() if isinstance(el.tag, str) else ""
            if not opening:  # closing: end the block, then the tail in the parent
                if tag in _PARA or tag in _LINE:
                    self.brk(2 if tag in _PARA else 1)
                self.text(el.tail, pre > 0)
                continue
            if not tag or self.skip(el, tag, content > 0):
                if tag in _PARA or tag in _LINE or tag in _LAYOUT:
                    self.brk(1)
                elif tag:
                    self.text(" ", False)
                self.text(el.tail, pre > 0)
                continue
            inner_pre = pre + (tag == "pre")
            inner_content = content + _is_root(el)
            if tag in _PARA or tag in _LINE:
                self.brk(2 if tag in _PARA else 1)
            if tag == "li":
                self.prefix = "- "
            elif tag in _CELLS and el.getprevious() is not None:
                self.prefix = " | "
            elif tag == "sup" and self.parts and _CITED.search(self.parts[-1]):
                if _REF_SUP.match(el.text_content() or ""):
                    self.text(" ", False)
            stack.append((False, el, pre, content))
            for child in reversed(el):
                stack.append((True, child, inner_pre, inner_content))
            self.text(el.text, inner_pre > 0)
        lines = (_WS.sub(" ", line).strip() for line in "".join(self.parts).split("\n"))
        return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _is_root(el: etree._Element) -> bool:
    return el.tag in _CONTENT_ROOTS or el.get("role", "").lower() == "main"


def _first_heading(body: etree._Element, renderer: _Renderer) -> str | None:
    """The first non-empty <h1> that is not inside page chrome."""
    for h1 in body.iter("h1"):
        chain = [h1, *h1.iterancestors()][::-1]
        content, dropped = False, False
        for el in chain:
            if isinstance(el.tag, str) and renderer.skip(el, el.tag.lower(), content):
                dropped = True
                break
            content = content or (isinstance(el.tag, str) and _is_root(el))
        text = _WS.sub(" ", h1.text_content() or "").strip()
        if text and not dropped:
            return text
    return None


def _first_text(root: etree._Element, path: str) -> str | None:
    for el in root.iterfind(path):
        text = _WS.sub(" ", el.text_content() or "").strip()
        if text:
            return text
    return None


def html_to_text(raw: str) -> tuple[str, str | None]:
    """Convert an HTML page to text; return ``(text, title or None)``."""
    raw = _CONTROLS.sub("", _XML_DECL.sub("", raw, count=1))
    if not raw.strip():
        return "", None
    try:
        doc = lxml_html.document_fromstring(raw)
    except (etree.ParserError, ValueError):
        return "", None
    body = doc.find("body")
    body = body if body is not None else doc
    for el in body.iter("script", "style", "noscript", "template"):
        el.text = ""
    total = _visible_len(body)
    text = _Renderer(total).render(body)
    roots = [el for el in body.iter() if isinstance(el.tag, str) and _is_root(el)]
    best = max(roots, key=_visible_len, default=None)
    if best is not None and 10 * _visible_len(best) >= 6 * total:
        text = _Renderer(total).render(best)
    h1 = _first_heading(body, _Renderer(total))
    title = h1 or _first_text(doc, ".//title")
    if h1 and h1 not in text:
        text = f"{h1}\n\n{text}"
    return text, title


class HtmlReader:
    """Reads ``.html``, ``.htm`` and ``.xhtml`` pages."""

    name = "html"
    media_type = "text/html"

    def to_text(self, raw: str) -> tuple[str, str | None]:
        """Return the page text without chrome, and its title."""
        return html_to_text(raw)

    def sniff_encoding(self, data: bytes) -> str | None:
        """The charset a ``<meta>`` tag declares in the first 4 KB, if any."""
        match = _CHARSET.search(data[:4096])
        return match.group(1).decode("ascii") if match else None
