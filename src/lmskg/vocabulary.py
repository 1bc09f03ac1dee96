"""Load the SKOS vocabularies of ontology/vocabulary/ into a Lexicon (label -> concept).

The lexicon is built once per process and cached; the matcher (extract/matcher.py) turns
it into Aho-Corasick automata. Labels are expanded by general English rules so that the
vocabulary need not list every inflection:

* ``-ion`` nouns of procedures and therapies also match their participle
  ("resection" -> "resected", "excision" -> "excised");
* ``-ology`` nouns of procedures also match their adjectives
  ("histopathology" -> "histopathological", "histopathologic");
* one-word signs also match the privative ``-less`` form, as a negated mention
  ("pain" -> "painless").
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pyoxigraph as ox

from .errors import VocabularyError
from .tokens import label_tokens
from .model import Concept
from .namespaces import LMSKG, SKOS, iri_to_curie
from .resources import ontology_file, vocabulary_files

_PREF, _ALT, _ABBR, _NOTATION, _CATEGORY = (
    ox.NamedNode(str(SKOS.prefLabel)),
    ox.NamedNode(str(SKOS.altLabel)),
    ox.NamedNode(str(LMSKG.abbreviation)),
    ox.NamedNode(str(SKOS.notation)),
    ox.NamedNode(str(LMSKG.category)),
)

# category -> rank used to break ties when one label names concepts of several categories
CATEGORY_ORDER = (
    "tumor", "marker", "sign_symptom", "condition", "diagnostic_procedure",
    "treatment", "drug", "anatomical_site",
)


@dataclass(frozen=True, slots=True)
class Entry:
    """One matchable form of a label."""

    key: str  # space-joined token keys
    concept: Concept
    case_sensitive: bool
    preferred: bool  # the form is the concept's preferred label
    negated: bool = False  # privative form ("painless")


@dataclass(frozen=True)
class Lexicon:
    concepts: dict[str, Concept]  # by IRI
    entries: tuple[Entry, ...]
    fingerprint: str  # SHA-256 over the vocabulary and ontology files


def _key(label: str, case_sensitive: bool) -> str:
    tokens = label_tokens(label)
    return " ".join(t.key if case_sensitive else t.norm for t in tokens)


def _variants(label: str, category: str) -> list[tuple[str, bool]]:
    """Inflected forms of a one-word label: (form, negated)."""
    word = label.lower()
    if " " in word or "-" in word or not word.isalpha():
        return []
    out: list[tuple[str, bool]] = []
    if category in ("treatment", "diagnostic_procedure") and word.endswith("ion") and len(word) > 6:
        out.append((word[:-3] + "ed", False))
    if category == "diagnostic_procedure" and word.endswith("ology"):
        out += [(word[:-1] + "ical", False), (word[:-1] + "ic", False)]
    if category == "sign_symptom":
        out.append((word + "less", True))
    return out


def _literals(store: ox.Store, subject: ox.NamedNode, predicate: ox.NamedNode) -> list[str]:
    return sorted(q.object.value for q in store.quads_for_pattern(subject, predicate, None))


def load_lexicon(files: list[Path]) -> Lexicon:
    """Read SKOS vocabulary files into a Lexicon."""
    store = ox.Store()
    digest = hashlib.sha256()
    for path in files:
        try:
            data = path.read_bytes()
            store.load(data, format=ox.RdfFormat.TURTLE, base_iri=path.as_uri())
        except (OSError, SyntaxError, ValueError) as exc:
            raise VocabularyError(f"{path}: cannot load vocabulary: {exc}") from exc
        digest.update(path.name.encode() + b"\0" + data)
    concepts: dict[str, Concept] = {}
    entries: list[Entry] = []
    subjects = sorted({q.subject.value for q in store.quads_for_pattern(None, _CATEGORY, None)})
    for iri in subjects:
        node = ox.NamedNode(iri)
        prefs = _literals(store, node, _PREF)
        categories = _literals(store, node, _CATEGORY)
        if not prefs or not categories:
            continue
        notation = _literals(store, node, _NOTATION)
        concept = Concept(iri, notation[0] if notation else iri_to_curie(iri), prefs[0], categories[0])
        concepts[iri] = concept
        forms = [(label, False, label == prefs[0]) for label in prefs + _literals(store, node, _ALT)]
        forms += [(label, True, False) for label in _literals(store, node, _ABBR)]
        for label, case_sensitive, preferred in forms:
            key = _key(label, case_sensitive)
            if key:
                entries.append(Entry(key, concept, case_sensitive, preferred))
            if not case_sensitive:
                for form, negated in _variants(label, concept.category):
                    entries.append(Entry(_key(form, False), concept, False, False, negated))
    if not concepts:
        raise VocabularyError("no vocabulary concepts found", hint="run 'lmskg vocabulary build'")
    return Lexicon(concepts, tuple(entries), digest.hexdigest())


@cache
def default_lexicon() -> Lexicon:
    """The bundled vocabulary (cached for the life of the process)."""
    return load_lexicon(vocabulary_files())


def fingerprint() -> str:
    """SHA-256 over the ontology, the vocabularies and the cue file: changes when any does."""
    digest = hashlib.sha256(default_lexicon().fingerprint.encode())
    digest.update(ontology_file().read_bytes())
    digest.update((ontology_file().parent / "cues.tsv").read_bytes())
    return digest.hexdigest()


__all__ = ["Entry", "Lexicon", "default_lexicon", "fingerprint", "load_lexicon"]
