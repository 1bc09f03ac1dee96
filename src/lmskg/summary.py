"""The concept-level summary of a graph, which the GraphML concept view draws.

Each distinct statement (tumour, relation, concept, polarity, certainty) with how many
documents and assertions support it and its first evidence; each concept with how many
documents and assertions mention it and its description (label, notation, category) as
the first document that mentions it gives it.

Every assertion lives in its document's graph and is named under the document's IRI, so
the summary of a corpus is the sum of its documents' summaries: counts add up, and the
first evidence and description are the smallest over the documents. A build makes each
document's summary in the worker that builds its graph (and caches it with the part),
then sums them, so drawing the concept view needs neither the whole graph nor a pass over
the store. :func:`of_store` reads the same summary from a store with SPARQL, for graphs
that were not just built, and :func:`of_quads` from a dataset; both take the concepts'
descriptions from the shared graph, where a dataset keeps them, and give the same
summary as a build (tested).

In a store the summary is also a named graph, :data:`SUMMARY_GRAPH`: one
``lmskg:CorpusStatement`` per distinct statement (subject, predicate, object and polarity,
whatever the certainty) with its assertion and document counts, the documents that state
it (``lmskg:reportedIn``), an example sentence and the statement of the same fact with the
other polarity (``lmskg:opposite``). Questions that count documents or statements read
those few thousand nodes instead of joining every assertion of the corpus. It is derived
data: a store holds it beside the documents' graphs, a rebuild patches it
(:func:`patch`), and reading a graph file leaves it out.
"""

from __future__ import annotations

import hashlib
import itertools
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial

import pyoxigraph as ox

from .graph import (
    _NNI,
    _TYPE,
    CATEGORY_CLASS,
    CERTAINTY_KEY,
    DOCUMENT_BASE,
    POLARITY_KEY,
    L,
    N,
    R,
    S,
    _terms,
)
from .namespaces import ID, LMSKG
from .partition import SHARED_GRAPH

_SHARED = ox.NamedNode(SHARED_GRAPH)
#: The named graph of the corpus summary in a store.
SUMMARY_GRAPH = f"{ID}graph/summary"

#: (file name, start, end, sentence) of one piece of evidence
Example = tuple[str, int, int, str]
#: (subject, predicate, object, polarity key, certainty key) of a distinct statement
EdgeKey = tuple[str, str, str, str, str]
#: (label, notation, category key) of a concept
Description = tuple[str, str, str]
#: (assertion, subject, predicate, object, polarity, certainty, file name, start, end, sentence)
Row = tuple[str, str, str, str, str, str, str, int, int, str]

#: lmskg category class -> the category key of the vocabulary (tumor, anatomical_site, ...)
CATEGORY_KEY = {f"{LMSKG}{cls}": key for key, cls in CATEGORY_CLASS.items()}

_PREFIXES = """
PREFIX rdf:   <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX nif:   <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
PREFIX lmskg: <https://w3id.org/lmskg/ontology#>
"""

#: Statements, each read inside its document's graph, which holds the assertion, its
#: evidence and sentence, and the document.
STATEMENTS = _PREFIXES + """
SELECT ?assertion ?s ?p ?o ?polarity ?certainty ?doc ?name ?start ?end ?text WHERE {
  GRAPH ?doc {
    ?assertion a lmskg:Assertion ;
        rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
        lmskg:polarity ?polarity ; lmskg:certainty ?certainty ; lmskg:evidence ?e .
    ?e nif:referenceContext ?doc ; lmskg:sentence ?sentence ;
        nif:beginIndex ?start ; nif:endIndex ?end .
    ?sentence nif:anchorOf ?text .
    ?doc lmskg:fileName ?name .
  }
}"""

#: what an assertion and its evidence are read by, in the order of a row
_ASSERTION_VALUES = (R.subject, R.predicate, R.object, L.polarity, L.certainty, L.evidence)
_EVIDENCE_VALUES = (L.sentence, N.beginIndex, N.endIndex)


@dataclass(frozen=True)
class DocumentSummary:
    """One document's share of the summary."""

    doc: str
    #: statement -> (assertions, first evidence, the smallest sentence text that states it)
    statements: dict[EdgeKey, tuple[int, Example, str]]
    concepts: dict[str, tuple[int, Description | None]]  # assertions, description


