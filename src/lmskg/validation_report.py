"""Validation reports for people and programs.

Each result is joined to the text that produced it: the document's file name, the
sentence and the character offsets (of the evidence span, or of the sentence). The text
report groups results by shape; the JSON report lists them with the same fields; the
Turtle report is a standard ``sh:ValidationReport`` whose blank nodes have labels derived
from the results, so the same graph always gives the same bytes.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import replace

import pyoxigraph as ox

from .namespaces import LMSKG, NIF, RDF_PREFIXES, short_iri
from .shacl import Index
from .validate import Result, ValidationReport

SH = "http://www.w3.org/ns/shacl#"
SHAPES = "https://w3id.org/lmskg/shapes#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
_PREFIXES = {**RDF_PREFIXES, "sh": SH, "lmskgsh": SHAPES}

_TYPE = ox.NamedNode(RDF + "type")
_L = {n: ox.NamedNode(f"{LMSKG}{n}") for n in ("evidence", "sentence", "fileName", "Evidence",
                                              "Sentence", "Document", "polarity")}
_N = {n: ox.NamedNode(f"{NIF}{n}") for n in ("referenceContext", "beginIndex", "endIndex", "anchorOf")}
_R = {n: ox.NamedNode(RDF + n) for n in ("subject", "predicate", "object")}


def short(iri: str) -> str:
    """A readable name for an IRI: a concept CURIE, a prefixed name, or <iri>."""
    name = short_iri(iri, _PREFIXES)
    return name if name != iri else f"<{iri}>"


def term_text(term) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return short(term.value)
    if isinstance(term, ox.BlankNode):
        return str(term)
    return json.dumps(term.value, ensure_ascii=False)


def path_text(path) -> str:
    """A SHACL path written as a SPARQL property path."""
    if path is None:
        return ""
    if isinstance(path, str):
        return short(path)
    kind, *inner = path
    parts = [path_text(p) for p in inner]
    return {
        "inversePath": lambda: f"^{parts[0]}",
        "zeroOrMorePath": lambda: f"{parts[0]}*",
        "oneOrMorePath": lambda: f"{parts[0]}+",
        "zeroOrOnePath": lambda: f"{parts[0]}?",
        "alternativePath": lambda: "(" + "|".join(parts) + ")",
    }.get(kind, lambda: "/".join(parts))()


# ---- context -----------------------------------------------------------------------------

class _InStore:
    """The lookups the context needs, in a store (queries see the union of its graphs)."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store

    def one(self, s, p):
        return min((q.object for q in self.store.quads_for_pattern(s, p, None)), key=str, default=None)

    def typed(self, node, cls) -> bool:
        return any(True for _ in self.store.quads_for_pattern(node, _TYPE, cls))

    def subjects(self, p, o) -> Iterator:
        return (q.subject for q in self.store.quads_for_pattern(None, p, o))


class _InPart:
    """The same lookups in one part's index (lmskg.shacl.Index) while it is validated."""

    def __init__(self, index) -> None:
        self.index = index

    def one(self, s, p):
        return min(self.index.objects(s, p), key=str, default=None)

    def typed(self, node, cls) -> bool:
        return cls in self.index.objects(node, _TYPE)

    def subjects(self, p, o) -> Iterator:
        return iter(sorted(self.index.subjects(p, o), key=str))


def _int(term) -> int | None:
    try:
        return int(term.value) if term is not None else None
    except ValueError:
        return None


def _document(g, doc) -> dict:
    if not isinstance(doc, ox.NamedNode):
        return {}
    name = g.one(doc, _L["fileName"])
    return {"document_iri": doc.value, "document": name.value if name is not None else None}


def _context_of(g, node) -> dict:
    """Where the node comes from: the document, sentence or evidence span it is, or the
    evidence of the statement it is (or, for a concept or tumour, first appears in)."""
    if not isinstance(node, ox.NamedNode):
        return {}
    if g.typed(node, _L["Document"]):
        return _document(g, node)
    if g.typed(node, _L["Sentence"]):
        return _span(g, node, node)
    evidence = node if g.typed(node, _L["Evidence"]) else _evidence_of(g, node)
    return _span(g, evidence, g.one(evidence, _L["sentence"])) if evidence is not None else {}


def _evidence_of(g, node):
    """The node's evidence, or, when it is not an assertion, that of the first assertion
    using it as object, else as subject (a statement of the corpus summary, which has no
    evidence, is passed over)."""
    found = g.one(node, _L["evidence"])
    for p in (_R["object"], _R["subject"]) if found is None else ():
        for user in g.subjects(p, node):
            if (found := g.one(user, _L["evidence"])) is not None:
                return found
    return found


