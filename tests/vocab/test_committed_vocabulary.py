"""The committed ontology/vocabulary/*.ttl are exactly what the sources build to."""

from pathlib import Path

import pytest

from lmskg.vocab import CATEGORIES
from lmskg.vocab.generate import build_vocabulary

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ROOT / "ontology" / "sources" / "concepts.tsv"
VOCABULARY = ROOT / "ontology" / "vocabulary"


@pytest.mark.skipif(not SOURCES.is_file(), reason="not a source checkout")
def test_rebuild_reproduces_committed_files(tmp_path: Path) -> None:
    summary = build_vocabulary([SOURCES], curation_path=VOCABULARY / "curation.tsv",
                               out_dir=tmp_path, base_dir=ROOT)
    assert summary.warnings == []
    for category in CATEGORIES.values():
        name = f"{category.stem}.ttl"
        assert (tmp_path / name).read_bytes() == (VOCABULARY / name).read_bytes(), (
            f"{name} is stale: run `lmskg vocabulary build` from the repository root")
