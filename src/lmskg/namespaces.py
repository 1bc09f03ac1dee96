"""The one prefix map of the project and the namespaces it mints IRIs in."""

from __future__ import annotations

from rdflib import Namespace

#: Ontology terms (classes, properties, individuals) defined in ontology/lmskg.ttl.
LMSKG = Namespace("https://w3id.org/lmskg/ontology#")
#: Instances minted by a build: documents, sentences, evidence, assertions, runs.
ID = Namespace("https://w3id.org/lmskg/id/")
#: Project-local concepts: vocabulary entries that have no verified standard code yet,
#: and composed tumour types ("mesenteric leiomyosarcoma").
CONCEPT = Namespace("https://w3id.org/lmskg/concept/")
#: SKOS concept schemes of the bundled vocabulary.
SCHEME = Namespace("https://w3id.org/lmskg/vocabulary/")

OBO = "http://purl.obolibrary.org/obo/"
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
PROV = Namespace("http://www.w3.org/ns/prov#")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
DCTERMS = Namespace("http://purl.org/dc/terms/")

#: CURIE prefix -> IRI prefix, for the namespaces concepts may live in. Order matters only
#: for display; lookups go by longest matching IRI prefix.
CURIE_PREFIXES: dict[str, str] = {
    "NCIT": OBO + "NCIT_",
    "UBERON": OBO + "UBERON_",
    "HP": OBO + "HP_",
    "MAXO": OBO + "MAXO_",
    "MONDO": OBO + "MONDO_",
    "CHEBI": OBO + "CHEBI_",
    "HGNC": "https://identifiers.org/hgnc:",
    "LMSKG": str(CONCEPT),
}

#: Cross-reference prefixes that are recorded as skos:exactMatch but never used as concepts.
XREF_PREFIXES: dict[str, str] = {
    "UMLS": "https://identifiers.org/umls:",
    "ONCOTREE": "https://identifiers.org/oncotree:",
    "MESH": "https://identifiers.org/mesh:",
    "DOID": OBO + "DOID_",
    "ORPHA": "https://identifiers.org/orphanet.ordo:",
    "OMIM": "https://identifiers.org/mim:",
    "SNOMEDCT": "https://identifiers.org/snomedct:",
    "GARD": "https://identifiers.org/gard:",
    "ICD10CM": "https://identifiers.org/icd10cm:",
    "ICDO": "https://identifiers.org/icdo:",
    "EFO": "http://www.ebi.ac.uk/efo/EFO_",
    "FMA": OBO + "FMA_",
}

#: Prefixes written into serialised RDF (Turtle, TriG, JSON-LD).
RDF_PREFIXES: dict[str, str] = {
    "lmskg": str(LMSKG),
    "id": str(ID),
    "concept": str(CONCEPT),
    "scheme": str(SCHEME),
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "prov": str(PROV),
    "nif": str(NIF),
    "obo": OBO,
    "hgnc": CURIE_PREFIXES["HGNC"],
}


def curie_to_iri(curie: str) -> str:
    """``UBERON:0002107`` -> ``http://purl.obolibrary.org/obo/UBERON_0002107``."""
    prefix, sep, local = curie.partition(":")
    if not sep or not local:
        raise ValueError(f"not a CURIE: {curie!r}")
    key = prefix.upper()
    base = CURIE_PREFIXES.get(key) or XREF_PREFIXES.get(key)
    if base is None:
        raise ValueError(f"unknown CURIE prefix {prefix!r} in {curie!r}")
    return base + local


def iri_to_curie(iri: str) -> str:
    """The CURIE of a concept IRI; the IRI itself when no known prefix fits."""
    best = ""
    best_prefix = ""
    for prefix, base in (*CURIE_PREFIXES.items(), *XREF_PREFIXES.items()):
        if iri.startswith(base) and len(base) > len(best):
            best, best_prefix = base, prefix
    return f"{best_prefix}:{iri[len(best):]}" if best else iri


def short_iri(iri: str, prefixes: dict[str, str] = RDF_PREFIXES) -> str:
    """A readable name for an IRI: a concept CURIE, else a prefixed name, else the IRI."""
    curie = iri_to_curie(iri)
    if curie != iri:
        return curie
    best = max((base for base in prefixes.values() if iri.startswith(base)), key=len, default="")
    if not best:
        return iri
    prefix = next(k for k, v in prefixes.items() if v == best)
    return f"{prefix}:{iri[len(best):]}"