@dataclass(slots=True)
class Edge:
    """A statement summed over documents: its assertions, first evidence, smallest
    sentence and the documents that state it."""

    assertions: int
    example: Example
    text: str
    docs: set[str]

    @property
    def documents(self) -> int:
        return len(self.docs)

    def add(self, assertions: int, example: Example, text: str, docs: Iterable[str]) -> None:
        self.assertions += assertions
        self.example = min(self.example, example)
        self.text = min(self.text, text)
        self.docs.update(docs)


@dataclass
class Summary:
    """The sum of documents' summaries (add them in any order)."""

    edges: dict[EdgeKey, Edge] = field(default_factory=dict)
    #: concept -> [documents, assertions, first document, its description]
    concepts: dict[str, list] = field(default_factory=dict)

    def add(self, part: DocumentSummary) -> None:
        doc = (part.doc,)
        for key, (assertions, example, text) in part.statements.items():
            edge = self.edges.get(key)
            if edge is None:
                self.edges[key] = Edge(assertions, example, text, set(doc))
            else:
                edge.add(assertions, example, text, doc)
        for iri, (assertions, description) in part.concepts.items():
            concept = self.concepts.get(iri)
            if concept is None:
                self.concepts[iri] = [1, assertions, part.doc, description]
            else:
                concept[0] += 1
                concept[1] += assertions
                if part.doc < concept[2]:
                    concept[2:] = [part.doc, description]


def _of_rows(doc: str, rows: Iterable[Row],
             describe: Callable[[str], Description | None]) -> DocumentSummary:
    assertions: dict[EdgeKey, set[str]] = defaultdict(set)
    examples: dict[EdgeKey, Example] = {}
    texts: dict[EdgeKey, list[str]] = defaultdict(list)
    mentions: dict[str, set[str]] = defaultdict(set)
    for assertion, s, p, o, polarity, certainty, name, start, end, text in rows:
        key = (s, p, o, POLARITY_KEY[polarity], CERTAINTY_KEY[certainty])
        assertions[key].add(assertion)
        example = (name, start, end, text)
        if key not in examples or example < examples[key]:
            examples[key] = example
        texts[key].append(text)
        mentions[s].add(assertion)
        mentions[o].add(assertion)
    return DocumentSummary(doc, {k: (len(a), examples[k], min(texts[k])) for k, a in assertions.items()},
                           {c: (len(a), describe(c)) for c, a in mentions.items()})


def _describe(values: Callable[[ox.NamedNode], list[str]]) -> Description | None:
    """(label, notation, category) of a concept from its sorted values of a predicate, if
    it has all three."""
    labels, notations = values(S.prefLabel), values(S.notation)
    categories = [CATEGORY_KEY[t] for t in values(_TYPE) if t in CATEGORY_KEY]
    if not (labels and notations and categories):
        return None
    return labels[0], notations[0], categories[0]


Index_ = dict[object, dict[ox.NamedNode, list]]  # subject -> predicate -> objects


def _index(triples: Iterable[ox.Triple]) -> Index_:
    index: Index_ = {}
    for s, p, o in triples:  # plain dicts: a factory call per term costs more than the lookups
        index.setdefault(s, {}).setdefault(p, []).append(o)
    return index


def of_triples(triples: Iterable[ox.Triple], doc: str, described: Index_ | None = None) -> DocumentSummary:
    """The summary of one document's graph (its triples; ``doc`` is its IRI): the rows of
    :data:`STATEMENTS` in that graph, found by walking an index of the triples (concepts
    described as in :func:`of_index`)."""
    return of_index(_index(triples), doc, described)


