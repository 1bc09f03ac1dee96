"""Validation results joined to the text that produced them: by a build's workers from
each document's own triples, or afterwards from a store of the whole graph or from the
triples their lookups reach."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pyoxigraph as ox
import pytest

from lmskg import api, store
from lmskg.namespaces import LMSKG, NIF
from lmskg.shacl import Index
from lmskg.validate import DistinctResults, Result, ValidationReport
from lmskg.validation_report import in_part, join_context

EVIDENCE = ox.NamedNode(f"{LMSKG}evidence")
FILE_NAME = ox.NamedNode(f"{LMSKG}fileName")
BEGIN = ox.NamedNode(f"{NIF}beginIndex")
OBJECT = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#object")
SUBJECT = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#subject")


def about(node) -> Result:
    return Result(severity="Info", shape="urn:x:shape", component="urn:x:component",
                  focus=node, path=None, value=None, message="about this node")


def memory(triples: list[ox.Triple]) -> ox.Store:
    found = ox.Store()
    found.extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    return found


def test_a_part_places_each_node_where_the_whole_graph_does(base_graph: list[ox.Triple]) -> None:
    """Every IRI of the graph is placed from an index of its triples as from a store of
    them: the same document, sentence and offsets, except that a node several assertions
    use is placed at the one with the smallest IRI (a store goes by its own order)."""
    nodes = sorted({t.subject for t in base_graph} | {t.object for t in base_graph
                                                      if isinstance(t.object, ox.NamedNode)}, key=str)
    index = Index(base_graph)
    from_part = in_part([about(n) for n in nodes], index)
    from_store = join_context(ValidationReport([about(n) for n in nodes]), memory(base_graph)).results
    placed_here = 0
    for node, a, b in zip(nodes, from_part, from_store):
        assert a.placed == b.placed, node
        if not a.placed:
            continue
        placed_here += 1
        users = {*index.subjects(OBJECT, node), *index.subjects(SUBJECT, node)}
        if len(users) > 1 and not index.objects(node, EVIDENCE):
            assert a.sentence_iri and a.document, node
            evidence = index.objects(min(users, key=str), EVIDENCE)[0]
            assert a.start == int(index.objects(evidence, BEGIN)[0].value), node
        else:
            assert a == b, node
    assert placed_here > 50  # documents, sentences, spans, assertions, concepts


def test_placed_results_are_left_as_they_are(base_graph: list[ox.Triple]) -> None:
    node = next(t.subject for t in base_graph if t.predicate == EVIDENCE)
    given = replace(about(node), document="elsewhere.txt", document_iri="urn:x:doc")
    report = join_context(ValidationReport([given, about(node)]), memory(base_graph))
    assert report.results[0] == given
    assert report.results[1].document not in (None, "elsewhere.txt")


PLACES = ("The leiomyosarcoma was diffusely positive for desmin.\n\n"
          "On review, the leiomyosarcoma was negative for desmin.\n")


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_build_without_a_store_places_results_without_a_graph_of_the_corpus(
        tmp_path: Path, examples_dir: Path, monkeypatch: pytest.MonkeyPatch, jobs: int) -> None:
    """Each document's results are placed by the worker that validated it, so a build
    without a store makes no in-memory store of every document for them (at 10,000
    documents that took 5 GB)."""
    def refused(quads):
        raise AssertionError("an in-memory store of the whole graph was made")
    monkeypatch.setattr(store, "memory_store", refused)
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "markers.txt").write_text(PLACES, encoding="utf-8")
    for example in sorted(examples_dir.glob("*.txt"))[:3]:
        (docs / example.name).write_bytes(example.read_bytes())
    report = api.build([docs], tmp_path / "out", jobs=jobs, store=False)
    results = report.validation.results
    # each in its document; all but those about a document itself, in a sentence
    assert results and all(r.document for r in results), [r for r in results if not r.document]
    assert all(r.sentence and r.start is not None for r in results if r.document_iri != r.focus.value)
    mine = [r for r in results if r.shape.endswith("SameDocumentContradictionShape")
            and r.document == "markers.txt"]
    assert mine and all(PLACES[r.start:r.end] == "desmin" for r in mine)


def test_a_result_several_documents_share_is_reported_once_from_the_first(tmp_path: Path) -> None:
    """The same concept checked in two documents' parts gives one result, placed in the
    document whose IRI sorts first, with or without a store."""
    docs = tmp_path / "docs"
    docs.mkdir()
    text = "The patient presented with a palpable mass.\n\nThe leiomyosarcoma was KIT-negative.\n"
    (docs / "a.txt").write_text(text, encoding="utf-8")
    (docs / "b.txt").write_text("Some months later.\n\n" + text, encoding="utf-8")
    reports = [api.build([docs], tmp_path / f"out-{s}", jobs=1, store=s).validation for s in (True, False)]
    shared = [r for r in reports[0].results if r.shape.endswith("ProjectConceptShape")]
    assert shared, reports[0].results
    first = min(ox.parse(path=str(tmp_path / "out-True" / "graph.ttl"), format=ox.RdfFormat.TURTLE),
                key=lambda t: (t.predicate != FILE_NAME, str(t.subject))).subject.value
    for r in shared:
        assert [x.focus for x in reports[0].results].count(r.focus) == 1
        assert r.document_iri == first and r.sentence and r.start is not None
    assert reports[0].results == reports[1].results


def test_results_are_kept_distinct_as_they_arrive() -> None:
    """Results added part by part, in any order and grouping, give the same report: one
    result per finding, from the document whose IRI sorts first, placed before unplaced."""
    concept = ox.NamedNode("urn:x:concept")
    other = ox.NamedNode("urn:x:other")
    placed = [replace(about(concept), document_iri=f"urn:x:doc/{d}", document=f"{d}.txt")
              for d in ("c", "a", "b")]
    found = [about(concept), *placed, about(other), about(other)]
    reports = []
    for order in (found, found[::-1], found[2:] + found[:2]):
        distinct = DistinctResults()
        for i in range(0, len(order), 2):  # two results per part
            distinct.add(order[i:i + 2])
        reports.append(distinct.report(triples=1, documents=3, batches=3, seconds=0.0))
    assert all(r.results == reports[0].results for r in reports)
    by_focus = {r.focus: r for r in reports[0].results}
    assert len(reports[0].results) == 2
    assert by_focus[concept].document_iri == "urn:x:doc/a"
    assert not by_focus[other].placed


def test_the_rest_is_placed_from_the_triples_as_from_an_index_of_the_whole_graph(
        base_graph: list[ox.Triple]) -> None:
    """What no batch placed is placed from the triples its lookups reach, exactly as from
    an index of every triple, for every node of the graph."""
    from lmskg.validation_report import place_rest

    nodes = sorted({t.subject for t in base_graph} | {t.object for t in base_graph
                                                      if isinstance(t.object, ox.NamedNode)}, key=str)
    whole = in_part([about(n) for n in nodes], Index(base_graph))
    rest = place_rest(ValidationReport([about(n) for n in nodes]), base_graph).results
    assert rest == whole
    assert sum(r.placed for r in rest) > 50


def test_validating_a_graph_file_places_results_as_its_build_did(tmp_path: Path, examples_dir: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """`lmskg validate GRAPH` places each result where the build that wrote the graph
    placed it, and makes no store of the whole graph to do so."""
    built = api.build([examples_dir], tmp_path / "out", jobs=1, store=False)

    def refused(*args, **kwargs):
        raise AssertionError("a store of the whole graph was made")
    monkeypatch.setattr(ox.Store, "extend", refused)
    with pytest.raises(AssertionError):
        ox.Store().extend([])
    for jobs in (1, 2):
        again = api.validate(built.graph, jobs=jobs)

        def places(report: ValidationReport) -> list[tuple]:
            return [(r.key(), r.document, r.sentence_iri, r.start, r.end) for r in report.results]
        assert places(again) == places(built.validation)
