"""Fault injection: every kind of corruption of a valid graph is reported by the shapes."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from faults import DETECTED, FAULTS, corrupted_and_report

from lmskg.validate import validate


def test_the_valid_graph_conforms(base_graph: list[ox.Triple]) -> None:
    report = validate(base_graph, jobs=1)
    assert report.conforms, [r for r in report.results if r.severity == "Violation"][:3]
    assert report.counts()["Violation"] == 0


def test_there_are_at_least_twelve_kinds_of_fault() -> None:
    assert len(FAULTS) >= 12


@pytest.mark.parametrize("name", sorted(FAULTS))
def test_the_fault_is_reported_as_a_violation(name: str, base_graph: list[ox.Triple]) -> None:
    corrupted, shape, report = corrupted_and_report(name, base_graph)
    assert set(corrupted) != set(base_graph), "the fault changed nothing"
    hits = [r for r in report.results if r.severity == "Violation" and r.shape == shape]
    DETECTED[name] = bool(hits)
    assert hits, f"{name}: no violation from {shape}; got {sorted({r.shape for r in report.results})}"
    assert not report.conforms
