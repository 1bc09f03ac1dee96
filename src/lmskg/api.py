"""The public surface of lmskg: build a graph from documents, read its facts back.

The library never prints or exits; callers (the CLI, tests, notebooks) get typed results
and LmskgError subclasses.
"""

from __future__ import annotations

import itertools
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from . import exporters, queries, sparql, validation_report
from . import facts as _facts
from . import load as _load
from . import store as storage
from .assemble import Assembly
from .atomic import write_bytes, write_pieces
from .cache import Cache, configuration, key
from .errors import InputError, LmskgError
from .exporters import GraphData
from .extract import Extractor
from .graph import DOCUMENT_BASE
from .graphio import read_triples
from .load import LoadReport
from .outdir import building
from .pipeline import Made, Settings, make_parts, pack, part_or_error, young_generation
from .readers import document_name, iter_paths
from .sparql import QueryResult
from .store import (
    STORE_DIR,
    forget_graphs,
    load_new_store,
    open_store,
    previous_graphs,
    record_graphs,
    update_store,
)
from .streams import stream
from .summary import SUMMARY_GRAPH
from .summary import patch as patch_summary
from .validate import Checker, DistinctResults, ValidationReport, default_shapes
from .validate import validate as _validate
from .vocabulary import fingerprint

#: progress(event, item, done, total) with event "read", "failed" or "skipped" (item: the
#: file), "validated" (item: a batch of documents), "stored" (item: "", done: the graphs
#: handed to a new store of ``total``) or "phase" (item: what the build starts doing once
#: the documents are done, e.g. "writing graph.ttl"; done == total)
Progress = Callable[[str, str, int, int], None]


@dataclass
class BuildReport:
    """What a build did: counts, per-relation figures, and the inputs that failed."""

    graph: Path
    documents: int = 0
    sentences: int = 0
    statements: int = 0
    triples: int = 0
    relations: Counter = field(default_factory=Counter)  # (relation, polarity) -> count
    failures: list[InputError] = field(default_factory=list)
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (name, same as)
    validation: ValidationReport | None = None
    validation_file: Path | None = None
    exports: list[Path] = field(default_factory=list)
    store: Path | None = None
    store_updated: int | None = None  # graphs replaced in the store (None: written whole)
    cached: int = 0  # documents whose part came from the cache
    #: wall-clock seconds per phase, in order: "documents" (read, extract, graph and
    #: validate, in the workers), "turtle", "store", "export <format>", "validation"
    timings: dict[str, float] = field(default_factory=dict)

    def timed(self, phase: str, since: float) -> float:
        """Record the time of ``phase`` (started at ``since``); return the time now."""
        now = time.perf_counter()
        self.timings[phase] = now - since
        return now


def _inputs(paths: Iterable[Path]) -> list[tuple[Path, str] | InputError]:
    items: list[tuple[Path, str] | InputError] = []
    for path in paths:
        root = path if path.is_dir() else None
        for item in iter_paths([path]):
            if isinstance(item, LmskgError):
                items.append(item)
            else:
                items.append((item, document_name(item, root)))
    return items


