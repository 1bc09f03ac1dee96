"""Reading concept tables, curation files and import specs."""

from pathlib import Path

import pytest

from lmskg.errors import InputError
from lmskg.vocab.tsv import (
    parse_import_option,
    read_concepts,
    read_curation,
    read_ids_file,
    read_import_specs,
)

DATA = Path(__file__).parent / "data"


def test_read_concepts() -> None:
    rows = read_concepts(DATA / "concepts.tsv")
    assert len(rows) == 10
    lms = rows[0]
    assert (lms.category, lms.curie, lms.line) == ("tumor", "NCIT:C3158", 2)
    assert lms.synonyms[:3] == ["LMS", "leiomyosarcoma", "smooth muscle sarcoma"]
    assert "" not in lms.synonyms
    ups = rows[1]
    assert ups.synonyms == ["UPS", 'Unclassified Pleomorphic Sarcoma (Formerly "MFH")']
    assert ups.iri == "" and ups.xrefs == [] and ups.source == ""
    assert not rows[3].verified and rows[3].curie == "UNVERIFIED"


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "bad.tsv"
    path.write_text(text, encoding="utf-8")
    return path


def test_missing_column_names_the_file(tmp_path: Path) -> None:
    path = _write(tmp_path, "category\tlabel\tcurie\ntumor\tx\tNCIT:C1\n")
    with pytest.raises(InputError) as err:
        read_concepts(path)
    assert str(path) in str(err.value) and "preferred_label" in str(err.value)


def test_unknown_category_names_the_line(tmp_path: Path) -> None:
    path = _write(tmp_path, "category\tpreferred_label\tcurie\n\ntumour\tx\tNCIT:C1\n")
    with pytest.raises(InputError, match=r"bad\.tsv:3: unknown category 'tumour'"):
        read_concepts(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="file not found"):
        read_concepts(tmp_path / "nope.tsv")


def test_read_curation(tmp_path: Path) -> None:
    entries = read_curation(DATA / "curation.tsv")
    assert [e.action for e in entries[:4]] == ["ambiguous", "ambiguous", "drop", "add"]
    assert entries[0].where.endswith("curation.tsv:2")
    path = _write(tmp_path, "curie\taction\tlabel\tnote\nX:1\trename\ta\tb\n")
    with pytest.raises(InputError, match="unknown action 'rename'"):
        read_curation(path)


def test_import_specs_resolve_relative_to_spec_file() -> None:
    specs = read_import_specs(DATA / "imports.tsv")
    assert [s.category for s in specs] == ["anatomical_site", "tumor", "sign_symptom"]
    assert specs[0].base_dir == str(DATA)
    assert specs[1].synonyms == "all" and specs[2].format == "owl"


def test_parse_import_option() -> None:
    spec = parse_import_option("C:/onto/uberon.obo:anatomical_site:descendants-of=UBERON:1")
    assert spec.file == "C:/onto/uberon.obo"
    assert spec.category == "anatomical_site"
    assert spec.selector == "descendants-of=UBERON:1"
    with pytest.raises(InputError, match="FILE:CATEGORY:SELECTOR"):
        parse_import_option("uberon.obo:organ:all")


def test_read_ids_file() -> None:
    assert read_ids_file(DATA / "ids.txt") == ["TINY:0000002", "TINY:0000003"]
