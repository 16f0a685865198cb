"""Two projects' latest transfer runs compared: their shift_scores rows (EXCEPT ALL both ways) and which metrics differ.

    python tests/bench/diag_transfer_write_compare.py A.shiftwise B.shiftwise
"""
import duckdb, json, sys
a, b = sys.argv[1], sys.argv[2]
con = duckdb.connect()
con.execute(f"ATTACH '{a}' AS a (READ_ONLY)"); con.execute(f"ATTACH '{b}' AS b (READ_ONLY)")
def rows(v):
    rid = con.execute(f"SELECT max(run_id) FROM {v}.model_runs WHERE kind='transfer'").fetchone()[0]
    return f"(SELECT customer_id, category, score, rank, reason, source FROM {v}.shift_scores WHERE run_id={rid})", rid
o, ro = rows("a"); n, rn = rows("b")
print("rows", con.execute(f"SELECT count(*) FROM {o}").fetchone()[0], "EXCEPT ALL", con.execute(f"SELECT count(*) FROM ({o} EXCEPT ALL {n})").fetchone()[0], con.execute(f"SELECT count(*) FROM ({n} EXCEPT ALL {o})").fetchone()[0])
mo = json.loads(con.execute(f"SELECT metrics_json FROM a.model_runs WHERE run_id={ro}").fetchone()[0])
mn = json.loads(con.execute(f"SELECT metrics_json FROM b.model_runs WHERE run_id={rn}").fetchone()[0])
print("metrics differing:", sorted(k for k in set(mo) | set(mn) if mo.get(k) != mn.get(k)))
print({k: mo.get(k) for k in ("auc", "auc_popularity", "winner", "cold_customers", "reference_customers", "candidate_pairs", "pairs_written")})
