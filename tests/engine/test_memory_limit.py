"""DuckDB's memory limit stays inside the app's budget (issue #13: the process under 2 GB)."""

from __future__ import annotations

from engine.store import create_project
from engine.store.connection import MAX_DUCKDB_MB, default_memory_limit


def test_default_limit_is_capped(monkeypatch):
    monkeypatch.delenv("SHIFTWISE_MEMORY_LIMIT", raising=False)
    limit = default_memory_limit()
    assert limit.endswith("MB") and 256 <= int(limit[:-2]) <= MAX_DUCKDB_MB


def test_environment_overrides_the_limit(monkeypatch, tmp_path):
    monkeypatch.setenv("SHIFTWISE_MEMORY_LIMIT", "2GB")
    assert default_memory_limit() == "2GB"
    with create_project(tmp_path / "p.shiftwise", threads=1) as project:
        assert project.scalar("SELECT current_setting('memory_limit')") == "1.8 GiB"  # 2 GB in DuckDB's units
