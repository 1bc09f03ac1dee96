"""The graphs of the bundled examples (always) and of the shared seed and development
corpora (when they are next to the repository) conform to the shapes."""

from __future__ import annotations

from pathlib import Path

import pytest

from lmskg import api

SHARED = Path(__file__).resolve().parents[3] / "shared"


def test_the_examples_graph_conforms(built_examples: Path) -> None:
    report = api.validate(built_examples, jobs=1)
    assert report.conforms, [r for r in report.results if r.severity == "Violation"][:3]


@pytest.mark.parametrize("corpus", ["seeds", "eval/dev/docs"])
def test_the_shared_corpora_conform(corpus: str, tmp_path: Path) -> None:
    docs = SHARED / corpus
    if not docs.is_dir():
        pytest.skip(f"{docs} is not next to this checkout")
    report = api.build([docs], tmp_path, jobs=1)
    assert report.documents and report.validation is not None
    assert report.validation.conforms, [r for r in report.validation.results
                                        if r.severity == "Violation"][:3]
