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
- Readers and builds pass a gate (``OUT/.store.gate``) to take the store lock, holding
  it while they wait for the lock, so a stream of queries cannot starve a build.

The kernel drops a lock when its process ends, however it ends, so a killed build or query
never leaves the folder locked.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path

from .errors import LmskgError

try:
    import fcntl
except ImportError:  # no flock (Windows): builds are not guarded against each other
    fcntl = None

#: The store's folder inside a build's output folder.
STORE_DIR = "store"
#: The build's lock, the store's lock and the readers' gate in an output folder.
LOCK = ".lock"
STORE_LOCK = ".store.lock"
GATE = ".store.gate"
#: What a build writes before renaming it into place: atomic files (``.NAME.XXXX.tmp``),
#: the spooled parts (``.assembly-PID``) and stores being loaded or replaced.
LEFTOVERS = (".*.tmp", ".assembly-*", f".{STORE_DIR}.new-*", f".{STORE_DIR}.old-*")


class FolderBusy(LmskgError):
    """Another build is writing the output folder."""


@contextmanager
def locked(out_dir: Path) -> Iterator[None]:
    """Hold ``out_dir``'s lock (created if needed); raise FolderBusy if another process
    holds it."""
    out_dir.mkdir(parents=True, exist_ok=True)
    fd = os.open(out_dir / LOCK, os.O_RDWR | os.O_CREAT, 0o666)
    try:
        if fcntl is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise FolderBusy(f"{out_dir}: another lmskg build is writing this folder",
                                 "wait for it to finish, or build into another --out") from None
        yield
    finally:
        os.close(fd)  # releases the lock


@contextmanager
def building(out_dir: Path) -> Iterator[None]:
    """Hold ``out_dir`` for a build: its lock, then the store a killed build moved aside
    put back, then every other leftover of a killed build removed."""
    with locked(out_dir):
        recover(out_dir)
        for pattern in LEFTOVERS:
            for path in sorted(out_dir.glob(pattern)):
                if path.is_dir() and not path.is_symlink():
                    shutil.rmtree(path, ignore_errors=True)
                else:
                    path.unlink(missing_ok=True)
        yield


def recover(out_dir: Path) -> None:
    """Put back the previous store if a run was killed between moving it aside and moving
    the new one in (the only moment of a swap when ``out_dir/store`` does not exist). Call
    it holding the folder's lock."""
    if (out_dir / STORE_DIR).exists():
        return
    for old in sorted(out_dir.glob(f".{STORE_DIR}.old-*")):
        old.rename(out_dir / STORE_DIR)
        return


@contextmanager
def _store_locked(out_dir: Path, mode: int, reader: bool = False) -> Iterator[None]:
    """Hold the store's lock in ``mode``, passing the gate: whoever waits for the lock
    holds the gate, so readers queue behind a waiting build rather than overtake it. A
    reader that cannot create the gate reads without a lock: it cannot write the folder,
    so it cannot be building into it either."""
    try:
        gate = os.open(out_dir / GATE, os.O_RDWR | os.O_CREAT, 0o666)
    except OSError:
        if not reader:
            raise
        yield
        return
    try:
        fcntl.flock(gate, fcntl.LOCK_EX)
        lock = os.open(out_dir / STORE_LOCK, os.O_RDWR | os.O_CREAT, 0o666)
        fcntl.flock(lock, mode)
    finally:
        os.close(gate)
    try:
        yield
    finally:
        os.close(lock)


def reading_store(out_dir: Path) -> AbstractContextManager[None]:
    """Hold ``out_dir``'s store for reading (nothing to hold if ``out_dir`` is not a build's
    folder)."""
    if fcntl is None or not (out_dir / LOCK).is_file():
        return nullcontext()
    return _store_locked(out_dir, fcntl.LOCK_SH, reader=True)


def changing_store(out_dir: Path) -> AbstractContextManager[None]:
    """Hold ``out_dir``'s store for changing it: wait for its readers, keep new ones out."""
    return nullcontext() if fcntl is None else _store_locked(out_dir, fcntl.LOCK_EX)
