"""The SPARQL store of a graph: on disk beside a build (``OUT/store``) or in memory.

The store holds the graph as a dataset, one named graph per document (as the dataset
exports and ``lmskg load`` write it), plus the lmskg ontology in the graph named by its
IRI (relation keys and labels, class hierarchy) and the corpus summary made from the
documents' graphs (lmskg.summary), and queries see the union of all graphs as their
default graph. Concepts are described once, in the shared graph; a direct triple is in
the graph of each document that supports it, so the union repeats those: the bundled
queries that read documents match inside ``GRAPH ?doc { … }`` (and read labels in the
shared graph), and those that count read the summary graph.

pyoxigraph's store keeps literal values, not always their exact datatype (an
xsd:nonNegativeInteger reads back as xsd:integer), so exports and validation read the
graph files; the store is for queries.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from functools import cache
from pathlib import Path

import pyoxigraph as ox

from .atomic import write_bytes
from .errors import InputError, LmskgError
from .graphio import read_triples
from .outdir import STORE_DIR, FolderBusy, changing_store, locked, recover
from .partition import quads as partition_quads
from .resources import ontology_file
from .summary import of_quads, statement_quads

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
    lmskg.partition.quads), the summary graph made from them and the ontology in its own
    graph."""
    quads = list(quads)
    return [*quads, *statement_quads(of_quads(quads)), *ontology_quads()]


def memory_store(quads: Iterable[ox.Quad]) -> ox.Store:
    """An in-memory store of the graph's quads and the ontology."""
    store = ox.Store()
    store.bulk_extend(dataset(quads))
    return store


#: N-Quads per bulk load: pyoxigraph indexes a bulk load when its input ends. Loading the
#: 5.5 million quads of 10,000 documents, 8 MB batches took the least CPU (65.8 s); 2 and
#: 4 MB about 80 s, 32 and 128 MB 83–90 s, one load of everything 76 s and 1.9 GB of memory.
BATCH_BYTES = 8 << 20
#: Bulk loads run side by side (pyoxigraph lets go of the interpreter while it loads). One
#: load at a time left part of two cores idle: loading and compacting those 5.5 million
#: quads took 53.8 and 57.3 s one at a time, 47.5 and 52.8 s two at a time; three at a time
#: loaded faster but left more to compact (47.4 and 49.3 s).
LOADERS = 2


def load_new_store(out_dir: Path, pieces: Iterable[bytes],
                   compacting: Callable[[], None] | None = None) -> Path:
    """Bulk-load the N-Quads ``pieces`` and the ontology into a new store, compact it and
    swap it in whole as ``out_dir/store``; ``compacting()`` is called as the compaction
    begins (at 10,000 documents a quarter of the store's time, on one core).

    A build calls it once its documents are done, with the pieces its assembly spooled.
    Loading them as they came, in a thread beside the workers, cost more than it
    overlapped: at 10,000 documents the store's merges and the workers slowed each other
    so that a build took 20–28 CPU-ms per document instead of 16–22. Until the swap the
    previous store is untouched. If loading fails (LmskgError) or is interrupted, the new
    store is removed; a run killed half-way leaves a temporary folder, removed by the next
    build."""
    out_dir.mkdir(parents=True, exist_ok=True)
    new = out_dir / f".{STORE_DIR}.new-{os.getpid()}"
    try:
        _fill(new, pieces, compacting)
    except Exception as exc:  # pyoxigraph raises several kinds for bad input
        shutil.rmtree(new, ignore_errors=True)
        raise LmskgError(f"could not load the store: {exc}") from exc
    except BaseException:
        shutil.rmtree(new, ignore_errors=True)
        raise
    target = out_dir / STORE_DIR
    old = out_dir / f".{STORE_DIR}.old-{os.getpid()}"
    with changing_store(out_dir):  # no query has the old store open
        if target.exists():
            target.rename(old)
        new.rename(target)
    shutil.rmtree(old, ignore_errors=True)
    return target


def _fill(folder: Path, pieces: Iterable[bytes], compacting: Callable[[], None] | None) -> None:
    store = ox.Store(str(folder))
    try:
        # leaving the pool waits for the loads under way, also when one failed or the
        # pieces ran out with an error: the store is never dropped while one writes to it
        with ThreadPoolExecutor(LOADERS, thread_name_prefix="lmskg-store") as pool:
            loading: set[Future] = set()
            for batch in _batches(pieces):
                if len(loading) == LOADERS:
                    done, loading = wait(loading, return_when=FIRST_COMPLETED)
                    for load in done:
                        load.result()  # raises what the load raised
                loading.add(pool.submit(_load, store, batch))
            for load in loading:
                load.result()
        store.bulk_extend(ontology_quads())
        if compacting:
            compacting()
        # The compaction writes out what is in memory before it merges. An explicit flush
        # first also waited for the merges the bulk loads had set off: loading 10,000
        # documents, flush and compaction took 6.8 + 2.4 s, the compaction alone 6.2 s.
        # Without it the store answers as fast, but the first build that opens it to
        # update it in place waits for those merges (17 s at 10,000 documents).
        store.optimize()
    finally:
        del store  # closes the database, also when a load failed (its traceback keeps this frame)


