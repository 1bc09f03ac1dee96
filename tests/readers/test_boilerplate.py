"""Boilerplate rules on invented chrome lines and invented medical lines."""

from __future__ import annotations

import re
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lmskg.readers.boilerplate import (
    ASCII_CASE,
    STRONG,
    WEAK,
    chrome_lines,
    load_cues,
    score_line,
    split_boilerplate,
    strip_boilerplate,
)

BODY = (
    "Leiomyosarcoma of the spermatic cord is an uncommon paratesticular tumour in older men.\n"
    "It usually presents as a painless, slowly growing scrotal mass."
)

CHROME = [
    "Save to my library",
    "Share on social media",
    "Sign in to download the PDF",
    "We use cookies to improve your experience. Accept all cookies",
    "Download our free app",
    "Loading… please wait.",
    "Click here to subscribe to our newsletter",
    "© 2031 Example Health Network. All rights reserved.",
    "Copyright 2031 Example Press; all material on this website is protected.",
    "By continuing you accept our terms of use and privacy policy.",
    "SPONSORED: Readers with a subscription see no adverts and no ads",
    "Advertisement",
    "Bookmark this page",
    "Toggle navigation icon",
    "Thank you for signing up.",
    "Please try again later.",
    "Get one-tap institutional access with your library card",
    "Install the mobile app for the best experience",
]

MEDICAL = [
    "Rarely, leiomyosarcomas arise in the skin.",
    "General information",
    "Typical symptoms",
    "Diagnosis",
    "Treatment",
    "Use in pregnancy",
    "Add-on therapy with trabectedin",
    "- Mesentery",
    "- brisk mitoses in hot spots",
    "Case presentation: A 58-year-old woman presented with pelvic pain and a uterine mass.",
    "Keywords: leiomyosarcoma; uterus; smooth muscle.",
    "Article type",
    "BACKGROUND: Little is known about the outcome of these tumours.",
    "Patients can download the app to record symptoms and share them with the clinic.",
    "The mass was visible on the first image of the series and was easy to access.",
    "Institutional review board approval was obtained for this retrospective study of patients.",
    "Full Text: The tumour showed fascicles of spindle cells with marked atypia and necrosis.",
    "Follow up",
    "Differential considerations",
    "Cells were positive for desmin (form a) and negative for KIT.",
]


@pytest.mark.parametrize("line", CHROME)
def test_invented_chrome_lines_are_strong(line: str) -> None:
    assert score_line(line).score >= STRONG
    assert line not in strip_boilerplate(f"{BODY}\n\n{line}\n\n{BODY}")


@pytest.mark.parametrize("line", MEDICAL)
def test_invented_medical_lines_survive_anywhere(line: str) -> None:
    assert score_line(line).score < STRONG
    for text in (f"{line}\n{BODY}", f"{BODY}\n\n{line}\n\n{BODY}", f"{BODY}\n{line}"):
        assert line in strip_boilerplate(text)


def test_medical_lines_survive_between_chrome_at_the_end() -> None:
    text = f"{BODY}\n\nShare on social media\n- Mesentery\n- Uterus\nAdvertisement"
    kept = strip_boilerplate(text)
    assert "- Mesentery\n- Uterus" in kept
    assert "Share on" not in kept and "Advertisement" not in kept


def test_head_trimming_removes_toolbar_lines_before_the_title() -> None:
    text = f"Add like\nAdd to reading list\nPrint\n\nA made-up title about sarcoma\n\n{BODY}"
    kept, removed = split_boilerplate(text)
    assert removed == ["Add like", "Add to reading list", "Print"]
    assert kept.lstrip().startswith("A made-up title about sarcoma")


def test_head_trimming_stops_at_the_first_non_chrome_line() -> None:
    text = f"Original title of the study\nAdd like\n{BODY}"
    assert chrome_lines(text) == set()


def test_tail_trimming_takes_short_lines_between_chrome() -> None:
    tail = [
        "Full-text options",
        "Can't see the article?",
        "Ask your librarian about institutional access for your team.",
        "Related reading",
        "Download our free app",
        "Cite this",
        "Powered by Example Systems",
        "Privacy policy | Terms of use",
    ]
    text = BODY + "\n\n" + "\n\n".join(tail)
    kept, removed = split_boilerplate(text)
    assert removed == tail
    assert kept.rstrip() == BODY


def test_tail_trimming_needs_a_strong_line() -> None:
    text = f"{BODY}\n\nRelated reading\nCan't see the article?\nBackg"
    assert chrome_lines(text) == set()


def test_short_lines_after_the_last_chrome_line_are_kept() -> None:
    text = f"{BODY}\n\nAdvertisement\nDownload our free app\nEditorial board"
    assert strip_boilerplate(text) == f"{BODY}\n\nEditorial board"


def test_truncated_last_line_is_kept() -> None:
    assert strip_boilerplate(f"{BODY}\nLeiomyosarcomas (LM") == f"{BODY}\nLeiomyosarcomas (LM"


def test_repeated_chrome_scores_higher_but_repeated_content_does_not() -> None:
    assert score_line("Get the app", repeated=True).score > score_line("Get the app").score
    assert score_line("- brisk mitoses in hot spots", repeated=True).score < WEAK


def test_blank_lines_are_kept_and_nothing_else_changes() -> None:
    text = f"{BODY}\n\n  indented line\n\nAdvertisement\n\nlast line"
    assert strip_boilerplate(text) == f"{BODY}\n\n  indented line\n\n\nlast line"


def test_cue_file_loads_every_section() -> None:
    cues = load_cues()
    assert cues.weighted and cues.ui_verbs and cues.html_tokens and cues.headings
    assert "ad" in cues.html_tokens and "abstract" in cues.headings
    assert cues.content.search("leiomyosarcomas") and not cues.content.search("newsletter")


# Lines made of cue words, their pieces and neighbours, with characters that Python's
# case-insensitive matching folds to ASCII letters (ſ = s, K = k, ı and İ = i).
_PIECES = st.one_of(
    st.sampled_from(["cookie", "Cookies", "COPYRIGHT", "privacy policy", "ſign in", "log ın",
                     "Sİgn up", "\u212aids", "©", "app", "apps", "web site", "full-text",
                     "the tumour", "click", "xclick", "ads", "leads", " ", " ", ". ", ", "]),
    st.text(alphabet="abcdefghiklnoprstuwyſıİ\u212a -", max_size=6),
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, min_size=1, max_size=12).map("".join))
def test_cue_lookup_misses_no_cue_a_pattern_would_match(line: str) -> None:
    cues = load_cues()
    matching = [i for i, (pattern, _, _) in enumerate(cues.weighted) if pattern.search(line)]
    candidates = set(cues.candidates(line))
    assert set(matching) <= candidates


def test_cue_lookup_narrows_the_cues_tried() -> None:
    cues = load_cues()
    assert cues.candidates(BODY) != list(range(len(cues.weighted)))
    line = "We use cookies. © 2031"
    assert {i for i, (p, _, _) in enumerate(cues.weighted) if p.search(line)} <= set(cues.candidates(line))


def test_ascii_case_table_holds_every_character_re_folds_to_an_ascii_letter() -> None:
    letter = re.compile("[a-z]", re.IGNORECASE)
    folded = {chr(c) for c in range(0x80, sys.maxunicode + 1) if letter.fullmatch(chr(c))}
    assert folded == {chr(c) for c in ASCII_CASE}
    for ch, ascii_letter in ((chr(c), v) for c, v in ASCII_CASE.items()):
        assert re.fullmatch(ascii_letter, ch, re.IGNORECASE)
