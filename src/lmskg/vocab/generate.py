"""Build the vocabulary: concept tables + imports + curation -> one SKOS file per category.

:func:`build_vocabulary` is the one entry point. Steps:

1. Concept tables: every row becomes a concept (IRI from the ``iri`` column, else from
   the CURIE; ``UNVERIFIED`` rows get ``concept:<slug>`` and notation ``LMSKG:<slug>``).
   Synonyms become ``skos:altLabel`` or ``lmskg:abbreviation`` (see
   :func:`lmskg.vocab.is_abbreviation`), de-duplicated case-insensitively, first
   spelling kept. Xrefs become ``skos:exactMatch`` where the prefix is known.
2. Imports: the selected terms of an ontology file join their category. A term whose
   IRI is already a concept (or an exactMatch of one) keeps the existing labels and
   gains the imported synonyms only with ``merge_synonyms``.
3. Curation (``curie action label note``) adjusts labels: ``ambiguous``, ``drop``,
   ``add``, ``abbreviation``. Entries that do not apply are reported, not fatal.
4. Every category is written to ``<out_dir>/<stem>.ttl`` (all eight, even if empty).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from lmskg.errors import InputError
from lmskg.namespaces import CONCEPT, curie_to_iri, iri_to_curie
from lmskg.vocab import CATEGORIES, Concept, ImportSpec, Ontology, is_abbreviation, slug
from lmskg.vocab.skos import write_scheme
from lmskg.vocab.tsv import ConceptRow, CurationEntry, read_concepts, read_curation


@dataclass
class BuildSummary:
    """What a build wrote and what it noticed."""

    out_dir: str
    files: dict[str, int] = field(default_factory=dict)
    labels: int = 0
    shared_labels: dict[str, list[str]] = field(default_factory=dict)
    unknown_xref_prefixes: Counter[str] = field(default_factory=Counter)
    imported: int = 0
    already_present: int = 0
    merged_labels: int = 0
    curation_applied: int = 0
    warnings: list[str] = field(default_factory=list)

    @property
    def concepts(self) -> int:
        return sum(self.files.values())

    def lines(self, verbose: bool = False) -> list[str]:
        """Human-readable summary lines (the CLI prints these)."""
        files = ", ".join(f"{name} ({n})" for name, n in self.files.items())
        out = [f"wrote {len(self.files)} files to {self.out_dir}: {files}",
               f"{self.concepts} concepts, {self.labels} labels; "
               f"{len(self.shared_labels)} labels shared by several concepts"]
        if self.imported or self.already_present:
            out.append(f"imported {self.imported} new concepts; {self.already_present} "
                       f"already present ({self.merged_labels} labels merged)")
        out.append(f"curation: {self.curation_applied} entries applied, "
                   f"{len(self.warnings)} warnings")
        if self.unknown_xref_prefixes:
            skipped = ", ".join(f"{p} ({n})" for p, n in
                                sorted(self.unknown_xref_prefixes.items()))
            out.append(f"xrefs skipped (unknown prefix): {skipped}")
        if verbose:
            out += [f"shared label {label!r}: {' '.join(ids)}"
                    for label, ids in self.shared_labels.items()]
        return out + [f"warning: {w}" for w in self.warnings]


def source_label(path: str | Path, base_dir: str | Path) -> str:
    """``path`` relative to ``base_dir`` (POSIX style) if inside it, else the file name."""
    path, base = Path(path).resolve(), Path(base_dir).resolve()
    return path.relative_to(base).as_posix() if path.is_relative_to(base) else path.name


def add_labels(concept: Concept, labels: Iterable[tuple[str, bool]]) -> int:
    """Add (text, forced abbreviation) labels unless the concept already has them
    (case-insensitively); return how many were added."""
    known = {x.casefold() for x in (*concept.labels(), *concept.ambiguous_labels)}
    added = 0
    for text, forced in labels:
        text = " ".join(text.split())
        if not text or text.casefold() in known:
            continue
        known.add(text.casefold())
        target = concept.abbreviations if forced or is_abbreviation(text) else \
            concept.alt_labels
        target.append(text)
        added += 1
    return added


def xref_iris(xrefs: Iterable[str], unknown: Counter[str]) -> list[str]:
    """IRIs for the xrefs with a known prefix; count the others by prefix."""
    iris = []
    for xref in xrefs:
        try:
            iris.append(curie_to_iri(xref.strip()))
        except ValueError:
            unknown[xref.partition(":")[0] if ":" in xref else "(not a CURIE)"] += 1
    return list(dict.fromkeys(iris))


def concept_from_row(row: ConceptRow, unknown: Counter[str]) -> Concept:
    """The concept of one concept-table row."""
    if row.verified:
        iri = row.iri
        if not iri:
            try:
                iri = curie_to_iri(row.curie)
            except ValueError as exc:
                raise InputError(row.where, f"{exc}; give the iri column") from None
        notation = row.curie
    else:
        local = slug(row.preferred_label)
        iri, notation = str(CONCEPT[local]), f"LMSKG:{local}"
    concept = Concept(iri=iri, notation=notation, category=row.category,
                      pref_label=row.preferred_label, verified=row.verified,
                      exact_matches=xref_iris(row.xrefs, unknown),
                      sources=[row.source] if row.source else [Path(row.path).name])
    add_labels(concept, ((s, False) for s in row.synonyms))
    return concept


def load_ontology(spec: ImportSpec) -> Ontology:
    """Parse the file of an import spec with the parser its format calls for."""
    path = Path(spec.base_dir) / spec.file
    fmt = spec.format or _guess_format(path)
    if not path.is_file():
        raise InputError(path, "file not found")
    if fmt == "obo":
        from lmskg.vocab.obo import parse_obo
        return parse_obo(path)
    if fmt == "obographs":
        from lmskg.vocab.obographs import parse_obographs
        return parse_obographs(path)
    from lmskg.vocab.owl import parse_owl
    return parse_owl(path)


def _guess_format(path: Path) -> str:
    name = path.name.lower().removesuffix(".gz")
    if name.endswith(".obo"):
        return "obo"
    if name.endswith(".json"):
        return "obographs"
    if name.endswith((".owl", ".rdf", ".xml", ".ttl")):
        return "owl"
    raise InputError(path, "cannot tell the format from the file name; give a format")


def import_terms(spec: ImportSpec, concepts: list[Concept], index: dict[str, Concept],
                 summary: BuildSummary, merge_synonyms: bool, all_synonyms: bool) -> None:
    """Add the selected terms of one import to ``concepts`` (and ``index``)."""
    ontology = load_ontology(spec)
    scopes = ("EXACT", "RELATED", "NARROW", "BROAD") if (
        spec.synonyms == "all" or (not spec.synonyms and all_synonyms)) else ("EXACT",)
    for term_id in ontology.select(spec.selector, spec.base_dir):
        term = ontology.terms[term_id]
        synonyms = [(s.text, s.typed_abbreviation) for s in term.synonyms if s.scope in scopes]
        existing = index.get(term.iri)
        if existing is not None:
            summary.already_present += 1
            if existing.category != spec.category:
                summary.warnings.append(f"{ontology.source}: {term.id} is already in "
                                        f"category {existing.category}; kept there")
            if merge_synonyms and (added := add_labels(existing, synonyms)):
                summary.merged_labels += added
                if ontology.source not in existing.sources:
                    existing.sources.append(ontology.source)
            continue
        if not term.name:
            continue
        notation = term.id if "://" not in term.id else iri_to_curie(term.iri)
        concept = Concept(iri=term.iri, notation=notation, category=spec.category,
                          pref_label=term.name, sources=[ontology.source],
                          exact_matches=xref_iris(term.xrefs, summary.unknown_xref_prefixes))
        add_labels(concept, synonyms)
        concepts.append(concept)
        _index(index, concept)
        summary.imported += 1


def _index(index: dict[str, Concept], concept: Concept) -> None:
    for iri in (concept.iri, *concept.exact_matches):
        index.setdefault(iri, concept)


def _find_label(labels: list[str], label: str) -> str | None:
    return next((x for x in labels if x.casefold() == label.casefold()), None)


def apply_curation(entry: CurationEntry, concept: Concept) -> str | None:
    """Apply one curation entry; return a warning when it does not apply."""
    if entry.label.casefold() == concept.pref_label.casefold():
        return f"{entry.where}: {entry.label!r} is the preferred label of {entry.curie}"
    alt = _find_label(concept.alt_labels, entry.label)
    abbr = _find_label(concept.abbreviations, entry.label)
    amb = _find_label(concept.ambiguous_labels, entry.label)
    if entry.action == "add":
        if alt or abbr or amb:
            return f"{entry.where}: {entry.curie} already has label {entry.label!r}"
        add_labels(concept, [(entry.label, False)])
    elif entry.action == "abbreviation":
        if abbr or amb:
            kind = "an abbreviation" if abbr else "an ambiguous label"
            return f"{entry.where}: {entry.label!r} is already {kind} of {entry.curie}"
        if alt:
            concept.alt_labels.remove(alt)
        concept.abbreviations.append(entry.label)
    elif not (alt or abbr):
        return f"{entry.where}: {entry.curie} has no label {entry.label!r}"
    else:
        for labels, found in ((concept.alt_labels, alt), (concept.abbreviations, abbr)):
            if found:
                labels.remove(found)
        if entry.action == "ambiguous":
            concept.ambiguous_labels.append(alt or abbr or entry.label)
    return None


def shared_labels(concepts: Iterable[Concept]) -> dict[str, list[str]]:
    """Labels (case-insensitive) that name more than one concept -> their notations."""
    users: dict[str, set[str]] = defaultdict(set)
    for concept in concepts:
        for label in concept.labels():
            users[label.casefold()].add(concept.notation)
    return {label: sorted(ids) for label, ids in sorted(users.items()) if len(ids) > 1}


def build_vocabulary(tsv_paths: Sequence[str | Path], imports: Sequence[ImportSpec] = (),
                     curation_path: str | Path | None = None,
                     out_dir: str | Path = "ontology/vocabulary", *,
                     merge_synonyms: bool = False, all_synonyms: bool = False,
                     base_dir: str | Path | None = None) -> BuildSummary:
    """Build the SKOS vocabulary files into ``out_dir`` and return a summary.

    ``base_dir`` (default: the current directory) is what TSV paths recorded as
    ``dcterms:source`` of the schemes are made relative to.
    """
    if not tsv_paths:
        raise InputError("--tsv", "at least one concept table is needed")
    base = Path(base_dir) if base_dir is not None else Path.cwd()
    summary = BuildSummary(out_dir=str(out_dir))
    concepts: list[Concept] = []
    index: dict[str, Concept] = {}
    first_row: dict[str, ConceptRow] = {}
    for tsv in tsv_paths:
        for row in read_concepts(tsv):
            concept = concept_from_row(row, summary.unknown_xref_prefixes)
            if concept.iri in first_row:
                raise InputError(row.where, f"duplicate concept {concept.iri} "
                                            f"(first at {first_row[concept.iri].where})")
            first_row[concept.iri] = row
            concepts.append(concept)
            _index(index, concept)
    scheme_sources = {key: [source_label(t, base) for t in tsv_paths] for key in CATEGORIES}
    for spec in imports:
        before = len(concepts)
        import_terms(spec, concepts, index, summary, merge_synonyms, all_synonyms)
        if len(concepts) > before:
            scheme_sources[spec.category].append(Path(spec.file).name)
    if curation_path is not None:
        by_id = {c.notation: c for c in concepts} | {c.iri: c for c in concepts}
        for entry in read_curation(curation_path):
            concept = by_id.get(entry.curie)
            problem = (apply_curation(entry, concept) if concept is not None
                       else f"{entry.where}: no concept {entry.curie}")
            if problem:
                summary.warnings.append(problem)
            else:
                summary.curation_applied += 1
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    for key, category in CATEGORIES.items():
        members = [c for c in concepts if c.category == key]
        write_scheme(out / f"{category.stem}.ttl", category, members, scheme_sources[key])
        summary.files[f"{category.stem}.ttl"] = len(members)
    summary.labels = sum(len(c.labels()) for c in concepts)
    summary.shared_labels = shared_labels(concepts)
    return summary
