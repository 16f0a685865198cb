import duckdb
import numpy as np

from engine.store.matrix_fetch import fetch_columns, fetch_matrix


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


def _same_as_fetchnumpy(con, sql, params, cells):
    want = con.execute(sql, params).fetchnumpy()
    got = fetch_columns(con, sql, params, cells=cells)
    assert list(got) == list(want)
    for name, column in want.items():
        assert type(got[name]) is type(column) and got[name].dtype == column.dtype, name
        assert np.array_equal(np.asarray(got[name]), np.asarray(column)), name
        assert np.array_equal(np.ma.getmaskarray(got[name]), np.ma.getmaskarray(column)), name


def test_columns_in_pieces_are_fetchnumpys_arrays():
    con = duckdb.connect()
    con.execute("""CREATE TABLE t AS SELECT i, i * 0.5 AS x, CASE WHEN i % 5 = 0 THEN NULL ELSE i * 1.5 END AS y,
                   'c' || (i % 3) AS s, CASE WHEN i % 7 = 0 THEN NULL ELSE 'z' END AS s_null,
                   DATE '2020-01-01' + i::INTEGER AS d, TIMESTAMPTZ '2020-01-01 00:00:00+00' + to_seconds(i) AS ts,
                   sum(i) OVER (ORDER BY i) AS huge, i % 2 = 0 AS b FROM range(1000) r(i)""")
    sql = "SELECT * FROM t WHERE i >= ? ORDER BY i DESC"
    for cells in (9, 90, 1_000_000):   # one row a piece, ten rows, the whole result in one
        _same_as_fetchnumpy(con, sql, [3], cells)
    # a column with no NULL in this range: a plain array, as fetchnumpy gives
    _same_as_fetchnumpy(con, "SELECT y FROM t WHERE i % 5 <> 0 ORDER BY i", [], 5)
    _same_as_fetchnumpy(con, sql, [5000], 9)   # no rows: the columns' dtypes kept


def test_batch_numbers_converts_whole_number_decimals_as_numbers_and_leaves_text_out():
    import pyarrow as pa

    from engine.store.matrix_fetch import batch_numbers

    con = duckdb.connect()
    # sum() of integers is a HUGEINT: Arrow decimal128(38, 0), which to_numpy makes Python Decimals
    table = con.sql("SELECT i::VARCHAR AS name, sum(i) AS total, CASE WHEN i % 3 = 0 THEN NULL ELSE i END AS n, "
                    "i * 0.5 AS x FROM range(50) r(i) GROUP BY i ORDER BY i").arrow()
    batch = table.to_batches()[0] if isinstance(table, pa.Table) else table.read_next_batch()
    assert pa.types.is_decimal(batch.schema.field("total").type)
    got = batch_numbers(batch, ["total", "n", "x"])
    assert list(got) == ["total", "n", "x"]
    old = {name: batch.column(name).to_numpy(zero_copy_only=False) for name in got}
    assert old["total"].dtype == object and got["total"].dtype != object
    for name in got:   # what the candidates compute with is the same
        assert np.array_equal(np.asarray(got[name], np.float64), np.asarray(old[name], np.float64), equal_nan=True)
