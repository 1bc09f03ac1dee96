"""Longest-match dictionary lookup of vocabulary concepts over normalised tokens.

Two Aho-Corasick automata (pyahocorasick) scan a sentence: one over case-folded,
spelling-normalised token keys, one over the tokens as written for abbreviations, which
are matched case-sensitively so that "CT" or "ER" never match ordinary words. Candidate
matches are resolved without overlaps, the longest first and, of equally long ones, the
leftmost (see resolve).
"""

from __future__ import annotations

from operator import itemgetter
from typing import NamedTuple

import ahocorasick

from ..model import Concept, Mention
from ..tokens import Token
from ..vocabulary import CATEGORY_ORDER, Entry, Lexicon


class Match(NamedTuple):
    """A concept matched over tokens [start, end) of a token list."""

    start: int
    end: int
    concept: Concept | None  # None: an ambiguous label, matched only to claim its tokens
    negated: bool  # privative form such as "painless"

    def mention(self, tokens: list[Token], text: str) -> Mention:
        s, e = tokens[self.start].start, tokens[self.end - 1].end
        return Mention(s, e, text[s:e], self.concept)


_make = tuple.__new__  # Match(...) without the Python-level __new__ of a named tuple
# Token.norm and Token.key, read in C
_NORM, _KEY = itemgetter(Token._fields.index("norm")), itemgetter(Token._fields.index("key"))


def _rank(entry: Entry) -> tuple:
    return (not entry.preferred, entry.negated, CATEGORY_ORDER.index(entry.concept.category)
            if entry.concept.category in CATEGORY_ORDER else 99, entry.concept.iri)


def _automaton(entries: list[Entry]) -> ahocorasick.Automaton | None:
    """Key -> best entry. A key that names several concepts, none by its preferred label,
    is ambiguous ("CAM 5.2" names three keratins): it still claims its tokens, so no
    shorter label inside it matches, but links to nothing (abstain rather than mislink)."""
    by_key: dict[str, list[Entry]] = {}
    for entry in entries:
        by_key.setdefault(entry.key, []).append(entry)
    if not by_key:
        return None
    automaton = ahocorasick.Automaton()
    for key, group in by_key.items():
        best = min(group, key=_rank)
        ambiguous = len({e.concept.iri for e in group}) > 1 and not best.preferred
        # the value holds what a match needs, so the scan reads no attribute
        concept, negated = (None, False) if ambiguous else (best.concept, best.negated)
        automaton.add_word(f" {key} ", (key.count(" ") + 1, len(key), concept, negated))
    automaton.make_automaton()
    return automaton


class Matcher:
    """Built once from a Lexicon; safe to share (read-only after construction)."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self._ci = _automaton([e for e in lexicon.entries if not e.case_sensitive])
        self._cs = _automaton([e for e in lexicon.entries if e.case_sensitive])
        # the first words of the abbreviations: a sentence with none of them is not scanned
        # for abbreviations (most sentences)
        self._cs_firsts = frozenset(e.key.split(" ")[0] for e in lexicon.entries
                                    if e.case_sensitive)
        # two-word labels that may carry an adjective inside: "adjuvant (oncological) therapy"
        self._pairs: dict[str, Entry] = {}
        for e in sorted((e for e in lexicon.entries if not e.case_sensitive and e.key.count(" ") == 1),
                        key=_rank):
            self._pairs.setdefault(e.key, e)
        self._firsts = frozenset(key.split(" ")[0] for key in self._pairs)

    @staticmethod
    def _scan(automaton: ahocorasick.Automaton | None, keys: list[str]) -> list[Match]:
        if automaton is None or not keys:
            return []
        haystack = " " + " ".join(keys) + " "
        count = haystack.count
        found = []
        for end_char, (length, size, concept, negated) in automaton.iter(haystack):
            # the match " k1 k2 " ends at end_char (inclusive, the trailing space); no key
            # holds a space (lmskg.tokens), so the first token's index is the number of
            # spaces before it, less one
            first = count(" ", 0, end_char - size) - 1
            found.append(_make(Match, (first, first + length, concept, negated)))
        return found

    def _gapped(self, norms: list[str]) -> list[Match]:
        """'A adj B' for a two-word label 'A B', the adjective ending in -al or -ic
        (``norms``: the tokens' normalised forms). Most words start no two-word label, so
        that is asked first."""
        found = []
        firsts = self._firsts
        for i in range(len(norms) - 2):
            if norms[i] in firsts:
                middle = norms[i + 1]
                if middle.isalpha() and len(middle) > 4 and middle.endswith(("al", "ic")):
                    entry = self._pairs.get(f"{norms[i]} {norms[i + 2]}")
                    if entry is not None:
                        found.append(_make(Match, (i, i + 3, entry.concept, entry.negated)))
        return found

    def match(self, tokens: list[Token]) -> list[Match]:
        """Non-overlapping matches, the longest first (see resolve), in token order."""
        norms = list(map(_NORM, tokens))
        candidates = self._scan(self._ci, norms)
        if not self._cs_firsts.isdisjoint(map(_KEY, tokens)):
            candidates += self._scan(self._cs, list(map(_KEY, tokens)))
        candidates += self._gapped(norms)
        return resolve(candidates)


def resolve(candidates: list[Match]) -> list[Match]:
    """The longest candidates first, the leftmost of equally long ones, each kept if it
    shares no token with one kept before; then those that link a concept, in token order.
    (An ambiguous label claims its tokens and is dropped last.)"""
    if len(candidates) < 2:  # a third of sentences match nothing, a third one label
        return [m for m in candidates if m.concept is not None]
    chosen: list[Match] = []
    for m in sorted(candidates, key=_longest_first):
        start, end = m.start, m.end
        for other in chosen:  # a handful: comparing with each one kept is cheapest
            if start < other.end and other.start < end:
                break
        else:
            chosen.append(m)
    # kept matches share no token, so their starts differ and order them alone
    return sorted(m for m in chosen if m.concept is not None)


def _longest_first(m: Match) -> tuple[int, int]:
    return (m.start - m.end, m.start)
