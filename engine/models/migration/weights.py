"""The network's weights as safetensors and its description as JSON, in the project's model_blobs."""

from __future__ import annotations

import json
from typing import Any

from safetensors.torch import load as st_load
from safetensors.torch import save as st_save

from engine.models.migration.network import MigrationNet
from engine.models.migration.params import MigrationParams
from engine.store.project import Project
from engine.store.runs import dumps, load_blob, save_blob

WEIGHTS = "migration_net"
META = "migration_meta"


def save_model(project: Project, run_id: int, net: MigrationNet, meta: dict[str, Any]) -> None:
    state = {k: v.detach().contiguous() for k, v in net.state_dict().items()}
    save_blob(project, run_id, WEIGHTS, st_save(state), "safetensors")
    save_blob(project, run_id, META, dumps(meta).encode("utf-8"), "json")


def load_model(project: Project, run_id: int) -> tuple[MigrationNet, dict[str, Any]]:
    """Rebuild the network of a run from its blobs (no pickle involved)."""
    from engine.models.migration.trainer import build_net

    raw, meta_raw = load_blob(project, run_id, WEIGHTS), load_blob(project, run_id, META)
    if raw is None or meta_raw is None:
        raise LookupError(f"Run {run_id} has no stored migration model")
    meta = json.loads(meta_raw.decode("utf-8"))
    net = build_net(len(meta["categories"]), MigrationParams.from_dict(meta["params"]))
    net.load_state_dict(st_load(raw))
    net.eval()
    return net, meta
