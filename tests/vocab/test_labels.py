"""The abbreviation rule, slugs and label de-duplication."""

import pytest

from lmskg.vocab import Concept, is_abbreviation, slug
from lmskg.vocab.generate import add_labels


@pytest.mark.parametrize("label", [
    "CT", "SMA", "IVC", "H&N", "CD117", "18F-FDG", "AE1/AE3", "R0", "TAH-BSO", "N/V",
    "uLMS", "GISTs", "α-SMA", "ERα", "c-KIT", "pRb", "dFdC", "hSNF5", "pan-CK",
])
def test_abbreviations(label: str) -> None:
    assert is_abbreviation(label)


@pytest.mark.parametrize("label", [
    "", "liver", "Doppler", "Gleevec", "X-ray", "Ki67", "Ki-67", "PEComas", "Melan-A",
    "Tru-Cut", "p16INK4a", "p53", "CT scan", "LEIOMYOSARCOMA, MALIGNANT", "Rb", "18",
])
def test_not_abbreviations(label: str) -> None:
    assert not is_abbreviation(label)


def test_slug() -> None:
    assert slug("Mohs surgery") == "mohs-surgery"
    assert slug("  pan-Cytokeratin (AE1/AE3) ") == "pan-cytokeratin-ae1-ae3"
    assert slug("traditional Chinese medicine") == "traditional-chinese-medicine"


def test_add_labels_dedups_case_insensitively_keeping_first_spelling() -> None:
    concept = Concept("http://x/1", "X:1", "tumor", "Leiomyosarcoma")
    added = add_labels(concept, [("leiomyosarcoma", False), ("LMS", False), ("", False),
                                 ("  smooth   muscle sarcoma ", False), ("Smooth muscle sarcoma",
                                 False), ("lms", False), ("Lx", True)])
    assert added == 3
    assert concept.alt_labels == ["smooth muscle sarcoma"]
    assert concept.abbreviations == ["LMS", "Lx"]
