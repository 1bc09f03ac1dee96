"""build_vocabulary end to end on the fixtures: output shape, curation, imports."""

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

from lmskg.errors import InputError
from lmskg.namespaces import CONCEPT, DCTERMS, LMSKG, SCHEME, SKOS
from lmskg.vocab import CATEGORIES
from lmskg.vocab.generate import build_vocabulary
from lmskg.vocab.tsv import read_import_specs

DATA = Path(__file__).parent / "data"
OBO = "http://purl.obolibrary.org/obo/"


def build(out: Path, **kwargs):
    kwargs.setdefault("curation_path", DATA / "curation.tsv")
    return build_vocabulary([DATA / "concepts.tsv"], out_dir=out, base_dir=DATA, **kwargs)


def graph(path: Path) -> Graph:
    g = Graph()
    g.parse(path, format="turtle")
    return g


def en(*labels: str) -> set[Literal]:
    return {Literal(x, lang="en") for x in labels}


def test_files_counts_and_header(tmp_path: Path) -> None:
    summary = build(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        f"{c.stem}.ttl" for c in CATEGORIES.values())
    assert summary.files["tumours.ttl"] == 2 and summary.files["anatomy.ttl"] == 2
    assert summary.files["drugs.ttl"] == 0 and summary.concepts == 10
    text = (tmp_path / "anatomy.ttl").read_text(encoding="utf-8")
    assert text.startswith("# ") and "lmskg vocabulary build" in text.splitlines()[1]
    scheme = SCHEME.anatomy
    g = graph(tmp_path / "anatomy.ttl")
    assert (scheme, RDF.type, SKOS.ConceptScheme) in g
    assert g.value(scheme, DCTERMS.source) == Literal("concepts.tsv")
    assert g.value(scheme, SKOS.prefLabel) is not None
    assert g.value(scheme, SKOS.definition) is not None


def test_concept_shape(tmp_path: Path) -> None:
    summary = build(tmp_path)
    g = graph(tmp_path / "tumours.ttl")
    lms = URIRef(OBO + "NCIT_C3158")
    assert set(g.objects(lms, RDF.type)) == {SKOS.Concept, LMSKG.Tumour}
    assert g.value(lms, SKOS.inScheme) == SCHEME.tumours
    assert g.value(lms, SKOS.prefLabel) == Literal("Leiomyosarcoma", lang="en")
    assert set(g.objects(lms, SKOS.altLabel)) == en("smooth muscle sarcoma", "leiomyosarcomas")
    assert set(g.objects(lms, LMSKG.abbreviation)) == en("LMS", "uLMS")
    assert g.value(lms, SKOS.notation) == Literal("NCIT:C3158")
    assert set(g.objects(lms, SKOS.exactMatch)) == {
        URIRef(OBO + "MONDO_0005058"), URIRef("https://identifiers.org/umls:C0023269")}
    assert g.value(lms, LMSKG.category) == Literal("tumor")
    assert g.value(lms, LMSKG.verified).toPython() is True
    assert g.value(lms, DCTERMS.source) == Literal("test source A")
    assert summary.unknown_xref_prefixes == {"FOO": 1}
    ups = URIRef(OBO + "NCIT_C4247")  # IRI from the CURIE; quoted TSV field
    assert Literal('Unclassified Pleomorphic Sarcoma (Formerly "MFH")', lang="en") in set(
        g.objects(ups, SKOS.altLabel))
    assert g.value(ups, DCTERMS.source) == Literal("concepts.tsv")


def test_unverified_concepts(tmp_path: Path) -> None:
    build(tmp_path)
    g = graph(tmp_path / "anatomy.ttl")
    gsv = CONCEPT["great-saphenous-vein"]
    assert g.value(gsv, SKOS.notation) == Literal("LMSKG:great-saphenous-vein")
    assert g.value(gsv, LMSKG.verified).toPython() is False
    assert g.value(gsv, SKOS.prefLabel) == Literal("great saphenous vein", lang="en")
    assert set(g.objects(gsv, LMSKG.abbreviation)) == en("GSV")


