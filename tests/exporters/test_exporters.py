"""Contract tests over the exporter registry: every RDF export re-parses strictly with
pyoxigraph to exactly the built graph, is deterministic, and datasets keep one named
graph per document."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from lmskg.cli import main
from lmskg.exporters import EXPORTERS, export
from lmskg.exporters.rdf import SHARED_GRAPH
from lmskg.graph import relation_nodes
from lmskg.graphio import read_triples

LMSKG = "https://w3id.org/lmskg/ontology#"
TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


@pytest.fixture(scope="module")
def triples(built_examples: Path) -> list[ox.Triple]:
    return read_triples(built_examples)


@pytest.mark.parametrize("name", sorted(EXPORTERS))
def test_every_export_is_deterministic_in_every_view(name: str, triples) -> None:
    exporter = EXPORTERS[name]
    for view in exporter.views or (None,):
        data = export(triples, name, view)
        assert data == export(list(reversed(triples)), name, view), "output depends on input order"
        assert len(data) > 1000 and data.endswith((b"\n", b"]"))


RDF_EXPORTERS = sorted(n for n, e in EXPORTERS.items() if e.rdf_format is not None)


def test_the_registry_has_every_format() -> None:
    assert sorted(EXPORTERS) == ["graphml", "jsonld", "nquads", "ntriples", "trig", "turtle"]
    assert "graphml" not in RDF_EXPORTERS and EXPORTERS["graphml"].views == ("concept", "rdf")


@pytest.mark.parametrize("name", RDF_EXPORTERS)
def test_rdf_export_reparses_strictly_to_the_same_graph(name: str, triples) -> None:
    exporter = EXPORTERS[name]
    data = export(triples, name)
    parsed = list(ox.parse(data, format=exporter.rdf_format))
    assert {ox.Triple(q.subject, q.predicate, q.object) for q in parsed} == set(triples)
    assert not any(isinstance(n, ox.BlankNode) for q in parsed for n in (q.subject, q.object))


@pytest.mark.parametrize("name", [n for n, e in sorted(EXPORTERS.items())
                                  if e.rdf_format in (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG,
                                                      ox.RdfFormat.JSON_LD)])
def test_datasets_have_one_named_graph_per_document(name: str, triples) -> None:
    quads = list(ox.parse(export(triples, name), format=EXPORTERS[name].rdf_format))
    documents = {t.subject.value for t in triples if t.predicate == TYPE and t.object.value == LMSKG + "Document"}
    graphs = {q.graph_name.value for q in quads}
    assert graphs == documents | {SHARED_GRAPH}
    in_shared = [q for q in quads if q.graph_name.value == SHARED_GRAPH]
    described = {q.subject for q in in_shared}
    for document in documents:
        mine = [q for q in quads if q.graph_name.value == document]
        # the document graph holds the document and its assertions; what they mention is
        # described once, in the shared graph
        assert any(q.subject.value == document and q.predicate == TYPE for q in mine)
        assertions = {q.subject for q in mine if q.predicate == TYPE and q.object.value == LMSKG + "Assertion"}
        assert assertions and all(a.value.startswith(document + "/") for a in assertions)
        objects = {q.object for q in mine if q.subject in assertions and isinstance(q.object, ox.NamedNode)
                   and q.predicate.value.endswith("#object")}
        assert objects and objects <= described
        assert not objects & {q.subject for q in mine}
    assert LMSKG + "BuildRun" in {q.object.value for q in in_shared if q.predicate == TYPE}
    # every triple is in one graph, but direct triples, in each document graph that supports one
    relations = {p.value for p in relation_nodes()}
    once = [q.triple for q in quads if q.predicate.value not in relations]
    assert len(once) == len(set(once))
    assert {q.triple for q in quads} == set(triples)


def test_export_command_and_build_formats(tmp_path: Path, built_examples: Path, examples_dir: Path) -> None:
    run = CliRunner().invoke
    result = run(main, ["export", str(built_examples), "--format", "nquads", "--out", str(tmp_path / "g.nq")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "g.nq").stat().st_size > 0
    bad = run(main, ["export", str(built_examples), "--format", "rdfxml", "--out", str(tmp_path / "x")])
    assert bad.exit_code == 2 and "unknown export format" in bad.output
    assert not (tmp_path / "x").exists()
    result = run(main, ["build", str(examples_dir / "case-report-ivc.txt"), "--out", str(tmp_path / "b"),
                        "--formats", "turtle,trig,jsonld", "--no-validate"])
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in (tmp_path / "b").iterdir() if not p.name.startswith("."))
    assert written == ["cache.sqlite", "graph.jsonld", "graph.trig", "graph.ttl", "store"]
    bad = run(main, ["build", str(examples_dir), "--out", str(tmp_path / "c"), "--formats", "nope"])
    assert bad.exit_code == 2 and not (tmp_path / "c").exists()