def of_index(index: Index_, doc: str, described: Index_ | None = None) -> DocumentSummary:
    """:func:`of_triples` from an index of the triples: subject -> predicate -> objects
    (such as the one lmskg.shacl.Index makes to validate them). Concepts are described
    from ``described``, an index of the same kind, if given (a document's named graph
    holds no descriptions: the shared graph does)."""
    node = ox.NamedNode(doc)
    names = [n.value for n in index.get(node, {}).get(L.fileName, ())]

    def rows() -> Iterable[Row]:
        for subject, props in index.items():
            if L.Assertion not in props.get(_TYPE, ()):
                continue
            for s, p, o, polarity, certainty, e in itertools.product(
                    *(props.get(predicate, ()) for predicate in _ASSERTION_VALUES)):
                evidence = index.get(e, {})
                if node not in evidence.get(N.referenceContext, ()):
                    continue
                for sentence, start, end in itertools.product(
                        *(evidence.get(predicate, ()) for predicate in _EVIDENCE_VALUES)):
                    for text, name in itertools.product(index.get(sentence, {}).get(N.anchorOf, ()),
                                                        names):
                        yield (subject.value, s.value, p.value, o.value, polarity.value,
                               certainty.value, name, int(start.value), int(end.value), text.value)

    def describe(iri: str) -> Description | None:
        props = (index if described is None else described).get(ox.NamedNode(iri), {})
        return _describe(lambda predicate: sorted(o.value for o in props.get(predicate, ())))

    return _of_rows(doc, rows(), describe)


def of_store(store: ox.Store) -> Summary:
    """The summary of every document graph in ``store``, with SPARQL."""
    by_doc: dict[str, list[Row]] = defaultdict(list)
    for row in store.query(STATEMENTS):
        by_doc[row["doc"].value].append((
            row["assertion"].value, row["s"].value, row["p"].value, row["o"].value,
            row["polarity"].value, row["certainty"].value, row["name"].value,
            int(row["start"].value), int(row["end"].value), row["text"].value))
    summary = Summary()
    for doc, rows in by_doc.items():
        summary.add(_of_rows(doc, rows, lambda iri: None))  # described below, once each
    for iri, concept in summary.concepts.items():
        concept[3] = _describe(partial(_values_in, store, ox.NamedNode(iri), _SHARED))
    return summary


def _values_in(store: ox.Store, node: ox.NamedNode, graph: ox.NamedNode,
               predicate: ox.NamedNode) -> list[str]:
    return sorted(q.object.value for q in store.quads_for_pattern(node, predicate, None, graph))


_C = _terms(LMSKG, "CorpusStatement", "assertionCount", "documentCount", "reportedIn",
            "exampleSentence", "opposite")
#: polarity key -> its individual
_KEY_NODE = {key: ox.NamedNode(iri) for iri, key in POLARITY_KEY.items()}


#: (subject, predicate, object, polarity key) of a corpus statement
StatementKey = tuple[str, str, str, str]


def statement_iri(key: StatementKey) -> str:
    """The IRI of a corpus statement, minted from what it states."""
    return f"{ID}statement/{hashlib.sha256(chr(31).join(key).encode()).hexdigest()[:32]}"


def statements(summary: Summary) -> dict[StatementKey, Edge]:
    """The corpus statements: the summary's statements summed over their certainties."""
    merged: dict[StatementKey, Edge] = {}
    for key, edge in summary.edges.items():
        found = merged.get(key[:4])
        if found is None:
            merged[key[:4]] = Edge(edge.assertions, edge.example, edge.text, set(edge.docs))
        else:
            found.add(edge.assertions, edge.example, edge.text, edge.docs)
    return merged


def statement_quads(summary: Summary) -> list[ox.Quad]:
    """The summary graph: each corpus statement, in IRI order, and what it sums."""
    return list(ox.parse(b"".join(statement_nquads(summary)), format=ox.RdfFormat.N_QUADS))


def statement_nquads(summary: Summary, size: int = 1000) -> Iterator[bytes]:
    """The summary graph as N-Quads, in pieces of ``size`` statements (so the whole graph
    is never in memory at once)."""
    found = statements(summary)
    iris = _iris(found)
    keys = sorted(found, key=iris.__getitem__)
    graph = f" <{SUMMARY_GRAPH}> .\n"
    for start in range(0, len(keys), size):
        yield "".join(line + graph for line in _lines(found, iris, keys[start:start + size])).encode()


def _iris(found: dict[StatementKey, Edge]) -> dict[StatementKey, str]:
    return {key: statement_iri(key) for key in found}


#: how a count is written in N-Triples
_COUNT = f'"{{}}"^^<{_NNI.value}>'