def test_curation_actions(tmp_path: Path) -> None:
    summary = build(tmp_path)
    procedures, markers = graph(tmp_path / "procedures.ttl"), graph(tmp_path / "markers.ttl")
    echo = URIRef(OBO + "MAXO_0010203")
    assert set(procedures.objects(echo, LMSKG.ambiguousLabel)) == en("echo")
    assert set(procedures.objects(echo, SKOS.altLabel)) == en("echocardiogram")
    esr1 = URIRef("https://identifiers.org/hgnc:3467")
    assert set(markers.objects(esr1, LMSKG.ambiguousLabel)) == en("ER")  # existing spelling
    assert en("ER").isdisjoint(markers.objects(esr1, LMSKG.abbreviation))
    rb1 = URIRef("https://identifiers.org/hgnc:9884")
    assert set(markers.objects(rb1, LMSKG.abbreviation)) == en("Rb", "pRb")
    assert set(markers.objects(rb1, SKOS.altLabel)) == en("retinoblastoma protein")
    ivc = URIRef(OBO + "UBERON_0001072")
    anatomy = graph(tmp_path / "anatomy.ttl")
    assert set(anatomy.objects(ivc, SKOS.altLabel)) == en("vena cava inferior")
    assert en("saphenous vein") <= set(
        anatomy.objects(CONCEPT["great-saphenous-vein"], SKOS.altLabel))
    assert summary.curation_applied == 5
    assert len(summary.warnings) == 2
    assert "no label 'nothing-like-this'" in summary.warnings[0]
    assert "no concept NCIT:C99999" in summary.warnings[1]


def test_shared_labels_are_reported(tmp_path: Path) -> None:
    summary = build(tmp_path)
    assert summary.shared_labels == {"mass": ["HP:0031500", "LMSKG:palpable-mass"]}


def test_deterministic_and_order_independent(tmp_path: Path) -> None:
    build(tmp_path / "a")
    lines = (DATA / "concepts.tsv").read_text(encoding="utf-8").splitlines(keepends=True)
    shuffled = tmp_path / "src" / "concepts.tsv"
    shuffled.parent.mkdir()
    shuffled.write_text(lines[0] + "".join(reversed(lines[1:])), encoding="utf-8")
    build_vocabulary([shuffled], curation_path=DATA / "curation.tsv",
                     out_dir=tmp_path / "b", base_dir=shuffled.parent)
    build(tmp_path / "c")
    for name in (tmp_path / "a").iterdir():
        data = name.read_bytes()
        assert data == (tmp_path / "b" / name.name).read_bytes()
        assert data == (tmp_path / "c" / name.name).read_bytes()


def test_duplicate_concepts_are_an_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="duplicate concept"):
        build_vocabulary([DATA / "concepts.tsv", DATA / "concepts.tsv"], out_dir=tmp_path)


