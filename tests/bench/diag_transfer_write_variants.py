"""Transfer's row write (``_write``) as it is and in variants, one process each, on a copy of a trained project:
the writes' wall and CPU seconds and the run's; compare the copies' rows with diag_transfer_write_compare.py.

    OMP_NUM_THREADS=1 python tests/bench/diag_transfer_write_variants.py PROJECT VARIANT COPY

VARIANT: ``orig`` (the code's), ``row_reason`` (the customer and category as Arrow dictionaries, the reason
composed per row), ``why_sorted`` (dictionaries, each reason composed once, ORDER BY i, j), ``why_unsorted``
(the same without the ORDER BY). Session 58's one run each at wide 10^7: results/transfer_write_variants_s58.json.
"""
import sys, time, json, shutil
sys.path.insert(0, str(__import__('pathlib').Path(__file__).resolve().parents[2]))
import numpy as np, pyarrow as pa
from engine.store.project import open_project
import engine.models.transfer.service as svc
from engine.models.migration.reasons import transfer_lift_shown_sql, transfer_reason_sql

variant = sys.argv[2]
orig = svc._write

def ranks(cold, score, keep_top, score_floor):
    cand = ~cold.seen
    order = np.argsort(-np.where(cand, score, -np.inf), axis=1, kind="stable")
    rank = np.empty_like(order)
    np.put_along_axis(rank, order, np.arange(1, score.shape[1] + 1)[None, :], axis=1)
    b, c = np.nonzero(cand & ((rank <= keep_top) | (score >= score_floor)))
    return rank, b, c

def variant_write(cur, run_id, lo, cold, score, transfer, prior, *, keep_top, score_floor):
    rank, b, c = ranks(cold, score, keep_top, score_floor)
    cats = [r[0] for r in cur.execute("SELECT key FROM tw_keys WHERE kind='category' ORDER BY j").fetchall()]
    table = pa.table({
        "i": pa.array(b.astype(np.int32)), "j": pa.array(c.astype(np.int32)),
        "customer_id": pa.DictionaryArray.from_arrays(pa.array(b.astype(np.int32)), pa.array(cold.customer_ids.tolist(), pa.string())),
        "category": pa.DictionaryArray.from_arrays(pa.array(c.astype(np.int32)), pa.array(cats, pa.string())),
        "score": pa.array(score[b, c].astype(np.float64)),
        "rank": pa.array(rank[b, c].astype(np.int32)),
        "purchases": pa.array(cold.purchases[b].astype(np.int32)),
        "lift": (pa.nulls(len(b), pa.float64()) if transfer is None else
                 pa.array((transfer[b, c] / np.maximum(prior[c], 1e-9)).astype(np.float64))),
    })
    cur.register("transfer_chunk", table)
    try:
        if variant == "row_reason":
            cur.execute("INSERT INTO shift_scores (run_id, customer_id, category, score, rank, reason, source) "
                        f"SELECT ?, customer_id, category, score, rank, {transfer_reason_sql()}, 'transfer' FROM transfer_chunk",
                        [run_id])
        elif variant in ("why_sorted", "why_unsorted"):
            cur.execute(
                "INSERT INTO shift_scores (run_id, customer_id, category, score, rank, reason, source) "
                "WITH r AS (SELECT *, " + transfer_lift_shown_sql('lift') + " AS shown FROM transfer_chunk), "
                "why AS ("
                f"  SELECT category, purchases, shown, {transfer_reason_sql()} AS reason "
                "  FROM (SELECT category, purchases, shown, any_value(lift) AS lift FROM r GROUP BY ALL)) "
                "SELECT ?, customer_id, category, score, rank, reason, 'transfer' "
                "FROM r JOIN why USING (category, purchases, shown) "
                + ("ORDER BY i, j" if variant == "why_sorted" else ""), [run_id])
    finally:
        cur.unregister("transfer_chunk")
    return len(b)

times, cpus = [], []
w = orig if variant == "orig" else variant_write
def timed(*a, **k):
    t = time.perf_counter(); c = time.process_time(); n = w(*a, **k)
    times.append(time.perf_counter() - t); cpus.append(time.process_time() - c); return n
svc._write = timed
shutil.copyfile(sys.argv[1], sys.argv[3])
project = open_project(sys.argv[3])
t = time.perf_counter(); c0 = time.process_time()
svc.train_transfer(project)
print(json.dumps({"variant": variant, "write_s": round(sum(times), 2), "parts": len(times), "transfer_s": round(time.perf_counter() - t, 1),
                  "write_cpu": round(sum(cpus), 2), "cpu": round(time.process_time() - c0, 1)}), flush=True)
