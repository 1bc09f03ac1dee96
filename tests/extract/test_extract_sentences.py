"""Layout-aware sentence segmentation (lmskg.extract.sentences.segment)."""

from __future__ import annotations

import pytest

from lmskg.extract.sentences import segment


@pytest.fixture
def split(cues):
    """split(text) -> units, after checking that every unit's text is its span."""

    def run(text: str):
        units = segment(text, cues)
        for u in units:
            assert u.text == text[u.start:u.end], u
            assert u.text == u.text.strip()
            assert u.kind in ("sentence", "heading", "bullet")
        starts = [u.start for u in units]
        assert starts == sorted(starts)
        return units

    return run


def texts(units) -> list[str]:
    return [u.text for u in units]


# -- punctuation ---------------------------------------------------------------------------

def test_plain_sentences_are_split_at_final_punctuation(split):
    text = "The tumour was large. It was resected! Was it malignant? Yes."
    assert texts(split(text)) == ["The tumour was large.", "It was resected!",
                                  "Was it malignant?", "Yes."]


def test_abbreviations_from_the_cue_file_do_not_end_a_sentence(split):
    text = ("As described by Brown et al. in a small series, the lesion grew. "
            "See Fig. 3 for the specimen. Dr. Jones reviewed the slides. The margins were clear.")
    assert texts(split(text)) == [
        "As described by Brown et al. in a small series, the lesion grew.",
        "See Fig. 3 for the specimen.",
        "Dr. Jones reviewed the slides.",
        "The margins were clear.",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "The series of Brown et al. (2019) included nine patients.",
        "Some tumours, e.g. GIST, express KIT.",
        "The vascular markers, i.e. CD31 and CD34, were negative.",
    ],
)
def test_multiword_abbreviations_do_not_end_a_sentence(split, text):
    assert texts(split(text)) == [text]


def test_decimal_numbers_do_not_end_a_sentence(split):
    text = "The mass measured 7.5 cm. The Ki-67 index was 12.5%. Margins were 0.2 mm."
    assert texts(split(text)) == ["The mass measured 7.5 cm.", "The Ki-67 index was 12.5%.",
                                  "Margins were 0.2 mm."]


def test_initials_do_not_end_a_sentence(split):
    text = "The slides were reviewed by A. B. Carter in Leeds. The diagnosis was confirmed."
    assert texts(split(text)) == ["The slides were reviewed by A. B. Carter in Leeds.",
                                  "The diagnosis was confirmed."]


# -- layout: paragraphs, headings ------------------------------------------------------------

def test_hard_wrapped_paragraph_is_joined(split):
    text = ("A 61-year-old woman was referred to our department with a slowly growing mass\n"
            "in the left thigh that had been noticed by her husband several months before\n"
            "admission. An MRI scan was then performed.")
    units = split(text)
    assert len(units) == 2
    assert units[0].kind == "sentence"
    assert units[0].text.startswith("A 61-year-old") and units[0].text.endswith("admission.")
    assert "\n" in units[0].text
    assert units[1].text == "An MRI scan was then performed."


def test_short_wrapped_line_is_not_a_heading(split):
    text = "In conclusion, the tumour was large and it was\nresected completely."
    units = split(text)
    assert [(u.kind, u.text) for u in units] == [("sentence", text)]


def test_markdown_headings_give_context(split):
    text = ("# Case report\n\n"
            "A woman of 58 years presented with a painful swelling in the right upper arm.\n\n"
            "## Pathology\n"
            "The lesion was composed of fascicles of spindle cells with atypia.")
    units = split(text)
    assert [u.kind for u in units] == ["heading", "sentence", "heading", "sentence"]
    assert units[0].text == "# Case report"
    assert units[1].heading is not None and "Case report" in units[1].heading
    assert units[3].heading is not None and "Pathology" in units[3].heading
    assert "Case report" not in units[3].heading


def test_short_line_heading_then_paragraph(split):
    units = split("Immunohistochemistry\nThe tumour cells stained strongly for desmin.")
    assert [u.kind for u in units] == ["heading", "sentence"]
    assert units[1].heading == "Immunohistochemistry"


# -- bullets ---------------------------------------------------------------------------------

def test_bullets_keep_the_heading_they_were_read_under(split):
    text = "Negative stains:\n- CD34\n- S100\n* KIT"
    units = split(text)
    assert [(u.kind, u.text) for u in units] == [
        ("heading", "Negative stains:"), ("bullet", "CD34"), ("bullet", "S100"), ("bullet", "KIT")]
    for bullet in units[1:]:
        assert bullet.heading is not None and "Negative stains" in bullet.heading


def test_bullet_markers_are_not_part_of_the_text(split):
    text = "Findings\n- desmin positive\n• caldesmon positive\n1. CD34 negative\n2) KIT negative"
    units = split(text)
    assert texts(units)[1:] == ["desmin positive", "caldesmon positive", "CD34 negative",
                                "KIT negative"]
    assert all(u.kind == "bullet" for u in units[1:])


