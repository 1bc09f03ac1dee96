"""How validation time grows with the corpus: 1x vs 10x a replicated corpus.

    python benchmarks/validation.py [CORPUS_DIR] [--factor 10] [--jobs 1 2]

Each replica is a copy of every document with one extra line naming the replica, so the
copies have their own content hash and their own named graph (identical copies would be
skipped as duplicates). For each size it builds the graph once without validation, then
times validation alone, once per --jobs value, and prints a table plus the growth ratio
(linear growth: about the factor).
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

from lmskg import api
from lmskg.graphio import read_triples
from lmskg.validate import validate

HERE = Path(__file__).resolve().parent
DEFAULT = HERE.parent.parent / "shared" / "eval" / "dev" / "docs"


def replicate(src: Path, dst: Path, factor: int) -> int:
    files = sorted(p for p in src.rglob("*") if p.suffix in {".txt", ".md", ".html", ".htm"})
    for k in range(factor):
        for f in files:
            text = f.read_text(encoding="utf-8", errors="replace")
            extra = f"\n\nReplica {k} of {f.name}.\n" if f.suffix != ".html" else f"\n<p>Replica {k} of {f.name}.</p>\n"
            (dst / f"r{k:03d}-{f.name}").write_text(text + extra, encoding="utf-8")
    return len(files) * factor


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT if DEFAULT.is_dir() else HERE.parent / "examples" / "docs")
    parser.add_argument("--factor", type=int, default=10)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    print(f"corpus: {args.corpus}  machine: {platform.machine()} {platform.python_version()}, "
          f"{os.cpu_count()} cores")
    print(f"{'copies':>6} {'docs':>6} {'triples':>8} {'build s':>8} " +
          " ".join(f"{'validate j' + str(j) + ' s':>15}" for j in args.jobs) + f" {'violations':>10}")
    timings: dict[tuple[int, int], float] = {}
    for factor in (1, args.factor):
        work = Path(tempfile.mkdtemp(prefix="lmskg-bench-"))
        try:
            docs = work / "docs"
            docs.mkdir()
            n = replicate(args.corpus, docs, factor)
            t = time.perf_counter()
            report = api.build([docs], work / "out", validate=False)
            build_s = time.perf_counter() - t
            triples = read_triples(report.graph)
            cells = []
            violations = 0
            for jobs in args.jobs:
                t = time.perf_counter()
                result = validate(triples, jobs=jobs)
                timings[(factor, jobs)] = time.perf_counter() - t
                violations = result.counts()["Violation"]
                cells.append(f"{timings[(factor, jobs)]:>15.2f}")
            print(f"{factor:>6} {n:>6} {len(triples):>8} {build_s:>8.2f} {' '.join(cells)} {violations:>10}")
        finally:
            shutil.rmtree(work, ignore_errors=True)
    for jobs in args.jobs:
        ratio = timings[(args.factor, jobs)] / timings[(1, jobs)]
        print(f"growth with --jobs {jobs}: {ratio:.1f}x for {args.factor}x the corpus")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS of this process: {rss:.0f} MB")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
