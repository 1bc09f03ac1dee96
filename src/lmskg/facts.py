"""Read the statements back from a built graph with SPARQL (pyoxigraph)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pyoxigraph as ox

from .graph import CERTAINTY_KEY, POLARITY_KEY, relation_keys
from .namespaces import iri_to_curie
from .queries import named
from .store import graph_store

COLUMNS = ("document", "subject", "subject_label", "relation", "object", "object_label",
           "polarity", "certainty", "sentence", "start", "end")


def load_graph(path: Path) -> ox.Store:
    """Parse a graph file (format from its suffix) into an in-memory store, one named graph
    per document (the facts query reads each document inside its graph)."""
    return graph_store(path)


#: The bundled query this table is read with (``queries/facts.rq``): a dump of every
#: statement, which `lmskg query --name facts` also runs, rather than one of the
#: competency questions beside it.
QUERY = "facts"


def facts(store: ox.Store) -> list[dict[str, object]]:
    """One row per assertion and evidence span, in a stable order."""
    query = named(QUERY).text
    keys = relation_keys()
    rows = []
    for b in store.query(query):
        predicate = b["predicate"].value
        rows.append({
            "document": b["document"].value,
            "subject": iri_to_curie(b["subject"].value),
            "subject_label": b["subject_label"].value if b["subject_label"] else "",
            "relation": keys.get(predicate, predicate),
            "object": iri_to_curie(b["object"].value),
            "object_label": b["object_label"].value if b["object_label"] else "",
            "polarity": POLARITY_KEY.get(b["polarity"].value, b["polarity"].value),
            "certainty": CERTAINTY_KEY.get(b["certainty"].value, b["certainty"].value),
            "sentence": b["sentence"].value,
            "start": int(b["start"].value),
            "end": int(b["end"].value),
        })
    return rows


def render(rows: list[dict[str, object]], fmt: str) -> str:
    """Rows as tsv, csv or json text."""
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=1) + "\n"
    out = io.StringIO()
    if fmt == "tsv":
        out.write("\t".join(COLUMNS) + "\n")
        for row in rows:
            out.write("\t".join(" ".join(str(row[c]).split()) for c in COLUMNS) + "\n")
    else:
        writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return out.getvalue()
