"""Binary file objects over byte pieces, for parsers and bulk loaders that read files."""

from __future__ import annotations

import io
from collections.abc import Iterator


class Reader(io.RawIOBase):
    """A read-only binary stream over an iterator of byte pieces (for bulk loading)."""

    def __init__(self, pieces: Iterator[bytes]) -> None:
        self._pieces = pieces
        self._view = memoryview(b"")

    def readable(self) -> bool:
        return True

    def readinto(self, target) -> int:
        while not self._view:
            piece = next(self._pieces, None)
            if piece is None:
                return 0
            self._view = memoryview(piece)
        n = min(len(target), len(self._view))
        target[:n] = self._view[:n]
        self._view = self._view[n:]
        return n


def stream(pieces: Iterator[bytes]) -> io.BufferedReader:
    """A buffered binary file object reading the pieces in turn."""
    return io.BufferedReader(Reader(pieces), buffer_size=1 << 20)