def _span(g, span, sentence) -> dict:
    """Offsets of ``span`` (evidence or sentence), its sentence and its document."""
    out = {"start": _int(g.one(span, _N["beginIndex"])), "end": _int(g.one(span, _N["endIndex"]))}
    if isinstance(sentence, ox.NamedNode):
        text = g.one(sentence, _N["anchorOf"])
        out.update(sentence_iri=sentence.value, sentence=text.value if text is not None else None,
                   sentence_start=_int(g.one(sentence, _N["beginIndex"])))
    document = g.one(span, _N["referenceContext"])
    if document is None and sentence is not None:
        document = g.one(sentence, _N["referenceContext"])
    out.update(_document(g, document))
    return out


def _joined(results: Iterable[Result], g) -> list[Result]:
    cache: dict[object, dict] = {}

    def context(node) -> dict:
        if node not in cache:
            cache[node] = _context_of(g, node)
        return cache[node]

    out = []
    for r in results:
        if not r.placed:
            found = context(r.focus) or (context(r.value) if r.value is not None else {})
            r = replace(r, **found) if found else r
        out.append(r)
    return out


def join_context(report: ValidationReport, store: ox.Store) -> ValidationReport:
    """Fill in each result's document, sentence and offsets from the graph in ``store``
    (results that have them already are left as they are)."""
    if not all(r.placed for r in report.results):
        report.results = _joined(report.results, _InStore(store))
    return report


def place_rest(report: ValidationReport, triples: list[ox.Triple]) -> ValidationReport:
    """Place the results not placed yet (about nodes that no document's part mentions) from
    the triples of the whole graph, reading only those their lookups can reach: the
    triples about the nodes and the assertions that use them, then about what those
    point to, three steps on (evidence, sentence, document). No store or index of the
    whole graph is made: at 10,000 documents a store of it took 1.6 GB."""
    pending = [r for r in report.results if not r.placed]
    if not pending:
        return report
    nodes = {n for r in pending for n in (r.focus, r.value) if isinstance(n, ox.NamedNode)}
    users = {_R["subject"], _R["object"]}
    frontier = nodes | {t.subject for t in triples if t.predicate in users and t.object in nodes}
    seen: set = set()
    reached: list[ox.Triple] = []
    for _ in range(4):  # the node or its user, its evidence, the sentence, the document
        frontier -= seen
        if not frontier:
            break
        seen |= frontier
        found = [t for t in triples if t.subject in frontier]
        reached += found
        frontier = {t.object for t in found if isinstance(t.object, ox.NamedNode)}
    report.results = _joined(report.results, _InPart(Index(reached)))
    return report


def in_part(results: Iterable[Result], index) -> list[Result]:
    """The results of one part, each joined to its document, sentence and offsets from
    the part's own triples (``index``, a lmskg.shacl.Index of them): a build's workers
    place the results of each document so, and the build needs no graph of the whole
    corpus for it. A node that several assertions use (a concept) is placed at the one
    with the smallest IRI."""
    return _joined(results, _InPart(index))


# ---- renderings --------------------------------------------------------------------------

