"""Read OBO Graphs JSON (``.json`` or gzip-compressed ``.json.gz``).

Per graph, class nodes (``type`` ``CLASS`` or absent) with an ``lbl`` become terms:
``meta.synonyms`` (``pred`` ``hasExactSynonym`` / ``hasRelatedSynonym`` /
``hasNarrowSynonym`` / ``hasBroadSynonym``, optional ``synonymType``), ``meta.xrefs``
(``val``), and the edges ``is_a`` and ``part_of`` (``BFO_0000050``). Deprecated nodes are
skipped. Node ids are IRIs; they are turned into CURIEs with the project prefix map or
the OBO PURL rule (``.../obo/CL_0000000`` -> ``CL:0000000``).
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

from lmskg.errors import InputError
from lmskg.namespaces import OBO, iri_to_curie
from lmskg.vocab import Ontology, OntologyTerm, Synonym

SCOPE_BY_PRED = {
    "hasExactSynonym": "EXACT",
    "hasRelatedSynonym": "RELATED",
    "hasNarrowSynonym": "NARROW",
    "hasBroadSynonym": "BROAD",
}
PART_OF_PREDS = ("part_of", "BFO:0000050", OBO + "BFO_0000050")


def iri_to_id(iri: str) -> str:
    """A CURIE for ``iri``: project prefixes first, then the OBO PURL rule, else the IRI."""
    curie = iri_to_curie(iri)
    if curie != iri:
        return curie
    if iri.startswith(OBO):
        local = iri[len(OBO):]
        prefix, sep, rest = local.partition("_")
        if sep and prefix and rest and "/" not in local:
            return f"{prefix}:{rest}"
    return iri


def _load(path: Path) -> dict[str, Any]:
    try:
        raw = path.read_bytes()
        if raw[:2] == b"\x1f\x8b":
            raw = gzip.decompress(raw)
        data = json.loads(raw.decode("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, EOFError) as exc:
        raise InputError(path, f"cannot read OBO Graphs JSON: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("graphs"), list):
        raise InputError(path, "not OBO Graphs JSON (no 'graphs' list)")
    return data


def _term(node: dict[str, Any]) -> OntologyTerm | None:
    iri = node.get("id")
    meta = node.get("meta") or {}
    if not isinstance(iri, str) or node.get("type", "CLASS") != "CLASS":
        return None
    if meta.get("deprecated") or not node.get("lbl"):
        return None
    term = OntologyTerm(id=iri_to_id(iri), iri=iri, name=str(node["lbl"]).strip())
    for syn in meta.get("synonyms") or []:
        scope = SCOPE_BY_PRED.get(str(syn.get("pred", "")))
        text = str(syn.get("val", "")).strip()
        if scope and text:
            term.synonyms.append(Synonym(text, scope, str(syn.get("synonymType", ""))))
    for xref in meta.get("xrefs") or []:
        value = str(xref.get("val", "")).strip() if isinstance(xref, dict) else ""
        if value:
            term.xrefs.append(value)
    return term


def parse_obographs(path: str | Path) -> Ontology:
    """Parse an OBO Graphs JSON file into an :class:`Ontology`."""
    path = Path(path)
    data = _load(path)
    terms: dict[str, OntologyTerm] = {}
    edges: list[dict[str, Any]] = []
    for graph in data["graphs"]:
        for node in graph.get("nodes") or []:
            term = _term(node)
            if term is not None:
                terms.setdefault(term.iri, term)
        edges.extend(graph.get("edges") or [])
    for edge in edges:
        sub, pred, obj = edge.get("sub"), edge.get("pred"), edge.get("obj")
        term = terms.get(sub) if isinstance(sub, str) else None
        if term is None or not isinstance(obj, str):
            continue
        if pred == "is_a":
            term.is_a.append(iri_to_id(obj))
        elif pred in PART_OF_PREDS:
            term.part_of.append(iri_to_id(obj))
    name = path.name
    return Ontology(name, terms.values())
