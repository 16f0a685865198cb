"""The project file on a bad day: foreign files, files cut short, damaged journals, killed runs, no network."""

import ast
import os
import re
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from engine.jobs import CancelToken, JobCancelled
from engine.store import DamagedJournalError, DamagedProjectError, NotAProjectError, create_project, open_project
from engine.store.repair import repair_project
from engine.store.integrity import check_whole
from engine.store.runs import get_run, model_run
from tests.damage import damage_first_rows

ROOT = Path(__file__).resolve().parents[2]
#: The only module that may call duckdb.connect: it turns the network off.
CONNECT_MODULE = "engine/store/connection.py"
#: A DuckDB INSTALL statement in a string (also the head of an f-string: "INSTALL {name}"); prose
#: such as "install a CJK font" in a message or docstring is not one.
INSTALL_STATEMENT = re.compile(r"\s*(force\s+)?install\b(\s+\S+)?(\s+from\s+\S+)?\s*;?\s*$", re.I)


def _settings(cur):
    return cur.execute("SELECT current_setting('autoinstall_known_extensions'), "
                       "current_setting('autoload_known_extensions')").fetchall()[0]


def test_every_store_connection_is_offline(tmp_path):
    with create_project(tmp_path / "p.shiftwise") as p:
        assert _settings(p.con) == (False, False)
        assert _settings(p.cursor()) == (False, False)
        cur = p.new_cursor()
        assert _settings(cur) == (False, False)
        p.release(cur)
    from engine.store.connection import connect

    assert _settings(connect()) == (False, False)


def test_every_store_connection_hands_freed_memory_back_to_the_system(tmp_path):
    """DuckDB's allocator otherwise keeps what a query freed: one model's leftovers came on top of the next
    model's peak in the same process (tests/bench/bench_allocator_release.py measures the release)."""
    setting = "SELECT current_setting('allocator_background_threads')"
    with create_project(tmp_path / "p.shiftwise") as p:
        assert p.cursor().execute(setting).fetchall()[0][0] is True
    from engine.store.connection import connect

    assert connect().execute(setting).fetchall()[0][0] is True


def test_no_code_connects_to_duckdb_but_the_offline_helper():
    offenders = []
    for folder in ("engine", "gui"):
        for path in (ROOT / folder).rglob("*.py"):
            rel = path.relative_to(ROOT).as_posix()
            if rel == CONNECT_MODULE:
                continue
            source = path.read_text(encoding="utf-8")
            for node in ast.walk(ast.parse(source)):
                if isinstance(node, ast.Attribute) and node.attr == "connect" and \
                        isinstance(node.value, ast.Name) and node.value.id == "duckdb":
                    offenders.append(f"{rel}:{node.lineno}")
                if isinstance(node, ast.Constant) and isinstance(node.value, str) and \
                        INSTALL_STATEMENT.match(node.value):
                    offenders.append(f"{rel}:{node.lineno}: {node.value!r}")
    assert offenders == []


def _sqlite(path):
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE t (x)")
    con.commit()
    con.close()


def _xlsx(path):
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")


def _zip(path):
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("readme.txt", "hello")


@pytest.mark.parametrize("make, kind", [
    (_sqlite, "a SQLite database"),
    (lambda p: p.write_text("Order ID,Customer ID\n1,2\n", encoding="utf-8"), "a CSV (text) file"),
    (_zip, "a zip archive"),
    (_xlsx, "an Excel workbook (.xlsx)"),
])
def test_foreign_file_is_named_for_what_it_is(tmp_path, make, kind):
    path = tmp_path / "shop.shiftwise"
    make(path)
    before = path.read_bytes()
    with pytest.raises(NotAProjectError) as info:
        open_project(path)
    assert str(info.value) == f"shop.shiftwise is {kind}, not a Shiftwise project"
    assert "http" not in str(info.value) and "INSTALL" not in str(info.value)
    assert path.read_bytes() == before and not list(tmp_path.glob("*.wal"))