def _excerpt(r: Result, width: int = 160) -> str:
    """The sentence with the span marked [like this], shortened around the span."""
    text = r.sentence or ""
    if None not in (r.sentence_start, r.start, r.end):
        a, b = r.start - r.sentence_start, r.end - r.sentence_start
        if 0 <= a <= b <= len(text) and (a, b) != (0, len(text)):
            text = f"{text[:a]}[{text[a:b]}]{text[b:]}"
    text = " ".join(text.split())
    if len(text) > width:
        mark = max(text.find("["), 0)
        lo = max(0, min(mark - width // 3, len(text) - width))
        text = ("…" if lo else "") + text[lo:lo + width] + ("…" if lo + width < len(text) else "")
    return text


def render_text(report: ValidationReport, source: str, limit: int = 10) -> str:
    """Results grouped by shape (violations first), each with the text that produced it."""
    counts = report.counts()
    verdict = "conforms" if report.conforms else "does NOT conform"
    head = (f"{source}: {verdict}: {counts['Violation']} violation(s), {counts['Warning']} warning(s), "
            f"{counts['Info']} info(s) ({report.triples} triples, {report.documents} documents, "
            f"{report.seconds:.2f} s)")
    lines = [head]
    groups: dict[tuple[str, str], list[Result]] = defaultdict(list)
    for r in report.results:
        groups[(r.severity, r.shape)].append(r)
    for (severity, shape), results in groups.items():
        messages = sorted({r.message for r in results})
        lines += ["", f"{severity} {short(shape) if '[' not in shape else shape} ({len(results)})"]
        if len(messages) == 1:
            lines.append(f"  {messages[0]}")
        for r in results[: limit or None]:
            where = path_text(r.path)
            value = f" = {term_text(r.value)}" if r.value is not None and r.value != r.focus else ""
            lines.append(f"  - {term_text(r.focus)}{' ' + where if where else ''}{value}")
            if len(messages) > 1:
                lines.append(f"    {r.message}")
            if r.document or r.sentence:
                span = f" {r.start}-{r.end}" if r.start is not None else ""
                lines.append(f"    {r.document or r.document_iri}{span}: {_excerpt(r)}")
        if limit and len(results) > limit:
            lines.append(f"  … and {len(results) - limit} more (--limit 0 shows all)")
    return "\n".join(lines) + "\n"


def as_dict(r: Result) -> dict:
    return {
        "severity": r.severity, "shape": r.shape, "component": r.component,
        "focus": str(r.focus)[1:-1] if isinstance(r.focus, ox.NamedNode) else str(r.focus),
        "path": path_text(r.path) or None,
        "value": None if r.value is None else (r.value.value if not isinstance(r.value, ox.BlankNode) else str(r.value)),
        "message": r.message, "document": r.document, "document_iri": r.document_iri,
        "sentence": r.sentence, "sentence_iri": r.sentence_iri, "start": r.start, "end": r.end,
    }


def render_json(report: ValidationReport) -> str:
    body = {
        "conforms": report.conforms, "counts": report.counts(), "triples": report.triples,
        "documents": report.documents, "results": [as_dict(r) for r in report.results],
    }
    return json.dumps(body, ensure_ascii=False, indent=1) + "\n"


def _path_node(path, label: str, out: list):
    """The node of a SHACL path: an IRI, or a blank node whose structure goes into out."""
    if isinstance(path, str):
        return ox.NamedNode(path)
    kind, *inner = path
    node = ox.BlankNode(label)
    items = [_path_node(p, f"{label}_{i}", out) for i, p in enumerate(inner)]
    if kind == "sequence":  # a sequence path is the list itself
        _list_at(node, items, label, out)
    elif kind == "alternativePath":
        head = ox.BlankNode(f"{label}_list")
        _list_at(head, items, f"{label}_list", out)
        out.append(ox.Triple(node, ox.NamedNode(SH + kind), head))
    else:
        out.append(ox.Triple(node, ox.NamedNode(SH + kind), items[0]))
    return node


def _list_at(head, items: list, label: str, out: list) -> None:
    cells = [head] + [ox.BlankNode(f"{label}_c{i}") for i in range(1, len(items))]
    for i, (cell, item) in enumerate(zip(cells, items)):
        rest = cells[i + 1] if i + 1 < len(cells) else ox.NamedNode(RDF + "nil")
        out.append(ox.Triple(cell, ox.NamedNode(RDF + "first"), item))
        out.append(ox.Triple(cell, ox.NamedNode(RDF + "rest"), rest))


def report_turtle(report: ValidationReport) -> bytes:
    """The standard sh:ValidationReport, with deterministic blank-node labels."""
    s = lambda n: ox.NamedNode(SH + n)
    node = ox.BlankNode("report")
    out = [ox.Triple(node, _TYPE, s("ValidationReport")),
           ox.Triple(node, s("conforms"), ox.Literal("true" if report.conforms else "false",
                                                     datatype=ox.NamedNode(XSD + "boolean")))]
    for r in report.results:
        label = "r" + hashlib.sha256("\x1f".join(map(str, r.key())).encode()).hexdigest()[:16]
        res = ox.BlankNode(label)
        out += [
            ox.Triple(node, s("result"), res),
            ox.Triple(res, _TYPE, s("ValidationResult")),
            ox.Triple(res, s("resultSeverity"), s(r.severity)),
            ox.Triple(res, s("focusNode"), r.focus),
            ox.Triple(res, s("sourceConstraintComponent"), ox.NamedNode(r.component)),
            ox.Triple(res, s("resultMessage"), ox.Literal(r.message)),
        ]
        if "[" not in r.shape and not r.shape.startswith("_"):
            out.append(ox.Triple(res, s("sourceShape"), ox.NamedNode(r.shape)))
        else:  # a blank shape of user-supplied shapes: name it
            shape = ox.BlankNode(f"{label}s")
            out += [ox.Triple(res, s("sourceShape"), shape),
                    ox.Triple(shape, ox.NamedNode(RDFS + "label"), ox.Literal(r.shape))]
        if r.constraint:
            out.append(ox.Triple(res, s("sourceConstraint"), ox.NamedNode(r.constraint)))
        if r.value is not None:
            out.append(ox.Triple(res, s("value"), r.value))
        if r.path is not None:
            out.append(ox.Triple(res, s("resultPath"), _path_node(r.path, f"{label}_path", out)))
        if r.sentence_iri:
            out.append(ox.Triple(res, ox.NamedNode(RDFS + "seeAlso"), ox.NamedNode(r.sentence_iri)))
    out.sort(key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
    return ox.serialize(out, format=ox.RdfFormat.TURTLE, prefixes=_PREFIXES)

