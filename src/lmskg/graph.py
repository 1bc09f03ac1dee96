"""Statements -> RDF triples with deterministic IRIs and provenance.

Every IRI is minted from content: documents from the SHA-256 of their bytes, sentences and
evidence from their offsets, assertions from a hash of what they state and where. Triples
are sorted before serialisation, so the same input always gives the same bytes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from functools import cache, lru_cache
from types import SimpleNamespace

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


def _terms(base: object, *names: str) -> SimpleNamespace:
    """Named nodes of a namespace, made once (building terms is the cost on this path)."""
    return SimpleNamespace(**{n: ox.NamedNode(f"{base}{n}") for n in names})


L = _terms(LMSKG, "Document", "Sentence", "Evidence", "Assertion", "assertionClass", "Tumour",
           "BuildRun", "sha256", "fileName", "mediaType", "characterCount", "doi", "heading",
           "sentence", "polarity", "certainty", "rule", "evidence", "softwareVersion",
           "vocabularyFingerprint", "relationKey", *CATEGORY_CLASS.values())
N = _terms(NIF, "anchorOf", "beginIndex", "endIndex", "referenceContext")
S = _terms(SKOS, "Concept", "prefLabel", "notation", "broader")
R = _terms(RDF, "subject", "predicate", "object")

POLARITY = {p: ox.NamedNode(f"{LMSKG}{p.value.capitalize()}") for p in Polarity}
CERTAINTY = {c: ox.NamedNode(f"{LMSKG}{c.value.capitalize()}") for c in Certainty}
#: individual IRI -> key ("positive", "hedged", ...), for reading graphs back
POLARITY_KEY = {node.value: p.value for p, node in POLARITY.items()}
CERTAINTY_KEY = {node.value: c.value for c, node in CERTAINTY.items()}


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(str(iri))


# A corpus names the same concepts, predicates and offsets in document after document, and
# making a term costs more than finding it (pyoxigraph checks every IRI it is given): the
# terms and triples that recur are made once and kept, up to a bound each.
_KEEP = 1 << 16


@lru_cache(maxsize=_KEEP)
def _kept(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


@lru_cache(maxsize=_KEEP)
def _int(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=_NNI)


@cache
def _ontology() -> ox.Store:
    store = ox.Store()
    store.load(path=str(ontology_file()), format=ox.RdfFormat.TURTLE)
    return store


@cache
def relation_predicates() -> dict[str, str]:
    """relation key -> predicate IRI, read from the ontology (lmskg:relationKey)."""
    quads = _ontology().quads_for_pattern(None, L.relationKey, None)
    return {q.object.value: q.subject.value for q in quads}


@cache
def relation_nodes() -> frozenset[ox.NamedNode]:
    """The predicates of the direct tumour-relation triples."""
    return frozenset(_predicate_nodes().values())


@cache
def _predicate_nodes() -> dict[str, ox.NamedNode]:
    """relation key -> its predicate."""
    return {key: ox.NamedNode(iri) for key, iri in relation_predicates().items()}


@cache
def assertion_classes() -> dict[str, ox.NamedNode]:
    """relation key -> the assertion subclass of that relation (lmskg:assertionClass)."""
    store = _ontology()
    return {key: next(store.quads_for_pattern(ox.NamedNode(iri), L.assertionClass, None)).object
            for key, iri in relation_predicates().items()}


def relation_keys() -> dict[str, str]:
    """predicate IRI -> relation key."""
    return {iri: key for key, iri in relation_predicates().items()}


@cache
def relation_labels() -> dict[str, str]:
    """predicate IRI -> its rdfs:label in the ontology ("metastasises to")."""
    store, label = _ontology(), ox.NamedNode(RDFS + "label")
    return {iri: next(store.quads_for_pattern(ox.NamedNode(iri), label, None)).object.value
            for iri in relation_keys()}


#: Every document's IRI starts with this, and so does every node a document mints.
DOCUMENT_BASE = f"{ID}doc/"


def document_iri(document: Document) -> str:
    return f"{DOCUMENT_BASE}{document.key}"


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
    yield ox.Triple(doc, _TYPE, L.Document)
    yield ox.Triple(doc, L.sha256, ox.Literal(document.sha256))
    yield ox.Triple(doc, L.fileName, ox.Literal(document.name))
    yield ox.Triple(doc, L.mediaType, ox.Literal(document.media_type))
    yield ox.Triple(doc, L.characterCount, _int(len(document.text)))
    if document.title:
        yield ox.Triple(doc, _n(DCTERMS.title), ox.Literal(document.title))
    if document.doi:
        yield ox.Triple(doc, L.doi, ox.Literal(document.doi))


@lru_cache(maxsize=_KEEP)
def concept_triples(concept: Concept) -> tuple[ox.Triple, ...]:
    node = _kept(concept.iri)
    return (ox.Triple(node, _TYPE, S.Concept),
            ox.Triple(node, _TYPE, getattr(L, CATEGORY_CLASS[concept.category])),
            ox.Triple(node, S.prefLabel, ox.Literal(concept.label, language="en")),
            ox.Triple(node, S.notation, ox.Literal(concept.curie)))


@lru_cache(maxsize=_KEEP)
def tumour_triples(tumour: Tumour) -> tuple[ox.Triple, ...]:
    node = _kept(tumour.iri)
    triples = (ox.Triple(node, _TYPE, S.Concept),
               ox.Triple(node, _TYPE, L.Tumour),
               ox.Triple(node, S.prefLabel, ox.Literal(tumour.label, language="en")),
               ox.Triple(node, S.notation, ox.Literal(tumour.curie)))
    if tumour.parent is not None:
        triples += (ox.Triple(node, S.broader, _kept(tumour.parent.iri)),)
    return triples


def sentence_triples(document: Document, sentence: Sentence) -> Iterator[ox.Triple]:
    return _sentence_triples(sentence, _n(sentence_iri(document, sentence)), _n(document_iri(document)))


def _sentence_triples(sentence: Sentence, sent: ox.NamedNode, doc: ox.NamedNode) -> Iterator[ox.Triple]:
    yield ox.Triple(sent, _TYPE, L.Sentence)
    yield ox.Triple(sent, N.anchorOf, ox.Literal(sentence.text))
    yield ox.Triple(sent, N.beginIndex, _int(sentence.start))
    yield ox.Triple(sent, N.endIndex, _int(sentence.end))
    yield ox.Triple(sent, N.referenceContext, doc)
    if sentence.heading:
        yield ox.Triple(sent, L.heading, ox.Literal(sentence.heading))


def statement_triples(s: Statement, doc: ox.NamedNode, sent: ox.NamedNode) -> Iterator[ox.Triple]:
    """The assertion, its evidence and (positive, asserted) the direct triple; ``doc`` and
    ``sent`` are the nodes of its document and sentence."""
    ev = _n(evidence_iri(s))
    node = _n(assertion_iri(s))
    subject, predicate, obj = _kept(s.subject.iri), _predicate_nodes()[s.relation], _kept(s.object.iri)
    yield ox.Triple(ev, _TYPE, L.Evidence)
    yield ox.Triple(ev, N.referenceContext, doc)
    yield ox.Triple(ev, L.sentence, sent)
    yield ox.Triple(ev, N.beginIndex, _int(s.mention.start))
    yield ox.Triple(ev, N.endIndex, _int(s.mention.end))
    yield ox.Triple(ev, N.anchorOf, ox.Literal(s.mention.text))
    yield ox.Triple(node, _TYPE, L.Assertion)
    yield ox.Triple(node, _TYPE, assertion_classes()[s.relation])
    yield ox.Triple(node, R.subject, subject)
    yield ox.Triple(node, R.predicate, predicate)
    yield ox.Triple(node, R.object, obj)
    yield ox.Triple(node, L.polarity, POLARITY[s.polarity])
    yield ox.Triple(node, L.certainty, CERTAINTY[s.certainty])
    yield ox.Triple(node, L.rule, ox.Literal(s.rule))
    yield ox.Triple(node, L.evidence, ev)
    if s.polarity is Polarity.POSITIVE and s.certainty is Certainty.ASSERTED:
        yield ox.Triple(subject, predicate, obj)


def document_graph(document: Document, statements: Iterable[Statement]) -> set[ox.Triple]:
    """All triples one document contributes (its named graph). Sentences, tumours and
    concepts shared by several statements are described once."""
    doc = _n(document_iri(document))
    triples = set(document_triples(document))
    sentences: dict[int, tuple[Sentence, ox.NamedNode]] = {}
    tumours: dict[str, Tumour] = {}
    concepts: dict[str, Concept] = {}
    for s in statements:
        sentence = sentences.get(s.sentence.start)
        if sentence is None:
            sentence = sentences[s.sentence.start] = (s.sentence, _n(sentence_iri(document, s.sentence)))
        triples.update(statement_triples(s, doc, sentence[1]))
        tumours.setdefault(s.subject.iri, s.subject)
        concepts.setdefault(s.object.iri, s.object)
    for sentence, node in sentences.values():
        triples.update(_sentence_triples(sentence, node, doc))
    for tumour in tumours.values():
        while tumour is not None:  # a composed type and the tumour it refines
            triples.update(tumour_triples(tumour))
            tumour = tumour.parent
    for concept in concepts.values():
        triples.update(concept_triples(concept))
    return triples


def run_iri(fingerprint: str) -> ox.NamedNode:
    """The build run: named by what decides the output (the software version and the
    vocabulary fingerprint), so a document's graph does not depend on the rest of the
    corpus and an unchanged document keeps its graph from one build to the next."""
    return _n(f"{ID}run/{_digest(__version__, fingerprint)}")


def run_triples(fingerprint: str) -> set[ox.Triple]:
    """A PROV-O activity for the build: version, vocabulary fingerprint, software."""
    run = run_iri(fingerprint)
    agent = _n(f"{ID}software/lmskg/{__version__}")
    return {
        ox.Triple(run, _TYPE, L.BuildRun),
        ox.Triple(run, L.softwareVersion, ox.Literal(__version__)),
        ox.Triple(run, L.vocabularyFingerprint, ox.Literal(fingerprint)),
        ox.Triple(run, _n(PROV.wasAssociatedWith), agent),
        ox.Triple(agent, _TYPE, _n(PROV.SoftwareAgent)),
        ox.Triple(agent, _n(RDFS + "label"), ox.Literal(f"lmskg {__version__}")),
    }


def used_triple(document: Document, fingerprint: str) -> ox.Triple:
    """The build run used the document (prov:used)."""
    return ox.Triple(run_iri(fingerprint), _n(PROV.used), _n(document_iri(document)))


def sort_key(t: ox.Triple) -> tuple[str, str, str]:
    return (str(t.subject), str(t.predicate), str(t.object))


def serialize(triples: Iterable[ox.Triple], fmt: ox.RdfFormat = ox.RdfFormat.TURTLE) -> bytes:
    """Serialise in a canonical order with the project's prefixes."""
    return ox.serialize(sorted(triples, key=sort_key), format=fmt, prefixes=RDF_PREFIXES)


def in_graph(ntriples: bytes, graph: str) -> bytes:
    """N-Triples as N-Quads in ``graph``: every line ends with " .\n" (a line break inside
    a literal is always escaped), so the graph name goes before that."""
    return ntriples.replace(b" .\n", f" <{graph}> .\n".encode())
