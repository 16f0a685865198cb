"""The feature SQL leaves DuckDB intact: it transpiles with sqlglot to Spark SQL (and BigQuery,
Trino) and parses there; rendering its parameters changes none of its results."""

from __future__ import annotations

from datetime import datetime

import pytest
import sqlglot

from engine.features.customer_features import FeatureSpec, customer_features_sql, top_categories
from engine.features.portable import DUCKDB_ONLY_INTEGERS, RATES_TABLE, feature_statements, render, to_dialect



@pytest.fixture
def as_of(demo_project) -> datetime:
    return demo_project.scalar("SELECT date_trunc('day', max(ts)) - INTERVAL 30 DAY FROM events")


@pytest.fixture
def statements(demo_project, as_of):
    origin = demo_project.scalar("SELECT date_trunc('day', min(ts)) FROM events")
    categories = top_categories(demo_project.cursor(), as_of, 90, 12) + ["Kids' & baby"]
    return feature_statements(as_of, origin, categories)


@pytest.mark.parametrize("dialect", ["spark", "bigquery", "trino"])
def test_feature_sql_transpiles_and_parses(statements, dialect):
    assert set(statements) >= {"customer_features", "interest_and_levels", "stop_levels"}
    for name, sql in statements.items():
        out = to_dialect(sql, dialect)
        tree = sqlglot.parse_one(out, read=dialect, error_level=sqlglot.ErrorLevel.RAISE)
        assert tree.find(sqlglot.exp.Select) is not None, name
        assert "?" not in out and "epoch(" not in out.lower(), name
        # sqlglot parses DuckDB's own types in any dialect, the engines do not (Spark refused INT128)
        assert not {t.this for t in tree.find_all(sqlglot.exp.DataType)} & DUCKDB_ONLY_INTEGERS, name


def test_the_fixed_point_sums_stay_exact_numbers_in_every_engine(statements):
    # customer_features sums spend in fixed point (HUGEINT in DuckDB): an exact 38-digit number elsewhere
    assert "HUGEINT" in statements["customer_features"]
    for dialect, wide in (("spark", "DECIMAL(38, 0)"), ("trino", "DECIMAL(38, 0)"), ("bigquery", "BIGNUMERIC")):
        assert f"AS {wide})" in to_dialect(statements["customer_features"], dialect), dialect


def test_rendered_sql_gives_the_same_rows_as_the_parameterised_sql(demo_project, as_of):
    spec = FeatureSpec(as_of=as_of, window_days=90, categories=("Gaming", "Kids' & baby"))
    sql, params = customer_features_sql(spec)
    cur = demo_project.cursor()
    expected = cur.execute(sql + " ORDER BY rn", params).fetchall()
    assert expected
    assert cur.execute(render(sql, params) + " ORDER BY rn").fetchall() == expected


def test_interest_statements_run_in_duckdb_as_rendered(demo_project, statements):
    cur = demo_project.cursor()
    cur.execute(f"CREATE TEMP TABLE {RATES_TABLE} AS SELECT DISTINCT customer_id, category, 0.02 AS beta "
                f"FROM events WHERE category IS NOT NULL")
    for name, sql in statements.items():
        assert cur.execute(f"SELECT count(*) FROM ({sql})").fetchall()[0][0] > 0, name


def test_render_counts_placeholders():
    assert render("SELECT ? + ?, ?", [1, 2.5, "it's"]) == "SELECT 1 + 2.5, 'it''s'"
    with pytest.raises(ValueError):
        render("SELECT ?", [])


def test_the_decay_model_does_not_load_sqlglot():
    # sqlglot is for the portable text only; the decay writes its range bounds with the plain literal helper
    import subprocess
    import sys
    from pathlib import Path

    code = "import sys; import engine.models.decay.service; print('sqlglot' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=Path(__file__).resolve().parents[2])
    assert done.stdout.split()[-1:] == ["False"], done.stderr[-2000:]
