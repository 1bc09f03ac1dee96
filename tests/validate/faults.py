"""Corruptions of a valid lmskg graph, each a defect a consumer of the graph would trip on.

Every fault takes the triples of a valid graph and returns (corrupted triples, the shape
that must report it, the severity). They pick their target by structure (the first
assertion of some relation, the first concept of some class), never by a known IRI.
"""

from __future__ import annotations

from collections.abc import Callable

import pyoxigraph as ox

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
L = "https://w3id.org/lmskg/ontology#"
NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
SH = "https://w3id.org/lmskg/shapes#"
TYPE = ox.NamedNode(RDF + "type")
NNI = ox.NamedNode("http://www.w3.org/2001/XMLSchema#nonNegativeInteger")

Triples = list[ox.Triple]

#: fault name -> detected?, filled by the fault tests and printed at the end of the run
DETECTED: dict[str, bool] = {}
_REPORTS: dict[str, tuple] = {}


def corrupted_and_report(name: str, base: Triples):
    """(corrupted triples, expected shape, pyshacl report) of a fault, computed once."""
    if name not in _REPORTS:
        from lmskg.validate import validate

        corrupted, shape = FAULTS[name](list(base))
        _REPORTS[name] = (corrupted, shape, validate(corrupted, jobs=1))
    return _REPORTS[name]


def n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def typed(triples: Triples, cls: str) -> list:
    return sorted({t.subject for t in triples if t.predicate == TYPE and t.object == n(cls)}, key=str)


def value(triples: Triples, s, p: str):
    return next(t.object for t in triples if t.subject == s and t.predicate == n(p))


def replace_object(triples: Triples, s, p: str, new) -> Triples:
    return [ox.Triple(t.subject, t.predicate, new) if t.subject == s and t.predicate == n(p) else t
            for t in triples]


def drop(triples: Triples, s, p: str) -> Triples:
    return [t for t in triples if not (t.subject == s and t.predicate == n(p))]


def first_assertion(triples: Triples, relation_class: str = L + "MetastasisAssertion"):
    return typed(triples, relation_class)[0]


def evidence_of(triples: Triples, assertion=None):
    return value(triples, assertion or first_assertion(triples), L + "evidence")


def _int(v: int) -> ox.Literal:
    return ox.Literal(str(v), datatype=NNI)


# ---- the faults --------------------------------------------------------------------------

def drop_evidence(g: Triples):
    return drop(g, first_assertion(g), L + "evidence"), SH + "Assertion-evidence"


def offsets_out_of_range(g: Triples):
    ev = evidence_of(g)
    end = int(value(g, ev, NIF + "endIndex").value)
    g = replace_object(g, ev, NIF + "beginIndex", _int(end + 5000))
    return replace_object(g, ev, NIF + "endIndex", _int(end + 5010)), SH + "EvidenceShape"


def offsets_swapped(g: Triples):
    ev = evidence_of(g)
    begin, end = value(g, ev, NIF + "beginIndex"), value(g, ev, NIF + "endIndex")
    g = replace_object(g, ev, NIF + "beginIndex", end)
    return replace_object(g, ev, NIF + "endIndex", begin), SH + "Evidence-begin"


def sentence_beyond_document(g: Triples):
    sentence = typed(g, L + "Sentence")[-1]
    doc = value(g, sentence, NIF + "referenceContext")
    length = int(value(g, doc, L + "characterCount").value)
    return replace_object(g, sentence, NIF + "endIndex", _int(length + 1)), SH + "SentenceShape"


def text_differs_from_sentence(g: Triples):
    ev = evidence_of(g)
    old = value(g, ev, NIF + "anchorOf").value
    return replace_object(g, ev, NIF + "anchorOf", ox.Literal(old[::-1] + "x")), SH + "EvidenceShape"


def object_of_wrong_class(g: Triples):
    marker = typed(g, L + "Marker")[0]
    return replace_object(g, first_assertion(g), RDF + "object", marker), SH + "MetastasisAssertion-object"


