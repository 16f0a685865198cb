"""Exports in shapes the formats do not know by name, made from the grocery dev file, imported and trained as a
merchandiser would: what lands, what is left out, what each model says.

    python tests/bench/bench_unseen_exports.py [--data grocery_dev.csv.gz] [--lines 120000] [--out F.json]

Each export is the grocery file's first ``--lines`` lines (about four weeks) rewritten as:
- ``amazon``: Amazon's All Orders report (TSV, ``buyer-email``, ``item-price`` the line's total, no category);
- ``jd``: a JD order workbook in Chinese with a title row above the header and a 合计 row below (30,000 lines);
- ``ledger_de``: a German ledger (semicolons, a decimal comma, ``dd.mm.yyyy``, Windows-1252);
- ``douyin``: a Douyin export with a tab before every long number and a share of orders 已关闭 (closed);
- ``pinduoduo``: a Pinduoduo export keyed by masked phone numbers (``138****5678``).
Each is imported into a project of its own with ``main.py import`` and trained with ``main.py train --json``.
Writes tests/bench/results/unseen_exports.json (or ``--out``): per export the import's summary line and counts,
and per model its run's message or the reason it was skipped.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[2]
DEV = Path("/work/shared/data/grocery_dev.csv.gz")
RESULTS = Path(__file__).resolve().parent / "results" / "unseen_exports.json"


def make_exports(folder: Path, lines: int, data: Path = DEV) -> dict[str, Path]:
    import xlsxwriter

    con = duckdb.connect()
    con.execute(f"CREATE TABLE g AS SELECT * FROM read_csv('{data}', all_varchar = true) LIMIT {int(lines)}")
    out = {"amazon": folder / "amazon_orders.txt", "jd": folder / "jd_orders.xlsx",
           "ledger_de": folder / "ledger_de.csv", "douyin": folder / "douyin.csv", "pinduoduo": folder / "pdd.csv"}
    con.execute(f"""COPY (SELECT '114-' || "Order ID" AS "amazon-order-id", '' AS "merchant-order-id",
        strftime("Created At"::TIMESTAMP, '%Y-%m-%dT%H:%M:%S+00:00') AS "purchase-date",
        CASE WHEN hash("Order ID") % 50 = 0 THEN 'Cancelled' ELSE 'Shipped' END AS "order-status",
        'Amazon.com' AS "sales-channel", "Product Name" AS "product-name", SKU AS sku, Quantity AS quantity,
        'USD' AS currency, "Line Total" AS "item-price", 'h' || "Customer ID" || '@marketplace.amazon.com' AS "buyer-email",
        'WA' AS "ship-state" FROM g) TO '{out["amazon"]}' (DELIMITER '\t', HEADER)""")
    con.execute(f"""COPY (SELECT "Order ID" AS Belegnr, "Customer ID" AS Kundennr,
        strftime("Created At"::TIMESTAMP, '%d.%m.%Y') AS Datum, SKU AS Artikelnr, "Product Name" AS Bezeichnung,
        Category AS Warengruppe, Quantity AS Menge, replace("Line Total", '.', ',') AS Betrag FROM g)
        TO '{out["ledger_de"]}.utf8' (DELIMITER ';', HEADER)""")
    Path(out["ledger_de"]).write_bytes(Path(f"{out['ledger_de']}.utf8").read_text(encoding="utf-8")
                                       .encode("cp1252", errors="replace"))
    Path(f"{out['ledger_de']}.utf8").unlink()
    con.execute(f"""COPY (SELECT chr(9) || "Order ID" AS 主订单编号, chr(9) || 'dy' || "Customer ID" AS 买家昵称,
        chr(9) || strftime("Created At"::TIMESTAMP, '%Y-%m-%d %H:%M:%S') AS 订单提交时间, chr(9) || SKU AS 商品ID,
        "Product Name" AS 选购商品, Category AS 商品类目, Quantity AS 商品数量, "Line Total" AS 订单应付金额,
        CASE WHEN hash("Order ID") % 20 = 0 THEN '已关闭' ELSE '已完成' END AS 订单状态 FROM g)
        TO '{out["douyin"]}' (HEADER)""")
    con.execute(f"""COPY (SELECT "Order ID" AS 订单号, "Product Name" AS 商品, SKU AS 商品id,
        Quantity AS "商品数量(件)", "Line Total" AS "用户实付金额(元)", '已签收' AS 订单状态,
        strftime("Created At"::TIMESTAMP, '%Y-%m-%d %H:%M:%S') AS 订单成交时间,
        '13' || (CAST("Customer ID" AS INTEGER) % 10) || '****' || lpad(CAST(CAST("Customer ID" AS INTEGER) % 97 AS VARCHAR), 4, '0') AS 手机
        FROM g) TO '{out["pinduoduo"]}' (HEADER)""")
    rows = con.execute("""SELECT "Order ID", 'jd_' || "Customer ID",
        strftime("Created At"::TIMESTAMP, '%Y/%m/%d %H:%M:%S'), SKU, "Product Name", Department, Category,
        CAST(Quantity AS DOUBLE), CAST("Line Total" AS DOUBLE), '已完成' FROM g LIMIT 30000""").fetchall()
    book = xlsxwriter.Workbook(str(out["jd"]))
    sheet = book.add_worksheet("订单")
    sheet.write(0, 0, "京东订单明细导出")
    sheet.write_row(2, 0, ["订单编号", "客户账号", "下单时间", "商品编号", "商品名称", "一级类目", "三级类目",
                           "订购数量", "应付金额", "订单状态"])
    for i, row in enumerate(rows):
        sheet.write_row(3 + i, 0, list(row))
    sheet.write_row(3 + len(rows), 0, ["合计", "", "", "", "", "", "", sum(r[7] for r in rows),
                                       round(sum(r[8] for r in rows), 2), ""])
    book.close()
    return out


def run(args: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True, cwd=ROOT)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=DEV, help="the grocery dev file")
    ap.add_argument("--lines", type=int, default=120_000)
    ap.add_argument("--out", type=Path, default=RESULTS)
    args = ap.parse_args(argv)
    results = {"what": "exports the formats do not know by name, made from the grocery dev file's first "
                       f"{args.lines:,} lines, imported and trained with main.py", "command":
               "python tests/bench/bench_unseen_exports.py" + (f" --lines {args.lines}" if args.lines != 120_000 else ""),
               "exports": {}}
    with tempfile.TemporaryDirectory(prefix="shiftwise-unseen-") as tmp:
        for name, path in make_exports(Path(tmp), args.lines, args.data).items():
            project = Path(tmp) / f"{name}.shiftwise"
            imported = run(["import", str(project), str(path), "--json"])
            entry: dict = {"file": path.name}
            if imported.returncode != 0:
                entry["import_error"] = imported.stderr.strip().splitlines()[-1]
                results["exports"][name] = entry
                continue
            files = json.loads(imported.stdout)["files"][0]
            entry["import"] = {k: files[k] for k in ("format", "rows_loaded", "rows_rejected", "rows_skipped",
                                                      "groups", "warning")}
            trained = run(["train", str(project), "--json"])
            if trained.returncode != 0:
                entry["train_error"] = trained.stderr.strip().splitlines()[-1]
            else:
                out = json.loads(trained.stdout)
                entry["runs"] = {r["kind"]: r.get("message") for r in out["runs"]}
                entry["skipped"] = {s["model"]: s["reason"] for s in out["skipped"]}
            results["exports"][name] = entry
            print(name, json.dumps(entry, ensure_ascii=False)[:400], flush=True)
    args.out.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print("wrote", args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
