"""Finding cue phrases in a token list (lmskg.extract.cues).

The finder remembers, per word, which phrases may start there and, for a word that starts
phrases of several words, narrows them by the next word. These tests hold it to the plain
statement of the rule: every phrase whose words all fit, minus those inside a longer phrase
of the same family.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lmskg.extract import cues as cue_module
from lmskg.extract.cues import CueSet, default_cues, load_cues
from lmskg.tokens import tokenize


def _fits(word: str, norm: str) -> bool:
    return norm.startswith(word[:-1]) if word.endswith("*") else norm == word


def _family(kind: str) -> str:
    return "marker" if kind.startswith("marker_") else kind


def reference_find(cueset: CueSet, tokens, kinds=None) -> list[tuple[str, str, int, int]]:
    """Every fitting phrase, then those not strictly inside a longer one of the family."""
    norms = [t.norm for t in tokens]
    found = []
    for i in range(len(norms)):
        for kind, items in cueset.phrases.items():
            if kinds is not None and kind not in kinds:
                continue
            for words in items:
                if i + len(words) <= len(norms) and all(
                        _fits(w, norms[i + k]) for k, w in enumerate(words)):
                    found.append((kind, " ".join(words), i, i + len(words)))

    def inside(c, o):
        return (_family(c[0]) == _family(o[0]) and o[3] - o[2] > c[3] - c[2]
                and o[2] <= c[2] and c[3] <= o[3])

    return [c for c in found if not any(inside(c, o) for o in found)]


def _phrase_texts(cueset: CueSet) -> list[str]:
    """Words that make the cues fit or nearly fit: each phrase word, wildcards completed."""
    words = set()
    for items in cueset.phrases.values():
        for phrase in items:
            for w in phrase:
                words.update({w[:-1] + "ed", w[:-1]} if w.endswith("*") else {w})
    return sorted(w for w in words if w.isalpha())


CUES = default_cues()
POOL = _phrase_texts(CUES) + ["tumour", "liver", "desmin", ",", ".", "the", "and"]


def _check(cueset: CueSet, text: str, kinds=None) -> None:
    tokens = tokenize(text)
    got = cueset.find(tokens, kinds)
    want = reference_find(cueset, tokens, kinds)
    assert sorted(got) == sorted(want), text
    # in token order, longest first at each token
    assert [(c.start, -(c.end - c.start)) for c in got] == sorted(
        (c.start, -(c.end - c.start)) for c in got)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(POOL), max_size=14))
def test_find_equals_the_plain_rule(words):
    _check(CUES, " ".join(words))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(POOL), max_size=10),
       st.sets(st.sampled_from(sorted(cue_module.KINDS)), min_size=1, max_size=3))
def test_find_of_some_kinds_equals_the_plain_rule(words, kinds):
    _check(CUES, " ".join(words), frozenset(kinds))


@pytest.mark.parametrize("text", [
    "no evidence of metastasis",
    "not expressed",
    "did not",
    "were negative for desmin",
    "no",
    "it was not",
    "remains to be defined, and no guidelines exist",
])
def test_phrases_of_several_words(text):
    _check(CUES, text)


def test_a_word_followed_by_different_words_each_time():
    # the narrowed candidates of "no" are kept per next word: each answer is its own
    for text in ("no evidence of disease", "no metastasis", "no", "no evidence of disease"):
        _check(CUES, text)


def test_memory_of_words_is_bounded(tmp_path, monkeypatch):
    path = tmp_path / "cues.tsv"
    path.write_text("kind\tphrase\nnegation_pre\tno\nnegation_pre\tno evidence of\n"
                    "negation_post\twas not\nhedge\tsuspect*\n", encoding="utf-8")
    cueset = load_cues(path)
    monkeypatch.setattr(cue_module, "_MEMO_MAX", 3)
    texts = ["no evidence of spread", "x y z was not", "no sign", "suspected w v",
             "no evidence of it", "was there", "no"]
    for text in texts * 2:
        _check(cueset, text)
    assert len(cueset._by_word) <= 3
    assert all(len(v) <= 3 for v in cueset._by_word.values() if isinstance(v, dict))


def _long_phrases() -> list[str]:
    out = []
    for items in CUES.phrases.values():
        for words in items:
            if len(words) > 2:
                out.append(" ".join(w[:-1] + "ed" if w.endswith("*") else w for w in words))
    return sorted(set(out))


@pytest.mark.parametrize("phrase", _long_phrases())
def test_each_word_of_a_long_phrase_is_checked(phrase):
    words = phrase.split()
    _check(CUES, phrase)
    for k in range(1, len(words)):  # one word replaced: a near miss
        _check(CUES, " ".join(words[:k] + ["zzz"] + words[k + 1:]))
