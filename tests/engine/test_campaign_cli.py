"""python main.py campaign ... on a planted project."""

from __future__ import annotations

import csv
import json

from cli.app import main
from engine.store import create_project
from tests.engine.test_campaigns import plant


def test_campaign_command_saves_and_exports(tmp_path, capsys):
    path = tmp_path / "p.shiftwise"
    project = create_project(path)
    plant(project)
    project.close()
    out = tmp_path / "tea.csv"
    code = main(["campaign", str(path), "--category", "Tea", "--size", "50",
                 "--tier", "heavy,medium", "--control", "0.2", "--seed", "3",
                 "--attribute", "region", "--out", str(out), "--json"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    summary = json.loads(captured.out)
    assert (summary["n_target"], summary["n_control"], summary["rows_written"]) == (40, 10, 50)
    assert summary["run_id"] == 10
    rows = list(csv.reader(out.read_text(encoding="utf-8-sig").splitlines()))
    assert rows[0] == ["customer_id", "category", "score", "group", "reason", "region"] and len(rows) == 51
    # the same command again: the first campaign is active, so its customers are left out
    code = main(["campaign", str(path), "--category", "Tea", "--size", "50", "--out", str(tmp_path / "b.xlsx")])
    assert code == 0
    assert "Saved campaign 2" in capsys.readouterr().out


def test_campaign_command_fails_in_one_line(tmp_path, capsys):
    path = tmp_path / "p.shiftwise"
    project = create_project(path)
    plant(project, segments=False)
    project.close()
    cases = [(["--category", "Nope"], "No category"),
             # a name as a merchandiser types it: the nearest ones, and where to find them all
             (["--category", "tea"], "No category 'tea' in the project's events; nearest: 'Tea'. Every category: "
                                     f"main.py export {path} catalog --out FILE.csv"),
             (["--category", "Tea", "--tier", "heavy"], "segments"),
             (["--category", "Tea", "--control", "1.5"], "control fraction"),
             (["--category", "Tea", "--min-score", "0.99"], "No customer")]
    for extra, reason in cases:
        code = main(["campaign", str(path), *extra, "--out", str(tmp_path / "x.csv")])
        err = capsys.readouterr().err
        assert code == 1 and reason in err and len(err.strip().splitlines()) == 1, (extra, err)
    assert not (tmp_path / "x.csv").exists()
    code = main(["campaign", str(path), "--category", "Tea", "--out", str(tmp_path / "x.txt")])
    assert code == 1 and ".csv or .xlsx" in capsys.readouterr().err
