"""Several parts validated together (as a build's workers do, a few documents at a time)
give each part exactly the results it gets alone: the SPARQL constraints then run once,
in every part's graph of one store, and must never see another part's triples."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from faults import FAULTS

from lmskg.graphio import read_triples
from lmskg.partition import partition
from lmskg.resources import ontology_file
from lmskg.shacl import Engine, Index, _per_graph
from lmskg.validate import load_shapes


def _key(r) -> tuple:
    return (r.severity, r.shape, r.component, str(r.focus), str(r.path), str(r.value), r.message,
            r.constraint)


def _engine(shapes: rdflib.Graph | None = None) -> Engine:
    return Engine(shapes if shapes is not None else load_shapes(),
                  ox.parse(path=str(ontology_file()), format=ox.RdfFormat.TURTLE))


def _parts(triples: list[ox.Triple]) -> list[list[ox.Triple]]:
    parts, rest = partition(triples)
    return [*parts.values(), rest]


def _same_alone_and_together(engine: Engine, parts: list[list[ox.Triple]]) -> list[set]:
    alone = [sorted(map(_key, engine.validate(p))) for p in parts]
    # some parts come as their triples, the others as an index of them made without the
    # ontology (as a build's summary uses), half of those with their N-Triples given
    given = [p if i % 3 else Index(p, ntriples=ox.serialize(p, format=ox.RdfFormat.N_TRIPLES)
                                   if i % 2 else None)
             for i, p in enumerate(parts)]
    together = [sorted(map(_key, found)) for found in engine.validate_many(given)]
    assert together == alone
    return alone


def test_parts_together_get_the_results_each_gets_alone(built_examples: Path) -> None:
    engine = _engine()
    parts = _parts(read_triples(built_examples))
    assert len(parts) > 5
    alone = _same_alone_and_together(engine, parts)
    assert any(alone)  # the examples have warnings, so the routing of results is tested


@pytest.mark.parametrize("name", sorted(FAULTS))
def test_a_fault_is_reported_for_its_own_part_only(name: str, base_graph) -> None:
    corrupted, _ = FAULTS[name](list(base_graph))
    clean = _parts(base_graph)
    # the corrupted graph's parts next to clean copies of themselves: a result leaking
    # from one graph to another would show up in a clean part
    _same_alone_and_together(_engine(), [*_parts(corrupted), *clean])


def test_a_plain_select_runs_in_every_graph_at_once() -> None:
    query, graph = _per_graph("PREFIX ex: <https://example.org/>",
                              'SELECT ?this ?value WHERE { ?this ex:p ?value . '
                              'FILTER (?value != "} # {") } # a comment')
    assert graph == "lmskgGraph"
    assert "SELECT ?lmskgGraph ?this ?value WHERE { GRAPH ?lmskgGraph {" in query
    store = ox.Store()
    store.load(b'<urn:a> <https://example.org/p> "1" <urn:g1> .\n'
               b'<urn:b> <https://example.org/p> "2" <urn:g2> .\n', format=ox.RdfFormat.N_QUADS)
    rows = {(r[graph].value, r["this"].value, r["value"].value) for r in store.query(query)}
    assert rows == {("urn:g1", "urn:a", "1"), ("urn:g2", "urn:b", "2")}
    assert _per_graph("", "SELECT ?this ?lmskgGraph WHERE { ?this ?p ?lmskgGraph }")[1] == "lmskgGraph_"


@pytest.mark.parametrize("select", [
    "SELECT ?this (COUNT(?o) AS ?n) WHERE { ?this ?p ?o } GROUP BY ?this",
    "SELECT ?this WHERE { ?this ?p ?o } LIMIT 1",
    "SELECT ?this WHERE { ?this ?p ?o { SELECT ?o WHERE { ?o ?q ?r } } }",
    "SELECT ?this WHERE { GRAPH ?g { ?this ?p ?o } }",
    "PREFIX ex: <https://example.org/> SELECT ?this WHERE { ?this ex:p ?o }",
])
def test_other_queries_run_part_by_part(select: str) -> None:
    """Modifiers after the pattern, aggregates, subqueries (whose graph pyoxigraph loses
    inside GRAPH ?g) and graphs of its own would change meaning: such a query is left as
    it is and runs in each part's own store."""
    assert _per_graph("", select)[0] is None


SUBQUERY_SHAPES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix lmskg: <https://w3id.org/lmskg/ontology#> .
@prefix ex: <https://example.org/shapes#> .
ex:FewStatements a sh:NodeShape ; sh:targetClass lmskg:Document ; sh:severity sh:Info ;
    sh:message "a document with its count of evidence" ;
    sh:sparql [ sh:select \"\"\"
        SELECT $this ?value WHERE {
            $this a <https://w3id.org/lmskg/ontology#Document> .
            { SELECT (COUNT(?e) AS ?value) WHERE { ?e a <https://w3id.org/lmskg/ontology#Evidence> } }
        }\"\"\" ] .
"""


def test_a_query_left_as_it_is_still_counts_each_part_alone(base_graph) -> None:
    shapes = rdflib.Graph().parse(data=SUBQUERY_SHAPES, format="turtle")
    engine = _engine(shapes)
    parts = _parts(base_graph)
    alone = _same_alone_and_together(engine, parts)
    counts = sorted(k[5] for results in alone for k in results)
    assert len(counts) == 2 and counts[0] != counts[1]  # each document counts its own evidence
