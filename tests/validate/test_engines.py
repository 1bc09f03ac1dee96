"""The shapes are standard SHACL: a second, independent engine (rudof, written in Rust)
agrees with pyshacl on the valid graph and on every corrupted one."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from faults import FAULTS, corrupted_and_report

from lmskg.resources import ontology_file
from lmskg.validate import default_shapes, validate

pyrudof = pytest.importorskip("pyrudof")


def _rudof_violations(triples: list[ox.Triple]) -> set[tuple[str, str]]:
    """(source shape, focus node) of every violation rudof reports. The ontology goes in
    with the data, as pyshacl's ont_graph does, so rdfs:subClassOf is seen by sh:class."""
    rudof = pyrudof.Rudof(pyrudof.RudofConfig())
    data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode()
    rudof.read_data(data, format=pyrudof.RDFFormat.NTriples)
    rudof.read_data(str(ontology_file()), format=pyrudof.RDFFormat.Turtle, merge=True)
    for path in default_shapes():
        rudof.read_shacl(str(path))
    report = rudof.validate_shacl()
    return {(str(r.source_shape), str(r.focus_node)) for r in report
            if str(r.severity).endswith("Violation")}


def _violations(report) -> set[tuple[str, str]]:
    return {(r.shape, r.focus.value) for r in report.results if r.severity == "Violation"}


def test_both_engines_find_no_violation_in_the_valid_graph(base_graph) -> None:
    assert _rudof_violations(base_graph) == _violations(validate(base_graph, jobs=1)) == set()


@pytest.mark.parametrize("name", sorted(FAULTS))
def test_both_engines_report_the_same_violations(name: str, base_graph) -> None:
    corrupted, shape, report = corrupted_and_report(name, base_graph)
    ours, theirs = _violations(report), _rudof_violations(corrupted)
    assert any(s == shape for s, _ in theirs), f"rudof missed {shape}: {sorted(theirs)}"
    assert ours == theirs
