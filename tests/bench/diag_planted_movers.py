"""Why the planted movers rank where they do: each candidate's and each feature's AUC of the movers
among the target category's candidate pairs at the move date (demo shop, seed 7, 3000 customers).

    OMP_NUM_THREADS=1 PYTHONPATH=$PWD python tests/bench/diag_planted_movers.py   (EP=epochs, EXTRA=JSON params)
"""
import sys, os, tempfile
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, ROOT)
import numpy as np, torch
torch.set_num_threads(1)
from pathlib import Path
from datetime import date, datetime, timedelta
from engine.demo import generate_demo_shop
from engine.ingest import import_file
from engine.store import create_project, open_project
from engine.evaluation.metrics import auc
from engine.models.migration.params import MigrationParams
from engine.models.migration.cut_reads import load_cut
from engine.models.migration.ladder import training_cuts, fit_stacker, stack_columns
from engine.models.baselines.pair_models import PAIR_FEATURES
d = Path(tempfile.mkdtemp())
shop = generate_demo_shop(d, seed=7, n_customers=3000)
pr = create_project(d / "demo.shiftwise"); import_file(pr, shop.events_csv); pr.close()
truth = shop.truth
params = {"gbm_iterations": 40, "train_cuts": 3, "eval_cuts": 2, "keep_top": 1000, "knn_reference": 2000, "epochs": int(os.environ.get("EP", 2))}
import json; params.update(json.loads(os.environ.get("EXTRA", "{}")))
p = MigrationParams.from_dict(params)
pr = open_project(d / "demo.shiftwise")
as_of = datetime.combine(date.fromisoformat(truth.start) + timedelta(days=7 * truth.move_week), datetime.min.time())
from engine.models.migration.service import _backtest
from engine.jobs import ensure
prog, canc = ensure(None, None)
ctx = pr.interruptible(canc); cur0 = ctx.__enter__()
st = _backtest(cur0, pr, as_of, p, prog, canc)
print({n: np.round(v, 3) for n, v in st["per_cut"]["auc"].items()}, "winner", st["winner"])
lad = st["ladder"]; grid = st["grid"]
cur = lad.cur
tgt = cur.execute("SELECT cat FROM sp_cat WHERE category = ?", [truth.move_target]).fetchall()[0][0]
cmap = dict(cur.execute("SELECT cid, customer_id FROM sp_cust").fetchall())
d0 = load_cut(cur, 0)   # a diagnostic on the demo shop: every pair at once is fine here
L = lad.fit(training_cuts(grid, 0, p))
sc = L.scores(d0)
base = lad.fit(training_cuts(grid, p.horizon_weeks, p)); stack = lad.scored(base, p.horizon_weeks)
stk = fit_stacker(stack.scores, stack.y, p.seed)
sc["blend"] = stk.decision_function(stack_columns(base.scores(d0)))
print("stacker coef", np.round(stk.coef_, 3))
sel = d0.cat == tgt
movers = set(truth.movers)
mv = np.array([cmap[c] in movers for c in d0.cid[sel]])
print("target pairs", sel.sum(), "movers", mv.sum())
for n, v in sc.items():
    print(f"{n:12s} mover AUC {auc(v[sel], mv):.3f}")
X = d0.x[sel]
for j, f in enumerate(PAIR_FEATURES):
    a = auc(X[:, j], mv)
    print(f"  feat {f:15s} {a:.3f}  mean mover {X[mv, j].mean():.3f} other {X[~mv, j].mean():.3f}")
