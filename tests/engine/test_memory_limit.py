"""DuckDB's memory limit stays inside the app's budget (issue #13: the process under 2 GB)."""

from __future__ import annotations

from engine.store import create_project
from engine.store.connection import MAX_DUCKDB_MB, default_memory_limit


def test_default_limit_is_capped(monkeypatch):
    monkeypatch.delenv("SHIFTWISE_MEMORY_LIMIT", raising=False)
    limit = default_memory_limit()
    assert limit.endswith("MB") and 256 <= int(limit[:-2]) <= MAX_DUCKDB_MB


def test_the_window_keeps_its_share_of_the_default_cap(monkeypatch):
    from engine.store import connection

    monkeypatch.delenv("SHIFTWISE_MEMORY_LIMIT", raising=False)
    monkeypatch.setattr(connection, "total_memory_bytes", lambda: 24 * 1024**3)
    monkeypatch.setattr(connection, "_reserved_mb", 0)
    assert default_memory_limit() == f"{MAX_DUCKDB_MB}MB"
    connection.reserve_for_window()
    assert default_memory_limit() == f"{MAX_DUCKDB_MB - connection.WINDOW_RESERVE_MB}MB"
    monkeypatch.setenv("SHIFTWISE_MEMORY_LIMIT", "2GB")
    assert default_memory_limit() == "2GB"


def test_environment_overrides_the_limit(monkeypatch, tmp_path):
    monkeypatch.setenv("SHIFTWISE_MEMORY_LIMIT", "2GB")
    assert default_memory_limit() == "2GB"
    with create_project(tmp_path / "p.shiftwise", threads=1) as project:
        assert project.scalar("SELECT current_setting('memory_limit')") == "1.8 GiB"  # 2 GB in DuckDB's units


def test_a_share_duckdb_cannot_free_leaves_the_cap(monkeypatch):
    """Without a temp directory DuckDB cannot spill its tables: lowering the limit under them would fail,
    so the stage keeps the cap (and runs as it did before) instead of failing."""
    import duckdb

    from engine.store import memory_share

    monkeypatch.setattr(memory_share, "MIN_MEMORY_BYTES", 1000**2)
    con = duckdb.connect(config={"memory_limit": "64MB"})
    try:
        con.execute("SET temp_directory = ''")
        con.execute("CREATE TEMP TABLE t AS SELECT range AS a FROM range(5000000)")   # 40 MB, held in memory
        stages = memory_share.MemoryStages(con, "64MB")
        assert stages.limit_to(0.25) == stages.cap == 64 * 1000**2
        assert con.execute("SELECT current_setting('memory_limit')").fetchall()[0][0] == "61.0 MiB"
        con.execute("DROP TABLE t")
        assert stages.limit_to(0.25) == 16 * 1000**2   # with nothing held, the share applies
        stages.restore()
        assert con.execute("SELECT current_setting('memory_limit')").fetchall()[0][0] == "61.0 MiB"
    finally:
        con.close()
