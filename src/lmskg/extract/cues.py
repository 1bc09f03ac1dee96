"""Cue phrases (negation, hedging, relation cues) loaded from ontology/cues.tsv."""

from __future__ import annotations

import csv
from collections import defaultdict
from functools import cache
from pathlib import Path
from typing import NamedTuple

from ..errors import VocabularyError
from ..resources import data_dir
from ..tokens import Token, tokenize

KINDS = frozenset(
    {
        "negation_pre", "negation_post", "pseudo_negation", "terminator", "hedge",
        "marker_positive", "marker_negative", "marker_expression", "metastasis", "metastasis_noun", "primary",
        "site_noun", "lesion", "lineage", "procedure_noun", "differential", "skip_section", "abbreviation",
    }
)


class Cue(NamedTuple):
    kind: str
    phrase: str
    start: int  # token index, inclusive
    end: int  # token index, exclusive


class CueSet:
    """All cue phrases, indexed for a left-to-right scan of a token list."""

    def __init__(self, phrases: dict[str, list[tuple[str, ...]]]) -> None:
        self.phrases = phrases
        #: abbreviations a full stop does not end a sentence after, as written ("e.g" is
        #: stored as the tokens e . g, "et al" as et al)
        self.abbreviations = frozenset("".join(w) if "." in w else " ".join(w)
                                       for w in phrases.get("abbreviation", []))
        self._exact: dict[str, list[tuple[str, tuple[str, ...]]]] = defaultdict(list)
        self._prefix: list[tuple[str, str, tuple[str, ...]]] = []
        #: first word -> the phrases that may start there (see _candidates), filled as words come
        self._by_word: dict[str, list[tuple[str, tuple[str, ...], str]]] = {}
        for kind, items in phrases.items():
            for words in items:
                head = words[0]
                if head.endswith("*"):
                    self._prefix.append((head[:-1], kind, words))
                else:
                    self._exact[head].append((kind, words))

    def _candidates(self, word: str) -> list[tuple[str, tuple[str, ...], str]] | _ByNext:
        """(kind, words, phrase) of the phrases that may start at a token whose first word
        matches ``word``, longest first; remembered in ``_by_word``, which :meth:`find`
        reads first. A word that starts phrases of several words ("no", "not") gets a
        _ByNext instead, which narrows them by the word that follows."""
        heads = list(self._exact.get(word, ()))
        heads += [(k, w) for p, k, w in self._prefix if word.startswith(p)]
        heads.sort(key=lambda c: -len(c[1]))
        found = [(k, w, " ".join(w)) for k, w in heads]
        if len(self._by_word) >= _MEMO_MAX:
            self._by_word.clear()
        if any(len(w) > 1 for _, w, _ in found):
            found = _ByNext(found)
        self._by_word[word] = found
        return found

    @staticmethod
    def _fits(words: tuple[str, ...], tokens: list[Token], i: int) -> bool:
        """Whether the words after the first two (which the candidate lookup matched)
        follow token ``i``."""
        if i + len(words) > len(tokens):
            return False
        for k in range(2, len(words)):
            if not _word_fits(words[k], tokens[i + k].norm):
                return False
        return True

    def find(self, tokens: list[Token], kinds: frozenset[str] | None = None) -> list[Cue]:
        """Every cue occurrence, longest phrase first at each position, in token order."""
        found: list[Cue] = []
        memo = self._by_word
        last = len(tokens) - 1
        for i, token in enumerate(tokens):
            candidates = memo.get(token.norm)  # the memo read inline: most tokens start no cue
            if candidates is None:
                candidates = self._candidates(token.norm)
            if not candidates:
                continue
            if candidates.__class__ is _ByNext:
                after = tokens[i + 1].norm if i < last else None
                narrowed = candidates.get(after)
                candidates = candidates.narrow(after) if narrowed is None else narrowed
            for kind, words, phrase in candidates:
                if kinds is not None and kind not in kinds:
                    continue
                if len(words) < 3 or self._fits(words, tokens, i):
                    found.append(Cue(kind, phrase, i, i + len(words)))
        longer = [o for o in found if o.end - o.start > 1]  # only these can contain a cue
        if not longer:
            return found
        return [c for c in found if not any(_nested(c, o) for o in longer)]


#: Words whose candidates are remembered (the table is emptied when it grows past this).
_MEMO_MAX = 200_000


def _word_fits(word: str, norm: str) -> bool:
    """A phrase's word (``metasta*``: any word starting so) against a token's norm."""
    return norm.startswith(word[:-1]) if word.endswith("*") else norm == word


class _ByNext(dict):
    """The candidates of a word that starts phrases of several words, by the next token's
    norm (None: no next token): those whose second word fits it, and the one-word ones,
    longest first. Never empty: it starts with the answer for no next token."""

    __slots__ = ("every",)

    def __init__(self, every: list[tuple[str, tuple[str, ...], str]]) -> None:
        super().__init__()
        self.every = every
        self.narrow(None)

    def narrow(self, after: str | None) -> list[tuple[str, tuple[str, ...], str]]:
        if len(self) >= _MEMO_MAX:
            self.clear()
        fits = self[after] = [c for c in self.every
                              if len(c[1]) == 1 or (after is not None and _word_fits(c[1][1], after))]
        return fits


_FAMILIES = {"marker_positive": "marker", "marker_negative": "marker", "marker_expression": "marker"}


def _nested(inner: Cue, outer: Cue) -> bool:
    """``inner`` lies strictly inside a longer cue of the same family."""
    same = _FAMILIES.get(inner.kind, inner.kind) == _FAMILIES.get(outer.kind, outer.kind)
    longer = outer.end - outer.start > inner.end - inner.start
    return same and longer and outer.start <= inner.start and inner.end <= outer.end


def _phrase_words(phrase: str) -> tuple[str, ...]:
    words = []
    for part in phrase.split():
        star = part.endswith("*")
        toks = tokenize(part[:-1] if star else part)
        norms = [t.norm for t in toks] or [part]
        if star:
            # the wildcard applies to the word as written, before plural folding
            norms[-1] = toks[-1].raw.lower() + "*" if toks else part
        words.extend(norms)
    return tuple(words)


def load_cues(path: Path) -> CueSet:
    phrases: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = [line for line in handle if not line.startswith("#")]
    except OSError as exc:
        raise VocabularyError(f"{path}: cannot read cue file: {exc.strerror}") from exc
    reader = csv.DictReader(rows, delimiter="\t", quoting=csv.QUOTE_NONE)
    if not reader.fieldnames or not {"kind", "phrase"} <= set(reader.fieldnames):
        raise VocabularyError(f"{path}: cue file needs the columns 'kind' and 'phrase'")
    for n, row in enumerate(reader, start=2):
        kind, phrase = (row.get("kind") or "").strip(), (row.get("phrase") or "").strip()
        if kind not in KINDS:
            raise VocabularyError(f"{path}: line {n}: unknown cue kind {kind!r}")
        if phrase:
            phrases[kind].append(_phrase_words(phrase))
    return CueSet(dict(phrases))


@cache
def default_cues() -> CueSet:
    return load_cues(data_dir("ontology") / "cues.tsv")
