"""Transfer's neighbour search on a trained project's shapes: the reference rows (distinct descriptions) and their
customers, the cold-start rows of the first part, and the share of searched rows whose first k0 nearest reference
rows already hold the ``n_neighbors`` customers (where a top-k at k0 would find the edge without the full top-k).

    python tests/bench/diag_transfer_search_reach.py PROJECT --out F.json

The project is opened as it is (copy it first: opening may write its journal).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from engine.models.base import resolve_as_of  # noqa: E402
from engine.models.transfer.features import describe_part, established, open_cold_start, vocabulary  # noqa: E402
from engine.models.transfer.run_tables import run_tables  # noqa: E402
from engine.models.transfer.model import NeighbourTransfer, _unique_rows, _unit  # noqa: E402
from engine.models.transfer.params import TransferParams  # noqa: E402
from engine.store import open_project  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    import torch

    ap = argparse.ArgumentParser()
    ap.add_argument("project", type=Path)
    ap.add_argument("--rows", type=int, default=20_000, help="distinct cold-start rows searched")
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args(argv)
    project = open_project(args.project)
    try:
        p = TransferParams()
        as_of = resolve_as_of(project, None)
        cur = project.cursor()
        with run_tables(project) as tables:
            vocab = vocabulary(project, as_of, p.max_categories, tables)
            ref = established(project, vocab, as_of, early_days=p.early_days, horizon_weeks=p.horizon_weeks,
                              min_purchases=p.min_purchases, limit=p.max_reference, tables=tables, cancel=None)
            total = open_cold_start(cur, as_of, min_purchases=p.min_purchases, tables=tables)
        model = NeighbourTransfer(p.n_neighbors, p.prior_weight).fit(ref.X, ref.labels)
        cold = describe_part(cur, vocab, 0, min(total, 100_000))
        X = np.ascontiguousarray(cold.X, dtype=np.float32)
        first, _ = _unique_rows(X)
        rows = X[first][:args.rows]
        sim = _unit(rows) @ model.reference_.T
        _, at = torch.topk(torch.from_numpy(sim), model.k_, dim=1)
        reach = np.cumsum(model.weight_[at.numpy()], axis=1)
        out = {"project": str(args.project), "width": int(ref.X.shape[1]), "reference_customers": int(len(ref.X)),
               "reference_rows": int(len(model.reference_)), "k": int(model.k_),
               "largest_rows_customers": [int(w) for w in np.sort(model.weight_)[::-1][:10]],
               "cold_start_customers": int(total), "first_part": int(len(X)), "first_part_distinct": int(len(first)),
               "searched": int(len(rows)),
               "reach_k_within": {str(k0): round(float((reach[:, k0 - 1] >= model.k_).mean()), 4)
                                  for k0 in (1, 2, 4, 8, 16, 32) if k0 <= model.k_}}
    finally:
        project.close()
    args.out.write_text(json.dumps(out, indent=1) + "\n")
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
