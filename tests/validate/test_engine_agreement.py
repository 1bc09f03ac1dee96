"""lmskg's own SHACL engine (lmskg.shacl) reports exactly what pyshacl, the reference
engine, reports: on the valid graph, on every injected fault, and on the example corpus;
shapes it does not support fall back to pyshacl."""

from __future__ import annotations

from pathlib import Path

import pytest
from faults import FAULTS

from lmskg import api
from lmskg.errors import GraphError
from lmskg.graphio import read_triples
from lmskg.validate import validate


def _keys(report) -> set[tuple]:
    return {(r.severity, r.shape, r.component, str(r.focus), str(r.path), str(r.value), r.message,
             r.constraint) for r in report.results}


def _agree(triples) -> set[tuple]:
    reference = _keys(validate(triples, jobs=1, engine="pyshacl"))
    assert _keys(validate(triples, jobs=1, engine="lmskg")) == reference
    return reference


def test_engines_agree_on_the_valid_graph(base_graph) -> None:
    assert not any(k[0] == "Violation" for k in _agree(base_graph))


@pytest.mark.parametrize("name", sorted(FAULTS))
def test_engines_agree_on_each_fault(name: str, base_graph) -> None:
    corrupted, shape = FAULTS[name](list(base_graph))
    found = _agree(corrupted)
    assert any(k[0] == "Violation" and k[1] == shape for k in found)


def test_engines_agree_on_the_examples(tmp_path: Path, examples_dir: Path) -> None:
    report = api.build([examples_dir], tmp_path, validate=False, store=False, formats=())
    assert _agree(read_triples(report.graph))  # warnings and infos, the same ones


UNSUPPORTED = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix lmskg: <https://w3id.org/lmskg/ontology#> .
@prefix ex: <https://example.org/shapes#> .
ex:ClosedDocument a sh:NodeShape ; sh:targetClass lmskg:Document ; sh:closed true ;
    sh:ignoredProperties ( <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> ) .
"""


def test_unsupported_shapes_fall_back_to_pyshacl(tmp_path: Path, base_graph) -> None:
    shapes = tmp_path / "closed.ttl"
    shapes.write_text(UNSUPPORTED)
    report = validate(base_graph, shapes=[shapes], jobs=1)  # auto: pyshacl runs them
    assert {r.shape for r in report.results} == {"https://example.org/shapes#ClosedDocument"}
    with pytest.raises(GraphError, match="sh:closed"):
        validate(base_graph, shapes=[shapes], jobs=1, engine="lmskg")


def test_a_part_with_its_own_subclasses_does_not_leak_them_into_the_next() -> None:
    """The ontology's subclass closure is shared between parts, except with a part that
    declares subclasses itself: what it adds stays with it."""
    import pyoxigraph as ox

    from lmskg.shacl import Index

    sub = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#subClassOf")
    a, b, c = (ox.NamedNode(f"https://example.org/{n}") for n in "abc")
    ontology = Index([ox.Triple(a, sub, b)])
    own = Index([ox.Triple(b, sub, c)], base=ontology)
    assert own.supers(a) == {a, b, c}
    assert Index([], base=ontology).supers(a) == {a, b}


MINUS_IN_SPARQL = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix lmskg: <https://w3id.org/lmskg/ontology#> .
@prefix ex: <https://example.org/shapes#> .
ex:NoMinus a sh:NodeShape ; sh:targetClass lmskg:Document ;
    sh:sparql [ sh:select "SELECT $this WHERE { $this a ?c . MINUS { $this a ?c } }" ] .
"""


def test_shapes_pyshacl_refuses_are_a_clear_error(tmp_path: Path, base_graph) -> None:
    """SHACL forbids MINUS in a SPARQL constraint; pyshacl says so, and so does lmskg."""
    shapes = tmp_path / "minus.ttl"
    shapes.write_text(MINUS_IN_SPARQL)
    with pytest.raises(GraphError, match="the shapes cannot be used: .*MINUS"):
        validate(base_graph, shapes=[shapes], jobs=1, engine="pyshacl")
