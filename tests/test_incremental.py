"""Parallel and incremental builds give exactly the graph a cold, serial build gives."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from lmskg import api
from lmskg.graphio import read_triples
from lmskg.partition import quads
from lmskg.store import open_store

OUTPUTS = ("graph.ttl", "graph.graphml", "graph.nq", "validation.ttl")
FORMATS = ("graphml", "nquads")


def _store_quads(out: Path) -> set[ox.Quad]:
    store = open_store(out)
    return set(store)


def _build(docs: Path, out: Path, formats: tuple[str, ...] = FORMATS, **kw) -> api.BuildReport:
    return api.build([docs], out, formats=formats, **kw)


@pytest.fixture()
def corpus(tmp_path: Path, examples_dir: Path) -> Path:
    docs = tmp_path / "docs"
    shutil.copytree(examples_dir, docs)
    return docs


def _same_outputs(a: Path, b: Path) -> None:
    written = [name for name in OUTPUTS if (a / name).exists()]
    assert written == [name for name in OUTPUTS if (b / name).exists()]
    assert "graph.ttl" in written
    for name in written:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name
    assert _store_quads(a) == _store_quads(b)


def test_two_jobs_and_one_give_the_same_bytes(corpus: Path, tmp_path: Path) -> None:
    one = _build(corpus, tmp_path / "one", jobs=1, cache=False)
    two = _build(corpus, tmp_path / "two", jobs=2, cache=False)
    assert one.documents == two.documents == 6
    _same_outputs(tmp_path / "one", tmp_path / "two")


def test_the_dataset_is_the_partition_of_the_graph(corpus: Path, tmp_path: Path) -> None:
    """The named graphs assembled from per-document parts are exactly what partitioning
    the whole graph gives, and the store holds them (plus the ontology)."""
    out = tmp_path / "out"
    _build(corpus, out)
    expected = ox.serialize(quads(read_triples(out / "graph.ttl")), format=ox.RdfFormat.N_QUADS)
    assert (out / "graph.nq").read_bytes() == expected


def test_an_unchanged_rebuild_reuses_every_part(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = _build(corpus, out)
    before = {name: (out / name).read_bytes() for name in OUTPUTS}
    again = _build(corpus, out)
    assert (first.cached, again.cached) == (0, first.documents)
    assert first.store_updated is None and again.store_updated == 0
    assert {name: (out / name).read_bytes() for name in OUTPUTS} == before


@pytest.mark.parametrize("formats", [FORMATS, ("graphml",)], ids=["with-dataset", "graphml-only"])
@pytest.mark.parametrize("update", [True, False], ids=["store-updated", "store-rebuilt"])
def test_an_edited_corpus_rebuilds_to_the_cold_graph(corpus: Path, tmp_path: Path, update: bool,
                                                     formats: tuple[str, ...], monkeypatch) -> None:
    """Edit, remove and add a document: the rebuild reuses the rest and its outputs and
    store equal a cold build's, whether the store's graphs are replaced in place (as for
    a small change in a large corpus) or the store is rebuilt (a large share changed).
    Without a dataset export, the build keeps only the changed documents' N-Quads, which
    the store's update reads."""
    from lmskg import store

    monkeypatch.setattr(store, "REBUILD_ABOVE", 1.0 if update else 0.1)
    out = tmp_path / "out"
    _build(corpus, out, formats)
    files = sorted(corpus.iterdir())
    with files[0].open("a", encoding="utf-8") as handle:  # edit one document
        handle.write("\nThe tumour was strongly positive for desmin and negative for KIT.\n")
    files[1].unlink()  # remove one
    (corpus / "new-report.txt").write_text(  # and add one
        "A 61-year-old woman had a leiomyosarcoma of the uterus with metastases to the lung.\n",
        encoding="utf-8")
    again = _build(corpus, out, formats)
    assert again.cached == len(files) - 2
    if update:  # the edited one (a new IRI: its old graph goes), the removed, the new one
        assert again.store_updated is not None and again.store_updated >= 4
    else:
        assert again.store_updated is None
    cold = _build(corpus, tmp_path / "cold", formats, cache=False)
    assert (again.documents, again.triples) == (cold.documents, cold.triples)
    _same_outputs(out, tmp_path / "cold")


def test_a_changed_configuration_reuses_nothing(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _build(corpus, out)
    unvalidated = _build(corpus, out, validate=False)
    assert unvalidated.cached == 0 and unvalidated.store_updated is None


def test_a_damaged_cache_or_manifest_is_rebuilt(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _build(corpus, out)
    (out / "cache.sqlite").write_bytes(b"not a database")
    (out / ".store.json").write_text("{", encoding="utf-8")
    again = _build(corpus, out)
    assert again.cached == 0 and again.store_updated is None
    cold = _build(corpus, tmp_path / "cold", cache=False)
    _same_outputs(out, tmp_path / "cold")
    assert again.cached == 0 and cold.documents == again.documents


@pytest.mark.parametrize(("name", "other"), [("PACKING", "pickle-5 zlib-1"),
                                             ("LAYOUT", "document graphs with descriptions")])
def test_a_cache_packed_or_laid_out_another_way_is_not_read_back(
        monkeypatch: pytest.MonkeyPatch, name: str, other: str) -> None:
    from lmskg import cache

    before = cache.configuration("vocabulary", None, True)
    monkeypatch.setattr(cache, name, other)
    assert cache.configuration("vocabulary", None, True) != before


def test_a_build_keeps_only_the_n_quads_it_reads_back(corpus: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """A new store and a dataset export read back all of the documents' N-Quads, from the
    one spool the assembly keeps, and so does an export from the in-memory store of a
    build without a store; a store's update reads only those of the graphs it replaces,
    and a build with neither store nor export none."""
    from lmskg import store
    from lmskg.assemble import Assembly

    kept: list[bool] = []
    add = Assembly.add

    def recording(self: Assembly, part, keep_nquads: bool = True) -> None:
        kept.append(keep_nquads)
        add(self, part, keep_nquads)
    monkeypatch.setattr(Assembly, "add", recording)
    monkeypatch.setattr(store, "REBUILD_ABOVE", 1.0)
    out = tmp_path / "out"
    _build(corpus, out, ("graphml",))
    assert kept and all(kept)
    kept.clear()
    _build(corpus, tmp_path / "nq", ("nquads",), cache=False)
    assert kept and all(kept)
    kept.clear()
    memory = _build(corpus, tmp_path / "memory", ("graphml",), store=False, cache=False)
    assert kept and all(kept)
    kept.clear()
    alone = _build(corpus, tmp_path / "alone", (), store=False, cache=False)
    assert kept and not any(kept)
    kept.clear()
    assert (tmp_path / "alone" / "graph.ttl").read_bytes() == (out / "graph.ttl").read_bytes()
    assert memory.exports and alone.validation is not None and not alone.exports
    with min(corpus.iterdir()).open("a", encoding="utf-8") as handle:
        handle.write("\nThe tumour was negative for KIT.\n")
    again = _build(corpus, out, ("graphml",))
    assert again.store_updated is not None and kept.count(True) == 1 and len(kept) == 6
