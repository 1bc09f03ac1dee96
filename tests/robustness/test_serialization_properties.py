"""Whatever a sentence or a file name holds (quotes, triple quotes, backslashes, \\r,
tabs, control characters, emoji, right-to-left text), every RDF export re-parses strictly
to exactly the triples that were written."""

from __future__ import annotations

import hashlib

import pyoxigraph as ox
from hypothesis import given, settings
from hypothesis import strategies as st

from lmskg.exporters import EXPORTERS, GraphData
from lmskg.graph import document_triples, sentence_triples
from lmskg.model import Document, Sentence

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
