"""python main.py import: --json summary, --mapping, --format, rejects written out, one-line failures."""

from __future__ import annotations

import json

from engine.cli.app import main
from tests.fixtures.ingest.build import write_all


def test_cli_json_mapping_and_rejects(tmp_path, capsys):
    files = write_all(tmp_path / "files")
    project = tmp_path / "p.shiftwise"
    assert main(["import", str(project), str(files["bad_rows.csv"]), str(files["userbehavior.csv"]),
                 "--rejects-out", str(tmp_path / "rejects.csv"), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["rows_imported"], out["rows_rejected"]) == (2 + 4, 4)
    assert [f["format"] for f in out["files"]] == ["generic", "taobao_userbehavior"]
    assert (tmp_path / "rejects.csv").read_text(encoding="utf-8").count("bad_rows.csv") == 4

    assert main(["import", str(project), str(files["unknown_columns.csv"])]) == 1
    assert "mapping" in capsys.readouterr().err
    mapping = tmp_path / "m.json"
    mapping.write_text(json.dumps({"columns": {"customer_id": "kunde", "ts": "zeitpunkt"}}))
    assert main(["import", str(project), str(files["unknown_columns.csv"]), "--mapping", str(mapping)]) == 0
    assert "2 rows imported" in capsys.readouterr().out

    assert main(["import", str(project), str(files["bad_rows.csv"])]) == 0
    assert "already imported" in capsys.readouterr().out
    assert main(["import", str(project), str(files["empty.csv"])]) == 1
    assert "empty" in capsys.readouterr().err
