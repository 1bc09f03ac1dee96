"""A 50 MB file on a single line (a minified page, a dumped table) builds with bounded
memory, and the statement hidden in its middle is still found."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

SIZE = 50 * 1024 * 1024
#: The build's peak resident memory (the largest process): the text itself is held a few
#: times over (bytes, str, sentences), so about 5x the file is the bound.
PEAK_LIMIT_MB = 512

LMSKG = [sys.executable, "-m", "lmskg"]
#: Runs a command and prints the peak RSS, in KB, of the largest process it waited for.
MEASURE = ("import resource, subprocess, sys; code = subprocess.call(sys.argv[1:]); "
           "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); sys.exit(code)")


def _one_line(path: Path) -> None:
    words = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet"]
    chunk = " ".join(f"{word}{n % 97}" for n, word in enumerate(words * 100)) + " "
    copies = SIZE // len(chunk)
    with path.open("w", encoding="utf-8") as handle:
        for n in range(copies):
            if n == copies // 2:
                handle.write("leiomyosarcoma of the uterus positive for desmin and negative for KIT ")
            handle.write(chunk)


def test_a_50_mb_single_line_file_builds_in_bounded_memory(tmp_path: Path) -> None:
    docs, out = tmp_path / "docs", tmp_path / "out"
    docs.mkdir()
    _one_line(docs / "one-line.txt")
    assert (docs / "one-line.txt").stat().st_size >= SIZE - 10_000
    build = [*LMSKG, "build", str(docs), "--out", str(out), "--jobs", "1", "--no-cache", "-q"]
    done = subprocess.run([sys.executable, "-c", MEASURE, *build], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    peak_mb = int(done.stdout.splitlines()[-1]) / 1024
    assert peak_mb < PEAK_LIMIT_MB, f"peak {peak_mb:.0f} MB"
    print(f"50 MB single line: peak {peak_mb:.0f} MB")
    assert "1 documents" in done.stdout
    facts = subprocess.run([*LMSKG, "facts", str(out / "graph.ttl")], capture_output=True, text=True, check=False)
    assert facts.returncode == 0, facts.stderr
    found = {(row[3], row[5], row[6]) for row in csv.reader(facts.stdout.splitlines()[1:], delimiter="\t")}
    assert found == {("primary_site", "uterus", "positive"), ("marker", "desmin (DES)", "positive"),
                     ("marker", "KIT (CD117)", "negative")}  # and nothing from the filler
