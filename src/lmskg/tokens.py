"""Tokenisation and normalisation shared by the lexicon and the matcher.

Text and labels go through the same functions, so a label matches whatever spelling of it
the normaliser folds together: case (except for abbreviations), hyphens and slashes,
UK/US spelling, Greek letters and regular plurals.
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

# A token is a word (letters/digits, with an inner decimal point as in "CAM5.2"), a
# trailing sign on a word ("CD34-", "desmin+", "CD34−"), or one punctuation character.
# Hyphens and slashes inside words separate tokens and are not tokens themselves. The
# one-character tokens come before the hyphen, whose test looks back, so that a position
# holding none of them (a space) is passed over sooner.
_TOKEN = re.compile(
    r"[^\W_]+(?:\.\d+)?"  # word, optionally with a decimal part
    r"|[+−±,;:.()\[\]!?]"  # signs; punctuation that matters to scope and coordination
    r"|[-–](?<=[^\W_][-–])(?=[\s,;:.)\]]|$)"  # hyphen or dash glued to a word: CD34-
)

# The pattern the tokenizer runs: what lies before each token, and the token. Knowing the
# skipped text's length gives the token's place without searching for it. No token starts
# with a space, so the spaces before a token are passed at once, never given back
# (possessive), rather than tried as the start of a token one by one. The last
# alternative takes text after the last token whole, so that text with no token left is
# passed in one step instead of being tried from each of its characters.
_SKIP_TOKEN = re.compile(r"(\s*+.*?)(" + _TOKEN.pattern + r")|.+", re.DOTALL)

_GREEK = {"α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "κ": "kappa", "λ": "lambda"}
_UK_US = (
    (re.compile(r"^(.{2,})our$"), r"\1or"),  # tumour, behaviour, colour
    (re.compile(r"ae"), "e"),  # haemorrhage, anaemia, paediatric
    (re.compile(r"^oe|(?<=[^aeiou])oe(?=[a-z])"), "e"),  # oedema, oesophagus, oestrogen
    (re.compile(r"isation"), "ization"),
    (re.compile(r"(?<=[a-z]{3})is(e|ed|es|ing)$"), r"iz\1"),  # metastasise(d)
)
_SIGN = {"-": "-", "−": "-", "–": "-", "+": "+", "±": "±"}


class Token(NamedTuple):
    """A token: a tuple, because a sentence makes hundreds of them and a tuple is the
    cheapest immutable record to make."""

    start: int
    end: int
    raw: str  # as written (Greek letters spelled out)
    norm: str  # case-folded, spelling-normalised, singular
    key: str  # the case-sensitive key of abbreviations (raw_key of raw)


def fold(word: str) -> str:
    """Case-fold and normalise the spelling of one word token (no plural handling)."""
    w = word.lower()
    for pattern, repl in _UK_US:
        w = pattern.sub(repl, w)
    return w


def singular(word: str) -> str:
    """Regular English plural -> singular, conservatively (only for words over 3 letters)."""
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes")):
        return word[:-2]
    if word.endswith(("ss", "us", "is")):
        return word
    if word.endswith("s"):
        return word[:-1]
    return word


def normalise(word: str) -> str:
    """The matching key of one word token."""
    if word in _SIGN:
        return _SIGN[word]
    return fold(singular(word.lower()))


def raw_key(word: str) -> str:
    """The case-sensitive key of an abbreviation token: plural 's' after capitals dropped."""
    if word in _SIGN:
        return _SIGN[word]
    if len(word) > 2 and word.endswith("s") and word[:-1].isupper():
        return word[:-1]
    return word


def _spell_greek(text: str) -> str:
    return "".join(_GREEK.get(ch, ch) for ch in text)


def _word(written: str) -> tuple[str, str, str]:
    """(raw, norm, key) of a word as written: Greek spelled out, NFKC, spelling key,
    case-sensitive key."""
    raw = written
    if any(ch in _GREEK for ch in raw):
        raw = _spell_greek(raw)
    # NFKC spells a few characters with a space (U+FE70: a space and a mark); a token, and
    # so each of its keys, holds none (the matcher counts tokens by the spaces between them)
    raw = "".join(unicodedata.normalize("NFKC", raw).split())
    return raw, normalise(raw), raw_key(raw)


#: Words already keyed. A corpus repeats a small vocabulary of words, so folding each
#: spelling once instead of at every occurrence is most of the tokenizer's speed. The
#: table is emptied when it grows past _KNOWN_MAX, which bounds its memory.
_KNOWN: dict[str, tuple[int, str, str, str]] = {}  # written -> (length, raw, norm, key)
_KNOWN_MAX = 200_000


def tokenize(text: str, offset: int = 0) -> list[Token]:
    """Tokens of ``text`` with offsets shifted by ``offset`` (document coordinates)."""
    tokens = []
    append = tokens.append
    known = _KNOWN
    make = tuple.__new__  # Token(...) without the Python-level __new__ of a named tuple
    # findall is twice as fast as finditer (no match objects); each match gives the text
    # skipped since the last token and the token itself, whose lengths give its place
    found = _SKIP_TOKEN.findall(text)
    if found and not found[-1][1]:
        found.pop()  # the text after the last token
    pos = offset
    for skipped, written in found:
        keyed = known.get(written)
        if keyed is None:
            if len(known) >= _KNOWN_MAX:
                known.clear()
            keyed = known[written] = (len(written), *_word(written))
        size, raw, norm, key = keyed
        pos += len(skipped)
        append(make(Token, (pos, pos + size, raw, norm, key)))
        pos += size
    return tokens


def label_tokens(label: str) -> list[Token]:
    """Tokens of a vocabulary label (same tokenizer as the text)."""
    return tokenize(label)
