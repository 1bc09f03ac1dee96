"""The per-document half of a build: read a file, extract its statements, make its named
graph and validate it, in parallel worker processes.

Each document becomes a :class:`Part`: its named graph as sorted N-Quads (for the store
and the dataset exports: what it minted, its direct triples and provenance, see
lmskg.partition), the Turtle of the triples it minted (its block of the sorted
``graph.ttl``), the triples it shares with other documents (concept descriptions, direct
triples, provenance), the validation results of its triples (with the descriptions of
what they mention), and counts. All of this depends on the document and the build's
configuration only; :mod:`lmskg.assemble` joins the parts.

Workers are forked from the parent after the vocabulary matcher is built, so it is built
once and shared, never rebuilt per document or per process; each freezes what it
inherits, so its garbage collections leave it alone. A worker makes the parts of a few
documents at a time, with the collector paused until they are made, and validates their
graphs together (the SPARQL constraints then run once for all of them,
lmskg.shacl.Engine.validate_many). When the build caches its parts, a worker also packs
each (a compressed pickle, :func:`pack`), the form the cache stores.
"""

from __future__ import annotations

import gc
import hashlib
import multiprocessing
import os
import pickle
import time
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import NamedTuple

import pyoxigraph as ox
import zstandard

from .errors import InputError, LmskgError
from .extract import Extractor
from .graph import document_graph, document_iri, in_graph, run_triples, serialize, used_triple
from .namespaces import RDF_PREFIXES
from .parallel import in_order
from .partition import linking_predicates
from .readers import read_document
from .shacl import Index
from .summary import DocumentSummary, of_index
from .validate import Result
from .validation_report import in_part

#: A part's graph, checked: triples -> validation results. A checker with a ``many``
#: method (lmskg.validate.Checker) is given the graphs of several documents at once.
Checker = Callable[[list[ox.Triple]], list[Result]]


@dataclass(frozen=True)
class Part:
    """What one document contributes to a build, ready to write."""

    name: str
    sha256: str
    iri: str
    sentences: int
    statements: int
    minted: int  # triples whose subject it minted
    relations: Counter  # (relation, polarity) -> count
    nquads: bytes  # the document's named graph, sorted
    digest: str  # SHA-256 of nquads: the graph's identity when a store is updated
    turtle: bytes  # Turtle, without prefixes, of the triples it minted (subjects under its IRI)
    shared: bytes  # N-Triples of its other triples: descriptions, direct triples, provenance
    results: tuple[Result, ...] | None  # validation of its graph (None: not validated)
    summary: DocumentSummary  # its share of the concept view and the summary graph (lmskg.summary)
    check_seconds: float = 0.0  # time the validation took


@dataclass
class Settings:
    """What every worker needs; made once in the parent and inherited by forked workers.
    The default extractor is built on first use (a build whose documents all come from
    the cache never needs one)."""

    given: Extractor | None
    fingerprint: str
    checker: Checker | None = None
    packed: bool = False  # workers also pack each part, as the build cache stores them

    @cached_property
    def extractor(self) -> Extractor:
        return self.given or Extractor()


class Canonical(NamedTuple):
    """A document's triples in canonical order, split by owner."""

    ordered: list[ox.Triple]  # all of them, ordered as by lmskg.graph.sort_key
    owned: list[ox.Triple]  # those about the document or what it minted under its IRI
    ntriples: bytes  # all of them as N-Triples, in that order
    shared: bytes  # the others (descriptions, direct triples, provenance) as N-Triples
    graph: bytes  # those of its named graph (lmskg.partition.quads) as N-Triples


def canonical(triples: Iterable[ox.Triple], iri: str) -> Canonical:
    """The triples of the document ``iri`` in canonical order, split by owner.

    They are serialised as N-Triples once and ordered by their lines. A line is the
    N-Triples of subject, predicate and object joined by spaces, and a space sorts before
    any character that can follow the end of a term, so the lines sort exactly as
    :func:`lmskg.graph.sort_key` does (UTF-8 bytes sort as code points). A triple is the
    document's when its subject is the document or an IRI under it; its named graph also
    holds its direct triples and provenance, but not the descriptions of what it mentions
    (those are in the shared graph)."""
    triples = list(triples)
    lines = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).splitlines(keepends=True)
    if len(lines) != len(triples):  # pragma: no cover (a literal's line breaks are escaped)
        raise AssertionError("one N-Triples line per triple")
    order = sorted(range(len(lines)), key=lines.__getitem__)
    ordered = list(map(triples.__getitem__, order))
    text = list(map(lines.__getitem__, order))
    # The document's lines start with "<iri/" or "<iri> " (in that order: "/" sorts
    # before ">"), so they are two runs of the sorted lines, found by bisection (no UTF-8
    # byte is 0xff). The lines around them are shared; the graph also holds those of the
    # shared lines that link.
    first, second = (range(bisect_left(text, start), bisect_left(text, start + b"\xff"))
                     for start in (f"<{iri}/".encode(), f"<{iri}> ".encode()))
    mine = [*first, *second]
    others = [*range(first.start), *range(first.stop, second.start), *range(second.stop, len(text))]
    linked = linking_predicates()
    named = sorted(mine + [i for i in others if ordered[i].predicate in linked])
    owned = list(map(ordered.__getitem__, mine))
    shared = b"".join(map(text.__getitem__, others))
    graph = b"".join(map(text.__getitem__, named))
    return Canonical(ordered, owned, b"".join(text), shared, graph)


