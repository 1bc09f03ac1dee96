"""Nothing reaches the network on behalf of a shapes file or a document: owl:imports are
not followed by either validation engine, HTML never expands external entities, and an
entity bomb neither expands nor stalls the build."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from lmskg import api
from lmskg.graphio import read_triples
from lmskg.readers import read_document
from lmskg.validate import validate

SHAPES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix lmskg: <https://w3id.org/lmskg/ontology#> .
<https://example.org/imports-me> a owl:Ontology ; owl:imports <http://127.0.0.1:{port}/more-shapes.ttl> .
<https://example.org/shapes#Doc> a sh:NodeShape ; sh:targetClass lmskg:Document ;
    sh:property [ sh:path lmskg:fileName ; sh:minCount 1 ] .
"""


@pytest.fixture(scope="module")
def base_graph(tmp_path_factory: pytest.TempPathFactory, examples_dir: Path) -> list:
    out = tmp_path_factory.mktemp("graph")
    report = api.build([examples_dir / "case-report-ivc.txt"], out, validate=False, store=False, formats=())
    return read_triples(report.graph)


@pytest.mark.parametrize("engine", ["auto", "lmskg", "pyshacl"])
def test_owl_imports_in_shapes_are_not_fetched(engine: str, listener, tmp_path: Path, base_graph) -> None:
    port, seen = listener
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(SHAPES.format(port=port), encoding="utf-8")
    report = validate(base_graph, shapes=[shapes], jobs=1, engine=engine)
    assert report.conforms
    time.sleep(0.3)
    assert seen == []


def test_html_external_entities_are_not_expanded(listener, tmp_path: Path) -> None:
    port, seen = listener
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT", encoding="utf-8")
    page = tmp_path / "page.html"
    page.write_text(
        f'<?xml version="1.0"?><!DOCTYPE html [<!ENTITY web SYSTEM "http://127.0.0.1:{port}/x">'
        f'<!ENTITY file SYSTEM "file://{secret}">]>'
        "<html><body><p>&web; &file; Leiomyosarcoma of the uterus was positive for desmin.</p></body></html>",
        encoding="utf-8")
    document = read_document(page)
    assert "TOP-SECRET-CONTENT" not in document.text
    assert "Leiomyosarcoma" in document.text
    time.sleep(0.3)
    assert seen == []


def test_an_entity_bomb_neither_expands_nor_stalls(tmp_path: Path) -> None:
    entities = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{n} "{("&lol" + str(n - 1) + ";") * 10}">' for n in range(1, 10)]
    page = tmp_path / "bomb.html"
    page.write_text(f'<?xml version="1.0"?><!DOCTYPE html [{"".join(entities)}]>'
                    "<html><body><p>&lol9; Leiomyosarcoma of the uterus.</p></body></html>",
                    encoding="utf-8")
    started = time.perf_counter()
    report = api.build([page], tmp_path / "out", store=False, formats=())
    assert time.perf_counter() - started < 30
    text = (tmp_path / "out" / "graph.ttl").read_text(encoding="utf-8")
    assert "lollollol" not in text  # 10^9 "lol"s were never made
    assert report.documents + len(report.failures) == 1
