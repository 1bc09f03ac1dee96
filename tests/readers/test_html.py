"""HTML reader: chrome removal, spacing, titles, robustness."""

from __future__ import annotations

import pytest
from conftest import FIXTURES

from lmskg.readers.html import HtmlReader, html_to_text


def text_of(body: str, head: str = "") -> str:
    return html_to_text(f"<html><head>{head}</head><body>{body}</body></html>")[0]


def test_fixture_page() -> None:
    text, title = html_to_text((FIXTURES / "page.html").read_text())
    assert title == "Pulmonary artery sarcoma"
    assert text == (
        "Pulmonary artery sarcoma\n\n"
        "Pulmonary artery sarcoma is a rare intimal tumour of the central pulmonary arteries. 1 "
        "It may mimic pulmonary embolism.\n\n"
        "Imaging\n\n"
        "- CT: filling defect with expansile growth\n"
        "- PET: increased uptake\n\n"
        "Café au lait spots are not a feature."
    )


@pytest.mark.parametrize(
    "chrome",
    [
        "<script>var tracking = 'leak';</script>",
        "<style>body { font-family: leak }</style>",
        "<noscript>Enable JavaScript leak</noscript>",
        "<nav><a>Home</a> <a>leak</a></nav>",
        "<footer>Contact us leak</footer>",
        "<aside>Related leak</aside>",
        "<header><a>Site leak</a></header>",
        "<form><label>Email</label><input><button>Subscribe leak</button></form>",
        '<div id="cookie-notice">This site uses cookies leak</div>',
        '<div class="cookieBanner">Accept leak</div>',
        '<div class="ad">Ad leak</div>',
        '<div class="ads_top">Ads leak</div>',
        '<div class="advert-box">leak</div>',
        '<div class="breadcrumbs">Home &gt; leak</div>',
        '<div class="social-links">Follow leak</div>',
        '<ul class="share-tools"><li>Share leak</li></ul>',
        '<div role="navigation">leak</div>',
        '<div role="banner">leak</div>',
        '<div role="contentinfo">leak</div>',
        '<div role="complementary">leak</div>',
        '<div id="site-footer">leak</div>',
        '<div class="left-sidebar">leak</div>',
        '<span class="sr-only">leak</span>',
        '<div hidden>leak</div>',
        '<div style="display: none">leak</div>',
        '<div aria-hidden="true">leak</div>',
        "<svg><text>leak</text></svg>",
        "<iframe>leak</iframe>",
        "<template><p>leak</p></template>",
        "<select><option>leak</option></select>",
    ],
)
def test_chrome_is_removed(chrome: str) -> None:
    body = f"<p>Leiomyosarcoma is a malignant smooth muscle tumour of adults.</p>{chrome}"
    text = text_of(body)
    assert "leak" not in text
    assert text == "Leiomyosarcoma is a malignant smooth muscle tumour of adults."


@pytest.mark.parametrize(
    "kept",
    [
        '<div class="shadow">kept</div>',
        '<div class="header-image">kept</div>',
        '<div class="loaded">kept</div>',
        '<div class="gradient">kept</div>',
        '<div class="navy-theme">kept</div>',
        '<div id="adrenal-section">kept</div>',
        '<div class="admin-note">kept</div>',
    ],
)
def test_token_match_is_by_word_not_substring(kept: str) -> None:
    assert "kept" in text_of(f"<p>Intro.</p>{kept}")


def test_wrapper_with_a_chrome_class_keeps_its_content() -> None:
    body = '<div class="content has-sidebar"><p>Most of the page text lives here, really.</p></div>'
    assert text_of(body) == "Most of the page text lives here, really."
    body = '<form id="aspnetForm"><p>Whole page inside a form, as some sites do.</p></form>'
    assert text_of(body) == "Whole page inside a form, as some sites do."


