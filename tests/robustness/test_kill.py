"""A build killed with SIGKILL at any point leaves the previous outputs and store intact
and usable, and the next build succeeds and equals a cold build."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import networkx
import pyoxigraph as ox
import pytest

COMMAND = [sys.executable, "-m", "lmskg"]


def _build(docs: Path, out: Path, *extra: str, quiet: bool = True) -> subprocess.Popen:
    return subprocess.Popen([*COMMAND, "build", str(docs), "--out", str(out), "--jobs", "2",
                             *(["-q"] if quiet else []), *extra],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)


def _kill_at(process: subprocess.Popen, marker: str, out: Path, witness: str | None) -> bool:
    """SIGKILL the build (and its workers) as soon as it says it has started ``marker`` and,
    if ``witness`` is given, a non-empty file matching it exists in ``out``: then the kill
    lands in the middle of writing that file, not before or after. False if the build
    wrote that file and moved on before the poll saw it (a busy machine can make the
    window of a small file shorter than a poll), in which case it is left to finish."""
    said = []
    for line in process.stderr:
        said.append(line)
        if marker in line:
            break
    assert marker in "".join(said), f"the build ended before {marker!r}: {said}"
    while witness and not any(p.stat().st_size for p in out.glob(witness) if p.is_file()):
        if process.poll() is not None:
            return False
        time.sleep(0.0005)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    return True


def _turtle(out: Path) -> bytes:
    graph = (out / "graph.ttl").read_bytes()
    ox.parse(graph, format=ox.RdfFormat.TURTLE)  # complete and well-formed
    return graph


def _whole(out: Path) -> None:
    """Every other output is complete and well-formed too."""
    list(ox.parse(path=str(out / "validation.ttl"), format=ox.RdfFormat.TURTLE))
    assert networkx.read_graphml(out / "graph.graphml").number_of_nodes() > 0


# Each phase the build announces (marker, what changed, the file being written when the
# kill lands): while the workers run and their parts are spooled for the new store; in
# the middle of writing graph.ttl; loading the new store, compacting it, or replacing a
# changed document's graph in the old one; in the middle of writing GraphML; validating.
MARKERS = [("documents", "rebuild", ".assembly-*/parts.nq"),
           ("writing graph.ttl", "rebuild", ".graph.ttl.*.tmp"),
           ("loading the store", "rebuild", ".store.new-*/*"),
           ("compacting the store", "rebuild", ".store.new-*/*"), ("updating the store", "edit", None),
           ("writing graph.graphml", "rebuild", ".graph.graphml.*.tmp"),
           ("validating", "rebuild", None)]


#: times a scenario is set up again when the kill missed its window (see _kill_at)
ATTEMPTS = 3


def _killed_build(tmp: Path, corpus, store_documents, marker: str, change: str,
                  witness: str | None) -> tuple[Path, Path, tuple] | None:
    """Build, change the corpus, start the next build and kill it at ``marker``. Returns
    the corpus, the output folder and what it held before; None if the kill missed."""
    docs, out = tmp / "docs", tmp / "out"
    corpus(docs, copies=10)
    assert _build(docs, out).wait() == 0
    before = _turtle(out), store_documents(out)
    if change == "rebuild":  # twice the documents: the store is loaded anew
        corpus(docs, copies=20)
        extra = ["--no-cache"]
    else:  # one document edited: its graph is replaced in the store in place
        edited = min(docs.iterdir())
        edited.write_text(edited.read_text(encoding="utf-8") + "\nThe tumour was KIT-negative.\n",
                          encoding="utf-8")
        extra = []
    process = _build(docs, out, *extra, quiet=False)
    if not _kill_at(process, marker, out, witness):
        assert process.wait() == 0
        return None
    return docs, out, before


@pytest.mark.parametrize(("marker", "change", "witness"), MARKERS, ids=[m for m, _, _ in MARKERS])
def test_a_killed_build_loses_nothing(marker: str, change: str, witness: str | None,
                                      tmp_path: Path, corpus, store_documents) -> None:
    for attempt in range(ATTEMPTS):
        killed = _killed_build(tmp_path / f"try-{attempt}", corpus, store_documents, marker,
                               change, witness)
        if killed is not None:
            break
    else:
        pytest.fail(f"the build wrote {witness} too fast to be caught, {ATTEMPTS} times")
    docs, out, before = killed

    assert _build(docs, tmp_path / "cold", "--no-cache").wait() == 0
    after = _turtle(tmp_path / "cold"), store_documents(tmp_path / "cold")
    assert _turtle(out) in (before[0], after[0])  # whole: the old file, or the new one
    assert store_documents(out) in (before[1], after[1])  # whole: the old store, or the new one
    _whole(out)
    assert _build(docs, out).wait() == 0  # the next build succeeds
    assert (_turtle(out), store_documents(out)) == after  # and equals a cold build
    hidden = sorted(p.name for p in out.iterdir() if p.name.startswith("."))
    assert hidden == [".lock", ".store.gate", ".store.json", ".store.lock"]  # no leftovers


def test_a_run_killed_in_the_middle_of_the_swap_gets_its_store_back(tmp_path: Path, examples_dir: Path,
                                                                      store_documents) -> None:
    """Between moving the old store aside and moving the new one in, ``store`` does not
    exist; the next reader or build puts the old one back."""
    out = tmp_path / "out"
    assert _build(examples_dir, out).wait() == 0
    count = store_documents(out)
    (out / "store").rename(out / ".store.old-12345")  # as a kill at that moment leaves it
    assert store_documents(out) == count  # a reader restores it
    (out / "store").rename(out / ".store.old-12345")
    assert _build(examples_dir, out).wait() == 0  # and so does the next build
    assert store_documents(out) == count and not list(out.glob(".store.old-*"))
