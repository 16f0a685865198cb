"""An order's total on its every line beside the lines' unit prices (WooCommerce's orders export), made from the dev
file's first ``--lines`` lines by ``bench_unseen_exports.make_exports`` and imported with each checkout given (``git
worktree add DIR COMMIT``: before and after): how far each category's spend is from the file's own line totals.

    python tests/bench/bench_order_totals_priced.py OUT.json CHECKOUT [CHECKOUT ...] [--lines 120000]

Writes, per checkout, the import's summary line, the project's purchase spend, and the categories' spend error: the
sum over categories of |the project's spend - the lines' own| over the lines' whole spend (0: every category right).
"""
import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.bench.bench_unseen_exports import DEV, make_exports  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("out", type=Path)
    ap.add_argument("checkouts", nargs="+")
    ap.add_argument("--lines", type=int, default=120_000)
    args = ap.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="shiftwise-bench-priced-"))
    f = make_exports(folder, args.lines)["woocommerce"]
    con = duckdb.connect()
    # the lines' own amounts: the dev file's line totals (the export's Item Cost is each over its quantity), of the
    # completed orders' lines
    truth = dict(con.execute(f"""SELECT Department || ' > ' || Category, sum(CAST("Line Total" AS DOUBLE))
        FROM (SELECT * FROM read_csv('{DEV}', all_varchar = true) LIMIT {int(args.lines)})
        WHERE "Order ID" IN (SELECT CAST("Order Number" AS VARCHAR) FROM read_csv('{f}')
                             WHERE "Order Status" = 'Completed') GROUP BY 1""").fetchall())
    whole = sum(truth.values())
    result = {"file": f"dev file's first {args.lines} lines as a WooCommerce orders export", "categories": len(truth),
              "lines_spend": round(whole, 2)}
    for code in args.checkouts:
        p = folder / f"p_{Path(code).name}.shiftwise"
        r = subprocess.run([sys.executable, f"{code}/main.py", "import", str(p), str(f)], capture_output=True, text=True)
        c = duckdb.connect(str(p), read_only=True)
        spend = dict(c.execute("SELECT category, sum(amount) FROM events WHERE event_type = 'purchase' "
                               "GROUP BY 1").fetchall())
        c.close()
        error = sum(abs((spend.get(k) or 0.0) - v) for k, v in truth.items()) / whole
        result[str(code)] = {"summary": r.stdout.splitlines()[0] if r.stdout else r.stderr[-300:],
                             "purchase_spend": round(sum(v or 0.0 for v in spend.values()), 2),
                             "category_spend_error": round(error, 4)}
    shutil.rmtree(folder, ignore_errors=True)
    args.out.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
