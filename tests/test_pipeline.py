"""Making the documents' parts in the calling process (lmskg.pipeline.make_parts)."""

from __future__ import annotations

import gc
from pathlib import Path

from lmskg.pipeline import YOUNG_GENERATION, Part, Settings, make_parts
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
