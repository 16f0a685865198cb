"""Taobao's two reports imported together against the same lines in one file with their buyers and times, alternated
in one run (each import its own process, through ``main.py``): what reading the lines with their orders costs.

    python tests/bench/bench_order_lines.py [--data grocery_dev.csv.gz] [--lines 963872] [--reps 3] [--out F.json]
        [--copies N --pair-only]

``--copies N`` writes the files from N copies of those lines (each copy's order ids and buyers offset: a shop N
times as large); ``--pair-only`` imports the pair alone (wall, CPU and peak memory at that size).

The pair is the one ``bench_unseen_exports.py`` writes (``taobao_pair``: 订单报表 and 宝贝报表 in GB18030); the one file
is the lines with 买家会员名, 订单付款时间 and 收货地址 beside each, in GB18030 too. Writes
tests/bench/results/order_lines.json (or ``--out``): wall, CPU and peak memory of each import, the events each
landed, and the ratio of the pair's wall time to the one file's.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.bench.bench_scale import run_step  # noqa: E402
from tests.bench.bench_unseen_exports import DEV, _taobao_pair  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results" / "order_lines.json"


def write_files(folder: Path, lines: int, data: Path, copies: int = 1) -> tuple[tuple[Path, Path], Path]:
    """The pair, and the lines with their orders' buyer and paid time in one file (closed orders with no time)."""
    con = duckdb.connect()
    con.execute(f"""CREATE TABLE g AS SELECT * EXCLUDE (c) REPLACE (
        CAST(CAST("Order ID" AS BIGINT) + c * 100000000000 AS VARCHAR) AS "Order ID",
        CAST(CAST("Customer ID" AS BIGINT) + c * 1000000 AS VARCHAR) AS "Customer ID")
        FROM (SELECT * FROM read_csv('{data}', all_varchar = true) LIMIT {int(lines)}), range({int(copies)}) t(c)
        ORDER BY c""")
    con.execute("""CREATE TABLE o AS SELECT "Order ID" AS oid, sum(CAST("Line Total" AS DOUBLE)) AS total,
        hash("Order ID") % 20 = 0 AS cancelled FROM g GROUP BY 1""")
    pair = (folder / "ExportOrderList.csv", folder / "ExportOrderDetailList.csv")
    _taobao_pair(con, pair)
    one = folder / "ExportOrderLines_joined.csv"
    con.execute(f"""COPY (SELECT '="' || "Order ID" || '"' AS 订单编号, 'tb' || "Customer ID" AS 买家会员名,
        CASE WHEN NOT cancelled THEN strftime(min("Created At"::TIMESTAMP) OVER (PARTITION BY "Order ID"),
                                              '%Y-%m-%d %H:%M:%S') END AS 订单付款时间,
        "Product Name" AS 标题, "Unit Price" AS 价格, Quantity AS 购买数量,
        CASE WHEN cancelled THEN '交易关闭' ELSE '交易成功' END AS 订单状态, SKU AS 商家编码,
        ['浙江省 杭州市 西湖区 文三路', '北京 北京市 朝阳区 建国路', '广东省 深圳市 南山区 科技园',
         '四川省 成都市 武侯区 人民南路', '上海 上海市 浦东新区 世纪大道'][(1 + hash("Customer ID") % 5)::BIGINT]
         || (1 + hash(oid) % 300) || '号' AS 收货地址
        FROM g JOIN o ON oid = "Order ID" ORDER BY g.rowid) TO '{one}.utf8' (HEADER)""")
    with open(f"{one}.utf8", encoding="utf-8") as src, open(one, "w", encoding="gb18030", errors="replace") as dst:
        for line in src:
            dst.write(line)
    Path(f"{one}.utf8").unlink()
    return pair, one


def _events(project: Path) -> int:
    con = duckdb.connect(str(project), read_only=True)
    try:
        return int(con.execute("SELECT count(*) FROM events").fetchall()[0][0])
    finally:
        con.close()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=DEV)
    ap.add_argument("--lines", type=int, default=963_872)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--out", type=Path, default=RESULTS)
    ap.add_argument("--copies", type=int, default=1, help="the lines this many times over, ids offset per copy")
    ap.add_argument("--pair-only", action="store_true", help="import the pair alone")
    args = ap.parse_args(argv)
    runs: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="shiftwise-order-lines-") as tmp:
        folder = Path(tmp)
        pair, one = write_files(folder, args.lines, args.data, args.copies)
        log = folder / "steps.log"
        sides = (("pair", [*pair]),) if args.pair_only else (("pair", [*pair]), ("one_file", [one]))
        for rep in range(args.reps):
            for side, files in sides:
                project = folder / f"{side}_{rep}.shiftwise"
                step = run_step(f"import {side}", ["import", str(project), *map(str, files)], project, log)
                step.update(side=side, rep=rep, events=_events(project) if step["exit_code"] == 0 else None)
                runs.append(step)
                project.unlink(missing_ok=True)
    ratios = [] if args.pair_only else [p["wall_s"] / o["wall_s"] for p, o in zip(runs[0::2], runs[1::2])]
    result = {"what": "Taobao's two reports imported together against the same lines in one file with their buyers "
                      f"and times (the grocery dev file's first {args.lines:,} lines, {args.copies} copies)",
              "command": " ".join(["python tests/bench/bench_order_lines.py",
                                   *(sys.argv[1:] if argv is None else argv)]),
              "runs": runs, "pair_over_one_file_wall": [round(r, 3) for r in ratios],
              "median_ratio": round(statistics.median(ratios), 3) if ratios else None}
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(json.dumps({k: result[k] for k in ("pair_over_one_file_wall", "median_ratio")}))
    print("wrote", args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
