"""What the CLI's exit code says is what happened: 0 ok, 1 known problem, 2 usage, 3 internal, 130 cancelled."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import duckdb
import pytest

from cli.app import main
from cli.common import run_command
from engine.paths import log_dir
from engine.store import create_project
from tests.engine.test_campaigns import plant

ROOT = Path(__file__).resolve().parents[2]


def cli(*args):
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *map(str, args)], capture_output=True, text=True,
                          cwd=ROOT)


@pytest.fixture
def planted_file(tmp_path):
    path = tmp_path / "planted.shiftwise"
    project = create_project(path)
    plant(project)
    project.close()
    return path


def test_help_documents_exit_codes_and_version_is_printed():
    helped = cli("--help")
    assert helped.returncode == 0
    for line in ("0    done", "1    a known problem", "2    the command line itself is wrong", "3    an internal error",
                 "130  cancelled"):
        assert line in helped.stdout
    assert "130  cancelled" in cli("export", "--help").stdout
    version = cli("--version")
    assert version.returncode == 0 and version.stdout.startswith("Shiftwise ")


def test_usage_error_is_2():
    assert cli("export").returncode == 2
    assert cli("nonsense").returncode == 2


def test_internal_error_is_3_with_the_traceback_in_the_log(capsys):
    def broken(args, progress, cancel):
        raise TypeError("'>' not supported between instances of 'NoneType' and 'NoneType'")

    import argparse

    code = run_command(broken, argparse.Namespace(json=True))
    err = capsys.readouterr().err.strip()
    log = log_dir() / "shiftwise.log"
    assert code == 3 and len(err.splitlines()) == 1
    assert "internal error" in err and str(log) in err
    text = log.read_text(encoding="utf-8")
    assert "Traceback" in text and "in broken" in text


def test_disk_full_in_a_command_is_1_naming_the_project_disk(tmp_path, capsys):
    import argparse

    def import_on_a_full_disk(args, progress, cancel):
        raise duckdb.IOException('IO Error: Could not write file "x.shiftwise.wal": No space left on device')

    code = run_command(import_on_a_full_disk, argparse.Namespace(json=False, project=str(tmp_path / "x.shiftwise")))
    err = capsys.readouterr().err
    assert code == 1 and "No space left on the disk that holds the project" in err and "IO Error" not in err


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".parquet"])
def test_ctrl_c_at_the_start_of_an_export_is_a_cancel(planted_file, tmp_path, monkeypatch, capsys, suffix):
    from engine.export import writer

    real_copy, real_xlsx = writer._copy, writer._write_xlsx

    def ctrl_c_then(real):
        def wrapped(*args, **kw):
            signal.raise_signal(signal.SIGINT)
            return real(*args, **kw)
        return wrapped

    monkeypatch.setattr(writer, "_copy", ctrl_c_then(real_copy))
    monkeypatch.setattr(writer, "_write_xlsx", ctrl_c_then(real_xlsx))
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    code = main(["export", str(planted_file), "segments", "--out", str(out_dir / f"seg{suffix}")])
    assert code == 130 and "cancelled" in capsys.readouterr().err
    assert list(out_dir.iterdir()) == []


def test_ctrl_c_while_duckdb_writes_a_csv_is_a_cancel(planted_file, tmp_path, monkeypatch, capsys):
    """DuckDB turns a Ctrl-C during a COPY into RuntimeError('Query interrupted'): still a cancel."""
    from engine.export import writer

    real_copy = writer._copy

    def endless_copy(cur, sql, params, target, options):
        # a COPY that never ends on its own: however late the Ctrl-C comes, it lands inside DuckDB
        threading.Timer(0.2, lambda: os.kill(os.getpid(), signal.SIGINT)).start()
        real_copy(cur, "SELECT range AS a FROM range(1000000000000) WHERE range < 0", [], target, options)

    monkeypatch.setattr(writer, "_copy", endless_copy)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    code = main(["export", str(planted_file), "segments", "--out", str(out_dir / "seg.csv")])
    err = capsys.readouterr().err
    assert code == 130 and err.strip() == "shiftwise: cancelled"
    assert list(out_dir.iterdir()) == []


def _enospc(*args, **kw):
    raise OSError(errno.ENOSPC, "No space left on device")


@pytest.mark.parametrize("command", ["export", "campaign"])
@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_disk_full_while_exporting_is_1_and_leaves_nothing(planted_file, tmp_path, monkeypatch, capsys,
                                                           command, suffix):
    import xlsxwriter.workbook

    from engine.export import writer

    monkeypatch.setattr(writer, "_copy", lambda *a, **k: (_ for _ in ()).throw(
        duckdb.IOException('IO Error: Could not write file "seg.csv": No space left on device')))
    monkeypatch.setattr(xlsxwriter.workbook, "ZipFile", _enospc)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out = out_dir / f"list{suffix}"
    args = ["segments"] if command == "export" else ["--category", "Tea"]
    code = main([command, str(planted_file), *args, "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 1, err
    assert err.strip() == f"shiftwise: No space left on the disk that holds {out_dir}: {out.name} was not written"
    assert list(out_dir.iterdir()) == []
    if command == "campaign":
        with duckdb.connect(str(planted_file), read_only=True) as con:
            assert con.execute("SELECT count(*) FROM campaigns").fetchall()[0][0] == 0


@pytest.mark.parametrize("command", ["export", "campaign"])
def test_xlsx_into_a_folder_that_cannot_be_written_is_1(planted_file, tmp_path, monkeypatch, capsys, command):
    import xlsxwriter.workbook

    def denied(*a, **k):
        raise PermissionError(errno.EACCES, "Permission denied", str(a[0]))

    # the tests run as root, whom chmod does not stop: the refusal is injected where xlsxwriter creates the file
    monkeypatch.setattr(xlsxwriter.workbook, "ZipFile", denied)
    out = tmp_path / "list.xlsx"
    args = ["segments"] if command == "export" else ["--category", "Tea"]
    code = main([command, str(planted_file), *args, "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 1, err
    assert "cannot be written to (permission denied)" in err and "FileCreateError" not in err
    assert len(err.strip().splitlines()) == 1 and not out.exists()


@pytest.mark.parametrize("table", ["segments", "decay", "shifts"])
def test_every_exported_csv_has_a_bom(planted_file, tmp_path, table):
    out = tmp_path / f"{table}.csv"
    assert main(["export", str(planted_file), table, "--out", str(out)]) == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")


def test_repair_command_and_every_command_after_it(tmp_path, capsys):
    from tests.engine.test_store_safety import _journal_left_by_a_crash

    path = tmp_path / "p.shiftwise"
    project = create_project(path)
    plant(project)
    project.con.execute("CHECKPOINT")
    project.close()
    _journal_left_by_a_crash(path)
    code = main(["export", str(path), "segments", "--out", str(tmp_path / "s.csv")])
    err = capsys.readouterr().err
    assert code == 1 and f"python main.py repair {path}" in err
    assert main(["repair", str(path)]) == 0
    out = capsys.readouterr().out
    assert "damaged-journal" in out and "march_orders.csv" in out
    assert main(["export", str(path), "segments", "--out", str(tmp_path / "s.csv")]) == 0
    assert main(["campaign", str(path), "--category", "Tea", "--size", "20", "--out", str(tmp_path / "c.xlsx")]) == 0
    assert main(["train", str(path), "--models", "segments"]) == 0


def test_disk_full_during_import_is_1_and_the_project_is_unchanged(planted_file, tmp_path, monkeypatch, capsys):
    from cli import cmd_import
    from engine.ingest import ImportError_

    def import_on_a_full_disk(project, files, **kw):
        with project.transaction() as cur:
            cur.execute("DELETE FROM events")
            try:
                cur.execute("SELECT 1").fetchall()
                raise duckdb.IOException('IO Error: Could not write to file "p.shiftwise.wal": No space left on device')
            except duckdb.IOException as exc:
                raise ImportError_(f"Cannot import: {exc}") from exc

    before = duckdb.connect(str(planted_file), read_only=True)
    n = before.execute("SELECT count(*) FROM events").fetchall()[0][0]
    before.close()
    monkeypatch.setattr(cmd_import, "import_shop", import_on_a_full_disk)
    csv_file = tmp_path / "orders.csv"
    csv_file.write_text("a,b\n1,2\n", encoding="utf-8")
    code = main(["import", str(planted_file), str(csv_file)])
    err = capsys.readouterr().err
    assert code == 1 and "No space left on the disk that holds the project" in err and "IO Error" not in err
    after = duckdb.connect(str(planted_file), read_only=True)
    assert after.execute("SELECT count(*) FROM events").fetchall()[0][0] == n
    after.close()


def test_damage_found_after_open_is_1_not_an_internal_error(tmp_path, capsys):
    import argparse

    def reads_a_bad_block(args, progress, cancel):
        raise duckdb.IOException("IO Error: Corrupt database file: computed checksum 1 does not match stored checksum 2")

    code = run_command(reads_a_bad_block, argparse.Namespace(json=False, project="shop.shiftwise"))
    err = capsys.readouterr().err
    assert code == 1 and err.startswith("shiftwise: shop.shiftwise is damaged") and "internal" not in err
