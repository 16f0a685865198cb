"""Events dated after the day of the import or before 1995: a time column read wrong, said by the import and the Data
page."""

from __future__ import annotations

import datetime as dt


def _import(tmp_path, name, lines):
    from engine.ingest import import_file
    from engine.store import create_project

    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    project = create_project(tmp_path / f"{name}.shiftwise")
    return project, import_file(project, path)


def test_two_digit_buddhist_era_years_land_in_the_future_and_the_import_says_so(tmp_path):
    """Thai Excel's short dates: 05/01/67 is 5 January 2567 (2024); read as 2067 the shop's history lay 40 years
    ahead, every model's "as of the end of the data" with it, and nothing said so."""
    from engine.read.imports import import_notes

    lines = ["customer_id,ts,order_id,item_id,amount",
             "c1,05/01/67 10:00,o1,i1,12.50", "c1,20/02/67 10:00,o2,i2,3.00", "c2,31/03/67 09:00,o3,i1,12.50"]
    project, result = _import(tmp_path, "thai.csv", lines)
    try:
        assert result.rows_loaded == 3 and result.future_events == 3 and result.future_latest == "2067-03-31"
        said = str(result.summary())
        assert "3 lines are dated after today (the latest 2067-03-31)" in said and "ts_format" in said
        assert result.to_dict()["future_events"] == 3
        notes = [str(n) for n in import_notes(project, result.import_id)]
        assert any("dated after today" in n for n in notes), notes
        # kept, not rejected: a mapping that reads the column another way can import the file again
        assert project.scalar("SELECT count(*) FROM events") == 3
    finally:
        project.close()


def test_events_up_to_today_are_not_the_future(tmp_path):
    """Today's and yesterday's sales (the shop's zone may be ahead of the machine's) are no warning; one line a
    year ahead is told alone."""
    from zoneinfo import ZoneInfo

    from engine.ingest.service import DEFAULT_TZ

    today = dt.datetime.now(ZoneInfo(DEFAULT_TZ)).date()   # the day in the project's zone, as the import takes it
    lines = ["customer_id,ts,order_id,item_id,amount",
             f"c1,{today - dt.timedelta(days=1)} 10:00,o1,i1,12.50", f"c1,{today} 23:59,o2,i2,3.00",
             f"c2,{today + dt.timedelta(days=1)} 09:00,o3,i1,12.50"]
    project, result = _import(tmp_path, "recent.csv", lines)
    try:
        assert result.rows_loaded == 3 and result.future_events == 0 and "after today" not in str(result.summary())
    finally:
        project.close()
    ahead = today.replace(year=today.year + 1) if (today.month, today.day) != (2, 29) else today + dt.timedelta(366)
    project, result = _import(tmp_path, "ahead.csv", lines + [f"c3,{ahead} 10:00,o4,i1,1.00"])
    try:
        assert result.future_events == 1 and result.future_latest == f"{ahead}"
        assert f"one line is dated after today ({ahead})" in str(result.summary())
    finally:
        project.close()


def test_this_years_buddhist_era_dates_land_in_1969_and_the_import_says_so(tmp_path):
    """05/01/69 is 5 January 2569 (2026): a two-digit year from 69 up reads as the 1900s."""
    lines = ["customer_id,ts,order_id,item_id,amount",
             "c1,05/01/69 10:00,o1,i1,12.50", "c2,07/01/69 10:00,o2,i1,12.50"]
    project, result = _import(tmp_path, "thai.csv", lines)
    try:
        assert (result.early_events, result.early_earliest, result.future_events) == (2, "1969-01-05", 0)
        assert "2 lines are dated before 1995 (the earliest 1969-01-05)" in str(result.summary())
    finally:
        project.close()
