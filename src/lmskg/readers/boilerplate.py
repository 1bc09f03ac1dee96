"""Remove page chrome (buttons, banners, footers) from text copied from web pages.

The rules are general; no site's strings are listed. Cue words live in the data file
``boilerplate_cues.txt`` beside this module. Each non-blank line gets a score:

* **cues**: the weights of the distinct web-UI cue phrases it contains
  (copyright, ©, privacy policy, cookies, sign in, download, app, click, share...);
* **button**: +1 when a short line (at most 8 words) starts with a UI verb
  ("Add ...", "Save ...", "Share ...");
* **label**: +0.5 for a short line (at most 6 words) without final punctuation, and
  +0.5 for an all-caps label ending in a colon ("SPONSORED:");
* **repeated**: +1 when a line with a cue is repeated verbatim elsewhere in the text;
* **prose**: -1 for a sentence of 8+ words ending in ``.``/``!``/``?``, -2 for 20+ words;
* **content guard**: a line with a medical stem (tumour, patient, *-oma*, *-ectomy*,
  diagnos*...) of six or more words is never chrome unless it carries a "hard" cue
  (©, copyright, cookies, privacy policy...); a shorter one loses 2 points.

A line is *strong* chrome at 2 points, *weak* chrome at 1. Then:

1. strong lines are removed anywhere;
2. **head trimming**: the leading run of weak-or-strong lines (toolbar buttons above the
   title) is removed;
3. **tail trimming**: the trailing run of lines that are not content (content = a
   bullet, a line of 13+ words or a line with a medical stem, none of them scoring) is
   removed from its first to its last chrome line, when that part holds a strong line
   and at least as many chrome lines as other lines; so short non-chrome lines between
   chrome lines ("Related reading") go with them.

Blank lines are kept, so paragraph structure survives; the caller re-normalises.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import ahocorasick

STRONG = 2.0
WEAK = 1.0
_CUES_FILE = Path(__file__).with_name("boilerplate_cues.txt")
_BULLET = re.compile(r"^\s*(?:[-*+\u2022\u00b7\u25e6\u25aa\u2023]|\d{1,3}[.)])\s+")
_FINAL_PUNCT = re.compile(r"[.!?:;,][\"'\u201d\u2019)\]]*$")
_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)\]]*$")
_CAPS_LABEL = re.compile(r"^[A-Z][A-Z &/-]{2,}:")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Stems:
    """Word stems (``tumor*``, ``*oma``, ``mri``) matched word by word, which is fast."""

    words: frozenset[str]
    prefixes: tuple[str, ...]
    suffixes: tuple[str, ...]
    phrases: re.Pattern[str] | None

    @classmethod
    def parse(cls, entries: list[str]) -> Stems:
        single = [e for e in entries if " " not in e]
        phrases = [_pattern(e) for e in entries if " " in e]
        return cls(
            words=frozenset(e for e in single if "*" not in e),
            prefixes=tuple(e[:-1] for e in single if e.endswith("*")),
            suffixes=tuple(e[1:] for e in single if e.startswith("*")),
            phrases=re.compile("|".join(phrases), re.IGNORECASE) if phrases else None,
        )

    def search(self, text: str) -> bool:
        """True when a word of ``text`` matches a stem."""
        for word in _WORD.findall(text.lower()):
            if word in self.words or word.startswith(self.prefixes) or word.endswith(self.suffixes):
                return True
        return bool(self.phrases and self.phrases.search(text))


#: The non-ASCII characters that a case-insensitive pattern matches to an ASCII letter
#: (Python's ``re`` folds case one character at a time, by simple case mapping).
ASCII_CASE = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})


@dataclass(frozen=True)
class Cues:
    """The parsed cue file."""

    weighted: tuple[tuple[re.Pattern[str], float, bool], ...]
    #: the longest word of each cue (lower case, ASCII) -> the cues it is in. A cue matches
    #: only a line that holds its longest word, so a line's cues are found in one pass
    #: (a pattern of all cues, each behind a look-behind, tries every one at every character)
    words: ahocorasick.Automaton | None
    unfiltered: tuple[int, ...]  # cues without such a word: tried on every line
    ui_verbs: frozenset[str]
    content: Stems
    html_tokens: frozenset[str]
    html_classes: frozenset[str]
    headings: frozenset[str]

    def candidates(self, text: str) -> list[int]:
        """The indices (in ``weighted``) of the cues that may match ``text``, in order."""
        found = set(self.unfiltered)
        if self.words is not None:
            for _, cues in self.words.iter(text.translate(ASCII_CASE).lower()):
                found.update(cues)
        return sorted(found)


def _longest_word(phrase: str) -> str:
    """The longest word of a cue phrase without its wildcards, if it is plain ASCII."""
    word = max((w.strip("*") for w in phrase.split()), key=len, default="")
    return word if word.isascii() else ""


def _pattern(phrase: str) -> str:
    """Turn a cue phrase with ``*`` wildcards into a regex with word boundaries."""
    words = []
    for word in phrase.split():
        body = re.escape(word.strip("*"))
        if word.startswith("*"):
            body = r"\w*" + body
        if word.endswith("*"):
            body += r"\w*"
        words.append(body)
    text = r"\s+".join(words)
    if phrase[0].isalnum() or phrase[0] == "*":
        text = r"(?<!\w)" + text
    if phrase[-1].isalnum() or phrase[-1] == "*":
        text += r"(?!\w)"
    return text


@cache
def load_cues(path: Path = _CUES_FILE) -> Cues:
    """Read the cue file (``[section]`` headers, one entry per line, ``#`` comments)."""
    sections: dict[str, list[str]] = {}
    current = ""
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip() if not raw.lstrip().startswith("#") else ""
        if not line:
            continue
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1]
            sections.setdefault(current, [])
        else:
            sections.setdefault(current, []).append(line.lower())
    weighted, by_word, unfiltered = [], {}, []
    for n, entry in enumerate(sections.get("cues", [])):
        weight, phrase = entry.split(None, 1)
        hard = weight.endswith("!")
        weighted.append((re.compile(_pattern(phrase.strip()), re.IGNORECASE),
                         float(weight.rstrip("!")), hard))
        if word := _longest_word(phrase):
            by_word.setdefault(word, []).append(n)
        else:
            unfiltered.append(n)
    words = None
    if by_word:
        words = ahocorasick.Automaton()
        for word, cues in by_word.items():
            words.add_word(word, tuple(cues))
        words.make_automaton()
    return Cues(
        weighted=tuple(weighted),
        words=words,
        unfiltered=tuple(unfiltered),
        ui_verbs=frozenset(sections.get("ui_verbs", [])),
        content=Stems.parse(sections.get("content", [])),
        html_tokens=frozenset(sections.get("html_tokens", [])),
        html_classes=frozenset(sections.get("html_classes", [])),
        headings=frozenset(sections.get("headings", [])),
    )


