"""SHACL validation of lmskg graphs with pyshacl (the only module that imports it).

pyshacl gets plain rdflib graphs, inference off and the ontology as ``ont_graph`` (so
``sh:targetClass`` and ``sh:class`` follow ``rdfs:subClassOf``); it never fetches
``owl:imports`` or anything else. The graph is split into per-document parts
(:mod:`lmskg.partition`) validated in batches, in parallel processes when asked, which
keeps the cost linear in the size of the corpus. Results are typed, de-duplicated and
sorted, so the same graph always gives the same report.
"""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox
import pyshacl
import rdflib
from rdflib.collection import Collection
from rdflib.namespace import SH
from rdflib.plugins.sparql import prepareQuery

from .errors import GraphError, InputError
from .parallel import in_order
from .partition import batches, partition
from .resources import data_dir, ontology_file

if TYPE_CHECKING:
    from .shacl import Index

SEVERITIES = ("Violation", "Warning", "Info")
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
#: Triples per pyshacl run. Large enough to amortise its set-up, small enough that
#: parallel processes share the work evenly.
BATCH_TRIPLES = 5_000

#: A SHACL property path: an IRI, or (kind, path...) for inverse/sequence/alternative/...
Path_ = str | tuple


def default_shapes() -> list[Path]:
    return sorted(data_dir("shapes").glob("*.ttl"))


@dataclass(frozen=True)
class Result:
    """One SHACL validation result, joined (later) to the text that produced it."""

    severity: str  # Violation | Warning | Info
    shape: str  # IRI of the source shape, or "<parent shape>[<path>]" for a blank one
    component: str  # IRI of the constraint component
    focus: ox.NamedNode | ox.BlankNode | ox.Literal
    path: Path_ | None
    value: ox.NamedNode | ox.BlankNode | ox.Literal | None
    message: str
    constraint: str | None = None  # IRI of a named SPARQL constraint
    # context, filled in by lmskg.validation_report (in_part, place_rest, join_context)
    document: str | None = None  # file name
    document_iri: str | None = None
    sentence: str | None = None  # sentence text
    sentence_iri: str | None = None
    sentence_start: int | None = None  # offset of the sentence in the document
    start: int | None = None
    end: int | None = None

    @property
    def placed(self) -> bool:
        """Whether the result has been joined to its document or sentence."""
        return self.document_iri is not None or self.sentence_iri is not None

    def key(self) -> tuple:
        return (SEVERITIES.index(self.severity), self.shape, str(self.focus), str(self.path),
                str(self.value), self.component, self.message)


@dataclass
class ValidationReport:
    """The typed outcome of a validation: conforms means no violations."""

    results: list[Result]
    triples: int = 0
    documents: int = 0
    batches: int = 0
    seconds: float = 0.0

    @property
    def conforms(self) -> bool:
        return not any(r.severity == "Violation" for r in self.results)

    def counts(self) -> dict[str, int]:
        c = Counter(r.severity for r in self.results)
        return {s: c.get(s, 0) for s in SEVERITIES}


# ---- rdflib side -------------------------------------------------------------------------

@lru_cache(maxsize=256)
def _prepared(text: str, namespaces: tuple[tuple[str, str], ...]):
    return prepareQuery(text, initNs=dict(namespaces))


class _DataGraph(rdflib.Graph):
    """An rdflib graph that parses each SPARQL text once. pyshacl runs a SHACL-SPARQL
    constraint once per focus node with the text of the query, and parsing it is most of
    the cost; the parsed query is the same every time."""

    def query(self, query_object, processor="sparql", result="sparql", initNs=None,
              initBindings=None, use_store_provided=True, **kwargs):
        if isinstance(query_object, str):
            query_object = _prepared(query_object, tuple(sorted((initNs or {}).items())))
            initNs = None
        return super().query(query_object, processor, result, initNs, initBindings,
                             use_store_provided, **kwargs)


def to_rdflib(term):
    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    if term.language:
        return rdflib.Literal(term.value, lang=term.language)
    if term.datatype.value == _XSD_STRING:
        return rdflib.Literal(term.value)
    return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))


def to_ox(term):
    if isinstance(term, rdflib.URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, rdflib.BNode):
        return ox.BlankNode(str(term))
    if term.language:
        return ox.Literal(str(term), language=term.language)
    if term.datatype is not None:
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
    return ox.Literal(str(term))


def load_shapes(paths: Sequence[Path] | None = None) -> rdflib.Graph:
    """Parse shapes files into one rdflib graph (local files only; no imports followed)."""
    graph = rdflib.Graph()
    for path in paths or default_shapes():
        if not Path(path).is_file():
            raise InputError(path, "no such shapes file")
        try:
            graph.parse(str(path), format="turtle")
        except Exception as exc:  # rdflib raises many types for bad Turtle
            raise GraphError(f"{path}: not valid Turtle: {str(exc).splitlines()[0]}") from exc
    return graph


