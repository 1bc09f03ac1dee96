"""The scale benchmark: lmskg builds of generated corpora, stage by stage, against naive baselines.

    python benchmarks/bench.py [--sizes 1000 10000] [--runs 3] [--jobs 2] [--work DIR]

For each corpus size N it generates N documents (benchmarks/corpus.py, fixed seed) and
reports, as the median of --runs runs:

* per-process stage rates on up to 1,000 of the documents (seconds, documents/s, MB/s of
  text) for read, extract, graph, the document's Turtle block and validate (16 documents
  at a time, as a build's workers do), measured in this process one stage at a time;
* the cold end-to-end build (`lmskg build`, validation, Turtle, GraphML and store, in a
  fresh output folder): wall time, documents/s, MB/s, triples, the time of each phase,
  the CPU time of all its processes and the peak resident memory of the whole process
  tree (sampled every 50 ms);
* the store's own share, apart from a build: the quads of the build's store bulk-loaded
  into a new pyoxigraph store in the build's batches, then compacted (CPU time);
* `--jobs 1` against `--jobs J` for the documents phase (no validation, store or cache);
* a rebuild after editing one document, compared byte for byte with a cold build of the
  edited corpus;
* every named competency query on the store (the median, and each run's time: the first
  run may read the store from disk);
* baselines on the build's graph: pyoxigraph's own Turtle serialization of the same
  triples, to a file, to a file synced to disk (as lmskg writes graph.ttl) and into memory
  (every N), rdflib's Turtle serializer (N up to --baseline-max, 10,000 by
  default; in a child process stopped after --rdflib-timeout, 10 minutes by default, as it
  is at 10,000 documents) and rdflib SPARQL on the store's dataset (N up to
  --query-baseline-max, 1,000 by default).

It prints Markdown tables and writes DIR/results.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import threading
import time
from importlib.metadata import version
from pathlib import Path

from lmskg.atomic import write_text
from lmskg.facts import QUERY as FACTS

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpus import write_corpus  # noqa: E402

BUILD = [sys.executable, "-c", "import sys; from lmskg.cli import main; sys.exit(main())"]


# ---- measuring ---------------------------------------------------------------------------

def _tree_rss(pid: int) -> int:
    """Resident memory (bytes) of a process and all its descendants (Linux /proc)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry))  # ppid
        rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        total += rss.get(p, 0)
        todo.extend(children.get(p, []))
    return total


