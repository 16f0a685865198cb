"""Several independent optimisations run in lockstep: each asks for its loss, and the asks are answered
together by one batched evaluation.

A category's Hawkes loss costs little arithmetic but many NumPy calls (its loops run over positions
within a sequence), so hundreds of categories fitted one after the other were bound by per-call
overhead. Each task here is an ordinary function (scipy's L-BFGS-B and the Hessian after it: the very
same algorithm as a fit on its own) run in its own thread; every loss it asks for waits until all the
live tasks have asked, then one call of ``evaluate`` answers the whole batch. A batch is formed only
once every live task has asked, so batches do not depend on thread scheduling, and a task's iterates
are those of the same task run alone, up to the batch's rounding.
"""

from __future__ import annotations

import threading
from typing import Callable

import numpy as np


class _Aborted(Exception):
    """Raised inside a task's loss call when the batch evaluation failed (e.g. a cancel)."""


def run_lockstep(tasks: list[Callable[[Callable], object]],
                 evaluate: Callable[[list[int], list[np.ndarray]], list[tuple[float, np.ndarray]]]) -> list:
    """Run ``tasks[i](loss)`` for every i, where ``loss(x)`` returns (value, gradient) of task i at x;
    ``evaluate(ids, xs)`` computes them for a batch of tasks. Returns each task's result in order.
    An exception from ``evaluate`` or a task stops them all and is raised here."""
    n = len(tasks)
    # the coordinator alone waits on ``cond``; each task waits on its own event. One condition for all
    # (notify_all on every ask and answer) woke every waiting thread each time: ~n^2 wake-ups a round
    cond = threading.Condition()
    answered = [threading.Event() for _ in range(n)]
    asked: dict[int, np.ndarray] = {}
    answers: dict[int, tuple[float, np.ndarray]] = {}
    results: list = [None] * n
    errors: list[BaseException] = []
    state = {"done": 0, "abort": False}

    def batch_ready() -> bool:
        return state["abort"] or state["done"] + len(asked) == n

    def loss_of(i: int) -> Callable:
        def loss(x: np.ndarray) -> tuple[float, np.ndarray]:
            with cond:
                if state["abort"]:
                    raise _Aborted()
                asked[i] = np.array(x, dtype=np.float64)
                if batch_ready():
                    cond.notify()
            answered[i].wait()
            answered[i].clear()   # set again only once this task has asked again
            with cond:
                if state["abort"]:
                    raise _Aborted()
                return answers.pop(i)
        return loss

    def abort() -> None:   # under ``cond``
        state["abort"] = True
        cond.notify()
        for event in answered:
            event.set()

    def body(i: int) -> None:
        try:
            results[i] = tasks[i](loss_of(i))
        except _Aborted:
            pass
        except BaseException as exc:  # noqa: BLE001 - handed to the caller's thread
            with cond:
                errors.append(exc)
                abort()
        finally:
            with cond:
                state["done"] += 1
                if batch_ready():
                    cond.notify()

    threads = [threading.Thread(target=body, args=(i,), daemon=True) for i in range(n)]
    for th in threads:
        th.start()
    try:
        while True:
            with cond:
                # a batch is ready once every task still running has asked (none runs meanwhile)
                cond.wait_for(batch_ready)
                if state["abort"] or state["done"] == n:
                    break
                ids = sorted(asked)
                xs = [asked.pop(i) for i in ids]
            out = evaluate(ids, xs)
            with cond:
                answers.update(zip(ids, out))
            for i in ids:
                answered[i].set()
    except BaseException as exc:
        with cond:
            errors.append(exc)
            abort()
    for th in threads:
        th.join()
    if errors:
        raise errors[0]
    return results
