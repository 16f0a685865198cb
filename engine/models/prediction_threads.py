"""How many threads the models' tree predictions may use: the process's thread budget.

A boosted model's prediction walks each row through the trees on its own, so any thread count gives
the same numbers to the last bit; fits keep their own fixed count (the sums at each tree's root are
parallel, and a different count would move the results). The budget is DuckDB's: every core unless the
user set fewer (Edit ▸ Settings), in the window as from the command line; DuckDB sits idle while Python predicts.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

from threadpoolctl import threadpool_limits

from engine.store.connection import current_limits


def prediction_threads() -> int:
    return int(current_limits().config()["threads"])


@contextmanager
def predicting(threads: int | None = None) -> Iterator[None]:
    """OpenMP (scikit-learn's tree predictions) at the process's thread budget inside the block (or at
    ``threads``: one, say, where the prediction runs beside another job that takes the other core)."""
    with threadpool_limits(limits=prediction_threads() if threads is None else int(threads), user_api="openmp"):
        yield
