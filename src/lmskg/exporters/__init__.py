"""Exporters, in a registry keyed by a lower-case format name.

Adding a format is adding a module that registers an :class:`Exporter`; the CLI and the
contract tests loop over :data:`EXPORTERS`. RDF formats go through pyoxigraph's
serializers; lmskg only decides what goes into which named graph and in what order.
GraphML (:mod:`.graphml`) is written by lmskg itself.

An exporter gets a :class:`GraphData`: the triples exactly as built, a SPARQL store over
them (the build's on-disk store, or an in-memory one made on first use) and, from a
build, the concept-level summary (lmskg.summary).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property

import pyoxigraph as ox

from ..errors import LmskgError
from ..partition import quads
from ..summary import Summary


class GraphData:
    """A built graph as exporters see it: the triples, their named graphs and a store of
    them. Each is read on first use: the triples and quads from the iterables given (or
    from functions that produce them, such as parsers of a build's files; the quads are
    partitioned from the triples if no source is given), the store is the build's on-disk
    one when it has been attached, else an in-memory one."""

    def __init__(self, triples: Iterable[ox.Triple] | Callable[[], Iterable[ox.Triple]],
                 quads: Callable[[], Iterable[ox.Quad]] | None = None,
                 summary: Summary | None = None) -> None:
        if not callable(triples):
            kept = list(triples)
            triples = lambda: kept
        self._triples = triples
        self._quads = quads
        self._store: ox.Store | None = None
        #: the concept-level summary, when the build has made it (else read from the store)
        self.summary = summary

    @cached_property
    def triples(self) -> list[ox.Triple]:
        return list(self._triples())

    @cached_property
    def quads(self) -> list[ox.Quad]:
        """One named graph per document, and the shared graph (lmskg.partition.quads)."""
        return list(self._quads()) if self._quads else quads(self.triples)

    @property
    def store(self) -> ox.Store:
        if self._store is None:
            from ..store import memory_store

            self._store = memory_store(self.quads)
        return self._store

    @store.setter
    def store(self, store: ox.Store) -> None:
        self._store = store


@dataclass(frozen=True)
class Exporter:
    name: str
    suffix: str  # file suffix, with the dot
    media_type: str
    write: Callable[..., bytes]  # write(data: GraphData, view: str) -> bytes
    description: str
    #: how to read the output back for a round trip (None: not an RDF format)
    rdf_format: ox.RdfFormat | None = None
    #: the views the format offers, the default first (none: the graph as it is)
    views: tuple[str, ...] = ()
    #: whether it reads :attr:`GraphData.quads` (the named graphs), which a build then keeps
    dataset: bool = False

    def view(self, name: str | None) -> str:
        if name is None:
            return self.views[0] if self.views else ""
        if not self.views:
            raise LmskgError(f"the {self.name} export has no views", "--view is for graphml")
        if name not in self.views:
            raise LmskgError(f"the {self.name} export has no view {name!r}",
                             f"choose one of {', '.join(self.views)}")
        return name


EXPORTERS: dict[str, Exporter] = {}


def register(exporter: Exporter) -> Exporter:
    EXPORTERS[exporter.name] = exporter
    return exporter


def get(name: str) -> Exporter:
    try:
        return EXPORTERS[name.lower()]
    except KeyError:
        raise LmskgError(f"unknown export format {name!r}",
                         f"choose one of {', '.join(sorted(EXPORTERS))}") from None


def export(data: GraphData | Iterable[ox.Triple], name: str, view: str | None = None) -> bytes:
    """The graph in format ``name`` (and, for GraphML, ``view``)."""
    exporter = get(name)
    chosen = exporter.view(view)
    if not isinstance(data, GraphData):
        data = GraphData(data)
    return exporter.write(data, chosen)


from . import graphml, rdf  # noqa: F401  (register the formats)