def run_build(args: list[str]) -> dict:
    """Run `lmskg build ARGS --timings`; wall time, CPU time of all its processes, peak
    tree RSS and the phase timings."""
    before = _cpu(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.Popen([*BUILD, "build", *args, "--timings", "-q"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    peak = [0]

    def sample() -> None:
        while proc.poll() is None:
            peak[0] = max(peak[0], _tree_rss(proc.pid))
            time.sleep(0.05)
    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    wall = time.perf_counter() - started
    # a waited-for child's figures include those of the workers it waited for
    cpu = _cpu(resource.RUSAGE_CHILDREN) - before
    sampler.join()
    if proc.returncode not in (0, 1):
        raise SystemExit(f"build failed ({proc.returncode}): {err.strip()}")
    timings, triples = {}, 0
    for line in out.splitlines():
        if line.startswith("timings: "):
            for item in line[len("timings: "):].split(", "):
                phase, seconds, _ = item.rsplit(" ", 2)
                timings[phase] = float(seconds)
        if " triples -> " in line:
            triples = int(line.split(" triples -> ")[0].rsplit(", ", 1)[1])
    return {"wall": wall, "cpu": cpu, "rss": peak[0], "timings": timings, "triples": triples}


def _cpu(who: int) -> float:
    """User and system seconds of ``who`` (resource.RUSAGE_SELF: every thread of this
    process, the store's included)."""
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def store_alone(store: Path, work: Path) -> dict:
    """What the store costs apart from a build: the quads of a build's store (its
    documents' graphs, the shared, summary and ontology graphs) bulk-loaded into a new
    pyoxigraph store in the build's batches, then compacted. The batches are loaded one at
    a time, as builds loaded them until they loaded two at a time (lmskg.store.LOADERS):
    the same work in every run, so that it measures the machine's speed from run to run."""
    import pyoxigraph as ox

    from lmskg.store import BATCH_BYTES

    dump, target = work / "store.nq", work / "store-alone"
    ox.Store.read_only(str(store)).dump(str(dump), format=ox.RdfFormat.N_QUADS)
    shutil.rmtree(target, ignore_errors=True)
    fresh = ox.Store(str(target))
    quads = 0
    t, c = time.perf_counter(), _cpu(resource.RUSAGE_SELF)
    with dump.open("rb") as f:
        while batch := f.read(BATCH_BYTES):
            batch += f.readline()
            quads += batch.count(b"\n")
            fresh.bulk_load(batch, format=ox.RdfFormat.N_QUADS, lenient=True)
    loaded = _cpu(resource.RUSAGE_SELF)
    fresh.optimize()  # as lmskg.store.load_new_store does: no flush first
    found = {"quads": quads, "wall": time.perf_counter() - t, "load_cpu": loaded - c,
             "compact_cpu": _cpu(resource.RUSAGE_SELF) - loaded}
    del fresh
    shutil.rmtree(target, ignore_errors=True)
    dump.unlink()
    return found


def median(values: list[float]) -> float:
    return statistics.median(values)


def stages(paths: list[Path]) -> dict:
    """Per-process seconds of each stage over ``paths``, one stage at a time, with the
    collector paused as a build's workers pause it while they make a chunk."""
    from lmskg.pipeline import collected_after

    with collected_after():
        return _stages(paths)


def _stages(paths: list[Path]) -> dict:
    from lmskg.extract import Extractor
    from lmskg.graph import document_graph, document_iri, run_triples, used_triple
    from lmskg.pipeline import CHUNK, canonical, turtle_body
    from lmskg.readers import read_document
    from lmskg.shacl import Index
    from lmskg.validate import Checker
    from lmskg.vocabulary import fingerprint

    extractor, checker, fp = Extractor(), Checker(), fingerprint()
    out = {}
    t = time.perf_counter()
    documents = [read_document(p, name=p.name) for p in paths]
    out["read"] = time.perf_counter() - t
    t = time.perf_counter()
    analysed = [extractor.analyse(d)[1] for d in documents]
    out["extract"] = time.perf_counter() - t
    t = time.perf_counter()
    graphs = []
    for d, statements in zip(documents, analysed):
        triples = document_graph(d, statements) | run_triples(fp)
        triples.add(used_triple(d, fp))
        graphs.append(canonical(triples, document_iri(d)))
    out["graph"] = time.perf_counter() - t
    t = time.perf_counter()
    for graph in graphs:
        turtle_body(graph.owned)
    out["turtle"] = time.perf_counter() - t
    t = time.perf_counter()
    for i in range(0, len(graphs), CHUNK):  # as a build's workers do, a chunk at a time
        checker.many([Index(g.ordered, ntriples=g.ntriples) for g in graphs[i:i + CHUNK]])
    out["validate"] = time.perf_counter() - t
    out["characters"] = sum(len(d.text) for d in documents)
    return out


def query_times(store: Path, runs: int, timeout: float) -> dict[str, dict]:
    """Median seconds of each named query (None: stopped at ``timeout``, not repeated),
    the seconds of each run, and the size of its answer (SPARQL results JSON, as the query
    process hands it over).

    A query's first run may find the store's files out of the page cache, the others find
    them in it. On the machine of benchmarks/README.md, which gives back its page cache
    within about a minute, the first run read the store from disk: it is reported apart."""
    from lmskg import api, queries
    from lmskg.sparql import QueryTimeout

    found: dict[str, dict] = {}
    for name, q in queries.catalogue().items():
        text = q.bind({})
        seconds, size = [], 0
        for _ in range(runs):
            t = time.perf_counter()
            try:
                size = len(api.query(text, store=store, timeout=timeout).data)
            except QueryTimeout:
                seconds = []
                break
            seconds.append(time.perf_counter() - t)
        found[name] = {"seconds": median(seconds) if seconds else None, "runs": seconds, "bytes": size}
    return found


def _query_line(name: str, found: dict, timeout: float) -> str:
    if found["seconds"] is None:
        return f"{name} > {timeout:.0f} s (stopped)"
    runs = found["runs"]
    if len(runs) < 2:
        return f"{name} {found['seconds']:.2f} s"
    return (f"{name} {found['seconds']:.2f} s (first run {runs[0]:.2f} s, "
            f"then {', '.join(f'{r:.2f}' for r in runs[1:])})")


#: rdflib's Turtle serializer on a graph file, in a child process: prints its seconds
RDFLIB_TURTLE = """
import sys, time, rdflib
graph = rdflib.Graph().parse(sys.argv[1], format="turtle")
t = time.perf_counter()
graph.serialize(format="turtle")
print(time.perf_counter() - t)
"""


def _sync(path: Path) -> None:
    """Wait until the file's data is on disk."""
    handle = os.open(path, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def rdflib_turtle_seconds(path: Path, timeout: float) -> float | None:
    """Seconds rdflib takes to serialise the graph file ``path`` as Turtle (not counting
    the parse), or None if parsing and serialising took longer than ``timeout``. Its time
    grows faster than the graph (60 documents 1.1 s, 120 2.5 s, 1,000 51 s): at 10,000
    documents it was still working out prefixed names after 25 minutes."""
    try:
        done = subprocess.run([sys.executable, "-c", RDFLIB_TURTLE, str(path)], capture_output=True,
                              text=True, timeout=timeout, check=True)
    except subprocess.TimeoutExpired:
        return None
    return float(done.stdout.split()[-1])


def baselines(out: Path, ours_turtle: float, ours_query: float, rdflib_turtle: bool,
              rdflib_query: bool, rdflib_timeout: float) -> dict:
    """pyoxigraph, and rdflib if asked, on the graph of a build in ``out``."""
    import pyoxigraph as ox

    from lmskg.namespaces import RDF_PREFIXES
    from lmskg.queries import named

    found = {"ours_turtle": ours_turtle, "ours_query": ours_query}
    triples = list(ox.parse(path=str(out / "graph.ttl"), format=ox.RdfFormat.TURTLE))
    # one call on the whole graph, the median of three as for ours: to a file, as an export
    # is written; to a file synced to disk, as lmskg writes graph.ttl (its time includes
    # the sync); and into memory
    target = out.parent / "pyoxigraph.ttl"
    for key, output, synced in (("pyoxigraph_turtle", str(target), False),
                                ("pyoxigraph_turtle_synced", str(target), True),
                                ("pyoxigraph_turtle_memory", None, False)):
        runs = []
        for _ in range(3):
            t = time.perf_counter()
            ox.serialize(triples, output, format=ox.RdfFormat.TURTLE, prefixes=RDF_PREFIXES)
            if synced:
                _sync(target)
            runs.append(time.perf_counter() - t)
        found[key] = median(runs)
    target.unlink()
    del triples
    if rdflib_turtle:
        found["rdflib_turtle"] = rdflib_turtle_seconds(out / "graph.ttl", rdflib_timeout)
    if rdflib_query:
        import rdflib

        # the query on the dataset the store holds (documents, shared, summary and
        # ontology graphs), which the store writes out as N-Quads; both must give the
        # same rows
        query = named("primary-sites").bind({})
        store = ox.Store.read_only(str(out / "store"))
        store.dump(output=str(out / "store.nq"), format=ox.RdfFormat.N_QUADS)
        found["ours_rows"] = len(list(store.query(query)))
        del store
        dataset = rdflib.Dataset()
        dataset.parse(str(out / "store.nq"), format="nquads")
        (out / "store.nq").unlink()  # a copy of the store, as large as the graph
        t = time.perf_counter()
        found["rdflib_rows"] = len(list(dataset.query(query)))
        found["rdflib_query"] = time.perf_counter() - t
    return found


# ---- the run -----------------------------------------------------------------------------

def bench_size(n: int, args: argparse.Namespace) -> dict:
    work = args.work / f"n{n}"
    corpus = work / "docs"
    if not corpus.is_dir() or len(list(corpus.glob("*.txt"))) != n:
        shutil.rmtree(corpus, ignore_errors=True)
        write_corpus(corpus, n)
    paths = sorted(corpus.glob("*.txt"))
    megabytes = sum(p.stat().st_size for p in paths) / 1e6
    result: dict = {"documents": n, "megabytes": megabytes}
    print(f"\n## {n:,} documents ({megabytes:.1f} MB)", flush=True)

    sample = paths[:1000]
    runs = [stages(sample) for _ in range(args.runs)]
    chars = runs[0]["characters"]
    result["stages"] = {s: median([r[s] for r in runs]) for s in ("read", "extract", "graph", "turtle", "validate")}
    result["stage_sample"] = len(sample)
    print(f"\nPer process, {len(sample):,} documents, one stage at a time:\n")
    print("| stage | seconds | documents/s | MB/s |\n| --- | --- | --- | --- |")
    for stage, seconds in result["stages"].items():
        print(f"| {stage} | {seconds:.2f} | {len(sample) / seconds:,.0f} | {chars / 1e6 / seconds:.2f} |")

    cold = []
    for _ in range(args.runs):
        shutil.rmtree(work / "out", ignore_errors=True)
        cold.append(run_build([str(corpus), "--out", str(work / "out"), "--jobs", str(args.jobs)]))
    result["cold"] = {
        "wall": median([c["wall"] for c in cold]), "rss": median([c["rss"] for c in cold]),
        "cpu": median([c["cpu"] for c in cold]),
        "triples": cold[0]["triples"],
        "timings": {k: median([c["timings"][k] for c in cold]) for k in cold[0]["timings"]},
    }
    c = result["cold"]
    print(f"\nCold build, --jobs {args.jobs}, validation, Turtle, GraphML and store "
          f"(median of {args.runs}):\n")
    print(f"* wall {c['wall']:.1f} s: {n / c['wall']:.0f} documents/s, {megabytes / c['wall']:.2f} MB/s, "
          f"{c['triples']:,} triples; peak RSS {c['rss'] / 2**30:.2f} GB")
    print(f"* CPU time of all processes: {c['cpu']:.1f} s, {c['cpu'] / n * 1000:.1f} ms per document "
          f"({args.jobs} cores give {args.jobs * 10:.0f} ms per document at 100 documents/s)")
    print("* phases: " + ", ".join(f"{k} {v:.2f} s" for k, v in c["timings"].items()))
    alone = result["store_alone"] = store_alone(work / "out" / "store", work)
    spent = alone["load_cpu"] + alone["compact_cpu"]
    print(f"* the store alone: {alone['quads']:,} quads bulk-loaded and compacted in "
          f"{alone['wall']:.1f} s, {spent:.1f} s of CPU ({alone['load_cpu']:.1f} loading, "
          f"{alone['compact_cpu']:.1f} compacting): {spent / n * 1000:.1f} ms per document, "
          f"{spent / alone['quads'] * 1e6:.1f} µs per quad")

    if n <= args.jobs_max:
        per_jobs = {}
        for jobs in (1, args.jobs):
            times = []
            for _ in range(args.runs):
                shutil.rmtree(work / "jobs", ignore_errors=True)
                r = run_build([str(corpus), "--out", str(work / "jobs"), "--jobs", str(jobs), "--no-validate",
                               "--no-store", "--no-cache", "--formats", "turtle"])
                times.append(r["timings"]["documents"])
            per_jobs[jobs] = median(times)
        result["jobs"] = per_jobs
        print(f"* documents phase without validation: --jobs 1 {per_jobs[1]:.2f} s, --jobs {args.jobs} "
              f"{per_jobs[args.jobs]:.2f} s: {per_jobs[1] / per_jobs[args.jobs]:.2f}x")

    edited = paths[len(paths) // 2]
    original = edited.read_bytes()
    try:
        edited.write_bytes(original + b"\nA new nodule in the liver was positive for desmin.\n")
        again = run_build([str(corpus), "--out", str(work / "out"), "--jobs", str(args.jobs)])
        shutil.rmtree(work / "cold-edited", ignore_errors=True)
        run_build([str(corpus), "--out", str(work / "cold-edited"), "--jobs", str(args.jobs), "--no-cache"])
        same = all((work / "out" / f).read_bytes() == (work / "cold-edited" / f).read_bytes()
                   for f in ("graph.ttl", "graph.graphml", "validation.ttl"))
    finally:
        edited.write_bytes(original)
    result["rebuild"] = {"wall": again["wall"], "timings": again["timings"], "identical": same}
    print(f"* rebuild after editing 1 document: {again['wall']:.1f} s "
          f"({again['wall'] / c['wall']:.0%} of the cold build); outputs identical to a cold "
          f"build of the edited corpus: {same}")
    print("  phases: " + ", ".join(f"{k} {v:.2f} s" for k, v in again["timings"].items()))

    result["queries"] = query_times(work / "out", args.runs, args.query_timeout)
    # the competency questions, and apart from them the dump of every statement that
    # `lmskg facts` reads the graph with: its time grows with the corpus, as an export's does
    asked = {k: v for k, v in result["queries"].items() if k != FACTS}
    print("* competency queries on the store (each includes the forked query process): " +
          ", ".join(_query_line(k, v, args.query_timeout) for k, v in asked.items()))
    dump = result["queries"][FACTS]
    line = f"* the export of every statement on the store: {_query_line(FACTS, dump, args.query_timeout)}"
    if dump["seconds"]:
        line += f", {dump['bytes'] / 1e6:.0f} MB of results, {dump['bytes'] / 1e6 / dump['seconds']:.1f} MB/s"
    print(line)

    # our Turtle: each document's block, serialised in the workers, then the joining
    per_document = result["stages"]["turtle"] * n / len(sample)
    b = result["baselines"] = baselines(work / "out", per_document + c["timings"]["turtle"],
                                        result["queries"]["primary-sites"]["seconds"] or float("nan"),
                                        n <= args.baseline_max, n <= args.query_baseline_max,
                                        args.rdflib_timeout)
    line = (f"* Turtle: ours {b['ours_turtle']:.2f} s, pyoxigraph alone {b['pyoxigraph_turtle']:.2f} s "
            f"to a file ({b['ours_turtle'] / b['pyoxigraph_turtle']:.2f}x), "
            f"{b['pyoxigraph_turtle_synced']:.2f} s to a file synced to disk, as ours is "
            f"({b['ours_turtle'] / b['pyoxigraph_turtle_synced']:.2f}x), "
            f"{b['pyoxigraph_turtle_memory']:.2f} s into memory ({b['ours_turtle'] / b['pyoxigraph_turtle_memory']:.2f}x)")
    if b.get("rdflib_turtle") is not None:
        line += f", rdflib {b['rdflib_turtle']:.1f} s (ours is {b['rdflib_turtle'] / b['ours_turtle']:.0f}x faster)"
    elif "rdflib_turtle" in b:
        line += (f", rdflib stopped after {args.rdflib_timeout:.0f} s (ours is more than "
                 f"{args.rdflib_timeout / b['ours_turtle']:.0f}x faster)")
    print(line, flush=True)
    if "rdflib_query" in b:
        print(f"* primary-sites query: ours {b['ours_query']:.2f} s, rdflib SPARQL on the store's dataset "
              f"{b['rdflib_query']:.1f} s ({b['rdflib_query'] / b['ours_query']:.0f}x); rows: ours "
              f"{b['ours_rows']}, rdflib {b['rdflib_rows']}")
    return result


def machine() -> dict:
    return {
        "platform": platform.platform(), "machine": platform.machine(), "cpus": os.cpu_count(),
        "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
        "python": platform.python_version(),
        **{p: version(p) for p in ("lmskg", "pyoxigraph", "rdflib", "pyshacl")},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--work", type=Path, default=Path("/tmp/lmskg-bench"))
    parser.add_argument("--jobs-max", type=int, default=1000,
                        help="largest corpus to compare --jobs 1 and --jobs J on")
    parser.add_argument("--query-timeout", type=float, default=60.0,
                        help="seconds after which a query is stopped (and not repeated)")
    parser.add_argument("--baseline-max", type=int, default=10000,
                        help="largest corpus to run rdflib's Turtle serializer on")
    parser.add_argument("--rdflib-timeout", type=float, default=600.0,
                        help="seconds after which rdflib's Turtle baseline (parse and serialise) is stopped")
    parser.add_argument("--query-baseline-max", type=int, default=1000,
                        help="largest corpus to run the rdflib SPARQL baseline on")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    info = machine()
    print(f"# lmskg benchmark\n\n{info}", flush=True)
    results: dict = {"machine": info, "runs": args.runs, "jobs": args.jobs, "sizes": []}
    saved = args.work / "results.json"
    for n in args.sizes:
        results["sizes"].append(bench_size(n, args))
        # after each size, so a long run stopped later keeps what it measured; replaced
        # whole, so a stop while writing does not leave half a file
        write_text(saved, json.dumps(results, indent=2))
    if len(results["sizes"]) >= 2:
        small, large = results["sizes"][0], results["sizes"][-1]
        growth = large["cold"]["wall"] / small["cold"]["wall"]
        print(f"\nGrowth: {large['documents'] / small['documents']:.0f}x the documents took "
              f"{growth:.1f}x the time")
        results["growth"] = growth
    write_text(saved, json.dumps(results, indent=2))
    print(f"\nresults: {saved}")


if __name__ == "__main__":
    main()
