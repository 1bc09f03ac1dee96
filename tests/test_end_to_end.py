"""Build the bundled example corpus and check the facts read back from the graph."""

from __future__ import annotations

import csv
from pathlib import Path

from lmskg import api

Fact = tuple[str, str, str, str]


def _expected(examples: Path) -> set[Fact]:
    with (examples.parent / "expected.tsv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    return {(r["document"], r["relation"], r["object"], r["polarity"]) for r in rows if r["object"]}


def _predicted(graph: Path) -> set[Fact]:
    return {(r["document"], r["relation"], r["object"], r["polarity"]) for r in api.read_facts(graph)}


def test_examples_agree_with_hand_made_facts(examples_dir: Path, built_examples: Path) -> None:
    expected, predicted = _expected(examples_dir), _predicted(built_examples)
    scored = {f for f in predicted if f[2].split(":")[0] != "LMSKG"}
    tp = len(expected & scored)
    precision, recall = tp / len(scored), tp / len(expected)
    assert precision >= 0.9, sorted(scored - expected)
    assert recall >= 0.9, sorted(expected - scored)


def test_key_facts_of_each_relation(built_examples: Path) -> None:
    facts = _predicted(built_examples)
    must = {
        ("case-report-ivc.txt", "primary_site", "UBERON:0001072", "positive"),  # IVC
        ("case-report-ivc.txt", "metastasis_site", "UBERON:0002107", "positive"),  # liver
        ("case-report-ivc.txt", "marker", "HGNC:2770", "positive"),  # desmin
        ("case-report-ivc.txt", "marker", "HGNC:6342", "negative"),  # CD117
        ("pathology-markers.txt", "marker", "HGNC:1662", "negative"),  # CD34 under a heading
        ("gastric-lms-abstract.txt", "metastasis_site", "UBERON:0000029", "negative"),  # no LN mets
        ("uterine-lms-patient-page.md", "treatment", "MAXO:0001063", "negative"),  # LND not recommended
        ("retroperitoneal-lms-reference.html", "differential", "NCIT:C3868", "positive"),  # GIST
        ("retroperitoneal-lms-reference.html", "imaging", "NCIT:C17204", "positive"),  # CT
        ("cutaneous-lms-notes.txt", "treatment", "NCIT:C15313", "negative"),  # radiotherapy not given
    }
    assert must <= facts, sorted(must - facts)


def test_page_chrome_produces_no_facts(built_examples: Path) -> None:
    # the HTML page advertises PET/MRI screening in an ad block the reader strips
    rows = [r for r in api.read_facts(built_examples) if r["document"].endswith(".html")]
    assert rows
    assert not any(r["object"] == "NCIT:C103514" for r in rows)


def test_evidence_points_into_the_sentence(built_examples: Path) -> None:
    for row in api.read_facts(built_examples):
        assert 0 <= row["start"] < row["end"]
        assert row["sentence"]
