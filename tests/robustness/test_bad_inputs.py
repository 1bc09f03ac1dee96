"""Whatever a folder holds: each bad file gets one line, the batch goes on, the summary
counts the failures and the exit code is 3; --fail-fast stops at the first instead."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from lmskg import api
from lmskg.cli import main

GOOD = "Leiomyosarcoma of the uterus was positive for desmin and negative for KIT.\n"

#: file name -> (bytes, readable?) ; each readable one states one positive marker
MATRIX: dict[str, tuple[bytes, bool]] = {
    "zero-bytes.txt": (b"", False),
    "image-renamed.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00", False),
    "invalid-utf8.txt": (b"Leiomyosarcoma of the stomach \xff\xfe was positive for desmin.\n", True),
    "utf8-bom.txt": (("\ufeff" + GOOD).encode("utf-8"), True),
    "utf16-le.txt": (("\ufeff" + GOOD).encode("utf-16-le"), True),
    "utf16-be.txt": (("\ufeff" + GOOD).encode("utf-16-be"), True),
    "cp1252.txt": ("The \u201cleiomyosarcoma\u201d of the uterus \u2013 positive for desmin.\n"
                   .encode("cp1252"), True),
    "page.html": ((b"<html><head><style>p { color: red }</style>"
                   b"<script>var t = 'leiomyosarcoma metastasised to the brain';</script></head>"
                   b"<body><p>Leiomyosarcoma of the uterus &amp; positive for desmin.</p></body></html>"),
                  True),
}


def _run(*args: str):
    return CliRunner().invoke(main, list(args))


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    docs = tmp_path / "docs"
    docs.mkdir()
    for name, (data, _) in MATRIX.items():
        (docs / name).write_bytes(data)
    (docs / "loop").mkdir()
    (docs / "loop" / "up").symlink_to("..")  # a symlink loop
    return docs


def test_the_batch_goes_on_past_every_bad_file(folder: Path, tmp_path: Path) -> None:
    result = _run("build", str(folder), "--out", str(tmp_path / "out"), "--no-store")
    readable = [n for n, (_, ok) in MATRIX.items() if ok]
    unreadable = [n for n, (_, ok) in MATRIX.items() if not ok]
    assert result.exit_code == 3, result.output
    assert f"{len(readable)} documents" in result.output
    for name in unreadable:  # one line each, naming the file and the problem
        lines = [line for line in result.output.splitlines() if name in line]
        assert len(lines) == 1 and lines[0].startswith("skipped: ")
    assert f"{len(unreadable)} input(s) could not be read" in result.output
    facts = api.read_facts(tmp_path / "out" / "graph.ttl")
    markers = {r["document"] for r in facts if r["object"] == "HGNC:2770" and r["polarity"] == "positive"}
    assert markers == set(readable)  # every encoding decoded to the same statement
    assert not any("brain" in str(r["object_label"]).lower() for r in facts)  # no <script> text


def test_fail_fast_stops_at_the_first_bad_file_and_keeps_the_previous_outputs(
        folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    good = tmp_path / "good"
    good.mkdir()
    (good / "report.txt").write_text(GOOD, encoding="utf-8")
    assert _run("build", str(good), "--out", str(out)).exit_code == 0
    before = (out / "graph.ttl").read_bytes()
    result = _run("build", str(folder), "--out", str(out), "--fail-fast", "--quiet")
    assert result.exit_code == 2
    assert result.output.strip().count("\n") == 0, result.output  # one line
    assert "image-renamed.txt" in result.output or "zero-bytes.txt" in result.output
    assert (out / "graph.ttl").read_bytes() == before
    assert not [p for p in out.iterdir() if p.name.startswith((".assembly", ".store.new"))]
    assert _run("query", "--store", str(out), "SELECT * { ?s ?p ?o } LIMIT 1").exit_code == 0


def test_an_unsupported_file_named_explicitly_is_reported(tmp_path: Path) -> None:
    pdf = tmp_path / "paper.pdf"
    pdf.write_bytes(b"%PDF-1.4\n")
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    result = _run("build", str(pdf), str(good), "--out", str(tmp_path / "out"), "--no-store")
    assert result.exit_code == 3
    assert "paper.pdf" in result.output and "1 documents" in result.output


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads anything")
def test_an_unreadable_file_is_reported(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text(GOOD, encoding="utf-8")
    secret.chmod(0)
    try:
        result = _run("build", str(secret), "--out", str(tmp_path / "out"), "--no-store")
    finally:
        secret.chmod(0o600)
    assert result.exit_code == 3 and "secret.txt" in result.output


def test_a_file_that_vanishes_during_the_run_is_reported(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    for n in range(3):
        (docs / f"report-{n}.txt").write_text(GOOD.replace("uterus", f"uterus ({n})"), encoding="utf-8")

    def progress(event: str, path: str, done: int, total: int) -> None:
        if done == 1:  # after the first document, the last one goes away
            (docs / "report-2.txt").unlink()

    report = api.build([docs], tmp_path / "out", progress=progress, jobs=1, store=False)
    assert report.documents == 2
    assert [Path(f.path).name for f in report.failures] == ["report-2.txt"]
    assert "no such file" in str(report.failures[0])
