"""Training the migration network: sliding-window cuts, a later validation slice, early stopping,
a time budget, fixed seeds, and per-epoch partial results for live curves."""

from __future__ import annotations

import copy
import time
import warnings
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Iterator

import numpy as np
import torch
from torch import nn

from engine.evaluation.calibration import CalibrationTally, ShiftCalibrator
from engine.evaluation.metrics import RankingMetrics
from engine.features.sequences import FEATURE_NAMES, Samples
from engine.jobs import CancelToken, ProgressCallback
from engine.models.migration.batches import ChunkReader, take
from engine.models.migration.blend import MigrationBlend
from engine.models.migration.network import MigrationNet
from engine.models.migration.params import MigrationParams


@dataclass
class FitReport:
    history: list[dict[str, Any]] = field(default_factory=list)
    best_epoch: int = 0
    stopped: str = "max epochs"
    baselines_val: dict[str, dict[str, float]] = field(default_factory=dict)
    model_val: dict[str, float] = field(default_factory=dict)
    train_samples: int = 0
    samples_per_epoch: int = 0
    seconds_training: float = 0.0
    stage_seconds: dict[str, float] = field(default_factory=dict)
    seconds_per_epoch: float = 0.0


@contextmanager
def deterministic(threads: int, seed: int) -> Iterator[None]:
    """Same data + seed → same weights: seeded, deterministic kernels, a fixed thread count.

    These are process-wide torch settings, so they are restored afterwards.
    """
    old_threads = torch.get_num_threads()
    old_det = torch.are_deterministic_algorithms_enabled()
    torch.set_num_threads(threads)
    torch.use_deterministic_algorithms(True)
    torch.manual_seed(seed)
    try:
        yield
    finally:
        torch.use_deterministic_algorithms(old_det)
        torch.set_num_threads(old_threads)


def build_net(n_categories: int, p: MigrationParams) -> MigrationNet:
    return MigrationNet(2 * (n_categories + 1), n_categories, len(FEATURE_NAMES), hidden=p.hidden,
                        embedding=p.embedding, head=p.head, dropout=p.dropout)


def predict_logits(net: MigrationNet, s: Samples, batch: int = 4096) -> np.ndarray:
    """Logits [B, K]."""
    net.eval()
    out = []
    with torch.no_grad():
        for i in range(0, len(s.cid), batch):
            out.append(net(torch.from_numpy(s.seq[i:i + batch]), torch.from_numpy(s.feats[i:i + batch])).numpy())
    return np.concatenate(out) if out else np.zeros((0, s.cand.shape[1]), np.float32)


def predict(net: MigrationNet, s: Samples, calibrator: ShiftCalibrator | MigrationBlend | None = None,
            ) -> np.ndarray:
    """Probabilities [B, K], recalibrated (or blended with the baselines) when a calibrator is given."""
    z = predict_logits(net, s)
    if isinstance(calibrator, MigrationBlend):
        return calibrator.transform(z, s)
    if calibrator is not None:
        return calibrator.transform(z)
    return 1.0 / (1.0 + np.exp(-np.clip(z.astype(np.float64), -50, 50)))


