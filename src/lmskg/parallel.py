"""Work handed to a process pool a few items at a time, its results read back in order."""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor


def in_order(pool: Executor, fn: Callable, items: Iterable, window: int) -> Iterator:
    """``fn(item)`` of each item, in the order of the items, with at most ``window`` of
    them submitted and not yet read back. ``Executor.map`` submits every item at once,
    so the inputs (and the results the caller has not read yet) would all be held;
    here the items are taken from ``items`` only as the window frees, so a generator
    of large inputs is made a few at a time. A failed item raises when it is read back."""
    items = iter(items)
    pending: deque = deque(pool.submit(fn, item) for item in itertools.islice(items, window))
    while pending:
        done = pending.popleft().result()
        for item in itertools.islice(items, 1):
            pending.append(pool.submit(fn, item))
        yield done
