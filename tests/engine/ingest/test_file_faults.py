"""Files real shops and spreadsheets write (issues #10 and #16): each imports, or its bad rows are
rejected with their line and reason; nothing vanishes, nothing garbles, nothing crashes."""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import pytest

from engine.ingest import ImportError_, import_file, textprep, unpack
from engine.store import create_project, open_project
from tests.fixtures.ingest.build import EXPECTED, EXPECTED_REJECTS, MIXED_NAMES, write_all
from tests.waits import HANG_S

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, Path]:
    return write_all(tmp_path_factory.mktemp("fault_fixtures"))


@pytest.fixture
def project(tmp_path):
    p = create_project(tmp_path / "p.shiftwise")
    yield p
    p.close()


@pytest.fixture(autouse=True)
def own_temp(tmp_path, monkeypatch):
    """Imports' temp folders go to the platform temp folder: give each test its own."""
    folder = tmp_path / "platform_tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def _rejects(project, import_id):
    return project.query("SELECT line_no, reason FROM rejected_rows WHERE import_id = ? ORDER BY line_no", [import_id])


@pytest.mark.parametrize("name", sorted(EXPECTED_REJECTS))
def test_fixture_rejects_expected_rows_with_lines(project, files, name):
    result = import_file(project, files[name])
    rejects = _rejects(project, result.import_id)
    assert result.rows_rejected == len(rejects) == EXPECTED_REJECTS[name]
    assert all(line and reason for line, reason in rejects)


def test_empty_numeric_column_imports(project, files):
    """#10.4: `Unit Price` blank in every row used to raise TypeError."""
    result = import_file(project, files["empty_numeric.csv"])
    assert (result.rows_loaded, result.rows_rejected) == (4, 0)
    assert project.scalar("SELECT count(*) FROM events WHERE amount IS NULL") == 4


@pytest.mark.parametrize("name", ["cr_only.csv", "mixed_line_ends.csv"])
def test_every_line_end_convention_imports(project, files, name):
    """#16.1: CR-only (Excel for Mac) and mixed LF/CRLF/CR files were refused as blank."""
    result = import_file(project, files[name])
    assert (result.rows_loaded, result.rows_rejected) == (EXPECTED[name], 0)
    assert project.scalar("SELECT count(*) FROM events WHERE customer_id LIKE '%\r%' OR item_id LIKE '%\r%'") == 0


def test_stray_cr_rejects_only_its_row(project, files):
    """#16.2: one CR inside a field refused the whole file."""
    result = import_file(project, files["stray_cr.csv"])
    assert sorted(r[0] for r in project.query("SELECT customer_id FROM events")) == ["C1", "C3"]
    assert _rejects(project, result.import_id) == [(3, "too few fields"), (4, "too few fields")]


def test_mixed_encodings_decoded_per_line(project, files):
    """#10.2: UTF-8, cp1252 and GBK lines in one file: each name exactly as written, no mojibake."""
    result = import_file(project, files["mixed_encodings.csv"])
    names = dict(project.query("SELECT customer_id, item_name FROM events"))
    assert names == MIXED_NAMES
    assert result.encoding.startswith("mixed") and "gb18030" in result.encoding


def test_50mb_field_is_rejected_with_line_and_limit(project, tmp_path):
    """#10.1: a row with a 50 MB field vanished (DuckDB drops a line over its buffer without a word)."""
    path = tmp_path / "huge.csv"
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("customer_id,ts,item_name\n")
        for i in range(2000):
            name = "X" * (50 * 1024 * 1024) if i == 1000 else f"item {i}"
            fh.write(f"C{i},2024-01-05 10:00,{name}\n")
    result = import_file(project, path)
    assert (result.rows_loaded, result.rows_rejected) == (1999, 1)
    [(line, reason)] = _rejects(project, result.import_id)
    assert line == 1002 and textprep.MAX_LINE_LABEL in reason


def test_a_long_quoted_field_in_the_first_rows_does_not_hide_the_columns(project, tmp_path):
    """A 200 KB quoted note (over Python's csv field limit of 128 KB) in the sampled rows made the
    comma fail to parse, so the file was read as one column and refused as having no time."""
    path = tmp_path / "long_note.csv"
    note = "\n".join(["a line of a pasted note"] * 9000)
    path.write_text("customer_id,ts,item_name\n" + "".join(f"C{i},2024-01-05 10:00,A{i}\n" for i in range(10))
                    + f'C10,2024-01-05 10:00,"{note}"\n' + "C11,2024-01-05 10:00,A11\n", encoding="utf-8")
    result = import_file(project, path)
    assert (result.rows_loaded, result.rows_rejected) == (12, 0)


def test_an_import_leaves_the_process_csv_field_limit_as_it_was(project, tmp_path):
    """The ingest raised Python's csv field limit process-wide at import time; it now raises it only
    while it parses (the long note below needs it, in the sniffer and in the reject line walk)."""
    import csv
    path = tmp_path / "long_note.csv"
    note = "\n".join(["a line of a pasted note"] * 9000)
    path.write_text("customer_id,ts,item_name\n" + f'C0,2024-01-05 10:00,"{note}"\n'
                    + "C1,not a time,A1\n", encoding="utf-8")
    before = csv.field_size_limit()
    try:
        csv.field_size_limit(131072)
        result = import_file(project, path)
        assert csv.field_size_limit() == 131072
    finally:
        csv.field_size_limit(before)
    assert (result.rows_loaded, result.rows_rejected) == (1, 1)
    assert [line for line, _ in _rejects(project, result.import_id)] == [9002]
    # importing the engine does not move it either
    code = "import csv; a = csv.field_size_limit(); import engine.ingest; print(csv.field_size_limit() == a)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=HANG_S,
                         cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, check=True)
    assert out.stdout.strip() == "True"


