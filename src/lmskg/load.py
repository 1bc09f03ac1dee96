"""Load a graph into a triple store with the SPARQL 1.1 Graph Store HTTP Protocol.

Each named graph of the dataset (one per document, the shared graph, the corpus summary,
the ontology) is sent with one ``PUT ENDPOINT?graph=IRI``, which replaces that graph
whole: loading twice leaves the store as loading once, and a document's graph can be
replaced alone. The same protocol is spoken by Oxigraph (``/store``), Apache Jena Fuseki
(``/DATASET/data``) and GraphDB (``/repositories/REPO/rdf-graphs/service``).

Credentials come from the environment only (``LMSKG_ENDPOINT_USER`` and
``LMSKG_ENDPOINT_PASSWORD`` for HTTP Basic, or ``LMSKG_ENDPOINT_TOKEN`` for a bearer
token), never from the command line, and never appear in messages. TLS certificates are
always verified, against the system's authorities or a given CA bundle. Requests that
meet 429 or a 5xx status, or a dropped connection, are retried with exponential backoff
(honouring Retry-After); any other refusal stops the load with the server's status.
"""

from __future__ import annotations

import base64
import http.client
import os
import ssl
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit

import pyoxigraph as ox

from .errors import LmskgError
from .graphio import read_triples
from .partition import quads
from .store import dataset

USER, PASSWORD, TOKEN = "LMSKG_ENDPOINT_USER", "LMSKG_ENDPOINT_PASSWORD", "LMSKG_ENDPOINT_TOKEN"
RETRY_STATUS = {429, 500, 502, 503, 504}
MEDIA_TYPE = "application/n-triples"


class LoadError(LmskgError):
    """The endpoint could not be reached or refused a graph."""


@dataclass
class LoadReport:
    endpoint: str
    graphs: int = 0
    triples: int = 0
    retries: int = 0
    seconds: float = 0.0


def graphs_of(path: Path) -> dict[str, list[ox.Triple]]:
    """The named graphs to load from a graph file or a build's output folder."""
    source = path / "graph.ttl" if path.is_dir() else path
    by: dict[str, list[ox.Triple]] = defaultdict(list)
    for q in dataset(quads(read_triples(source))):
        by[q.graph_name.value].append(ox.Triple(q.subject, q.predicate, q.object))
    return dict(sorted(by.items()))


def _credentials() -> str | None:
    token = os.environ.get(TOKEN)
    if token:
        return f"Bearer {token}"
    user, password = os.environ.get(USER), os.environ.get(PASSWORD)
    if user is not None or password is not None:
        pair = f"{user or ''}:{password or ''}".encode()
        return "Basic " + base64.b64encode(pair).decode("ascii")
    return None


class _Connection:
    """One keep-alive HTTP(S) connection to the endpoint, reopened when it drops."""

    def __init__(self, endpoint: str, ca_bundle: Path | None, timeout: float) -> None:
        url = urlsplit(endpoint)
        if url.scheme not in ("http", "https") or not url.hostname:
            raise LoadError(f"not an http(s) endpoint URL: {endpoint!r}")
        if url.username or url.password:
            raise LoadError("the endpoint URL holds credentials; put them in the environment "
                            f"({USER} and {PASSWORD}, or {TOKEN}), never on the command line")
        self.url, self.timeout = url, timeout
        self.context = ssl.create_default_context(cafile=str(ca_bundle) if ca_bundle else None) \
            if url.scheme == "https" else None
        self.conn: http.client.HTTPConnection | None = None
        self.where = f"{url.scheme}://{url.hostname}" + (f":{url.port}" if url.port else "") + url.path

    def _open(self) -> http.client.HTTPConnection:
        if self.conn is None:
            if self.context is not None:
                self.conn = http.client.HTTPSConnection(self.url.hostname, self.url.port,
                                                        timeout=self.timeout, context=self.context)
            else:
                self.conn = http.client.HTTPConnection(self.url.hostname, self.url.port,
                                                       timeout=self.timeout)
        return self.conn

    def graph_target(self, iri: str) -> str:
        """The request target of graph ``iri``: the endpoint's path and query + graph=IRI."""
        path = self.url.path or "/"
        query = f"{self.url.query}&" if self.url.query else ""
        return f"{path}?{query}graph={quote(iri, safe='')}"

    def request(self, method: str, target: str, body: bytes, headers: dict[str, str]):
        conn = self._open()
        try:
            conn.request(method, target, body=body, headers=headers)
            response = conn.getresponse()
            return response.status, response.reason, response.getheader("Retry-After"), response.read()
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def _first_line(body: bytes) -> str:
    text = body.decode("utf-8", "replace").strip()
    return text.splitlines()[0][:200] if text else ""


def _delay(attempt: int, retry_after: str | None, backoff: float) -> float:
    if retry_after and retry_after.strip().isdigit():
        return min(float(retry_after), 60.0)
    return min(backoff * 2 ** attempt, 30.0)


def _put(connection: _Connection, iri: str, body: bytes, headers: dict[str, str],
         retries: int, backoff: float) -> int:
    """PUT one graph, retrying on 429, 5xx and dropped connections; the retries it took."""
    target = connection.graph_target(iri)
    for attempt in range(retries + 1):
        try:
            status, reason, retry_after, answer = connection.request("PUT", target, body, headers)
        except ssl.SSLCertVerificationError as exc:
            raise LoadError(f"{connection.where}: TLS certificate not trusted: {exc.verify_message}",
                            "pass the server's CA certificate with --ca-bundle") from None
        except (OSError, http.client.HTTPException) as exc:
            status, retry_after = 0, None
            problem = f"cannot reach {connection.where}: {exc.__class__.__name__}: {exc}"
        else:
            if 200 <= status < 300:
                return attempt
            if status not in RETRY_STATUS:
                detail = _first_line(answer)
                raise LoadError(f"{connection.where} refused graph <{iri}>: HTTP {status} {reason}"
                                + (f": {detail}" if detail else ""))
            problem = f"{connection.where} answered HTTP {status} {reason}"
        if attempt < retries:
            time.sleep(_delay(attempt, retry_after, backoff))
    raise LoadError(f"{problem}; gave up after {retries + 1} attempt(s)",
                    "check the endpoint URL and that the server is running")


def load(graphs: dict[str, Iterable[ox.Triple]], endpoint: str, *, ca_bundle: Path | None = None,
         retries: int = 5, backoff: float = 0.5, timeout: float = 120.0,
         progress: Callable[[str, int, int], None] | None = None) -> LoadReport:
    """PUT each graph (IRI -> triples) to the Graph Store Protocol ``endpoint``."""
    connection = _Connection(endpoint, ca_bundle, timeout)
    report = LoadReport(connection.where)
    headers = {"Content-Type": f"{MEDIA_TYPE}; charset=utf-8"}
    if (auth := _credentials()) is not None:
        headers["Authorization"] = auth
    start = time.perf_counter()
    try:
        for n, (iri, triples) in enumerate(graphs.items(), start=1):
            body = ox.serialize(sorted(triples, key=str), format=ox.RdfFormat.N_TRIPLES)
            try:
                report.retries += _put(connection, iri, body, headers, retries, backoff)
            except LoadError as exc:
                raise LoadError(f"{exc.message} ({n - 1} of {len(graphs)} graphs loaded before)",
                                exc.hint) from None
            report.graphs += 1
            report.triples += body.count(b"\n")
            if progress:
                progress(iri, n, len(graphs))
    finally:
        connection.close()
        report.seconds = time.perf_counter() - start
    return report
