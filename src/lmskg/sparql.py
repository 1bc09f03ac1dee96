"""Run a read-only SPARQL query on a build's store or a graph file, safely.

Safety is decided before the query reaches an engine, by reading its tokens (comments,
strings and IRIs are skipped, so a keyword inside them does not count):

* ``SERVICE`` (federated queries) is refused: a query never reaches another endpoint.
* Updates (``INSERT``, ``DELETE``, ``LOAD``, ``CLEAR``, ``DROP``, ``CREATE``, ``ADD``,
  ``MOVE``, ``COPY``, ``WITH``) are refused: the store is read-only.
* ``FROM`` and ``FROM NAMED`` may only name graphs of the store (documents' graphs and
  the shared graph under https://w3id.org/lmskg/id/, and the ontology graph); a file or
  URL is refused, never fetched. Without FROM, the default graph is the union of all
  graphs; with FROM, it is the graphs named.

The query runs in a child process with a time limit; when the limit passes the child is
killed, and the store, opened read-only, is left as it was.
"""

from __future__ import annotations

import multiprocessing
import re
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

import pyoxigraph as ox

from .errors import LmskgError
from .namespaces import ID, RDF_PREFIXES, short_iri
from .outdir import reading_store
from .store import ONTOLOGY_GRAPH, graph_store, open_store, store_path


class QueryRefused(LmskgError):
    """The query asks for something lmskg does not do (updates, remote calls, fetching)."""


class QueryTimeout(LmskgError):
    """The query ran past its time limit and was stopped."""


_TOKENS = re.compile(r'''
    (?P<space>\s+)
  | (?P<comment>\#[^\n]*)
  | (?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\'
               |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$]\w+)
  | (?P<pname>(?:[A-Za-z][\w.-]*)?:[\w.:%-]*)
  | (?P<word>[A-Za-z_]\w*)
  | (?P<other>.)
''', re.VERBOSE | re.DOTALL)

