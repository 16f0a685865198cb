"""An Amazon North America report of three marketplaces made from the dev file: 10% of the customers buy on
Amazon.ca (CAD, amounts x 1.35), 3% on Amazon.com.mx (MXN, x 17). Imported with each checkout given (``git worktree
add DIR COMMIT``: before and after): what the import says, how many of the top 100 customers by spend are Mexican,
and the project's spend against the file's US lines' spend.

    python tests/bench/bench_currencies.py OUT.json CHECKOUT [CHECKOUT ...]
"""
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import duckdb

DEV = "/work/shared/data/grocery_dev.csv.gz"


def main() -> int:
    result_file, codes = Path(sys.argv[1]), sys.argv[2:]
    out = Path(tempfile.mkdtemp(prefix="shiftwise-bench-currencies-"))
    f = out / "amazon_na.txt"
    con = duckdb.connect()
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
    truth = con.execute(f"""SELECT count(*) FILTER (WHERE currency = 'MXN'), count(*) FILTER (WHERE currency = 'CAD'),
        sum("item-price") FILTER (WHERE currency = 'USD'), count(DISTINCT "buyer-email") FILTER (WHERE currency = 'MXN')
        FROM read_csv('{f}', delim = '\t')""").fetchall()[0]
    result = {"file": "dev file as an Amazon NA report (10% of customers CAD x1.35, 3% MXN x17)",
              "mxn_lines": truth[0], "cad_lines": truth[1], "usd_spend": round(truth[2], 2), "mxn_customers": truth[3]}
    for code in codes:
        p = out / f"p_{Path(code).name}.shiftwise"
        r = subprocess.run([sys.executable, f"{code}/main.py", "import", str(p), str(f)],
                           capture_output=True, text=True)
        c = duckdb.connect(str(p), read_only=True)
        top = c.execute("""SELECT customer_id FROM events WHERE event_type = 'purchase' GROUP BY 1
                           ORDER BY sum(amount) DESC NULLS LAST, 1 LIMIT 100""").fetchall()
        mx = set(r2[0] for r2 in duckdb.connect().execute(
            f"""SELECT DISTINCT "buyer-email" FROM read_csv('{f}', delim = '\t') WHERE currency = 'MXN'""").fetchall())
        spend = c.execute("SELECT sum(amount) FROM events").fetchall()[0][0]
        result[str(code)] = {"summary": r.stdout.splitlines()[0] if r.stdout else r.stderr[-300:],
                             "top100_mexican": sum(t[0] in mx for t in top), "project_spend": round(spend, 2)}
        c.close()
    shutil.rmtree(out, ignore_errors=True)
    result_file.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
