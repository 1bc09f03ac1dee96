"""The concept view's summary summed from the documents' parts equals the one read from
the store with SPARQL, and draws the same GraphML."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from lmskg import api
from lmskg.exporters.graphml import concept_view
from lmskg.graphio import read_triples
from lmskg.partition import quads
from lmskg.pipeline import Settings, make_part
from lmskg.store import ONTOLOGY_GRAPH, dataset, graph_store, open_store
from lmskg.summary import SUMMARY_GRAPH, Summary, of_store
from lmskg.vocabulary import fingerprint


def test_summed_parts_equal_the_store(tmp_path: Path, examples_dir: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    for n in range(2):  # the same statements in several documents: counts must add up
        for doc in sorted(examples_dir.iterdir()):
            (docs / f"{n}-{doc.name}").write_text(doc.read_text(encoding="utf-8") + f"\nCopy {n}.\n",
                                                  encoding="utf-8")
    out = tmp_path / "out"
    api.build([docs], out, validate=False, formats=(), jobs=1)
    settings = Settings(None, fingerprint(), None)
    summed = Summary()
    for path in sorted(docs.iterdir(), reverse=True):  # in any order
        summed.add(make_part(path, path.name, settings).summary)
    read = of_store(open_store(out))
    assert summed.edges == read.edges and summed.concepts == read.concepts
    assert any(edge[0] > 1 and edge[1] > 1 for edge in summed.edges.values())
    assert all(concept[3] is not None for concept in summed.concepts.values())
    assert concept_view(summed) == concept_view(read)


def test_the_summary_graph_of_a_build_equals_the_one_made_from_its_graph_file(
        built_examples: Path, tmp_path: Path) -> None:
    """The build sums its documents' summaries into the store's summary graph; a graph file
    loaded for a query gets the same graph, made from its documents' graphs."""
    graph = ox.NamedNode(SUMMARY_GRAPH)
    built = set(open_store(built_examples.parent).quads_for_pattern(None, None, None, graph))
    loaded = set(graph_store(built_examples).quads_for_pattern(None, None, None, graph))
    assert built == loaded
    kinds = {q.predicate.value.rsplit("#")[-1] for q in built}
    assert {"assertionCount", "documentCount", "reportedIn", "exampleSentence"} <= kinds


def test_reading_a_dataset_leaves_its_summary_graph_out(built_examples: Path, tmp_path: Path) -> None:
    """The summary is derived: a dataset file that carries it reads as the graph alone."""
    dumped = tmp_path / "dataset.nq"
    ontology = ox.NamedNode(ONTOLOGY_GRAPH)
    dumped.write_bytes(ox.serialize([q for q in dataset(quads(read_triples(built_examples)))
                                     if q.graph_name != ontology], format=ox.RdfFormat.N_QUADS))
    assert SUMMARY_GRAPH.encode() in dumped.read_bytes()
    assert set(read_triples(dumped)) == set(read_triples(built_examples))