def test_header_inside_an_article_is_content() -> None:
    body = (
        "<article><header><h1>Renal leiomyosarcoma</h1></header>"
        "<p>A rare renal tumour of adults.</p></article>"
    )
    text, title = html_to_text(body)
    assert text == "Renal leiomyosarcoma\n\nA rare renal tumour of adults."
    assert title == "Renal leiomyosarcoma"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("<p>Smooth<b>muscle</b> tumour</p>", "Smoothmuscle tumour"),  # as a browser shows it
        ("<p>Smooth <b>muscle</b> <i>tumour</i></p>", "Smooth muscle tumour"),
        ("<div>first</div><div>second</div>", "first\nsecond"),
        ("<p>one</p><p>two</p>", "one\n\ntwo"),
        ("<h2>Imaging</h2><p>CT shows a mass.</p>", "Imaging\n\nCT shows a mass."),
        ("line<br>break<br/>again", "line\nbreak\nagain"),
        ("<p>  lots \n\n of   space  </p>", "lots of space"),
        ("<ul><li>uterus</li><li>retroperitoneum</li></ul>", "- uterus\n- retroperitoneum"),
        ("<ol><li>first<ul><li>nested</li></ul></li></ol>", "- first\n\n- nested"),
        (
            "<table><tr><th>Marker</th><th>Result</th></tr>"
            "<tr><td>desmin</td><td></td><td>+</td></tr></table>",
            "Marker | Result\ndesmin | +",
        ),
        ("<dl><dt>SMA</dt><dd>positive</dd></dl>", "SMA\npositive"),
        ("<blockquote>quoted</blockquote>after", "quoted\n\nafter"),
        ("<pre>a   b\n  c</pre>", "a b\nc"),
        ("<p>tumour<sup>12</sup> H<sub>2</sub>O x<sup>2</sup>y</p>", "tumour 12 H2O x2y"),
        ("<p>cases<sup>[3-5]</sup>.</p>", "cases [3-5]."),
        ("<p>area 5 cm<sup>2</sup>, count 10<sup>9</sup>/L</p>", "area 5 cm2, count 109/L"),
        ("<p>A &amp; B &lt;5 cm&gt; &eacute; &#8211; &#x2014;</p>", "A & B <5 cm> é – —"),
        ("<p>no&nbsp;&nbsp;double&nbsp; spaces</p>", "no double spaces"),
        ("<p>text<!-- a comment -->more</p>", "textmore"),
        ("<p>before<button>Go</button>after</p>", "before after"),
        ("<p>figure <img src='x.png' alt='alt text'> here</p>", "figure here"),
    ],
)
def test_spacing_and_structure(body: str, expected: str) -> None:
    assert text_of(body) == expected


def test_main_is_preferred_when_it_holds_most_text() -> None:
    long = "Leiomyosarcoma of the inferior vena cava is rare and aggressive. " * 5
    body = f"<div class='promo-x'>Teaser</div><div>Stray line</div><main><p>{long}</p></main>"
    assert text_of(body) == long.strip()
    short = f"<div><p>{long}</p></div><article><p>Short teaser.</p></article>"
    assert long.strip() in text_of(short)


@pytest.mark.parametrize(
    ("page", "title"),
    [
        ("<title> Page  title </title><h1>Main <em>heading</em></h1>", "Main heading"),
        ("<head><title>Only the title</title></head><body><p>Body.</p></body>", "Only the title"),
        ("<html><body><nav><h1>Site logo</h1></nav><p>Body text.</p></body></html>", None),
        ("<p>No title at all.</p>", None),
    ],
)
def test_titles(page: str, title: str | None) -> None:
    assert html_to_text(page)[1] == title


@pytest.mark.parametrize(
    "page",
    [
        "",
        "   ",
        "<",
        "<html><body><p>unclosed <b>bold <div>text</p></i></html>",
        "<?xml version='1.0' encoding='utf-8'?><html><body><p>xhtml</p></body></html>",
        "<p>" * 3000 + "deep",
        "<frameset><frame src='a.html'></frameset>",
        "\x00\x01 control <p>chars</p>",
        "<<>>&&;;</p></p>",
    ],
)
def test_malformed_html_does_not_crash(page: str) -> None:
    text, title = HtmlReader().to_text(page)
    assert isinstance(text, str) and (title is None or isinstance(title, str))


def test_xhtml_declaration_is_accepted() -> None:
    page = (
        "<?xml version='1.0' encoding='utf-8'?>"
        "<html xmlns='http://www.w3.org/1999/xhtml'><body><p>ok</p></body></html>"
    )
    assert html_to_text(page)[0] == "ok"


def test_sniff_encoding() -> None:
    reader = HtmlReader()
    meta = b'<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">'
    assert reader.sniff_encoding(meta) == "ISO-8859-1"
    assert reader.sniff_encoding(b"<meta charset='utf-8'>") == "utf-8"
    assert reader.sniff_encoding(b"<p>none</p>") is None
