"""A compact SHACL engine for validating one document's graph at a time, fast.

pyshacl is the reference engine; per document it spends most of its time in set-up and in
rdflib's generic machinery (about 0.14 s per document). This engine compiles the shapes
once into plain Python objects and checks a part against an index of its triples:

* SHACL Core constraints are evaluated in Python, over a subject/predicate and a
  predicate/object index of the part plus the ontology (as pyshacl's ``ont_graph``, so
  ``sh:targetClass`` and ``sh:class`` follow ``rdfs:subClassOf``).
* SHACL-SPARQL constraints run in pyoxigraph over a store of the part, once per
  constraint rather than once per focus node: ``$this`` becomes a variable that the query
  must bind in a triple pattern, and rows are kept for the shape's focus nodes.

It supports the constraint components in :data:`SUPPORTED`; shapes that use anything
else are refused with :class:`Unsupported`, and :mod:`lmskg.validate` then uses pyshacl.
Results are the same :class:`lmskg.validate.Result` objects pyshacl's report is read into;
the test suite checks that both engines report the same results.
"""

from __future__ import annotations

import copy
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import pyoxigraph as ox
import rdflib
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH

from .validate import Path_, Result, path_of, shape_name, to_ox

XSD = "http://www.w3.org/2001/XMLSchema#"
_TYPE = ox.NamedNode(str(RDF.type))
_SUBCLASS = ox.NamedNode(str(RDFS.subClassOf))
_LANG_STRING = str(RDF.langString)

#: constraint components this engine evaluates, by their main parameter (local names in
#: the sh: namespace)
SUPPORTED = frozenset({
    "class", "datatype", "nodeKind", "minCount", "maxCount", "minLength", "maxLength",
    "pattern", "in", "hasValue", "lessThan", "lessThanOrEquals", "equals", "disjoint",
    "uniqueLang", "node", "not", "and", "or", "xone", "qualifiedValueShape", "sparql",
    "minInclusive", "maxInclusive", "minExclusive", "maxExclusive",
})
#: parameters read together with a main one (sh:flags with sh:pattern, the counts with
#: sh:qualifiedValueShape)
_SECONDARY = frozenset({"flags", "qualifiedMinCount", "qualifiedMaxCount"})
#: shape properties that are not constraints
_STRUCTURE = frozenset({
    "path", "property", "targetClass", "targetNode", "targetSubjectsOf", "targetObjectsOf",
    "severity", "message", "deactivated", "name", "description", "order", "group",
    "defaultValue", "declare", "prefixes",
})
_COMPONENT = {
    "class": "ClassConstraintComponent", "datatype": "DatatypeConstraintComponent",
    "nodeKind": "NodeKindConstraintComponent", "minCount": "MinCountConstraintComponent",
    "maxCount": "MaxCountConstraintComponent", "minLength": "MinLengthConstraintComponent",
    "maxLength": "MaxLengthConstraintComponent", "pattern": "PatternConstraintComponent",
    "in": "InConstraintComponent", "hasValue": "HasValueConstraintComponent",
    "lessThan": "LessThanConstraintComponent",
    "lessThanOrEquals": "LessThanOrEqualsConstraintComponent",
    "equals": "EqualsConstraintComponent", "disjoint": "DisjointConstraintComponent",
    "uniqueLang": "UniqueLangConstraintComponent", "node": "NodeConstraintComponent",
    "not": "NotConstraintComponent", "and": "AndConstraintComponent",
    "or": "OrConstraintComponent", "xone": "XoneConstraintComponent",
    "qualifiedMinCount": "QualifiedMinCountConstraintComponent",
    "qualifiedMaxCount": "QualifiedMaxCountConstraintComponent",
    "sparql": "SPARQLConstraintComponent",
    "minInclusive": "MinInclusiveConstraintComponent",
    "maxInclusive": "MaxInclusiveConstraintComponent",
    "minExclusive": "MinExclusiveConstraintComponent",
    "maxExclusive": "MaxExclusiveConstraintComponent",
}
_INTEGERS = {
    "integer": None, "nonNegativeInteger": (0, None), "positiveInteger": (1, None),
    "nonPositiveInteger": (None, 0), "negativeInteger": (None, -1), "long": None, "int": None,
    "short": None, "byte": None, "unsignedLong": (0, None), "unsignedInt": (0, None),
    "unsignedShort": (0, None), "unsignedByte": (0, None),
}


