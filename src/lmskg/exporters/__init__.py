"""Exporters, in a registry keyed by a lower-case format name.

Adding a format is adding a module that registers an :class:`Exporter`; the CLI and the
contract tests loop over :data:`EXPORTERS`. RDF formats go through pyoxigraph's
serializers; lmskg only decides what goes into which named graph and in what order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import pyoxigraph as ox

from ..errors import LmskgError


@dataclass(frozen=True)
class Exporter:
    name: str
    suffix: str  # file suffix, with the dot
    media_type: str
    write: Callable[[list[ox.Triple]], bytes]
    description: str
    #: how to read the output back for a round trip (None: not an RDF format)
    rdf_format: ox.RdfFormat | None = None


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


def export(triples: Iterable[ox.Triple], name: str) -> bytes:
    return get(name).write(list(triples))


from . import rdf  # noqa: F401  (registers the RDF formats)