def _project_with_data(path: Path, rows: int = 400_000) -> None:
    with create_project(path) as p:
        p.con.execute(f"""INSERT INTO events (customer_id, ts, event_type, item_name, import_id)
            SELECT 'c' || (range % 5000), TIMESTAMP '2024-01-01' + INTERVAL (range) SECOND, 'purchase',
                   'item ' || hash(range), 1 FROM range({rows})""")
        p.con.execute("CHECKPOINT")


@pytest.mark.parametrize("fraction", [0.5, 0.7, 0.95])
def test_project_cut_short_is_refused(tmp_path, fraction):
    path = tmp_path / "p.shiftwise"
    _project_with_data(path)
    os.truncate(path, int(path.stat().st_size * fraction))
    with pytest.raises(DamagedProjectError, match="p.shiftwise is damaged"):
        open_project(path)


def test_a_table_that_cannot_be_read_is_refused_or_left_to_the_check_the_window_runs(tmp_path):
    path = tmp_path / "p.shiftwise"
    _project_with_data(path)
    damage_first_rows(path, "events")
    with pytest.raises(DamagedProjectError, match=r"p.shiftwise is damaged: its table \w+ cannot be read"):
        open_project(path)
    # the window's way: opened (its size is whole), the tables read by a job before the project is shown
    project = open_project(path, check_tables=False)
    try:
        with pytest.raises(DamagedProjectError, match="cannot be read"):
            project.check_tables()
        stopped = CancelToken()
        stopped.cancel()
        with pytest.raises(JobCancelled):
            project.check_tables(cancel=stopped)
    finally:
        project.close()


def test_a_project_to_migrate_has_its_tables_read_first_however_it_is_opened(tmp_path):
    import duckdb

    from engine.store.migrations import SCHEMA_VERSION

    path = tmp_path / "p.shiftwise"
    _project_with_data(path)
    con = duckdb.connect(str(path))
    con.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", [str(SCHEMA_VERSION - 1)])
    con.close()
    damage_first_rows(path, "events")
    # a migration may read and rewrite any table: the damage is said before one runs
    with pytest.raises(DamagedProjectError, match="cannot be read"):
        open_project(path, check_tables=False)


def test_a_whole_project_opens_without_its_tables_read_and_reads_them_later(tmp_path):
    path = tmp_path / "p.shiftwise"
    _project_with_data(path, rows=1000)
    with open_project(path, check_tables=False) as project:
        project.check_tables()
        assert project.con.execute("SELECT count(*) FROM events").fetchall()[0][0] == 1000


class _Sizes:
    """A connection whose database holds 1,421 blocks of 256 KiB, 2 of them free."""

    def __init__(self, tables=()):
        self.tables = tables

    def execute(self, sql):
        rows = ([("p", "355.2 MiB", 262144, 1421, 1419, 2, "0 bytes", "768.0 KiB", "18.8 GiB")]
                if sql.startswith("PRAGMA database_size") else [])
        return type("Result", (), {"fetchall": lambda self: rows})()


def test_a_file_without_its_trailing_free_blocks_is_whole_and_one_without_a_block_in_use_is_not(tmp_path):
    # the sizes of a real 10^7-event project after a migration run ran out of memory and rolled back:
    # DuckDB had cut the two free blocks off the end of the file
    path = tmp_path / "p.shiftwise"
    path.write_bytes(b"\0" * (3 * 4096 + 262144 * 1419))
    check_whole(_Sizes(), path, had_journal=False)
    os.truncate(path, 3 * 4096 + 262144 * 1418)
    with pytest.raises(DamagedProjectError, match="cut short"):
        check_whole(_Sizes(), path, had_journal=False)


