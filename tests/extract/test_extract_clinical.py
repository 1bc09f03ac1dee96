"""Relations symptom, imaging, treatment and differential; pseudo-negation, conditions, hedging."""

from __future__ import annotations

import pytest

LMS = "NCIT:C3158"
ABDOMINAL_PAIN, VOMITING, PAIN, FEVER, NAUSEA = (
    "HP:0002027", "HP:0002013", "HP:0012531", "HP:0001945", "HP:0002018")
WEIGHT_LOSS = "HP:0001824"
CT, MRI, PET, IHC = "NCIT:C17204", "NCIT:C16809", "NCIT:C17007", "NCIT:C23020"
RESECTION, LND, CHEMO, ADJ_CHEMO, RT = (
    "MAXO:0000448", "MAXO:0001063", "NCIT:C15632", "NCIT:C15360", "NCIT:C15313")
GIST, LEIOMYOMA = "NCIT:C3868", "NCIT:C3157"
LUNG, THIGH = "UBERON:0002048", "UBERON:0000376"
POS, NEG = "positive", "negative"


def doc(body: str) -> str:
    return "Leiomyosarcoma\n\n" + body


# -- symptom -----------------------------------------------------------------------------------

def test_presented_with(analyse):
    run = analyse(doc("She presented with abdominal pain."))
    assert run.facts() == {(LMS, "symptom", ABDOMINAL_PAIN, POS)}
    assert run.one(ABDOMINAL_PAIN).rule == "symptom.mention"


def test_no_symptom(analyse):
    run = analyse(doc("There was no vomiting."))
    assert run.facts() == {(LMS, "symptom", VOMITING, NEG)}
    assert run.one(VOMITING).rule == "symptom.mention.negated"


def test_negation_covers_a_list_of_symptoms(analyse):
    run = analyse(doc("No nausea, vomiting or fever was reported."))
    assert run.triples() == {("symptom", NAUSEA, NEG), ("symptom", VOMITING, NEG),
                             ("symptom", FEVER, NEG)}


def test_negation_stops_at_but(analyse):
    run = analyse(doc("The patient had no fever but reported weight loss."))
    assert run.triples() == {("symptom", FEVER, NEG), ("symptom", WEIGHT_LOSS, POS)}


def test_painless_is_negated_pain(analyse):
    run = analyse(doc("He noticed a painless swelling of the thigh."))
    assert ("symptom", PAIN, NEG) in run.triples()
    assert run.one(PAIN).rule == "symptom.mention.privative"
    assert run.one(PAIN).mention.text == "painless"
    assert ("primary_site", THIGH, POS) in run.triples()


# -- imaging ----------------------------------------------------------------------------------

def test_ct_showed(analyse):
    run = analyse(doc("CT showed a large heterogeneous mass."))
    assert run.facts() == {(LMS, "imaging", CT, POS)}


def test_mri_not_performed(analyse):
    run = analyse(doc("MRI was not performed."))
    assert run.facts() == {(LMS, "imaging", MRI, NEG)}


def test_negation_stops_at_a_comma_that_ends_the_clause(analyse):
    run = analyse(doc("She had no fever, and MRI showed a large mass."))
    assert run.triples() == {("symptom", FEVER, NEG), ("imaging", MRI, POS)}


def test_result_of_a_stain_does_not_negate_the_stain(analyse):
    run = analyse(doc("Immunohistochemistry showed that the tumour cells were negative for CD34."))
    assert ("imaging", IHC, POS) in run.triples()


# -- treatment ---------------------------------------------------------------------------------

def test_underwent_resection(analyse):
    run = analyse(doc("The patient underwent surgical resection."))
    assert run.facts() == {(LMS, "treatment", RESECTION, POS)}


def test_not_recommended_after_the_therapy(analyse):
    run = analyse(doc("Lymph node dissection is not recommended."))
    assert run.facts() == {(LMS, "treatment", LND, NEG)}


def test_did_not_receive(analyse):
    run = analyse(doc("She did not receive adjuvant chemotherapy."))
    assert run.facts() == {(LMS, "treatment", ADJ_CHEMO, NEG)}


def test_not_given(analyse):
    run = analyse(doc("Radiotherapy was not given."))
    assert run.facts() == {(LMS, "treatment", RT, NEG)}


def test_resected_participle(analyse):
    run = analyse(doc("The tumour was completely resected."))
    assert run.triples() == {("treatment", RESECTION, POS)}


def test_negated_resection_but_chemotherapy(analyse):
    run = analyse(doc("The tumour was not resected because of its size, "
                      "but chemotherapy was given."))
    assert run.triples() == {("treatment", RESECTION, NEG), ("treatment", CHEMO, POS)}


def test_negation_does_not_cross_into_a_coordinated_clause(analyse):
    run = analyse(doc("PET was not performed and the patient received radiotherapy."))
    assert run.triples() == {("imaging", PET, NEG), ("treatment", RT, POS)}


# -- pseudo-negations and conditions ---------------------------------------------------------