#: constraints on each value node alone (the value passes or fails by itself)
_VALUE_WISE = frozenset({
    "class", "datatype", "nodeKind", "in", "pattern", "minLength", "maxLength", "node", "not",
    "and", "or", "xone", "minInclusive", "maxInclusive", "minExclusive", "maxExclusive",
})


class Unsupported(Exception):
    """The shapes use a SHACL feature this engine does not implement."""


# ---- the data of one part ---------------------------------------------------------------

#: what a missing key of a subject table reads as
_NOTHING: dict = {}


class Index:
    """Subject -> predicate -> objects over a part's triples, and object -> subjects for
    each predicate asked about, with a shared, read-only index of the ontology consulted
    as well."""

    def __init__(self, triples: Iterable[ox.Triple], base: Index | None = None,
                 ntriples: bytes | None = None) -> None:
        self.triples = [t.triple if isinstance(t, ox.Quad) else t for t in triples]
        self._ntriples = ntriples  # the triples as N-Triples, if the caller has them
        # plain dicts: nested defaultdicts with a lambda factory and attribute reads per
        # term made this loop a third of the time a part's check takes
        sp: dict = {}
        for s, p, o in self.triples:
            sp.setdefault(s, {}).setdefault(p, []).append(o)
        self.sp = sp
        # predicate -> object -> subjects, made per predicate when first asked for: the
        # shapes ask about a few predicates (types, subclasses, inverse paths, targets),
        # and indexing every triple both ways took a third of the time of the index
        self._po: dict = {}
        self._attach(base)

    def po(self, p) -> dict:
        """Object -> subjects of the triples with predicate ``p`` (subjects in the order
        of the subject index)."""
        found = self._po.get(p)
        if found is None:
            found = self._po[p] = {}
            for s, props in self.sp.items():
                for o in props.get(p, ()):
                    found.setdefault(o, []).append(s)
        return found

    def _attach(self, base: Index | None) -> None:
        self.base = base
        # the ontology's subclass closure is shared by every part checked against it,
        # unless the part declares subclasses of its own
        shared = base is not None and not self.po(_SUBCLASS)
        self._supers: dict = base._supers if shared else {}
        self._instances: dict | None = None
        self._types: dict = {}
        self.conforming: dict = {}  # (shape id, node) -> conforms?

    @property
    def ntriples(self) -> bytes:
        """The triples as N-Triples (for a SPARQL store of them), serialised on first use
        unless given."""
        if self._ntriples is None:
            self._ntriples = ox.serialize(self.triples, format=ox.RdfFormat.N_TRIPLES)
        return self._ntriples

    def on(self, base: Index | None) -> Index:
        """The same triples (their tables shared, not copied) consulted with ``base``, and
        nothing remembered yet."""
        other = copy.copy(self)
        other._attach(base)
        return other

    def objects(self, s, p) -> Sequence:
        """The objects of ``s`` and ``p`` in the part, then in the base, each once (a
        shared list of the part's table when there is no other: not to be changed)."""
        found = self.sp.get(s, _NOTHING).get(p, ())
        more = self.base.sp.get(s, _NOTHING).get(p) if self.base is not None else None
        if more or len(found) > 1:  # the same triple twice is one value
            return list(dict.fromkeys([*found, *(more or ())]))
        return found

    def subjects(self, p, o) -> list:
        found = self.po(p).get(o, [])
        more = self.base.po(p).get(o) if self.base is not None else None
        return found + more if more else found

    def subjects_of(self, p) -> set:
        found = {s for subjects in self.po(p).values() for s in subjects}
        if self.base is not None:
            found |= self.base.subjects_of(p)
        return found

    def objects_of(self, p) -> set:
        found = {o for o, subjects in self.po(p).items() if subjects}
        if self.base is not None:
            found |= self.base.objects_of(p)
        return found

    def supers(self, cls) -> frozenset:
        """The class and its superclasses (rdfs:subClassOf*)."""
        found = self._supers.get(cls)
        if found is None:
            seen, todo = {cls}, [cls]
            while todo:
                for parent in self.objects(todo.pop(), _SUBCLASS):
                    if parent not in seen:
                        seen.add(parent)
                        todo.append(parent)
            found = self._supers[cls] = frozenset(seen)
        return found

    def instances(self, cls) -> set:
        """Nodes typed ``cls`` or a subclass of it."""
        if self._instances is None:
            self._instances = defaultdict(set)
            for sources in (self.po(_TYPE), self.base.po(_TYPE) if self.base else {}):
                for t, subjects in sources.items():
                    for c in self.supers(t):
                        self._instances[c].update(subjects)
        return self._instances.get(cls, set())

    def is_instance(self, node, cls) -> bool:
        types = self._types.get(node)
        if types is None:
            types = self._types[node] = frozenset(
                c for t in self.objects(node, _TYPE) for c in self.supers(t))
        return cls in types


