"""The RDF graph: determinism, IRIs, provenance, direct triples, ontology agreement."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

from lmskg import api
from lmskg.extract import Extractor
from lmskg.graph import assertion_iri, document_iri, relation_predicates
from lmskg.model import Document
from lmskg.namespaces import LMSKG
from lmskg.resources import ontology_file

TEXT = ("Retroperitoneal leiomyosarcoma: a case.\n\nThe tumour was positive for desmin and "
        "negative for KIT. It metastasised to the liver and lungs. Lymph node dissection is "
        "not recommended.\n")


def _doc(text: str = TEXT, name: str = "case.txt") -> Document:
    import hashlib

    return Document(name, name, text, hashlib.sha256(text.encode()).hexdigest(), "text/plain")


def test_two_builds_in_separate_processes_give_identical_bytes(tmp_path: Path, examples_dir: Path) -> None:
    outputs = []
    for n in (1, 2):
        out = tmp_path / f"b{n}"
        subprocess.run([sys.executable, "-m", "lmskg.cli", "build", "-q", str(examples_dir),
                        "--out", str(out)], check=True, capture_output=True)
        outputs.append((out / "graph.ttl").read_bytes())
    assert outputs[0] == outputs[1]


def test_iris_are_minted_from_content() -> None:
    extractor = Extractor()
    a, b = extractor.extract(_doc()), extractor.extract(_doc(name="copy.txt"))
    assert [assertion_iri(s) for s in a] == [assertion_iri(s) for s in b]
    assert document_iri(_doc()).endswith(_doc().sha256[:16])
    other = extractor.extract(_doc(TEXT.replace("liver", "brain")))
    assert {assertion_iri(s) for s in a} != {assertion_iri(s) for s in other}


def test_graph_has_no_blank_nodes_and_parses_strictly(built_examples: Path) -> None:
    triples = list(ox.parse(path=str(built_examples), format=ox.RdfFormat.TURTLE))
    assert triples
    assert not any(isinstance(t, ox.BlankNode) for q in triples for t in (q.subject, q.object))
    # an independent parser agrees on the number of triples
    assert len(rdflib.Graph().parse(built_examples, format="turtle")) == len(set(triples))


def _store(path: Path) -> ox.Store:
    store = ox.Store()
    store.load(path=str(path), format=ox.RdfFormat.TURTLE)
    return store


def test_direct_triples_only_for_positive_asserted_statements(built_examples: Path) -> None:
    store = _store(built_examples)
    q = """PREFIX lmskg: <https://w3id.org/lmskg/ontology#>
    PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
    SELECT ?s ?p ?o ?pol ?cert WHERE { ?a rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
      lmskg:polarity ?pol ; lmskg:certainty ?cert . }"""
    rows = list(store.query(q))
    assert rows
    direct = {(r["s"], r["p"], r["o"]) for r in rows
              if r["pol"].value.endswith("Positive") and r["cert"].value.endswith("Asserted")}
    for s, p, o in direct:
        assert list(store.quads_for_pattern(s, p, o))
    # a negated marker result has no direct triple unless another statement affirms it
    negated = {(r["s"], r["p"], r["o"]) for r in rows if r["pol"].value.endswith("Negative")}
    for s, p, o in negated - direct:
        assert not list(store.quads_for_pattern(s, p, o))


def test_every_ontology_term_the_graph_uses_is_declared(built_examples: Path) -> None:
    ontology = rdflib.Graph().parse(ontology_file())
    declared = {str(s) for s in ontology.subjects() if str(s).startswith(str(LMSKG))}
    data = rdflib.Graph().parse(built_examples)
    used = {str(t) for triple in data for t in triple if str(t).startswith(str(LMSKG))}
    assert used and used <= declared, used - declared
    for term in declared:
        labels = list(ontology.objects(rdflib.URIRef(term), rdflib.RDFS.label))
        defs = list(ontology.objects(rdflib.URIRef(term), rdflib.URIRef("http://www.w3.org/2004/02/skos/core#definition")))
        assert labels and defs, term


def test_relation_keys_come_from_the_ontology() -> None:
    assert set(relation_predicates()) == {"primary_site", "metastasis_site", "marker", "symptom",
                                          "imaging", "treatment", "differential"}


def test_provenance_records_the_run(built_examples: Path) -> None:
    store = _store(built_examples)
    q = """PREFIX prov: <http://www.w3.org/ns/prov#> PREFIX lmskg: <https://w3id.org/lmskg/ontology#>
    SELECT (COUNT(?d) AS ?n) ?v WHERE { ?run a lmskg:BuildRun ; prov:used ?d ; lmskg:softwareVersion ?v } GROUP BY ?v"""
    rows = list(store.query(q))
    assert len(rows) == 1 and int(rows[0]["n"].value) == 6


def test_evidence_offsets_match_document_text(examples_dir: Path) -> None:
    from lmskg.readers import read_document

    extractor = Extractor()
    for path in sorted(examples_dir.glob("*.*")):
        if path.suffix not in (".txt", ".md", ".html"):
            continue
        doc = read_document(path)
        for s in extractor.extract(doc):
            assert doc.text[s.mention.start:s.mention.end] == s.mention.text
            assert doc.text[s.sentence.start:s.sentence.end] == s.sentence.text
            assert s.sentence.start <= s.mention.start < s.mention.end <= s.sentence.end


@pytest.mark.parametrize("relation", ["primary_site", "metastasis_site", "marker", "symptom",
                                      "imaging", "treatment", "differential"])
def test_each_relation_is_in_the_example_graph(built_examples: Path, relation: str) -> None:
    assert any(r["relation"] == relation for r in api.read_facts(built_examples))