def test_a_quoted_record_over_32mb_is_one_reject_naming_its_line_and_the_limit(project, tmp_path):
    """A 33 MB quoted note spanning many lines: the reader gave up on it ("line too long", no limit
    named) and then resumed inside it at its next buffer, so the note's lines became thousands of
    bogus rejects, and lines that looked like rows were loaded as purchases nobody made."""
    path = tmp_path / "huge_note.csv"
    ghost = "G{},2024-01-05 10:00,a line inside the note that looks like a row" + " ." * 470
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("customer_id,ts,item_name\n")
        for i in range(2000):
            if i == 1000:
                fh.write(f'C{i},2024-01-05 10:00,"' + "\n".join(ghost.format(j) for j in range(33 * 1024)) + '"\n')
            else:
                fh.write(f"C{i},2024-01-05 10:00,item {i}\n")
    assert path.stat().st_size > 32 * 1024 * 1024
    result = import_file(project, path)
    assert project.scalar("SELECT count(*) FROM events WHERE customer_id LIKE 'G%'") == 0
    assert (result.rows_loaded, result.rows_rejected) == (1999, 1)
    [(line, reason)] = _rejects(project, result.import_id)
    assert line == 1002 and textprep.MAX_RECORD_LABEL in reason and "lines 1002 to 34793" in reason
    # the rows after it keep their own lines
    assert project.scalar("SELECT count(*) FROM events WHERE customer_id = 'C1999'") == 1


@pytest.mark.parametrize("name", ["generic.csv.gz", "generic_in.zip"])
def test_compressed_exports_read_directly(project, files, name, own_temp):
    """#11: .csv.gz and a .zip holding one table."""
    assert import_file(project, files[name]).rows_loaded == 5
    assert list(own_temp.iterdir()) == []


def test_zip_of_several_tables_refused(project, files):
    with pytest.raises(ImportError_, match="holds 2 CSV files"):
        import_file(project, files["two_tables.zip"])


def test_unpack_bomb_refused_naming_the_limit(project, tmp_path, monkeypatch, own_temp):
    monkeypatch.setattr(unpack, "MAX_UNPACKED_BYTES", 1024 * 1024)
    path = tmp_path / "bomb.csv.gz"
    path.write_bytes(gzip.compress(b"customer_id,ts\n" + b"C1,2024-01-05 10:00\n" * 200_000))
    with pytest.raises(ImportError_, match=f"more than {unpack.MAX_UNPACKED_LABEL}"):
        import_file(project, path)
    assert project.scalar("SELECT count(*) FROM imports") == 0
    assert list(own_temp.iterdir()) == []


def test_reexport_reports_duplicates_and_rejects(project, tmp_path):
    """#16.7: 1,000 rows already in the project and 5 unreadable ones: exactly that, not an error."""
    rows = [f"C{i},2024-01-05 10:{i % 60:02d}:00,O{i},1,2.5" for i in range(1000)]
    first = tmp_path / "first.csv"
    first.write_text("customer_id,ts,order_id,quantity,amount\n" + "\n".join(rows) + "\n")
    import_file(project, first)
    again = tmp_path / "again.csv"
    again.write_text("customer_id,ts,order_id,quantity,amount\n" + "\n".join(rows) + "\n" +
                     "".join(f"C{i},not a date,X{i},1,1\n" for i in range(5)))
    result = import_file(project, again)
    assert (result.rows_loaded, result.rows_duplicate, result.rows_rejected) == (0, 1000, 5)
    assert [line for line, _ in _rejects(project, result.import_id)] == list(range(1002, 1007))


def test_killed_import_leaves_no_temp_folder_behind(tmp_path, own_temp, files):
    """#10.9: kill -9 during a GBK import left shiftwise-import-* folders beside the project."""
    project_path = tmp_path / "p.shiftwise"
    create_project(project_path).close()
    big = tmp_path / "big_gbk.csv"
    big.write_bytes(("customer_id,ts,item_name\n" + "".join(f"C{i},2024-01-05 10:00,奶粉{i}\n" for i in range(20000)))
                    .encode("gb18030"))
    script = textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(ROOT)!r})
        from engine.ingest import import_file
        from engine.store import open_project
        p = open_project({str(project_path)!r})
        def progress(done, total, message="", partial=None):
            if str(message) == "Checking rows":
                print("inside", flush=True)
                sys.stdin.readline()   # held here until the test kills it
        import_file(p, {str(big)!r}, progress=progress)
    """)
    env = dict(os.environ, TMPDIR=str(own_temp))
    proc = subprocess.Popen([sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                            env=env)
    try:
        assert proc.stdout.readline().strip() == "inside"
        assert [d.name.startswith("shiftwise-import-") for d in own_temp.iterdir()] == [True]
        proc.kill()
    finally:
        proc.wait(HANG_S)
        proc.stdout.close()
        proc.stdin.close()
    assert not list(tmp_path.glob("shiftwise-import-*"))     # nothing beside the project
    with open_project(project_path) as p:                      # the next import sweeps the leftover
        import_file(p, files["generic.csv"])
    assert list(own_temp.iterdir()) == []