def _values(index: Index, focus, path: Path_) -> list:
    """The value nodes of ``focus`` along a SHACL path, without duplicates, in order."""
    if isinstance(path, ox.NamedNode):
        return list(index.objects(focus, path))
    kind, *inner = path
    if kind == "inversePath":
        p = inner[0]
        if isinstance(p, ox.NamedNode):
            return list(dict.fromkeys(index.subjects(p, focus)))
        raise Unsupported("an inverse of a complex path")
    if kind == "sequence":
        nodes = [focus]
        for step in inner:
            nodes = list(dict.fromkeys(v for n in nodes for v in _values(index, n, step)))
        return nodes
    if kind == "alternativePath":
        return list(dict.fromkeys(v for step in inner for v in _values(index, focus, step)))
    if kind in ("zeroOrMorePath", "oneOrMorePath", "zeroOrOnePath"):
        seen: dict = {focus: None} if kind != "oneOrMorePath" else {}
        frontier = [focus]
        while frontier:
            nxt = []
            for n in frontier:
                for v in _values(index, n, inner[0]):
                    if v not in seen:
                        seen[v] = None
                        nxt.append(v)
            frontier = nxt if kind != "zeroOrOnePath" else []
        return list(seen)
    raise Unsupported(f"the path kind {kind}")


# ---- compiled shapes --------------------------------------------------------------------

@dataclass
class Sparql:
    query: str  # with $this as ?this and the prefixes declared
    message: list[str]
    iri: str | None  # the constraint's IRI, if it has one
    #: the same query run in every named graph of a store at once (see _per_graph), and
    #: the variable that names the graph; None if the query is not rewritten so, and then
    #: it runs part by part
    per_graph: str | None = None
    graph: str = ""


#: what the scan of a SELECT skips: strings (long ones first), IRIs and comments
_SKIP = re.compile(r"""'{3}(?:[^'\\]|\\.|'(?!''))*'{3}|"{3}(?:[^"\\]|\\.|"(?!""))*"{3}"""
                   r"""|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|<[^<>"{}|^`\\\x00-\x20]*>|#[^\n]*""")
_HEAD = re.compile(r"\s*SELECT\s+((?:DISTINCT|REDUCED)\s+)?([?$]\w+(?:\s+[?$]\w+)*|\*)\s*(?:WHERE\s*)?\{",
                   re.IGNORECASE)
#: keywords whose meaning would change inside GRAPH ?g { … } (subqueries, graphs, services)
_NESTED = re.compile(r"\b(SELECT|GRAPH|SERVICE|FROM)\b", re.IGNORECASE)


def _per_graph(prefixes: str, select: str) -> tuple[str | None, str]:
    """The query that runs ``select`` in each named graph of a store at once, and the
    variable that binds the graph: ``SELECT ?g … WHERE { GRAPH ?g { <its pattern> } }``,
    whose joins, OPTIONALs and EXISTS all stay inside one graph, so each graph gets the
    rows a store of its own would give. Only a plain ``SELECT`` of variables with nothing
    after its pattern, no subquery and no graph of its own is rewritten so (None
    otherwise: pyoxigraph loses the graph of a subquery inside GRAPH)."""
    head = _HEAD.match(select)
    if head is None:
        return None, ""
    depth, i, code = 1, head.end(), []
    while depth and i < len(select):
        skipped = _SKIP.match(select, i)
        if skipped:
            code.append(" ")
            i = skipped.end()
            continue
        c = select[i]
        depth += (c == "{") - (c == "}")
        code.append(c)
        i += 1
    rest = _SKIP.sub(" ", select[i:])
    if depth or rest.strip() or _NESTED.search("".join(code)):
        return None, ""
    graph = "lmskgGraph"
    while re.search(rf"[?$]{graph}\b", select):
        graph += "_"
    modifier, projection = head.group(1) or "", head.group(2)
    body = select[head.end():i - 1]
    return (f"{prefixes}\nSELECT {modifier}?{graph} {projection} WHERE {{ GRAPH ?{graph} {{ {body} }} }}",
            graph)


