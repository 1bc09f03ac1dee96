"""Markdown reader: keep the words, drop the syntax.

Line rules: front matter (``---`` YAML or ``+++`` TOML at the top), code fences with
their content, HTML comments, ``<script>``/``<style>`` blocks, reference definitions and
thematic breaks are dropped; ATX and setext headings become their text on a line of
their own; ``*``/``+``/``-``/numbered items (and task lists) become ``- item``;
blockquote markers and indentation are removed; table rows become their cells joined by
`` | `` and the ``|---|`` separator line goes.

Inline rules: images dropped; ``[text](url)`` and ``[text][ref]`` become ``text``;
footnote markers dropped; ``<https://...>`` autolinks become the URL; code-span ticks,
emphasis and strike-through markers, raw HTML tags and backslash escapes removed; HTML
entities decoded. Code-span contents are left untouched.
"""

from __future__ import annotations

import html
import re

_FRONT = re.compile(r"\A(?:---|\+\+\+)[ \t]*\n.*?\n(?:---|\.\.\.|\+\+\+)[ \t]*(?:\n|\Z)", re.DOTALL)
_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)
_RAW_BLOCK = re.compile(r"<(script|style)\b.*?(?:</\1\s*>|\Z)", re.DOTALL | re.IGNORECASE)
_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_ATX = re.compile(r"^\s{0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_SETEXT = re.compile(r"^\s{0,3}(=+|-+)[ \t]*$")
_BREAK = re.compile(r"^\s{0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,9}[.)])(?:[ \t]+(?:\[[ xX]\][ \t]+)?(.*))?$")
_QUOTE = re.compile(r"^\s*(?:>\s?)+")
_REF_DEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*\S+.*$")
_TABLE_SEP = re.compile(r"^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$")
_CELL_SPLIT = re.compile(r"(?<!\\)\|")
_CODE = re.compile(r"(`+)(.+?)(?<!`)\1(?!`)")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|~<>])")
_INLINE: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"[ \t]*!\[[^\]]*\](?:\([^()]*(?:\([^()]*\)[^()]*)*\)|\[[^\]]*\])"), ""),
    (re.compile(r"\[([^\[\]]*)\]\([^()]*(?:\([^()]*\)[^()]*)*\)"), r"\1"),
    (re.compile(r"\[\^[^\]]+\]"), ""),
    (re.compile(r"\[([^\[\]]+)\]\[[^\[\]]*\]"), r"\1"),
    (re.compile(r"<((?:https?|ftp|mailto):[^>\s]+)>"), r"\1"),
    (re.compile(r"<([^@\s<>]+@[^@\s<>]+\.[^@\s<>]+)>"), r"\1"),
    (re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>"), " "),
)
_EMPHASIS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),
    (re.compile(r"(?<![\w*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![\w*])"), r"\1"),
    (re.compile(r"(?<![\w_])_(?=[^\s_])(.+?)(?<=[^\s_])_(?![\w_])"), r"\1"),
    (re.compile(r"~~(?=\S)(.+?)(?<=\S)~~"), r"\1"),
)
_SPACES = re.compile(r" {2,}")


def _plain(segment: str) -> str:
    """Inline rules on text outside code spans (escapes protected as private-use chars)."""
    segment = _ESCAPE.sub(lambda m: chr(0xF0000 + ord(m.group(1))), segment)
    for pattern, repl in _INLINE:
        segment = pattern.sub(repl, segment)
    for _ in range(3):  # nested emphasis such as ***x***
        for pattern, repl in _EMPHASIS:
            segment = pattern.sub(repl, segment)
    segment = html.unescape(segment)
    return re.sub("[\U000f0000-\U000f00ff]", lambda m: chr(ord(m.group(0)) - 0xF0000), segment)


def inline(text: str) -> str:
    """Apply the inline rules to one line of Markdown."""
    out, pos = [], 0
    for match in _CODE.finditer(text):
        out.append(_plain(text[pos : match.start()]))
        out.append(match.group(2).strip() or match.group(2))
        pos = match.end()
    out.append(_plain(text[pos:]))
    return _SPACES.sub(" ", "".join(out)).strip()


def _cells(line: str) -> str:
    row = line.strip().removeprefix("|")
    row = row[:-1] if row.endswith("|") and not row.endswith("\\|") else row
    cells = [inline(cell.replace("\\|", "|")) for cell in _CELL_SPLIT.split(row)]
    return " | ".join(cell for cell in cells if cell)


def _table_rows(lines: list[str]) -> set[int]:
    """Indices of table lines: a header row, its separator, and the rows after it."""
    rows: set[int] = set()
    for i, line in enumerate(lines):
        if i and "|" in line and "-" in line and _TABLE_SEP.match(line) and "|" in lines[i - 1]:
            rows.update((i - 1, i))
            j = i + 1
            while j < len(lines) and lines[j].strip() and "|" in lines[j]:
                rows.add(j)
                j += 1
    return rows


def markdown_to_text(raw: str) -> tuple[str, str | None]:
    """Convert Markdown to plain text; return ``(text, first level-1 heading or None)``."""
    raw = _FRONT.sub("", raw.replace("\r\n", "\n").replace("\r", "\n"), count=1)
    raw = _RAW_BLOCK.sub("", _COMMENT.sub("", raw))
    lines = raw.split("\n")
    table = _table_rows(lines)
    out: list[str] = []
    title: str | None = None
    fence: str | None = None
    for i, line in enumerate(lines):
        if fence is not None:
            if line.strip().startswith(fence):
                fence = None
            continue
        if match := _FENCE.match(line):
            fence = match.group(1)[0] * len(match.group(1))
            continue
        if i in table:
            if not _TABLE_SEP.match(line):
                out.append(_cells(line))
            continue
        line = _QUOTE.sub("", line)
        setext = _SETEXT.match(line)
        if setext and out and out[-1].strip() and not out[-1].startswith("- "):
            if setext.group(1)[0] == "=" and title is None:
                title = out[-1]
            out.append("")  # the heading text stays on its own line
            continue
        if _BREAK.match(line) or _REF_DEF.match(line):
            out.append("")
        elif match := _ATX.match(line):
            text = inline(match.group(2) or "")
            if len(match.group(1)) == 1 and title is None and text:
                title = text
            out.extend(("", text, ""))
        elif match := _ITEM.match(line):
            text = inline(match.group(1) or "")
            out.append(f"- {text}" if text else "")
        else:
            out.append(inline(line.rstrip("\\")))
    return "\n".join(out), title


class MarkdownReader:
    """Reads ``.md`` files."""

    name = "markdown"
    media_type = "text/markdown"

    def to_text(self, raw: str) -> tuple[str, str | None]:
        """Return the text without Markdown syntax and the first ``# `` heading."""
        return markdown_to_text(raw)
