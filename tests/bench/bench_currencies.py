"""An Amazon North America report of three marketplaces made from the dev file: 10% of the customers buy on
Amazon.ca (CAD, amounts x 1.35), 3% on Amazon.com.mx (MXN, x 17). Imported with each checkout given (``git worktree
add DIR COMMIT``: before and after): what the import says, how many of the top 100 customers by spend are in the
smallest, dearest currency (Mexican), and the project's spend against the file's main-currency lines' spend.

    python tests/bench/bench_currencies.py OUT.json CHECKOUT [CHECKOUT ...] [--written]

``--written``: instead, a WooCommerce export of three stores with no currency column, each line's total written with
its store's mark: 87% of the customers ``€12.50`` (the main), 10% ``£10.63`` (x 0.85), 3% ``¥2,000`` (x 160).

``--rates``: each checkout also imports with the rates the file was made with (``--rate CAD=0.7407...``): the spend
then against the file's whole spend in the main currency, and how many of the true top 100 customers by spend (every
line in the main currency) the project's top 100 holds, with the rates and without.
"""
import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import duckdb

DEV = "/work/shared/data/grocery_dev.csv.gz"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("out", type=Path)
    ap.add_argument("checkouts", nargs="+")
    ap.add_argument("--written", action="store_true", help="the currencies written with the amounts, not in a column")
    ap.add_argument("--rates", action="store_true", help="also import with the rates the file was made with")
    args = ap.parse_args()
    result_file, codes = args.out, args.checkouts
    out = Path(tempfile.mkdtemp(prefix="shiftwise-bench-currencies-"))
    con = duckdb.connect()
    if args.written:
        f, result, customer, dearest, rates = _written(con, out)
    else:
        f, result, customer, dearest, rates = _amazon(con, out)
    far = set(r2[0] for r2 in con.execute(f"SELECT DISTINCT {customer} FROM src WHERE cur = '{dearest}'").fetchall())
    true_top = set(r2[0] for r2 in con.execute(f"""SELECT {customer} FROM src GROUP BY 1
                                                   ORDER BY sum(main) DESC, 1 LIMIT 100""").fetchall())
    result["whole_spend_in_main"] = round(con.execute("SELECT sum(main) FROM src").fetchall()[0][0], 2)
    for code in codes:
        for rated in ([False, True] if args.rates else [False]):
            p = out / f"p_{Path(code).name}{'_rates' if rated else ''}.shiftwise"
            given = [f"--rate={c}={r!r}" for c, r in rates.items()] if rated else []
            r = subprocess.run([sys.executable, f"{code}/main.py", "import", str(p), str(f), *given],
                               capture_output=True, text=True)
            c = duckdb.connect(str(p), read_only=True)
            top = c.execute("""SELECT customer_id FROM events WHERE event_type = 'purchase' GROUP BY 1
                               ORDER BY sum(amount) DESC NULLS LAST, 1 LIMIT 100""").fetchall()
            spend = c.execute("SELECT sum(amount) FROM events").fetchall()[0][0]
            result[" ".join([str(code), *given])] = {
                "summary": r.stdout.splitlines()[0] if r.stdout else r.stderr[-300:],
                f"top100_{dearest.lower()}": sum(str(t[0]) in far for t in top),
                "top100_of_true_top100": sum(str(t[0]) in true_top for t in top),
                "project_spend": round(spend, 2)}
            c.close()
    shutil.rmtree(out, ignore_errors=True)
    result_file.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=1, ensure_ascii=False))
    return 0


