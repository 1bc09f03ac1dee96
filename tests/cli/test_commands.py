"""The command line, in-process (CliRunner) with real files."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from click.testing import CliRunner

from lmskg.cli import main
from lmskg.facts import COLUMNS


def _run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_build_prints_a_summary_and_writes_the_graph(tmp_path: Path, examples_dir: Path) -> None:
    result = _run("build", str(examples_dir), "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert "6 documents" in result.output and "statements" in result.output
    assert "marker" in result.output
    assert (tmp_path / "out" / "graph.ttl").stat().st_size > 1000


def test_facts_formats(built_examples: Path) -> None:
    tsv = _run("facts", str(built_examples), "--format", "tsv")
    assert tsv.exit_code == 0
    header, *rows = tsv.output.splitlines()
    assert header.split("\t") == list(COLUMNS)
    assert rows and all(len(r.split("\t")) == len(COLUMNS) for r in rows)
    as_csv = list(csv.DictReader(io.StringIO(_run("facts", str(built_examples), "--format", "csv").output)))
    as_json = json.loads(_run("facts", str(built_examples), "--format", "json").output)
    assert len(as_csv) == len(as_json) == len(rows)
    assert {r["polarity"] for r in as_json} == {"positive", "negative"}
    assert all(r["object"].split(":")[0] in {"NCIT", "UBERON", "HGNC", "HP", "MAXO", "MONDO", "CHEBI", "LMSKG"}
               for r in as_json)


def test_facts_to_file(tmp_path: Path, built_examples: Path) -> None:
    out = tmp_path / "facts.tsv"
    assert _run("facts", str(built_examples), "--out", str(out)).exit_code == 0
    assert out.read_text().startswith("document\t")


def test_bad_file_is_reported_and_the_batch_goes_on(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "good.txt").write_text("Leiomyosarcoma of the uterus was positive for desmin.\n")
    (docs / "bad.txt").write_bytes(b"\x00\x01\x02binary\x00")
    result = CliRunner().invoke(main, ["build", str(docs), "--out", str(tmp_path / "o")])
    assert result.exit_code == 3
    assert "bad.txt" in result.output and "1 documents" in result.output
    assert (tmp_path / "o" / "graph.ttl").exists()


def test_missing_input_and_missing_graph_are_one_line_errors(tmp_path: Path) -> None:
    result = _run("facts", str(tmp_path / "nope.ttl"))
    assert result.exit_code == 2
    assert result.output.strip().count("\n") == 0 and "nope.ttl" in result.output
    broken = tmp_path / "broken.ttl"
    broken.write_text("this is not turtle <")
    result = _run("facts", str(broken))
    assert result.exit_code == 2 and "broken.ttl" in result.output


def test_help_teaches(examples_dir: Path) -> None:
    result = _run("--help")
    assert result.exit_code == 0 and "lmskg build" in result.output
    assert "primary_site" in _run("build", "--help").output