def unknown_polarity(g: Triples):
    return replace_object(g, first_assertion(g), L + "polarity", n(L + "Maybe")), SH + "Assertion-polarity"


def literal_where_iri_belongs(g: Triples):
    return (replace_object(g, first_assertion(g), L + "polarity", ox.Literal("Positive")),
            SH + "Assertion-polarity")


def missing_label(g: Triples):
    site = typed(g, L + "AnatomicalSite")[0]
    return drop(g, site, SKOS + "prefLabel"), SH + "Concept-label"


def duplicate_subject(g: Triples):
    a = first_assertion(g)
    other = next(t for t in typed(g, L + "Tumour") if t != value(g, a, RDF + "subject"))
    return g + [ox.Triple(a, n(RDF + "subject"), other)], SH + "Assertion-subject"


def subject_not_a_tumour(g: Triples):
    site = typed(g, L + "AnatomicalSite")[0]
    return replace_object(g, first_assertion(g), RDF + "subject", site), SH + "Assertion-subject"


def direct_triple_without_assertion(g: Triples):
    tumour = value(g, first_assertion(g), RDF + "subject")
    stated = {t.object for t in g if t.subject == tumour and t.predicate == n(L + "metastasisesTo")}
    site = next(s for s in typed(g, L + "AnatomicalSite") if s not in stated)
    return g + [ox.Triple(tumour, n(L + "metastasisesTo"), site)], SH + "DirectStatementShape"


def foreign_namespace(g: Triples):
    site = typed(g, L + "AnatomicalSite")[0]
    foreign = n("http://example.org/anatomy/" + site.value.rsplit("/", 1)[-1])
    swap = lambda term: foreign if term == site else term
    return [ox.Triple(swap(t.subject), t.predicate, swap(t.object)) for t in g], SH + "ConceptShape"


def missing_content_hash(g: Triples):
    doc = typed(g, L + "Document")[0]
    return drop(g, doc, L + "sha256"), SH + "Document-sha256"


def predicate_not_allowed(g: Triples):
    return (replace_object(g, first_assertion(g), RDF + "predicate", n(L + "causes")),
            SH + "Assertion-predicate")


def sentence_of_another_document(g: Triples):
    docs = typed(g, L + "Document")
    ev = evidence_of(g)
    mine = value(g, ev, NIF + "referenceContext")
    other = next(d for d in docs if d != mine)
    return replace_object(g, ev, NIF + "referenceContext", other), SH + "EvidenceShape"


def document_without_provenance(g: Triples):
    doc = typed(g, L + "Document")[0]
    used = n("http://www.w3.org/ns/prov#used")
    return [t for t in g if not (t.predicate == used and t.object == doc)], SH + "Document-usedBy"


def offset_as_string(g: Triples):
    doc = typed(g, L + "Document")[0]
    count = value(g, doc, L + "characterCount").value
    return (replace_object(g, doc, L + "characterCount", ox.Literal(count)),
            SH + "Document-characterCount")


def missing_relation_class(g: Triples):
    a = first_assertion(g)
    return ([t for t in g if not (t.subject == a and t.predicate == TYPE
                                  and t.object == n(L + "MetastasisAssertion"))],
            SH + "Assertion-relationClass")


def document_iri_not_from_hash(g: Triples):
    doc = typed(g, L + "Document")[0]
    sha = value(g, doc, L + "sha256").value
    return replace_object(g, doc, L + "sha256", ox.Literal(sha[::-1])), SH + "DocumentShape"


FAULTS: dict[str, Callable[[Triples], tuple[Triples, str]]] = {
    f.__name__: f for f in (
        drop_evidence, offsets_out_of_range, offsets_swapped, sentence_beyond_document,
        text_differs_from_sentence, object_of_wrong_class, unknown_polarity,
        literal_where_iri_belongs, missing_label, duplicate_subject, subject_not_a_tumour,
        direct_triple_without_assertion, foreign_namespace, missing_content_hash,
        predicate_not_allowed, sentence_of_another_document, document_without_provenance,
        offset_as_string, missing_relation_class, document_iri_not_from_hash,
    )
}