UPDATES = {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
FORMS = {"SELECT": "select", "ASK": "ask", "CONSTRUCT": "graph", "DESCRIBE": "graph"}
#: graphs a FROM clause may name: the build's own (documents, shared) and the ontology
ALLOWED_GRAPHS = (str(ID), ONTOLOGY_GRAPH)


def tokens(text: str) -> list[tuple[str, str]]:
    """(kind, text) of each token that is not a space or comment."""
    return [(m.lastgroup, m.group()) for m in _TOKENS.finditer(text)
            if m.lastgroup not in ("space", "comment")]


@dataclass(frozen=True)
class Checked:
    form: str  # select | ask | graph
    graphs: tuple[str, ...]  # the graphs named by FROM / FROM NAMED


def check(text: str) -> Checked:
    """What lmskg will run (the form, the FROM graphs), or QueryRefused."""
    toks = tokens(text)
    prefixes: dict[str, str] = {}
    base = ""
    form = ""
    graphs: list[str] = []
    for i, (kind, value) in enumerate(toks):
        if kind != "word":
            continue
        word = value.upper()
        if word == "SERVICE":
            raise QueryRefused("SERVICE is refused: lmskg never sends a query to another endpoint",
                               "query a store that holds the data you need")
        if word in UPDATES:
            raise QueryRefused(f"{word} is refused: `lmskg query` is read-only (no updates, "
                               "no LOAD)", "rebuild or `lmskg load` to change a store")
        if word == "PREFIX" and i + 2 < len(toks) and toks[i + 2][0] == "iri":
            prefixes[toks[i + 1][1].rstrip(":")] = toks[i + 2][1][1:-1]
        elif word == "BASE" and i + 1 < len(toks) and toks[i + 1][0] == "iri":
            base = toks[i + 1][1][1:-1]
        elif word == "FROM":
            j = i + 1
            if j < len(toks) and toks[j][1].upper() == "NAMED":
                j += 1
            graphs.append(_check_graph(toks[j] if j < len(toks) else ("other", ""), prefixes, base))
        elif word in FORMS and not form:
            form = FORMS[word]
    if not form:
        raise QueryRefused("not a query: expected SELECT, ASK, CONSTRUCT or DESCRIBE")
    return Checked(form, tuple(graphs))


def _check_graph(token: tuple[str, str], prefixes: dict[str, str], base: str) -> str:
    kind, value = token
    if kind == "iri":
        iri = urljoin(base, value[1:-1]) if base else value[1:-1]
    elif kind == "pname":
        prefix, _, local = value.partition(":")
        iri = prefixes.get(prefix, RDF_PREFIXES.get(prefix, "")) + local
    else:
        raise QueryRefused(f"FROM must name a graph IRI, not {value!r}")
    if not iri.startswith(ALLOWED_GRAPHS):
        raise QueryRefused(f"FROM <{iri}> is refused: FROM may only name a graph of the store "
                           f"(under {ID}); lmskg never reads files or URLs for a query",
                           "drop the FROM clause: queries see every graph of the store")
    return iri


# ---- running ----------------------------------------------------------------------------

@dataclass
class QueryResult:
    form: str  # select | ask | graph
    data: bytes  # SPARQL results JSON (select, ask) or N-Triples (graph)


def _serialized(result) -> tuple[str, bytes]:
    if isinstance(result, ox.QuerySolutions):
        return "select", result.serialize(format=ox.QueryResultsFormat.JSON)
    if isinstance(result, ox.QueryBoolean):
        return "ask", result.serialize(format=ox.QueryResultsFormat.JSON)
    return "graph", ox.serialize(result, format=ox.RdfFormat.N_TRIPLES)


def _worker(conn, source: str, path: str, text: str, union: bool) -> None:
    try:
        store = open_store(Path(path)) if source == "store" else graph_store(Path(path))
        conn.send(("ready",))
        conn.send(("ok", *_serialized(store.query(text, use_default_graph_as_union=union))))
    except LmskgError as exc:
        conn.send(("error", str(exc)))
    except SyntaxError as exc:
        conn.send(("error", f"SPARQL syntax error: {str(exc).splitlines()[0]}"))
    except Exception as exc:  # noqa: BLE001  (reported to the parent as one line)
        conn.send(("error", f"query failed: {type(exc).__name__}: {exc}"))
    finally:
        conn.close()


def _receive(conn, process, timeout: float | None):
    if not conn.poll(timeout):
        return None
    try:
        return conn.recv()
    except EOFError:
        process.join()
        raise LmskgError(f"the query process ended unexpectedly (exit code {process.exitcode})") from None


def run(text: str, *, store: Path | None = None, graph: Path | None = None,
        timeout: float = 60.0) -> QueryResult:
    """Run ``text`` on a build's store (``store``: the output folder or its ``store``
    folder) or on a graph file, stopping it after ``timeout`` seconds."""
    checked = check(text)
    if (store is None) == (graph is None):
        raise LmskgError("give a store or a graph file to query, not both or neither")
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    ctx = multiprocessing.get_context(method)
    receiver, sender = ctx.Pipe(duplex=False)
    source, path = ("store", store) if store is not None else ("graph", graph)
    # a build waits for this query to end before it changes the store
    with reading_store(store_path(Path(store)).parent) if store is not None else nullcontext():
        return _run(ctx, receiver, sender, source, path, text, not checked.graphs, timeout)


def _run(ctx, receiver, sender, source: str, path: Path, text: str, union: bool,
         timeout: float) -> QueryResult:
    process = ctx.Process(target=_worker, args=(sender, source, str(path), text, union), daemon=True)
    process.start()
    sender.close()
    try:
        message = _receive(receiver, process, None)  # loading the source is not timed
        if message[0] == "ready":
            message = _receive(receiver, process, timeout)
        if message is None:
            process.kill()
            raise QueryTimeout(f"query stopped after {timeout:g} s", "raise --timeout, or narrow the query")
        if message[0] == "error":
            raise LmskgError(message[1])
        return QueryResult(message[1], message[2])
    finally:
        receiver.close()
        process.join(5)
        if process.is_alive():
            process.kill()
            process.join()


# ---- rendering --------------------------------------------------------------------------

FORMATS = ("table", "csv", "tsv", "json")
_RESULTS = {"csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV,
            "json": ox.QueryResultsFormat.JSON}


def solutions(result: QueryResult) -> tuple[list[str], list[list[ox.NamedNode | ox.BlankNode | ox.Literal | None]]]:
    """Variables and rows of a SELECT result."""
    parsed = ox.parse_query_results(result.data, format=ox.QueryResultsFormat.JSON)
    names = [v.value for v in parsed.variables]
    return names, [[s[name] for name in names] for s in parsed]


def cell(term) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return short_iri(term.value)
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return term.value


def table(names: list[str], rows: list[list], width: int = 80) -> str:
    def fit(text: str) -> str:
        text = " ".join(text.split())
        return text if len(text) <= width else text[: width - 1] + "…"
    cells = [[fit(cell(t)) for t in row] for row in rows]
    widths = [max([len(n), *(len(r[i]) for r in cells)]) for i, n in enumerate(names)]
    lines = ["  ".join(n.ljust(w) for n, w in zip(names, widths, strict=True)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells]
    return "\n".join(lines) + "\n"


def render(result: QueryResult, fmt: str = "table") -> str:
    """table: aligned columns with CURIEs; csv, tsv, json: the W3C SPARQL results formats.
    CONSTRUCT and DESCRIBE results: Turtle (table), N-Triples (csv, tsv), JSON-LD (json)."""
    if result.form == "graph":
        triples = list(ox.parse(result.data, format=ox.RdfFormat.N_TRIPLES))
        out = {"table": ox.RdfFormat.TURTLE, "json": ox.RdfFormat.JSON_LD}.get(fmt, ox.RdfFormat.N_TRIPLES)
        return ox.serialize(triples, format=out, prefixes=RDF_PREFIXES).decode("utf-8")
    if fmt in _RESULTS:
        parsed = ox.parse_query_results(result.data, format=ox.QueryResultsFormat.JSON)
        return parsed.serialize(format=_RESULTS[fmt]).decode("utf-8")
    if result.form == "ask":
        return ("true" if ox.parse_query_results(result.data, format=ox.QueryResultsFormat.JSON)
                else "false") + "\n"
    return table(*solutions(result))
