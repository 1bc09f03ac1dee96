"""Relations marker, metastasis_site and primary_site, with and without negation."""

from __future__ import annotations

import pytest

LMS = "NCIT:C3158"
DESMIN, KIT, CD34, S100 = "HGNC:2770", "HGNC:6342", "HGNC:1662", "HGNC:10500"
SMA, KI67 = "HGNC:130", "HGNC:7107"
CALDESMON = "HGNC:1441"
LIVER, LUNG, BONE, KIDNEY = "UBERON:0002107", "UBERON:0002048", "UBERON:0001474", "UBERON:0002113"
IVC, MESENTERY, CORD, THIGH = "UBERON:0001072", "UBERON:0002095", "UBERON:0005352", "UBERON:0000376"
POS, NEG = "positive", "negative"


def doc(body: str) -> str:
    """A document whose title names leiomyosarcoma, so every statement has a subject."""
    return "Leiomyosarcoma\n\n" + body


def markers(run) -> set[tuple[str, str]]:
    return {(s.object.curie, s.polarity.value) for s in run.statements if s.relation == "marker"}


# -- marker ------------------------------------------------------------------------------------

def test_positive_for(analyse):
    run = analyse(doc("The spindle cells were positive for desmin."))
    assert run.facts() == {(LMS, "marker", DESMIN, POS)}


def test_attached_negative(analyse):
    run = analyse(doc("The tumour was KIT-negative."))
    assert run.facts() == {(LMS, "marker", KIT, NEG)}
    assert run.one(KIT).rule == "marker.attached"


def test_negative_for_a_coordination(analyse):
    run = analyse(doc("The tumour was negative for CD34 and S100."))
    assert markers(run) == {(CD34, NEG), (S100, NEG)}


def test_result_after_a_coordination(analyse):
    run = analyse(doc("Desmin and SMA were negative."))
    assert markers(run) == {(DESMIN, NEG), (SMA, NEG)}


def test_mixed_results_in_one_sentence(analyse):
    run = analyse(doc("The cells were positive for desmin but negative for CD34."))
    assert markers(run) == {(DESMIN, POS), (CD34, NEG)}


def test_trailing_signs(analyse):
    run = analyse(doc("The tumour was CD34−, desmin+ and S100-."))
    assert markers(run) == {(CD34, NEG), (DESMIN, POS), (S100, NEG)}
    assert {s.rule for s in run.statements} == {"marker.attached"}


def test_positive_list_then_negative_list(analyse):
    run = analyse(doc("Desmin, SMA and h-caldesmon were diffusely positive, whereas CD34 and "
                      "KIT were negative."))
    assert markers(run) == {(DESMIN, POS), (SMA, POS), (CALDESMON, POS), (CD34, NEG), (KIT, NEG)}


def test_negated_expression_verb(analyse):
    run = analyse(doc("Desmin was not expressed."))
    assert markers(run) == {(DESMIN, NEG)}


def test_loss_of_expression_is_negative(analyse):
    run = analyse(doc("Ki-67 was high, with loss of desmin expression in some areas."))
    assert (DESMIN, NEG) in markers(run)


def test_did_not_show_expression(analyse):
    run = analyse(doc("The neoplasm did not show KIT expression."))
    assert markers(run) == {(KIT, NEG)}


def test_heading_negative_stains_negates_its_bullets(analyse):
    run = analyse(doc("Negative stains:\n- CD34\n- KIT\n"))
    assert markers(run) == {(CD34, NEG), (KIT, NEG)}
    assert {s.rule for s in run.statements} == {"marker.heading"}


def test_heading_negative_stains_right_after_the_title(analyse):
    run = analyse("Uterine leiomyosarcoma: pathology notes.\n\nNegative stains:\n- CD34\n- KIT\n")
    assert markers(run) == {(CD34, NEG), (KIT, NEG)}


def test_heading_negative_for(analyse):
    run = analyse(doc("Negative for:\n- S100\n- CD34\n"))
    assert markers(run) == {(S100, NEG), (CD34, NEG)}


def test_positive_heading_after_a_negative_heading(analyse):
    run = analyse(doc("Negative stains:\n- CD34\n- KIT\n\nPositive stains:\n- desmin\n- SMA\n"))
    assert markers(run) == {(CD34, NEG), (KIT, NEG), (DESMIN, POS), (SMA, POS)}


