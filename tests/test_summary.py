"""The concept view's summary summed from the documents' parts equals the one read from
the store with SPARQL, and draws the same GraphML."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from hypothesis import example, given, settings
from hypothesis import strategies as st

from lmskg import api
from lmskg.exporters.graphml import concept_view
from lmskg.graphio import read_triples
from lmskg.partition import quads
from lmskg.pipeline import Settings, make_part
from lmskg.store import ONTOLOGY_GRAPH, dataset, graph_store, open_store
from lmskg.summary import (
    SUMMARY_GRAPH,
    DocumentSummary,
    Summary,
    of_store,
    patch,
    statement_nquads,
    statement_quads,
)
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
    assert any(edge.documents > 1 and edge.assertions > 1 for edge in summed.edges.values())
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


_DOCS = [f"https://w3id.org/lmskg/id/doc/{n:016x}" for n in range(5)]
_KEYS = st.tuples(st.sampled_from(["http://t/1", "http://t/2"]), st.sampled_from(["http://r/a", "http://r/b"]),
                  st.sampled_from(["http://o/1", "http://o/2"]), st.sampled_from(["positive", "negative"]),
                  st.sampled_from(["asserted", "hedged"]))
#: document -> statement key -> (assertions, sentence)
_CORPORA = st.dictionaries(st.sampled_from(_DOCS), st.dictionaries(
    _KEYS, st.tuples(st.integers(1, 3), st.sampled_from(["A.", "B.", "C."])), min_size=1, max_size=4), max_size=5)


def _summary(corpus: dict) -> Summary:
    summary = Summary()
    for doc, edges in corpus.items():
        summary.add(DocumentSummary(doc, {k: (n, ("f", 0, 1, text), text) for k, (n, text) in edges.items()},
                                    {}))
    return summary


def _stored(summary: Summary) -> set[ox.Quad]:
    store = ox.Store()
    store.bulk_extend(statement_quads(summary))
    return set(store)


_FACT = ("http://t/1", "http://r/a", "http://o/1")


@settings(max_examples=150, deadline=None)
@given(old=_CORPORA, new=_CORPORA)
@example(old={_DOCS[0]: {(*_FACT, "positive", "asserted"): (1, "A.")},  # the only document that
              _DOCS[1]: {(*_FACT, "negative", "asserted"): (1, "B.")}},  # asserts it goes: its
         new={_DOCS[1]: {(*_FACT, "negative", "asserted"): (1, "B.")}})  # opposite loses the link
def test_a_patched_summary_graph_equals_the_one_made_anew(old: dict, new: dict) -> None:
    """Documents added, removed and changed: patching the old summary graph with the
    changed documents gives exactly the new one (counts, documents, examples, opposites)."""
    store = ox.Store()
    store.bulk_extend(statement_quads(_summary(old)))
    changed = [d for d in _DOCS if old.get(d) != new.get(d)]
    if update := patch(store, _summary(new), changed):
        store.update(update)
    assert set(store) == _stored(_summary(new))


@settings(max_examples=100, deadline=None)
@given(corpus=_CORPORA, text=st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1))
@example(corpus={_DOCS[0]: {(*_FACT, "positive", "asserted"): (1, "A.")}},
         text='He said "no" \\ then\ttabbed,\r\nbroke a line and wrote \x00\x7f é 😀.')
def test_the_summary_graph_is_written_as_pyoxigraph_writes_it(corpus: dict, text: str) -> None:
    """The summary graph is written as text, not through pyoxigraph's terms: pyoxigraph's
    own serializer writes the same bytes, whatever the example sentence holds."""
    summary = _summary(corpus)
    for edge in summary.edges.values():
        edge.text = text
    written = b"".join(statement_nquads(summary, size=2))
    assert written == ox.serialize(ox.parse(written, format=ox.RdfFormat.N_QUADS), format=ox.RdfFormat.N_QUADS)
    assert written.count(b"\n") == len(statement_quads(summary))
