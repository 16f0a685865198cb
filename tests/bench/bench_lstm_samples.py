"""The LSTM's samples (ChunkReader.samples) as the ladder asks for them, on a project: a training cut set on the
first ranges, then two scoring cuts over a seeded sample of customers grouped as known_logits groups them; CPU
seconds and a sha256 digest of every array of every Samples (main vs a change: the digests must be equal).
    PYTHONPATH=CODE python tests/bench/bench_lstm_samples.py PROJECT FRACTION OUT.json  (run under the heavy lock)"""
import sys, time, json, hashlib, duckdb, numpy as np
from dataclasses import fields
from engine.features.sequences import SequenceSource, SequenceSpec, Samples
from engine.models.migration.batches import ChunkReader
from engine.models.migration.lstm_candidate import range_groups, MERGE_RANGES, _CUBE_CELLS
proj, frac, out = sys.argv[1], float(sys.argv[2]), sys.argv[3]
con = duckdb.connect(proj, read_only=True)
cur = con.cursor()
as_of = cur.execute("SELECT max(ts) FROM events").fetchall()[0][0]
spec = SequenceSpec(top_k=1000, seq_weeks=16, history_weeks=52, horizon=4, lookback=8, max_shift=12)
t0 = time.process_time(); w0 = time.time()
src = SequenceSource(cur, as_of, spec)
t_src = time.process_time() - t0
k = max(src.k, 1)
chunk = max(16, min(1024, _CUBE_CELLS // (src.weeks * (k + 1))))
reader = ChunkReader(src, chunk, 128)
h = hashlib.sha256()
def dig(s):
    if s is None:
        h.update(b"none"); return
    for f in fields(Samples):
        a = getattr(s, f.name); h.update(f.name.encode()); h.update(str(a.dtype).encode()); h.update(str(a.shape).encode()); h.update(a.tobytes())
t1 = time.process_time()
for lo, hi in reader.ranges(600):
    dig(reader.samples(lo, hi, [4, 8, 12]))
t_train = time.process_time() - t1
rng = np.random.default_rng(0)
chosen_all = np.flatnonzero(rng.random(src.n_customers) < frac)
ranges = reader.ranges()
res = {"n_customers": src.n_customers, "k": src.k, "weeks": src.weeks, "chunk": chunk, "scored": len(chosen_all)}
for s in (0, 8):
    t2 = time.process_time(); calls = 0; only = 0.0
    for group in range_groups(chosen_all, chunk, MERGE_RANGES):
        lo, hi = ranges[group[0]][0], ranges[group[-1]][1]
        ch = chosen_all[(chosen_all >= lo) & (chosen_all < hi)]
        t3 = time.process_time()
        smp = reader.samples(lo, hi, [s], with_labels=False, customers=ch)
        only += time.process_time() - t3
        dig(smp); calls += 1
    res[f"score_cut{s}_cpu_s"] = round(time.process_time() - t2, 2); res[f"score_cut{s}_calls"] = calls
    res[f"score_cut{s}_samples_only_cpu_s"] = round(only, 2)
res.update({"source_cpu_s": round(t_src, 2), "train_cpu_s": round(t_train, 2), "digest": h.hexdigest(),
            "total_cpu_s": round(time.process_time() - t0, 2), "wall_s": round(time.time() - w0, 1)})
print(json.dumps(res))
json.dump(res, open(out, "w"))
