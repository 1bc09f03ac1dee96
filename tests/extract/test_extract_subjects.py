"""Subject attribution, document-defined abbreviations, rule ids and evidence spans."""

from __future__ import annotations

import hashlib

import pytest

from lmskg.model import RELATIONS, Certainty, Polarity

LMS, UTERINE_LMS, RETRO_LMS = "NCIT:C3158", "NCIT:C6340", "NCIT:C27904"
GIST, LEIOMYOMA, KIT = "NCIT:C3868", "NCIT:C3157", "HGNC:6342"
LIVER, LUNG = "UBERON:0002107", "UBERON:0002048"
MESENTERY, UTERUS = "UBERON:0002095", "UBERON:0000995"
CT, CHEMO = "NCIT:C17204", "NCIT:C15632"
MESENTERIC = "LMSKG:tumour/leiomyosarcoma-of-mesentery"


# -- the document helper ----------------------------------------------------------------------

def test_document_helper(make_document):
    text = "Leiomyosarcoma of the uterus\n\nThe tumour was resected."
    document = make_document(text)
    assert document.text == text
    assert document.media_type == "text/plain"
    assert document.sha256 == hashlib.sha256(text.encode("utf-8")).hexdigest()
    assert document.key == document.sha256[:16]


def test_extract_equals_analyse(extractor, make_document):
    document = make_document("Leiomyosarcoma\n\nCT showed lung metastases.")
    units, statements = extractor.analyse(document)
    assert extractor.extract(document) == statements
    assert units == extractor.sentences(document)


# -- nearest tumour ---------------------------------------------------------------------------

def test_nearest_family_tumour_in_the_sentence(analyse):
    run = analyse("Leiomyosarcoma\n\nUterine leiomyosarcoma often spreads to the lungs, whereas "
                  "retroperitoneal leiomyosarcoma spreads to the liver.")
    assert (UTERINE_LMS, "metastasis_site", LUNG, "positive") in run.facts()
    assert (RETRO_LMS, "metastasis_site", LIVER, "positive") in run.facts()
    assert (UTERINE_LMS, "metastasis_site", LIVER, "positive") not in run.facts()
    assert (RETRO_LMS, "metastasis_site", LUNG, "positive") not in run.facts()


def test_sentence_without_tumour_is_about_the_main_tumour(analyse):
    run = analyse("Retroperitoneal leiomyosarcoma: a case report\n\n"
                  "The patient received chemotherapy. The tumour had spread to the liver.")
    assert (RETRO_LMS, "treatment", CHEMO, "positive") in run.facts()
    assert (RETRO_LMS, "metastasis_site", LIVER, "positive") in run.facts()


def test_main_tumour_comes_from_the_title_not_the_most_frequent(analyse):
    run = analyse("Uterine leiomyosarcoma\n\nLeiomyoma is common. Leiomyoma is benign. "
                  "Leiomyoma is frequent.\n\nCT was performed.")
    assert run.one(CT).subject.curie == UTERINE_LMS


def test_document_without_any_tumour_gives_nothing(analyse):
    run = analyse("Weather report\n\nThe morning was fine. CT showed a mass in the liver.")
    assert run.statements == []


# -- composed tumour types --------------------------------------------------------------------

def test_composed_iri_is_shared_by_both_phrasings(analyse):
    adjective = analyse("A mesenteric leiomyosarcoma was found.")
    phrase = analyse("A leiomyosarcoma of the mesentery was found.")
    (a,), (b,) = adjective.statements, phrase.statements
    assert a.subject == b.subject
    assert a.subject.curie == MESENTERIC
    assert a.subject.iri.endswith("tumour/leiomyosarcoma-of-mesentery")
    assert a.subject.iri != "http://purl.obolibrary.org/obo/NCIT_C3158"
    assert (a.relation, a.object.curie) == ("primary_site", MESENTERY)
    assert (b.relation, b.object.curie) == ("primary_site", MESENTERY)


def test_composed_type_is_the_subject_of_later_facts_in_its_sentence(analyse):
    run = analyse("Leiomyosarcoma\n\nA leiomyosarcoma of the mesentery was resected.")
    assert run.one("MAXO:0000448").subject.curie == MESENTERIC


def test_vocabulary_type_with_a_site_gives_its_primary_site(analyse):
    run = analyse("We report a uterine leiomyosarcoma.")
    assert run.facts() == {(UTERINE_LMS, "primary_site", UTERUS, "positive")}


def test_site_of_another_tumour_is_not_a_primary_site(analyse):
    run = analyse("Leiomyosarcoma\n\nA leiomyoma of the uterus was removed in 2010.")
    assert run.about(UTERUS) == []


# -- other tumours ---------------------------------------------------------------------------

