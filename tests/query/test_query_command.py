"""`lmskg query`: sources, formats, refusals that never touch the network or the file
system, the time limit, and errors as one line."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from lmskg import api
from lmskg.cli import main
from lmskg.errors import LmskgError
from lmskg.sparql import QueryRefused, QueryTimeout, check

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def invoke(*args: str):
    return CliRunner().invoke(main, ["query", *args])


@pytest.fixture(scope="module")
def store(built_examples: Path) -> Path:
    return built_examples.parent


def test_formats(store: Path) -> None:
    text = ("PREFIX lmskg: <https://w3id.org/lmskg/ontology#> "
            "SELECT ?doc ?name WHERE { ?doc a lmskg:Document ; lmskg:fileName ?name } ORDER BY ?name")
    table = invoke(text, "--store", str(store))
    assert table.exit_code == 0, table.output
    assert table.output.splitlines()[0].split() == ["doc", "name"] and "case-report-ivc.txt" in table.output
    rows = list(csv.DictReader(io.StringIO(invoke(text, "--store", str(store), "--format", "csv").output)))
    assert len(rows) == 6 and rows[0]["name"] == "case-report-ivc.txt"
    tsv = invoke(text, "--store", str(store), "--format", "tsv").output.splitlines()
    assert tsv[0] == "?doc\t?name" and len(tsv) == 7
    data = json.loads(invoke(text, "--store", str(store), "--format", "json").output)
    assert data["head"]["vars"] == ["doc", "name"] and len(data["results"]["bindings"]) == 6
    assert invoke("ASK { ?s ?p ?o }", "--store", str(store)).output == "true\n"
    construct = invoke("PREFIX lmskg: <https://w3id.org/lmskg/ontology#> "
                       "CONSTRUCT { ?d a lmskg:Document } WHERE { ?d a lmskg:Document }",
                       "--store", str(store), "--format", "tsv")
    assert construct.exit_code == 0 and len(construct.output.splitlines()) == 6


def test_file_name_out_and_list(store: Path, tmp_path: Path) -> None:
    (tmp_path / "q.rq").write_text(COUNT)
    result = invoke("--file", str(tmp_path / "q.rq"), "--store", str(store / "store"),
                    "--format", "csv", "--out", str(tmp_path / "n.csv"))
    assert result.exit_code == 0, result.output
    assert int((tmp_path / "n.csv").read_text().splitlines()[1]) > 4000
    listed = invoke("--list")
    assert listed.exit_code == 0 and "metastasis-sites" in listed.output and "--param object=" in listed.output
    named = invoke("--name", "metastasis-sites", "--store", str(store))
    assert named.exit_code == 0 and "liver" in named.output


@pytest.mark.parametrize("args,message", [
    ([COUNT], "give --store DIR"),
    ([COUNT, "--name", "markers", "--store", "S"], "exactly one of"),
    (["--name", "nope", "--store", "S"], "no query named 'nope'"),
    (["--name", "markers", "--param", "colour=red", "--store", "S"], "no parameter 'colour'"),
    (["--name", "markers", "--param", "tumour", "--store", "S"], "is not NAME=VALUE"),
    (["SELECT * WHERE { ?s ?p }", "--store", "S"], "SPARQL syntax error"),
    ([COUNT, "--store", "/no/such/dir"], "no such store"),
    ([COUNT, "--graph", "/no/such/graph.ttl"], "no such graph file"),
])
def test_errors_are_one_line_with_exit_code_2(store: Path, args: list[str], message: str) -> None:
    args = [str(store) if a == "S" else a for a in args]
    result = invoke(*args)
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("text", [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:PORT/sparql> { ?s ?p ?o } }",
    "select * where { service <http://127.0.0.1:PORT/sparql> { ?s ?p ?o } }",
    "SELECT * FROM <http://127.0.0.1:PORT/data.ttl> WHERE { ?s ?p ?o }",
    "SELECT * FROM NAMED <http://127.0.0.1:PORT/data.ttl> WHERE { GRAPH ?g { ?s ?p ?o } }",
    "PREFIX x: <http://127.0.0.1:PORT/> SELECT * FROM x:data WHERE { ?s ?p ?o }",
    "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }",
    "BASE <http://127.0.0.1:PORT/> SELECT * FROM <data.ttl> WHERE { ?s ?p ?o }",
    "LOAD <http://127.0.0.1:PORT/data.ttl>",
    "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
    "DELETE WHERE { ?s ?p ?o }",
    "DROP ALL",
    "CLEAR DEFAULT",
])
def test_refused_before_any_connection(store: Path, built_examples: Path, listener, text: str) -> None:
    port, seen = listener
    text = text.replace("PORT", str(port))
    with pytest.raises(QueryRefused):
        check(text)
    for source in (["--store", str(store)], ["--graph", str(built_examples)]):
        result = invoke(text, *source)
        assert result.exit_code == 2 and "refused" in result.output, result.output
    assert seen == [], "lmskg connected to the listener"


@pytest.mark.parametrize("text", [
    'SELECT ?s WHERE { ?s ?p "SERVICE and DELETE are only words here" }',
    "SELECT ?s WHERE { ?s ?p ?o } # LOAD <http://example.org/> in a comment",
    "PREFIX ex: <http://example.org/> SELECT ?s WHERE { ?s ex:insert ex:service }",
    "SELECT ?from ?load WHERE { ?from ?load ?o } LIMIT 1",
    "SELECT ?s FROM <https://w3id.org/lmskg/id/graph/shared> WHERE { ?s ?p ?o } LIMIT 1",
    "SELECT ?s WHERE { ?s <http://example.org/DELETE> ?o } LIMIT 1",
])
def test_keywords_in_strings_comments_and_names_are_not_refused(store: Path, text: str) -> None:
    check(text)
    result = invoke(text, "--store", str(store))
    assert result.exit_code == 0, result.output


def test_from_a_document_graph_reads_that_document_only(store: Path) -> None:
    docs = api.query("PREFIX lmskg: <https://w3id.org/lmskg/ontology#> "
                     "SELECT ?d WHERE { ?d a lmskg:Document } ORDER BY ?d", store=store)
    first = json.loads(docs.data)["results"]["bindings"][0]["d"]["value"]
    one = api.query("PREFIX lmskg: <https://w3id.org/lmskg/ontology#> "
                    f"SELECT DISTINCT ?d FROM <{first}> WHERE {{ ?d a lmskg:Document }}", store=store)
    assert [b["d"]["value"] for b in json.loads(one.data)["results"]["bindings"]] == [first]


def test_a_slow_query_is_stopped_and_the_store_stays_usable(store: Path) -> None:
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    with pytest.raises(QueryTimeout):
        api.query(slow, store=store, timeout=0.5)
    result = invoke(slow, "--store", str(store), "--timeout", "0.3")
    assert result.exit_code == 2 and "query stopped after 0.3 s" in result.output
    after = api.query(COUNT, store=store)
    assert int(json.loads(after.data)["results"]["bindings"][0]["n"]["value"]) > 4000


def test_two_readers_share_a_store(store: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(2) as pool:
        answers = list(pool.map(lambda _: api.query(COUNT, store=store).data, range(4)))
    assert len(set(answers)) == 1


def test_a_rebuild_replaces_the_store(tmp_path: Path, examples_dir: Path) -> None:
    out = tmp_path / "b"
    api.build([examples_dir / "case-report-ivc.txt"], out, validate=False)
    q = "PREFIX lmskg: <https://w3id.org/lmskg/ontology#> SELECT (COUNT(DISTINCT ?d) AS ?n) { ?d a lmskg:Document }"
    assert json.loads(api.query(q, store=out).data)["results"]["bindings"][0]["n"]["value"] == "1"
    api.build([examples_dir], out, validate=False)
    assert json.loads(api.query(q, store=out).data)["results"]["bindings"][0]["n"]["value"] == "6"
    # the outputs, the cache and the store's manifest; no temporary file or folder left
    assert sorted(p.name for p in out.iterdir()) == [
        ".lock", ".store.gate", ".store.json", ".store.lock", "cache.sqlite", "graph.graphml",
        "graph.ttl", "store"]
    with pytest.raises(LmskgError):
        api.query(q, store=tmp_path / "nothing-here")
