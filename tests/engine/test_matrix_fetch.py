import duckdb
import numpy as np

from engine.store.matrix_fetch import fetch_matrix


def test_pieces_make_the_whole_result_in_order_with_nulls_as_nan():
    con = duckdb.connect()
    con.execute("CREATE TABLE t AS SELECT i, i * 0.5 AS x, CASE WHEN i % 4 = 0 THEN NULL ELSE i END AS y "
                "FROM range(1000) r(i)")
    sql, params = "SELECT i, x, y FROM t WHERE i >= ? ORDER BY i DESC", [10]
    expected = con.execute(sql, params).fetchall()
    got = fetch_matrix(con, sql, params, cells=30)   # ten rows a piece: a hundred pieces
    assert got.shape == (990, 3) and got.dtype == np.float64
    want = np.array([[np.nan if v is None else v for v in row] for row in expected], dtype=np.float64)
    assert np.array_equal(got, want, equal_nan=True)
    assert fetch_matrix(con, "SELECT i, x FROM t WHERE i < 0").shape == (0, 2)
