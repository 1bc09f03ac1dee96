"""The shapes graph itself: valid SHACL, consistent with the ontology, named results."""

from __future__ import annotations

from pathlib import Path

import pyshacl
import rdflib
from rdflib.namespace import OWL, RDF, SH

from lmskg.graphio import read_triples
from lmskg.resources import ontology_file
from lmskg.validate import default_shapes, load_shapes

LMSKG = rdflib.Namespace("https://w3id.org/lmskg/ontology#")


def test_the_shapes_conform_to_shacl_for_shacl() -> None:
    shacl_shacl = Path(pyshacl.__file__).parent / "assets" / "shacl-shacl.ttl"
    meta = rdflib.Graph().parse(shacl_shacl, format="turtle")
    conforms, _, text = pyshacl.validate(load_shapes(), shacl_graph=meta, inference="none")
    assert conforms, text


def test_every_class_instances_use_has_a_targeting_shape(built_examples: Path) -> None:
    shapes = load_shapes()
    targeted = set(shapes.objects(None, SH.targetClass))
    used = {t.object.value for t in read_triples(built_examples)
            if t.predicate.value == str(RDF.type)}
    ours = {c for c in used if c.startswith(str(LMSKG))}
    assert ours and ours <= {str(c) for c in targeted}, ours - {str(c) for c in targeted}


def test_the_allowed_predicates_are_the_ontology_relations() -> None:
    shapes, ontology = load_shapes(), rdflib.Graph().parse(ontology_file())
    relations = set(ontology.subjects(LMSKG.relationKey, None))
    allowed = set(rdflib.collection.Collection(
        shapes, shapes.value(rdflib.URIRef("https://w3id.org/lmskg/shapes#Assertion-predicate"), SH["in"])))
    assert allowed == relations
    classes = {ontology.value(r, LMSKG.assertionClass) for r in relations}
    targeted = set(shapes.objects(None, SH.targetClass))
    assert classes <= targeted


def test_shapes_and_terms_they_use_exist() -> None:
    """Every lmskg term the shapes mention is declared in the ontology (catches typos)."""
    shapes, ontology = load_shapes(), rdflib.Graph().parse(ontology_file())
    declared = set(ontology.subjects(RDF.type, None))
    used = {n for t in shapes for n in t if isinstance(n, rdflib.URIRef) and str(n).startswith(str(LMSKG))}
    assert used <= declared, used - declared


def test_property_shapes_that_can_report_have_names() -> None:
    """Results name their source shape: every property shape of a targeted shape is an IRI."""
    shapes = load_shapes()
    for node_shape in set(shapes.subjects(SH.targetClass, None)) | set(shapes.subjects(SH.targetSubjectsOf, None)):
        for prop in shapes.objects(node_shape, SH.property):
            assert isinstance(prop, rdflib.URIRef), (node_shape, prop)


def test_the_shapes_do_not_import_anything() -> None:
    assert not list(load_shapes().objects(None, OWL.imports))
    assert all(p.suffix == ".ttl" for p in default_shapes())
