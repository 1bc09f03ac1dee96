"""Statements -> RDF triples with deterministic IRIs and provenance.

Every IRI is minted from content: documents from the SHA-256 of their bytes, sentences and
evidence from their offsets, assertions from a hash of what they state and where. Triples
are sorted before serialisation, so the same input always gives the same bytes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from functools import cache

import pyoxigraph as ox

from . import __version__
from .model import Certainty, Concept, Document, Polarity, Sentence, Statement, Tumour
from .namespaces import DCTERMS, ID, LMSKG, NIF, PROV, RDF_PREFIXES, SKOS
from .resources import ontology_file

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"

_TYPE = ox.NamedNode(RDF + "type")
_NNI = ox.NamedNode(XSD + "nonNegativeInteger")

CATEGORY_CLASS = {
    "tumor": "Tumour", "anatomical_site": "AnatomicalSite", "marker": "Marker",
    "sign_symptom": "SignOrSymptom", "condition": "Condition",
    "diagnostic_procedure": "DiagnosticProcedure", "treatment": "Therapy", "drug": "Drug",
}
POLARITY = {Polarity.POSITIVE: LMSKG.Positive, Polarity.NEGATIVE: LMSKG.Negative}
CERTAINTY = {Certainty.ASSERTED: LMSKG.Asserted, Certainty.HEDGED: LMSKG.Hedged}


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(str(iri))


def _int(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=_NNI)


@cache
def relation_predicates() -> dict[str, str]:
    """relation key -> predicate IRI, read from the ontology (lmskg:relationKey)."""
    store = ox.Store()
    store.load(path=str(ontology_file()), format=ox.RdfFormat.TURTLE)
    key = _n(LMSKG.relationKey)
    return {q.object.value: q.subject.value for q in store.quads_for_pattern(None, key, None)}


def relation_keys() -> dict[str, str]:
    """predicate IRI -> relation key."""
    return {iri: key for key, iri in relation_predicates().items()}


def document_iri(document: Document) -> str:
    return f"{ID}doc/{document.key}"


def sentence_iri(document: Document, sentence: Sentence) -> str:
    return f"{document_iri(document)}/sentence/{sentence.start}-{sentence.end}"


def _digest(*parts: object) -> str:
    return hashlib.sha256("\x1f".join(map(str, parts)).encode()).hexdigest()[:16]


def assertion_iri(s: Statement) -> str:
    h = _digest(s.subject.iri, s.relation, s.object.iri, s.polarity.value, s.certainty.value,
                s.mention.start, s.mention.end)
    return f"{document_iri(s.document)}/assertion/{h}"


def evidence_iri(s: Statement) -> str:
    return f"{document_iri(s.document)}/evidence/{s.mention.start}-{s.mention.end}"


def document_triples(document: Document) -> Iterator[ox.Triple]:
    doc = _n(document_iri(document))
    yield ox.Triple(doc, _TYPE, _n(LMSKG.Document))
    yield ox.Triple(doc, _n(LMSKG.sha256), ox.Literal(document.sha256))
    yield ox.Triple(doc, _n(LMSKG.fileName), ox.Literal(document.name))
    yield ox.Triple(doc, _n(LMSKG.mediaType), ox.Literal(document.media_type))
    yield ox.Triple(doc, _n(LMSKG.characterCount), _int(len(document.text)))
    if document.title:
        yield ox.Triple(doc, _n(DCTERMS.title), ox.Literal(document.title))
    if document.doi:
        yield ox.Triple(doc, _n(LMSKG.doi), ox.Literal(document.doi))


def concept_triples(concept: Concept) -> Iterator[ox.Triple]:
    node = _n(concept.iri)
    yield ox.Triple(node, _TYPE, _n(SKOS.Concept))
    yield ox.Triple(node, _TYPE, _n(LMSKG[CATEGORY_CLASS[concept.category]]))
    yield ox.Triple(node, _n(SKOS.prefLabel), ox.Literal(concept.label, language="en"))
    yield ox.Triple(node, _n(SKOS.notation), ox.Literal(concept.curie))


def tumour_triples(tumour: Tumour) -> Iterator[ox.Triple]:
    node = _n(tumour.iri)
    yield ox.Triple(node, _TYPE, _n(SKOS.Concept))
    yield ox.Triple(node, _TYPE, _n(LMSKG.Tumour))
    yield ox.Triple(node, _n(SKOS.prefLabel), ox.Literal(tumour.label, language="en"))
    yield ox.Triple(node, _n(SKOS.notation), ox.Literal(tumour.curie))
    if tumour.broader:
        yield ox.Triple(node, _n(SKOS.broader), _n(tumour.broader))


def statement_triples(s: Statement, predicates: dict[str, str]) -> Iterator[ox.Triple]:
    doc = _n(document_iri(s.document))
    sent = _n(sentence_iri(s.document, s.sentence))
    ev = _n(evidence_iri(s))
    node = _n(assertion_iri(s))
    subject, predicate, obj = _n(s.subject.iri), _n(predicates[s.relation]), _n(s.object.iri)
    yield ox.Triple(sent, _TYPE, _n(LMSKG.Sentence))
    yield ox.Triple(sent, _n(NIF.anchorOf), ox.Literal(s.sentence.text))
    yield ox.Triple(sent, _n(NIF.beginIndex), _int(s.sentence.start))
    yield ox.Triple(sent, _n(NIF.endIndex), _int(s.sentence.end))
    yield ox.Triple(sent, _n(NIF.referenceContext), doc)
    if s.sentence.heading:
        yield ox.Triple(sent, _n(LMSKG.heading), ox.Literal(s.sentence.heading))
    yield ox.Triple(ev, _TYPE, _n(LMSKG.Evidence))
    yield ox.Triple(ev, _n(NIF.referenceContext), doc)
    yield ox.Triple(ev, _n(LMSKG.sentence), sent)
    yield ox.Triple(ev, _n(NIF.beginIndex), _int(s.mention.start))
    yield ox.Triple(ev, _n(NIF.endIndex), _int(s.mention.end))
    yield ox.Triple(ev, _n(NIF.anchorOf), ox.Literal(s.mention.text))
    yield ox.Triple(node, _TYPE, _n(LMSKG.Assertion))
    if s.relation == "marker":
        yield ox.Triple(node, _TYPE, _n(LMSKG.MarkerResult))
    yield ox.Triple(node, _n(RDF + "subject"), subject)
    yield ox.Triple(node, _n(RDF + "predicate"), predicate)
    yield ox.Triple(node, _n(RDF + "object"), obj)
    yield ox.Triple(node, _n(LMSKG.polarity), _n(POLARITY[s.polarity]))
    yield ox.Triple(node, _n(LMSKG.certainty), _n(CERTAINTY[s.certainty]))
    yield ox.Triple(node, _n(LMSKG.rule), ox.Literal(s.rule))
    yield ox.Triple(node, _n(LMSKG.evidence), ev)
    if s.polarity is Polarity.POSITIVE and s.certainty is Certainty.ASSERTED:
        yield ox.Triple(subject, predicate, obj)
    yield from tumour_triples(s.subject)
    yield from concept_triples(s.object)


def document_graph(document: Document, statements: Iterable[Statement]) -> set[ox.Triple]:
    """All triples one document contributes (its named graph)."""
    predicates = relation_predicates()
    triples = set(document_triples(document))
    for s in statements:
        triples.update(statement_triples(s, predicates))
    return triples


def run_triples(documents: list[Document], fingerprint: str) -> set[ox.Triple]:
    """A PROV-O activity for the build: version, vocabulary fingerprint, documents used."""
    shas = sorted(d.sha256 for d in documents)
    run = _n(f"{ID}run/{_digest(__version__, fingerprint, *shas)}")
    agent = _n(f"{ID}software/lmskg/{__version__}")
    triples = {
        ox.Triple(run, _TYPE, _n(LMSKG.BuildRun)),
        ox.Triple(run, _n(LMSKG.softwareVersion), ox.Literal(__version__)),
        ox.Triple(run, _n(LMSKG.vocabularyFingerprint), ox.Literal(fingerprint)),
        ox.Triple(run, _n(PROV.wasAssociatedWith), agent),
        ox.Triple(agent, _TYPE, _n(PROV.SoftwareAgent)),
        ox.Triple(agent, _n(RDFS + "label"), ox.Literal(f"lmskg {__version__}")),
    }
    for d in documents:
        triples.add(ox.Triple(run, _n(PROV.used), _n(document_iri(d))))
    return triples


def sort_key(t: ox.Triple) -> tuple[str, str, str]:
    return (str(t.subject), str(t.predicate), str(t.object))


def serialize(triples: Iterable[ox.Triple], fmt: ox.RdfFormat = ox.RdfFormat.TURTLE) -> bytes:
    """Serialise in a canonical order with the project's prefixes."""
    return ox.serialize(sorted(triples, key=sort_key), format=fmt, prefixes=RDF_PREFIXES)