@dataclass(frozen=True)
class LineScore:
    """The verdict on one line: its score and whether it is content."""

    score: float
    content: bool  # a line the tail trimming must not cross


#: Page chrome is short: a line longer than this is content, and is not split into words
#: to find out (a whole file on one line would otherwise be copied word by word).
LONG_LINE = 2_000


def score_line(line: str, repeated: bool = False, cues: Cues | None = None) -> LineScore:
    """Score one line of text; higher means more like page chrome."""
    if len(line) > LONG_LINE:
        return LineScore(0.0, True)
    cues = cues or load_cues()
    is_bullet = bool(_BULLET.match(line))
    core = _BULLET.sub("", line).strip()
    words = core.split()
    n = len(words)
    if not n:
        return LineScore(0.0, False)
    medical = bool(cues.content.search(core))
    found = [cues.weighted[i] for i in cues.candidates(core)]
    if medical and n >= 6 and not any(hard and p.search(core) for p, _, hard in found):
        return LineScore(0.0, True)  # the content guard: a medical line is never chrome
    score, hard = 0.0, False
    for pattern, weight, is_hard in found:
        if pattern.search(core):
            score += weight
            hard = hard or is_hard
    if repeated and score > 0:
        score += 1
    if n <= 8 and words[0].lower().strip(".,:;!?") in cues.ui_verbs:
        score += 1
    if n <= 6 and not _FINAL_PUNCT.search(core):
        score += 0.5
    if _CAPS_LABEL.match(core):
        score += 0.5
    if _SENTENCE_END.search(core) and n >= 8:
        score -= 2 if n >= 20 else 1
    if medical and not hard:
        score -= 2
    content = score < WEAK and (is_bullet or n >= 13 or medical)
    return LineScore(score, content)


def score_lines(lines: list[str]) -> list[LineScore]:
    """Score every line of a document (repetition is counted within the document)."""
    def key(line: str) -> str:
        return " ".join(line.split()).casefold() if len(line) <= LONG_LINE else ""

    counts: dict[str, int] = {}
    for line in lines:
        if k := key(line):
            counts[k] = counts.get(k, 0) + 1
    cues = load_cues()
    return [score_line(line, counts.get(key(line), 0) > 1, cues) for line in lines]


def chrome_lines(text: str) -> set[int]:
    """Indices (in ``text.split("\\n")``) of the lines judged to be page chrome."""
    lines = text.split("\n")
    scores = score_lines(lines)
    filled = [i for i, line in enumerate(lines) if line.strip()]
    removed = {i for i in filled if scores[i].score >= STRONG}
    for i in filled:  # head: toolbar lines before the title
        if scores[i].score < WEAK:
            break
        removed.add(i)
    run: list[int] = []  # tail: trailing lines that are not content, bottom-up
    for i in reversed(filled):
        if scores[i].content:
            break
        run.append(i)
    run.reverse()
    chrome = [i for i in run if scores[i].score >= WEAK]
    if chrome:
        tail = [i for i in run if chrome[0] <= i <= chrome[-1]]
        strong = any(scores[i].score >= STRONG for i in tail)
        if strong and 2 * len(chrome) >= len(tail):
            removed.update(tail)
    return removed


def split_boilerplate(text: str) -> tuple[str, list[str]]:
    """Return ``(kept_text, removed_lines)``; removed lines leave no trace in the text."""
    lines = text.split("\n")
    removed = chrome_lines(text)
    kept = [line for i, line in enumerate(lines) if i not in removed]
    return "\n".join(kept), [lines[i] for i in sorted(removed)]


def strip_boilerplate(text: str) -> str:
    """Remove the lines judged to be page chrome (see the module docstring)."""
    return split_boilerplate(text)[0]
