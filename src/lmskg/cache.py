"""The build cache: each document's part, kept between builds of the same output folder.

A part depends only on the document (its bytes and its name) and on what the build was
configured with: the software version, the vocabulary, cues and ontology (their
fingerprint), the shapes and whether it was validated; and it is read back only as it was
packed. The cache key hashes all of that, so a document whose key is unchanged reuses its
part (graph and validation results) and anything else is rebuilt. Entries live in one SQLite file in the output folder
(``OUT/cache.sqlite``), written in transactions as parts are made and read one at a time
as they are needed (so memory does not grow with the corpus); a build ends by dropping
the entries it did not use, so the file does not grow with old corpora either.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import fields
from pathlib import Path

from . import __version__
from .partition import LAYOUT
from .pipeline import PACKING, PART_VERSION, Part, unpack
from .summary import DocumentSummary

CACHE_FILE = "cache.sqlite"
_SCHEMA = "CREATE TABLE IF NOT EXISTS parts (key TEXT PRIMARY KEY, part BLOB NOT NULL)"


def configuration(fingerprint: str, shapes: Sequence[Path] | None, validated: bool) -> str:
    """A digest of everything besides the document that a part depends on."""
    digest = hashlib.sha256(f"{__version__}\x1f{PACKING}\x1f{PART_VERSION}\x1f{LAYOUT}\x1f{fingerprint}\x1f{validated}".encode())
    for record in (Part, DocumentSummary):  # parts cached before a field was added or
        digest.update("\x1f".join(f.name for f in fields(record)).encode())  # renamed are not read back
    for path in shapes or ():
        digest.update(Path(path).read_bytes())
    return digest.hexdigest()


def key(configuration: str, path: Path, name: str) -> str | None:
    """The cache key of a document, or None when it cannot be read (the build then
    reports the problem)."""
    try:
        data = Path(path).read_bytes()
    except OSError:
        return None
    digest = hashlib.sha256(f"{configuration}\x1f{name}\x1f{Path(path).suffix.lower()}\x1f".encode())
    digest.update(data)
    return digest.hexdigest()


class Cache:
    """Parts by key, in ``folder/cache.sqlite``."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.path = folder / CACHE_FILE
        self._pending: list[tuple[str, bytes]] = []
        try:
            self._db = sqlite3.connect(self.path)
            self._db.execute(_SCHEMA)
        except sqlite3.DatabaseError:  # not a cache file (or a damaged one): start afresh
            self.path.unlink(missing_ok=True)
            self._db = sqlite3.connect(self.path)
            self._db.execute(_SCHEMA)

    def contains(self, keys: Iterable[str]) -> set[str]:
        """The keys among ``keys`` that have a part."""
        found: set[str] = set()
        wanted = list(dict.fromkeys(keys))
        for i in range(0, len(wanted), 500):
            chunk = wanted[i:i + 500]
            rows = self._db.execute(
                f"SELECT key FROM parts WHERE key IN ({','.join('?' * len(chunk))})", chunk)
            found.update(k for (k,) in rows)
        return found

    def load(self, key: str) -> Part | None:
        """The part stored under ``key`` (None: absent or unreadable)."""
        row = self._db.execute("SELECT part FROM parts WHERE key = ?", (key,)).fetchone()
        if row is None:
            return None
        try:
            return unpack(row[0])
        except Exception:  # noqa: BLE001 (an unreadable entry is a miss)
            return None

    def add(self, key: str, packed: bytes) -> None:
        """Store a part, packed (lmskg.pipeline.pack; written in batches, committed by
        :meth:`keep`)."""
        self._pending.append((key, packed))
        if len(self._pending) >= 256:
            self._flush()

    def _flush(self) -> None:
        with self._db:
            self._db.executemany("INSERT OR REPLACE INTO parts VALUES (?, ?)", self._pending)
        self._pending.clear()

    def keep(self, used: Iterable[str]) -> None:
        """Store what is pending and drop every part not in ``used``, so the cache holds
        exactly the parts of the last build."""
        self._flush()
        with self._db:
            self._db.execute("CREATE TEMP TABLE IF NOT EXISTS used (key TEXT PRIMARY KEY)")
            self._db.execute("DELETE FROM used")
            self._db.executemany("INSERT OR IGNORE INTO used VALUES (?)", ((k,) for k in used))
            self._db.execute("DELETE FROM parts WHERE key NOT IN (SELECT key FROM used)")

    def close(self) -> None:
        self._db.close()