def _lines(found: dict[StatementKey, Edge], iris: dict[StatementKey, str],
           keys: Iterable[StatementKey]) -> Iterator[str]:
    """The triples of the summary graph about the statements ``keys`` of ``found``, in that
    order, as N-Triples lines without the final " .". They are written as text: at 10,000
    documents, making pyoxigraph terms of the 443,000 triples and serialising them took
    1.56 s, the text 0.64 s, while the store waits for them. IRIs (from parsed or minted
    terms) are written as pyoxigraph writes them, the example sentence by pyoxigraph; a
    test checks the bytes against its serializer."""
    head = {predicate: f"{predicate} " for predicate in (
        _TYPE, R.subject, R.predicate, R.object, L.polarity, _C.assertionCount, _C.documentCount,
        _C.exampleSentence, _C.opposite, _C.reportedIn)}
    polarity = {key: str(node) for key, node in _KEY_NODE.items()}
    for key in keys:
        edge, node = found[key], f"<{iris[key]}> "
        s, p, o, side = key
        yield node + head[_TYPE] + str(_C.CorpusStatement)
        yield node + head[R.subject] + f"<{s}>"
        yield node + head[R.predicate] + f"<{p}>"
        yield node + head[R.object] + f"<{o}>"
        yield node + head[L.polarity] + polarity[side]
        yield node + head[_C.assertionCount] + _COUNT.format(edge.assertions)
        yield node + head[_C.documentCount] + _COUNT.format(edge.documents)
        yield node + head[_C.exampleSentence] + str(ox.Literal(edge.text))
        for other in ((s, p, o, k) for k in _KEY_NODE):
            if other != key and other in iris:
                yield node + head[_C.opposite] + f"<{iris[other]}>"
        for doc in sorted(edge.docs):
            yield node + head[_C.reportedIn] + f"<{doc}>"


def patch(store: ox.Store, summary: Summary, documents: Iterable[str]) -> str:
    """A SPARQL update that turns the summary graph of ``store`` into the one of
    ``summary``, when only the graphs of ``documents`` (added, removed or replaced) differ:
    it rewrites the statements those documents report, before or after, and their
    opposites, and leaves the rest alone."""
    found = statements(summary)
    iris = _iris(found)
    changed = set(documents)
    keys = {key for key, edge in found.items() if not edge.docs.isdisjoint(changed)}
    keys |= {(s, p, o, side) for s, p, o, _ in keys for side in _KEY_NODE if (s, p, o, side) in found}
    stale = {iris[key] for key in keys}
    if changed:  # what the store says the documents reported, and those statements' opposites
        values = " ".join(f"<{doc}>" for doc in sorted(changed))
        for row in store.query(f"""SELECT ?statement ?opposite WHERE {{ GRAPH <{SUMMARY_GRAPH}> {{
                VALUES ?doc {{ {values} }} ?statement <{_C.reportedIn.value}> ?doc .
                OPTIONAL {{ ?statement <{_C.opposite.value}> ?opposite }} }} }}"""):
            stale.update(term.value for term in (row["statement"], row["opposite"]) if term is not None)
        keys |= {key for key, node in iris.items() if node in stale}
    if not stale:
        return ""
    nodes = " ".join(f"<{iri}>" for iri in sorted(stale))
    lines = "\n".join(line + " ." for line in _lines(found, iris, sorted(keys, key=iris.__getitem__)))
    return (f"DELETE {{ GRAPH <{SUMMARY_GRAPH}> {{ ?s ?p ?o }} }} WHERE {{ GRAPH <{SUMMARY_GRAPH}> {{ "
            f"VALUES ?s {{ {nodes} }} ?s ?p ?o }} }} ;\n"
            f"INSERT DATA {{ GRAPH <{SUMMARY_GRAPH}> {{\n{lines}\n}} }}")


def of_quads(quads: Iterable[ox.Quad]) -> Summary:
    """The summary of a dataset's document graphs (named by the documents' IRIs), with the
    concepts described in its shared graph."""
    graphs: dict[str, list[ox.Triple]] = defaultdict(list)
    shared: list[ox.Triple] = []
    for q in quads:
        if q.graph_name == _SHARED:
            shared.append(q.triple)
        elif isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value.startswith(DOCUMENT_BASE):
            graphs[q.graph_name.value].append(q.triple)
    described = _index(shared)
    summary = Summary()
    for doc in sorted(graphs):
        summary.add(of_triples(graphs[doc], doc, described))
    return summary
