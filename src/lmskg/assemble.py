"""The second half of a build: join the documents' parts into the graph and the dataset.

Parts arrive in input order; their large pieces are spooled to a temporary folder in the
output folder (the Turtle of the minted triples always, the N-Quads of the named graph only
when something reads them back: a new store, an export of the dataset, or a store whose
graph of that document is replaced), and only the triples documents share (descriptions,
direct triples, provenance) are kept in memory, once each. Outputs are then streamed in a
canonical order, so memory does not grow with the text of the corpus:

* ``graph.ttl`` is the sorted union graph. Sorted, it is the shared triples whose subjects
  sort before the documents' IRIs (concepts and tumours), then each document's minted
  block in IRI order, then the rest (the build run), so it is written by concatenating the
  documents' Turtle blocks between two small serialisations.
* The dataset (store, N-Quads) is each document's named graph in IRI order, then the shared
  graph: the descriptions of shared nodes, once each.
* The documents' summaries are summed as they come (lmskg.summary); the store also gets
  the summary graph made from that sum.
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Self

import pyoxigraph as ox

from .graph import DOCUMENT_BASE
from .partition import SHARED_GRAPH, linking_predicates
from .pipeline import Part, turtle_body, turtle_header
from .summary import SUMMARY_GRAPH, Summary, statement_nquads

_DOCUMENTS = f"<{DOCUMENT_BASE}"


@dataclass(frozen=True)
class _Spooled:
    nquads: tuple[int, int] | None  # offset, length in the N-Quads spool (None: not kept)
    turtle: tuple[int, int]
    digest: str  # of the N-Quads: the graph's identity for updating a store


class Assembly:
    """Collects the parts of a build and writes the graph and the dataset from them."""

    def __init__(self, out_dir: Path) -> None:
        out_dir.mkdir(parents=True, exist_ok=True)
        self.folder = out_dir / f".assembly-{os.getpid()}"
        self.folder.mkdir()
        self._nquads = open(self.folder / "parts.nq", "w+b")  # noqa: SIM115 (closed in close())
        self._turtle = open(self.folder / "parts.ttl", "w+b")  # noqa: SIM115
        self._spooled: dict[str, _Spooled] = {}
        self._shared: set[bytes] = set()  # N-Triples lines (a triple has one line)
        self.minted = 0
        #: the documents' summaries, summed (the concept view's and the summary graph's)
        self.summary = Summary()

    def add(self, part: Part, keep_nquads: bool = True) -> None:
        """Take a document's part; its N-Quads are kept for :meth:`dataset` and
        :meth:`nquads` only if ``keep_nquads`` (at 10,000 documents they are 1.1 GB that a
        rebuild which replaces a few graphs of its store in place never reads)."""
        nquads = _append(self._nquads, part.nquads) if keep_nquads else None
        self._spooled[part.iri] = _Spooled(nquads, _append(self._turtle, part.turtle), part.digest)
        # as lines: a set of them is a set of triples, and costs a fifth of parsing each
        self._shared.update(part.shared.splitlines(keepends=True))
        self.minted += part.minted
        self.summary.add(part.summary)

    @property
    def documents(self) -> list[str]:
        return sorted(self._spooled)

    @property
    def triples(self) -> int:
        return self.minted + len(self._shared)

    @cached_property
    def shared(self) -> list[ox.Triple]:
        """The triples documents share, once each, in canonical order: sorted N-Triples
        lines sort as :func:`lmskg.graph.sort_key` does (see lmskg.pipeline.canonical).
        Read once all parts are in."""
        return list(ox.parse(b"".join(sorted(self._shared)), format=ox.RdfFormat.N_TRIPLES))

    @cached_property
    def descriptions(self) -> list[ox.Triple]:
        """The shared graph: the shared triples that are neither a direct triple (each is
        in the graphs of the documents that support it) nor a document's provenance.
        Read once all parts are in."""
        linked = linking_predicates()  # what a document's graph holds of what it shares
        return [t for t in self.shared if t.predicate not in linked]

    @staticmethod
    def _read(handle, span: tuple[int, int]) -> bytes:
        """A spooled piece; the spool is left at its end, ready for the next part."""
        offset, length = span
        handle.seek(offset)
        data = handle.read(length)
        handle.seek(0, io.SEEK_END)
        return data

    def _chunks(self, handle, which: str) -> Iterator[bytes]:
        for iri in self.documents:
            yield self._read(handle, self._span(iri, which))

    def _span(self, iri: str, which: str) -> tuple[int, int]:
        span = getattr(self._spooled[iri], which)
        if span is None:
            raise AssertionError(f"the {which} of {iri} were not kept")  # a caller's mistake
        return span

    def graph(self) -> Iterator[bytes]:
        """``graph.ttl``, in pieces."""
        before = [t for t in self.shared if str(t.subject) < _DOCUMENTS]
        after = [t for t in self.shared if str(t.subject) >= _DOCUMENTS]
        if any(str(t.subject).startswith(_DOCUMENTS) for t in after):
            raise AssertionError("a shared triple about a document's node")  # pragma: no cover
        yield turtle_header()
        yield turtle_body(before)  # already in canonical order: not sorted again
        yield from self._chunks(self._turtle, "turtle")
        yield turtle_body(after)

    @cached_property
    def shared_nquads(self) -> bytes:
        """The shared graph as N-Quads (computed once all parts are in)."""
        graph = ox.NamedNode(SHARED_GRAPH)
        return ox.serialize([ox.Quad(t.subject, t.predicate, t.object, graph) for t in self.descriptions],
                            format=ox.RdfFormat.N_QUADS)

    def summary_nquads(self) -> Iterator[bytes]:
        """The summary graph as N-Quads, in pieces (once all parts are in)."""
        return statement_nquads(self.summary)

    def dataset(self) -> Iterator[bytes]:
        """The dataset as N-Quads (one named graph per document, then the shared graph), in
        :attr:`dataset_pieces` pieces; the documents' N-Quads must have been kept
        (:meth:`add`)."""
        yield from self._chunks(self._nquads, "nquads")
        yield self.shared_nquads

    @property
    def dataset_pieces(self) -> int:
        """How many pieces :meth:`dataset` yields: one per document, and the shared graph."""
        return len(self._spooled) + 1

    @cached_property
    def digests(self) -> dict[str, str]:
        """Named graph IRI -> digest of its N-Quads (of the documents' digests for the
        summary graph), the shared and summary graphs included (read once all parts are in)."""
        out = {iri: spooled.digest for iri, spooled in self._spooled.items()}
        documents = sorted(out.values())
        out[SHARED_GRAPH] = hashlib.sha256(self.shared_nquads).hexdigest()
        # the summary graph is made from the documents' graphs alone: their digests are its
        # identity, and it need not be written out to be compared
        out[SUMMARY_GRAPH] = hashlib.sha256(" ".join(documents).encode()).hexdigest()
        return out

    def nquads(self, iri: str) -> bytes:
        """One named graph's N-Quads (a document's, if they were kept)."""
        if iri == SHARED_GRAPH:
            return self.shared_nquads
        if iri == SUMMARY_GRAPH:
            return b"".join(self.summary_nquads())
        return self._read(self._nquads, self._span(iri, "nquads"))

    def close(self) -> None:
        self._nquads.close()
        self._turtle.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _append(handle, data: bytes) -> tuple[int, int]:
    offset = handle.tell()
    handle.write(data)
    return offset, len(data)
