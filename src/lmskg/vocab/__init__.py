"""The vocabulary generator: concept tables and ontology extracts -> SKOS concept schemes.

The lexicon of the project is a set of SKOS Turtle files in ``ontology/vocabulary/``, one
per category. They are *generated* from the curated concept table
(``ontology/sources/concepts.tsv``), an optional curation file
(``ontology/vocabulary/curation.tsv``) and optional imports of ontology terms (OBO 1.2,
OBO Graphs JSON, OWL RDF/XML). Domain knowledge lives in those data files; this package
holds only the mechanics.

Modules: :mod:`.tsv` (concept, curation and import-spec tables), :mod:`.obo`,
:mod:`.obographs`, :mod:`.owl` (ontology parsers, all returning :class:`Ontology`),
:mod:`.skos` (Turtle writer), :mod:`.generate` (:func:`build_vocabulary`), :mod:`.cli`.

Abbreviation rule (:func:`is_abbreviation`), applied to every synonym; abbreviations are
written as ``lmskg:abbreviation`` and matched case-sensitively. A label is an
abbreviation when it contains no whitespace, at least one uppercase letter, and either

* no lowercase letter at all (``CT``, ``SMA``, ``H&N``, ``CD117``, ``18F-FDG``,
  ``AE1/AE3``, ``R0``), or
* it is short (at most 6 characters) and mixed-case with at least 2 uppercase letters or
  an uppercase letter right after a lowercase one (``uLMS``, ``GISTs``, ``α-SMA``,
  ``ERα``, ``c-KIT``, ``pRb``, ``dFdC``, ``hSNF5``).

Capitalised words (``Doppler``, ``Gleevec``, ``X-ray``, ``Ki67``), longer mixed-case
tokens (``PEComas``, ``Melan-A``, ``Tru-Cut``, ``p16INK4a``) and anything with a space
are ordinary alternative labels. Curation can force a label to be an abbreviation, and
ontology synonyms typed as abbreviations (``OMO:0003000``, ``abbreviation``) are
abbreviations whatever their shape.
"""

from __future__ import annotations

import re
from collections import defaultdict, deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = [
    "CATEGORIES",
    "Category",
    "Concept",
    "ImportSpec",
    "Ontology",
    "OntologyTerm",
    "Synonym",
    "build_vocabulary",
    "is_abbreviation",
    "slug",
]


@dataclass(frozen=True)
class Category:
    """Where the concepts of one category key go: file stem (= scheme name) and class."""

    key: str
    stem: str
    class_name: str
    label: str
    definition: str


#: Category key (as in the concept table) -> output scheme. The loader relies on this map.
CATEGORIES: dict[str, Category] = {
    c.key: c
    for c in (
        Category("tumor", "tumours", "Tumour", "lmskg tumour types",
                 "Tumour types (neoplasms) named in leiomyosarcoma documents."),
        Category("anatomical_site", "anatomy", "AnatomicalSite", "lmskg anatomical sites",
                 "Anatomical structures and regions where tumours arise or spread."),
        Category("marker", "markers", "Marker", "lmskg markers",
                 "Immunohistochemical and molecular markers and marker results."),
        Category("sign_symptom", "signs", "SignOrSymptom", "lmskg signs and symptoms",
                 "Presenting signs, symptoms and clinical findings."),
        Category("condition", "conditions", "Condition", "lmskg conditions",
                 "Non-neoplastic diseases and syndromes a tumour causes or mimics."),
        Category("diagnostic_procedure", "procedures", "DiagnosticProcedure",
                 "lmskg diagnostic procedures",
                 "Imaging, pathological and other diagnostic procedures."),
        Category("treatment", "therapies", "Therapy", "lmskg therapies",
                 "Surgical procedures, radiotherapy, systemic and other therapies."),
        Category("drug", "drugs", "Drug", "lmskg drugs",
                 "Drugs and agents given as therapy."),
    )
}


@dataclass
class Concept:
    """One SKOS concept as written to a scheme file."""

    iri: str
    notation: str
    category: str
    pref_label: str
    alt_labels: list[str] = field(default_factory=list)
    abbreviations: list[str] = field(default_factory=list)
    ambiguous_labels: list[str] = field(default_factory=list)
    exact_matches: list[str] = field(default_factory=list)
    verified: bool = True
    sources: list[str] = field(default_factory=list)

    def labels(self) -> list[str]:
        """All labels that name the concept in text (pref, alt, abbreviations)."""
        return [self.pref_label, *self.alt_labels, *self.abbreviations]


@dataclass(frozen=True)
class Synonym:
    """An ontology synonym: its text, scope (EXACT, RELATED, NARROW, BROAD) and type."""

    text: str
    scope: str = "EXACT"
    type: str = ""

    @property
    def typed_abbreviation(self) -> bool:
        t = self.type.lower()
        return t.endswith("abbreviation") or t.endswith("0003000")


