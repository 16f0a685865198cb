"""What migration's reason sentences cost per row against once per distinct evidence, on a trained project's
latest migration rows (read only).

    OMP_NUM_THREADS=1 python tests/bench/diag_migration_reason_cost.py PROJECT

Session 58 at wide 10^7: results/migration_reason_cost_s58.json.
"""
import sys, time
from pathlib import Path
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
import duckdb
from engine.models.migration.reasons import reason_sql
con = duckdb.connect(sys.argv[1], read_only=True)
con.execute("SET threads=2")
rid = con.execute("SELECT max(run_id) FROM model_runs WHERE kind='migration'").fetchone()[0]
def t(label, sql):
    w, c = time.perf_counter(), time.process_time(); r = con.execute(sql).fetchall()
    print(f"{time.perf_counter()-w:6.2f} {time.process_time()-c:6.2f} {label} {r}", flush=True)
t("load", f"CREATE TEMP TABLE ev AS SELECT category, views_recent, bought_before, weeks_since_bought, from_category, from_buys, transition_lift FROM shift_scores WHERE run_id={rid}")
t("rows", "SELECT count(*) FROM ev")
t("per row reason", f"SELECT sum(length({reason_sql(8)})) FROM ev")
t("distinct combos", "SELECT count(*) FROM (SELECT DISTINCT * FROM ev)")
t("reason over distinct", f"SELECT sum(length({reason_sql(8)})) FROM (SELECT DISTINCT * FROM ev)")
t("plain scan", "SELECT sum(length(category)) + sum(views_recent) FROM ev")