def build(paths: Iterable[Path], out_dir: Path, progress: Progress | None = None,
          extractor: Extractor | None = None, validate: bool = True,
          jobs: int | None = None, formats: Iterable[str] = ("graphml",),
          store: bool = True, cache: bool = True, fail_fast: bool = False) -> BuildReport:
    """Read, extract and write ``out_dir/graph.ttl``; load it into the SPARQL store
    ``out_dir/store`` unless ``store`` is false; validate it against the shapes and write
    ``out_dir/validation.ttl`` unless ``validate`` is false. Bad files are reported, not
    fatal; a graph that does not conform is still written (the report says why).
    ``formats`` names further exports (see lmskg.exporters), written as ``graph.<suffix>``
    in their default view. Documents are processed in ``jobs`` processes (default: one
    per core). With ``cache`` (and the default extractor), each document's part is kept
    in ``out_dir/cache.sqlite`` and reused while the document and the configuration are
    unchanged; the store then replaces only the graphs that changed. With ``fail_fast``
    the first input that cannot be read raises its InputError and nothing is written (the
    previous outputs stay as they were)."""
    chosen = [exporters.get(name) for name in formats if name != "turtle"]  # fail early
    started = time.perf_counter()
    report = BuildReport(graph=out_dir / "graph.ttl")
    checker = Checker() if validate else None
    items = _inputs(paths)
    total = len(items)
    todo: list[tuple[Path, str]] = []
    for item in items:
        if isinstance(item, LmskgError):
            if fail_fast:
                raise item
            report.failures.append(item)
            if progress:
                progress("failed", getattr(item, "path", "?"), len(report.failures), total)
        else:
            todo.append(item)
    # one build at a time (what a killed one left is removed); few collector passes
    with building(out_dir), young_generation():
        vocabulary = fingerprint()
        config = configuration(vocabulary, default_shapes() if validate else None, validate)
        store_of_parts = Cache(out_dir) if cache and extractor is None else None
        keys = [key(config, path, name) if store_of_parts else None for path, name in todo]
        hits = store_of_parts.contains(k for k in keys if k) if store_of_parts else set()
        misses = [item for item, k in zip(todo, keys) if k not in hits]
        report.cached = len(todo) - len(misses)
        settings = Settings(extractor, vocabulary, checker, packed=store_of_parts is not None)
        computed = make_parts(misses, settings, jobs)
        previous = previous_graphs(out_dir, config) if store else None
        if previous is not None:  # few changes: replace those graphs in the store, in place
            documents = sum(1 for g in previous if g.startswith(DOCUMENT_BASE))
            changes = len(misses) + max(0, documents - len(hits))  # new, and gone
            if changes > storage.REBUILD_ABOVE * max(len(todo), 1):
                previous = None
        # otherwise a new store is loaded after the documents; the documents' N-Quads are
        # read back by it, by a dataset export, by an in-memory store (no store is built,
        # but an export asks for one) and by the store's update (the graphs that changed).
        # A build without store or export reads none of them back.
        keep_all = (previous is None and (store or bool(chosen))) or any(e.dataset for e in chosen)
        used: list[str] = []  # cache keys of this build's parts
        results = DistinctResults()  # kept as they come: a build holds the distinct ones only
        checking = 0.0  # seconds spent validating, summed over the documents
        # closed here, so a worker pool (or the collector setting of one job) ends with the build
        with Assembly(out_dir) as assembly, closing(computed):
            seen: dict[str, str] = {}
            parts = _parts(todo, keys, hits, store_of_parts, computed, settings)
            first = len(report.failures) + 1
            for n, (path, name, k, (part, packed), fresh) in enumerate(parts, start=first):
                if isinstance(part, InputError):
                    if fail_fast:
                        raise part
                    report.failures.append(part)
                    event = "failed"
                elif part.sha256 in seen:
                    report.duplicates.append((name, seen[part.sha256]))
                    event = "skipped"
                else:
                    if k is not None:
                        used.append(k)
                        if fresh:
                            store_of_parts.add(k, packed or pack(part))
                    seen[part.sha256] = name
                    assembly.add(part, keep_nquads=keep_all or (
                        previous is not None and previous.get(part.iri) != part.digest))
                    report.documents += 1
                    report.sentences += part.sentences
                    report.statements += part.statements
                    report.relations.update(part.relations)
                    results.add(part.results or ())
                    checking += part.check_seconds
                    event = "read"
                if progress:
                    progress(event, str(path), n, total)
            report.triples = assembly.triples
            clock = report.timed("documents", started)

            def phase(what: str) -> None:
                if progress:
                    progress("phase", what, total, total)

            phase(f"writing {report.graph.name}")
            write_pieces(report.graph, assembly.graph())
            clock = report.timed("turtle", clock)
            data = GraphData(lambda: ox.parse(path=str(report.graph), format=ox.RdfFormat.TURTLE),
                             lambda: ox.parse(stream(assembly.dataset()), format=ox.RdfFormat.N_QUADS),
                             assembly.summary)
            if store:
                phase("loading the store" if previous is None else "updating the store")
                report.store, report.store_updated = _finish_store(out_dir, config, assembly, previous,
                                                                   progress)
                data.store = open_store(report.store)
                clock = report.timed("store", clock)
            for exporter in chosen:
                path = out_dir / f"graph{exporter.suffix}"
                phase(f"writing {path.name}")
                write_bytes(path, exporter.write(data, exporter.view(None)))
                report.exports.append(path)
                clock = report.timed(f"export {exporter.name}", clock)
            if checker is not None:
                phase("validating and writing validation.ttl")
                results.add(checker(assembly.descriptions))  # what no document owns
                report.validation = results.report(
                    triples=report.triples, documents=report.documents,
                    batches=report.documents + 1, seconds=checking + time.perf_counter() - clock)
                if store:  # what the parts did not place (nodes no document owns)
                    validation_report.join_context(report.validation, data.store)
                report.validation_file = out_dir / "validation.ttl"
                write_bytes(report.validation_file, validation_report.report_turtle(report.validation))
                report.timed("validation", clock)
            del data  # closes the store
        if store_of_parts is not None:
            store_of_parts.keep(used)
            store_of_parts.close()
        return report


