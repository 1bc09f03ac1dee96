"""Read OWL ontologies in RDF/XML (or Turtle, by file name) with rdflib.

Named ``owl:Class`` resources become terms: ``rdfs:label`` (an English or untagged one),
``oboInOwl:hasExactSynonym`` / ``hasRelatedSynonym`` / ``hasNarrowSynonym`` /
``hasBroadSynonym`` (with ``oboInOwl:hasSynonymType`` from axiom annotations),
``oboInOwl:hasDbXref``, named ``rdfs:subClassOf`` parents (is_a) and
``rdfs:subClassOf [ owl:onProperty BFO:0000050 ; owl:someValuesFrom X ]`` (part_of).
Classes marked ``owl:deprecated true`` are skipped. The term id is ``oboInOwl:id`` when
present, else the CURIE of the IRI.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from lmskg.errors import InputError
from lmskg.namespaces import OBO
from lmskg.vocab import Ontology, OntologyTerm, Synonym
from lmskg.vocab.obographs import iri_to_id

OIO = Namespace("http://www.geneontology.org/formats/oboInOwl#")
PART_OF = URIRef(OBO + "BFO_0000050")
SCOPE_BY_PROPERTY = {
    OIO.hasExactSynonym: "EXACT",
    OIO.hasRelatedSynonym: "RELATED",
    OIO.hasNarrowSynonym: "NARROW",
    OIO.hasBroadSynonym: "BROAD",
}


def _format(path: Path) -> str:
    name = path.name.lower()
    return "turtle" if name.endswith((".ttl", ".turtle")) else "xml"


def _label(graph: Graph, cls: URIRef) -> str:
    labels = sorted(str(o) for o in graph.objects(cls, RDFS.label)
                    if isinstance(o, Literal) and (o.language or "en").startswith("en"))
    return labels[0].strip() if labels else ""


def _synonym_types(graph: Graph) -> dict[tuple[URIRef, URIRef, str], str]:
    """(class, synonym property, text) -> synonym type, from owl:Axiom annotations."""
    types = {}
    for axiom in graph.subjects(OIO.hasSynonymType, None):
        source = graph.value(axiom, OWL.annotatedSource)
        prop = graph.value(axiom, OWL.annotatedProperty)
        target = graph.value(axiom, OWL.annotatedTarget)
        syn_type = graph.value(axiom, OIO.hasSynonymType)
        if isinstance(source, URIRef) and isinstance(prop, URIRef) and target is not None:
            types[(source, prop, str(target))] = str(syn_type)
    return types


def _parents(graph: Graph, cls: URIRef) -> tuple[list[str], list[str]]:
    is_a, part_of = [], []
    for parent in graph.objects(cls, RDFS.subClassOf):
        if isinstance(parent, URIRef):
            is_a.append(iri_to_id(str(parent)))
        elif isinstance(parent, BNode) and graph.value(parent, OWL.onProperty) == PART_OF:
            filler = graph.value(parent, OWL.someValuesFrom)
            if isinstance(filler, URIRef):
                part_of.append(iri_to_id(str(filler)))
    return sorted(is_a), sorted(part_of)


def parse_owl(path: str | Path) -> Ontology:
    """Parse an OWL file (RDF/XML, or Turtle for ``.ttl``) into an :class:`Ontology`."""
    path = Path(path)
    graph = Graph()
    try:
        graph.parse(path, format=_format(path))
    except FileNotFoundError:
        raise InputError(path, "file not found") from None
    except Exception as exc:  # rdflib raises many parser-specific exception types
        raise InputError(path, f"cannot parse OWL: {type(exc).__name__}: {exc}") from None
    syn_types = _synonym_types(graph)
    terms = []
    for cls in sorted(set(graph.subjects(RDF.type, OWL.Class))):
        if not isinstance(cls, URIRef):
            continue
        if any(o.toPython() is True for o in graph.objects(cls, OWL.deprecated)
               if isinstance(o, Literal)):
            continue
        name = _label(graph, cls)
        if not name:
            continue
        oio_id = graph.value(cls, OIO.id)
        term = OntologyTerm(id=str(oio_id) if oio_id else iri_to_id(str(cls)),
                            iri=str(cls), name=name)
        for prop, scope in SCOPE_BY_PROPERTY.items():
            for text in sorted(str(o) for o in graph.objects(cls, prop)):
                if text.strip():
                    syn_type = syn_types.get((cls, prop, text), "")
                    term.synonyms.append(Synonym(text.strip(), scope, syn_type))
        term.xrefs = sorted(str(o).strip() for o in graph.objects(cls, OIO.hasDbXref))
        term.is_a, term.part_of = _parents(graph, cls)
        terms.append(term)
    return Ontology(path.name, terms)
