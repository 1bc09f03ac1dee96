from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from lmskg.store import open_store


@pytest.fixture
def corpus(examples_dir: Path) -> Callable[[Path, int], None]:
    """``corpus(folder, copies)`` writes ``copies`` distinct copies of each example into
    ``folder`` (each copy differs by a line, so it is a document of its own)."""

    def write(folder: Path, copies: int) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        for n in range(copies):
            for doc in sorted(examples_dir.iterdir()):
                text = doc.read_text(encoding="utf-8") + f"\nCopy {n} of this report.\n"
                (folder / f"{doc.stem}-{n}{doc.suffix}").write_text(text, encoding="utf-8")

    return write


@pytest.fixture
def store_documents() -> Callable[[Path], set[str]]:
    """``store_documents(out)``: the document graphs in the build's store (which must open
    and answer)."""
    query = "SELECT DISTINCT ?d { GRAPH ?d { ?d a <https://w3id.org/lmskg/ontology#Document> } }"
    return lambda out: {row["d"].value for row in open_store(out).query(query)}
