"""Records passed between the stages of the pipeline. All are frozen and hashable.

The records an extraction makes by the thousand per document (sentences, mentions,
statements) are named tuples: a frozen dataclass sets each field through
``object.__setattr__``, and building them was 8% of the extractor's time; a named tuple
is built in one step. The rest are frozen dataclasses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import NamedTuple

#: The relation keys of the facts table, in display order.
RELATIONS: tuple[str, ...] = (
    "primary_site",
    "metastasis_site",
    "marker",
    "symptom",
    "imaging",
    "treatment",
    "differential",
)


class Polarity(str, Enum):
    POSITIVE = "positive"
    NEGATIVE = "negative"


class Certainty(str, Enum):
    ASSERTED = "asserted"
    HEDGED = "hedged"


@dataclass(frozen=True, slots=True)
class Document:
    """A document as read: ``text`` is the cleaned text every offset refers to."""

    path: str
    name: str
    text: str
    sha256: str  # of the raw bytes of the file
    media_type: str
    title: str | None = None
    doi: str | None = None
    encoding: str = "utf-8"

    @property
    def key(self) -> str:
        """Short content key used in IRIs."""
        return self.sha256[:16]


class Sentence(NamedTuple):
    """A sentence or layout unit (heading, bullet) with document offsets [start, end)."""

    start: int
    end: int
    text: str
    heading: str | None = None  # the nearest heading or lead-in line above it
    kind: str = "sentence"  # sentence | heading | bullet


@dataclass(frozen=True, slots=True)
class Concept:
    """A vocabulary concept: a standard IRI (or a project-local one) with its category."""

    iri: str
    curie: str
    label: str
    category: str  # tumor, anatomical_site, marker, sign_symptom, diagnostic_procedure, treatment, drug, condition


class Mention(NamedTuple):
    """A concept matched in the text; ``start``/``end`` are document offsets."""

    start: int
    end: int
    text: str
    concept: Concept


@dataclass(frozen=True, slots=True)
class Tumour:
    """The subject of a statement: a vocabulary tumour or a composed type."""

    iri: str
    label: str
    curie: str
    parent: Tumour | None = None  # the vocabulary tumour a composed type refines
    sites: tuple[str, ...] = field(default=())  # IRIs of the sites in a composed type

    @property
    def broader(self) -> str | None:
        """IRI of the tumour a composed type refines (skos:broader)."""
        return self.parent.iri if self.parent is not None else None


class Statement(NamedTuple):
    """One extracted fact with its polarity, certainty, rule and evidence."""

    document: Document
    sentence: Sentence
    subject: Tumour
    relation: str
    object: Concept
    mention: Mention
    polarity: Polarity = Polarity.POSITIVE
    certainty: Certainty = Certainty.ASSERTED
    rule: str = "unknown"