def test_tumour_in_a_differential_is_an_object(analyse):
    run = analyse("Leiomyosarcoma\n\nThe differential diagnosis includes GIST, and CT is helpful.")
    assert (LMS, "differential", GIST, "positive") in run.facts()
    assert all(s.subject.curie == LMS for s in run.statements)


def test_differential_tumour_before_the_subject(analyse):
    run = analyse("Leiomyosarcoma\n\nGIST and leiomyoma may mimic leiomyosarcoma.")
    assert {(s.subject.curie, s.relation, s.object.curie) for s in run.statements} == {
        (LMS, "differential", GIST), (LMS, "differential", LEIOMYOMA)}


def test_marker_of_the_differential_tumour_is_not_the_subjects(analyse):
    run = analyse("Leiomyosarcoma\n\nLeiomyosarcoma must be distinguished from GIST, which is "
                  "typically positive for KIT.")
    assert (LMS, "differential", GIST, "positive") in run.facts()
    assert (LMS, "marker", KIT, "positive") not in run.facts()


# -- document-defined abbreviations -----------------------------------------------------------

def test_defined_abbreviation_is_recognised_later(analyse):
    run = analyse("Leiomyosarcoma\n\nThe uterine leiomyosarcoma (ULMS) was large.\n\n"
                  "ULMS often metastasises to the lung.")
    lung = run.one(LUNG)
    assert lung.subject.curie == UTERINE_LMS
    assert lung.relation == "metastasis_site"


def test_undefined_abbreviation_is_not_recognised(analyse):
    run = analyse("Leiomyosarcoma\n\nULMS often metastasises to the lung.")
    assert run.one(LUNG).subject.curie == LMS


# -- rule ids and evidence -------------------------------------------------------------------

CASE = (
    "Retroperitoneal leiomyosarcoma of the inferior vena cava: a case report\n\n"
    "Case presentation\n"
    "A 64-year-old woman presented with abdominal pain and weight loss but no fever. CT\n"
    "showed a mass arising from the inferior vena cava, and MRI was not performed.\n\n"
    "Pathology\n"
    "The tumour cells were positive for desmin and h-caldesmon and negative for CD34\n"
    "and S100; KIT− and α-SMA+.\n\n"
    "Negative stains:\n- DOG1\n- S100\n\n"
    "Treatment and follow-up\n"
    "She underwent surgical resection; adjuvant chemotherapy was not given. Lung metastases\n"
    "may develop later. The tumour must be distinguished from GIST and leiomyoma.\n"
)


@pytest.fixture
def case(analyse):
    return analyse(CASE)


def test_case_covers_every_relation(case):
    assert {s.relation for s in case.statements} == set(RELATIONS)
    assert {s.polarity for s in case.statements} == {Polarity.POSITIVE, Polarity.NEGATIVE}
    assert {s.certainty for s in case.statements} == {Certainty.ASSERTED, Certainty.HEDGED}


def test_rule_ids_are_set(case):
    prefixes = {"marker", "site", "symptom", "imaging", "treatment", "differential"}
    for s in case.statements:
        assert s.rule and s.rule != "unknown"
        assert s.rule.split(".")[0] in prefixes, s.rule


def test_evidence_spans_point_into_the_text(case):
    text = case.document.text
    assert case.statements
    for s in case.statements:
        m = s.mention
        assert text[m.start:m.end] == m.text
        assert s.sentence in case.units
        assert s.sentence.start <= m.start < m.end <= s.sentence.end
        assert s.sentence.text == text[s.sentence.start:s.sentence.end]


def test_case_statements(case):
    facts = {(s.relation, s.object.curie, s.polarity.value) for s in case.statements}
    expected = {
        ("symptom", "HP:0002027", "positive"),
        ("symptom", "HP:0001824", "positive"),
        ("symptom", "HP:0001945", "negative"),
        ("imaging", CT, "positive"),
        ("imaging", "NCIT:C16809", "negative"),
        ("primary_site", "UBERON:0001072", "positive"),
        ("marker", "HGNC:2770", "positive"),
        ("marker", "HGNC:1441", "positive"),
        ("marker", "HGNC:1662", "negative"),
        ("marker", "HGNC:10500", "negative"),
        ("marker", KIT, "negative"),
        ("marker", "HGNC:130", "positive"),
        ("treatment", "MAXO:0000448", "positive"),
        ("treatment", "NCIT:C15360", "negative"),
        ("metastasis_site", LUNG, "positive"),
        ("differential", GIST, "positive"),
        ("differential", LEIOMYOMA, "positive"),
    }
    assert expected <= facts, case.dump()
    assert ("marker", KIT, "positive") not in facts
    assert case.one(LUNG).certainty is Certainty.HEDGED
