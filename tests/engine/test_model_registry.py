"""The model registry: one spec per model is all the CLI needs; shops without categories skip
the models that need them."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from cli.app import main
from engine.models import registry
from engine.models.base import TrainResult, params_from_dict, resolve_as_of
from engine.store.runs import latest_run, model_run
from tests.engine.test_customers import FAST as CUSTOMERS_FAST
from tests.engine.test_customers import _ledger

ROOT = Path(__file__).resolve().parents[2]


# -- a toy model, all of it in this test file: its spec is the only place it is named ------------

@dataclass
class ToyParams:
    horizon_weeks: int = 4
    seed: int = 0

    @classmethod
    def from_dict(cls, values):
        return params_from_dict(cls, values, "toy")


def train_toy(project, *, as_of=None, params=None, progress=None, cancel=None) -> TrainResult:
    p = ToyParams.from_dict(params)
    when = resolve_as_of(project, as_of)
    with model_run(project, "toy", as_of=when, params={"horizon_weeks": p.horizon_weeks, "seed": p.seed}) as run:
        run.metrics["customers"] = int(project.scalar("SELECT count(DISTINCT customer_id) FROM events WHERE ts < ?",
                                                      [when]))
        run.metrics["horizon_weeks"] = p.horizon_weeks
    return TrainResult("toy", run.run_id, run.metrics, "counted the customers")


def export_toy(project) -> tuple[str, list]:
    run = latest_run(project, "toy")
    return ("SELECT customer_id, count(*) AS events FROM events WHERE ts < ? GROUP BY customer_id",
            [run.as_of])


TOY = registry.ModelSpec(
    "toy", "Toy", train=f"{__name__}:train_toy", params=f"{__name__}:ToyParams",
    backtest=f"{__name__}:train_toy", exports=(registry.ExportSpec("toy_counts", f"{__name__}:export_toy"),),
    result_kinds=("toy",), default=False)


@pytest.fixture
def with_toy(monkeypatch):
    monkeypatch.setattr(registry, "SPECS", dict(registry.SPECS))
    registry.register(TOY)
    return TOY


@pytest.fixture
def ledger(tmp_path):
    """A customer/date/amount ledger: no categories, no items."""
    path = tmp_path / "ledger.shiftwise"
    assert main(["import", str(path), str(_ledger(tmp_path / "ledger.csv", n_customers=200))]) == 0
    return path


def test_a_model_is_one_spec_trained_backtested_and_exported_through_the_cli(with_toy, ledger, tmp_path, capsys):
    capsys.readouterr()
    assert main(["train", str(ledger), "--models", "toy", "--horizon", "6", "--json"]) == 0
    run = json.loads(capsys.readouterr().out)["runs"][0]
    assert run["kind"] == "toy" and run["metrics"] == {"customers": 200, "horizon_weeks": 6}
    assert main(["backtest", str(ledger), "--models", "toy"]) == 0
    assert "toy: run" in capsys.readouterr().out
    out = tmp_path / "toy.csv"
    assert main(["export", str(ledger), "toy_counts", "--out", str(out)]) == 0
    assert len(out.read_text(encoding="utf-8-sig").splitlines()) == 201
    assert main(["train", str(ledger), "--models", "toy", "--params", '{"toy": {"sed": 1}}']) == 1
    assert "Unknown toy parameter sed" in capsys.readouterr().err


def test_registering_a_name_twice_is_refused(with_toy):
    with pytest.raises(ValueError):
        registry.register(TOY)


def test_every_spec_names_functions_that_exist():
    for spec in registry.SPECS.values():
        assert spec.name == spec.result_kinds[0]
        assert callable(spec.train_fn()) and hasattr(spec.params_class(), "from_dict")
        assert spec.backtest is None or callable(spec.backtest_fn())
        assert spec.takes_horizon() == (spec.name != "segments")
    for name in registry.exports():
        assert callable(registry.export_fn(name))


def test_a_shop_without_categories_skips_the_models_that_need_them(ledger, capsys):
    capsys.readouterr()
    params = json.dumps({"customers": CUSTOMERS_FAST})
    assert main(["train", str(ledger), "--params", params, "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert [r["kind"] for r in summary["runs"]] == ["customers", "segments"]
    needing = [s.name for s in registry.SPECS.values() if s.needs_categories]
    assert needing == ["decay", "migration", "transfer"]
    assert [s["model"] for s in summary["skipped"]] == needing
    assert all(s["reason"].startswith("the shop has no categories: ") for s in summary["skipped"])


@pytest.mark.parametrize("models", ["decay", "segments,migration"])
def test_asking_for_a_model_that_needs_categories_on_a_ledger_is_1(ledger, capsys, models):
    capsys.readouterr()
    assert main(["train", str(ledger), "--models", models]) == 1
    err = capsys.readouterr().err
    assert "the shop has no categories" in err and len(err.strip().splitlines()) == 1
    assert latest_run_kinds(ledger) == []   # refused before anything trained


def test_backtest_on_a_ledger_skips_too(ledger, capsys):
    capsys.readouterr()
    assert main(["backtest", str(ledger), "--params", json.dumps({"customers": CUSTOMERS_FAST})]) == 0
    out = capsys.readouterr().out
    assert "customers: run" in out
    assert "decay: skipped — the shop has no categories: " in out
    assert "migration: skipped — the shop has no categories: " in out


def test_parameters_are_checked_for_every_model_before_any_trains(demo_project_file, tmp_path, capsys):
    import shutil

    path = tmp_path / "p.shiftwise"
    shutil.copy(demo_project_file, path)
    assert main(["train", str(path), "--models", "segments,decay", "--params", '{"k_min": 3}']) == 1
    assert "Unknown decay parameter k_min" in capsys.readouterr().err
    assert latest_run_kinds(path) == []


def test_the_cli_import_does_not_load_torch(tmp_path):
    code = ("import sys; from main import run; "
            f"rc = run(['import', {str(tmp_path / 'p.shiftwise')!r}, {str(_ledger(tmp_path / 'l.csv', 20))!r}]); "
            "print(rc, 'torch' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert done.stdout.split()[-2:] == ["0", "False"], done.stderr[-2000:]


def latest_run_kinds(path) -> list[str]:
    from engine.store import open_project

    project = open_project(path)
    try:
        return [r[0] for r in project.query("SELECT kind FROM model_runs ORDER BY run_id")]
    finally:
        project.close()
