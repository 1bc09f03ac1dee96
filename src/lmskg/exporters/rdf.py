"""RDF exports through pyoxigraph: Turtle and N-Triples (one graph), and N-Quads, TriG and
JSON-LD as datasets with one named graph per document.

A document's named graph is the document's IRI and holds what the document states: what
it minted (sentences, evidence, assertions), the direct triples its own assertions
support and the build run's link to it (:func:`lmskg.partition.quads`). The concepts,
tumours and build run it mentions are described once in the shared graph, with what no
document owns. The union of all graphs is exactly the built graph.
"""

from __future__ import annotations

import pyoxigraph as ox

from ..graph import serialize
from ..namespaces import RDF_PREFIXES
from ..partition import SHARED_GRAPH  # noqa: F401  (re-exported)
from . import Exporter, GraphData, register


def _dataset(fmt: ox.RdfFormat):
    def write(data: GraphData, view: str) -> bytes:
        return ox.serialize(data.quads, format=fmt, prefixes=RDF_PREFIXES)
    return write


def _graph(fmt: ox.RdfFormat):
    def write(data: GraphData, view: str) -> bytes:
        return serialize(data.triples, fmt)
    return write


register(Exporter("turtle", ".ttl", "text/turtle", _graph(ox.RdfFormat.TURTLE),
                  "Turtle, one graph, sorted, with the project's prefixes", ox.RdfFormat.TURTLE))
register(Exporter("ntriples", ".nt", "application/n-triples", _graph(ox.RdfFormat.N_TRIPLES),
                  "N-Triples, one triple per line, sorted", ox.RdfFormat.N_TRIPLES))
register(Exporter("nquads", ".nq", "application/n-quads", _dataset(ox.RdfFormat.N_QUADS),
                  "N-Quads, one named graph per document", ox.RdfFormat.N_QUADS, dataset=True))
register(Exporter("trig", ".trig", "application/trig", _dataset(ox.RdfFormat.TRIG),
                  "TriG, one named graph per document", ox.RdfFormat.TRIG, dataset=True))
register(Exporter("jsonld", ".jsonld", "application/ld+json", _dataset(ox.RdfFormat.JSON_LD),
                  "JSON-LD, one named graph per document", ox.RdfFormat.JSON_LD, dataset=True))