def test_no_clear_guidelines_is_not_a_negation(analyse):
    run = analyse(doc("There are no clear guidelines regarding chemotherapy."))
    (s,) = run.about(CHEMO)
    assert s.polarity.value == POS
    assert s.certainty.value == "hedged"


def test_with_or_without_is_not_a_negation(analyse):
    run = analyse(doc("Surgery with or without chemotherapy is the usual approach."))
    assert run.triples() == {("treatment", RESECTION, POS), ("treatment", CHEMO, POS)}


def test_not_well_understood_is_not_a_negation(analyse):
    run = analyse(doc("The role of chemotherapy is not well understood."))
    assert run.triples() == {("treatment", CHEMO, POS)}


def test_conditional_negation_is_not_a_negation(analyse):
    run = analyse(doc("If surgical resection is not feasible, chemotherapy is given."))
    assert ("treatment", CHEMO, POS) in run.triples()
    assert ("treatment", CHEMO, NEG) not in run.triples()


def test_conditional_with_a_negation_cue(analyse):
    run = analyse(doc("If the tumour does not respond, radiotherapy is added."))
    assert run.triples() == {("treatment", RT, POS)}


# -- differential ------------------------------------------------------------------------------

def test_distinguished_from(analyse):
    run = analyse(doc("Leiomyosarcoma must be distinguished from GIST."))
    assert run.facts() == {(LMS, "differential", GIST, POS)}
    assert run.one(GIST).rule == "differential.cue"


def test_mimic(analyse):
    run = analyse(doc("A cellular leiomyoma may mimic leiomyosarcoma."))
    assert run.facts() == {(LMS, "differential", LEIOMYOMA, POS)}


def test_differential_heading_with_bullets(analyse):
    run = analyse(doc("Differential diagnosis\n\n- GIST\n- leiomyoma\n"))
    assert run.facts() == {(LMS, "differential", GIST, POS), (LMS, "differential", LEIOMYOMA, POS)}


def test_negated_differential(analyse):
    run = analyse(doc("The differential diagnosis does not include GIST."))
    assert run.facts() == {(LMS, "differential", GIST, NEG)}
    assert run.one(GIST).rule == "differential.cue.negated"


def test_negated_differential_under_a_heading(analyse):
    run = analyse(doc("Differential diagnosis\n\nNo leiomyoma was present."))
    assert run.facts() == {(LMS, "differential", LEIOMYOMA, NEG)}


def test_other_tumour_without_a_differential_cue_is_not_a_differential(analyse):
    run = analyse(doc("Imatinib is used in treating GISTs."))
    assert all(s.relation != "differential" for s in run.statements)
    (s,) = run.statements
    assert s.subject.curie == GIST and s.relation == "treatment"


def test_sign_after_a_differential_cue_is_a_differential(analyse):
    run = analyse(doc("The differential diagnosis included anemia from other causes."))
    assert run.triples() == {("differential", "HP:0001903", POS)}


# -- certainty ---------------------------------------------------------------------------------

def test_may_metastasise_is_hedged(analyse):
    run = analyse(doc("Leiomyosarcoma may metastasise to the lung."))
    (s,) = run.statements
    assert (s.relation, s.object.curie, s.polarity.value, s.certainty.value) == (
        "metastasis_site", LUNG, POS, "hedged")


def test_plain_statement_is_asserted(analyse):
    run = analyse(doc("Leiomyosarcoma metastasises to the lung."))
    (s,) = run.statements
    assert (s.relation, s.object.curie, s.polarity.value, s.certainty.value) == (
        "metastasis_site", LUNG, POS, "asserted")


def test_suspected_is_hedged(analyse):
    run = analyse(doc("Lung metastases were suspected."))
    assert run.one(LUNG).certainty.value == "hedged"


def test_hedge_stays_in_its_clause(analyse):
    run = analyse(doc("The tumour spread to the lungs; chemotherapy may be considered."))
    assert run.one(LUNG).certainty.value == "asserted"
    assert run.one(CHEMO).certainty.value == "hedged"


# -- metadata lines ------------------------------------------------------------------------------

@pytest.mark.parametrize("line", [
    "Keywords: leiomyosarcoma; abdominal pain; computed tomography.",
    "Key words: leiomyosarcoma, abdominal pain, computed tomography.",
    "Abbreviations: CT, computed tomography; LMS, leiomyosarcoma.",
])
def test_a_metadata_line_holds_no_statements(analyse, line):
    run = analyse(doc(line + "\n\nShe presented with vomiting."))
    assert run.facts() == {(LMS, "symptom", VOMITING, POS)}


def test_a_colon_after_other_words_is_not_a_metadata_line(analyse):
    run = analyse(doc("Presenting symptom: abdominal pain.\n\n"
                      "Keywords reported by the patient: abdominal pain."))
    assert run.facts() == {(LMS, "symptom", ABDOMINAL_PAIN, POS)}
    assert len(run.about(ABDOMINAL_PAIN)) == 2
