"""Command-line interface: options -> one library call -> rendering -> exit code.

Exit codes: 0 success; 1 the graph does not conform; 2 bad input or usage; 3 the build
finished but some inputs could not be read (they are listed).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__, api
from .atomic import write_text
from .errors import LmskgError
from .facts import render
from .model import RELATIONS
from .sparql import FORMATS as QUERY_FORMATS
from .sparql import render as render_results
from .validate import ENGINES
from .validation_report import render_json, render_text, report_turtle
from .vocab.cli import vocabulary

EXIT_OK, EXIT_NONCONFORMING, EXIT_INPUT, EXIT_PARTIAL = 0, 1, 2, 3


def _emit(text: str, out_file: Path | None) -> None:
    """Write ``text`` to ``out_file`` (atomically) or to standard output."""
    if out_file:
        write_text(out_file, text)
    else:
        click.echo(text, nl=False)


def _fail(exc: LmskgError, debug: bool) -> None:
    if debug:
        raise exc
    click.echo(f"error: {exc}", err=True)
    sys.exit(EXIT_INPUT)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="lmskg")
@click.option("--debug", is_flag=True, help="Show tracebacks instead of one-line errors.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """Turn leiomyosarcoma documents into an evidence-grounded RDF knowledge graph.

    \b
    Typical use:
      lmskg build examples/ --out build/        # documents -> build/graph.ttl (+ validation)
      lmskg facts build/graph.ttl --format tsv  # the statements, read back with SPARQL
      lmskg validate build/graph.ttl            # SHACL report, each result with its sentence

    \b
    Exit codes: 0 success / conforms; 1 the graph does not conform to the shapes;
    2 bad input or usage; 3 built, but some inputs could not be read.
    """
    ctx.obj = {"debug": debug}


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder to write graph.ttl into (created if needed).")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar; print only the summary.")
@click.option("--validate/--no-validate", default=True, show_default=True,
              help="Check the graph against the SHACL shapes and write OUT/validation.ttl.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Processes that read, extract and validate documents "
              "(default: the number of CPU cores).")
@click.option("--formats", default="turtle,graphml", show_default=True, metavar="LIST",
              help="Comma-separated export formats, each written as OUT/graph.<suffix> "
              "(graph.ttl is always written); see `lmskg export --help`.")
@click.option("--store/--no-store", default=True, show_default=True,
              help="Load the graph into the SPARQL store OUT/store (for `lmskg query`).")
@click.option("--cache/--no-cache", default=True, show_default=True,
              help="Keep each document's graph in OUT/cache.sqlite and reuse it while the "
              "document, the vocabulary, the shapes and lmskg are unchanged.")
@click.option("--timings", is_flag=True, help="Print the seconds each phase took.")
@click.option("--fail-fast", is_flag=True,
              help="Stop at the first input that cannot be read (exit 2, nothing written) "
              "instead of skipping it.")
@click.pass_context
def build(ctx: click.Context, paths: tuple[Path, ...], out_dir: Path, quiet: bool,
          validate: bool, jobs: int | None, formats: str, store: bool, cache: bool,
          timings: bool, fail_fast: bool) -> None:
    """Build the knowledge graph of the documents in PATHS (files or folders).

    Reads .txt, .md and .html/.htm files (folders recursively), extracts the statements
    (primary_site, metastasis_site, marker, symptom, imaging, treatment, differential)
    with their polarity, certainty and evidence, and writes OUT/graph.ttl, the exports
    named by --formats (OUT/graph.graphml: concepts and relations, for Gephi or
    Cytoscape) and the SPARQL store OUT/store (`lmskg query --store OUT`). Then validates
    the graph against the SHACL shapes and writes OUT/validation.ttl (a standard
    sh:ValidationReport); run `lmskg validate OUT/graph.ttl` to read it with sentences.

    Documents are read, extracted and validated in --jobs processes. Building into the
    same OUT again reuses every unchanged document (OUT/cache.sqlite) and replaces only
    the changed documents' graphs in the store.

    \b
    Exit codes: 0 built and conforms; 1 built, but the graph has SHACL violations
    (all outputs are still written); 3 built, but some inputs could not be read
    (they are listed; the rest was built); 2 nothing built (bad arguments, or the
    first unreadable input with --fail-fast).
    """
    bars: dict[str, object] = {}

    def close_bars() -> None:
        for bar in bars.values():
            bar.__exit__(None, None, None)
        bars.clear()

    def progress(event: str, path: str, done: int, total: int) -> None:
        stage = {"validated": "validating", "stored": "storing"}.get(event, "documents")
        if quiet or total < 2:
            return
        if event == "phase":  # the documents are done: say what the build does now
            close_bars()
            click.echo(f"{path} ...", err=True)
            return
        if stage not in bars:
            close_bars()
            bars[stage] = click.progressbar(
                length=total, label=stage, file=sys.stderr, show_pos=True,
                item_show_func=lambda p: p and (Path(p).name if stage == "documents" else p))
            bars[stage].__enter__()
        bars[stage].update(1, path)

    try:
        report = api.build(list(paths), out_dir, progress=progress, validate=validate, jobs=jobs,
                           formats=[f.strip() for f in formats.split(",") if f.strip()],
                           store=store, cache=cache, fail_fast=fail_fast)
    except LmskgError as exc:
        _fail(exc, ctx.obj["debug"])
        return
    finally:
        close_bars()
    for failure in report.failures:
        click.echo(f"skipped: {failure}", err=True)
    for name, same in report.duplicates:
        click.echo(f"skipped: {name}: same content as {same}", err=True)
    reused = f" ({report.cached} unchanged, from the cache)" if report.cached else ""
    click.echo(f"{report.documents} documents{reused}, {report.sentences} sentences, "
               f"{report.statements} statements, {report.triples} triples -> {report.graph}")
    for relation in RELATIONS:
        pos = report.relations.get((relation, "positive"), 0)
        neg = report.relations.get((relation, "negative"), 0)
        if pos or neg:
            click.echo(f"  {relation:<16} {pos:>5} positive {neg:>5} negative")
    for path in report.exports:
        click.echo(f"  export -> {path}")
    if report.store:
        how = "" if report.store_updated is None else f" ({report.store_updated} graph(s) replaced)"
        click.echo(f"  store  -> {report.store}{how}")
    if report.validation is not None:
        v = report.validation
        counts = v.counts()
        verdict = "conforms" if v.conforms else "does NOT conform"
        click.echo(f"validation: {verdict}: {counts['Violation']} violation(s), "
                   f"{counts['Warning']} warning(s), {counts['Info']} info(s) "
                   f"({v.seconds:.1f} s) -> {report.validation_file}")
        if not v.conforms:
            click.echo(f"  details: lmskg validate {report.graph}", err=True)
    if timings:
        click.echo("timings: " + ", ".join(f"{phase} {seconds:.2f} s"
                                          for phase, seconds in report.timings.items()))
    if report.failures:
        click.echo(f"{len(report.failures)} input(s) could not be read", err=True)
    if report.validation is not None and not report.validation.conforms:
        sys.exit(EXIT_NONCONFORMING)
    if report.failures:
        sys.exit(EXIT_PARTIAL)


@main.command()
@click.argument("graph", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["tsv", "csv", "json"]), default="tsv",
              show_default=True, help="Output format.")
@click.option("--out", "out_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file instead of standard output.")
@click.pass_context
def facts(ctx: click.Context, graph: Path, fmt: str, out_file: Path | None) -> None:
    """Print the statements of GRAPH as a table, read back from the RDF with SPARQL.

    Columns: document subject subject_label relation object object_label polarity
    certainty sentence start end. Objects are CURIEs (UBERON:0002107, HGNC:2770, ...).
    """
    try:
        text = render(api.read_facts(graph), fmt)
    except LmskgError as exc:
        _fail(exc, ctx.obj["debug"])
        return
    _emit(text, out_file)


@main.command()
@click.argument("graph", type=click.Path(path_type=Path))
@click.option("--shapes", "shapes", multiple=True, type=click.Path(path_type=Path),
              help="Shapes file (Turtle) to use instead of the bundled shapes; repeatable.")
@click.option("--format", "fmt", type=click.Choice(["text", "turtle", "json"]), default="text",
              show_default=True, help="text: grouped by shape, with sentences; turtle: the "
              "standard sh:ValidationReport; json: one object per result.")
@click.option("--out", "out_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the report to this file instead of standard output.")
@click.option("--limit", type=click.IntRange(min=0), default=10, show_default=True,
              help="Results shown per shape in the text report (0: all).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Processes to validate with (default: the number of CPU cores).")
@click.option("--engine", type=click.Choice(ENGINES), default="auto",
              show_default=True, help="lmskg: the fast built-in engine (SHACL Core and "
              "SHACL-SPARQL SELECT constraints); pyshacl: the reference engine; auto: lmskg's "
              "unless the shapes use a feature only pyshacl supports.")
@click.pass_context
def validate(ctx: click.Context, graph: Path, shapes: tuple[Path, ...], fmt: str,
             out_file: Path | None, limit: int, jobs: int | None, engine: str) -> None:
    """Check GRAPH against the SHACL shapes and report what fails, with its sentence.

    GRAPH is a Turtle, N-Triples, N-Quads or TriG file (format from the suffix). Each
    document's part of the graph is checked on its own, with inference off and the lmskg
    ontology as ontology graph; nothing is fetched from the network. Each result names its shape, the failing node and the document,
    sentence and character offsets it came from.

    \b
    Exit codes: 0 conforms (warnings and infos allowed); 1 does not conform
    (at least one violation); 2 bad input (missing or unparsable file).
    """
    try:
        report = api.validate(graph, shapes=list(shapes) or None, jobs=jobs, engine=engine)
    except LmskgError as exc:
        _fail(exc, ctx.obj["debug"])
        return
    if fmt == "turtle":
        data = report_turtle(report)
    else:
        text = render_json(report) if fmt == "json" else render_text(report, str(graph), limit)
        data = text.encode("utf-8")
    if out_file:
        from .atomic import write_bytes

        write_bytes(out_file, data)
    else:
        click.echo(data.decode("utf-8"), nl=False)
    sys.exit(EXIT_OK if report.conforms else EXIT_NONCONFORMING)


def _formats_help() -> str:
    from .exporters import EXPORTERS

    return "\n".join(f"  {e.name:<9} {e.suffix:<8} {e.description}" for e in EXPORTERS.values())


@main.command(epilog="\b\nFormats:\n" + _formats_help())
@click.argument("graph", type=click.Path(path_type=Path))
@click.option("--format", "fmt", required=True, help="Export format (see below).")
@click.option("--out", "out_file", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="File to write (written atomically).")
@click.option("--view", type=click.Choice(["concept", "rdf"]), default=None,
              help="GraphML only: concept (default) = concepts and relations with counts "
              "and an example sentence; rdf = every triple as an edge.")
@click.pass_context
def export(ctx: click.Context, graph: Path, fmt: str, out_file: Path, view: str | None) -> None:
    """Write GRAPH (Turtle, N-Triples, N-Quads, TriG, JSON-LD) in another format.

    Dataset formats (nquads, trig, jsonld) put each document in its own named graph
    (the document's IRI), so a triple store can replace one document alone; what no
    document owns goes into the graph https://w3id.org/lmskg/id/graph/shared.

    GraphML opens in Gephi, Cytoscape and yEd. Its concept view has one node per concept
    (label, curie, iri, category, documents, statements) and one edge per distinct
    statement (relation, polarity, certainty, documents, statements, weight, an example
    sentence with its document and offsets); a positive and a negative result between
    the same two concepts are two edges.
    """
    try:
        path = api.export(graph, fmt, out_file, view=view)
    except LmskgError as exc:
        _fail(exc, ctx.obj["debug"])
        return
    click.echo(f"{graph} -> {path}")


def _query_list() -> str:
    from .queries import catalogue

    lines = []
    for q in catalogue().values():
        lines.append(f"{q.name:<18} {q.title}")
        for param in q.params:
            lines.append(f"{'':<18}   --param {param.name}={param.default}  ({param.help})")
    return "\n".join(lines) + "\n"


def _params(values: tuple[str, ...]) -> dict[str, str]:
    out = {}
    for item in values:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise click.BadParameter(f"{item!r} is not NAME=VALUE", param_hint="--param")
        out[name.strip()] = value
    return out


@main.command(epilog="\b\nExamples:\n"
              "  lmskg query --store build/ --list\n"
              "  lmskg query --store build/ --name metastasis-sites\n"
              "  lmskg query --store build/ --name evidence --param object=UBERON:0002048\n"
              "  lmskg query --graph build/graph.ttl 'SELECT (COUNT(*) AS ?n) { ?s ?p ?o }'\n"
              "  lmskg query --store build/ --file my.rq --format csv --out my.csv")
@click.argument("text", required=False)
@click.option("--store", "store", type=click.Path(path_type=Path),
              help="A build's output folder (or its store/ folder) to query.")
@click.option("--graph", "graph", type=click.Path(path_type=Path),
              help="A graph file to query instead (parsed into memory first).")
@click.option("--file", "query_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Read the query from this file.")
@click.option("--name", "name", help="Run a bundled competency query (see --list).")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE",
              help="Set a parameter of a named query; repeatable.")
@click.option("--format", "fmt", type=click.Choice(QUERY_FORMATS), default="table",
              show_default=True, help="table: aligned columns with CURIEs; csv, tsv, json: the "
              "W3C SPARQL results formats.")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=60.0,
              show_default=True, help="Stop the query after this many seconds.")
@click.option("--out", "out_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the results to this file instead of standard output.")
@click.option("--list", "list_", is_flag=True, help="List the bundled competency queries and exit.")
@click.pass_context
def query(ctx: click.Context, text: str | None, store: Path | None, graph: Path | None,
          query_file: Path | None, name: str | None, params: tuple[str, ...], fmt: str,
          timeout: float, out_file: Path | None, list_: bool) -> None:
    """Run a read-only SPARQL query on a build's store or on a graph file.

    The query is TEXT, --file or --name (a bundled competency query). Each document is a
    named graph (its IRI) holding its statements; what they mention is described once in
    the graph https://w3id.org/lmskg/id/graph/shared. Match statements inside
    GRAPH ?doc { ... } as the bundled queries do; a direct triple is in the graph of each
    document that supports it, so count with COUNT(DISTINCT ...). Without GRAPH or FROM,
    the default graph is the union of all graphs.

    \b
    Refused with a message (exit code 2): SERVICE, updates and LOAD, and FROM / FROM NAMED
    naming anything but the store's own graphs; nothing is ever fetched. A query that
    runs past --timeout is stopped (exit code 2); the store is opened read-only.
    """
    if list_:
        click.echo(_query_list(), nl=False)
        return
    try:
        given = [x for x in (text, query_file, name) if x is not None]
        if len(given) != 1:
            raise click.UsageError("give exactly one of TEXT, --file or --name")
        if params and name is None:
            raise click.UsageError("--param goes with --name")
        if (store is None) == (graph is None):
            raise click.UsageError("give --store DIR (a build's output folder) or --graph FILE")
        if name is not None:
            sparql_text = api.named_query(name, _params(params))
        elif query_file is not None:
            try:
                sparql_text = query_file.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise LmskgError(f"{query_file}: cannot read the query: {exc}") from None
        else:
            sparql_text = text
        result = api.query(sparql_text, store=store, graph=graph, timeout=timeout)
        output = render_results(result, fmt)
    except LmskgError as exc:
        _fail(exc, ctx.obj["debug"])
        return
    _emit(output, out_file)


@main.command(epilog="\b\nEndpoints (Graph Store Protocol):\n"
              "  Oxigraph  http://HOST:7878/store\n"
              "  Fuseki    http://HOST:3030/DATASET/data\n"
              "  GraphDB   http://HOST:7200/repositories/REPO/rdf-graphs/service\n"
              "\b\nCredentials (environment only): LMSKG_ENDPOINT_USER and LMSKG_ENDPOINT_PASSWORD\n"
              "(HTTP Basic), or LMSKG_ENDPOINT_TOKEN (bearer token).")
@click.argument("source", type=click.Path(path_type=Path))
@click.option("--endpoint", required=True, metavar="URL",
              help="The store's Graph Store Protocol URL (see below).")
@click.option("--ca-bundle", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="Verify the server's TLS certificate against these CA certificates "
              "(verification is always on).")
@click.option("--retries", type=click.IntRange(min=0), default=5, show_default=True,
              help="Retries per graph on HTTP 429, 5xx or a dropped connection, with backoff.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar; print only the summary.")
@click.pass_context
def load(ctx: click.Context, source: Path, endpoint: str, ca_bundle: Path | None, retries: int,
         quiet: bool) -> None:
    """Load SOURCE (a build's output folder or a graph file) into a triple store.

    Sends one HTTP PUT per named graph: one per document (the document's IRI), the shared
    graph and the ontology. PUT replaces a graph whole, so loading twice changes nothing
    and a re-extracted document replaces its own graph. Graphs of documents no longer in
    SOURCE are left in the store. Exit code 2 when the server cannot be reached or
    refuses a graph (the message says how many graphs were loaded before).
    """
    bar = None

    def progress(iri: str, done: int, total: int) -> None:
        nonlocal bar
        if quiet or total < 2:
            return
        if bar is None:
            bar = click.progressbar(length=total, label="loading", file=sys.stderr, show_pos=True)
            bar.__enter__()
        bar.update(1)

    try:
        report = api.load(source, endpoint, ca_bundle=ca_bundle, retries=retries, progress=progress)
    except LmskgError as exc:
        _fail(exc, ctx.obj["debug"])
        return
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    click.echo(f"loaded {report.graphs} graphs, {report.triples} triples into {report.endpoint} "
               f"in {report.seconds:.1f} s ({report.retries} retries)")


main.add_command(vocabulary)

if __name__ == "__main__":  # pragma: no cover
    main()
