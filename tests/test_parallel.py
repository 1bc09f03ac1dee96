"""Handing work to a pool a few items at a time (lmskg.parallel.in_order)."""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

import pytest

from lmskg.parallel import in_order


def _square(n: int) -> int:
    return n * n


def test_results_come_back_in_the_order_of_the_items() -> None:
    with ProcessPoolExecutor(2) as pool:
        assert list(in_order(pool, _square, range(20), 3)) == [n * n for n in range(20)]


def test_items_are_taken_only_as_the_window_frees() -> None:
    taken: list[int] = []

    def items():
        for n in range(10):
            taken.append(n)
            yield n

    with ThreadPoolExecutor(2) as pool:
        results = in_order(pool, _square, items(), 3)
        assert taken == []  # nothing before the first result is asked for
        assert next(results) == 0
        assert len(taken) == 4  # the window of three, and one more once the first is read
        assert list(results) == [n * n for n in range(1, 10)]
    assert taken == list(range(10))


def test_a_failed_item_raises_when_it_is_read_back() -> None:
    def fail_on_two(n: int) -> int:
        if n == 2:
            raise ValueError("two")
        return n

    with ThreadPoolExecutor(2) as pool:
        results = in_order(pool, fail_on_two, range(5), 2)
        assert [next(results), next(results)] == [0, 1]
        with pytest.raises(ValueError, match="two"):
            next(results)
