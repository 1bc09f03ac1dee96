"""Markdown reader: words kept, syntax dropped."""

from __future__ import annotations

import pytest
from conftest import FIXTURES

from lmskg.readers.decode import normalize_text
from lmskg.readers.markdown import MarkdownReader, inline, markdown_to_text


def convert(raw: str) -> str:
    return normalize_text(markdown_to_text(raw)[0])


def test_fixture_article() -> None:
    text, title = markdown_to_text((FIXTURES / "article.md").read_text())
    assert title == "Gastric leiomyosarcoma"
    assert normalize_text(text) == (
        "Gastric leiomyosarcoma\n\n"
        "Gastric leiomyosarcoma is rare; see the registry for counts.\n\n"
        "Markers\n\n"
        "- Desmin: positive\n"
        "- SMA: positive\n"
        "- KIT: negative\n\n"
        "Marker | Result\n"
        "desmin | +\n"
        "KIT | -\n\n"
        "Quoted text survives."
    )


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("# Title #", "Title"),
        ("para\n### Third level\nnext", "para\n\nThird level\n\nnext"),
        ("#hashtag is not a heading", "#hashtag is not a heading"),
        ("Setext title\n============\nBody.", "Setext title\n\nBody."),
        ("Setext two\n---\nBody.", "Setext two\n\nBody."),
        ("Text\n\n---\n\nMore", "Text\n\nMore"),
        ("* a\n+ b\n- c\n12. d\n3) e", "- a\n- b\n- c\n- d\n- e"),
        ("  - nested\n    * deeper", "- nested\n- deeper"),
        ("- [x] done\n- [ ] open", "- done\n- open"),
        ("**bold** __strong__ *em* _em_ ~~gone~~ ***both***", "bold strong em em gone both"),
        ("snake_case_name and 2*3*4 and a * b", "snake_case_name and 2*3*4 and a * b"),
        ("use `x_y *z*` here", "use x_y *z* here"),
        ("``code with ` tick``", "code with ` tick"),
        ("[text](http://a.org/x_(y)) and [ref][1] and [^note]", "text and ref and"),
        ("before ![alt](img.png) after", "before after"),
        ("see <https://ex.org/a> or <a@ex.org>", "see https://ex.org/a or a@ex.org"),
        ("a <span class='x'>b</span> c<br>d", "a b c d"),
        ("x <!-- hidden\nacross lines --> y", "x y"),
        ("<script>alert(1)</script>shown", "shown"),
        ("\\*literal\\* and \\_under\\_", "*literal* and _under_"),
        ("AT&amp;T &lt;5 cm", "AT&T <5 cm"),
        ("p < 0.05 and 3 > 2", "p < 0.05 and 3 > 2"),
        ("> quote\n>> nested", "quote\nnested"),
        ("```\ncode\n```\nafter\n~~~\nmore code\n~~~", "after"),
        ("[1]: https://example.org \"Title\"\nbody", "body"),
        ("---\ntitle: front\n---\nBody after front matter", "Body after front matter"),
        ("+++\ntitle = 'toml'\n+++\nBody", "Body"),
        ("| a | b \\| c |\n| --- | --- |\n| 1 |  |", "a | b | c\n1"),
        ("hard break\\\nnext", "hard break\nnext"),
    ],
)
def test_syntax(raw: str, expected: str) -> None:
    assert convert(raw) == expected


def test_title_is_the_first_level_one_heading() -> None:
    assert markdown_to_text("## Section\n\n# Real title\n\n# Second")[1] == "Real title"
    assert markdown_to_text("Setext\n===\n\n# Later")[1] == "Setext"
    assert markdown_to_text("No headings here.")[1] is None
    assert MarkdownReader().to_text("# [Linked](x) *title*")[1] == "Linked title"


@pytest.mark.parametrize(
    "raw", ["", "```", "<!--", "[](", "***", "|", "| --- |", "#", "- ", "`", "\\"]
)
def test_odd_input_does_not_crash(raw: str) -> None:
    text, title = markdown_to_text(raw)
    assert isinstance(text, str)


def test_inline_keeps_code_content_verbatim() -> None:
    assert inline("`**not bold**` but **bold**") == "**not bold** but bold"
