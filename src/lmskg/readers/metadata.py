"""Document metadata found in the cleaned text: a title guess and the first DOI."""

from __future__ import annotations

import re

from lmskg.readers.boilerplate import load_cues

MAX_TITLE_CHARS = 250
MAX_TITLE_WORDS = 35
_DOI = re.compile(r"(?<![\w.])10\.\d{4,9}/[^\s\"'<>]+")
_TRAILING = ".,;:!?'\"\u201d\u2019"
_PAIRS = {")": "(", "]": "[", "}": "{"}
_BULLET = re.compile(r"^\s*(?:[-*+\u2022\u00b7\u25e6\u25aa\u2023]|\d{1,3}[.)])\s+")
_WS = re.compile(r"\s+")


def _trim_doi(doi: str) -> str:
    """Strip trailing punctuation, and closing brackets that do not belong to the DOI."""
    while doi:
        last = doi[-1]
        if last in _TRAILING or last in _PAIRS and doi.count(_PAIRS[last]) < doi.count(last):
            doi = doi[:-1]
        else:
            break
    return doi


def find_doi(text: str) -> str | None:
    """The first DOI (``10.NNNN/suffix``) in ``text``, lower-cased, or None.

    DOI names are case-insensitive (ISO 26324), so lower case is their canonical form.
    """
    for match in _DOI.finditer(text):
        doi = _trim_doi(match.group(0))
        if "/" in doi and not doi.endswith("/"):
            return doi.lower()
    return None


def clean_title(title: str | None) -> str | None:
    """Collapse whitespace; None for an empty title."""
    if title is None:
        return None
    title = _WS.sub(" ", title).strip()
    return title or None


def guess_title(text: str) -> str | None:
    """The first non-empty line if it looks like a title, else None.

    A title is short (at most 35 words, 250 characters), is not a bullet, does not end in
    a period, colon, semicolon or comma, has a letter, and is not a generic section
    heading such as "Abstract" (see ``[headings]`` in the cue file).
    """
    line = next((line.strip() for line in text.split("\n") if line.strip()), "")
    if not line or _BULLET.match(line) or len(line) > MAX_TITLE_CHARS:
        return None
    if len(line.split()) > MAX_TITLE_WORDS or line[-1] in ".:;,":
        return None
    if not any(c.isalpha() for c in line):
        return None
    heading = re.sub(r"^[\dIVX]+[.)]?\s+", "", line).strip().lower()
    if heading in load_cues().headings:
        return None
    return clean_title(line)
