"""Whatever a sentence or a file name holds (quotes, triple quotes, backslashes, \\r,
tabs, control characters, emoji, right-to-left text), every RDF export re-parses strictly
to exactly the triples that were written."""

from __future__ import annotations

import hashlib

import pyoxigraph as ox
from hypothesis import given, settings
from hypothesis import strategies as st

from lmskg.exporters import EXPORTERS, GraphData
from lmskg.graph import document_triples, sentence_triples, sort_key
from lmskg.model import Document, Sentence
from lmskg.partition import linking_predicates
from lmskg.pipeline import canonical

ODD = st.sampled_from(['"', '"""', "'''", "\\", "\\n", "\r", "\t", "\x00", "\x07", "\x1b", "\u2028",
                       "\ufeff", "😀", "\u202e", "שלום", "مرحبا", " ", "#", "%20", "<>", "{}", "@en", "^^"])
TEXT = st.lists(ODD | st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=8),
                min_size=1, max_size=30).map("".join)


@settings(max_examples=150, deadline=None)
@given(sentence=TEXT, name=TEXT, heading=TEXT)
def test_every_rdf_export_round_trips(sentence: str, name: str, heading: str) -> None:
    document = Document(path=name, name=name, text=sentence, sha256=hashlib.sha256(sentence.encode()).hexdigest(),
                        media_type="text/plain", title=heading)
    triples = set(document_triples(document))
    triples |= set(sentence_triples(document, Sentence(0, len(sentence), sentence, heading)))
    data = GraphData(triples)
    for exporter in EXPORTERS.values():
        if exporter.rdf_format is None:
            continue
        written = exporter.write(data, exporter.view(None))
        read = {ox.Triple(q.subject, q.predicate, q.object)
                for q in ox.parse(written, format=exporter.rdf_format)}
        assert read == triples, exporter.name


# "a1" and "a=b" sort between "a/…" and "a>": shared lines between the owner's two runs
IRI_PART = st.sampled_from(["a", "a/b", "a/", "ab", "a-b", "a1", "a=b", "é", "a%20", "doc", "doc/1"])
IRI = IRI_PART.map(lambda s: ox.NamedNode(f"https://example.org/{s}"))
LITERAL = st.builds(
    lambda text, kind: ox.Literal(text) if kind == 0 else (
        ox.Literal(text, language="en") if kind == 1 else
        ox.Literal(text, datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))),
    TEXT | st.sampled_from(["", "a", "a b", "ab"]), st.integers(0, 2))
TRIPLE = st.builds(ox.Triple, IRI | st.sampled_from([ox.BlankNode("b1"), ox.BlankNode("b10")]),
                   IRI, IRI | LITERAL)


@settings(max_examples=200, deadline=None)
@given(triples=st.sets(TRIPLE, max_size=40), owner=IRI_PART)
def test_canonical_order_is_the_sort_key_order(triples: set, owner: str) -> None:
    """A document's triples are ordered by their N-Triples lines; that is the order of
    lmskg.graph.sort_key, whatever the terms hold, and the split by owner is by subject."""
    iri = f"https://example.org/{owner}"
    ordered, owned, ntriples, shared, graph = canonical(triples, iri)
    assert ordered == sorted(triples, key=sort_key)
    mine = [t for t in ordered if str(t.subject) == f"<{iri}>" or str(t.subject).startswith(f"<{iri}/")]
    assert owned == mine
    assert ntriples == ox.serialize(ordered, format=ox.RdfFormat.N_TRIPLES)
    assert shared == ox.serialize([t for t in ordered if t not in mine], format=ox.RdfFormat.N_TRIPLES)
    linked = linking_predicates()
    assert graph == ox.serialize([t for t in ordered if t in mine or t.predicate in linked],
                                 format=ox.RdfFormat.N_TRIPLES)