@dataclass
class OntologyTerm:
    """A class read from an ontology file. ``id`` is a CURIE where one can be formed."""

    id: str
    iri: str
    name: str = ""
    synonyms: list[Synonym] = field(default_factory=list)
    xrefs: list[str] = field(default_factory=list)
    is_a: list[str] = field(default_factory=list)
    part_of: list[str] = field(default_factory=list)


class Ontology:
    """The non-obsolete terms of one ontology file, with is_a / part_of navigation."""

    def __init__(self, source: str, terms: Iterable[OntologyTerm]) -> None:
        self.source = source
        self.terms: dict[str, OntologyTerm] = {}
        self._alias: dict[str, str] = {}
        for term in terms:
            self.terms.setdefault(term.id, term)
            self._alias.setdefault(term.iri, term.id)

    def __len__(self) -> int:
        return len(self.terms)

    def resolve(self, ident: str) -> str | None:
        """The term id for ``ident`` given as CURIE or IRI; None if not in this file."""
        ident = ident.strip()
        if ident in self.terms:
            return ident
        return self._alias.get(ident)

    def descendants(self, root: str, relations: tuple[str, ...] = ("is_a",)) -> set[str]:
        """Ids below ``root`` along the given relations (the root itself excluded)."""
        children: dict[str, list[str]] = defaultdict(list)
        for term in self.terms.values():
            for rel in relations:
                for parent in getattr(term, rel):
                    children[self.resolve(parent) or parent].append(term.id)
        seen: set[str] = set()
        queue = deque([root])
        while queue:
            for child in children.get(queue.popleft(), ()):
                if child not in seen and child != root:
                    seen.add(child)
                    queue.append(child)
        return seen

    def select(self, selector: str, base_dir: str = ".") -> list[str]:
        """The sorted ids chosen by ``selector`` (see :class:`ImportSpec`); ``ids-file``
        paths are relative to ``base_dir``. Unknown ids raise InputError."""
        from lmskg.errors import InputError
        from lmskg.vocab.tsv import read_ids_file

        where = f"{self.source} (selector {selector!r})"

        def resolve(idents: Iterable[str]) -> list[str]:
            out = []
            for ident in (i.strip() for i in idents if i.strip()):
                found = self.resolve(ident)
                if found is None:
                    raise InputError(where, f"{ident} is not a term of {self.source}")
                out.append(found)
            return out

        chosen: set[str] = set()
        excluded: set[str] = set()
        for clause in (c.strip() for c in selector.split(";") if c.strip()):
            kind, _, value = (part.strip() for part in clause.partition("="))
            if kind == "all" and not value:
                chosen |= set(self.terms)
            elif kind == "ids":
                chosen |= set(resolve(value.split(",")))
            elif kind == "ids-file":
                chosen |= set(resolve(read_ids_file(Path(base_dir) / value)))
            elif kind in ("descendants-of", "descendants-or-parts-of"):
                relations = ("is_a",) if kind == "descendants-of" else ("is_a", "part_of")
                for root in resolve(value.split(",")):
                    chosen |= self.descendants(root, relations)
            elif kind == "exclude":
                excluded |= set(resolve(value.split(",")))
            else:
                raise InputError(where, f"unknown selector clause {clause!r}")
        return sorted(chosen - excluded)


@dataclass(frozen=True)
class ImportSpec:
    """One import: which terms of which ontology file go into which category.

    ``selector`` is a ``;``-separated union of clauses: ``all``, ``ids=ID,ID``,
    ``ids-file=PATH``, ``descendants-of=ID,ID`` (down is_a, roots excluded),
    ``descendants-or-parts-of=ID`` (down is_a and part_of) and ``exclude=ID,ID``.
    ``format`` is ``obo``, ``obographs``, ``owl`` or empty (guessed from the name).
    ``synonyms`` is ``exact`` (EXACT synonyms only) or ``all`` (also RELATED, NARROW,
    BROAD); empty means the build default.
    """

    file: str
    category: str
    selector: str
    format: str = ""
    synonyms: str = ""
    base_dir: str = "."


_SLUG_RE = re.compile(r"[^a-z0-9]+")


def slug(label: str) -> str:
    """``"Mohs surgery"`` -> ``"mohs-surgery"``: lowercase, non-alphanumerics -> ``-``."""
    return _SLUG_RE.sub("-", label.lower()).strip("-")


def is_abbreviation(label: str) -> bool:
    """Whether ``label`` is an abbreviation (see the module docstring for the rule)."""
    if not label or any(ch.isspace() for ch in label):
        return False
    upper = sum(ch.isupper() for ch in label)
    if upper == 0:
        return False
    if not any(ch.islower() for ch in label):
        return True
    if len(label) > 6:
        return False
    inner_capital = any(a.islower() and b.isupper() for a, b in zip(label, label[1:], strict=False))
    return upper >= 2 or inner_capital


def __getattr__(name: str) -> Any:
    # build_vocabulary lives in .generate, which imports this module: load it lazily.
    if name == "build_vocabulary":
        from lmskg.vocab.generate import build_vocabulary

        return build_vocabulary
    raise AttributeError(name)