@dataclass
class Shape:
    node: object  # the shape's node in the shapes graph
    name: str
    severity: str = "Violation"
    messages: list[str] = field(default_factory=list)
    path: Path_ | None = None  # a property shape's path (ox terms)
    result_path: Path_ | None = None  # the same, as a Result reports it (IRI strings)
    targets: list[tuple[str, object]] = field(default_factory=list)
    core: list[tuple[str, object]] = field(default_factory=list)  # (component, parameter), in Python
    #: the same with, for a constraint on each value node alone, its test of one value
    #: (index, value) -> ok? (set by the Engine)
    checks: list[tuple[str, object, Callable | None]] = field(default_factory=list)
    sparqls: list[Sparql] = field(default_factory=list)  # run in pyoxigraph
    properties: list[Shape] = field(default_factory=list)
    deactivated: bool = False


def _prefixes(shapes: rdflib.Graph, constraint) -> str:
    lines = []
    for source in shapes.objects(constraint, SH.prefixes):
        for decl in shapes.objects(source, SH.declare):
            prefix, namespace = shapes.value(decl, SH.prefix), shapes.value(decl, SH.namespace)
            lines.append(f"PREFIX {prefix}: <{namespace}>")
    return "\n".join(sorted(set(lines)))


_THIS = re.compile(r"\$this\b")


class Compiled:
    """The shapes of a shapes graph, compiled once."""

    def __init__(self, shapes: rdflib.Graph) -> None:
        self.graph = shapes
        self._shapes: dict = {}
        roots = set()
        for kind in ("targetClass", "targetNode", "targetSubjectsOf", "targetObjectsOf"):
            roots |= set(shapes.subjects(SH[kind], None))
        self.roots = [self.shape(node) for node in sorted(roots, key=str)]

    def shape(self, node) -> Shape:
        if node in self._shapes:
            return self._shapes[node]
        g = self.graph
        shape = Shape(node=node, name=shape_name(g, node))
        self._shapes[node] = shape  # before recursing: shapes may refer to each other
        severity = g.value(node, SH.severity)
        if severity is not None:
            shape.severity = str(severity).rsplit("#", 1)[-1]
        shape.messages = sorted(str(m) for m in g.objects(node, SH.message))
        shape.deactivated = g.value(node, SH.deactivated) == rdflib.Literal(True)
        path = g.value(node, SH.path)
        if path is not None:
            shape.path = path_of(g, path, ox.NamedNode)
            shape.result_path = path_of(g, path)
        for kind in ("targetClass", "targetNode", "targetSubjectsOf", "targetObjectsOf"):
            for value in g.objects(node, SH[kind]):
                shape.targets.append((kind, to_ox(value)))
        for p, o in sorted(g.predicate_objects(node), key=lambda po: (str(po[0]), str(po[1]))):
            if not str(p).startswith(str(SH)):
                continue
            local = str(p)[len(str(SH)):]
            if local in _STRUCTURE or local in _SECONDARY or (
                    local == "qualifiedValueShapesDisjoint" and o == rdflib.Literal(False)):
                continue
            if local not in SUPPORTED:
                raise Unsupported(f"sh:{local} (in shape {shape.name})")
            parameter = self._parameter(node, local, o)
            if local != "sparql":
                shape.core.append((local, parameter))
            elif parameter is not None:  # not deactivated
                shape.sparqls.append(parameter)
        shape.properties = [self.shape(p) for p in sorted(g.objects(node, SH.property), key=str)]
        return shape

    def _parameter(self, node, local: str, value):
        g = self.graph
        if local in ("node", "not"):
            return self.shape(value)
        if local in ("and", "or", "xone"):
            return [self.shape(v) for v in Collection(g, value)]
        if local == "in":
            return frozenset(to_ox(v) for v in Collection(g, value))
        if local == "pattern":
            flags = str(g.value(node, SH.flags) or "")
            bits = {"i": re.IGNORECASE, "s": re.DOTALL, "m": re.MULTILINE, "x": re.VERBOSE}
            return re.compile(str(value), sum((bits[f] for f in set(flags) if f in bits), 0))
        if local == "qualifiedValueShape":
            lo, hi = g.value(node, SH.qualifiedMinCount), g.value(node, SH.qualifiedMaxCount)
            return (self.shape(value), int(lo) if lo is not None else None,
                    int(hi) if hi is not None else None)
        if local == "sparql":
            if g.value(value, SH.deactivated) == rdflib.Literal(True):
                return None
            select = g.value(value, SH.select)
            if select is None:
                raise Unsupported("a SPARQL constraint without sh:select")
            prefixes, text = _prefixes(g, value), _THIS.sub("?this", str(select))
            per_graph, graph = _per_graph(prefixes, text)
            return Sparql(
                query=prefixes + "\n" + text,
                message=sorted(str(m) for m in g.objects(value, SH.message)),
                iri=str(value) if isinstance(value, rdflib.URIRef) else None,
                per_graph=per_graph, graph=graph)
        if local in ("minCount", "maxCount", "minLength", "maxLength"):
            return int(value)
        if local == "uniqueLang":
            return bool(value.toPython())
        return to_ox(value)


