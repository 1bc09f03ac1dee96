"""GraphML: valid against the GraphML schema, read alike by networkx and igraph, with
counts that follow from the RDF, typed and clean attributes, and parallel edges kept."""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from pathlib import Path

import igraph
import networkx as nx
import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from lxml import etree

from lmskg.cli import main
from lmskg.exporters import export
from lmskg.graphio import read_triples

SCHEMA = etree.XMLSchema(etree.parse(str(Path(__file__).parent / "schemas" / "graphml.xsd")))
G = "{http://graphml.graphdrawing.org/xmlns}"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
LMSKG = "https://w3id.org/lmskg/ontology#"
NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
PARSE = {"int": int, "long": int, "double": float, "float": float, "string": str,
         "boolean": lambda v: {"true": True, "false": False}[v]}


@pytest.fixture(scope="module")
def triples(built_examples: Path) -> list[ox.Triple]:
    return read_triples(built_examples)


def check_file(path: Path) -> tuple[nx.MultiDiGraph, igraph.Graph]:
    """Schema-valid; every value of its declared type; same counts in networkx and igraph."""
    document = etree.parse(str(path))
    assert SCHEMA.validate(document), SCHEMA.error_log.last_error
    keys = {k.get("id"): (k.get("for"), k.get("attr.type")) for k in document.iter(f"{G}key")}
    for element in document.iter(f"{G}node", f"{G}edge"):
        domain = element.tag[len(G):]
        data = element.findall(f"{G}data")
        assert len(data) == sum(1 for d, _ in keys.values() if d == domain), "a value is missing"
        for d in data:
            kind, type_ = keys[d.get("key")]
            assert kind == domain
            text = d.text or ""
            PARSE[type_](text)
            assert not any(unicodedata.category(c) == "Cc" for c in text), f"control character in {text!r}"
            assert text not in ("None", "nan", "[]")
    graph = nx.read_graphml(path, force_multigraph=True)
    other = igraph.Graph.Read_GraphML(str(path))
    assert isinstance(graph, nx.MultiDiGraph) and other.is_directed()
    assert (graph.number_of_nodes(), graph.number_of_edges()) == (other.vcount(), other.ecount())
    return graph, other


def statements(triples: list[ox.Triple]) -> dict[tuple, dict[str, set]]:
    """(subject, predicate, object, polarity, certainty) -> assertions and documents, from
    the triples alone."""
    by: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for t in triples:
        by[t.subject.value][t.predicate.value].append(t.object.value)
    out: dict[tuple, dict[str, set]] = defaultdict(lambda: {"assertions": set(), "documents": set()})
    for node, props in by.items():
        if LMSKG + "Assertion" not in props[RDF + "type"]:
            continue
        key = (props[RDF + "subject"][0], props[RDF + "predicate"][0], props[RDF + "object"][0],
               props[LMSKG + "polarity"][0].rsplit("#")[-1].lower(),
               props[LMSKG + "certainty"][0].rsplit("#")[-1].lower())
        out[key]["assertions"].add(node)
        for evidence in props[LMSKG + "evidence"]:
            out[key]["documents"].update(by[evidence][NIF + "referenceContext"])
    return out


def test_concept_view_counts_follow_from_the_rdf(tmp_path: Path, triples) -> None:
    path = tmp_path / "concepts.graphml"
    path.write_bytes(export(triples, "graphml"))
    graph, _ = check_file(path)
    expected = statements(triples)
    assert graph.number_of_edges() == len(expected)
    concepts = {iri for s, _, o, _, _ in expected for iri in (s, o)}
    assert {d["iri"] for _, d in graph.nodes(data=True)} == concepts
    iri = {n: d["iri"] for n, d in graph.nodes(data=True)}
    seen = {}
    for u, v, d in graph.edges(data=True):
        key = (iri[u], d["predicate"], iri[v], d["polarity"], d["certainty"])
        seen[key] = d
        assert d["statements"] == len(expected[key]["assertions"])
        assert d["documents"] == len(expected[key]["documents"]) == d["weight"]
        assert d["sentence"].strip() and d["start"] < d["end"]
        assert d["document"].endswith((".txt", ".md", ".html"))
    assert set(seen) == set(expected)
    categories = {d["category"] for _, d in graph.nodes(data=True)}
    assert {"tumor", "anatomical_site", "marker", "sign_symptom", "diagnostic_procedure",
            "treatment"} <= categories
    lms = next(d for _, d in graph.nodes(data=True) if d["curie"] == "NCIT:C3158")
    assert lms["label"] == "Leiomyosarcoma" and lms["category"] == "tumor"


