"""Joining the documents' parts (lmskg.assemble.Assembly)."""

from __future__ import annotations

from pathlib import Path

import pytest

from lmskg.assemble import Assembly
from lmskg.pipeline import Part, Settings, make_parts
from lmskg.vocabulary import fingerprint


def _parts(examples_dir: Path) -> list[Part]:
    items = [(p, p.name) for p in sorted(examples_dir.glob("*.txt"))[:3]]
    parts = [part for part, _ in make_parts(items, Settings(None, fingerprint()), jobs=1)]
    assert len(parts) == 3 and all(isinstance(part, Part) for part in parts)
    return parts


def test_the_dataset_comes_back_from_the_kept_n_quads(examples_dir: Path, tmp_path: Path) -> None:
    parts = _parts(examples_dir)
    with Assembly(tmp_path) as assembly:
        for part in parts:
            assembly.add(part)
        pieces = list(assembly.dataset())
        assert len(pieces) == assembly.dataset_pieces == len(parts) + 1
        data = b"".join(pieces)
        for part in parts:
            assert assembly.nquads(part.iri) == part.nquads
    by_iri = sorted(parts, key=lambda part: part.iri)
    assert data == b"".join(part.nquads for part in by_iri) + assembly.shared_nquads
    assert not any(tmp_path.iterdir())  # the spool is removed


def test_n_quads_not_kept_are_neither_written_nor_read(examples_dir: Path, tmp_path: Path) -> None:
    """The build keeps a document's N-Quads only when something reads them back; asking for
    ones it did not keep is a mistake, not an empty graph."""
    kept, dropped, other = _parts(examples_dir)
    with Assembly(tmp_path) as assembly:
        assembly.add(kept)
        assembly.add(dropped, keep_nquads=False)
        assembly.add(other, keep_nquads=False)
        assert assembly.nquads(kept.iri) == kept.nquads
        assert (assembly.folder / "parts.nq").stat().st_size == len(kept.nquads)
        with pytest.raises(AssertionError, match="not kept"):
            assembly.nquads(dropped.iri)
        with pytest.raises(AssertionError, match="not kept"):
            b"".join(assembly.dataset())
        # what does not need them is whole: the graph, the digests, the summary
        graph = b"".join(assembly.graph())
        assert all(part.turtle in graph for part in (kept, dropped, other))
        assert set(assembly.digests) >= {kept.iri, dropped.iri, other.iri}
