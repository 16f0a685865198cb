"""The engine's side of Edit ▸ Settings: DuckDB limits on every connection, the user's L and H
under each model's parameters, events counted per day, week or month."""

from __future__ import annotations

import pytest

from engine.models.defaults import UserDefaults
from engine.read.overview import events_per_period
from engine.store import create_project
from engine.store.connection import DuckDBLimits, connect, current_limits, max_threads, set_limits
from engine.store.errors import ProjectError


@pytest.fixture
def limits():
    before = current_limits()
    yield
    set_limits(before)


def test_every_connection_gets_the_limits(tmp_path, limits):
    set_limits(DuckDBLimits("1GB", 1))
    con = connect()
    assert con.execute("SELECT current_setting('memory_limit'), current_setting('threads')").fetchall() == [
        ("953.6 MiB", 1)]   # 1 GB in DuckDB's units
    con.close()
    with create_project(tmp_path / "p.shiftwise") as project:
        assert project.scalar("SELECT current_setting('memory_limit')") == "953.6 MiB"
        assert project.scalar("SELECT current_setting('threads')") == 1
        # autoload stays off whatever the limits
        assert project.scalar("SELECT current_setting('autoload_known_extensions')") is False


def test_explicit_project_limits_win(tmp_path, limits):
    set_limits(DuckDBLimits("1GB", 1))
    with create_project(tmp_path / "p.shiftwise", memory_limit="512MB") as project:
        assert project.scalar("SELECT current_setting('memory_limit')") == "488.2 MiB"


@pytest.mark.parametrize("memory, threads, words", [
    ("lots", None, "not a size like 4GB"),
    ("100MB", None, "between 256 MB and"),
    ("9999TB", None, "between 256 MB and"),
    (None, 0, f"between 1 and {max_threads()}"),
    (None, max_threads() + 1, f"between 1 and {max_threads()}"),
])
def test_bad_limits_are_refused_naming_the_range(memory, threads, words, limits):
    before = current_limits()
    with pytest.raises(ProjectError, match=words):
        set_limits(DuckDBLimits(memory, threads))
    assert current_limits() == before


def test_user_defaults_go_to_the_models_that_take_them():
    d = UserDefaults("week", lookback_weeks=6, horizon_weeks=3)
    assert d.params_for("migration") == {"horizon_weeks": 3, "lookback": 6}
    assert d.params_for("decay") == {"horizon_weeks": 3}
    assert d.params_for("segments") == {}
    every = d.params_by_model()
    assert every["customers"] == {"horizon_weeks": 3} and every["transfer"] == {"horizon_weeks": 3}


@pytest.mark.parametrize("d, words", [
    (UserDefaults("fortnight"), "period"), (UserDefaults(lookback_weeks=0), "L"),
    (UserDefaults(horizon_weeks=27), "H")])
def test_bad_defaults_are_refused(d, words):
    with pytest.raises(ProjectError, match=words):
        d.validated()


def test_events_per_period_count_every_event_once(demo_project):
    per = {p: events_per_period(demo_project, p) for p in ("day", "week", "month")}
    totals = {p: sum(c.sum() for c in e.counts.values()) for p, e in per.items()}
    assert totals["day"] == totals["week"] == totals["month"] == demo_project.scalar("SELECT count(*) FROM events")
    assert len(per["day"].week_start) > len(per["week"].week_start) > len(per["month"].week_start) > 1


def test_a_first_or_last_period_the_data_covers_in_part_is_said(tmp_path):
    """An export from a Sunday to a Wednesday: its first and last weeks hold one and three days (the dev file's first
    week read as a slump from 30,000 events to 4,000); its month and days are whole or not by the same rule."""
    from engine.ingest import import_file

    path = tmp_path / "e.csv"
    path.write_text("customer_id,ts,item_id\nc1,2017-01-01 09:00,i1\nc1,2017-01-09 09:00,i1\n"
                    "c2,2017-01-18 23:00,i2\n", encoding="utf-8")
    with create_project(tmp_path / "p.shiftwise") as project:
        import_file(project, path)
        assert events_per_period(project, "week").partial == (True, True)
        assert events_per_period(project, "month").partial == (False, True)
        assert events_per_period(project, "day").partial == (False, False)
    with create_project(tmp_path / "empty.shiftwise") as project:
        assert events_per_period(project, "week").partial == (False, False)


def test_every_core_unless_the_user_set_fewer(tmp_path, limits):
    """The window and the command line alike: DuckDB and the models' predictions get every core unless
    Edit > Settings set a thread count (the window no longer keeps a core back for itself)."""
    from engine.models.prediction_threads import prediction_threads

    set_limits(DuckDBLimits())
    with create_project(tmp_path / "every.shiftwise") as project:
        assert project.scalar("SELECT current_setting('threads')") == max_threads() == prediction_threads()
    set_limits(DuckDBLimits(threads=1))
    with create_project(tmp_path / "one.shiftwise") as project:
        assert project.scalar("SELECT current_setting('threads')") == 1 == prediction_threads()