def _written(con: duckdb.DuckDBPyConnection, out: Path) -> tuple:
    f = out / "woo_orders.csv"
    con.execute(f"""CREATE TABLE src AS SELECT "Order ID" AS oid, "Created At" AS created, "Customer ID" AS cid,
        "Product Name" AS name, Quantity AS qty,
        CASE WHEN hash("Customer ID") % 100 < 3 THEN 'JPY' WHEN hash("Customer ID") % 100 < 13 THEN 'GBP'
             ELSE 'EUR' END AS cur, CAST("Line Total" AS DOUBLE) AS eur, eur AS main
        FROM read_csv('{DEV}', all_varchar = true)""")
    con.execute(f"""COPY (SELECT oid AS "Order Number", created AS "Order Date", cid AS "Customer User ID",
        name AS "Item Name", qty AS "Quantity",
        CASE cur WHEN 'JPY' THEN '¥' || format('{{:,.0f}}', round(eur * 160))
                 WHEN 'GBP' THEN '£' || format('{{:.2f}}', eur * 0.85) ELSE '€' || format('{{:.2f}}', eur) END
            AS "Line Total" FROM src) TO '{f}' (HEADER)""")
    truth = con.execute("""SELECT count(*) FILTER (WHERE cur = 'JPY'), count(*) FILTER (WHERE cur = 'GBP'),
        sum(round(eur, 2)) FILTER (WHERE cur = 'EUR'), count(DISTINCT cid) FILTER (WHERE cur = 'JPY') FROM src""").fetchall()[0]
    return f, {"file": "dev file as a WooCommerce export of three stores, the currency written with each amount "
                       "(87% of customers €, 10% £ x0.85, 3% ¥ x160)",
               "jpy_lines": truth[0], "gbp_lines": truth[1], "eur_spend": round(truth[2], 2),
               "jpy_customers": truth[3]}, "cid", "JPY", {"GBP": 1 / 0.85, "JPY": 1 / 160}


def _amazon(con: duckdb.DuckDBPyConnection, out: Path) -> tuple:
    f = out / "amazon_na.txt"
    con.execute(f"""COPY (SELECT '114-' || "Order ID" AS "amazon-order-id",
        strftime("Created At"::TIMESTAMP, '%Y-%m-%dT%H:%M:%S+00:00') AS "purchase-date", 'Shipped' AS "order-status",
        CASE WHEN hash("Customer ID") % 100 < 3 THEN 'Amazon.com.mx'
             WHEN hash("Customer ID") % 100 < 13 THEN 'Amazon.ca' ELSE 'Amazon.com' END AS "sales-channel",
        "Product Name" AS "product-name", SKU AS sku, Quantity AS quantity,
        CASE WHEN hash("Customer ID") % 100 < 3 THEN 'MXN' WHEN hash("Customer ID") % 100 < 13 THEN 'CAD'
             ELSE 'USD' END AS currency,
        round(CAST("Line Total" AS DOUBLE) * CASE WHEN hash("Customer ID") % 100 < 3 THEN 17
             WHEN hash("Customer ID") % 100 < 13 THEN 1.35 ELSE 1 END, 2) AS "item-price",
        'h' || "Customer ID" || '@marketplace.amazon.com' AS "buyer-email" FROM read_csv('{DEV}', all_varchar = true))
        TO '{f}' (DELIMITER '\t', HEADER)""")
    con.execute(f"""CREATE TABLE src AS SELECT "buyer-email" AS email, currency AS cur,
                     "item-price" / CASE currency WHEN 'MXN' THEN 17 WHEN 'CAD' THEN 1.35 ELSE 1 END AS main
                     FROM read_csv('{f}', delim = '\t')""")
    truth = con.execute(f"""SELECT count(*) FILTER (WHERE currency = 'MXN'), count(*) FILTER (WHERE currency = 'CAD'),
        sum("item-price") FILTER (WHERE currency = 'USD'), count(DISTINCT "buyer-email") FILTER (WHERE currency = 'MXN')
        FROM read_csv('{f}', delim = '\t')""").fetchall()[0]
    return f, {"file": "dev file as an Amazon NA report (10% of customers CAD x1.35, 3% MXN x17)",
               "mxn_lines": truth[0], "cad_lines": truth[1], "usd_spend": round(truth[2], 2),
               "mxn_customers": truth[3]}, "lower(email)", "MXN", {"CAD": 1 / 1.35, "MXN": 1 / 17}


if __name__ == "__main__":
    sys.exit(main())
