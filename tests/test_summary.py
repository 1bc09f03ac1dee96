"""The concept view's summary summed from the documents' parts equals the one read from
the store with SPARQL, and draws the same GraphML."""

from __future__ import annotations

from pathlib import Path

from lmskg import api
from lmskg.exporters.graphml import concept_view
from lmskg.pipeline import Settings, make_part
from lmskg.store import open_store
from lmskg.summary import Summary, of_store
from lmskg.vocabulary import fingerprint


def test_summed_parts_equal_the_store(tmp_path: Path, examples_dir: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    for n in range(2):  # the same statements in several documents: counts must add up
        for doc in sorted(examples_dir.iterdir()):
            (docs / f"{n}-{doc.name}").write_text(doc.read_text(encoding="utf-8") + f"\nCopy {n}.\n",
                                                  encoding="utf-8")
    out = tmp_path / "out"
    api.build([docs], out, validate=False, formats=(), jobs=1)
    settings = Settings(None, fingerprint(), None)
    summed = Summary()
    for path in sorted(docs.iterdir(), reverse=True):  # in any order
        summed.add(make_part(path, path.name, settings).summary)
    read = of_store(open_store(out))
    assert summed.edges == read.edges and summed.concepts == read.concepts
    assert any(edge[0] > 1 and edge[1] > 1 for edge in summed.edges.values())
    assert all(concept[3] is not None for concept in summed.concepts.values())
    assert concept_view(summed) == concept_view(read)
