"""Builds and readers of one output folder at the same time: one build writes it at a time,
and a query (also one stopped at --timeout) never harms the store a build is writing."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from lmskg import api
from lmskg.cli import main
from lmskg.outdir import FolderBusy, locked

COMMAND = [sys.executable, "-m", "lmskg"]
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def _build(docs: Path, out: Path, *extra: str) -> subprocess.Popen:
    return subprocess.Popen([*COMMAND, "build", str(docs), "--out", str(out), "-q", *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def test_a_second_build_into_a_busy_folder_stops_with_one_line(tmp_path: Path, examples_dir: Path,
                                                                 store_documents) -> None:
    out = tmp_path / "out"
    assert api.build([examples_dir], out, validate=False) is not None
    with locked(out):  # as a running build holds it
        result = CliRunner().invoke(main, ["build", str(examples_dir), "--out", str(out), "-q"])
        with pytest.raises(FolderBusy):
            api.build([examples_dir], out)
    assert result.exit_code == 2
    assert result.output.count("\n") == 1, result.output
    assert "another lmskg build is writing this folder" in result.output and str(out) in result.output
    assert store_documents(out)  # the folder is as it was
    assert CliRunner().invoke(main, ["build", str(examples_dir), "--out", str(out), "-q"]).exit_code == 0


def test_two_builds_at_once_one_wins_and_the_output_is_whole(tmp_path: Path, corpus,
                                                             store_documents) -> None:
    docs, out = tmp_path / "docs", tmp_path / "out"
    corpus(docs, copies=6)
    runs = [_build(docs, out, "--no-cache") for _ in range(2)]
    outputs = [(run.wait(), run.stdout.read()) for run in runs]
    codes = sorted(code for code, _ in outputs)
    assert codes in ([0, 0], [0, 2]), outputs  # the second waits its turn or is refused
    assert len(store_documents(out)) == 36


@pytest.mark.parametrize("change", ["rebuild", "edit"])
def test_a_query_stopped_at_its_timeout_while_a_build_writes_harms_nothing(
        change: str, tmp_path: Path, corpus, store_documents) -> None:
    docs, out = tmp_path / "docs", tmp_path / "out"
    corpus(docs, copies=10)
    api.build([docs], out, validate=False, formats=())
    before = store_documents(out)
    if change == "rebuild":
        corpus(docs, copies=15)
    else:
        edited = min(docs.iterdir())
        edited.write_text(edited.read_text(encoding="utf-8") + "\nThe tumour was KIT-negative.\n",
                          encoding="utf-8")
    build = _build(docs, out)
    queries = []
    while build.poll() is None:  # slow queries, each stopped, for as long as the build runs
        query = CliRunner().invoke(main, ["query", "--store", str(out), "--timeout", "0.2", SLOW])
        queries.append(query.exit_code)
        assert query.exit_code == 2 and "query stopped after 0.2 s" in query.output, query.output
    assert build.wait() == 0, build.stdout.read()
    assert queries  # at least one ran while the build did
    after = store_documents(out)
    assert after != before and len(after) == (90 if change == "rebuild" else 60)
    assert store_documents(out) == after  # and the store still answers


def test_a_reader_waits_while_a_build_swaps_the_store(tmp_path: Path, examples_dir: Path,
                                                       store_documents) -> None:
    out = tmp_path / "out"
    api.build([examples_dir], out, validate=False, formats=())
    expected = store_documents(out)
    with locked(out):  # a build, between moving the old store aside and the new one in
        (out / "store").rename(out / ".store.old-1")
        answers: list[set[str]] = []
        reader = threading.Thread(target=lambda: answers.append(store_documents(out)))
        reader.start()
        time.sleep(0.3)
        assert not answers and not (out / "store").exists()  # the reader waits, moves nothing
        (out / ".store.old-1").rename(out / "store")  # the build moves its store in
        reader.join(timeout=10)
    assert answers == [expected]
