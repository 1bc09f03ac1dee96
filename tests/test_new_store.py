"""The new store a build loads once its documents are done: swapped in whole, and thrown
away, leaving the previous store as it was, when loading fails or is interrupted. Each
call that could hang runs under a time limit, so a hang fails its test. Last, what a
build reads back from the store it has just written: the sentences its validation results
are joined to."""

from __future__ import annotations

import threading
from pathlib import Path

import pyoxigraph as ox
import pytest

from lmskg import api
from lmskg import store as storage
from lmskg.errors import LmskgError
from lmskg.store import ONTOLOGY_GRAPH, STORE_DIR, load_new_store, open_store

P = ox.NamedNode("https://example.org/p")


def piece(i: int) -> bytes:
    return ox.serialize([ox.Quad(ox.NamedNode(f"https://example.org/s{i}"), P, ox.Literal(str(i)),
                                 ox.NamedNode(f"https://example.org/g{i % 3}"))],
                        format=ox.RdfFormat.N_QUADS)


def values(store: ox.Store) -> set[int]:
    return {int(q.object.value) for q in store.quads_for_pattern(None, P, None)}


def leftovers(folder: Path) -> list[str]:
    """Temporary stores: a new one being filled, an old one being replaced."""
    return sorted(p.name for p in folder.iterdir()
                  if p.name.startswith((f".{STORE_DIR}.new-", f".{STORE_DIR}.old-")))


def within(seconds: float, call):
    """call() in a thread; fails (instead of hanging the suite) if it has not returned."""
    out: dict = {}

    def run() -> None:
        try:
            out["value"] = call()
        except BaseException as exc:  # noqa: BLE001 (handed to the test)
            out["error"] = exc
    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"still running after {seconds} s"
    if "error" in out:
        raise out["error"]
    return out["value"]


@pytest.mark.parametrize("batch", [storage.BATCH_BYTES, 300])
def test_the_store_is_swapped_in_whole(tmp_path: Path, monkeypatch, batch: int) -> None:
    monkeypatch.setattr(storage, "BATCH_BYTES", batch)  # 300 bytes: a bulk load per few pieces
    load_new_store(tmp_path, [piece(1000)])
    seen = []

    def pieces():
        for i in range(200):
            if i == 100:  # half-way through the load
                seen.append(values(open_store(tmp_path)))
            yield piece(i)
    assert within(60, lambda: load_new_store(tmp_path, pieces())) == tmp_path / STORE_DIR
    assert seen == [{1000}]  # the previous store until the swap
    store = open_store(tmp_path)
    assert values(store) == set(range(200))
    assert any(True for _ in store.quads_for_pattern(None, None, None, ox.NamedNode(ONTOLOGY_GRAPH)))
    assert leftovers(tmp_path) == []


def test_a_failed_load_keeps_the_previous_store(tmp_path: Path, monkeypatch) -> None:
    load_new_store(tmp_path, [piece(7)])
    monkeypatch.setattr(storage, "BATCH_BYTES", 300)
    pieces = [b"this is not N-Quads\n", *(piece(i) for i in range(500))]  # many batches after the bad one
    with pytest.raises(LmskgError, match="could not load the store: .*subject"):
        within(60, lambda: load_new_store(tmp_path, pieces))
    assert values(open_store(tmp_path)) == {7}
    assert leftovers(tmp_path) == []


def test_a_load_that_fails_in_its_last_batch_is_reported(tmp_path: Path) -> None:
    pieces = [piece(1), b"<https://example.org/s> broken\n"]  # one batch, the last
    with pytest.raises(LmskgError, match="could not load the store"):
        within(60, lambda: load_new_store(tmp_path, pieces))
    assert not (tmp_path / STORE_DIR).exists()
    assert leftovers(tmp_path) == []


def test_an_interrupted_load_leaves_nothing(tmp_path: Path) -> None:
    def pieces():
        yield piece(1)
        raise KeyboardInterrupt
    with pytest.raises(KeyboardInterrupt):
        within(60, lambda: load_new_store(tmp_path, pieces()))
    assert not (tmp_path / STORE_DIR).exists()
    assert leftovers(tmp_path) == []


CONTRADICTION = ("The leiomyosarcoma was diffusely positive for desmin.\n\n"
                 "On review, the leiomyosarcoma was negative for desmin.\n")


@pytest.mark.parametrize("store", [True, False])
def test_a_builds_validation_results_quote_their_sentences(tmp_path: Path, store: bool) -> None:
    """The build joins each result to its sentence, read from the new store (or, without
    a store, from one made in memory)."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "markers.txt").write_text(CONTRADICTION, encoding="utf-8")
    report = api.build([docs], tmp_path / "out", jobs=1, store=store)
    found = [r for r in report.validation.results if r.shape.endswith("SameDocumentContradictionShape")]
    assert found, report.validation.results
    for r in found:
        assert r.document == "markers.txt"
        assert r.sentence == "The leiomyosarcoma was diffusely positive for desmin."
        assert CONTRADICTION[r.start:r.end] == "desmin" and r.sentence_start == 0
    assert (tmp_path / "out" / STORE_DIR).is_dir() == store
    assert leftovers(tmp_path / "out") == []


def test_a_build_reports_each_graph_it_hands_to_a_new_store_then_the_compaction(
        examples_dir: Path, tmp_path: Path) -> None:
    """A new store's loading is long at scale: the build counts the graphs handed to it
    (each document's, then the shared graph) and says when the compaction begins. A store
    updated in place, or no store, reports neither."""
    paths = sorted(examples_dir.glob("*.txt"))
    events: list[tuple[str, str, int, int]] = []
    report = api.build(paths, tmp_path / "out", jobs=1, progress=lambda *event: events.append(event))
    total = report.documents + 1
    assert [(done, of) for event, _, done, of in events if event == "stored"] == [
        (n, total) for n in range(1, total + 1)]
    order = [item if event == "phase" else event for event, item, _, _ in events
             if event in ("phase", "stored")]
    assert order.index("loading the store") < order.index("stored")
    last = len(order) - 1 - order[::-1].index("stored")
    assert order[last + 1] == "compacting the store"
    assert order.index("compacting the store") < order.index("writing graph.graphml")

    for store, phase in ((True, "updating the store"), (False, None)):  # the corpus unchanged
        events.clear()
        api.build(paths, tmp_path / "out", jobs=1, store=store,
                  progress=lambda *event: events.append(event))
        phases = [item for event, item, _, _ in events if event == "phase"]
        assert "stored" not in [event for event, *_ in events]
        assert "compacting the store" not in phases
        assert (phase in phases) if phase else not any("store" in p for p in phases)
