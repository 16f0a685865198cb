"""engine.work_ahead: each item's work on a worker thread while the caller makes the next, results in order."""

from __future__ import annotations

import threading

import pytest

from engine.work_ahead import worked_ahead


def _items(made: list[int], n: int):
    for i in range(n):
        made.append(i)
        yield i


@pytest.mark.parametrize("threads", [1, 2])
def test_results_come_in_the_items_order_whatever_each_takes(threads: int):
    out = list(worked_ahead(lambda i: (i, i * i), _items([], 6), threads))
    assert out == [(i, i * i) for i in range(6)]


def test_with_two_threads_the_work_runs_on_the_named_worker_while_the_caller_makes_the_next_item():
    made: list[int] = []
    seen: list[tuple[str, list[int]]] = []

    def work(i: int) -> int:
        seen.append((threading.current_thread().name, list(made)))
        return i

    results = worked_ahead(work, _items(made, 3), 2, name="probe")
    assert next(results) == 0
    # item 0's result came back only once item 1 was made (and handed to the worker)
    assert made == [0, 1]
    assert list(results) == [1, 2]
    assert all(name.startswith("probe") for name, _ in seen)


def test_with_one_thread_the_work_runs_inline():
    names = list(worked_ahead(lambda i: threading.current_thread().name, _items([], 3), 1))
    assert names == [threading.current_thread().name] * 3


def test_an_error_in_the_work_is_raised_and_no_later_item_is_made_beyond_one_ahead():
    made: list[int] = []

    def work(i: int) -> int:
        if i == 1:
            raise ValueError("bad item")
        return i

    with pytest.raises(ValueError, match="bad item"):
        list(worked_ahead(work, _items(made, 10), 2))
    assert made == [0, 1, 2]


def test_an_error_making_the_items_waits_for_the_item_under_way():
    done = threading.Event()

    def items():
        yield 0
        raise RuntimeError("read failed")

    def work(i: int) -> int:
        threading.Event().wait(0.05)   # likely still under way when the read fails (passes either way)
        done.set()
        return i

    with pytest.raises(RuntimeError, match="read failed"):
        list(worked_ahead(work, items(), 2))
    assert done.is_set()
