"""Instructions per document of extraction, counted by callgrind: a measure that does not
move with the machine's load, for comparing two versions of the extractor.

    python benchmarks/instructions.py [--documents 200] [--work DIR]

It generates the documents (benchmarks/corpus.py, fixed seed), then runs the extractor
under ``valgrind --tool=callgrind`` twice: once on no documents and once on all of them,
after the same start-up (loading the vocabulary, one warm-up document), with a fixed
string-hash seed. The difference,
divided by the number of documents, is what extracting one document costs. Each run takes
about half a minute per 100 documents. Compare versions by running the script from each
checkout (``PYTHONPATH=OTHER/src python benchmarks/instructions.py``).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import write_corpus

#: extract the first N documents of a folder, after loading the vocabulary and a warm-up
WORKLOAD = """
import sys
from pathlib import Path
from lmskg.extract import Extractor
from lmskg.readers import read_document
n = int(sys.argv[2])
paths = sorted(Path(sys.argv[1]).glob("*.txt"))
extractor = Extractor()
documents = [read_document(p, name=p.name) for p in paths]
extractor.analyse(documents[0])
for document in documents[:n]:
    extractor.analyse(document)
"""


def instructions(folder: Path, n: int) -> int:
    """Instructions callgrind counts for the workload on the first ``n`` documents."""
    done = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
         sys.executable, "-c", WORKLOAD, str(folder), str(n)],
        capture_output=True, text=True, check=True,
        env={**os.environ, "PYTHONHASHSEED": "0"})  # the same string hashes in every run
    for line in done.stderr.splitlines():
        if "Collected :" in line:
            return int(line.split(":")[-1].strip())
    raise SystemExit(f"callgrind printed no count:\n{done.stderr[-2000:]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=200, help="documents to extract (200)")
    parser.add_argument("--work", type=Path, help="folder for the generated documents "
                        "(default: a temporary folder, removed afterwards)")
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed (apt-get install valgrind)")
    if args.documents < 1:
        raise SystemExit("--documents must be at least 1")
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.work or Path(tmp)
        write_corpus(folder, args.documents)
        text = sum(p.stat().st_size for p in sorted(folder.glob("*.txt"))[:args.documents])
        base, full = instructions(folder, 0), instructions(folder, args.documents)
    per_document = (full - base) / args.documents
    print(f"extraction: {per_document / 1e6:.2f} million instructions per document, "
          f"{per_document * args.documents / text:.0f} per byte of text "
          f"({args.documents} documents; start-up {base / 1e9:.2f} billion)")


if __name__ == "__main__":
    main()