def path_of(graph: rdflib.Graph, node, leaf: Callable = str) -> Path_ | None:
    """A SHACL property path as an IRI or (kind, path...); ``leaf`` turns each IRI into
    what the caller works with (a string for reports, a pyoxigraph node for evaluation)."""
    if node is None:
        return None
    if isinstance(node, rdflib.URIRef):
        return leaf(str(node))
    for kind in ("inversePath", "zeroOrMorePath", "oneOrMorePath", "zeroOrOnePath"):
        inner = graph.value(node, SH[kind])
        if inner is not None:
            return (kind, path_of(graph, inner, leaf))
    alternatives = graph.value(node, SH.alternativePath)
    if alternatives is not None:
        return ("alternativePath", *(path_of(graph, n, leaf) for n in Collection(graph, alternatives)))
    return ("sequence", *(path_of(graph, n, leaf) for n in Collection(graph, node)))


def shape_name(shapes: rdflib.Graph, node) -> str:
    if isinstance(node, rdflib.URIRef):
        return str(node)
    parent = shapes.value(None, SH.property, node) or shapes.value(None, SH.node, node)
    path = shapes.value(node, SH.path)
    inner = path_of(shapes, path)
    return f"{shape_name(shapes, parent) if parent is not None else '_'}[{inner}]"


def _results(report: rdflib.Graph, shapes: rdflib.Graph) -> list[Result]:
    out = []
    for node in report.objects(None, SH.result):
        severity = report.value(node, SH.resultSeverity)
        messages = sorted(str(m) for m in report.objects(node, SH.resultMessage))
        constraint = report.value(node, SH.sourceConstraint)
        value = report.value(node, SH.value)
        path = report.value(node, SH.resultPath)
        out.append(Result(
            severity=str(severity).rsplit("#", 1)[-1],
            shape=shape_name(shapes, report.value(node, SH.sourceShape)),
            component=str(report.value(node, SH.sourceConstraintComponent)),
            focus=to_ox(report.value(node, SH.focusNode)),
            path=path_of(report if (path, None, None) in report else shapes, path),
            value=to_ox(value) if value is not None else None,
            message="; ".join(messages),
            constraint=str(constraint) if isinstance(constraint, rdflib.URIRef) else None,
        ))
    return out


# ---- one batch (in this process or a worker) ---------------------------------------------

#: The engines: "lmskg" compiles the shapes and checks parts in Python and pyoxigraph
#: (lmskg.shacl, fast, for the SHACL features it supports); "pyshacl" is the reference
#: engine; "auto" uses lmskg's where it supports the shapes, else pyshacl.
ENGINES = ("auto", "lmskg", "pyshacl")

_STATE: dict[str, object] = {}


@cache
def _ontology() -> rdflib.Graph:
    """The ontology pyshacl gets as ont_graph (it mixes it into the data, never changes it)."""
    return rdflib.Graph().parse(str(ontology_file()), format="turtle")


def _init(shapes: rdflib.Graph | tuple[Path, ...], engine: str = "auto") -> None:
    """Set up this process: the shapes (a graph, or files to parse), the ontology, and the
    compiled shapes for lmskg's engine unless pyshacl is asked for (or needed: shapes with
    a feature lmskg's engine does not support)."""
    from .shacl import Engine, Unsupported

    graph = shapes if isinstance(shapes, rdflib.Graph) else load_shapes(shapes)
    _STATE["shapes"], _STATE["ontology"], _STATE["engine"] = graph, _ontology(), None
    if engine != "pyshacl":
        try:
            _STATE["engine"] = Engine(graph, ox.parse(path=str(ontology_file()), format=ox.RdfFormat.TURTLE))
        except Unsupported as exc:
            if engine == "lmskg":
                raise GraphError(f"the shapes use {exc}, which only the pyshacl engine supports",
                                 "use --engine pyshacl or auto") from exc


def _validate_batch(ntriples: bytes) -> list[Result]:
    """The results of one batch, each placed at its document, sentence and offsets from
    the batch's own triples (lmskg.validation_report.in_part), as a build's workers place
    a document's results; what the batch cannot place is placed later from the graph
    (lmskg.validation_report.place_rest)."""
    from .shacl import Index
    from .validation_report import in_part

    index = Index(ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES))
    return in_part(_validate_triples(index), index)


