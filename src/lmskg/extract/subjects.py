"""Subject attribution: which tumour a statement is about.

* The document's main tumour is the first tumour named in its first units (title, lead
  sentence), else the tumour named most often.
* Its family is every tumour concept whose labels contain the main tumour's head word
  ("leiomyosarcoma" for "Inflammatory Leiomyosarcoma"): those are subjects; other tumours
  (GIST, leiomyoma) are objects of differential statements.
* Composed types: anatomical-site words next to a family tumour ("mesenteric
  leiomyosarcoma", "leiomyosarcoma of the spermatic cord") refine it into a composed
  tumour with a project-local IRI shared by every document that names it, and give a
  primary-site statement.
* A statement's subject is the tumour of a relative clause ("GIST, which is KIT
  positive"), else the family tumour nearest to its object in its clause, else the
  nearest tumour named outside a differential, else the document's main tumour.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import NamedTuple

from ..model import Concept, Tumour
from ..namespaces import CONCEPT
from ..vocabulary import Lexicon
from .matcher import Match, Matcher
from ..tokens import Token, label_tokens

_OF = frozenset({"of", "in", "from"})


def tumour_of(concept: Concept) -> Tumour:
    """A vocabulary tumour as the subject of statements."""
    return Tumour(concept.iri, concept.label, concept.curie)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def head_word(concept: Concept) -> str:
    """The head noun of a tumour label: the word before ' of ', else the last word."""
    words = [t.norm for t in label_tokens(concept.label)]
    if "of" in words[1:]:
        return words[words.index("of") - 1]
    return words[-1] if words else ""


class TumourMention(NamedTuple):
    start: int  # token span covering site words and the tumour
    end: int
    tumour: Tumour
    site_matches: tuple[Match, ...]  # site matches that are part of the mention
    inner_sites: tuple[Concept, ...]  # sites named inside a vocabulary tumour label


class SubjectResolver:
    """Per-document subject attribution."""

    def __init__(self, site_matcher: Matcher, label_words: dict[str, frozenset[str]],
                 main: Concept | None) -> None:
        self.site_matcher = site_matcher
        self.label_words = label_words  # tumour IRI -> words of all its labels
        self.main = main
        self.head = head_word(main) if main else None

    def is_family(self, concept: Concept) -> bool:
        if self.head is None or concept.category != "tumor":
            return False
        return self.head in self.label_words.get(concept.iri, frozenset())

    def mentions(self, tokens: list[Token], matches: list[Match]) -> list[TumourMention]:
        """Family tumour mentions of a sentence, composed with adjacent site words."""
        found = []
        for n, m in enumerate(matches):
            if not self.is_family(m.concept):
                continue
            inner = tuple(x.concept for x in self.site_matcher.match(tokens[m.start : m.end]))
            sites: list[Match] = []
            # site words before the tumour: "mesenteric (dedifferentiated) leiomyosarcoma"
            j, k = n - 1, m.start - 1
            while j >= 0 and matches[j].end == k + 1 and matches[j].concept.category == "anatomical_site":
                sites.insert(0, matches[j])
                k, j = matches[j].start - 1, j - 1
            # "leiomyosarcoma of the spermatic cord"
            after = m.end
            if after < len(tokens) and tokens[after].norm in _OF:
                after += 1
                if after < len(tokens) and tokens[after].norm == "the":
                    after += 1
                nxt = next((x for x in matches[n + 1 :] if x.start == after), None)
                if nxt is not None and nxt.concept.category == "anatomical_site":
                    sites.append(nxt)
            start = min([m.start] + [s.start for s in sites])
            end = max([m.end] + [s.end for s in sites])
            found.append(TumourMention(start, end, self.compose(m.concept, sites), tuple(sites), inner))
        return found

    def compose(self, base: Concept, sites: list[Match]) -> Tumour:
        if not sites:
            return tumour_of(base)
        names = sorted({s.concept.label for s in sites})
        label = f"{base.label} of {' and '.join(names)}"
        slug = _slug(f"{base.label} of {'-'.join(names)}")
        return Tumour(str(CONCEPT) + "tumour/" + slug, label, "LMSKG:tumour/" + slug,
                      parent=tumour_of(base), sites=tuple(sorted({s.concept.iri for s in sites})))


def tumour_label_words(lexicon: Lexicon) -> dict[str, frozenset[str]]:
    """Tumour IRI -> the normalised words of all its labels (computed once per lexicon)."""
    words: dict[str, set[str]] = {}
    for e in lexicon.entries:
        if e.concept.category == "tumor" and not e.case_sensitive:
            words.setdefault(e.concept.iri, set()).update(e.key.split())
    for concept in lexicon.concepts.values():
        if concept.category == "tumor":
            words.setdefault(concept.iri, set()).update(t.norm for t in label_tokens(concept.label))
    return {iri: frozenset(w) for iri, w in words.items()}


def main_tumour(units_matches: list[list[Match]]) -> Concept | None:
    """The first tumour of the first two units that name one, else the most frequent."""
    for matches in units_matches[:3]:
        for m in matches:
            if m.concept.category == "tumor":
                return m.concept
    counts = Counter(m.concept for ms in units_matches for m in ms if m.concept.category == "tumor")
    if not counts:
        return None
    best = max(counts.values())
    for ms in units_matches:
        for m in ms:
            if counts.get(m.concept) == best:
                return m.concept
    return None
