"""Read the tab-separated inputs of the vocabulary build.

* concept tables (``ontology/sources/concepts.tsv``): columns ``category``,
  ``preferred_label``, ``curie`` (required) and ``iri``, ``synonyms``, ``xrefs``,
  ``source`` (optional); synonyms and xrefs are ``|``-separated; curie ``UNVERIFIED``
  (or empty) marks a concept without a standard code.
* the curation file (``ontology/vocabulary/curation.tsv``): ``curie action label note``.
* import spec files: ``file category selector`` and optional ``format``, ``synonyms``.

Files are UTF-8 with a header row; fields may be quoted the way spreadsheets and Python's
csv module quote them. Blank lines and lines starting with ``#`` are ignored. Every
problem is an :class:`~lmskg.errors.InputError` naming the file (and line).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from lmskg.errors import InputError
from lmskg.vocab import CATEGORIES, ImportSpec

CONCEPT_COLUMNS = ("category", "preferred_label", "curie")
CURATION_COLUMNS = ("curie", "action", "label")
CURATION_ACTIONS = ("ambiguous", "drop", "add", "abbreviation")
IMPORT_COLUMNS = ("file", "category", "selector")
UNVERIFIED = "UNVERIFIED"


@dataclass(frozen=True)
class ConceptRow:
    """One row of a concept table, fields stripped, lists split."""

    path: str
    line: int
    category: str
    preferred_label: str
    curie: str
    iri: str
    synonyms: list[str]
    xrefs: list[str]
    source: str

    @property
    def verified(self) -> bool:
        return self.curie not in ("", UNVERIFIED)

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass(frozen=True)
class CurationEntry:
    """One curation decision: apply ``action`` to ``label`` of the concept ``curie``."""

    curie: str
    action: str
    label: str
    note: str
    where: str


def _rows(path: Path, required: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (line number, row) of a headed TSV, checking the required columns."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(path, "file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(path, f"cannot read: {exc}") from None
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    numbers = [i for i, ln in enumerate(text.splitlines(), 1)
               if ln.strip() and not ln.lstrip().startswith("#")]
    if not lines:
        raise InputError(path, "empty file (expected a header row)")
    reader = csv.DictReader(lines, delimiter="\t")
    header = [h.strip() for h in reader.fieldnames or []]
    reader.fieldnames = header
    missing = [c for c in required if c not in header]
    if missing:
        raise InputError(path, f"missing column(s) {', '.join(missing)} in header "
                               f"(found: {', '.join(header) or 'nothing'})")
    for index, row in enumerate(reader, 1):
        if None in row:
            raise InputError(path, f"line {numbers[index]}: more fields than header columns")
        yield numbers[index], {k: (v or "").strip() for k, v in row.items()}


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split("|") if part.strip()]


def _check_choice(where: str, name: str, value: str, allowed: Iterable[str]) -> None:
    if value not in allowed:
        raise InputError(where, f"unknown {name} {value!r} (expected one of {', '.join(allowed)})")


def read_concepts(path: str | Path) -> list[ConceptRow]:
    """Read a concept table; raise InputError on missing columns or invalid rows."""
    rows = []
    for line, row in _rows(Path(path), CONCEPT_COLUMNS):
        where = f"{path}:{line}"
        _check_choice(where, "category", row["category"], CATEGORIES)
        if not row["preferred_label"]:
            raise InputError(where, "empty preferred_label")
        rows.append(ConceptRow(
            path=str(path), line=line, category=row["category"],
            preferred_label=row["preferred_label"], curie=row["curie"],
            iri=row.get("iri", ""), synonyms=_split(row.get("synonyms", "")),
            xrefs=_split(row.get("xrefs", "")), source=row.get("source", ""),
        ))
    return rows


def read_curation(path: str | Path) -> list[CurationEntry]:
    """Read the curation file; raise InputError on unknown actions or empty fields."""
    entries = []
    for line, row in _rows(Path(path), CURATION_COLUMNS):
        where = f"{path}:{line}"
        _check_choice(where, "action", row["action"], CURATION_ACTIONS)
        if not row["curie"] or not row["label"]:
            raise InputError(where, "curie and label must not be empty")
        entries.append(CurationEntry(row["curie"], row["action"], row["label"],
                                     row.get("note", ""), where))
    return entries


def read_import_specs(path: str | Path) -> list[ImportSpec]:
    """Read an import spec file; relative ``file`` and ``ids-file`` paths are resolved
    against the spec file's folder."""
    path = Path(path)
    specs = []
    for line, row in _rows(path, IMPORT_COLUMNS):
        spec = ImportSpec(row["file"], row["category"], row["selector"],
                          row.get("format", ""), row.get("synonyms", ""),
                          str(path.parent))
        check_import_spec(spec, f"{path}:{line}")
        specs.append(spec)
    return specs


def parse_import_option(text: str, base_dir: str = ".") -> ImportSpec:
    """Parse ``FILE:CATEGORY:SELECTOR`` (the ``--import`` option).

    The category key, surrounded by colons, separates the file from the selector, so
    file names and selectors may themselves contain colons.
    """
    for key in CATEGORIES:
        file, sep, selector = text.partition(f":{key}:")
        if sep:
            spec = ImportSpec(file, key, selector, base_dir=base_dir)
            check_import_spec(spec, f"--import {text}")
            return spec
    raise InputError(f"--import {text}", "expected FILE:CATEGORY:SELECTOR with CATEGORY "
                                         f"one of {', '.join(CATEGORIES)}")


def check_import_spec(spec: ImportSpec, where: str) -> None:
    """Validate the fields of an import spec that can be checked without reading files."""
    if not spec.file:
        raise InputError(where, "empty file name")
    if spec.category not in CATEGORIES:
        raise InputError(where, f"unknown category {spec.category!r}")
    if not spec.selector:
        raise InputError(where, "empty selector")
    if spec.format not in ("", "obo", "obographs", "owl"):
        raise InputError(where, f"unknown format {spec.format!r} (obo, obographs, owl)")
    if spec.synonyms not in ("", "exact", "all"):
        raise InputError(where, f"unknown synonyms value {spec.synonyms!r} (exact, all)")


def read_ids_file(path: str | Path) -> list[str]:
    """Ids listed one per line (first field); lines starting with ``#`` are comments."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(path, f"cannot read ids file: {exc}") from None
    ids = []
    for line in text.splitlines():
        value = line.split("\t", 1)[0].strip()
        if value and not value.startswith("#"):
            value = value.split(" #", 1)[0].split()[0]
            ids.append(value)
    return ids