def test_parallel_relations_are_kept(tmp_path: Path, triples) -> None:
    path = tmp_path / "concepts.graphml"
    path.write_bytes(export(triples, "graphml"))
    graph, _ = check_file(path)
    pairs: dict[tuple, set] = defaultdict(set)
    for u, v, d in graph.edges(data=True):
        pairs[(u, v, d["relation"])].add(d["polarity"])
    both = [pair for pair, polarities in pairs.items() if polarities == {"positive", "negative"}]
    assert both, "the examples report some marker both positive and negative"
    u, v, relation = both[0]
    labels = sorted(d["label"] for d in graph.get_edge_data(u, v).values() if d["relation"] == relation)
    assert any(label.startswith("not ") for label in labels)


def test_rdf_view_has_one_edge_per_triple(tmp_path: Path, triples) -> None:
    path = tmp_path / "rdf.graphml"
    path.write_bytes(export(triples, "graphml", view="rdf"))
    graph, other = check_file(path)
    assert graph.number_of_edges() == len(triples)
    assert graph.number_of_nodes() == len({n for t in triples for n in (t.subject, t.object)})
    kinds = {d["kind"] for _, d in graph.nodes(data=True)}
    assert kinds == {"iri", "literal"}
    assert set(other.es["predicate"]) == {t.predicate.value for t in triples}


def test_output_is_deterministic(triples) -> None:
    for view in ("concept", "rdf"):
        assert export(triples, "graphml", view) == export(list(reversed(triples)), "graphml", view)


def test_hostile_text_is_cleaned_not_lost(tmp_path: Path, triples) -> None:
    """Control characters, markup, quotes, emoji and bidi text in sentences."""
    odd = " \x07<&>\"'\u00a0\U0001F600 \u202eRTL\u202c \x0b\r\t"
    anchor = ox.NamedNode(NIF + "anchorOf")
    mangled = [ox.Triple(t.subject, t.predicate, ox.Literal(t.object.value + odd))
               if t.predicate == anchor else t for t in triples]
    for view in ("concept", "rdf"):
        path = tmp_path / f"{view}.graphml"
        path.write_bytes(export(mangled, "graphml", view))
        graph, _ = check_file(path)
        values = [d.get("sentence") or d.get("value") for _, _, d in graph.edges(data=True)] + \
                 [d.get("value") for _, d in graph.nodes(data=True)]
        assert any(v and "<&>\"'" in v and "\U0001F600" in v and "\u202eRTL" in v for v in values)


def test_export_view_option_and_build_default(tmp_path: Path, built_examples: Path, examples_dir: Path) -> None:
    run = CliRunner().invoke
    result = run(main, ["export", str(built_examples), "--format", "graphml", "--view", "rdf",
                        "--out", str(tmp_path / "r.graphml")])
    assert result.exit_code == 0, result.output
    check_file(tmp_path / "r.graphml")
    bad = run(main, ["export", str(built_examples), "--format", "trig", "--view", "rdf",
                     "--out", str(tmp_path / "x.trig")])
    assert bad.exit_code == 2 and "no views" in bad.output
    result = run(main, ["build", str(examples_dir / "case-report-ivc.txt"), "--out", str(tmp_path / "b"),
                        "--no-validate"])
    assert result.exit_code == 0, result.output
    # the outputs, the cache and the store's manifest; no temporary file or folder left
    assert sorted(p.name for p in (tmp_path / "b").iterdir()) == [
        ".lock", ".store.gate", ".store.json", ".store.lock", "cache.sqlite", "graph.graphml",
        "graph.ttl", "store"]
    check_file(tmp_path / "b" / "graph.graphml")


def test_dev_corpus_graphml(tmp_path: Path) -> None:
    """The dev corpus' GraphML: schema-valid, equal counts in networkx and igraph."""
    from lmskg import api

    docs = Path(__file__).resolve().parents[3] / "shared" / "eval" / "dev" / "docs"
    if not docs.is_dir():
        pytest.skip(f"{docs} is not next to this checkout")
    report = api.build([docs], tmp_path, validate=False, formats=["graphml"])
    graph, _ = check_file(tmp_path / "graph.graphml")
    assert graph.number_of_edges() == len(statements(read_triples(report.graph)))
    (tmp_path / "rdf.graphml").write_bytes(export(read_triples(report.graph), "graphml", "rdf"))
    graph, _ = check_file(tmp_path / "rdf.graphml")
    assert graph.number_of_edges() == report.triples
