"""A small valid graph to corrupt (two documents, built once), and the tally of detected
faults printed at the end of the test run."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from faults import DETECTED

from lmskg import api
from lmskg.graphio import read_triples


@pytest.fixture(scope="session")
def base_graph(tmp_path_factory: pytest.TempPathFactory, examples_dir: Path) -> list[ox.Triple]:
    out = tmp_path_factory.mktemp("fault-base")
    docs = [examples_dir / "case-report-ivc.txt", examples_dir / "cutaneous-lms-notes.txt"]
    report = api.build(docs, out, validate=False)
    assert report.documents == 2
    return read_triples(report.graph)


def pytest_terminal_summary(terminalreporter) -> None:
    if DETECTED:
        found = sum(DETECTED.values())
        terminalreporter.write_line(
            f"SHACL fault injection: {found}/{len(DETECTED)} injected faults detected"
            + ("" if found == len(DETECTED) else
               f" (missed: {', '.join(k for k, v in DETECTED.items() if not v)})"))
