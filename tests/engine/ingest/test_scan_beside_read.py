"""A plain UTF-8 file is scanned beside DuckDB's read, not before it: what the import makes of a file
is the same as when the whole file was scanned first, whatever the scan finds past the first bytes."""

from __future__ import annotations

import tempfile

import pytest
import xxhash

from engine.ingest import import_file, textprep
from engine.ingest.hashing import PREFIX
from engine.ingest.readers import SAMPLE_BYTES, Source, open_source
from engine.store import create_project

HEADER = b"customer_id,ts,item_id,item_name,amount\n"
#: what a fault sits behind: more good rows than the bytes the file is recognised from
PAD_ROWS = SAMPLE_BYTES // 30 + 500

FAULTS = {
    "clean": b"C9,2024-02-01 10:00,SKU9,plain,3.5\n",
    "gbk line": "C9,2024-02-01 10:00,SKU9,羊毛衫,3.5\n".encode("gb18030"),
    "stray cr": b"C9,2024-02-01 10:00,SKU9,pla\rin,3.5\n",
    "crlf after lf": b"C9,2024-02-01 10:00,SKU9,plain,3.5\r\nC8,2024-02-01 11:00,SKU8,other,2\r\n",
    "long line": b"C9,2024-02-01 10:00,SKU9," + b"x" * (textprep.MAX_LINE_BYTES + 10) + b",3.5\n",
    "bad utf-8": b"C9,2024-02-01 10:00,SKU9,caf\xe9 \xff,3.5\n",
}

#: rows each fault leaves out (a stray CR splits its row into two short ones)
REJECTED = {"clean": 0, "gbk line": 0, "stray cr": 2, "crlf after lf": 0, "long line": 1, "bad utf-8": 0}


@pytest.fixture(autouse=True)
def own_temp(tmp_path, monkeypatch):
    folder = tmp_path / "platform_tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))


def _write(tmp_path, fault: bytes):
    rows = b"".join(b"C%d,2024-01-%02d 10:00,SKU%d,item %d,%d.25\n" % (i % 97, 1 + i % 28, i % 13, i, i % 50)
                    for i in range(PAD_ROWS))
    path = tmp_path / "orders.csv"
    path.write_bytes(HEADER + rows + fault + b"C7,2024-03-01 09:00,SKU7,after,1\n")
    return path


def _imported(tmp_path, name: str, path):
    project = create_project(tmp_path / f"{name}.shiftwise")
    try:
        result = import_file(project, path)
        events = project.query("SELECT customer_id, ts, item_id, item_name, amount FROM events "
                               "ORDER BY ALL")
        rejects = project.query("SELECT line_no, reason FROM rejected_rows ORDER BY ALL")
        digest, encoding = project.query("SELECT content_hash, encoding FROM imports")[0]
    finally:
        project.close()
    return (result.rows_loaded, result.rows_rejected, result.encoding), events, rejects, digest, encoding


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_a_fault_past_the_first_bytes_gives_what_a_scan_first_gives(tmp_path, monkeypatch, fault):
    path = _write(tmp_path, FAULTS[fault])
    copies = []
    real = Source.use_prepared_copy
    monkeypatch.setattr(Source, "use_prepared_copy",
                        lambda self, cancel=None: (copies.append(self.path.name), real(self, cancel))[1])
    beside = _imported(tmp_path, "beside", path)
    assert copies == ([] if fault == "clean" else ["orders.csv"])
    # the same file, scanned whole before the read (as every import did before)
    monkeypatch.setattr(textprep, "_clean_head", lambda head: False)
    first = _imported(tmp_path, "first", path)
    assert beside == first
    assert beside[3] == PREFIX + xxhash.xxh3_128(path.read_bytes()).hexdigest()
    loaded, rejected, encoding = beside[0]
    lines = FAULTS[fault].replace(b"\r\n", b"\n").replace(b"\r", b"\n").count(b"\n")
    assert (loaded + rejected, rejected) == (PAD_ROWS + lines + 1, REJECTED[fault])
    # a line in another encoding is read as it was written, not refused
    assert (encoding != "utf-8") == (fault in ("gbk line", "bad utf-8"))


def test_an_import_opens_a_clean_head_unscanned_and_a_preview_scans_it_whole(tmp_path):
    path = _write(tmp_path, FAULTS["stray cr"])
    deferred, scanned = open_source(path, defer_scan=True), open_source(path)
    try:
        assert deferred.unchecked and deferred.read_path == path and deferred.digest is None
        assert not scanned.unchecked and scanned.read_path != path and scanned.digest is not None
    finally:
        deferred.close()
        scanned.close()


def test_a_file_dirty_in_its_first_bytes_is_scanned_before_the_read(tmp_path):
    path = tmp_path / "orders.csv"
    path.write_bytes(HEADER + FAULTS["stray cr"] + b"C7,2024-03-01 09:00,SKU7,after,1\n")
    source = open_source(path, defer_scan=True)
    try:
        assert not source.unchecked and source.read_path != path
    finally:
        source.close()
