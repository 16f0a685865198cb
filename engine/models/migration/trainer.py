"""Pieces of the migration network's training shared by the ladder candidate and the stored weights:
fixed seeds and threads, building the network, its logits, and its warm start from a logistic fit."""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

import numpy as np
import torch

from engine.features.sequences import FEATURE_NAMES, Samples
from engine.models.migration.network import MigrationNet
from engine.models.migration.params import MigrationParams


@contextmanager
def deterministic(threads: int, seed: int) -> Iterator[None]:
    """Same data + seed → same weights: seeded, deterministic kernels, a fixed thread count.

    These are process-wide torch settings, so they are restored afterwards.
    """
    old_threads = torch.get_num_threads()
    old_det = torch.are_deterministic_algorithms_enabled()
    torch.set_num_threads(threads)
    _deterministic_kernels(True)
    torch.manual_seed(seed)
    try:
        yield
    finally:
        _deterministic_kernels(old_det)
        torch.set_num_threads(old_threads)


def _deterministic_kernels(mode: bool) -> None:
    """The kernels' flag alone: ``torch.use_deterministic_algorithms`` also sets the compiler's (torch._inductor's)
    own, which imports the compiler, dynamo and sympy the first time, 1.2 s and 68 MB of every process that trains
    migration, for a compiler the app never runs (torch is pinned: tests/engine/test_migration_trainer.py checks
    the flag is the one torch reads)."""
    torch._C._set_deterministic_algorithms(mode)


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
