"""Title guesses and DOI extraction."""

from __future__ import annotations

import pytest

from lmskg.readers import document_from_bytes
from lmskg.readers.metadata import clean_title, find_doi, guess_title


@pytest.mark.parametrize(
    ("text", "doi"),
    [
        ("Ann Made Up. 2031;1:2. doi: 10.9999/AMU.2031.0042. Epub ahead.", "10.9999/amu.2031.0042"),
        ("https://doi.org/10.12345/abc-DEF_1;x", "10.12345/abc-def_1;x"),
        ("(doi:10.1016/S0000-0000(31)00001-2)", "10.1016/s0000-0000(31)00001-2"),
        ("[DOI 10.1000/xyz123]", "10.1000/xyz123"),
        ("first 10.1111/one, then 10.2222/two", "10.1111/one"),
        ("DOI: 10.5555/quoted\u201d.", "10.5555/quoted"),
        ("version 10.1/2 and 110.1234/x and 10.123/short", None),
        ("no identifier here", None),
        ("broken 10.12345/ then text", None),
    ],
)
def test_find_doi(text: str, doi: str | None) -> None:
    assert find_doi(text) == doi


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("Uterine sarcoma: an invented overview\n\nBody.", "Uterine sarcoma: an invented overview"),
        ("\n\n   Spaced   out   title  \nBody.", "Spaced out title"),
        ("Is this tumour rare?\nYes.", "Is this tumour rare?"),
        ("This first line is a sentence about a tumour.\nMore.", None),
        ("Abstract\nBody text.", None),
        ("1. Introduction\nBody text.", None),
        ("KEYWORDS\nsarcoma", None),
        ("- a bullet line\nBody.", None),
        ("Diagnostic criteria include:\n- one", None),
        ("12345\nnumbers only", None),
        ("word " * 40 + "\nlong line", None),
        ("", None),
    ],
)
def test_guess_title(text: str, title: str | None) -> None:
    assert guess_title(text) == title


def test_clean_title() -> None:
    assert clean_title("  A \n title ") == "A title"
    assert clean_title("   ") is None and clean_title(None) is None


def test_titles_per_format() -> None:
    body = b"\n\nThe body says something about smooth muscle tumours."
    assert document_from_bytes(b"Plain title" + body, "a.txt").title == "Plain title"
    assert document_from_bytes(b"# Markdown title" + body, "a.md").title == "Markdown title"
    assert document_from_bytes(b"Not a heading" + body, "a.md").title is None
    html = b"<title>Tab title</title><h1>Page heading</h1><p>Body text.</p>"
    assert document_from_bytes(html, "a.html").title == "Page heading"


def test_doi_is_found_in_the_cleaned_text_of_html() -> None:
    html = (
        b"<p>Smooth muscle tumours of the colon are described.</p>"
        b"<p>Published as doi:10.4242/Made.Up.7.</p><footer>doi:10.1111/footer</footer>"
    )
    assert document_from_bytes(html, "a.html").doi == "10.4242/made.up.7"