def test_new_section_after_a_negative_list(analyse):
    run = analyse(doc("Negative stains:\n- CD34\n- KIT\n\n"
                      "Proliferation\nThe Ki-67 index was 40%.\n"))
    assert markers(run) == {(CD34, NEG), (KIT, NEG), (KI67, POS)}


def test_bullets_under_a_neutral_heading_are_positive(analyse):
    run = analyse(doc("Immunohistochemistry panel:\n- desmin\n- SMA\n"))
    assert (DESMIN, POS) in markers(run) and (SMA, POS) in markers(run)


def test_lead_in_list_does_not_negate_later_prose(analyse):
    run = analyse(doc("The tumour cells in every block examined were negative for the following:\n"
                      "- CD34\n- S100\n\n"
                      "The Ki-67 index was 20%. Desmin was also studied."))
    assert markers(run) == {(CD34, NEG), (S100, NEG), (KI67, POS), (DESMIN, POS)}


def test_negation_across_a_hard_wrap(analyse):
    run = analyse(doc("The tumour cells were not\nimmunoreactive for desmin in any block."))
    assert markers(run) == {(DESMIN, NEG)}


# -- metastasis_site ----------------------------------------------------------------------------

def test_metastasised_to(analyse):
    run = analyse(doc("The leiomyosarcoma had metastasised to the liver and lungs."))
    assert run.facts() == {(LMS, "metastasis_site", LIVER, POS),
                           (LMS, "metastasis_site", LUNG, POS)}


def test_no_metastasis_in_a_list_of_sites(analyse):
    run = analyse(doc("There was no metastasis in the liver, lung or bone."))
    assert run.triples() == {("metastasis_site", LIVER, NEG), ("metastasis_site", LUNG, NEG),
                             ("metastasis_site", BONE, NEG)}


def test_site_before_metastasis_noun(analyse):
    run = analyse(doc("Follow-up revealed multiple lung metastases."))
    assert run.triples() == {("metastasis_site", LUNG, POS)}
    assert run.one(LUNG).rule == "site.metastasis-noun"


def test_no_site_before_metastasis_noun(analyse):
    run = analyse(doc("There were no liver metastases."))
    assert run.triples() == {("metastasis_site", LIVER, NEG)}


def test_metastasis_and_primary_in_one_sentence(analyse):
    run = analyse(doc("The tumour arose in the thigh and later spread to the lungs."))
    assert ("metastasis_site", LUNG, POS) in run.triples()
    assert ("metastasis_site", THIGH, POS) not in run.triples()


def test_imaged_region_is_not_a_metastasis_site(analyse):
    run = analyse(doc("CT of the chest showed no metastases."))
    assert not run.about(LUNG) and all(s.relation != "metastasis_site" for s in run.statements)


# -- primary_site ------------------------------------------------------------------------------

def test_arising_from(analyse):
    run = analyse(doc("The tumour was arising from the inferior vena cava."))
    assert run.facts() == {(LMS, "primary_site", IVC, POS)}
    assert run.one(IVC).rule == "site.primary-cue"


def test_primary_site_negated(analyse):
    run = analyse(doc("The tumour did not involve the kidney."))
    assert run.triples() == {("primary_site", KIDNEY, NEG)}


def test_composed_adjective_type(analyse):
    run = analyse("A 50-year-old man had a mesenteric leiomyosarcoma.")
    (s,) = run.statements
    assert (s.relation, s.object.curie, s.polarity.value) == ("primary_site", MESENTERY, POS)
    assert s.rule == "site.composed-type"
    assert s.subject.broader == "http://purl.obolibrary.org/obo/NCIT_C3158"
    assert s.subject.sites == ("http://purl.obolibrary.org/obo/UBERON_0002095",)


def test_composed_of_the_type(analyse):
    run = analyse("We describe a leiomyosarcoma of the spermatic cord.")
    assert run.triples() == {("primary_site", CORD, POS)}
    assert run.statements[0].subject.curie == "LMSKG:tumour/leiomyosarcoma-of-spermatic-cord"


def test_lesion_located_at_a_site(analyse):
    run = analyse(doc("Examination revealed a firm mass in the thigh."))
    assert run.triples() == {("primary_site", THIGH, POS)}


def test_lineage_is_not_a_site(analyse):
    run = analyse(doc("The tumour shows smooth muscle differentiation and arises from the uterus."))
    assert all(s.relation != "primary_site" or s.object.curie == "UBERON:0000995"
               for s in run.statements)
