"""The lapse verdict on a small real slice (80 customers, the 40 largest categories of the dev
grocery file): every candidate is judged out of sample.

Out of sample is checked by behaviour, not by reading the code: every candidate's probabilities
at an evaluation cut are the same whether or not the data holds anything from the cut on, so no
fit, calibration or training label looked at the weeks it is judged on.
"""

from __future__ import annotations

import shutil
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
import pytest

from engine.jobs import ensure
from engine.models.decay import lapse
from engine.models.decay.candidates import NAMES
from engine.models.decay.params import DecayParams
from engine.models.decay.service import train_decay
from engine.store import open_project
from tests.conftest import copy_of

pytestmark = pytest.mark.slow

CUT = datetime(2017, 6, 5)
PARAMS = DecayParams(horizon_weeks=4, train_cuts=2, max_sequences=200)


@pytest.fixture(scope="module")
def slice_project(tmp_path_factory: pytest.TempPathFactory, lapse_slice_file: Path) -> Path:
    return copy_of(lapse_slice_file, tmp_path_factory.mktemp("real_slice"))


def _scores(path: Path) -> lapse.CutScores:
    progress, cancel = ensure(None, None)
    with open_project(path) as project, project.interruptible(cancel) as cur:
        try:
            return lapse.score_cut(cur, CUT, CUT + timedelta(days=PARAMS.horizon_days), PARAMS, progress, cancel)
        finally:
            lapse.drop(cur)


def test_candidates_never_see_the_weeks_they_are_judged_on(slice_project: Path, tmp_path: Path):
    full = _scores(slice_project)
    cut_off = tmp_path / "before_cut.shiftwise"
    shutil.copy(slice_project, cut_off)
    with open_project(cut_off) as project:
        project.query("DELETE FROM events WHERE ts >= ?", [CUT])
    blind = _scores(cut_off)
    assert set(full.probs) == set(NAMES)
    assert full.y is not None and 0 < full.y.mean() < 1
    assert blind.y is not None and blind.y.min() == 1  # nothing after the cut: every pair "lapses"
    for name in NAMES:
        np.testing.assert_allclose(full.probs[name], blind.probs[name], rtol=1e-9, err_msg=name)


def test_training_states_the_verdict_and_ships_the_winner(slice_project: Path):
    with open_project(slice_project) as project:
        result = train_decay(project, as_of="2017-08-28", params={"horizon_weeks": 4, "train_cuts": 2,
                                                                   "max_sequences": 200})
        m = result.metrics
        v = m["lapse_verdict"]
        assert len(v["cuts"]) == 2
        for cut in v["cuts"]:  # each evaluation cut's label window ends by the as-of date
            assert datetime.fromisoformat(cut) + timedelta(weeks=4) <= datetime(2017, 8, 28)
        assert set(v["per_cut"]) == set(NAMES)
        assert m["winner"] == v["winner"] and "Shipped score" in m["verdict"]
        lo, hi, n_null = project.query("""SELECT min(lapse_probability), max(lapse_probability),
                count(*) FILTER (WHERE n_purchases > 0 AND lapse_probability IS NULL)
            FROM decay_scores WHERE run_id = ?""", [result.run_id])[0]
        assert 0 <= lo <= hi <= 1 and n_null == 0


def test_a_three_month_export_gets_a_verdict_at_one_cut(lapse_slice_file: Path, tmp_path: Path):
    """The slice's last twelve weeks: an evaluation cut eight weeks in (the decay fit's least) whose learned
    candidates train at an origin four weeks in. It had no verdict and shipped the decay model's probability,
    which ranked lapses worse than gradient boosting + decay on the dev file's weeks after."""
    path = copy_of(lapse_slice_file, tmp_path)
    as_of = datetime(2017, 8, 28)
    with open_project(path) as project:
        project.query("DELETE FROM events WHERE ts < ?", [as_of - timedelta(weeks=12)])
        params = {"horizon_weeks": 4, "train_cuts": 2, "max_sequences": 200}
        m = train_decay(project, as_of=as_of, params=params).metrics
        assert m["lapse_verdict"]["cuts"] == ["2017-07-31"] and "at 1 cut" in m["verdict"]
        assert m["lapse_verdict"]["noise"] > 0      # the cut's sampling error of the decay model's lead
        assert m["winner"] == m["lapse_verdict"]["winner"]
        project.query("DELETE FROM events WHERE ts < ?", [as_of - timedelta(weeks=11)])
        assert "lapse_verdict" not in train_decay(project, as_of=as_of, params={"max_sequences": 200}).metrics
