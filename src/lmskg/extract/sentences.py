"""Sentence segmentation that follows layout as well as punctuation.

Lines are classified as bullets, headings (short lines without sentence-final
punctuation, or lead-in lines ending in a colon) and paragraph lines. Consecutive
paragraph lines form a block (hard-wrapped text is joined) that is split at sentence-final
punctuation, except after abbreviations (from the cue file), initials and inside
numbers. Each unit remembers the heading context it was read under, so a bullet such as
"- desmin" under "Negative stains:" keeps its cue.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..model import Sentence
from .cues import CueSet

_BULLET = re.compile(r"^(\s*)(?:[-*•·▪◦‣–]|\d{1,2}[.)])\s+")
_WORD = re.compile(r"\w+")
_END = re.compile(r"[.!?][\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9•-])")
_MAX_HEADING_WORDS = 10
_MAX_HEADING_CHARS = 300


def _is_heading(text: str) -> bool:
    stripped = text.strip()
    if not stripped or _END.search(stripped) or len(stripped) > _MAX_HEADING_CHARS:
        return False  # holds a sentence boundary, or is too long: it is prose
    words = _WORD.findall(stripped)
    if stripped.endswith(":"):
        return len(words) <= 2 * _MAX_HEADING_WORDS
    return len(words) <= _MAX_HEADING_WORDS and stripped[-1] not in ".!?,;"


def _lines(text: str) -> Iterator[tuple[int, int]]:
    pos = 0
    for line in text.split("\n"):
        yield pos, pos + len(line)
        pos += len(line) + 1


#: Longest sentence, in characters. Text without sentence ends (a minified page, a table
#: dumped on one line) is cut at the last space before this length, so the work and memory
#: per sentence stay bounded however long a line is.
MAX_SENTENCE = 2_000


def _bounded(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """``text[start:end]`` in pieces of at most MAX_SENTENCE characters, cut at spaces."""
    while end - start > MAX_SENTENCE:
        cut = text.rfind(" ", start + 1, start + MAX_SENTENCE)
        cut = cut if cut > start else start + MAX_SENTENCE
        yield start, cut
        start = cut
    yield start, end


def _split_block(text: str, start: int, end: int, abbreviations: frozenset[str]) -> Iterator[tuple[int, int]]:
    """Sentence spans inside text[start:end]."""
    block = text[start:end]
    cut = 0
    for m in _END.finditer(block):
        # the last two words before the full stop (abbreviations are at most two words)
        before = block[max(cut, m.start() - 60) : m.start()].lower().rsplit(None, 2)
        last = before[-1].rstrip(".") if before else ""
        two = " ".join(before[-2:]).rstrip(".")
        if block[m.start()] == "." and (
            last in abbreviations or two in abbreviations or (len(last) == 1 and last.isalpha())
        ):
            continue
        yield from _bounded(text, start + cut, start + m.end())
        cut = m.end()
    yield from _bounded(text, start + cut, end)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def segment(text: str, cues: CueSet) -> list[Sentence]:
    """Split a document text into sentences with their heading context."""
    abbreviations = cues.abbreviations
    units: list[Sentence] = []
    section: str | None = None
    lead: str | None = None
    strong_lead = False  # a lead-in ending in a colon outranks a short bullet
    last_was_heading = False
    block: list[tuple[int, int]] = []

    def context() -> str | None:
        parts = [p for p in (section, lead) if p]
        return " / ".join(parts) if parts else None

    def flush() -> None:
        nonlocal lead, strong_lead
        if not block:
            return
        under = context()  # the same for every unit of the block
        for s, e in _split_block(text, block[0][0], block[-1][1], abbreviations):
            s, e = _trim(text, s, e)
            if e > s:
                units.append(Sentence(s, e, text[s:e], under, "sentence"))
        if text[block[-1][0] : block[-1][1]].rstrip().endswith(":"):
            lead, strong_lead = units[-1].text.rstrip(":"), True  # introduces a list
        block.clear()

    lines = list(_lines(text))
    for n, (ls, le) in enumerate(lines):
        line = text[ls:le]
        if not line.strip():
            flush()
            continue
        nxt = text[lines[n + 1][0] : lines[n + 1][1]].lstrip() if n + 1 < len(lines) else ""
        # a line that runs on into a lower-case next line is wrapped prose, not a heading
        wrapped = bool(nxt) and nxt[0].islower() and line.rstrip()[-1:] not in ".!?:"
        bullet = _BULLET.match(line)
        if bullet:
            flush()
            cs = ls + bullet.end()
            cs, ce = _trim(text, cs, le)
            content = text[cs:ce]
            if _is_heading(content) and (content.endswith(":") or len(_WORD.findall(content)) <= 4):
                # a short bullet introduces the bullets that follow it
                units.append(Sentence(cs, ce, content, context(), "bullet"))
                if content.endswith(":") or not strong_lead:
                    lead, strong_lead = content.rstrip(":"), content.endswith(":")
                last_was_heading = False
                continue
            under = context()
            for s, e in _split_block(text, cs, ce, abbreviations):
                s, e = _trim(text, s, e)
                if e > s:
                    units.append(Sentence(s, e, text[s:e], under, "bullet"))
            last_was_heading = False
            continue
        continues = bool(block) and line.lstrip()[:1].islower() and \
            text[block[-1][0] : block[-1][1]].rstrip()[-1:] not in ".!?:"
        if _is_heading(line) and not wrapped and not continues:
            flush()
            s, e = _trim(text, ls, le)
            heading = text[s:e].rstrip(":").strip()
            units.append(Sentence(s, e, text[s:e], context(), "heading"))
            if text[s:e].endswith(":") and len(_WORD.findall(heading)) > 4:
                lead, strong_lead = heading, True  # a lead-in sentence introducing a list
            elif last_was_heading and section:
                section, lead, strong_lead = f"{section} / {heading}", None, False
            else:
                section, lead, strong_lead = heading, None, False
            last_was_heading = True
            continue
        if not block and units and units[-1].kind == "bullet":
            lead, strong_lead = None, False  # prose after a list: the list's lead-in is over
        block.append((ls, le))
        last_was_heading = False
    flush()
    return units
