import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def cli(*args, cwd=None):
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *map(str, args)], capture_output=True, text=True,
                          cwd=cwd or ROOT)


def test_import_then_reimport_reports_json(tmp_path, demo_shop):
    project = tmp_path / "shop.shiftwise"
    first = cli("import", project, demo_shop.events_csv, "--json")
    assert first.returncode == 0, first.stderr
    summary = json.loads(first.stdout)
    assert summary["rows_imported"] > 1000 and summary["rows_rejected"] == 0
    again = cli("import", project, demo_shop.events_csv, "--json")
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout)["rows_imported"] == 0
    assert json.loads(again.stdout)["files"][0]["already_imported"] is True


def test_failure_is_one_line_and_nonzero(tmp_path):
    result = cli("train", tmp_path / "missing.shiftwise", "--models", "segments")
    assert result.returncode != 0
    assert result.stderr.strip().count("\n") == 0 and "No project" in result.stderr
    bad = cli("import", tmp_path / "p.shiftwise", tmp_path / "nope.csv")
    assert bad.returncode != 0 and len(bad.stderr.strip().splitlines()) == 1


def test_train_takes_parameters_per_model(demo_project_file, tmp_path):
    import shutil

    project = tmp_path / "p.shiftwise"
    shutil.copy(demo_project_file, project)
    result = cli("train", project, "--models", "segments,transfer", "--json",
                 "--params", json.dumps({"segments": {"k_min": 4, "k_max": 4}}))
    assert result.returncode == 0, result.stderr
    runs = {r["kind"]: r for r in json.loads(result.stdout)["runs"]}
    assert runs["segments"]["metrics"]["k"] == 4
    assert "k_min" not in json.dumps(runs["transfer"]["metrics"])  # transfer got no segments parameters


def test_failed_import_into_a_new_project_leaves_no_project(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    result = cli("import", tmp_path / "new.shiftwise", bad)
    assert result.returncode == 1 and "customer" in result.stderr
    assert not list(tmp_path.glob("new.shiftwise*"))


def test_model_parameters_are_checked_by_name_and_kind():
    import pytest

    from engine.models.decay.fit import DecayParams
    from engine.models.migration.params import MigrationParams
    from engine.models.transfer.params import TransferParams
    from engine.store.errors import ProjectError

    assert MigrationParams.from_dict({"epochs": "5"}).epochs == 5
    for cls, model in ((MigrationParams, "migration"), (TransferParams, "transfer"), (DecayParams, "decay")):
        with pytest.raises(ProjectError, match=f"Unknown {model} parameter nope"):
            cls.from_dict({"nope": 1})
    with pytest.raises(ProjectError, match="The transfer parameter n_neighbors must be a whole number"):
        TransferParams.from_dict({"n_neighbors": "many"})
