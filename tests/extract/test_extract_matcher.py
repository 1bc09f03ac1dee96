"""Dictionary matching of vocabulary concepts (lmskg.extract.matcher)."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

LMS = "NCIT:C3158"
RETRO_LMS = "NCIT:C27904"
UTERINE_LMS = "NCIT:C6340"
CT = "NCIT:C17204"
DESMIN = "HGNC:2770"
CALDESMON = "HGNC:1441"
SMA = "HGNC:130"


def curies(found) -> list[str]:
    return [c for _, c, _ in found]


# -- longest match ---------------------------------------------------------------------------

def test_longest_match_wins(match):
    assert match("a retroperitoneal leiomyosarcoma was found") == [
        ("retroperitoneal leiomyosarcoma", RETRO_LMS, False)]


def test_a_token_spelled_with_a_space_does_not_shift_the_matches(match):
    # NFKC spells the Arabic presentation form U+FE70 as a space and a mark; the matcher
    # counts tokens by the spaces between their keys
    assert match("\ufe70 retroperitoneal leiomyosarcoma was found, desmin+") == [
        ("retroperitoneal leiomyosarcoma", RETRO_LMS, False), ("desmin", DESMIN, False)]


def test_shorter_label_alone(match):
    assert match("a leiomyosarcoma was found") == [("leiomyosarcoma", LMS, False)]


def test_longest_match_with_plural_and_capitals(match):
    assert match("Retroperitoneal Leiomyosarcomas") == [
        ("Retroperitoneal Leiomyosarcomas", RETRO_LMS, False)]


def test_multiword_site_is_one_match(match):
    assert match("arising from the inferior vena cava") == [
        ("inferior vena cava", "UBERON:0001072", False)]


# -- case ------------------------------------------------------------------------------------

def test_labels_are_case_insensitive(match):
    assert curies(match("LEIOMYOSARCOMA")) == [LMS]
    assert curies(match("Desmin and DESMIN")) == [DESMIN, DESMIN]


@pytest.mark.parametrize("text", ["CT showed a mass", "two CTs were obtained", "CT scan"])
def test_abbreviation_matches_as_written(match, text):
    assert curies(match(text)) == [CT]


@pytest.mark.parametrize("text", ["the ct was", "an act of", "a Ct value", "the strict regimen"])
def test_abbreviation_does_not_match_other_case_or_inside_words(match, text):
    assert CT not in curies(match(text))


def test_lms_abbreviation_is_case_sensitive(match):
    assert match("LMS and lms") == [("LMS", LMS, False)]
    assert match("uterine LMS") == [("uterine LMS", UTERINE_LMS, False)]


def test_kit_gene_does_not_match_a_staining_kit(match):
    assert match("a commercial staining kit was used") == []
    assert curies(match("KIT was negative")) == ["HGNC:6342"]


# -- spelling variants -----------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "curie"),
    [
        ("oesophageal leiomyosarcoma", "NCIT:C5334"),
        ("esophageal leiomyosarcoma", "NCIT:C5334"),
        ("the oesophagus", "UBERON:0001043"),
        ("oedema", "HP:0000969"),
        ("gastrointestinal haemorrhage", "HP:0002239"),
        ("gastrointestinal hemorrhage", "HP:0002239"),
        ("oestrogen receptor", "HGNC:3467"),
        ("Gastrointestinal Stromal Tumours", "NCIT:C3868"),
        ("abdominal pains", "HP:0002027"),
        ("both ovaries", "UBERON:0000992"),
        ("core needle biopsies", "NCIT:C15680"),
    ],
)
def test_uk_spellings_and_plurals_match(match, text, curie):
    assert curies(match(text)) == [curie]


@pytest.mark.parametrize("text", ["h-caldesmon", "H-Caldesmon", "h caldesmon", "caldesmon"])
def test_hyphenated_marker(match, text):
    assert match(text) == [(text, CALDESMON, False)]


@pytest.mark.parametrize("text", ["α-SMA", "alpha-SMA", "alpha-smooth muscle actin", "SMA"])
def test_greek_letters(match, text):
    assert match(text) == [(text, SMA, False)]


# -- ambiguity: abstain ----------------------------------------------------------------------

@pytest.mark.parametrize("text", ["CAM 5.2", "CAM5.2", "a CT-guided biopsy"])
def test_ambiguous_labels_link_to_nothing(match, text):
    # "CAM 5.2" names several keratins; "CT-guided biopsy" two procedures
    assert match(text) == []


@pytest.mark.parametrize(
    "text",
    ["a large mass", "imaging showed", "the tumour", "vascular invasion", "the smooth muscle",
     "seen at the ER", "PR was reached"],
)
def test_curated_ambiguous_labels_are_not_matched(match, text):
    assert match(text) == []


def test_ambiguous_label_does_not_hide_the_rest(match):
    assert match("a mass in the thigh") == [("thigh", "UBERON:0000376", False)]


# -- inflections and the gapped match -------------------------------------------------------

@pytest.mark.parametrize("text", ["it was resected", "surgical resection", "surgery"])
def test_resected_is_surgical_resection(match, text):
    assert curies(match(text)) == ["MAXO:0000448"]


@pytest.mark.parametrize("text", ["histopathological examination", "histology",
                                  "histopathology"])
def test_histopathology_forms(match, text):
    assert curies(match(text)) == ["NCIT:C16680"]


def test_privative_form_is_a_negated_sign(match):
    assert match("a painless swelling") == [("painless", "HP:0012531", True)]
    assert match("pain") == [("pain", "HP:0012531", False)]


def test_gapped_two_word_label(match):
    assert match("adjuvant oncological therapy") == [
        ("adjuvant oncological therapy", "NCIT:C15675", False)]
    assert match("adjuvant therapy") == [("adjuvant therapy", "NCIT:C15675", False)]


def test_gap_needs_an_adjective(match):
    # "after" is no -al/-ic adjective: no "adjuvant ... therapy" bridging it
    assert "NCIT:C15675" not in curies(match("adjuvant after therapy"))


def test_matches_are_in_token_order_and_do_not_overlap(match, extractor):
    from lmskg.tokens import tokenize

    text = "CT showed retroperitoneal leiomyosarcoma; desmin+ and CD34- on histology."
    tokens = tokenize(text)
    found = extractor.matcher.match(tokens)
    spans = [(m.start, m.end) for m in found]
    assert spans == sorted(spans)
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))
    assert curies(match(text)) == [CT, RETRO_LMS, DESMIN, "HGNC:1662", "NCIT:C16680"]


# -- resolving overlapping candidates ---------------------------------------------------------

def _resolve_by_marking(candidates):
    """The plain statement of the rule: longest first, then leftmost; a candidate is kept
    when none of its tokens is taken; ambiguous ones (no concept) take tokens but are not
    returned."""
    taken: set[int] = set()
    kept = []
    for m in sorted(candidates, key=lambda m: (-(m.end - m.start), m.start)):
        if taken.isdisjoint(range(m.start, m.end)):
            kept.append(m)
            taken.update(range(m.start, m.end))
    return sorted((m for m in kept if m.concept is not None), key=lambda m: m.start)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 9), st.integers(1, 4), st.sampled_from([None, "a", "b"]),
                          st.booleans()), max_size=8))
def test_resolution_keeps_longest_then_leftmost(spans):
    from lmskg.extract.matcher import Match, resolve

    candidates = [Match(s, s + n, c, neg) for s, n, c, neg in spans]
    assert resolve(list(candidates)) == _resolve_by_marking(candidates)