def _journal_left_by_a_crash(path: Path) -> None:
    """A process imports a file and dies before the journal is folded into the project."""
    script = f"""
import os, sys
from engine.store import open_project
p = open_project(sys.argv[1])
p.con.execute("SET checkpoint_threshold = '10GB'")
p.con.execute("INSERT INTO imports (import_id, file_name, content_hash, format) VALUES (2, 'march_orders.csv', 'h', 'generic')")
p.con.execute("INSERT INTO events (customer_id, ts, event_type, import_id) SELECT 'x' || range, TIMESTAMP '2024-02-01', 'purchase', 2 FROM range(50)")
os._exit(0)
"""
    subprocess.run([sys.executable, "-c", script, str(path)], check=True, cwd=ROOT,
                   env={**os.environ, "PYTHONPATH": str(ROOT)})
    wal = path.with_name(path.name + ".wal")
    data = bytearray(wal.read_bytes())
    # One byte of one customer id, inside the events entry. DuckDB's entry checksum XORs a hash of each
    # 8-byte word, so two equal words changed alike cancel out: flipping a 32-byte run in the middle went
    # unnoticed about once in 400 runs, when it fell on the repeated timestamps. One changed word never does.
    at = data.find(b"x25")
    assert at > 0 and data.count(b"x25") == 1, "the journal no longer holds the events as plain strings"
    data[at + 1] ^= 0xFF
    wal.write_bytes(bytes(data))


def test_damaged_journal_is_refused_naming_repair_and_repair_opens_last_checkpoint(tmp_path):
    path = tmp_path / "p.shiftwise"
    _project_with_data(path, rows=1000)
    _journal_left_by_a_crash(path)
    with pytest.raises(DamagedJournalError) as info:
        open_project(path)
    assert f"python main.py repair {path}" in str(info.value)
    report = repair_project(path)
    assert report.journal_kept is not None and report.journal_kept.exists()
    assert report.journal_kept.parent == tmp_path and "damaged-journal" in report.journal_kept.name
    assert not path.with_name(path.name + ".wal").exists()
    assert "imports" in report.tables and "events" in report.tables
    assert report.files == ["march_orders.csv"]
    assert any("march_orders.csv" in line for line in report.lines())
    with open_project(path) as p:
        assert p.scalar("SELECT count(*) FROM events") == 1000
        assert p.scalar("SELECT count(*) FROM imports") == 0
    assert repair_project(path).journal_kept is None  # a second repair has nothing to do


def kill_a_run_midway(path: Path) -> None:
    """A process starts a segments run, writes part of its results, and dies."""
    script = """
import os, sys
from engine.store import open_project
from engine.store.runs import model_run
p = open_project(sys.argv[1])
with model_run(p, "segments", as_of=None, params={}) as run:
    p.cursor().execute("INSERT INTO segment_assignments (run_id, customer_id, tier, cluster) VALUES (?, 'a', 'light', 0)", [run.run_id])
    p.con.execute("CHECKPOINT")
    os._exit(0)
"""
    subprocess.run([sys.executable, "-c", script, str(path)], check=True, cwd=ROOT,
                   env={**os.environ, "PYTHONPATH": str(ROOT)})


def test_killed_run_is_marked_interrupted_on_open(tmp_path):
    path = tmp_path / "p.shiftwise"
    create_project(path).close()
    kill_a_run_midway(path)
    with open_project(path) as p:
        run = get_run(p, 1)
        assert run.status == "interrupted" and "Interrupted" in run.message
        assert p.interrupted_runs == [1]
        assert p.scalar("SELECT count(*) FROM segment_assignments") == 0


def test_a_live_run_of_this_process_is_not_marked_interrupted(tmp_path):
    path = tmp_path / "p.shiftwise"
    with create_project(path) as p:
        with model_run(p, "segments", as_of=None, params={}) as run:
            with open_project(path) as again:
                assert again.interrupted_runs == []
            assert get_run(p, run.run_id).status == "running"
        assert get_run(p, run.run_id).status == "done"


def test_ctrl_c_during_a_run_records_it_as_cancelled(tmp_path):
    with create_project(tmp_path / "p.shiftwise") as p:
        with pytest.raises(KeyboardInterrupt):
            with model_run(p, "segments", as_of=None, params={}) as run:
                raise KeyboardInterrupt
        assert get_run(p, run.run_id).status == "cancelled"
