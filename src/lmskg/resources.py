"""Locate the bundled data folders (ontology/, shapes/, queries/).

In a wheel they live under ``lmskg/_data``; in a source checkout (editable install or
tests) they are the top-level folders of the repository.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@cache
def data_dir(name: str) -> Path:
    """Return the folder ``name`` (``ontology``, ``shapes`` or ``queries``)."""
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parents[1] / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"lmskg data folder {name!r} not found next to {_PACKAGE}")


def ontology_file() -> Path:
    return data_dir("ontology") / "lmskg.ttl"


def vocabulary_files() -> list[Path]:
    return sorted((data_dir("ontology") / "vocabulary").glob("*.ttl"))