def turtle_header() -> bytes:
    """The prefix lines every Turtle output starts with."""
    text = serialize([ox.Triple(ox.NamedNode("urn:x"), ox.NamedNode("urn:x"), ox.NamedNode("urn:x"))])
    return text[:len(text) - len(turtle_body_of(text))]


def turtle_body_of(text: bytes) -> bytes:
    end = 0
    while text.startswith(b"@prefix", end):
        end = text.index(b"\n", end) + 1
    return text[end:]


def turtle_body(triples: list[ox.Triple]) -> bytes:
    """Triples, already in canonical order (:func:`lmskg.graph.sort_key`), as Turtle
    without the prefix lines, so that the bodies of blocks of distinct subjects, joined in
    order under one header, are the Turtle of them all."""
    return turtle_body_of(ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=RDF_PREFIXES))


class _Draft(NamedTuple):
    """A document's part before validation (no results yet), and its graph to check."""

    part: Part
    graph: Canonical
    index: Index  # of the graph's triples


def _draft(path: Path, name: str, settings: Settings) -> _Draft:
    """Read, extract and build one document."""
    document = read_document(path, name=name)
    sentences, statements = settings.extractor.analyse(document)
    triples = document_graph(document, statements)
    triples |= run_triples(settings.fingerprint)
    triples.add(used_triple(document, settings.fingerprint))
    iri = document_iri(document)
    graph = canonical(triples, iri)
    # for the summary, and for the validation (lmskg.shacl), which loads the N-Triples
    index = Index(graph.ordered, ntriples=graph.ntriples)
    nquads = in_graph(graph.graph, iri)
    return _Draft(Part(
        name=name, sha256=document.sha256, iri=iri, sentences=len(sentences),
        statements=len(statements), minted=len(graph.owned),
        relations=Counter((s.relation, s.polarity.value) for s in statements),
        nquads=nquads,
        digest=hashlib.sha256(nquads).hexdigest(),
        turtle=turtle_body(graph.owned),
        shared=graph.shared,
        results=None,
        summary=of_index(index.sp, iri),
    ), graph, index)


def _check_all(checker: Checker, drafts: list[_Draft]) -> list[list[Result]]:
    """Validate several documents' graphs; a checker that can take them together
    (lmskg.validate.Checker.many) gets them in one call, as the index of each graph that
    the summary was made from."""
    many = getattr(checker, "many", None)
    if many is not None:
        return many([d.index for d in drafts])
    return [checker(d.graph.ordered) for d in drafts]


def _finish(drafts: list[_Draft], settings: Settings) -> list[Part]:
    """Validate the drafts (together, see _check_all) and make their parts, each result
    joined to its sentence from the document's own triples; each part is credited an
    equal share of the time the validation took."""
    checked = time.perf_counter()
    results: list = [None] * len(drafts)
    if settings.checker and drafts:
        found = _check_all(settings.checker, drafts)
        results = [tuple(in_part(r, d.index)) for d, r in zip(drafts, found)]
    seconds = (time.perf_counter() - checked) / max(1, len(drafts))
    return [replace(d.part, results=r, check_seconds=seconds) for d, r in zip(drafts, results)]


def make_part(path: Path, name: str, settings: Settings) -> Part:
    """Read, extract, build and (if asked) validate one document."""
    return _finish([_draft(path, name, settings)], settings)[0]


def _or_error(make: Callable, path: Path, name: str, settings: Settings):
    """``make(path, name, settings)``, or the error that names the file and the problem."""
    try:
        return make(path, name, settings)
    except InputError as exc:
        return exc
    except LmskgError as exc:
        return InputError(path, str(exc))


def part_or_error(path: Path, name: str, settings: Settings) -> Part | InputError:
    """The document's part, or the error that names the file and the problem."""
    return _or_error(make_part, path, name, settings)


def parts_or_errors(items: list[tuple[Path, str]], settings: Settings) -> list[Part | InputError]:
    """The part of each (path, name), or the error that names the file and the problem.
    The documents are validated together; should that fail, one by one, so that the
    error is each document's own. The collector waits until they are made
    (:func:`collected_after`)."""
    with collected_after():
        # the drafts die as this returns, before the collection, which then walks only
        # the parts
        return _parts_or_errors(items, settings)


def _parts_or_errors(items: list[tuple[Path, str]], settings: Settings) -> list[Part | InputError]:
    made = [_or_error(_draft, path, name, settings) for path, name in items]
    drafts = [m for m in made if isinstance(m, _Draft)]
    try:
        finished = iter(_finish(drafts, settings))
    except LmskgError:
        return [part_or_error(path, name, settings) for path, name in items]
    return [next(finished) if isinstance(m, _Draft) else m for m in made]