def _load(store: ox.Store, batch: bytes) -> None:
    # lenient: the pieces were written by pyoxigraph's own serializer
    store.bulk_load(batch, format=ox.RdfFormat.N_QUADS, lenient=True)


def _batches(pieces: Iterable[bytes]) -> Iterator[bytes]:
    """The pieces joined into batches of at least BATCH_BYTES (the last one: what is left)."""
    batch: list[bytes] = []
    size = 0
    for piece in pieces:
        batch.append(piece)
        size += len(piece)
        if size >= BATCH_BYTES:
            yield b"".join(batch)
            batch, size = [], 0
    if batch:
        yield b"".join(batch)


#: What the store in an output folder holds: its configuration and a digest of each named
#: graph, written after every change (and removed before one), so a build knows which
#: graphs to replace. A store without it is rebuilt whole.
MANIFEST = ".store.json"
#: Above this share of changed graphs, a store is rebuilt whole rather than updated.
REBUILD_ABOVE = 0.1


def previous_graphs(out_dir: Path, configuration: str) -> dict[str, str] | None:
    """Graph IRI -> digest of what ``out_dir/store`` holds, if it was written for this
    configuration (None: no such store, or it must be rebuilt)."""
    manifest = out_dir / MANIFEST
    if not (out_dir / STORE_DIR).is_dir() or not manifest.is_file():
        return None
    try:
        old = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(old, dict) or old.get("configuration") != configuration:
        return None
    graphs = old.get("graphs")
    return graphs if isinstance(graphs, dict) else None


def forget_graphs(out_dir: Path) -> None:
    """Remove the manifest before the store changes: a run killed before
    :func:`record_graphs` then makes the next build rebuild the store."""
    (out_dir / MANIFEST).unlink(missing_ok=True)


def record_graphs(out_dir: Path, configuration: str, graphs: dict[str, str]) -> None:
    write_bytes(out_dir / MANIFEST, json.dumps({"configuration": configuration, "graphs": graphs},
                                               sort_keys=True).encode())


def update_store(out_dir: Path, before: dict[str, str], graphs: dict[str, str],
                 nquads: Callable[[str], bytes],
                 patches: dict[str, Callable[[ox.Store, list[str]], str]] | None = None) -> int:
    """Replace, add and drop the named graphs whose digest differs between ``before`` (what
    the store holds) and ``graphs`` (what it should hold), in one transaction (a SPARQL
    update); ``nquads(iri)`` gives a graph's content. A graph in ``patches`` (a large one
    that changes little, like the summary graph) is not replaced but patched: its function
    gets the store and the other changed graphs and returns the SPARQL update to apply.
    Returns how many graphs changed."""
    changed = sorted({g for g in graphs if before.get(g) != graphs[g]} | (set(before) - set(graphs)))
    if changed:
        with changing_store(out_dir):  # no query has the store open while it changes
            store = ox.Store(str(out_dir / STORE_DIR))
            store.update(_replacement(store, changed, graphs, nquads, patches or {}))
            store.flush()
            del store
    return len(changed)


def _replacement(store: ox.Store, changed: list[str], graphs: dict[str, str],
                 nquads: Callable[[str], bytes], patches: dict[str, Callable]) -> str:
    """One SPARQL update that drops the changed graphs and inserts their new content, then
    patches the graphs that are patched."""
    replaced = [g for g in changed if g not in patches]
    parts = [f"DROP SILENT GRAPH <{g}> ;" for g in replaced]
    inserts = []
    for g in replaced:
        if g in graphs:
            lines = "\n".join(f"{q.subject} {q.predicate} {q.object} ."
                              for q in ox.parse(nquads(g), format=ox.RdfFormat.N_QUADS))
            inserts.append(f"GRAPH <{g}> {{\n{lines}\n}}")
    parts.append("INSERT DATA {\n" + "\n".join(inserts) + "\n}")
    parts += [f";\n{text}" for g in changed if g in patches and (text := patches[g](store, replaced))]
    return "\n".join(parts)


#: How long a reader waits for a running build to move its new store into place.
SWAP_WAIT = 10.0


def _moved_aside(out_dir: Path) -> None:
    """A reader found no store but one moved aside: if a build is swapping stores, wait for
    it to finish; if the build that moved it was killed, put it back."""
    deadline = time.monotonic() + SWAP_WAIT
    while not (out_dir / STORE_DIR).exists() and time.monotonic() < deadline:
        try:
            with locked(out_dir):
                recover(out_dir)
            return
        except FolderBusy:  # a build is running: it puts a store in place (new, or the old one back)
            time.sleep(0.01)
        except OSError:  # cannot write the folder: leave it to the next build
            return


def store_path(path: Path) -> Path:
    """A store folder from a build's output folder or the store folder itself."""
    if path.is_dir() and not (path / STORE_DIR).exists() and any(path.glob(f".{STORE_DIR}.old-*")):
        _moved_aside(path)
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
