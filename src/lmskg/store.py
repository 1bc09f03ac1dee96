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

import json
import os
import shutil
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from .atomic import write_bytes
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


#: What the store in an output folder holds: its configuration and a digest of each named
#: graph, written after every change (and removed before one), so a build knows which
#: graphs to replace. A store without it is rebuilt whole.
MANIFEST = ".store.json"
#: Above this share of changed graphs, a store is rebuilt whole rather than updated.
REBUILD_ABOVE = 0.1


def sync_store(out_dir: Path, configuration: str, graphs: dict[str, str],
               nquads: Callable[[str], bytes],
               everything: Callable[[], BinaryIO]) -> tuple[Path, int | None]:
    """Make ``out_dir/store`` hold the dataset whose named graphs and their digests are
    ``graphs`` (graph IRI -> digest of its N-Quads, ``nquads(iri)``).

    If the store was written for the same configuration and at most REBUILD_ABOVE of the
    graphs changed, only the graphs that changed, appeared or went away are replaced or
    dropped, in one transaction (a SPARQL update). Otherwise the store is rebuilt from
    ``everything()`` (all the N-Quads) and swapped in whole. Returns the store and the
    number of graphs replaced (None: rebuilt)."""
    target, manifest = out_dir / STORE_DIR, out_dir / MANIFEST
    old: dict = {}
    if target.is_dir() and manifest.is_file():
        try:
            old = json.loads(manifest.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            old = {}
    before = old.get("graphs", {}) if old.get("configuration") == configuration else None
    changed = None
    if before is not None:
        changed = sorted({g for g in graphs if before.get(g) != graphs[g]} | (set(before) - set(graphs)))
    manifest.unlink(missing_ok=True)  # from here until it is rewritten, the store is suspect
    if changed is not None and len(changed) <= REBUILD_ABOVE * max(len(graphs), 1):
        if changed:
            store = ox.Store(str(target))
            store.update(_replacement(changed, graphs, nquads))
            store.flush()
            del store
    else:
        write_store(out_dir, everything())
        changed = None
    write_bytes(manifest, json.dumps({"configuration": configuration, "graphs": graphs},
                                     sort_keys=True).encode())
    return target, (len(changed) if changed is not None else None)


def _replacement(changed: list[str], graphs: dict[str, str], nquads: Callable[[str], bytes]) -> str:
    """One SPARQL update that drops the changed graphs and inserts their new content."""
    parts = [f"DROP SILENT GRAPH <{g}> ;" for g in changed]
    inserts = []
    for g in changed:
        if g in graphs:
            lines = "\n".join(f"{q.subject} {q.predicate} {q.object} ."
                              for q in ox.parse(nquads(g), format=ox.RdfFormat.N_QUADS))
            inserts.append(f"GRAPH <{g}> {{\n{lines}\n}}")
    if inserts:
        parts.append("INSERT DATA {\n" + "\n".join(inserts) + "\n}")
    return "\n".join(parts)


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
