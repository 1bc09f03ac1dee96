"""Readers: files -> ``Document`` (the cleaned text all later offsets refer to).

One module per format, registered by lower-case name and by file suffix (the pattern of
rdflib's ``plugin.register``). Adding a format means adding a module with a reader
class (``name``, ``media_type``, ``to_text``) and one ``register`` call below.

Every format goes through the same pipeline: bytes -> ``decode_bytes`` -> the reader's
``to_text`` -> ``normalize_text`` -> ``strip_boilerplate`` -> ``normalize_text``; then
the title (markup title, or a guess from the first line for readers with
``guess_title``) and the first DOI are taken from the result.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Protocol, runtime_checkable

from lmskg.errors import ReaderError
from lmskg.model import Document
from lmskg.readers.boilerplate import strip_boilerplate
from lmskg.readers.decode import decode_bytes, normalize_text
from lmskg.readers.html import HtmlReader
from lmskg.readers.markdown import MarkdownReader
from lmskg.readers.metadata import clean_title, find_doi, guess_title
from lmskg.readers.text import TextReader

__all__ = [
    "READERS",
    "SUFFIXES",
    "Reader",
    "document_from_bytes",
    "document_name",
    "iter_paths",
    "read_document",
    "reader_for",
    "register",
]


@runtime_checkable
class Reader(Protocol):
    """A format: turns decoded file contents into text (and a title from markup)."""

    name: str
    media_type: str

    def to_text(self, raw: str) -> tuple[str, str | None]:
        """Return ``(text, title_from_markup_or_None)``."""
        ...


READERS: dict[str, Reader] = {}
SUFFIXES: dict[str, str] = {}


def register(reader: Reader, suffixes: Iterable[str]) -> None:
    """Register ``reader`` under its name and the given file suffixes (with the dot)."""
    READERS[reader.name.lower()] = reader
    for suffix in suffixes:
        SUFFIXES[suffix.lower()] = reader.name.lower()


register(TextReader(), (".txt", ".text"))
register(MarkdownReader(), (".md", ".markdown"))
register(HtmlReader(), (".html", ".htm", ".xhtml"))


def _supported() -> str:
    return ", ".join(sorted(SUFFIXES))


def reader_for(path: Path) -> Reader:
    """The reader for ``path``'s suffix; ``ReaderError`` when the suffix is unsupported."""
    suffix = Path(path).suffix.lower()
    if suffix not in SUFFIXES:
        problem = f"unsupported file type {suffix!r}" if suffix else "file has no suffix"
        raise ReaderError(path, problem, f"supported suffixes: {_supported()}")
    return READERS[SUFFIXES[suffix]]


def document_from_bytes(
    data: bytes, path: Path | str, name: str | None = None, reader: Reader | None = None
) -> Document:
    """Build a ``Document`` from raw bytes (``path`` names it and picks the reader)."""
    reader = reader or reader_for(Path(path))
    sniff = getattr(reader, "sniff_encoding", None)
    declared = sniff(data) if sniff else None
    raw, encoding = decode_bytes(data, path, declared)
    body, markup_title = reader.to_text(raw)
    text = normalize_text(strip_boilerplate(normalize_text(body)))
    if not text.strip():
        raise ReaderError(path, "no text after cleaning", "is the file empty or only page chrome?")
    title = clean_title(markup_title)
    if title is None and getattr(reader, "guess_title", False):
        title = guess_title(text)
    return Document(
        path=str(path),
        name=name if name is not None else Path(path).name,
        text=text,
        sha256=hashlib.sha256(data).hexdigest(),
        media_type=reader.media_type,
        title=title,
        doi=find_doi(text),
        encoding=encoding,
    )


def read_document(path: Path, name: str | None = None) -> Document:
    """Read one file into a ``Document``; ``name`` defaults to the file name.

    Raises ``ReaderError`` (one line naming the file) for a missing, unreadable,
    unsupported, binary, undecodable or empty file.
    """
    reader = reader_for(Path(path))
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise ReaderError(path, "no such file") from None
    except IsADirectoryError:
        raise ReaderError(path, "is a directory, not a file") from None
    except OSError as exc:
        raise ReaderError(path, f"cannot read: {exc.strerror or exc}") from None
    return document_from_bytes(data, path, name, reader)


def _hidden(name: str) -> bool:
    return name.startswith(".")


def _walk(folder: Path) -> Iterator[Path | ReaderError]:
    """Supported, non-hidden files under ``folder``, sorted by their relative path."""
    errors: list[ReaderError] = []
    found: list[tuple[tuple[str, ...], Path]] = []

    def on_error(exc: OSError) -> None:
        errors.append(ReaderError(exc.filename or folder, f"cannot list folder: {exc.strerror}"))

    for top, dirs, files in os.walk(folder, onerror=on_error):
        dirs[:] = [d for d in dirs if not _hidden(d)]
        for file in files:
            path = Path(top, file)
            if not _hidden(file) and path.suffix.lower() in SUFFIXES:
                found.append((path.relative_to(folder).parts, path))
    yield from errors
    for _, path in sorted(found):
        yield path


def iter_paths(inputs: Iterable[Path]) -> Iterator[Path | ReaderError]:
    """Expand files and folders into document paths, in a deterministic order.

    Inputs are taken in the order given; a folder is walked recursively in sorted
    order, skipping hidden files and folders and unsupported suffixes. A missing
    path or a named file with an unsupported suffix yields a ``ReaderError`` instead
    of a path. A file reached twice is yielded once.
    """
    seen: set[Path] = set()
    for given in inputs:
        given = Path(given)
        if given.is_dir():
            candidates: Iterable[Path | ReaderError] = _walk(given)
        elif given.is_file():
            try:
                reader_for(given)
                candidates = [given]
            except ReaderError as exc:
                candidates = [exc]
        elif given.is_symlink() and not given.exists():
            candidates = [ReaderError(given, "broken symbolic link")]
        elif given.exists():
            candidates = [ReaderError(given, "not a regular file or folder")]
        else:
            candidates = [ReaderError(given, "no such file or folder")]
        for item in candidates:
            if isinstance(item, Path):
                key = item.resolve()
                if key in seen:
                    continue
                seen.add(key)
            yield item


def document_name(path: Path, root: Path | None) -> str:
    """The name of a document: its path relative to ``root`` (posix), else its file name."""
    path = Path(path)
    if root is not None:
        try:
            return path.relative_to(root).as_posix()
        except ValueError:
            pass
    return path.name
