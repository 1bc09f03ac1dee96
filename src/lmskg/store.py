"""The SPARQL store of a graph: on disk beside a build (``OUT/store``) or in memory.

The store holds the graph as a dataset, one named graph per document (as the dataset
exports and ``lmskg load`` write it), plus the lmskg ontology in the graph named by its
IRI (relation keys and labels, class hierarchy), and queries see the union of all graphs
as their default graph. Descriptions that several documents mention are copies in each of
their graphs, so the union repeats them: the bundled queries match inside
``GRAPH ?doc { … }``, where each description appears once.

pyoxigraph's store keeps literal values, not always their exact datatype (an
xsd:nonNegativeInteger reads back as xsd:integer), so exports and validation read the
graph files; the store is for queries.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from .errors import InputError
from .graphio import read_triples
from .partition import quads as partition_quads
from .resources import ontology_file

#: The store's folder inside a build's output folder.
STORE_DIR = "store"
#: The named graph that holds the ontology in a store.
ONTOLOGY_GRAPH = "https://w3id.org/lmskg/ontology"


@cache
def ontology_quads() -> tuple[ox.Quad, ...]:
    """The ontology in its graph; blank nodes are labelled by order of appearance, so every
    load of the ontology is the same graph, byte for byte."""
    graph = ox.NamedNode(ONTOLOGY_GRAPH)
    labels: dict[ox.BlankNode, ox.BlankNode] = {}

    def stable(term):
        if isinstance(term, ox.BlankNode):
            return labels.setdefault(term, ox.BlankNode(f"ontology{len(labels)}"))
        return term
    return tuple(ox.Quad(stable(t.subject), t.predicate, stable(t.object), graph)
                 for t in ox.parse(path=str(ontology_file()), format=ox.RdfFormat.TURTLE))


def dataset(quads: Iterable[ox.Quad]) -> list[ox.Quad]:
    """What a store holds: the graph's quads (one named graph per document, see
    lmskg.partition.quads) and the ontology in its own graph."""
    return [*quads, *ontology_quads()]


def memory_store(quads: Iterable[ox.Quad]) -> ox.Store:
    """An in-memory store of the graph's quads and the ontology."""
    store = ox.Store()
    store.bulk_extend(dataset(quads))
    return store


def write_store(out_dir: Path, quads: Iterable[ox.Quad] | BinaryIO) -> Path:
    """Write ``out_dir/store`` from scratch and swap it in whole: ``quads`` is the dataset
    (see :func:`dataset`), or a binary stream of the graph's N-Quads, to which the
    ontology is added.

    The new store is filled in a temporary folder beside the old one and renamed into
    place only when complete; a run killed half-way leaves the previous store as it was
    (and a stale temporary folder, removed by the next run).
    """
    target = out_dir / STORE_DIR
    out_dir.mkdir(parents=True, exist_ok=True)
    for stale in out_dir.glob(f".{STORE_DIR}.*"):
        shutil.rmtree(stale, ignore_errors=True)
    tmp = out_dir / f".{STORE_DIR}.new-{os.getpid()}"
    store = ox.Store(str(tmp))
    if hasattr(quads, "read"):
        store.bulk_load(quads, format=ox.RdfFormat.N_QUADS)
        store.bulk_extend(ontology_quads())
    else:
        store.bulk_extend(quads)
    store.flush()
    store.optimize()
    del store  # closes the database
    old = out_dir / f".{STORE_DIR}.old-{os.getpid()}"
    if target.exists():
        target.rename(old)
    tmp.rename(target)
    shutil.rmtree(old, ignore_errors=True)
    return target


def store_path(path: Path) -> Path:
    """A store folder from a build's output folder or the store folder itself."""
    if (path / STORE_DIR).is_dir():
        return path / STORE_DIR
    return path


def open_store(path: Path) -> ox.Store:
    """Open a store written by a build, read-only (several readers may share it)."""
    folder = store_path(path)
    if not folder.is_dir():
        raise InputError(path, "no such store", "give the output folder of `lmskg build`")
    try:
        return ox.Store.read_only(str(folder))
    except OSError as exc:
        raise InputError(folder, f"not a readable store: {str(exc).splitlines()[0]}") from exc


def graph_store(path: Path) -> ox.Store:
    """An in-memory store of a graph file (Turtle, N-Triples, N-Quads, TriG, JSON-LD)."""
    return memory_store(partition_quads(read_triples(path)))
