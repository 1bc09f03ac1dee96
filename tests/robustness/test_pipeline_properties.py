"""Arbitrary Unicode through reader -> extractor -> graph -> validation: a graph that
conforms to the shapes and survives a strict re-parse, or a clear per-document error,
never an exception."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lmskg.errors import ReaderError
from lmskg.pipeline import Settings, make_part
from lmskg.validate import Checker
from lmskg.vocabulary import fingerprint

#: Clinical words mixed with arbitrary characters, so the extractor has something to find
WORDS = st.sampled_from([
    "leiomyosarcoma", "uterus", "liver", "lung", "desmin", "KIT", "negative", "positive",
    "metastasis", "to the", "not", "no evidence of", "doxorubicin", "CT", "LMS", "(", ")",
    ".", ",", ":", "\n", "\n\n", "- ", "#", "<b>", "&amp;", "\"", "'''", "\\", "\r", "\t",
])
TEXT = st.lists(WORDS | st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=12),
                max_size=60).map(" ".join)


@pytest.fixture(scope="module")
def settings_() -> Settings:
    from lmskg.extract import Extractor

    return Settings(Extractor(), fingerprint(), Checker())


@pytest.mark.parametrize("suffix", [".txt", ".md", ".html"])
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=TEXT)
def test_any_text_gives_a_conforming_graph_or_a_clear_error(text: str, suffix: str, settings_: Settings,
                                                            tmp_path_factory) -> None:
    path = Path(tmp_path_factory.mktemp("doc")) / f"odd name #1 %20 é{suffix}"
    path.write_bytes(text.encode("utf-8"))
    try:
        part = make_part(path, path.name, settings_)
    except ReaderError as err:
        assert str(path) in str(err) and "\n" not in str(err)
        return
    assert not [r for r in part.results if r.severity == "Violation"], part.results
    quads = list(ox.parse(part.nquads, format=ox.RdfFormat.N_QUADS))  # strict re-parse
    assert len(quads) == len(set(quads)) > 0
