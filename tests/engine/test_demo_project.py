import pytest

from engine.features.current_attributes import ATTRIBUTE_ROWS
from engine.jobs import CancelToken, JobCancelled
from engine.read.demo_project import build_demo_project
from engine.read.overview import data_health, events_per_week
from engine.store import open_project


def test_demo_project_is_built_with_events_and_attributes(tmp_path):
    path = build_demo_project(tmp_path / "demo.shiftwise", n_customers=300)
    with open_project(path) as p:
        h = data_health(p)
        assert h.customers > 250 and h.purchases > 0 and h.categories >= 20
        attrs = {r[0] for r in p.query(f"SELECT DISTINCT attribute FROM {ATTRIBUTE_ROWS}")}
        assert {"age_band", "region", "channel"} <= attrs
        weekly = events_per_week(p)
        assert len(weekly.week_start) >= 50 and weekly.counts["purchase"].sum() == h.purchases


def test_cancelled_demo_build_leaves_nothing(tmp_path):
    token = CancelToken()
    calls = []

    def progress(done, total, message="", partial=None):
        calls.append(done)
        if done >= 40:  # once the import starts
            token.cancel()

    with pytest.raises(JobCancelled):
        build_demo_project(tmp_path / "demo.shiftwise", n_customers=300, progress=progress, cancel=token)
    assert not (tmp_path / "demo.shiftwise").exists()
    assert not list(tmp_path.glob("*.building*"))
