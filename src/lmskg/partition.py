"""Split a graph into per-document parts, so validation stays linear and runs in parallel,
and into the named graphs of its dataset.

A document part holds what a document minted (every node whose IRI lies under the
document's IRI), the build run's ``prov:used`` link to it, the direct triples its own
assertions support, and a copy of the description of every node those triples mention
(concepts, tumours, the run). What no document owns (descriptions of shared nodes, direct
triples no assertion supports, stray triples) forms a rest part, so every triple is
validated somewhere. Checks that look at one document at a time therefore see the same
data as in the whole graph, and their cost no longer depends on the size of the corpus.

The dataset that the dataset exports, the store and ``lmskg load`` write (:func:`quads`)
has one named graph per document, named by its IRI, with the part's own triples (what it
minted, its ``prov:used`` link and its direct triples) but not the copies of
descriptions: those are in :data:`SHARED_GRAPH` once each, with the rest. Every triple is
in one graph, but for a direct triple, which is in the graph of each document that
supports it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from functools import cache

import pyoxigraph as ox

from .graph import CERTAINTY, DOCUMENT_BASE, POLARITY, relation_nodes, sort_key
from .model import Certainty, Polarity
from .namespaces import ID, LMSKG, PROV

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_TYPE = ox.NamedNode(RDF + "type")
_DOCUMENT = ox.NamedNode(f"{LMSKG}Document")
_USED = ox.NamedNode(f"{PROV}used")
_SUBJECT, _PREDICATE, _OBJECT = (ox.NamedNode(RDF + n) for n in ("subject", "predicate", "object"))
_POLARITY, _CERTAINTY = ox.NamedNode(f"{LMSKG}polarity"), ox.NamedNode(f"{LMSKG}certainty")
#: Named graph of what no single document owns (the build run, shared descriptions).
SHARED_GRAPH = f"{ID}graph/shared"
#: What the named graphs of the dataset hold (:func:`quads`). Part of a build cache's and
#: a store's configuration, so parts cached, or a store written, for another are not reused.
LAYOUT = "document graphs: own triples, direct triples, provenance; shared graph: descriptions"

Part = list[ox.Triple]


def _owner(term: ox.NamedNode | ox.BlankNode | ox.Literal, documents: set[str]) -> str | None:
    """The document IRI a node was minted under, if that document is in the graph."""
    if not isinstance(term, ox.NamedNode) or not term.value.startswith(DOCUMENT_BASE):
        return None
    key = term.value[len(DOCUMENT_BASE):].split("/", 1)[0]
    iri = DOCUMENT_BASE + key
    return iri if iri in documents else None


def _supported(triples: list[ox.Triple]) -> set[tuple]:
    """(subject, predicate, object) of the positive, asserted assertions among triples
    (every combination, should an assertion carry more than one of each)."""
    by_node: dict[object, dict[ox.NamedNode, set]] = defaultdict(lambda: defaultdict(set))
    wanted = {_SUBJECT, _PREDICATE, _OBJECT, _POLARITY, _CERTAINTY}
    for t in triples:
        if t.predicate in wanted:
            by_node[t.subject][t.predicate].add(t.object)
    positive, asserted = POLARITY[Polarity.POSITIVE], CERTAINTY[Certainty.ASSERTED]
    return {
        (s, p, o)
        for v in by_node.values()
        if positive in v[_POLARITY] and asserted in v[_CERTAINTY]
        for s in v[_SUBJECT] for p in v[_PREDICATE] for o in v[_OBJECT]
    }


@cache
def linking_predicates() -> frozenset[ox.NamedNode]:
    """The predicates of the triples a document's named graph holds besides what it minted:
    its direct triples and the build run's ``prov:used`` link to it."""
    return relation_nodes() | {_USED}


def _split(triples: list[ox.Triple]) -> tuple[set[str], dict[str, Part], Part, dict[object, Part]]:
    """The documents, each document's own triples (what it minted, its ``prov:used`` link,
    the direct triples its assertions support), the direct triples no assertion supports,
    and the other triples by subject (descriptions of shared nodes, stray triples)."""
    documents = {t.subject.value for t in triples if t.predicate == _TYPE and t.object == _DOCUMENT
                 and isinstance(t.subject, ox.NamedNode)}
    relations = relation_nodes()
    owned: dict[str, Part] = {d: [] for d in sorted(documents)}
    shared: dict[object, Part] = defaultdict(list)  # node -> its description
    direct: list[ox.Triple] = []
    for t in triples:
        owner = _owner(t.subject, documents)
        if owner is not None:
            owned[owner].append(t)
        elif t.predicate == _USED and (used := _owner(t.object, documents)) is not None:
            owned[used].append(t)
        elif t.predicate in relations:
            direct.append(t)
        else:
            shared[t.subject].append(t)

    supporters: dict[tuple, list[str]] = defaultdict(list)
    for document, part in owned.items():
        for key in _supported(part):
            supporters[key].append(document)
    rest: Part = []
    for t in direct:
        homes = supporters.get((t.subject, t.predicate, t.object))
        for document in homes or ():
            owned[document].append(t)
        if not homes:
            rest.append(t)
    return documents, owned, rest, shared


def partition(triples: Iterable[ox.Triple]) -> tuple[dict[str, Part], Part]:
    """The document parts (document IRI -> part, in IRI order) and the rest part. The
    union of all parts is exactly the input."""
    documents, owned, rest, shared = _split(list(triples))

    def close(part: Part) -> Part:
        """Add the description of every node the part mentions: shared nodes transitively,
        nodes of other documents one step."""
        subjects = {t.subject for t in part}
        seen: set = set()
        todo = [n for t in part for n in (t.subject, t.object)]
        extra: Part = []
        while todo:
            node = todo.pop()
            if node in seen:
                continue
            seen.add(node)
            if node in shared:
                for t in shared[node]:
                    extra.append(t)
                    todo.append(t.object)
            elif node not in subjects and (owner := _owner(node, documents)) is not None:
                extra.extend(t for t in owned[owner] if t.subject == node)
        return list(dict.fromkeys(part + extra))

    parts = {document: close(part) for document, part in owned.items()}
    rest = close(rest + [t for description in shared.values() for t in description])
    return parts, rest


def batches(parts: Iterable[Part], rest: Part, size: int) -> list[Part]:
    """Group parts into batches of about ``size`` triples (one pyshacl run each); the rest
    part is a batch of its own. The grouping depends only on the graph, never on the
    number of processes, so results are the same however many run."""
    out: list[Part] = []
    current: Part = []
    for part in parts:
        if current and len(current) + len(part) > size:
            out.append(current)
            current = []
        current.extend(part)
    if current:
        out.append(current)
    if rest:
        out.append(rest)
    return out


def quads(triples: list[ox.Triple]) -> list[ox.Quad]:
    """The triples in one named graph per document (its own triples) plus the shared graph
    (descriptions and what no document owns), sorted."""
    _, owned, rest, shared = _split(list(triples))
    out = [ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(document))
           for document, part in owned.items() for t in dict.fromkeys(part)]
    graph = ox.NamedNode(SHARED_GRAPH)
    out += [ox.Quad(t.subject, t.predicate, t.object, graph)
            for t in dict.fromkeys(rest + [t for description in shared.values() for t in description])]
    out.sort(key=lambda q: (str(q.graph_name), *sort_key(q.triple)))
    return out
