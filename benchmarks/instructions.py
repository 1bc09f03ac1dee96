"""Instructions per document, counted by callgrind: a measure that does not move with
the machine's load, for comparing two versions of lmskg.

    python benchmarks/instructions.py [--stage extract|part] [--documents 200] [--work DIR]

``--stage extract`` (the default) counts extraction alone; ``--stage part`` counts all a
build's worker does for a document: read it, extract, make its graph and split it, its
Turtle block and summary, validate it (16 documents at a time, as workers do) and pack
the part for the cache.

It generates the documents (benchmarks/corpus.py, fixed seed), then runs the stage under
``valgrind --tool=callgrind`` twice: once on no documents and once on all of them, after
the same start-up (loading the vocabulary and shapes, one warm-up), with a fixed
string-hash seed. The difference, divided by the number of documents, is what one
document costs. Each run takes about half a minute per 100 documents for extraction, and
nine times as long for a part. Compare versions by running the script from each checkout
(``PYTHONPATH=OTHER/src python benchmarks/instructions.py``).
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

#: what each stage runs on the first N documents of a folder, after its start-up and a warm-up
WORKLOADS = {"extract": """
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
""", "part": """
import sys
from pathlib import Path
from lmskg.extract import Extractor
from lmskg.pipeline import CHUNK, Settings, parts_or_errors
from lmskg.validate import Checker
from lmskg.vocabulary import fingerprint
n = int(sys.argv[2])
items = [(p, p.name) for p in sorted(Path(sys.argv[1]).glob("*.txt"))]
settings = Settings(Extractor(), fingerprint(), Checker(), packed=True)
parts_or_errors(items[:1], settings)
for start in range(0, n, CHUNK):
    parts_or_errors(items[start:min(start + CHUNK, n)], settings)
"""}


def instructions(folder: Path, n: int, stage: str = "extract") -> int:
    """Instructions callgrind counts for the stage's workload on the first ``n`` documents."""
    done = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
         sys.executable, "-c", WORKLOADS[stage], str(folder), str(n)],
        capture_output=True, text=True, check=True,
        env={**os.environ, "PYTHONHASHSEED": "0"})  # the same string hashes in every run
    for line in done.stderr.splitlines():
        if "Collected :" in line:
            return int(line.split(":")[-1].strip())
    raise SystemExit(f"callgrind printed no count:\n{done.stderr[-2000:]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stage", choices=sorted(WORKLOADS), default="extract",
                        help="extract: extraction alone (default); part: all a build's worker "
                        "does for a document")
    parser.add_argument("--documents", type=int, default=200, help="documents to run (200)")
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
        base = instructions(folder, 0, args.stage)
        full = instructions(folder, args.documents, args.stage)
    per_document = (full - base) / args.documents
    name = {"extract": "extraction", "part": "a worker's part"}[args.stage]
    print(f"{name}: {per_document / 1e6:.2f} million instructions per document, "
          f"{per_document * args.documents / text:.0f} per byte of text "
          f"({args.documents} documents; start-up {base / 1e9:.2f} billion)")


if __name__ == "__main__":
    main()
