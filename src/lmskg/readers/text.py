"""Plain-text reader: the text is kept as it is (normalisation happens for all formats)."""

from __future__ import annotations


class TextReader:
    """Reads ``.txt`` files. The title is guessed from the first line of the cleaned text."""

    name = "text"
    media_type = "text/plain"
    guess_title = True

    def to_text(self, raw: str) -> tuple[str, str | None]:
        """Return the text unchanged and no markup title."""
        return raw, None