# ---- evaluation -------------------------------------------------------------------------

# the lexical forms of the numeric types (compiled once: a part checks about 150 numbers)
_INTEGER_TEXT = re.compile(r"[+-]?[0-9]+").fullmatch
_DECIMAL_TEXT = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)").fullmatch
_DOUBLE_TEXT = re.compile(r"[+-]?(([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?|INF)|NaN").fullmatch


def _lexical_ok(literal: ox.Literal, datatype: str) -> bool:
    """Whether the literal's text is a valid value of the XSD datatype (for the types
    whose well-formedness is cheap to check; others are accepted)."""
    if not datatype.startswith(XSD):
        return True
    local, text = datatype[len(XSD):], literal.value
    if local in _INTEGERS:
        if not _INTEGER_TEXT(text):
            return False
        bounds = _INTEGERS[local]
        if bounds:
            lo, hi = bounds
            n = int(text)
            return (lo is None or n >= lo) and (hi is None or n <= hi)
        return True
    if local == "boolean":
        return text in ("true", "false", "1", "0")
    if local == "decimal":
        return _DECIMAL_TEXT(text) is not None
    if local in ("double", "float"):
        return _DOUBLE_TEXT(text) is not None
    return True


def _number(term):
    if isinstance(term, ox.Literal) and term.datatype.value.startswith(XSD):
        local = term.datatype.value[len(XSD):]
        if local in _INTEGERS or local in ("decimal", "double", "float"):
            try:
                return Decimal(term.value)
            except InvalidOperation:
                return None
    return None


def _compare(a, b) -> int | None:
    """-1/0/1 for comparable literals (numbers, or strings of the same kind), else None."""
    x, y = _number(a), _number(b)
    if x is not None and y is not None:
        return (x > y) - (x < y)
    if (isinstance(a, ox.Literal) and isinstance(b, ox.Literal) and x is None and y is None
            and a.datatype == b.datatype and a.language == b.language):
        return (a.value > b.value) - (a.value < b.value)
    return None


_KINDS = {
    "IRI": (ox.NamedNode,), "BlankNode": (ox.BlankNode,), "Literal": (ox.Literal,),
    "BlankNodeOrIRI": (ox.BlankNode, ox.NamedNode), "BlankNodeOrLiteral": (ox.BlankNode, ox.Literal),
    "IRIOrLiteral": (ox.NamedNode, ox.Literal),
}


#: constraints of a node shape whose outcome depends on the focus node alone (its term),
#: not on any triple
_OF_TERM = frozenset({
    "in", "pattern", "nodeKind", "datatype", "minLength", "maxLength", "hasValue",
    "minCount", "maxCount", "minInclusive", "maxInclusive", "minExclusive", "maxExclusive",
})
#: how many answers of such shapes an engine remembers before it starts again
_OF_TERM_MAX = 100_000


