"""Tokenisation and normalisation (lmskg.tokens)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lmskg.tokens import _TOKEN, fold, normalise, singular, tokenize


def norms(text: str) -> list[str]:
    return [t.norm for t in tokenize(text)]


def raws(text: str) -> list[str]:
    return [t.raw for t in tokenize(text)]


# -- case and spelling -------------------------------------------------------------------

@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("Tumour", "tumor"),
        ("TUMOUR", "tumor"),
        ("behaviour", "behavior"),
        ("oedema", "edema"),
        ("haemorrhage", "hemorrhage"),
        ("Haemorrhagic", "hemorrhagic"),
        ("oesophagus", "esophagus"),
        ("Oesophageal", "esophageal"),
        ("anaemia", "anemia"),
        ("paediatric", "pediatric"),
        ("oestrogen", "estrogen"),
        ("metastasised", "metastasized"),
        ("localisation", "localization"),
    ],
)
def test_uk_spelling_folds_to_us(word, expected):
    assert normalise(word) == expected


@pytest.mark.parametrize("word", ["four", "hour", "our", "shoe", "canoe"])
def test_short_or_unrelated_words_are_not_respelled(word):
    # "-our" needs two letters before it; "oe" is only folded before a consonant+letter
    assert fold(word) == word


def test_uk_and_us_spellings_share_a_key():
    assert norms("Tumours with oedema") == norms("tumors with edema")
    assert norms("oesophageal haemorrhage") == norms("esophageal hemorrhage")


# -- plurals -----------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("lungs", "lung"),
        ("Arteries", "artery"),
        ("biopsies", "biopsy"),
        ("ovaries", "ovary"),
        ("masses", "mass"),
        ("boxes", "box"),
        ("branches", "branch"),
        ("lesions", "lesion"),
    ],
)
def test_plural_to_singular(word, expected):
    assert normalise(word) == expected


@pytest.mark.parametrize("word", ["mass", "virus", "diagnosis", "fibrosis", "gas", "his", "CT"])
def test_words_that_only_look_plural_are_kept(word):
    assert singular(word) == word


def test_plural_and_singular_tokens_match():
    assert norms("liver nodules and lungs") == norms("liver nodule and lung")


# -- Greek letters, hyphens, slashes -----------------------------------------------------

def test_greek_alpha_is_spelled_out():
    tokens = tokenize("α-SMA")
    assert [t.raw for t in tokens] == ["alpha", "SMA"]
    assert [t.norm for t in tokens] == ["alpha", "sma"]
    assert norms("α-smooth muscle actin") == norms("alpha smooth muscle actin")


def test_greek_token_offsets_cover_the_original_character():
    text = "positive for α-SMA"
    alpha = tokenize(text)[2]
    assert text[alpha.start:alpha.end] == "α"
    assert alpha.raw == "alpha"


def test_hyphen_and_slash_split_words_without_becoming_tokens():
    assert raws("h-caldesmon") == ["h", "caldesmon"]
    assert raws("CD34/CD117") == ["CD34", "CD117"]
    assert raws("AE1/AE3 and Ki-67") == ["AE1", "AE3", "and", "Ki", "67"]
    assert norms("h-caldesmon") == norms("h caldesmon") == norms("H-Caldesmon")


def test_decimal_stays_one_token():
    assert raws("CAM5.2 and 3.5 cm") == ["CAM5.2", "and", "3.5", "cm"]


# -- trailing result signs -----------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("CD34-", [("CD34", "cd34"), ("-", "-")]),
        ("CD34−", [("CD34", "cd34"), ("−", "-")]),  # U+2212 minus sign
        ("CD34–", [("CD34", "cd34"), ("–", "-")]),  # en dash
        ("desmin+", [("desmin", "desmin"), ("+", "+")]),
        ("CD117 (−)", [("CD117", "cd117"), ("(", "("), ("−", "-"), (")", ")")]),
        ("CD34-, desmin+.", [("CD34", "cd34"), ("-", "-"), (",", ","), ("desmin", "desmin"),
                             ("+", "+"), (".", ".")]),
    ],
)
def test_trailing_signs_are_tokens(text, expected):
    assert [(t.raw, t.norm) for t in tokenize(text)] == expected


def test_inner_hyphen_is_not_a_sign():
    assert raws("KIT-negative") == ["KIT", "negative"]
    assert "-" not in norms("Ki-67 index")


# -- offsets -------------------------------------------------------------------------------

def test_offsets_map_back_to_the_text():
    text = "The Tumours were CD34− and desmin+; oedema (α-SMA) was seen in 3.5% of cases."
    tokens = tokenize(text)
    assert tokens, text
    for t in tokens:
        piece = text[t.start:t.end]
        if piece == "α":
            assert t.raw == "alpha"
        else:
            assert piece == t.raw
    assert [t.start for t in tokens] == sorted(t.start for t in tokens)


def test_offset_parameter_shifts_into_document_coordinates():
    document = "Title line\nThe tumour was desmin+."
    sentence_start = document.index("The")
    tokens = tokenize(document[sentence_start:], sentence_start)
    for t in tokens:
        assert document[t.start:t.end] == t.raw
    assert tokens[0].start == sentence_start


# Text built from the characters the token pattern treats specially: word characters,
# signs glued to words or standing alone, hyphens inside words, punctuation and spaces.
_PIECES = st.sampled_from(["CD34", "a", "ki", "67", "5.2", "-", "−", "–", "+", "±", "/", "_",
                           " ", "\n", "\t", "\u00a0", ",", ".", ":", ")", "(", "]", "α", "é", "'", "%"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=30).map("".join), st.integers(0, 50))
def test_tokens_are_the_pattern_matches_at_their_places(text, offset):
    """Positions are found from the matched texts, not the matches: they must be where
    the pattern matched, however signs, hyphens and spaces are mixed."""
    expected = [(m.start() + offset, m.end() + offset) for m in _TOKEN.finditer(text)]
    assert [(t.start, t.end) for t in tokenize(text, offset)] == expected


def test_no_token_holds_a_space_after_normalisation():
    # NFKC spells U+FE70 (an Arabic presentation form) as a space and a mark
    tokens = tokenize("\ufe70 leiomyosarcoma")
    assert [t.raw for t in tokens] == ["\u064b", "leiomyosarcoma"]
    assert not any(ch.isspace() for t in tokens for ch in t.raw + t.norm + t.key)


@pytest.mark.parametrize("text", ["%" * 5000 + " CD34-", "desmin " + "_" * 5000, " " * 3000,
                                  "a" + " " * 4000 + "%", "a" + " %" * 4000, "CD34 " + "\n " * 4000])
def test_long_stretches_without_tokens(text):
    expected = [(m.start(), m.end()) for m in _TOKEN.finditer(text)]
    assert [(t.start, t.end) for t in tokenize(text, 0)] == expected
