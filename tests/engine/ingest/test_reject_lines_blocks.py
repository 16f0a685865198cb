"""Rejected rows keep their lines and reasons on every core, in a file of several reader blocks (two
threads each append part of it): the guarantee any change to the events pass's row order must keep."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.ingest import import_file
from engine.store import create_project
from engine.store.connection import headless_limits

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


def test_rejects_keep_their_lines_across_reader_blocks_on_every_core(tmp_path, dirty_csv):
    with headless_limits(), create_project(tmp_path / "p.shiftwise") as p:
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
