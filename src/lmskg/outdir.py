"""A build's output folder: one build writes it at a time, queries never see its store
change under them, and what a killed build left behind is removed by the next.

- A build holds an exclusive ``flock`` on ``OUT/.lock`` while it runs. Holding it, the
  build knows that every temporary file or folder in ``OUT`` was left by a build that
  died, and removes it.
- The store has its own lock, ``OUT/.store.lock``: queries hold it shared while they
  read; a build holds it exclusive only while it swaps a new store in or changes the
  store in place. So a build waits for the queries already running (each is bounded by
  its timeout) and new queries wait for the swap. RocksDB read-only readers open table
  files lazily, by name: a store changed or moved under them reads as corrupt.
- Readers pass a gate (``OUT/.store.gate``) before taking the store lock, and a build
  holds the gate while it waits for the store lock, so a stream of queries cannot starve
  a build.

The kernel drops a lock when its process ends, however it ends, so a killed build or query
never leaves the folder locked.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import LmskgError

try:
    import fcntl
except ImportError:  # no flock (Windows): builds are not guarded against each other
    fcntl = None

#: The build's lock, the store's lock and the readers' gate in an output folder.
LOCK = ".lock"
STORE_LOCK = ".store.lock"
GATE = ".store.gate"
#: What a build writes before renaming it into place: atomic files (``.NAME.XXXX.tmp``),
#: the spooled parts (``.assembly-PID``) and stores being loaded or replaced.
LEFTOVERS = (".*.tmp", ".assembly-*", ".store.new-*", ".store.old-*")


class FolderBusy(LmskgError):
    """Another build is writing the output folder."""


@contextmanager
def locked(out_dir: Path, wait: bool = False) -> Iterator[None]:
    """Hold ``out_dir``'s lock (created if needed). Without ``wait``, raise FolderBusy if
    another process holds it."""
    out_dir.mkdir(parents=True, exist_ok=True)
    fd = os.open(out_dir / LOCK, os.O_RDWR | os.O_CREAT, 0o666)
    try:
        if fcntl is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
            except BlockingIOError:
                raise FolderBusy(f"{out_dir}: another lmskg build is writing this folder",
                                 "wait for it to finish, or build into another --out") from None
        yield
    finally:
        os.close(fd)  # releases the lock


@contextmanager
def reading_store(out_dir: Path) -> Iterator[None]:
    """Hold ``out_dir``'s store for reading (nothing to hold if ``out_dir`` is not a build's
    folder, or if it cannot be written)."""
    if fcntl is None or not (out_dir / LOCK).is_file():
        yield
        return
    try:
        gate = os.open(out_dir / GATE, os.O_RDWR | os.O_CREAT, 0o666)
    except OSError:
        yield
        return
    try:
        fcntl.flock(gate, fcntl.LOCK_EX)  # waits while a build is changing the store
        lock = os.open(out_dir / STORE_LOCK, os.O_RDWR | os.O_CREAT, 0o666)
        fcntl.flock(lock, fcntl.LOCK_SH)
    finally:
        os.close(gate)
    try:
        yield
    finally:
        os.close(lock)


@contextmanager
def changing_store(out_dir: Path) -> Iterator[None]:
    """Hold ``out_dir``'s store for changing it: wait for its readers, keep new ones out."""
    if fcntl is None:
        yield
        return
    gate = os.open(out_dir / GATE, os.O_RDWR | os.O_CREAT, 0o666)
    try:
        fcntl.flock(gate, fcntl.LOCK_EX)
        lock = os.open(out_dir / STORE_LOCK, os.O_RDWR | os.O_CREAT, 0o666)
        try:
            fcntl.flock(lock, fcntl.LOCK_EX)
            yield
        finally:
            os.close(lock)
    finally:
        os.close(gate)


def remove_leftovers(out_dir: Path) -> list[str]:
    """Remove the temporary files and folders of builds that died (call it holding the
    lock, after any moved-aside store was put back). Returns their names."""
    removed = []
    for pattern in LEFTOVERS:
        for path in sorted(out_dir.glob(pattern)):
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
            removed.append(path.name)
    return removed