def test_imports(tmp_path: Path) -> None:
    summary = build(tmp_path, imports=read_import_specs(DATA / "imports.tsv"))
    anatomy, tumours = graph(tmp_path / "anatomy.ttl"), graph(tmp_path / "tumours.ttl")
    liver = URIRef(OBO + "TINY_0000002")
    assert anatomy.value(liver, SKOS.prefLabel) == Literal("liver", lang="en")
    assert set(anatomy.objects(liver, SKOS.altLabel)) == en("hepar")  # EXACT only
    assert set(anatomy.objects(liver, LMSKG.abbreviation)) == en("LIV")  # typed
    assert set(anatomy.objects(liver, SKOS.exactMatch)) == {
        URIRef(OBO + "FMA_7197"), URIRef(OBO + "NCIT_C12392")}
    assert anatomy.value(liver, DCTERMS.source) == Literal("tiny.obo")
    assert anatomy.value(liver, LMSKG.verified).toPython() is True
    assert set(anatomy.objects(SCHEME.anatomy, DCTERMS.source)) == {
        Literal("concepts.tsv"), Literal("tiny.obo")}
    sarcoma = URIRef(OBO + "NCIT_C9118")  # synonyms=all in the spec
    assert set(tumours.objects(sarcoma, SKOS.altLabel)) == en("sarcomas", "malignancy")
    assert set(tumours.objects(sarcoma, LMSKG.abbreviation)) == en("SARC")
    lms = URIRef(OBO + "NCIT_C3158")  # already in the TSV: labels untouched
    assert Literal("LEIOMYOSARCOMA, MALIGNANT", lang="en") not in set(
        tumours.objects(lms, SKOS.altLabel))
    signs = graph(tmp_path / "signs.ttl")
    assert signs.value(URIRef(OBO + "HP_0000952"), SKOS.prefLabel) is not None
    assert signs.value(URIRef(OBO + "HP_0001824"), SKOS.prefLabel) is None  # excluded
    assert summary.imported == 4 and summary.already_present == 1
    assert summary.unknown_xref_prefixes == {"FOO": 1, "Wikipedia": 1, "XYZ": 1, "MSH": 1}


def test_imports_merge_synonyms(tmp_path: Path) -> None:
    specs = read_import_specs(DATA / "imports.tsv")
    summary = build(tmp_path, imports=specs, merge_synonyms=True)
    tumours = graph(tmp_path / "tumours.ttl")
    lms = URIRef(OBO + "NCIT_C3158")
    assert tumours.value(lms, SKOS.prefLabel) == Literal("Leiomyosarcoma", lang="en")
    assert Literal("LEIOMYOSARCOMA, MALIGNANT", lang="en") in set(
        tumours.objects(lms, SKOS.altLabel))
    assert set(tumours.objects(lms, DCTERMS.source)) == {
        Literal("test source A"), Literal("tiny.obographs.json")}
    assert summary.merged_labels == 1


def test_import_errors_name_the_file(tmp_path: Path) -> None:
    from lmskg.vocab import ImportSpec

    bad = ImportSpec("tiny.obo", "anatomical_site", "ids=TINY:9", base_dir=str(DATA))
    with pytest.raises(InputError, match=r"tiny\.obo .*TINY:9 is not a term"):
        build(tmp_path, imports=[bad])
    missing = ImportSpec("missing.obo", "anatomical_site", "all", base_dir=str(DATA))
    with pytest.raises(InputError, match="missing.obo: file not found"):
        build(tmp_path, imports=[missing])


def test_apply_curation_refusals() -> None:
    from lmskg.vocab import Concept
    from lmskg.vocab.generate import apply_curation
    from lmskg.vocab.tsv import CurationEntry

    def entry(action: str, label: str) -> CurationEntry:
        return CurationEntry("X:1", action, label, "", "cur.tsv:2")

    concept = Concept("http://x/1", "X:1", "sign_symptom", "palpable mass",
                      alt_labels=["lump"], abbreviations=["PM"])
    assert "preferred label" in apply_curation(entry("drop", "Palpable Mass"), concept)
    assert "already has label" in apply_curation(entry("add", "LUMP"), concept)
    assert "already an abbreviation" in apply_curation(entry("abbreviation", "PM"), concept)
    assert apply_curation(entry("abbreviation", "Lump"), concept) is None
    assert concept.alt_labels == [] and concept.abbreviations == ["PM", "Lump"]
    assert apply_curation(entry("ambiguous", "pm"), concept) is None
    assert concept.abbreviations == ["Lump"] and concept.ambiguous_labels == ["PM"]
    assert "already an ambiguous label" in apply_curation(entry("abbreviation", "PM"), concept)
    assert apply_curation(entry("add", "mass lesion"), concept) is None
    assert concept.alt_labels == ["mass lesion"]
