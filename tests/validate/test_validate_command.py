"""`lmskg validate` and validation inside `lmskg build`, in-process with real files."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from click.testing import CliRunner
from faults import FAULTS
from rdflib.namespace import SH

from lmskg import api
from lmskg import validate as validate_module
from lmskg.cli import main
from lmskg.graphio import read_triples
from lmskg.validate import validate


def _run(*args: str):
    return CliRunner().invoke(main, list(args))


def _write(triples: list[ox.Triple], path: Path) -> Path:
    path.write_bytes(ox.serialize(triples, format=ox.RdfFormat.TURTLE))
    return path


def test_a_valid_graph_conforms_with_exit_code_0(built_examples: Path) -> None:
    result = _run("validate", str(built_examples))
    assert result.exit_code == 0, result.output
    assert "conforms: 0 violation(s)" in result.output.splitlines()[0]


def test_a_broken_graph_exits_1_and_the_report_quotes_the_sentence(tmp_path: Path, base_graph) -> None:
    broken, _ = FAULTS["text_differs_from_sentence"](list(base_graph))
    graph = _write(broken, tmp_path / "broken.ttl")
    result = _run("validate", str(graph))
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert "does NOT conform" in lines[0]
    assert any(line.startswith("Violation lmskgsh:EvidenceShape") for line in lines)
    # the failing evidence is shown with its document, offsets and the sentence, span marked
    where = next(i for i, line in enumerate(lines) if "/evidence/" in line and line.strip().startswith("-"))
    assert ".txt " in lines[where + 1] and "[" in lines[where + 1]


def test_json_report_joins_results_to_documents_and_sentences(built_examples: Path) -> None:
    result = _run("validate", str(built_examples), "--format", "json")
    body = json.loads(result.output)
    assert body["conforms"] is True and body["counts"]["Violation"] == 0
    warnings = [r for r in body["results"] if r["severity"] == "Warning"]
    assert warnings and all(r["document"] and r["sentence"] and r["start"] < r["end"] for r in warnings)


def test_turtle_report_is_a_standard_validation_report_and_deterministic(tmp_path: Path, base_graph) -> None:
    broken, _ = FAULTS["offsets_swapped"](list(base_graph))
    graph = _write(broken, tmp_path / "broken.ttl")
    first = _run("validate", str(graph), "--format", "turtle", "--out", str(tmp_path / "a.ttl"))
    second = _run("validate", str(graph), "--format", "turtle", "--out", str(tmp_path / "b.ttl"), "-j", "2")
    assert first.exit_code == second.exit_code == 1
    assert (tmp_path / "a.ttl").read_bytes() == (tmp_path / "b.ttl").read_bytes()
    report = rdflib.Graph().parse(tmp_path / "a.ttl", format="turtle")
    node = report.value(None, rdflib.RDF.type, SH.ValidationReport)
    assert report.value(node, SH.conforms).toPython() is False
    results = list(report.objects(node, SH.result))
    assert results
    for r in results:
        for p in (SH.focusNode, SH.resultSeverity, SH.sourceShape, SH.sourceConstraintComponent,
                  SH.resultMessage):
            assert report.value(r, p) is not None, p


@pytest.mark.parametrize("content, problem", [(None, "no such graph file"),
                                              ("@prefix x: <y> .\nthis is not turtle", "not valid")])
def test_bad_input_exits_2_with_one_line_naming_the_file(tmp_path: Path, content, problem) -> None:
    path = tmp_path / "g.ttl"
    if content is not None:
        path.write_text(content)
    result = _run("validate", str(path))
    assert result.exit_code == 2
    assert str(path) in result.output and problem in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_a_bad_shapes_file_is_bad_input(tmp_path: Path, built_examples: Path) -> None:
    shapes = tmp_path / "s.ttl"
    shapes.write_text("not turtle at all")
    result = _run("validate", str(built_examples), "--shapes", str(shapes))
    assert result.exit_code == 2 and "s.ttl" in result.output


def test_user_shapes_replace_the_bundled_ones(tmp_path: Path, built_examples: Path) -> None:
    shapes = tmp_path / "title.ttl"
    shapes.write_text("""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        @prefix lmskg: <https://w3id.org/lmskg/ontology#> .
        <urn:x:DoiRequired> a sh:NodeShape ; sh:targetClass lmskg:Document ;
            sh:property [ sh:path lmskg:doi ; sh:minCount 1 ] .
    """)
    result = _run("validate", str(built_examples), "--shapes", str(shapes), "--limit", "0")
    assert result.exit_code == 1  # the patient page has no DOI
    assert "uterine-lms-patient-page.md" in result.output


def test_results_do_not_depend_on_batching_or_processes(base_graph, monkeypatch) -> None:
    """Per-document parts, one batch or several, one process or two: the same report."""
    broken = list(base_graph)
    for name in ("offsets_swapped", "missing_label", "direct_triple_without_assertion",
                 "document_without_provenance", "duplicate_subject"):
        broken, _ = FAULTS[name](broken)
    whole = validate(broken, jobs=1)
    monkeypatch.setattr(validate_module, "BATCH_TRIPLES", 1)
    split = validate(broken, jobs=2)
    assert split.batches > whole.batches
    assert whole.results == split.results
    assert {r.shape for r in whole.results if r.severity == "Violation"} >= {
        "https://w3id.org/lmskg/shapes#Evidence-begin", "https://w3id.org/lmskg/shapes#Concept-label",
        "https://w3id.org/lmskg/shapes#DirectStatementShape",
        "https://w3id.org/lmskg/shapes#Document-usedBy", "https://w3id.org/lmskg/shapes#Assertion-subject"}


def test_build_writes_the_validation_report_and_can_skip_it(tmp_path: Path, examples_dir: Path) -> None:
    doc = examples_dir / "case-report-ivc.txt"
    result = _run("build", str(doc), "--out", str(tmp_path / "a"))
    assert result.exit_code == 0, result.output
    assert "validation: conforms" in result.output
    report = rdflib.Graph().parse(tmp_path / "a" / "validation.ttl", format="turtle")
    assert (None, SH.conforms, rdflib.Literal(True)) in report
    result = _run("build", str(doc), "--out", str(tmp_path / "b"), "--no-validate")
    assert result.exit_code == 0 and "validation" not in result.output
    assert not (tmp_path / "b" / "validation.ttl").exists()


def test_build_exits_1_on_violations_but_writes_everything(tmp_path: Path, examples_dir: Path,
                                                           monkeypatch) -> None:
    """A defect in the pipeline (here: evidence dropped while building) is caught."""
    from lmskg import graph, pipeline

    real = graph.document_graph

    def without_evidence(document, statements):
        return {t for t in real(document, statements) if not t.predicate.value.endswith("#evidence")}

    monkeypatch.setattr(pipeline, "document_graph", without_evidence)
    result = _run("build", str(examples_dir / "case-report-ivc.txt"), "--out", str(tmp_path))
    assert result.exit_code == 1
    assert "does NOT conform" in result.output
    assert (tmp_path / "graph.ttl").stat().st_size > 0
    report = validate(read_triples(tmp_path / "graph.ttl"), jobs=1)
    assert not report.conforms
    written = rdflib.Graph().parse(tmp_path / "validation.ttl", format="turtle")
    assert (None, SH.conforms, rdflib.Literal(False)) in written


def test_both_engines_print_the_same_report(tmp_path: Path, examples_dir: Path) -> None:
    """`--engine lmskg` and `--engine pyshacl` give the same text report (bar timing)."""
    graph = api.build([examples_dir], tmp_path, validate=False, store=False, formats=()).graph
    outputs = []
    for engine in ("lmskg", "pyshacl"):
        result = _run("validate", str(graph), "--engine", engine, "--limit", "0")
        assert result.exit_code == 0, result.output
        outputs.append(re.sub(r"\d+\.\d+ s\)", "", result.output))
    assert outputs[0] == outputs[1]
    assert "warning" in outputs[0]
