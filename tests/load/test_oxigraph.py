"""`lmskg load` into a real Oxigraph server: idempotent PUT per named graph, and the
competency queries answer the same on the server as on the embedded store."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
from click.testing import CliRunner

from lmskg import api
from lmskg.cli import main
from lmskg.load import graphs_of, load
from lmskg.queries import catalogue

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
GRAPHS = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


def number(answer: bytes) -> int:
    return int(json.loads(answer)["results"]["bindings"][0]["n"]["value"])


def test_load_twice_then_query_like_the_embedded_store(oxigraph, built_examples: Path) -> None:
    build = built_examples.parent
    graphs = graphs_of(build)
    expected = sum(len(set(t)) for t in graphs.values())
    result = CliRunner().invoke(main, ["load", str(build), "--endpoint", oxigraph.store, "-q"])
    assert result.exit_code == 0, result.output
    assert f"loaded {len(graphs)} graphs, {expected} triples" in result.output
    assert number(oxigraph.query(COUNT)) == expected
    assert number(oxigraph.query(GRAPHS)) == len(graphs) == 6 + 3  # documents, shared, summary, ontology
    again = api.load(build, oxigraph.store)
    assert again.graphs == len(graphs) and number(oxigraph.query(COUNT)) == expected
    for name in catalogue():
        text = api.named_query(name)
        server = json.loads(oxigraph.query(text))
        embedded = json.loads(api.query(text, store=build).data)
        assert server["head"] == embedded["head"], name
        assert server["results"]["bindings"] == embedded["results"]["bindings"], name


def test_a_document_graph_is_replaced_whole(oxigraph, built_examples: Path) -> None:
    graphs = graphs_of(built_examples)
    api.load(built_examples, oxigraph.store)
    document = next(iri for iri in graphs if "/id/doc/" in iri)
    before = number(oxigraph.query(COUNT))
    kept = sorted(graphs[document], key=str)[:10]
    load({document: kept}, oxigraph.store)
    inside = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{document}> {{ ?s ?p ?o }} }}"
    assert number(oxigraph.query(inside)) == 10
    assert number(oxigraph.query(COUNT)) == before - len(set(graphs[document])) + 10
    load({document: graphs[document]}, oxigraph.store)
    assert number(oxigraph.query(COUNT)) == before


def test_the_graph_file_and_the_build_folder_load_the_same(oxigraph, built_examples: Path, tmp_path: Path) -> None:
    nq = tmp_path / "graph.nq"
    api.export(built_examples, "nquads", nq)
    a, b = graphs_of(built_examples.parent), graphs_of(nq)
    assert a.keys() == b.keys()
    assert all(set(a[k]) == set(b[k]) for k in a)
    assert all(isinstance(t, ox.Triple) for t in next(iter(a.values())))


def test_a_refused_graph_stops_the_load_with_the_status(oxigraph, built_examples: Path) -> None:
    result = CliRunner().invoke(main, ["load", str(built_examples), "--endpoint",
                                       oxigraph.base + "/no-such-service", "--retries", "0"])
    assert result.exit_code == 2
    assert "refused graph" in result.output and "HTTP 404" in result.output
    assert "0 of 9 graphs loaded before" in result.output
