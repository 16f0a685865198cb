"""Rejected rows keep their lines when the events pass appends in no order (every core, a file of
several reader blocks), and the ordered re-read that numbers them is inside the import's transaction."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from engine.ingest import import_file, loader
from engine.jobs import CancelToken, JobCancelled
from engine.store import create_project, open_project
from tests.cancel_points import sql_hook

ROWS = 300_000           # ~16 MB: two reader blocks of 8 MB at least, so both threads append
#: line (1-based, the header is line 1) -> (the row's fields, the reason it is rejected)
BAD = {
    2: ("", "2025-01-01 00:00:00", "1", "no customer id"),
    70_001: ("C7", "yesterday", "1", "unreadable time 'yesterday'"),
    150_003: ("C9", "2025-02-01 10:00:00", "lots", "unreadable quantity 'lots'"),
    299_999: ("C1", "", "1", "no time"),
    ROWS + 1: ("", "", "", "no customer id"),
}
#: a line the reader cannot split (too many fields): its line comes from the reader itself
TOO_MANY = 200_000


@pytest.fixture(scope="module")
def dirty_csv(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("dirty") / "dirty.csv"
    lines = ["customer_id,ts,order_id,quantity,amount,note"]
    for line in range(2, ROWS + 2):
        if line in BAD:
            cid, ts, qty, _ = BAD[line]
            lines.append(f"{cid},{ts},O{line},{qty},9.5,bad row padded to a realistic length")
        elif line == TOO_MANY:
            lines.append(f"C3,2025-01-01 00:00:00,O{line},1,9.5,note,one field too many")
        else:
            lines.append(f"C{line % 5000},2025-01-01 {line % 24:02d}:00:00,O{line},1,9.5,a plain row of the file")
    path.write_text("\n".join(lines) + "\n")
    assert path.stat().st_size > 2 * 8_000_000
    return path


def test_rejects_keep_their_lines_when_rows_land_in_no_order(tmp_path, dirty_csv):
    with create_project(tmp_path / "p.shiftwise") as p:
        result = import_file(p, dirty_csv, format="generic")
        rejects = p.query("SELECT line_no, reason, raw FROM rejected_rows ORDER BY line_no")
        orders = p.query("SELECT count(*), count(DISTINCT order_id), sum(CAST(substr(order_id, 2) AS BIGINT)) "
                         "FROM events")[0]
    assert [(line, reason) for line, reason, _ in rejects] == sorted(
        [(line, reason) for line, (*_, reason) in BAD.items()] + [(TOO_MANY, "too many fields")])
    # each reject's raw text is its own line's
    assert all(f",O{line}," in raw for line, _, raw in rejects if line <= ROWS)
    good = [line for line in range(2, ROWS + 2) if line not in BAD and line != TOO_MANY]
    assert result.rows_loaded == len(good) and result.rows_rejected == len(BAD) + 1
    assert orders == (len(good), len(good), sum(good))


def _state(path: Path) -> tuple:
    with open_project(path) as p:
        return (p.scalar("SELECT count(*) FROM events"), p.scalar("SELECT count(*) FROM imports"),
                p.scalar("SELECT count(*) FROM rejected_rows"))


def test_cancel_during_the_ordered_reread_rolls_back(tmp_path, dirty_csv, monkeypatch):
    path = tmp_path / "p.shiftwise"
    create_project(path).close()
    before = _state(path)
    real = loader.run_with_progress
    hooked: list[str] = []

    def run_with_hook(cur, sql, params, *args):
        if f"CREATE TEMP TABLE {loader.LINES}" in sql:
            sql = f"{sql} WHERE cancel_in_reread(coalesce(event_type, ''))"
            hooked.append(sql)
        real(cur, sql, params, *args)

    monkeypatch.setattr(loader, "run_with_progress", run_with_hook)
    token = CancelToken()
    with open_project(path) as p, sql_hook(p.cursor(), token.cancel, "cancel_in_reread"):
        with pytest.raises(JobCancelled) as info:
            import_file(p, dirty_csv, format="generic", cancel=token)
    assert len(hooked) == 1
    assert isinstance(info.value.__cause__, duckdb.InterruptException)   # stopped inside the re-read
    assert _state(path) == before


def test_a_clean_file_is_read_once(tmp_path, monkeypatch):
    """No rejected row, no second read of the file."""
    path = tmp_path / "clean.csv"
    path.write_text("customer_id,ts,quantity\n" + "".join(f"C{i},2025-01-01,1\n" for i in range(1000)))
    reads: list[str] = []
    real = loader.run_with_progress
    monkeypatch.setattr(loader, "run_with_progress", lambda cur, sql, *a: (reads.append(sql), real(cur, sql, *a)))
    with create_project(tmp_path / "p.shiftwise") as p:
        assert import_file(p, path, format="generic").rows_loaded == 1000
    assert len(reads) == 1 and reads[0].startswith("INSERT INTO events ")
