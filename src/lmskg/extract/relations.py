"""Relation rules: from the concepts and cues of one sentence to statements.

Each concept category has one rule; the rule id names the cue that decided it, so every
assertion in the graph can be traced to the reasoning that produced it.

* marker: the nearest result cue (attached "-negative", then a preceding "positive
  for"/"negative for" in the clause, then a following "were negative", then the heading)
  gives the polarity; a marker named without a cue is reported positive.
* sign or symptom, condition: a symptom, unless a differential cue precedes it.
* diagnostic procedure -> imaging; therapy or drug -> treatment.
* other tumour: a differential when the sentence or its heading has a differential cue.
* anatomical site: a primary site or a metastasis site by the nearest cue (see site()).
"""

from __future__ import annotations

from typing import NamedTuple

from ..model import Certainty, Polarity
from .context import SentenceContext
from .cues import Cue
from .matcher import Match

_PREPOSITIONS = frozenset({"in", "of", "on", "at", "within", "over", "the", "left", "right",
                           "posterior", "anterior", "upper", "lower"})


class Decision(NamedTuple):
    relation: str
    polarity: Polarity
    certainty: Certainty
    rule: str


class SentenceRules:
    """Relation decisions for the matches of one sentence."""

    def __init__(self, ctx: SentenceContext, heading_cues: set[str]) -> None:
        self.ctx = ctx
        self.heading_cues = heading_cues  # kinds of the cues found in the heading context
        self.metastasis = ctx.of("metastasis")
        self.differential = ctx.of("differential")

    def _polarity(self, m: Match, rule: str) -> tuple[Polarity, str]:
        if m.negated:
            return Polarity.NEGATIVE, rule + ".privative"
        cue = self.ctx.negated(m)
        if cue is not None:
            return Polarity.NEGATIVE, rule + ".negated"
        return Polarity.POSITIVE, rule

    def _decision(self, m: Match, relation: str, rule: str) -> Decision:
        polarity, rule = self._polarity(m, rule)
        certainty = Certainty.HEDGED if self.ctx.hedged(m) else Certainty.ASSERTED
        return Decision(relation, polarity, certainty, rule)

    # -- markers ---------------------------------------------------------------------
    def marker(self, m: Match) -> Decision:
        ctx = self.ctx
        certainty = Certainty.HEDGED if ctx.hedged(m) else Certainty.ASSERTED
        results = ctx.of("marker_positive", "marker_negative", "marker_expression")
        # 1. attached result: "KIT-negative", "CD34−", "desmin+", "(+)"
        for c in ctx.of("marker_positive", "marker_negative"):
            if c.start in (m.end, m.end + 1) and (c.start == m.end or ctx.tokens[m.end].norm in "()"):
                return self._marker(c, "marker.attached", certainty)
        start, end = ctx.clause(m.start)
        # 2. nearest result cue before it in the clause: "negative for X, Y and Z"
        before = [c for c in results if start <= c.start and c.end <= m.start]
        if before:
            return self._marker(before[-1], "marker.cue-before", certainty)
        # a negation before it: "did not show KIT expression"
        if m.negated or ctx.negated(m):
            return Decision("marker", Polarity.NEGATIVE, certainty, "marker.negated")
        # 3. nearest result cue after it in the clause: "X and Y were negative"; a cue that
        #    introduces what follows ("negative for", "loss of") does not look back
        after = [c for c in results if m.end <= c.start < end and not ctx.introduces(c)]
        if after:
            return self._marker(after[0], "marker.cue-after", certainty)
        # 4. the heading: "Negative stains:" / "- desmin"
        if "marker_negative" in self.heading_cues and "marker_positive" not in self.heading_cues:
            return Decision("marker", Polarity.NEGATIVE, certainty, "marker.heading")
        return Decision("marker", Polarity.POSITIVE, certainty, "marker.mention")

    def _marker(self, cue: Cue, rule: str, certainty: Certainty) -> Decision:
        negative = cue.kind == "marker_negative"
        # "not expressed", "no staining": a negation before a positive cue flips it
        if not negative and any(n.end == cue.start for n in self.ctx.of("negation_pre")):
            negative = True
        return Decision("marker", Polarity.NEGATIVE if negative else Polarity.POSITIVE, certainty, rule)

    # -- differentials, symptoms, procedures, therapies ------------------------------
    def in_differential(self, m: Match, anywhere: bool) -> bool:
        if "differential" in self.heading_cues:
            return True
        return any(anywhere or c.end <= m.start for c in self.differential)

    def tumour(self, m: Match) -> Decision | None:
        if self.in_differential(m, anywhere=True):
            return self._decision(m, "differential", "differential.cue")
        return None

    def sign(self, m: Match) -> Decision:
        if self.in_differential(m, anywhere=False):
            return self._decision(m, "differential", "differential.cue")
        return self._decision(m, "symptom", "symptom.mention")

    def procedure(self, m: Match) -> Decision | None:
        """An adjective ("histological", "immunohistochemical") names a procedure only when
        a procedure noun follows it, possibly after coordination: "histopathological and
        immunohistochemical examinations"; not in "histologic subtype"."""
        nxt = [x for x in self.ctx.matches if x.start == m.end]
        if nxt and nxt[0].concept.category == "diagnostic_procedure":
            return None  # a modifier of the next procedure: "X-ray barium meal"
        last = self.ctx.tokens[m.end - 1].raw.lower()
        if m.end - m.start == 1 and last.endswith(("ic", "ical", "al")):
            nouns = self.ctx.of("procedure_noun")
            window = {m.end, m.end + 1, m.end + 2, m.end + 3}
            if not any(c.start in window for c in nouns):
                return None
        return self._decision(m, "imaging", "imaging.mention")

    def therapy(self, m: Match) -> Decision:
        return self._decision(m, "treatment", "treatment.mention")

    # -- anatomical sites --------------------------------------------------------------
    def _examined_region(self, m: Match) -> bool:
        """The site is what a procedure examined: a procedure before it, joined only by
        'of', 'the', a slash or a list of other sites."""
        ctx = self.ctx
        i = m.start - 1
        while i >= 0:
            n = ctx.in_match[i]
            if n >= 0:
                category = ctx.matches[n].concept.category
                if category == "diagnostic_procedure":
                    return True
                if category != "anatomical_site":
                    return False
                i = ctx.matches[n].start - 1
            elif ctx.tokens[i].norm in ("of", "the", ",", "and", "/", "scan"):
                i -= 1
            else:
                return False
        return False

    def site(self, m: Match) -> Decision | None:
        """Primary or metastasis site by the nearest cue, in this order: a metastasis noun
        right after the site ("lung metastases"); the nearest relation cue before it in
        its clause; any metastasis cue in the sentence; any primary cue in the sentence;
        the heading; a lesion word located at the site ("a mass in the thigh")."""
        ctx = self.ctx
        if any(c.start == m.end for c in ctx.of("lineage")):
            return None  # "smooth muscle cells", "of smooth muscle origin": a lineage
        if self._examined_region(m):
            return None  # "CT of the chest", "CT chest/abdomen/pelvis": the region imaged
        for c in ctx.of("metastasis_noun"):
            if m.end <= c.start <= m.end + 1:
                return self._decision(m, "metastasis_site", "site.metastasis-noun")
        strong = ("metastasis", "primary") if self.metastasis else ("metastasis", "primary", "site_noun")
        before = [c for c in ctx.of(*strong) if c.end <= m.start and ctx.reaches(c.end, m.start, gap=6, one_group=False)]
        if before:
            cue = before[-1]
            if cue.kind == "metastasis":
                return self._decision(m, "metastasis_site", "site.metastasis-cue")
            # "metastases occur in", "metastasis involves": the verb belongs to the metastasis
            if any(c.kind == "metastasis" and 0 <= cue.start - c.end <= 3 for c in before):
                return self._decision(m, "metastasis_site", "site.metastasis-cue")
            return self._decision(m, "primary_site", "site.primary-cue")
        if any(c.start == m.end for c in ctx.of("lesion")):
            return self._decision(m, "primary_site", "site.lesion-modifier")  # "pelvic tumour"
        if self.metastasis:
            return self._decision(m, "metastasis_site", "site.metastasis-sentence")
        if "metastasis" in self.heading_cues:
            return self._decision(m, "metastasis_site", "site.metastasis-heading")
        if self.heading_cues & {"primary", "site_noun"}:
            return self._decision(m, "primary_site", "site.primary-heading")
        for c in ctx.of("lesion"):
            between = ctx.tokens[c.end : m.start]
            if c.end <= m.start and between and all(t.norm in _PREPOSITIONS for t in between):
                return self._decision(m, "primary_site", "site.lesion-location")
        return None
