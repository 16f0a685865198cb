"""Decay's fit works out a batch's posteriors on a thread of its own while the next batch is fitted
(engine.work_ahead): the same tables, the same order of fitted categories, and a bar that never steps back."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from engine.jobs import ensure
from engine.models.decay import fit as fit_module
from engine.models.decay import hawkes
from engine.models.decay.params import DecayParams
from engine.store import open_project
from tests.conftest import copy_of

pytestmark = pytest.mark.slow

_READ_BATCH = fit_module._read_batch


def _fit(project_file: Path, folder: Path, threads: int, monkeypatch: pytest.MonkeyPatch) -> dict:
    folder.mkdir()
    monkeypatch.setattr(hawkes, "BATCH_CATEGORIES", 4)      # several batches from the demo shop's categories
    monkeypatch.setattr(fit_module, "prediction_threads", lambda: threads)
    where: list[str] = []

    def spied(*args, **kwargs):
        where.append(threading.current_thread().name)
        return _READ_BATCH(*args, **kwargs)

    monkeypatch.setattr(fit_module, "_read_batch", spied)
    shown: list[float] = []
    order: list[tuple[str, ...]] = []

    def progress(done, total, message="", partial=None):
        shown.append(done / total)
        if partial is not None:
            order.append(tuple(c.category for c in partial.fitted))

    _, cancel = ensure(None, None)
    with open_project(copy_of(project_file, folder)) as project, project.interruptible(cancel) as cur:
        end = project.scalar("SELECT max(ts) FROM events")
        as_of = datetime(end.year, end.month, end.day)
        out = fit_module.fit_categories(cur, as_of, DecayParams.from_dict({"max_sequences": 200}), progress, cancel,
                                        past_cuts=[as_of - timedelta(weeks=6)])
        tables = {t: cur.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in ("dk_fit", "dk_past")}
    return {"tables": tables, "categories": [c.category for c in out.categories], "where": where,
            "shown": shown, "order": order}


def test_posteriors_worked_ahead_give_what_the_inline_fit_gives(demo_project_file: Path, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch):
    inline = _fit(demo_project_file, tmp_path / "one", 1, monkeypatch)
    ahead = _fit(demo_project_file, tmp_path / "two", 2, monkeypatch)
    assert len(inline["where"]) >= 4                                  # batches enough to overlap
    assert not any(n.startswith("decay-posteriors") for n in inline["where"])
    assert all(n.startswith("decay-posteriors") for n in ahead["where"])
    assert len(inline["tables"]["dk_fit"]) > 1000 and inline["tables"]["dk_past"]
    assert ahead["tables"] == inline["tables"]
    assert ahead["categories"] == inline["categories"]
    # the categories reach the chart in the same order, and the bar never steps back
    assert ahead["order"] == inline["order"]
    for run in (inline, ahead):
        assert run["shown"] == sorted(run["shown"])
