"""Abbreviations a document defines for itself: "uterine leiomyosarcoma (ULMS)".

After a concept mention, a parenthesised single token written with capitals (2-10
characters, at least two capitals: "ULMS", "PHL", "STTs") is an alias of that concept for
the rest of the document (Schwartz and Hearst, 2003, restricted to known long forms).
"""

from __future__ import annotations

from ..model import Concept
from .matcher import Match
from ..tokens import Token


def _looks_like_abbreviation(raw: str) -> bool:
    capitals = sum(ch.isupper() for ch in raw)
    return 2 <= len(raw) <= 10 and capitals >= 2 and raw[0].isalpha()


def find_definitions(tokens: list[Token], matches: list[Match]) -> dict[str, Concept]:
    """Aliases defined in one sentence: abbreviation key -> concept."""
    aliases: dict[str, Concept] = {}
    starts = {m.start for m in matches}
    for m in matches:
        i = m.end
        if i + 2 < len(tokens) and tokens[i].raw == "(" and tokens[i + 2].raw == ")":
            short = tokens[i + 1]
            if i + 1 not in starts and _looks_like_abbreviation(short.raw):
                aliases[short.key] = m.concept
    return aliases


def apply_aliases(tokens: list[Token], matches: list[Match], aliases: dict[str, Concept]) -> list[Match]:
    """Add a match for every alias token not already covered by a match."""
    if not aliases:
        return matches
    covered = {i for m in matches for i in range(m.start, m.end)}
    extra = [Match(i, i + 1, aliases[t.key], False)
             for i, t in enumerate(tokens) if i not in covered and t.key in aliases]
    return sorted(matches + extra, key=lambda m: m.start) if extra else matches
