"""GraphML for Gephi, Cytoscape and yEd, in two views.

``concept`` (the default) is the knowledge at a glance: one node per concept that some
statement mentions (tumours, sites, markers, signs, procedures, therapies, drugs,
conditions) and one edge per distinct statement: tumour, relation, concept, polarity and
certainty, with how many documents and assertions support it and one example sentence.
"KIT positive" and "KIT negative" are two parallel edges, never merged. It is drawn from
the graph's summary (lmskg.summary): summed from the documents' summaries in a build,
read from the store with SPARQL otherwise.

``rdf`` is the whole graph: every IRI, blank node and literal is a node and every triple
an edge labelled with its predicate, so the edge count equals the triple count.

Output is deterministic (nodes and edges sorted, ids derived from content), attributes are
typed (string, int, double) and clean: no missing values, no lists, no control characters.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from ..graph import relation_keys, relation_labels, sort_key
from ..namespaces import iri_to_curie, short_iri
from ..summary import Summary, of_store
from . import Exporter, GraphData, register

NS = "http://graphml.graphdrawing.org/xmlns"
SCHEMA = "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd"

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9._:-]*$")  # a safe XML NMTOKEN that reads as an id


def clean(text: str) -> str:
    """Text fit for an XML attribute value: control characters, surrogates and
    unassigned code points (U+FFFE, U+FFFF among them) become spaces (GraphML readers
    differ on how they treat them)."""
    if text.isprintable():
        return text
    return "".join(" " if unicodedata.category(c) in ("Cc", "Cs", "Cn") else c for c in text)


@dataclass(frozen=True)
class Key:
    id: str
    domain: str  # node | edge
    name: str
    type: str  # string | int | double


@dataclass
class Element:
    id: str
    data: dict[str, object] = field(default_factory=dict)
    source: str = ""
    target: str = ""


def _value(key: Key, value: object) -> str:
    if key.type == "int":
        return str(int(value))
    if key.type == "double":
        return repr(float(value))
    return escape(clean(str(value)))


def write_graphml(keys: list[Key], nodes: Iterable[Element], edges: Iterable[Element],
                  graph_id: str) -> bytes:
    """A GraphML document: every key declared with its type, every value present."""
    def lines() -> Iterator[str]:
        yield '<?xml version="1.0" encoding="UTF-8"?>'
        yield (f'<graphml xmlns="{NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
               f'xsi:schemaLocation="{NS} {SCHEMA}">')
        for k in keys:
            yield (f'  <key id="{k.id}" for="{k.domain}" attr.name="{k.name}" '
                   f'attr.type="{k.type}"/>')
        yield f'  <graph id="{graph_id}" edgedefault="directed">'
        for domain, elements in (("node", nodes), ("edge", edges)):
            mine = [k for k in keys if k.domain == domain]
            for e in elements:
                ends = (f" source={quoteattr(e.source)} target={quoteattr(e.target)}"
                        if domain == "edge" else "")
                yield f"    <{domain} id={quoteattr(e.id)}{ends}>"
                for k in mine:
                    yield f'      <data key="{k.id}">{_value(k, e.data[k.name])}</data>'
                yield f"    </{domain}>"
        yield "  </graph>"
        yield "</graphml>"
    return ("\n".join(lines()) + "\n").encode("utf-8")


def _keys(domain: str, spec: str) -> list[Key]:
    out = []
    for item in spec.split():
        name, type_ = item.split(":")
        out.append(Key(f"{domain[0]}_{name}", domain, name, type_))
    return out


# ---- concept view -----------------------------------------------------------------------

CONCEPT_KEYS = (_keys("node", "label:string curie:string iri:string category:string "
                              "documents:int statements:int")
                + _keys("edge", "label:string relation:string predicate:string polarity:string "
                                "certainty:string documents:int statements:int weight:double "
                                "sentence:string document:string start:int end:int"))

def _node_ids(curies: dict[str, str]) -> dict[str, str]:
    """Node ids: the CURIE where it is a clean, unique XML name, else c<n>."""
    ids: dict[str, str] = {}
    taken: set[str] = set()
    for n, iri in enumerate(sorted(curies)):
        candidate = curies[iri]
        if not _NAME.match(candidate) or candidate in taken:
            candidate = f"c{n}"
        ids[iri] = candidate
        taken.add(candidate)
    return ids


def concept_view(summary: Summary) -> bytes:
    """The concept view of a graph's summary (lmskg.summary)."""
    described = {iri: concept[3] or (iri_to_curie(iri), iri_to_curie(iri), "unknown")
                 for iri, concept in summary.concepts.items()}
    ids = _node_ids({iri: curie for iri, (_, curie, _) in described.items()})
    nodes = [Element(ids[iri], {"label": label, "curie": curie, "iri": iri, "category": category,
                                "documents": summary.concepts[iri][0],
                                "statements": summary.concepts[iri][1]})
             for iri, (label, curie, category) in sorted(described.items())]
    keys, labels = relation_keys(), relation_labels()
    out = []
    for n, (key, edge) in enumerate(sorted(summary.edges.items())):
        s, p, o, polarity, certainty = key
        label = labels.get(p, p)
        label = f"not {label}" if polarity == "negative" else label
        if certainty != "asserted":
            label = f"{label} ({certainty})"
        name, start, end, text = edge.example
        out.append(Element(f"e{n}", {
            "label": label, "relation": keys.get(p, p), "predicate": p, "polarity": polarity,
            "certainty": certainty, "documents": edge.documents, "statements": edge.assertions,
            "weight": edge.documents, "sentence": text, "document": name, "start": start, "end": end,
        }, source=ids[s], target=ids[o]))
    return write_graphml(CONCEPT_KEYS, nodes, out, "lmskg-concepts")


# ---- rdf view ---------------------------------------------------------------------------

RDF_KEYS = (_keys("node", "label:string kind:string value:string datatype:string language:string")
            + _keys("edge", "label:string predicate:string"))


def _describe(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> dict[str, object]:
    if isinstance(term, ox.NamedNode):
        return {"label": short_iri(term.value), "kind": "iri", "value": term.value,
                "datatype": "", "language": ""}
    if isinstance(term, ox.BlankNode):
        return {"label": f"_:{term.value}", "kind": "blank", "value": term.value,
                "datatype": "", "language": ""}
    return {"label": term.value, "kind": "literal", "value": term.value,
            "datatype": term.datatype.value, "language": term.language or ""}


def rdf_view(triples: list[ox.Triple]) -> bytes:
    terms = {t for triple in triples for t in (triple.subject, triple.object)}
    ordered = sorted(terms, key=str)
    ids = {term: f"n{n}" for n, term in enumerate(ordered)}
    nodes = [Element(ids[t], _describe(t)) for t in ordered]
    edges = [Element(f"e{n}", {"label": short_iri(t.predicate.value), "predicate": t.predicate.value},
                     source=ids[t.subject], target=ids[t.object])
             for n, t in enumerate(sorted(triples, key=sort_key))]
    return write_graphml(RDF_KEYS, nodes, edges, "lmskg-rdf")


def _write(data: GraphData, view: str) -> bytes:
    if view == "concept":
        return concept_view(data.summary if data.summary is not None else of_store(data.store))
    return rdf_view(data.triples)


register(Exporter("graphml", ".graphml", "application/graphml+xml", _write,
                  "GraphML for Gephi, Cytoscape, yEd: concepts and relations "
                  "(--view rdf: every triple)", views=("concept", "rdf")))
