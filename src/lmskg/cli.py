"""Command-line interface: options -> one library call -> rendering -> exit code.

Exit codes: 0 success; 1 the graph does not conform; 2 bad input or usage; 3 the build
finished but some inputs could not be read (they are listed).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__, api
from .errors import LmskgError
from .facts import render
from .model import RELATIONS
from .validation_report import render_json, render_text, report_turtle
from .vocab.cli import vocabulary

EXIT_OK, EXIT_NONCONFORMING, EXIT_INPUT, EXIT_PARTIAL = 0, 1, 2, 3


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
              help="Processes for validation (default: the number of CPU cores).")
@click.option("--formats", default="turtle,graphml", show_default=True, metavar="LIST",
              help="Comma-separated export formats, each written as OUT/graph.<suffix> "
              "(graph.ttl is always written); see `lmskg export --help`.")
@click.option("--store/--no-store", default=True, show_default=True,
              help="Load the graph into the SPARQL store OUT/store (for `lmskg query`).")
@click.pass_context
def build(ctx: click.Context, paths: tuple[Path, ...], out_dir: Path, quiet: bool,
          validate: bool, jobs: int | None, formats: str, store: bool) -> None:
    """Build the knowledge graph of the documents in PATHS (files or folders).

    Reads .txt, .md and .html/.htm files (folders recursively), extracts the statements
    (primary_site, metastasis_site, marker, symptom, imaging, treatment, differential)
    with their polarity, certainty and evidence, and writes OUT/graph.ttl, the exports
    named by --formats (OUT/graph.graphml: concepts and relations, for Gephi or
    Cytoscape) and the SPARQL store OUT/store (`lmskg query --store OUT`). Then validates
    the graph against the SHACL shapes and writes OUT/validation.ttl (a standard
    sh:ValidationReport); run `lmskg validate OUT/graph.ttl` to read it with sentences.

    \b
    Exit codes: 0 built and conforms; 1 built, but the graph has SHACL violations
    (all outputs are still written); 3 built, but some inputs could not be read
    (they are listed; the rest was built); 2 nothing built (bad arguments).
    """
    bars: dict[str, object] = {}

    def progress(event: str, path: str, done: int, total: int) -> None:
        stage = "validating" if event == "validated" else "reading"
        if quiet or total < 2:
            return
        if stage not in bars:
            for other in bars.values():
                other.__exit__(None, None, None)
            bars.clear()
            bars[stage] = click.progressbar(
                length=total, label=stage, file=sys.stderr, show_pos=True,
                item_show_func=lambda p: p and (Path(p).name if stage == "reading" else p))
            bars[stage].__enter__()
        bars[stage].update(1, path)

    try:
        report = api.build(list(paths), out_dir, progress=progress, validate=validate, jobs=jobs,
                           formats=[f.strip() for f in formats.split(",") if f.strip()],
                           store=store)
    except LmskgError as exc:
        _fail(exc, ctx.obj["debug"])
        return
    finally:
        for bar in bars.values():
            bar.__exit__(None, None, None)
    for failure in report.failures:
        click.echo(f"skipped: {failure}", err=True)
    for name, same in report.duplicates:
        click.echo(f"skipped: {name}: same content as {same}", err=True)
    click.echo(f"{report.documents} documents, {report.sentences} sentences, "
               f"{report.statements} statements, {report.triples} triples -> {report.graph}")
    for relation in RELATIONS:
        pos = report.relations.get((relation, "positive"), 0)
        neg = report.relations.get((relation, "negative"), 0)
        if pos or neg:
            click.echo(f"  {relation:<16} {pos:>5} positive {neg:>5} negative")
    for path in report.exports:
        click.echo(f"  export -> {path}")
    if report.store:
        click.echo(f"  store  -> {report.store}")
    if report.validation is not None:
        v = report.validation
        counts = v.counts()
        verdict = "conforms" if v.conforms else "does NOT conform"
        click.echo(f"validation: {verdict}: {counts['Violation']} violation(s), "
                   f"{counts['Warning']} warning(s), {counts['Info']} info(s) "
                   f"({v.seconds:.1f} s) -> {report.validation_file}")
        if not v.conforms:
            click.echo(f"  details: lmskg validate {report.graph}", err=True)
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
    if out_file:
        from .atomic import write_text

        write_text(out_file, text)
    else:
        click.echo(text, nl=False)


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
@click.pass_context
def validate(ctx: click.Context, graph: Path, shapes: tuple[Path, ...], fmt: str,
             out_file: Path | None, limit: int, jobs: int | None) -> None:
    """Check GRAPH against the SHACL shapes and report what fails, with its sentence.

    GRAPH is a Turtle, N-Triples, N-Quads or TriG file (format from the suffix). pyshacl
    runs with inference off and the lmskg ontology as ontology graph; nothing is fetched
    from the network. Each result names its shape, the failing node and the document,
    sentence and character offsets it came from.

    \b
    Exit codes: 0 conforms (warnings and infos allowed); 1 does not conform
    (at least one violation); 2 bad input (missing or unparsable file).
    """
    try:
        report = api.validate(graph, shapes=list(shapes) or None, jobs=jobs)
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


main.add_command(vocabulary)

if __name__ == "__main__":  # pragma: no cover
    main()