def _of_term(shape: Shape, seen: frozenset = frozenset()) -> bool:
    """Whether a node's conformance to ``shape`` depends on its term alone: a
    node shape (no path) with neither property shapes nor SPARQL constraints, whose
    constraints are all in _OF_TERM or combine shapes of the same kind."""
    if shape.path is not None or shape.properties or shape.sparqls or id(shape) in seen:
        return False
    seen |= {id(shape)}
    for local, param in shape.core:
        if local in ("node", "not"):
            if not _of_term(param, seen):
                return False
        elif local in ("and", "or", "xone"):
            if not all(_of_term(inner, seen) for inner in param):
                return False
        elif local not in _OF_TERM:
            return False
    return True


class Engine:
    """Checks parts against compiled shapes."""

    def __init__(self, shapes: rdflib.Graph, ontology: Iterable[ox.Triple]) -> None:
        self.compiled = Compiled(shapes)
        self.ontology = Index(ontology)
        for shape in self.compiled._shapes.values():
            shape.checks = [(local, param, self._value_test(local, param)) for local, param in shape.core]
        # shapes a node conforms to or not whatever part it is in (such as "a concept IRI
        # outside the project's namespace", asked of every concept of every part), and
        # their answers so far
        self._of_term = {id(shape) for shape in self.compiled._shapes.values() if _of_term(shape)}
        self._by_term: dict = {}

    def _value_test(self, local: str, param) -> Callable | None:
        """The test of one value node for a constraint on each value alone: made once per
        constraint, so checking a value is one call rather than a walk through every kind
        of constraint (a part has about 1,200 such checks). None for the others."""
        if local not in _VALUE_WISE:
            return None
        if local == "nodeKind":
            kinds = _KINDS[param.value.rsplit("#", 1)[-1]]
            return lambda index, value: isinstance(value, kinds)
        if local == "class":
            return lambda index, value: not isinstance(value, ox.Literal) and index.is_instance(value, param)
        if local == "in":
            return lambda index, value: value in param
        if local == "datatype":
            datatype = param.value
            return lambda index, value: (
                isinstance(value, ox.Literal)
                and (_LANG_STRING if value.language else value.datatype.value) == datatype
                and _lexical_ok(value, datatype))
        if local == "pattern":
            return lambda index, value: (not isinstance(value, ox.BlankNode)
                                         and param.search(value.value) is not None)
        return lambda index, value: self._value_ok(index, local, param, value)

    def _index(self, triples: Iterable[ox.Triple] | Index) -> Index:
        if isinstance(triples, Index):
            return triples.on(self.ontology)
        return Index(triples, base=self.ontology)

    def _targets(self, index: Index) -> Iterator[tuple[Shape, list]]:
        """Each top-level shape with focus nodes in the part, and those nodes in order."""
        for shape in self.compiled.roots:
            if not shape.deactivated and (focus := self._focus(index, shape)):
                yield shape, sorted(focus, key=str)

    def validate(self, triples: Iterable[ox.Triple] | Index) -> list[Result]:
        """The results of one part: its triples, or an index of them made without a base."""
        index = self._index(triples)
        store: list[ox.Store] = []  # made on first use, for SPARQL constraints
        out: list[Result] = []
        for shape, focus_nodes in self._targets(index):
            self._check(index, shape, focus_nodes, out, store)
        return out

    def validate_many(self, parts: Sequence[Iterable[ox.Triple] | Index]) -> list[list[Result]]:
        """The results of each part (its triples, or an index of them made without a
        base), as :meth:`validate` gives them (in another order).

        The SPARQL constraints of the top-level shapes run once for all the parts: each
        part is a named graph of one store, and each query runs in every graph at once
        (:attr:`Sparql.per_graph`). Parsing and planning a query cost about as much as
        running it on one document's graph, so this halves their cost for a few parts
        and more for many. Each part still sees only its own triples."""
        if len(parts) < 2:
            return [self.validate(triples) for triples in parts]
        found: list[list[Result]] = []
        indexes: list[Index] = []
        #: id(constraint) -> (constraint, part -> (shape, focus nodes, the part's results))
        deferred: dict[int, tuple[Sparql, dict[int, tuple]]] = {}
        for i, triples in enumerate(parts):
            index = self._index(triples)
            store: list[ox.Store] = []
            out: list[Result] = []
            for shape, focus_nodes in self._targets(index):
                self._check(index, shape, focus_nodes, out, store, sparql=False)
                for constraint in shape.sparqls:
                    if constraint.per_graph is None:
                        self._sparql(index, shape, constraint, focus_nodes, out, store)
                    else:
                        deferred.setdefault(id(constraint), (constraint, {}))[1][i] = (
                            shape, set(focus_nodes), out)
            indexes.append(index)
            found.append(out)
        if deferred:
            store = ox.Store()
            for i, index in enumerate(indexes):
                # each part's N-Triples straight into its graph (a fifth faster than one
                # N-Quads text); lenient: pyoxigraph wrote them, so need not check them again
                store.load(index.ntriples, format=ox.RdfFormat.N_TRIPLES, lenient=True,
                           to_graph=ox.NamedNode(f"{_PART_GRAPH}{i}"))
            for constraint, by_part in deferred.values():
                solutions = store.query(constraint.per_graph)
                names = [v.value for v in solutions.variables if v.value != constraint.graph]
                for row in solutions:
                    wanted = by_part.get(_part_number(row[constraint.graph]))
                    if wanted is not None:
                        shape, focus_nodes, out = wanted
                        self._row(shape, constraint, row, names, focus_nodes, out)
        return found

    @staticmethod
    def _focus(index: Index, shape: Shape) -> set:
        found: set = set()
        for kind, value in shape.targets:
            if kind == "targetClass":
                found |= index.instances(value)
            elif kind == "targetNode":
                found.add(value)
            elif kind == "targetSubjectsOf":
                found |= index.subjects_of(value)
            else:
                found |= index.objects_of(value)
        return found

    def conforms(self, index: Index, shape: Shape, node) -> bool:
        """Whether ``node`` conforms to ``shape`` (remembered per part: nested shapes are
        asked about the same concepts and classes again and again), or for every part
        when the answer depends on the node's term alone (see _of_term)."""
        key = (id(shape), node)
        if id(shape) in self._of_term:
            memo = self._by_term
            if len(memo) >= _OF_TERM_MAX:
                memo.clear()
        else:
            memo = index.conforming
        known = memo.get(key)
        if known is None:
            found: list[Result] = []
            self._check(index, shape, [node], found, [], stop=True)
            known = memo[key] = not found
        return known

    def _check(self, index: Index, shape: Shape, focus_nodes: list, out: list[Result],
               store: list, stop: bool = False, sparql: bool = True) -> None:
        """Append the results of ``shape`` on the focus nodes to ``out`` (only until the
        first with ``stop``); ``sparql=False`` leaves out the shape's own SPARQL
        constraints (not those of its property shapes)."""
        if shape.deactivated:
            return
        checks = shape.checks
        if checks:
            path = shape.path
            # a predicate path (most are) is read from the index directly rather than
            # through _values: a part has about 700 such reads
            predicate = isinstance(path, ox.NamedNode)
            for focus in focus_nodes:
                if predicate:
                    values = index.objects(focus, path)
                else:
                    values = _values(index, focus, path) if path is not None else [focus]
                for local, param, test in checks:
                    if test is not None:  # the commonest constraints, inline
                        for value in values:
                            if not test(index, value):
                                out.append(self._result(shape, focus, value, local))
                    elif local == "minCount":
                        if len(values) < param:
                            out.append(self._result(shape, focus, None, local))
                    elif local == "maxCount":
                        if len(values) > param:
                            out.append(self._result(shape, focus, None, local))
                    else:
                        for value, component in self._violations(index, shape, focus, values, local, param):
                            out.append(self._result(shape, focus, value, component))
                    if stop and out:
                        return
        for prop in shape.properties:  # each property shape for all the focus nodes at once
            self._check(index, prop, focus_nodes, out, store, stop)
            if stop and out:
                return
        for constraint in shape.sparqls if sparql else ():
            self._sparql(index, shape, constraint, focus_nodes, out, store)
            if stop and out:
                return

    def _violations(self, index: Index, shape: Shape, focus, values: list, local: str, param):
        """(value node or None, component local name) for each violation of a constraint
        that is not on each value alone or a count (both tested in _check)."""
        if local == "hasValue":
            if param not in values:
                yield None, local
        elif local == "qualifiedValueShape":
            inner, lo, hi = param
            n = sum(1 for v in values if self.conforms(index, inner, v))
            if lo is not None and n < lo:
                yield None, "qualifiedMinCount"
            if hi is not None and n > hi:
                yield None, "qualifiedMaxCount"
        elif local == "uniqueLang":
            if param:
                langs = [v.language for v in values if isinstance(v, ox.Literal) and v.language]
                for _ in {x for x in langs if langs.count(x) > 1}:  # one result per language
                    yield None, local
        elif local in ("lessThan", "lessThanOrEquals", "equals", "disjoint"):
            others = list(index.objects(focus, param))
            yield from self._pairs(local, values, others)

    @staticmethod
    def _pairs(local: str, values: list, others: list):
        if local == "equals":
            for v in values:
                if v not in others:
                    yield v, local
            for o in others:
                if o not in values:
                    yield o, local
        elif local == "disjoint":
            for v in values:
                if v in others:
                    yield v, local
        else:
            for v in values:
                for o in others:
                    c = _compare(v, o)
                    if c is None or c > 0 or (c == 0 and local == "lessThan"):
                        yield v, local

    def _value_ok(self, index: Index, local: str, param, value) -> bool:
        """Whether one value node passes a constraint on each value alone (those not
        tested inline, see _value_test)."""
        if local in ("minLength", "maxLength"):
            if isinstance(value, ox.BlankNode):
                return False
            n = len(value.value)
            return n >= param if local == "minLength" else n <= param
        if local in ("minInclusive", "maxInclusive", "minExclusive", "maxExclusive"):
            c = _compare(value, param)
            if c is None:
                return False
            return {"minInclusive": c >= 0, "maxInclusive": c <= 0,
                    "minExclusive": c > 0, "maxExclusive": c < 0}[local]
        if local == "node":
            return self.conforms(index, param, value)
        if local == "not":
            return not self.conforms(index, param, value)
        if local == "and":
            return all(self.conforms(index, s, value) for s in param)
        if local == "or":
            return any(self.conforms(index, s, value) for s in param)
        if local == "xone":
            return sum(1 for s in param if self.conforms(index, s, value)) == 1
        raise Unsupported(f"sh:{local}")  # pragma: no cover (refused when compiling)

    @staticmethod
    def _result(shape: Shape, focus, value, local: str, message: list[str] | None = None,
                severity: str | None = None, path=None, constraint: str | None = None) -> Result:
        return Result(
            severity=severity or shape.severity, shape=shape.name,
            component=str(SH) + _COMPONENT[local], focus=focus,
            path=path if path is not None else shape.result_path, value=value,
            message="; ".join(message if message is not None else shape.messages) or
            f"{_COMPONENT[local]} not satisfied",
            constraint=constraint)

    def _sparql(self, index: Index, shape: Shape, constraint: Sparql, focus_nodes: list,
                out: list[Result], store: list) -> None:
        if not store:
            made = ox.Store()
            # lenient: the terms are pyoxigraph's and so is the serialisation, so parsing
            # need not check them again (twice as fast)
            made.load(index.ntriples, format=ox.RdfFormat.N_TRIPLES, lenient=True)
            store.append(made)
        wanted = set(focus_nodes)
        solutions = store[0].query(constraint.query)
        names = [v.value for v in solutions.variables]
        for row in solutions:
            self._row(shape, constraint, row, names, wanted, out)

    def _row(self, shape: Shape, constraint: Sparql, row: ox.QuerySolution, names: list[str],
             wanted: set, out: list[Result]) -> None:
        """The result of one row of a SPARQL constraint's query, if it is about a focus node."""
        focus = row["this"]
        if focus not in wanted:
            return
        bindings = {name: row[name] for name in names if row[name] is not None}
        value = bindings.get("value", focus if shape.path is None else None)
        path = bindings.get("path")
        messages = [_substitute(m, bindings) for m in (constraint.message or shape.messages)]
        out.append(self._result(
            shape, focus, value, "sparql", messages, None,
            path.value if isinstance(path, ox.NamedNode) else None, constraint.iri))


#: the graph of the i-th part in the store of several parts (followed by i)
_PART_GRAPH = "urn:x-lmskg:part:"


def _part_number(graph: ox.NamedNode) -> int:
    return int(graph.value[len(_PART_GRAPH):])


_PLACEHOLDER = re.compile(r"\{[?$]([A-Za-z_][A-Za-z0-9_]*)\}")


def _substitute(message: str, bindings: dict) -> str:
    def one(m: re.Match) -> str:
        term = bindings.get(m.group(1))
        return term.value if term is not None else m.group(0)
    return _PLACEHOLDER.sub(one, message)
