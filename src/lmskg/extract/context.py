"""Negation and hedging at the level of a relation (NegEx/ConText, adapted).

A sentence is analysed once into a SentenceContext: its tokens, concept matches and cue
occurrences. Scopes are computed over tokens:

* a pre-trigger ("no", "did not", "negative for") negates matches to its right, up to a
  terminator ("but", ";") or a comma that does not continue a coordinated list, and only
  within a few non-concept tokens;
* a post-trigger ("is not recommended", "were negative") negates matches to its left in
  the same way;
* a pseudo-trigger ("no clear", "not well understood") is not a negation; it makes the
  statement hedged, as do hedge cues ("may", "suspected") in the same clause.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field

from .cues import Cue, CueSet
from .matcher import Match
from ..tokens import Token

_LIST_WORDS = frozenset({",", "and", "or", "nor", "/", "as", "well", "both", "either", "the",
                         "especially", "particularly", "mainly", "mostly", "notably", "including"})
_MAX_GAP = 4  # non-concept tokens a trigger may reach across
_NONE: list[Cue] = []  # no cue of a kind (never changed)


@dataclass
class SentenceContext:
    tokens: list[Token]
    matches: list[Match]
    cues: list[Cue]
    in_match: list[int] = field(default_factory=list)  # token -> match index or -1
    by_kind: dict[str, list[Cue]] = field(default_factory=dict)
    terminators: frozenset[int] = frozenset()  # tokens inside a terminator cue
    bounds: list[int] = field(default_factory=list)  # sorted first tokens of terminators
    # the answers of of(a, b, …) given so far
    joint: dict[tuple[str, ...], list[Cue]] = field(default_factory=dict)

    @classmethod
    def build(cls, tokens: list[Token], matches: list[Match], cueset: CueSet) -> SentenceContext:
        ctx = cls(tokens, matches, cueset.find(tokens))
        ctx.in_match = [-1] * len(tokens)
        for n, m in enumerate(matches):
            for i in range(m.start, m.end):
                ctx.in_match[i] = n
        for cue in ctx.cues:
            ctx.by_kind.setdefault(cue.kind, []).append(cue)
        ends = ctx.by_kind.get("terminator", [])
        ctx.terminators = frozenset(i for c in ends for i in range(c.start, c.end))
        ctx.bounds = sorted({c.start for c in ends})
        return ctx

    def of(self, *kinds: str) -> list[Cue]:
        """The cues of these kinds, in token order (read only: the lists are shared)."""
        if len(kinds) == 1:
            return self.by_kind.get(kinds[0], _NONE)
        found = self.joint.get(kinds)
        if found is None:
            found = self.joint[kinds] = [c for c in self.cues if c.kind in kinds]
        return found

    def is_terminator(self, i: int) -> bool:
        return i in self.terminators

    def clause(self, i: int) -> tuple[int, int]:
        """Token range [start, end) of the clause holding token i."""
        k = bisect_left(self.bounds, i)
        start = self.bounds[k - 1] + 1 if k > 0 else 0
        if k < len(self.bounds) and self.bounds[k] == i:
            k += 1
        end = self.bounds[k] if k < len(self.bounds) else len(self.tokens)
        return start, end

    def _continues_list(self, comma: int, step: int) -> bool:
        """A comma at ``comma`` joins two concepts of one category (a coordination)."""
        before = comma - 1 if step > 0 else comma + 1
        after = comma + 1 if step > 0 else comma - 1
        while 0 <= after < len(self.tokens) and self.tokens[after].norm in _LIST_WORDS:
            after += step
        if not (0 <= before < len(self.tokens) and 0 <= after < len(self.tokens)):
            return False
        a, b = self.in_match[before], self.in_match[after]
        return a >= 0 and b >= 0 and self.matches[a].concept.category == self.matches[b].concept.category

    def reaches(self, frm: int, to: int, gap: int = _MAX_GAP, one_group: bool = True) -> bool:
        """Whether a trigger ending/starting at ``frm`` reaches token ``to`` (either side),
        across at most ``gap`` tokens that are neither concepts nor list words. With
        ``one_group`` (negation) the scope ends after the first concept or list of them:
        "no lymph node metastasis in any resected specimen" does not negate the resection."""
        limit = gap
        step = 1 if to >= frm else -1
        gap = 0
        passed_concept = False  # the scope ends after the first concept (or list of them)
        i = frm
        while i != to:
            tok = self.tokens[i]
            if self.in_match[i] >= 0:
                passed_concept = True
            elif one_group and passed_concept and tok.norm not in _LIST_WORDS and tok.norm != "of":
                return False
            if tok.norm == ",":
                if not self._continues_list(i, step):
                    return False
            elif self.is_terminator(i):
                return False
            elif self.in_match[i] < 0 and tok.norm not in _LIST_WORDS:
                gap += 1
                if gap > limit:
                    return False
            i += step
        return True

    def _pseudo(self, cue: Cue) -> bool:
        return any(p.start <= cue.start < p.end for p in self.of("pseudo_negation"))

    def introduces(self, cue: Cue) -> bool:
        """The cue governs what follows it ("were negative for CD34", "loss of RB1"), so it
        does not look back at what came before."""
        if cue.phrase.endswith(" of"):
            return True
        return cue.end < len(self.tokens) and self.tokens[cue.end].norm in ("for", "of")

    def _used_after_concept(self, cue: Cue) -> bool:
        """A pre-trigger inside a post-trigger phrase that follows a concept ("PET was not
        performed") is that post-trigger, not a trigger for what comes after it."""
        for post in self.of("negation_post"):
            if post.start <= cue.start < post.end and any(
                m.end <= post.start and self.reaches(post.start - 1, m.end - 1) for m in self.matches
            ):
                return True
        return False

    def negated(self, m: Match) -> Cue | None:
        """The trigger that negates match ``m``, if any."""
        by_kind = self.by_kind
        for cue in by_kind.get("negation_pre", _NONE):
            if cue.end <= m.start and not self._pseudo(cue) and self.reaches(cue.end, m.start):
                if not self._conditional(cue) and not self._used_after_concept(cue):
                    return cue
        for cue in by_kind.get("negation_post", _NONE):
            if cue.start >= m.end and not self._pseudo(cue) and not self.introduces(cue) \
                    and self.reaches(cue.start - 1, m.end - 1):
                if not self._conditional(cue):
                    return cue
        return None

    def _conditional(self, cue: Cue) -> bool:
        """A negation inside an 'if' clause states a condition, not a fact."""
        start, _ = self.clause(cue.start)
        return any(p.phrase == "if" and start <= p.start < cue.start for p in self.of("pseudo_negation"))

    def hedged(self, m: Match) -> bool:
        cues = self.of("hedge", "pseudo_negation")
        if not cues:  # most sentences
            return False
        start, end = self.clause(m.start)
        return any(start <= c.start < end for c in cues if c.phrase != "if")
