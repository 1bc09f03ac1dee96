"""Shared helpers for the extraction tests.

Every test text here was written for these tests. The helpers are fixtures (not importable
functions) so that this conftest does not clash with the conftest of other test folders.
"""

from __future__ import annotations

import hashlib
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

try:
    import lmskg  # noqa: F401
except ModuleNotFoundError:  # pragma: no cover - depends on the environment
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))


from lmskg.extract import Extractor
from lmskg.extract.cues import default_cues
from lmskg.tokens import tokenize
from lmskg.model import Document, Sentence, Statement


def build_document(text: str, title: str | None = None, name: str = "test.txt") -> Document:
    """A plain-text Document over ``text`` (sha256 of its UTF-8 bytes)."""
    return Document(
        path=name,
        name=name,
        text=text,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        media_type="text/plain",
        title=title,
    )


@dataclass
class Run:
    """The result of Extractor.analyse on one document, with query helpers."""

    document: Document
    units: list[Sentence]
    statements: list[Statement]

    def facts(self) -> set[tuple[str, str, str, str]]:
        """(subject CURIE, relation, object CURIE, polarity)."""
        return {(s.subject.curie, s.relation, s.object.curie, s.polarity.value)
                for s in self.statements}

    def triples(self) -> set[tuple[str, str, str]]:
        """(relation, object CURIE, polarity), whatever the subject."""
        return {(s.relation, s.object.curie, s.polarity.value) for s in self.statements}

    def about(self, curie: str, relation: str | None = None) -> list[Statement]:
        """Statements whose object is ``curie`` (and whose relation is ``relation``)."""
        return [s for s in self.statements
                if s.object.curie == curie and (relation is None or s.relation == relation)]

    def one(self, curie: str, relation: str | None = None) -> Statement:
        found = self.about(curie, relation)
        assert len(found) == 1, f"expected one statement on {curie} {relation}, got {self.dump()}"
        return found[0]

    def dump(self) -> str:
        return "\n".join(
            f"{s.subject.curie} {s.relation} {s.object.curie} {s.polarity.value} "
            f"{s.certainty.value} {s.rule} {s.mention.text!r}" for s in self.statements
        ) or "<no statements>"

    def check_evidence(self) -> None:
        """Every statement has a rule and evidence that points back into the text."""
        text = self.document.text
        for s in self.statements:
            assert s.rule and s.rule != "unknown", s
            assert s.document is self.document
            m, u = s.mention, s.sentence
            assert 0 <= m.start < m.end <= len(text)
            assert text[m.start:m.end] == m.text, (m, text[m.start:m.end])
            assert u.text == text[u.start:u.end]
            assert u.start <= m.start and m.end <= u.end, (m, u)
            assert m.concept == s.object or s.relation == "primary_site"


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


@pytest.fixture(scope="module")
def cues():
    return default_cues()


@pytest.fixture
def make_document():
    return build_document


@pytest.fixture
def analyse(extractor):
    """analyse(text) -> Run; the evidence of every statement is checked on the way."""

    def run(text: str, title: str | None = None) -> Run:
        document = build_document(text, title)
        units, statements = extractor.analyse(document)
        result = Run(document, units, statements)
        result.check_evidence()
        return result

    return run


@pytest.fixture
def match(extractor):
    """match(text) -> [(surface text, CURIE, negated)] of the dictionary matcher."""

    def run(text: str) -> list[tuple[str, str, bool]]:
        tokens = tokenize(text)
        out = []
        for m in extractor.matcher.match(tokens):
            s, e = tokens[m.start].start, tokens[m.end - 1].end
            out.append((text[s:e], m.concept.curie, m.negated))
        return out

    return run
