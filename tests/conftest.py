"""Shared fixtures: the bundled examples and a built graph of them (built once)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "docs"


@pytest.fixture(scope="session")
def examples_dir() -> Path:
    return EXAMPLES


@pytest.fixture(scope="session")
def built_examples(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """graph.ttl of the example corpus, built through the library."""
    from lmskg import api

    out = tmp_path_factory.mktemp("examples-build")
    report = api.build([EXAMPLES], out)
    assert report.documents == 6 and not report.failures
    return report.graph