def test_long_bullet_is_split_into_sentences(split):
    text = "- The tumour arose from the uterine wall. It measured 9.5 cm and was resected."
    units = split(text)
    assert texts(units) == ["The tumour arose from the uterine wall.",
                            "It measured 9.5 cm and was resected."]
    assert {u.kind for u in units} == {"bullet"}


def test_long_line_ending_in_colon_introduces_a_list(split):
    lead = ("Immunohistochemical staining of the resected specimen showed that the tumour "
            "cells were negative for the following markers:")
    text = lead + "\n- CD34\n- S100\n- KIT"
    units = split(text)
    assert units[0].text == lead
    bullets = [u for u in units if u.kind == "bullet"]
    assert texts(bullets) == ["CD34", "S100", "KIT"]
    for b in bullets:
        assert b.heading is not None and "negative for the following markers" in b.heading


def test_wrapped_paragraph_ending_in_colon_introduces_a_list(split):
    text = ("The tumour was examined with a broad immunohistochemical panel in the reference\n"
            "laboratory of the regional sarcoma service, and the cells of the tumour were all\n"
            "found to be positive for each of the following well-known smooth muscle markers:\n"
            "- desmin\n- h-caldesmon")
    units = split(text)
    bullets = [u for u in units if u.kind == "bullet"]
    assert texts(bullets) == ["desmin", "h-caldesmon"]
    for b in bullets:
        assert b.heading is not None and "positive for each" in b.heading


def test_second_heading_replaces_the_first(split):
    text = "Negative stains:\n- CD34\n- KIT\n\nPositive stains:\n- desmin\n- h-caldesmon"
    units = split(text)
    positive = [u for u in units if u.text in ("desmin", "h-caldesmon")]
    assert len(positive) == 2
    for u in positive:
        assert "Positive stains" in u.heading
        assert "Negative" not in u.heading


def test_lead_in_ends_with_its_list(split):
    text = ("The neoplastic cells in all of the sampled blocks were negative for the following:\n"
            "- CD34\n- S100\n\n"
            "The mitotic count was high.")
    last = split(text)[-1]
    assert last.text == "The mitotic count was high."
    assert last.heading is None or "negative" not in last.heading


def test_offsets_of_every_unit_in_a_mixed_document(split):
    text = ("Leiomyosarcoma of the spermatic cord: a case report\n\n"
            "Background\n"
            "Leiomyosarcoma (LMS) is a rare tumour, cf. Smith et al. (2001).  It arises from\n"
            "smooth muscle cells in most cases reported so far in the medical literature.\n\n"
            "Immunohistochemistry:\n"
            "  - desmin+ and SMA+\n"
            "  - CD34−\n")
    units = split(text)
    assert len(units) >= 6
    assert any(u.kind == "heading" and u.text == "Background" for u in units)
    assert [u.text for u in units if u.kind == "bullet"] == ["desmin+ and SMA+", "CD34−"]


def test_a_line_without_sentence_ends_is_cut_into_bounded_pieces(split) -> None:
    """A minified page or a dumped table on one line: pieces of at most MAX_SENTENCE
    characters, cut at spaces, covering the whole line."""
    from lmskg.extract.sentences import MAX_SENTENCE

    words = "the table row value of the report was read and copied again"
    text = " ".join([words] * 2_000)  # about 120,000 characters, no full stop
    units = split(text)
    assert len(units) >= len(text) // MAX_SENTENCE
    assert all(len(u.text) <= MAX_SENTENCE for u in units)
    assert " ".join(u.text for u in units) == text
    one_word = "x" * (MAX_SENTENCE * 2 + 10)  # no space to cut at: cut anyway
    assert [len(u.text) for u in split(one_word)] == [MAX_SENTENCE, MAX_SENTENCE, 10]


def test_statements_are_found_in_a_long_unpunctuated_line(tmp_path) -> None:
    """The cut keeps the text's statements (here, in the pieces of a 200 KB line)."""
    from lmskg import api

    line = " ".join(["filler words of a table row"] * 4_000 + ["leiomyosarcoma of the uterus positive for desmin"]
                    + ["more filler words"] * 4_000)
    (tmp_path / "one-line.txt").write_text(line, encoding="utf-8")
    report = api.build([tmp_path / "one-line.txt"], tmp_path / "out", store=False, formats=())
    assert report.documents == 1 and report.statements >= 1


def test_long_documents_remake_tokens_instead_of_keeping_them(monkeypatch, examples_dir) -> None:
    """The low-memory path (tokens made again at each pass) finds exactly the same
    statements as keeping them."""
    from lmskg import extract
    from lmskg.readers import read_document

    extractor = extract.Extractor()
    documents = [read_document(p) for p in sorted(examples_dir.iterdir())]
    kept = [extractor.analyse(d) for d in documents]
    monkeypatch.setattr(extract, "KEEP_TOKENS_UP_TO", 0)
    remade = [extractor.analyse(d) for d in documents]
    assert remade == kept and sum(len(s) for _, s in kept) > 100
