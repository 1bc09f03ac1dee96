"""``lmskg vocabulary build``: regenerate ontology/vocabulary/*.ttl from the sources.

Thin wrapper: options -> :func:`lmskg.vocab.generate.build_vocabulary` -> summary on
stdout. Any user-facing failure is one line on stderr and exit status 2.
"""

from __future__ import annotations

from pathlib import Path

import click

from lmskg.errors import LmskgError
from lmskg.vocab.generate import build_vocabulary
from lmskg.vocab.tsv import parse_import_option, read_import_specs

DEFAULT_TSV = "ontology/sources/concepts.tsv"
DEFAULT_CURATION = "ontology/vocabulary/curation.tsv"
DEFAULT_OUT = "ontology/vocabulary"


@click.group("vocabulary")
def vocabulary() -> None:
    """Build the SKOS vocabulary (the lexicon) from concept tables and ontologies."""


@vocabulary.command("build")
@click.option("--tsv", "tsv_paths", multiple=True, metavar="FILE",
              help=f"Concept table (repeatable). Default: {DEFAULT_TSV}.")
@click.option("--imports", "spec_files", multiple=True, metavar="FILE",
              help="Import spec TSV (columns file, category, selector[, format, synonyms]).")
@click.option("--import", "import_options", multiple=True, metavar="FILE:CATEGORY:SELECTOR",
              help="One import, e.g. uberon.obo:anatomical_site:descendants-of=UBERON:0000062.")
@click.option("--curation", metavar="FILE",
              help=f"Curation TSV. Default: {DEFAULT_CURATION} if it exists.")
@click.option("--no-curation", is_flag=True, help="Ignore the default curation file.")
@click.option("--out", "out_dir", default=DEFAULT_OUT, show_default=True, metavar="DIR",
              help="Folder the .ttl files are written to.")
@click.option("--merge-synonyms", is_flag=True,
              help="Add imported synonyms to concepts that already exist.")
@click.option("--all-synonyms", is_flag=True,
              help="Also import RELATED, NARROW and BROAD synonyms (default: EXACT only).")
@click.option("-v", "--verbose", is_flag=True, help="List labels shared by several concepts.")
def build(tsv_paths: tuple[str, ...], spec_files: tuple[str, ...],
          import_options: tuple[str, ...], curation: str | None, no_curation: bool,
          out_dir: str, merge_synonyms: bool, all_synonyms: bool, verbose: bool) -> None:
    """Generate one SKOS Turtle file per category into --out."""
    if curation is None and not no_curation and Path(DEFAULT_CURATION).is_file():
        curation = DEFAULT_CURATION
    try:
        imports = [spec for f in spec_files for spec in read_import_specs(f)]
        imports += [parse_import_option(text) for text in import_options]
        summary = build_vocabulary(list(tsv_paths) or [DEFAULT_TSV], imports,
                                   None if no_curation else curation, out_dir,
                                   merge_synonyms=merge_synonyms, all_synonyms=all_synonyms)
    except (LmskgError, OSError) as exc:
        click.echo(f"error: {exc}", err=True)
        raise SystemExit(2) from None
    for line in summary.lines(verbose=verbose):
        click.echo(line)
