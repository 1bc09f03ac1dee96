"""A build killed with SIGKILL at any point leaves the previous outputs and store intact
and usable, and the next build succeeds and equals a cold build."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from lmskg.store import open_store

COMMAND = [sys.executable, "-c", "import sys; from lmskg.cli import main; sys.exit(main())"]


def _corpus(examples_dir: Path, folder: Path, copies: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(copies):
        for doc in sorted(examples_dir.iterdir()):
            text = doc.read_text(encoding="utf-8") + f"\nCopy {n} of this report.\n"
            (folder / f"{doc.stem}-{n}{doc.suffix}").write_text(text, encoding="utf-8")


def _build(docs: Path, out: Path, *extra: str) -> subprocess.Popen:
    return subprocess.Popen([*COMMAND, "build", str(docs), "--out", str(out), "--jobs", "2", "-q", *extra],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)


def _documents(out: Path) -> int:
    store = open_store(out)
    query = ("SELECT (COUNT(DISTINCT ?d) AS ?n) "
             "{ GRAPH ?d { ?d a <https://w3id.org/lmskg/ontology#Document> } }")
    return int(next(iter(store.query(query)))["n"].value)


def _state(out: Path) -> tuple[bytes, int]:
    graph = (out / "graph.ttl").read_bytes()
    ox.parse(graph, format=ox.RdfFormat.TURTLE)  # complete and well-formed
    return graph, _documents(out)


@pytest.mark.parametrize("fraction", [0.15, 0.4, 0.65, 0.9])
def test_a_killed_build_loses_nothing(fraction: float, tmp_path: Path, examples_dir: Path) -> None:
    docs, out = tmp_path / "docs", tmp_path / "out"
    _corpus(examples_dir, docs, copies=10)
    started = time.perf_counter()
    assert _build(docs, out).wait() == 0
    duration = time.perf_counter() - started
    before = _state(out)
    _corpus(examples_dir, docs, copies=20)  # twice the documents: the next build differs

    victim = _build(docs, out, "--no-cache")
    time.sleep(duration * 2 * fraction)
    os.killpg(victim.pid, signal.SIGKILL)
    victim.wait()

    after = _state(out)  # the old outputs, or (killed after a rename) new complete ones
    if after[0] == before[0]:
        assert after[1] == before[1]
    assert _build(docs, out).wait() == 0  # the next build succeeds
    final = _state(out)
    assert final[1] == 120
    assert _build(docs, tmp_path / "cold", "--no-cache").wait() == 0
    assert final[0] == (tmp_path / "cold" / "graph.ttl").read_bytes()
    leftovers = [p.name for p in out.iterdir() if p.name.startswith(".") and p.name != ".store.json"]
    assert leftovers == []


def test_a_run_killed_in_the_middle_of_the_swap_gets_its_store_back(tmp_path: Path, examples_dir: Path) -> None:
    """Between moving the old store aside and moving the new one in, ``store`` does not
    exist; the next reader or build puts the old one back."""
    out = tmp_path / "out"
    assert _build(examples_dir, out).wait() == 0
    count = _documents(out)
    (out / "store").rename(out / ".store.old-12345")  # as a kill at that moment leaves it
    assert _documents(out) == count  # a reader restores it
    (out / "store").rename(out / ".store.old-12345")
    assert _build(examples_dir, out).wait() == 0  # and so does the next build
    assert _documents(out) == count and not list(out.glob(".store.old-*"))