def _validate_triples(triples: list[ox.Triple] | Index) -> list[Result]:
    """The results of a part: its triples, or a lmskg.shacl.Index of them (lmskg's engine
    checks the index; pyshacl gets its triples)."""
    if _STATE["engine"] is not None:
        return _STATE["engine"].validate(triples)
    from .shacl import Index

    data = _DataGraph()
    for t in triples.triples if isinstance(triples, Index) else triples:
        data.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
    _, report, _ = pyshacl.validate(
        data, shacl_graph=_STATE["shapes"], ont_graph=_STATE["ontology"], inference="none",
        advanced=False, allow_warnings=True, allow_infos=True, inplace=True,
        do_owl_imports=False, meta_shacl=False, abort_on_first=False)
    if not isinstance(report, rdflib.Graph):  # pyshacl refused the shapes themselves
        raise GraphError(f"the shapes cannot be used: {getattr(report, 'message', report)}")
    return _results(report, _STATE["shapes"])


class Checker:
    """Validates one part at a time in this process (or in processes forked from it): the
    shapes are loaded and compiled once, when it is made."""

    def __init__(self, shapes: Sequence[Path] | None = None, engine: str = "auto") -> None:
        _init(tuple(Path(p) for p in (shapes or default_shapes())), engine)

    def __call__(self, triples: list[ox.Triple]) -> list[Result]:
        return _validate_triples(triples)

    def many(self, parts: Sequence[list[ox.Triple] | Index]) -> list[list[Result]]:
        """The results of each of several parts (their triples, or a lmskg.shacl.Index of
        them): lmskg's engine checks them together (lmskg.shacl.Engine.validate_many),
        pyshacl one by one."""
        engine = _STATE["engine"]
        if engine is not None:
            return engine.validate_many(parts)
        return [_validate_triples(p) for p in parts]


def _where(r: Result) -> tuple:
    """Orders the places of one result: placed before not, then by document, sentence and span."""
    return (not r.placed, r.document_iri or "", r.sentence_start or 0, r.start or 0, r.end or 0)


class DistinctResults:
    """Results found part by part, de-duplicated as they arrive, so that what is kept
    grows with the distinct results, not with the documents. Parts that share a node (a
    concept) report the same result, each joined to its own document
    (lmskg.validation_report.in_part); the one in the document whose IRI sorts first is
    kept, so the report does not depend on the order of the documents."""

    def __init__(self) -> None:
        self._unique: dict[tuple, Result] = {}

    def add(self, results: Iterable[Result]) -> None:
        unique = self._unique
        for r in results:
            key = (*r.key(), r.constraint)
            kept = unique.get(key)
            if kept is None or _where(r) < _where(kept):
                unique[key] = r

    def report(self, triples: int, documents: int, batches: int, seconds: float) -> ValidationReport:
        """The report of the results so far, sorted."""
        return ValidationReport(sorted(self._unique.values(), key=Result.key), triples=triples,
                                documents=documents, batches=batches, seconds=seconds)


def validate(triples: Iterable[ox.Triple], shapes: Sequence[Path] | None = None,
             jobs: int | None = 1,
             progress: Callable[[int, int], None] | None = None,
             engine: str = "auto") -> ValidationReport:
    """Validate triples against the shapes (the bundled ones by default), in ``jobs``
    processes (None: one per core) with the ``engine`` named (see :data:`ENGINES`);
    ``progress(done, total)`` is called per batch."""
    started = time.perf_counter()
    shape_paths = tuple(Path(p) for p in (shapes or default_shapes()))
    shapes_graph = load_shapes(shape_paths)  # a bad shapes file fails here, in this process
    triples = list(triples)
    parts, rest = partition(triples)
    groups = batches(parts.values(), rest, BATCH_TRIPLES)
    # each batch's N-Triples made as it is handed over, so that only those in flight are
    # held (all of them at once were 1.05 GB at 10,000 documents)
    work = (ox.serialize(batch, format=ox.RdfFormat.N_TRIPLES) for batch in groups)
    jobs = min(jobs or os.cpu_count() or 1, len(groups)) or 1
    found = DistinctResults()

    def collect(results: Iterable[list[Result]]) -> None:
        for done, batch_results in enumerate(results, start=1):
            found.add(batch_results)
            if progress:
                progress(done, len(groups))

    _init(shapes_graph, engine)  # also refuses shapes the engine asked for cannot run
    if jobs == 1:
        collect(_validate_batch(batch) for batch in work)
    else:
        with ProcessPoolExecutor(jobs, initializer=_init, initargs=(shape_paths, engine)) as pool:
            collect(in_order(pool, _validate_batch, work, jobs * 4))
    return found.report(triples=len(triples), documents=len(parts), batches=len(groups),
                        seconds=time.perf_counter() - started)