def _masked_bce(logits: torch.Tensor, label: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    loss = nn.functional.binary_cross_entropy_with_logits(logits, label, reduction="none")
    return (loss * mask).sum() / mask.sum().clamp(min=1.0)


def fit_baselines(reader: ChunkReader, baselines: dict, p: MigrationParams, cancel: CancelToken,
                  progress: ProgressCallback) -> int:
    """Fit every baseline on the training cuts; returns the number of training samples."""
    n = 0
    ranges = reader.ranges(p.max_train_customers)
    for i, (lo, hi) in enumerate(ranges):
        cancel.raise_if_cancelled()
        s = reader.samples(lo, hi, p.train_shifts())
        if s is None:
            continue
        n += len(s.cid)
        for b in baselines.values():
            b.partial_fit(s)
        progress(i + 1, len(ranges), "Fitting the baselines")
    if n == 0:
        raise ValueError("No customer has history before the training cuts: the data span is too short")
    with warnings.catch_warnings():
        # an unconverged logistic fit is still a fair baseline; it is not a reason to fail the run
        warnings.filterwarnings("ignore", message=".*converge.*")
        for b in baselines.values():
            b.finish()
    return n


def evaluate(reader: ChunkReader, shift: int, p: MigrationParams, cancel: CancelToken,
             net: MigrationNet | None, baselines: dict, limit: int | None = None,
             calibrator: ShiftCalibrator | MigrationBlend | None = None) -> tuple[dict[str, dict[str, float]], float]:
    """Metrics of the network and each baseline at a cut with known outcomes, and the network's loss.
    The model's entry also holds its calibration (expected vs actual shifters per category)."""
    acc = {name: RankingMetrics() for name in baselines}
    tally = CalibrationTally(reader.source.categories)
    if net is not None:
        acc["model"] = RankingMetrics()
    loss_sum, loss_n = 0.0, 0.0
    for lo, hi in reader.ranges(limit or p.max_eval_customers):
        cancel.raise_if_cancelled()
        s = reader.samples(lo, hi, [shift])
        if s is None:
            continue
        for name, b in baselines.items():
            acc[name].add(b.score(s), s.label, s.cand)
        if net is not None:
            prob = predict(net, s, calibrator)
            acc["model"].add(prob, s.label, s.cand)
            tally.add(prob, s.label, s.cand)
            q = np.clip(prob[s.cand], 1e-7, 1 - 1e-7)
            y = s.label[s.cand]
            loss_sum += float(-(y * np.log(q) + (1 - y) * np.log(1 - q)).sum())
            loss_n += q.size
    out = {name: a.result() for name, a in acc.items()}
    if net is not None:
        out["model"]["calibration"] = tally.result()
    return out, (loss_sum / loss_n if loss_n else float("nan"))


def fit_calibrator(reader: ChunkReader, net: MigrationNet, p: MigrationParams, cancel: CancelToken,
                   ) -> ShiftCalibrator:
    """Recalibrate the network's candidate scores on the validation weeks (held out from training)."""
    zs, ys, cs = [], [], []
    for lo, hi in reader.ranges(p.max_val_customers):
        cancel.raise_if_cancelled()
        s = reader.samples(lo, hi, [p.val_shift()])
        if s is None:
            continue
        z = predict_logits(net, s)
        _, cat = np.nonzero(s.cand)
        zs.append(z[s.cand])
        ys.append(s.label[s.cand])
        cs.append(cat)
    k = reader.source.k
    if not zs:
        return ShiftCalibrator(prior=p.calibration_prior).fit(np.zeros(0), np.zeros(0), np.zeros(0, int), k)
    return ShiftCalibrator(prior=p.calibration_prior).fit(np.concatenate(zs), np.concatenate(ys),
                                                          np.concatenate(cs), k)


def fit_blend(reader: ChunkReader, net: MigrationNet, baselines: dict, p: MigrationParams,
              cancel: CancelToken) -> MigrationBlend:
    """Stack the network with the own-history and logistic baselines on the validation weeks
    (held out from training, before the as-of date)."""
    blend = MigrationBlend(baselines["own_history"], baselines["logistic"])
    xs, ys, cs = [], [], []
    for lo, hi in reader.ranges(p.max_val_customers):
        cancel.raise_if_cancelled()
        s = reader.samples(lo, hi, [p.val_shift()])
        if s is None:
            continue
        _, cat = np.nonzero(s.cand)
        xs.append(blend.columns(predict_logits(net, s), s)[s.cand])
        ys.append(s.label[s.cand])
        cs.append(cat)
    if not xs:
        return blend.fit(np.zeros((0, 4)), np.zeros(0), np.zeros(0, int), reader.source.k)
    return blend.fit(np.concatenate(xs), np.concatenate(ys), np.concatenate(cs), reader.source.k)


def warm_start(net: MigrationNet, logistic) -> None:
    """Start where the logistic baseline is: its weights in the linear path, its base-rate term in the
    per-category bias, the other paths silent. Training then learns what the sequence adds."""
    coef = torch.as_tensor(logistic.coef_, dtype=torch.float32)
    rate = torch.as_tensor(np.log(logistic.rate_), dtype=torch.float32)
    with torch.no_grad():
        net.skip.weight.copy_(coef[:-1].unsqueeze(0))
        net.skip.bias.fill_(float(logistic.intercept_))
        net.out.bias.copy_(coef[-1] * rate)
        net.out.weight.zero_()
        net.head[-1].weight.zero_()
        net.head[-1].bias.zero_()


def train_network(reader: ChunkReader, p: MigrationParams, baselines: dict, *, progress: ProgressCallback,
                  cancel: CancelToken, report: FitReport) -> MigrationNet:
    """Train with early stopping on the validation AUC; returns the network at its best epoch."""
    k = reader.source.k
    net = build_net(k, p)
    if "logistic" in baselines:
        warm_start(net, baselines["logistic"])
    opt = torch.optim.AdamW(net.parameters(), lr=p.lr, weight_decay=p.weight_decay)
    rng = np.random.default_rng(p.seed)
    ranges = reader.ranges(p.max_train_customers)
    base_auc = {name: r["auc"] for name, r in report.baselines_val.items()}
    # the warm start is epoch 0: training must beat it to count
    start_metrics, _ = evaluate(reader, p.val_shift(), p, cancel, net, {}, p.max_val_customers)
    report.model_val = start_metrics["model"]
    best_auc, best_state, waited = report.model_val["auc"], copy.deepcopy(net.state_dict()), 0
    started = time.perf_counter()
    # an epoch is a bounded number of samples, so a large shop's curves still move every few minutes
    per_epoch = min(len(ranges), max(1, -(-p.samples_per_epoch * len(ranges) // max(report.train_samples, 1))))
    total = p.epochs * per_epoch
    for epoch in range(1, p.epochs + 1):
        net.train()
        t0 = time.perf_counter()
        loss_sum, loss_n, out_of_time, seen = 0.0, 0, False, 0
        for step, ci in enumerate(rng.permutation(len(ranges))[:per_epoch]):
            s = reader.samples(*ranges[ci], p.train_shifts())
            if s is None:
                continue
            seen += len(s.cid)
            s = take(s, rng.permutation(len(s.cid)))
            for i in range(0, len(s.cid), p.batch_size):
                cancel.raise_if_cancelled()
                seq = torch.from_numpy(s.seq[i:i + p.batch_size])
                feats = torch.from_numpy(s.feats[i:i + p.batch_size])
                label = torch.from_numpy(s.label[i:i + p.batch_size].astype(np.float32))
                cand = s.cand[i:i + p.batch_size]
                # repeat purchases teach the sequence encoder too, at a lower weight than the shifts it serves
                mask = torch.from_numpy(np.where(cand, 1.0, p.repeat_weight).astype(np.float32))
                loss = _masked_bce(net(seq, feats), label, mask)
                opt.zero_grad()
                loss.backward()
                nn.utils.clip_grad_norm_(net.parameters(), 5.0)
                opt.step()
                n_mask = float(cand.sum())
                loss_sum += loss.item() * n_mask
                loss_n += n_mask
            progress((epoch - 1) * per_epoch + step + 1, total, f"Epoch {epoch}: training")
            if time.perf_counter() - started > p.time_budget_s:
                out_of_time = True
                break
        metrics, val_loss = evaluate(reader, p.val_shift(), p, cancel, net, {}, p.max_val_customers)
        val_auc = metrics["model"]["auc"]
        row = {"epoch": epoch, "train_loss": loss_sum / max(loss_n, 1), "val_loss": val_loss,
               "val_metric": val_auc, "seconds": time.perf_counter() - t0, "samples": seen,
               "baselines": base_auc}
        report.samples_per_epoch = seen
        report.history.append(row)
        progress(epoch * per_epoch, total, f"Epoch {epoch}: validation AUC {val_auc:.3f}", dict(row))
        if val_auc > best_auc + 1e-4:
            best_auc, best_state, waited = val_auc, copy.deepcopy(net.state_dict()), 0
            report.best_epoch, report.model_val = epoch, metrics["model"]
        else:
            waited += 1
        if out_of_time:
            report.stopped = f"time budget ({p.time_budget_s:.0f} s) spent"
            break
        if waited >= p.patience:
            report.stopped = f"early stopping (no gain for {p.patience} epochs)"
            break
    report.seconds_per_epoch = (time.perf_counter() - started) / max(len(report.history), 1)
    net.load_state_dict(best_state)
    net.eval()
    return net