@contextmanager
def collected_after() -> Iterator[None]:
    """The automatic collector off while a few documents' parts are made, and one pass
    over the youngest generation after, when their work is garbage.

    Making a part allocates tens of thousands of containers (terms, index tables), nearly
    all freed by reference counting. What is alive stays alive until the chunk is done:
    the drafts, their indexes and graphs. Collecting every 10,000 allocations (see
    YOUNG_GENERATION) walked those live containers again and again, and promoted them to
    the older generation, whose passes then walked them too. On 1,000 generated documents
    the workers' collections took 0.9-1.1 s of CPU; paused per chunk of 16 and collected
    once after, 0.05-0.1 s. What cycles a chunk makes wait for the end of the chunk."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
            gc.collect(0)


_SETTINGS: Settings | None = None  # a worker's settings (installed as it is forked)
#: Allocations between two collections of the youngest generation in a build's own
#: process while the build runs (Python's default: 700). That process sums the parts; with
#: one job it also makes them, each chunk with the collector paused (:func:`collected_after`).
#: At 10,000 documents its collections took 1.25 s with the default, 0.26 s so.
YOUNG_GENERATION = 10_000


@contextmanager
def young_generation(size: int = YOUNG_GENERATION) -> Iterator[None]:
    """The collector's youngest generation set to ``size`` allocations, then restored."""
    before = gc.get_threshold()
    gc.set_threshold(size, *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


def _install(settings: Settings) -> None:
    global _SETTINGS
    _SETTINGS = settings
    # What a worker inherits (vocabulary, matcher, compiled shapes) lives as long as it
    # does. Frozen, it is left out of the collector's passes, which would otherwise walk
    # it again and again (about a sixth of a worker's time) and copy the pages it is on.
    gc.freeze()


def default_jobs() -> int:
    """One worker per core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


#: How :func:`pack` writes a part (part of the build cache's configuration, so a cache
#: packed otherwise is not read back). Zstandard at level 1, against zlib at level 1 on
#: generated documents' parts: a quarter of the time to pack (0.12 against 0.44 ms), a
#: quarter to unpack (0.07 against 0.29 ms), and a fifth smaller (11.5 against 14.8 KB).
PACKING = "pickle-5 zstd-1"
#: Raised when what a part holds changes while its fields keep their names (part of the
#: build cache's configuration, so parts made before are made again). 2: its validation
#: results carry their document, sentence and offsets.
PART_VERSION = 2


def pack(part: Part) -> bytes:
    """A part as bytes (a compressed pickle), as the build cache keeps it."""
    return zstandard.ZstdCompressor(level=1).compress(pickle.dumps(part, protocol=5))


def unpack(data: bytes) -> Part:
    return pickle.loads(zstandard.ZstdDecompressor().decompress(data))


def _work_chunk(items: list[tuple[Path, str]]) -> list[Made]:
    # Packed here for a build that caches them, so the cache stores them as they come
    # instead of the parent packing them. The part itself crosses the pipe as it is: its
    # pickle is mostly long bytes, cheaper for the parent, the busiest process, to read
    # than to unpack (when parts were packed with zlib, unpacking took 0.3-0.45 ms of
    # the parent's main thread per document).
    made = parts_or_errors(items, _SETTINGS)
    return [(m, pack(m) if _SETTINGS.packed and isinstance(m, Part) else None) for m in made]


Made = tuple[Part | InputError, bytes | None]  # a part (or error) and its packed form

#: Most documents a worker takes at a time (and validates together); fewer when the
#: corpus is small, so that every worker gets several chunks.
CHUNK = 16


def make_parts(items: list[tuple[Path, str]], settings: Settings,
               jobs: int | None = None) -> Iterator[Made]:
    """The part (or the error) of each (path, name), in the order given, with the part's
    packed form (:func:`pack`) when a worker made it (``settings.packed``; else None).
    With ``jobs`` > 1 the work runs in forked processes that inherit ``settings``. Results
    stream back in order, a few documents at a time, with a bounded number of chunks in
    flight, so memory does not grow with the corpus when the caller is slower than the
    workers."""
    if not items:
        return
    jobs = min(jobs or default_jobs(), len(items))
    size = max(1, min(CHUNK, len(items) // (jobs * 8)))
    chunks = iter([items[i:i + size] for i in range(0, len(items), size)])
    if jobs == 1 or "fork" not in multiprocessing.get_all_start_methods():
        with young_generation():  # as in a build's own process, between the chunks
            for chunk in chunks:
                yield from ((made, None) for made in parts_or_errors(chunk, settings))
        return
    settings.extractor  # noqa: B018 (built here, before forking, so workers share it)
    context = multiprocessing.get_context("fork")
    # forked workers get the settings as they are forked (not through a global of this
    # process, which a build that ends while another runs would reset under it)
    with ProcessPoolExecutor(jobs, mp_context=context, initializer=_install,
                             initargs=(settings,)) as pool:
        # BrokenProcessPool if a worker died
        for done in in_order(pool, _work_chunk, chunks, jobs * 4):
            yield from done
