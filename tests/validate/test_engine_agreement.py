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


EVERY_COMPONENT_DATA = """
@prefix ex: <https://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:a a ex:Thing ; ex:n 5 ; ex:m 3 ; ex:name "alpha"@en , "alfa"@en ; ex:code "AB-1" ;
    ex:kind ex:red ; ex:link ex:b , "text" ; ex:same ex:b ; ex:other ex:b ; ex:when "x"^^xsd:integer .
ex:b a ex:Thing , ex:Sub ; ex:n 12 ; ex:m 20 ; ex:name "beta" ; ex:code "toolongcode" ;
    ex:kind ex:blue ; ex:link ex:a ; ex:same ex:c ; ex:other ex:a ; ex:when 7 .
ex:c a ex:Thing ; ex:n -1 ; ex:m -1 ; ex:code "" ; ex:kind ex:green ; ex:link [ ex:n 1 ] , ex:c .
ex:d a ex:Sub ; ex:link ex:b .
ex:Sub <http://www.w3.org/2000/01/rdf-schema#subClassOf> ex:Thing .
"""

EVERY_COMPONENT_SHAPES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <https://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:Small a sh:NodeShape ; sh:property [ sh:path ex:n ; sh:maxInclusive 10 ] .
ex:Positive a sh:NodeShape ; sh:property [ sh:path ex:n ; sh:minExclusive 0 ] .
ex:ThingShape a sh:NodeShape ; sh:targetClass ex:Thing ;
    sh:property [ sh:path ex:n ; sh:datatype xsd:integer ; sh:minInclusive 0 ; sh:maxExclusive 10 ;
                  sh:lessThanOrEquals ex:m ] ,
                [ sh:path ex:m ; sh:lessThan ex:n ] ,
                [ sh:path ex:n ; sh:maxInclusive 10 ; sh:minExclusive 0 ] ,
                [ sh:path ex:name ; sh:uniqueLang true ; sh:maxLength 4 ; sh:nodeKind sh:Literal ] ,
                [ sh:path ex:code ; sh:minLength 1 ; sh:maxLength 5 ; sh:pattern "^[a-z]+$" ; sh:flags "i" ] ,
                [ sh:path ex:kind ; sh:in ( ex:red ex:blue ) ] ,
                [ sh:path ex:link ; sh:nodeKind sh:BlankNodeOrIRI ; sh:class ex:Thing ] ,
                [ sh:path ex:same ; sh:equals ex:other ] ,
                [ sh:path ex:other ; sh:disjoint ex:link ] ,
                [ sh:path ex:when ; sh:datatype xsd:integer ] ,
                [ sh:path ex:link ; sh:xone ( ex:Small ex:Positive ) ] ,
                [ sh:path ex:link ; sh:or ( ex:Small [ sh:nodeKind sh:BlankNode ] ) ] ,
                [ sh:path ex:link ; sh:and ( ex:Small ex:Positive ) ] ,
                [ sh:path ex:link ; sh:not ex:Small ] ,
                [ sh:path ex:link ; sh:node ex:Positive ] ,
                [ sh:path ex:kind ; sh:hasValue ex:red ] ,
                [ sh:path ex:link ; sh:qualifiedValueShape ex:Small ; sh:qualifiedMinCount 1 ;
                  sh:qualifiedMaxCount 1 ] .
"""


def test_engines_agree_on_every_supported_component(tmp_path: Path) -> None:
    """Each constraint component lmskg's engine evaluates, on values that pass and fail it,
    reports what pyshacl reports (the bundled shapes use only some of them)."""
    import pyoxigraph as ox

    from lmskg.shacl import SUPPORTED

    shapes = tmp_path / "every.ttl"
    shapes.write_text(EVERY_COMPONENT_SHAPES)
    triples = list(ox.parse(EVERY_COMPONENT_DATA.encode(), format=ox.RdfFormat.TURTLE))
    # the shapes have no sh:message, and each engine words its default message its own way
    reference = {k[:6] + k[7:] for k in _keys(validate(triples, shapes=[shapes], jobs=1, engine="pyshacl"))}
    assert {k[:6] + k[7:] for k in _keys(validate(triples, shapes=[shapes], jobs=1, engine="lmskg"))} == reference
    reported = {k[2].rsplit("#", 1)[-1].removesuffix("ConstraintComponent") for k in reference}
    wanted = {c[0].upper() + c[1:] for c in SUPPORTED - {"sparql", "qualifiedValueShape"}}
    wanted |= {"QualifiedMinCount", "QualifiedMaxCount"}
    assert wanted - reported <= {"MinCount", "MaxCount"}, wanted - reported  # each one fails somewhere


TERM_AND_TRIPLE_SHAPES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <https://example.org/> .
ex:Listed a sh:NodeShape ; sh:in ( ex:a ) .
ex:NotLocal a sh:NodeShape ; sh:not [ sh:pattern "^https://example.org/local/" ] .
ex:Coloured a sh:NodeShape ; sh:property [ sh:path ex:colour ; sh:minCount 1 ] .
ex:Typed a sh:NodeShape ; sh:class ex:Kind .
ex:Holder a sh:NodeShape ; sh:targetClass ex:Holder ;
    sh:property [ sh:path ex:link ; sh:node ex:Listed ] ,
                [ sh:path ex:link ; sh:node ex:Coloured ] ,
                [ sh:path ex:link ; sh:node ex:NotLocal ] .
"""


def test_answers_that_depend_on_a_term_alone_are_shared_between_parts() -> None:
    """A node shape whose constraints read only the node's term is answered once for every
    part; one that reads triples (a property shape, sh:class) is answered per part, so the
    same node can pass in one part and fail in the next."""
    import pyoxigraph as ox
    import rdflib

    from lmskg.shacl import Engine

    engine = Engine(rdflib.Graph().parse(data=TERM_AND_TRIPLE_SHAPES, format="turtle"), [])
    names = {s.name.rsplit("/", 1)[-1]: id(s) for s in engine.compiled._shapes.values()}
    named = {n for n, i in names.items() if i in engine._of_term and not n.startswith("_")}
    assert named == {"Listed", "NotLocal"}

    ex = "https://example.org/"
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")

    def part(*extra: tuple[str, str, str]) -> list[ox.Triple]:
        holder, link = ox.NamedNode(ex + "h"), ox.NamedNode(ex + "link")
        return [ox.Triple(holder, rdf_type, ox.NamedNode(ex + "Holder")),
                ox.Triple(holder, link, ox.NamedNode(ex + "a")),
                ox.Triple(holder, link, ox.NamedNode(ex + "local/b")),
                *(ox.Triple(*(ox.NamedNode(ex + t) for t in triple)) for triple in extra)]

    def failing(results) -> list[str]:
        assert {r.component.rsplit("#", 1)[-1] for r in results} == {"NodeConstraintComponent"}
        return sorted(r.value.value.removeprefix(ex) for r in results)

    coloured, bare = engine.validate_many([part(("a", "colour", "red")), part()])
    # local/b is not listed, not coloured and project-local in both parts; ex:a is listed
    # and not local in both, and coloured only in the first
    assert failing(coloured) == ["local/b"] * 3
    assert failing(bare) == ["a"] + ["local/b"] * 3