def _finish_store(out_dir: Path, config: str, assembly: Assembly, previous: dict[str, str] | None,
                  progress: Progress | None = None) -> tuple[Path, int | None]:
    """Load a new store from the assembly's dataset and summary (no ``previous`` store),
    or replace the graphs that changed since ``previous`` in place; then record what the
    store holds. Returns the store and how many graphs were replaced (None: written whole).
    A new store's loading is reported as "stored" events, one per graph handed to the
    store, then a "phase" event when its compaction begins."""
    forget_graphs(out_dir)  # the store is about to change
    if previous is None:
        total = assembly.dataset_pieces  # then the summary's pieces, not counted
        compacting = (lambda: progress("phase", "compacting the store", total, total)) if progress else None
        path = load_new_store(out_dir, itertools.chain(_stored(assembly.dataset(), total, progress),
                                                       assembly.summary_nquads()),
                              compacting=compacting)
        replaced = None
    else:
        replaced = update_store(out_dir, previous, assembly.digests, assembly.nquads, patches={
            SUMMARY_GRAPH: lambda store, documents: patch_summary(store, assembly.summary, documents)})
        path = out_dir / STORE_DIR
    record_graphs(out_dir, config, assembly.digests)
    return path, replaced


def _stored(pieces: Iterable[bytes], total: int, progress: Progress | None) -> Iterator[bytes]:
    """The pieces, saying after each how many the store has taken (to load them, a batch
    at a time)."""
    for n, piece in enumerate(pieces, 1):
        yield piece
        if progress:
            progress("stored", "", n, total)


def _parts(todo: list[tuple[Path, str]], keys: list[str | None], hits: set[str], cache: Cache | None,
           computed: Iterator[Made], settings: Settings,
           ) -> Iterator[tuple[Path, str, str | None, Made, bool]]:
    """(path, name, cache key, (part or error, packed part or None), made now?) of each
    document, in input order: from the cache when its key is there, else from the workers
    (``computed`` yields the parts of the documents not in ``hits``, in order)."""
    for (path, name), k in zip(todo, keys):
        part = cache.load(k) if cache is not None and k in hits else None
        if part is not None:
            yield path, name, k, (part, None), False
        elif k in hits:  # an unreadable entry: make the part again, here
            yield path, name, k, (part_or_error(path, name, settings), None), True
        else:
            yield path, name, k, next(computed), True


def _validated(triples: list[ox.Triple], shapes: list[Path] | None = None,
               jobs: int | None = None, progress: Progress | None = None,
               engine: str = "auto") -> ValidationReport:
    """Validate, then join each result to the document and sentence it concerns (each
    batch places its own; what none could place is placed from the triples)."""
    step = (lambda done, total: progress("validated", f"batch {done}/{total}", done, total)) if progress else None
    result = _validate(triples, shapes=shapes, jobs=jobs, progress=step, engine=engine)
    return validation_report.place_rest(result, triples)


def validate(graph: Path, shapes: list[Path] | None = None, jobs: int | None = None,
             engine: str = "auto") -> ValidationReport:
    """Validate a graph file (Turtle, N-Triples, N-Quads or TriG) against the shapes (the
    bundled ones by default) with the engine named (see lmskg.validate.ENGINES); each
    result carries the document and sentence it concerns."""
    return _validated(read_triples(graph), shapes=shapes, jobs=jobs, engine=engine)


def export(graph: Path, fmt: str, out: Path, view: str | None = None) -> Path:
    """Write the graph file ``graph`` in format ``fmt`` (a registered exporter; ``view``
    for formats that have several, such as GraphML's concept and rdf views) to ``out``."""
    exporter = exporters.get(fmt)
    chosen = exporter.view(view)
    write_bytes(out, exporter.write(GraphData(read_triples(graph)), chosen))
    return out


def read_facts(graph: Path) -> list[dict[str, object]]:
    """The statements of a graph file as rows (see lmskg.facts.COLUMNS)."""
    return _facts.facts(_facts.load_graph(graph))


def query(text: str, *, store: Path | None = None, graph: Path | None = None,
          timeout: float = 60.0) -> QueryResult:
    """Run a read-only SPARQL query on a build's store (its output folder) or a graph file;
    refused queries raise QueryRefused, slow ones QueryTimeout (see lmskg.sparql)."""
    return sparql.run(text, store=store, graph=graph, timeout=timeout)


def named_query(name: str, params: dict[str, str] | None = None) -> str:
    """The text of a bundled competency query with its parameters bound."""
    return queries.named(name).bind(params)


def load(source: Path, endpoint: str, *, ca_bundle: Path | None = None, retries: int = 5,
         backoff: float = 0.5, progress: Callable[[str, int, int], None] | None = None) -> LoadReport:
    """Load a graph file or a build's output folder into a triple store, one PUT per named
    graph (SPARQL 1.1 Graph Store HTTP Protocol; see lmskg.load)."""
    return _load.load(_load.graphs_of(source), endpoint, ca_bundle=ca_bundle, retries=retries,
                      backoff=backoff, progress=progress)
