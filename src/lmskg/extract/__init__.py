"""Extraction: Document -> Statements (sentences, concepts, context, relations, subjects)."""

from __future__ import annotations

from dataclasses import replace

from ..model import Certainty, Document, Polarity, Sentence, Statement, Tumour
from ..tokens import Token, tokenize
from ..vocabulary import Lexicon, default_lexicon
from .abbreviations import apply_aliases, find_definitions
from .context import SentenceContext
from .cues import CueSet, default_cues
from .matcher import Match, Matcher
from .relations import Decision, SentenceRules
from .sentences import segment
from .subjects import SubjectResolver, TumourMention, main_tumour, tumour_label_words, tumour_of

__all__ = ["Extractor"]

#: Documents up to this many characters keep their tokens between passes; longer ones
#: make them again, trading time for memory (a token costs about 30 times its text).
KEEP_TOKENS_UP_TO = 1_000_000

#: decision for the site words of a composed tumour type ("mesenteric leiomyosarcoma")
_COMPOSED = (Polarity.POSITIVE, Certainty.ASSERTED, "site.composed-type")
_SKIP_SECTION = frozenset({"skip_section"})


class Extractor:
    """Holds the compiled vocabulary and cues; build once, use for many documents."""

    def __init__(self, lexicon: Lexicon | None = None, cues: CueSet | None = None) -> None:
        self.lexicon = lexicon or default_lexicon()
        self.cues = cues or default_cues()
        self.matcher = Matcher(self.lexicon)
        sites = tuple(e for e in self.lexicon.entries if e.concept.category == "anatomical_site")
        self.site_matcher = Matcher(replace(self.lexicon, entries=sites))
        self.tumour_words = tumour_label_words(self.lexicon)
        self._heading_kinds: dict[str, frozenset[str]] = {}

    def sentences(self, document: Document) -> list[Sentence]:
        return segment(document.text, self.cues)

    def _heading(self, heading: str | None) -> frozenset[str]:
        if not heading:
            return frozenset()
        if heading not in self._heading_kinds:
            kinds = {c.kind for c in self.cues.find(tokenize(heading))}
            self._heading_kinds[heading] = frozenset(kinds)
        return self._heading_kinds[heading]

    def _skips(self, tokens: list[Token]) -> bool:
        """A metadata line such as 'Keywords: ...' holds no statements: a lead-in cue opens
        it, within its first four tokens, and a colon follows the cue."""
        for token in tokens[1:5]:  # no colon, no lead-in: most lines end here
            if token.norm == ":":
                break
        else:
            return False
        for cue in self.cues.find(tokens[:4], _SKIP_SECTION):
            if cue.start == 0 and cue.end < len(tokens) and tokens[cue.end].norm == ":":
                return True
        return False

    def extract(self, document: Document) -> list[Statement]:
        return self.analyse(document)[1]

    def analyse(self, document: Document) -> tuple[list[Sentence], list[Statement]]:
        """The sentences of a document and the statements extracted from them."""
        units = self.sentences(document)
        # Abbreviations defined anywhere apply everywhere, and the main tumour is read from
        # the whole document, so sentences are visited more than once. A long document's
        # tokens are made again at each visit rather than kept, which bounds memory.
        kept: list[list[Token]] = []
        keep = len(document.text) <= KEEP_TOKENS_UP_TO

        def tokens_at(i: int) -> list[Token]:
            return kept[i] if keep else tokenize(units[i].text, units[i].start)

        matches_of = []
        aliases: dict = {}
        for unit in units:
            tokens = tokenize(unit.text, unit.start)
            matches = self.matcher.match(tokens)
            aliases.update(find_definitions(tokens, matches))
            matches_of.append(matches)
            if keep:
                kept.append(tokens)
        matches_of = [apply_aliases(tokens_at(i), m, aliases) for i, m in enumerate(matches_of)]
        resolver = SubjectResolver(self.site_matcher, self.tumour_words, main_tumour(matches_of))
        # a sentence that names no tumour is about the document's main tumour
        topic: Tumour | None = tumour_of(resolver.main) if resolver.main else None
        statements: dict[tuple, Statement] = {}
        skipping = False
        for i, (unit, matches) in enumerate(zip(units, matches_of)):
            tokens = tokens_at(i)
            skipping = self._skips(tokens) or (skipping and unit.kind == "heading")
            if skipping or not matches:
                continue
            tumours = resolver.mentions(tokens, matches)
            if topic is None and not tumours:
                continue
            ctx = SentenceContext.build(tokens, matches, self.cues)
            rules = SentenceRules(ctx, self._heading(unit.heading))
            for stmt in self._sentence(document, unit, tokens, matches, tumours, topic, rules):
                key = (stmt.subject.iri, stmt.relation, stmt.object.iri, stmt.polarity,
                       stmt.mention.start, stmt.mention.end)
                statements.setdefault(key, stmt)
        return units, list(statements.values())

    def _sentence(self, document: Document, unit: Sentence, tokens: list[Token],
                  matches: list[Match], tumours: list[TumourMention], topic: Tumour,
                  rules: SentenceRules) -> list[Statement]:
        out: list[Statement] = []
        covered: set[int] = set()
        for tm in tumours:
            covered.update(range(tm.start, tm.end))
            span = next(m for m in matches if m.start >= tm.start and m.concept.category == "tumor")
            for site in tm.site_matches:
                out.append(self._statement(document, unit, tm.tumour, site.mention(tokens, document.text),
                                           site.concept, Decision("primary_site", *_COMPOSED)))
            for concept in tm.inner_sites:
                out.append(self._statement(document, unit, tm.tumour, span.mention(tokens, document.text),
                                           concept, Decision("primary_site", *_COMPOSED)))
        # site words naming another tumour ("pulmonary angiosarcoma") belong to it
        for n, m in enumerate(matches):
            if m.concept.category == "tumor" and m.start not in covered:
                j, edge = n - 1, m.start
                while j >= 0 and matches[j].end == edge and matches[j].concept.category == "anatomical_site":
                    covered.update(range(matches[j].start, matches[j].end))
                    j, edge = j - 1, matches[j].start
        # other tumours named outside a differential are subjects of their own statements
        # ("imatinib in treating GISTs"): the nearest tumour mention wins
        others = [TumourMention(m.start, m.end, tumour_of(m.concept), (), ())
                  for m in matches if m.concept.category == "tumor" and m.start not in covered
                  and rules.tumour(m) is None]
        for m in matches:
            if m.start in covered:
                continue
            decision = self._decide(rules, m)
            if decision is None:
                continue
            start, end = rules.ctx.clause(m.start)
            in_clause = [t for t in tumours if start <= t.start < end]
            subject = (_relative_antecedent(rules.ctx, matches, start) or
                       _nearest(in_clause or tumours + others, m) or topic)
            out.append(self._statement(document, unit, subject, m.mention(tokens, document.text),
                                       m.concept, decision))
        return out

    @staticmethod
    def _decide(rules: SentenceRules, m: Match) -> Decision | None:
        category = m.concept.category
        if category == "marker":
            return rules.marker(m)
        if category in ("sign_symptom", "condition"):
            return rules.sign(m)
        if category == "diagnostic_procedure":
            return rules.procedure(m)
        if category in ("treatment", "drug"):
            return rules.therapy(m)
        if category == "tumor":
            return rules.tumour(m)
        if category == "anatomical_site":
            return rules.site(m)
        return None

    @staticmethod
    def _statement(document: Document, unit: Sentence, subject: Tumour, mention, concept,
                   decision: Decision) -> Statement:
        return Statement(document, unit, subject, decision.relation, concept, mention,
                         decision.polarity, decision.certainty, decision.rule)




def _relative_antecedent(ctx: SentenceContext, matches: list[Match], clause_start: int) -> Tumour | None:
    """In "GIST, which is positive for KIT" the relative clause is about the tumour
    just before 'which'."""
    i = clause_start - 1
    if i < 1 or ctx.tokens[i].norm not in ("which", "that"):
        return None
    j = i - 1
    if ctx.tokens[j].norm == ",":
        j -= 1
    n = ctx.in_match[j] if j >= 0 else -1
    if n >= 0 and matches[n].concept.category == "tumor":
        return tumour_of(matches[n].concept)
    return None


def _nearest(tumours: list[TumourMention], m: Match) -> Tumour | None:
    if not tumours:
        return None
    def distance(tm: TumourMention) -> tuple[int, int]:
        gap = m.start - tm.end if tm.end <= m.start else tm.start - m.end
        return (gap, 0 if tm.end <= m.start else 1)
    return min(tumours, key=distance).tumour
