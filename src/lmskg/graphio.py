"""Read graph files: the RDF format from the file suffix, one-line errors naming the file.

:func:`read_triples` keeps every term exactly as written (validation needs the literal
datatypes: an on-disk or in-memory pyoxigraph store reads integer subtypes such as
xsd:nonNegativeInteger back as xsd:integer); lmskg.store builds stores for SPARQL.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from .errors import GraphError, InputError
from .summary import SUMMARY_GRAPH

_SUMMARY = ox.NamedNode(SUMMARY_GRAPH)


def rdf_format(path: Path) -> ox.RdfFormat:
    fmt = ox.RdfFormat.from_extension(path.suffix.lstrip(".")) if path.suffix else None
    if fmt is None:
        raise InputError(path, f"unknown RDF file suffix {path.suffix!r}",
                         "use .ttl, .nt, .nq, .trig or .jsonld")
    return fmt


def _check(path: Path) -> ox.RdfFormat:
    if not path.is_file():
        raise InputError(path, "no such graph file")
    return rdf_format(path)


def _parse_error(path: Path, fmt: ox.RdfFormat, exc: Exception) -> GraphError:
    return GraphError(f"{path}: not valid {fmt.name}: {str(exc).splitlines()[0]}")


def read_triples(path: Path) -> list[ox.Triple]:
    """The triples of a graph file, named graphs merged, terms exactly as written. A
    dataset's summary graph (lmskg.summary), derived from the documents' graphs, is left
    out: whatever needs it makes it again from the documents."""
    fmt = _check(path)
    try:
        return list(dict.fromkeys(ox.Triple(q.subject, q.predicate, q.object)
                                  for q in ox.parse(path=str(path), format=fmt)
                                  if q.graph_name != _SUMMARY))
    except (SyntaxError, ValueError) as exc:
        raise _parse_error(path, fmt, exc) from exc
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror}") from exc
