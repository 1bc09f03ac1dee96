"""Making the documents' parts in the calling process (lmskg.pipeline.make_parts)."""

from __future__ import annotations

import gc
from dataclasses import replace
from pathlib import Path

import pytest

from lmskg.pipeline import YOUNG_GENERATION, Part, Settings, make_parts, unpack
from lmskg.vocabulary import fingerprint


def test_one_job_collects_less_often_while_it_runs_and_restores_the_collector(examples_dir: Path) -> None:
    items = [(p, p.name) for p in sorted(examples_dir.glob("*.txt"))[:3]]
    assert items
    before = gc.get_threshold()
    assert before[0] != YOUNG_GENERATION
    parts = make_parts(items, Settings(None, fingerprint()), jobs=1)
    seen = []
    for part, packed in parts:
        seen.append(gc.get_threshold()[0])
        assert isinstance(part, Part) and packed is None
    assert seen == [YOUNG_GENERATION] * len(items)
    assert gc.get_threshold() == before


def test_a_run_stopped_early_restores_the_collector(examples_dir: Path) -> None:
    items = [(p, p.name) for p in sorted(examples_dir.glob("*.txt"))[:3]]
    before = gc.get_threshold()
    parts = make_parts(items, Settings(None, fingerprint()), jobs=1)
    next(parts)
    parts.close()
    assert gc.get_threshold() == before


def test_workers_send_each_part_with_its_packed_form_only_when_asked(examples_dir: Path) -> None:
    items = [(p, p.name) for p in sorted(examples_dir.glob("*.txt"))[:4]]

    def untimed(part: Part) -> Part:
        return replace(part, check_seconds=0.0)
    alone = [untimed(part) for part, _ in make_parts(items, Settings(None, fingerprint()), jobs=1)]
    packed = list(make_parts(items, Settings(None, fingerprint(), packed=True), jobs=2))
    plain = list(make_parts(items, Settings(None, fingerprint()), jobs=2))
    assert [untimed(part) for part, _ in packed] == alone == [untimed(part) for part, _ in plain]
    assert [untimed(unpack(data)) for _, data in packed] == alone  # what the cache stores
    assert all(data is None for _, data in plain)


def test_a_build_collects_less_often_while_it_runs_and_restores_the_collector(
        examples_dir: Path, tmp_path: Path) -> None:
    """The build's own process sums every part, so it too collects every YOUNG_GENERATION
    allocations while it runs (its progress callback sees that), and then puts the
    caller's setting back, also when the build fails."""
    from lmskg import api

    paths = sorted(examples_dir.glob("*.txt"))[:2]
    before = gc.get_threshold()
    seen: list[int] = []
    api.build(paths, tmp_path / "out", jobs=1, store=False, validate=False,
              progress=lambda *_: seen.append(gc.get_threshold()[0]))
    assert seen and set(seen) == {YOUNG_GENERATION}
    assert gc.get_threshold() == before

    class Stop(Exception):
        pass

    def stop(event: str, *_) -> None:  # fails the build while it sums the parts
        if event == "read":
            assert gc.get_threshold()[0] == YOUNG_GENERATION
            raise Stop
    with pytest.raises(Stop):
        api.build(paths, tmp_path / "failed", jobs=1, store=False, validate=False, progress=stop)
    assert gc.get_threshold() == before


def test_a_chunk_is_made_with_the_collector_paused_and_its_cycles_collected_after(
        examples_dir: Path) -> None:
    """The collector waits while a chunk's parts are made (their work is alive until
    then), and the cycles the chunk made are gone once it is made."""
    import weakref

    class Node:
        pass

    enabled: list[bool] = []
    cycles: list[weakref.ref] = []

    def checker(triples):  # runs inside the chunk, after its documents are extracted
        enabled.append(gc.isenabled())
        node = Node()
        node.me = node  # garbage only a collection frees
        cycles.append(weakref.ref(node))
        return []

    items = [(p, p.name) for p in sorted(examples_dir.glob("*.txt"))[:2]]
    assert gc.isenabled()
    parts = list(make_parts(items, Settings(None, fingerprint(), checker=checker), jobs=1))
    assert len(parts) == len(items) and all(isinstance(p, Part) for p, _ in parts)
    assert enabled == [False] * len(items)
    assert gc.isenabled()
    assert cycles and all(ref() is None for ref in cycles)


def test_a_caller_that_turned_the_collector_off_keeps_it_off(examples_dir: Path) -> None:
    items = [(p, p.name) for p in sorted(examples_dir.glob("*.txt"))[:1]]
    gc.disable()
    try:
        list(make_parts(items, Settings(None, fingerprint()), jobs=1))
        assert not gc.isenabled()
    finally:
        gc.enable()
