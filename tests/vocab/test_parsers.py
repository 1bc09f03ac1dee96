"""The OBO, OBO Graphs JSON and OWL parsers and term selection."""

import gzip
import shutil
from pathlib import Path

import pytest

from lmskg.errors import InputError
from lmskg.vocab import Synonym
from lmskg.vocab.obo import parse_obo
from lmskg.vocab.obographs import parse_obographs
from lmskg.vocab.owl import parse_owl

DATA = Path(__file__).parent / "data"


def test_obo_terms() -> None:
    onto = parse_obo(DATA / "tiny.obo")
    assert set(onto.terms) == {"TINY:0000001", "TINY:0000002", "TINY:0000003",
                               "TINY:0000004", "UBERON:0002107", "TINY:0000010"}
    liver = onto.terms["TINY:0000002"]
    assert liver.name == "liver"
    assert liver.iri == "http://purl.obolibrary.org/obo/TINY_0000002"
    assert liver.synonyms == [
        Synonym("hepar", "EXACT"), Synonym("iecur", "RELATED"),
        Synonym("LIV", "EXACT", "OMO:0003000"), Synonym('the "big" gland', "NARROW"),
    ]
    assert liver.synonyms[2].typed_abbreviation
    assert liver.xrefs == ["FMA:7197", "NCIT:C12392", "Wikipedia:Liver"]
    assert liver.is_a == ["TINY:0000001"]  # the gci-qualified is_a is skipped
    assert liver.part_of == ["TINY:0000010"]
    assert onto.terms["TINY:0000003"].part_of == ["TINY:0000002"]
    assert onto.terms["UBERON:0002107"].iri == "http://purl.obolibrary.org/obo/UBERON_0002107"


def test_obo_descendants_and_selectors() -> None:
    onto = parse_obo(DATA / "tiny.obo")
    assert onto.descendants("TINY:0000001") == {"TINY:0000002", "TINY:0000004",
                                                "TINY:0000003", "UBERON:0002107"}
    assert onto.descendants("TINY:0000010") == set()
    assert onto.descendants("TINY:0000010", ("is_a", "part_of")) == {"TINY:0000002",
                                                                      "TINY:0000003"}
    assert onto.select("ids=TINY:0000001;descendants-of=TINY:0000001;exclude=TINY:0000004,"
                       "TINY:0000003") == ["TINY:0000001", "TINY:0000002", "UBERON:0002107"]
    assert onto.select("ids=http://purl.obolibrary.org/obo/TINY_0000010") == ["TINY:0000010"]
    assert onto.select("ids-file=ids.txt", str(DATA)) == ["TINY:0000002", "TINY:0000003"]
    assert len(onto.select("all")) == 6
    with pytest.raises(InputError, match="TINY:0000005 is not a term of tiny.obo"):
        onto.select("ids=TINY:0000005")  # obsolete terms are not read
    with pytest.raises(InputError, match="unknown selector clause"):
        onto.select("children-of=TINY:0000001")


def test_obo_rejects_non_obo(tmp_path: Path) -> None:
    path = tmp_path / "x.obo"
    path.write_text("hello\n", encoding="utf-8")
    with pytest.raises(InputError, match="x.obo: not an OBO file"):
        parse_obo(path)


@pytest.mark.parametrize("gz", [False, True])
def test_obographs(tmp_path: Path, gz: bool) -> None:
    path = DATA / "tiny.obographs.json"
    if gz:
        path = tmp_path / "tiny.obographs.json.gz"
        with open(DATA / "tiny.obographs.json", "rb") as src, gzip.open(path, "wb") as dst:
            shutil.copyfileobj(src, dst)
    onto = parse_obographs(path)
    assert set(onto.terms) == {"NCIT:C3262", "NCIT:C9118", "NCIT:C3158", "ZZZ:0000001"}
    sarcoma = onto.terms["NCIT:C9118"]
    assert sarcoma.iri == "http://purl.obolibrary.org/obo/NCIT_C9118"
    assert [(s.text, s.scope) for s in sarcoma.synonyms] == [
        ("sarcomas", "EXACT"), ("malignancy", "BROAD"), ("SARC", "EXACT")]
    assert sarcoma.xrefs == ["UMLS:C1261473", "XYZ:1"]
    assert onto.terms["NCIT:C3158"].is_a == ["NCIT:C9118"]
    assert onto.descendants("NCIT:C3262") == {"NCIT:C9118", "NCIT:C3158"}
    assert onto.descendants("NCIT:C3262", ("is_a", "part_of")) == {
        "NCIT:C9118", "NCIT:C3158", "ZZZ:0000001"}


def test_obographs_rejects_other_json(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(InputError, match="no 'graphs' list"):
        parse_obographs(path)


def test_owl() -> None:
    onto = parse_owl(DATA / "tiny.owl")
    assert set(onto.terms) == {"HP:0000118", "HP:0000952", "HP:0001824"}
    jaundice = onto.terms["HP:0000952"]
    assert jaundice.name == "Jaundice"
    assert [(s.text, s.scope, s.typed_abbreviation) for s in jaundice.synonyms] == [
        ("Icterus", "EXACT", False), ("Jx", "EXACT", True), ("Yellow skin", "EXACT", False),
        ("yellowing", "RELATED", False)]
    assert jaundice.xrefs == ["MSH:D007565", "UMLS:C0022346"]
    assert jaundice.is_a == ["HP:0000118"] and jaundice.part_of == ["HP:0000001"]
    assert onto.descendants("HP:0000118") == {"HP:0000952", "HP:0001824"}


def test_owl_rejects_garbage(tmp_path: Path) -> None:
    path = tmp_path / "x.owl"
    path.write_text("<not rdf", encoding="utf-8")
    with pytest.raises(InputError, match="x.owl: cannot parse OWL"):
        parse_owl(path)
