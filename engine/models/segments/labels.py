"""Cluster names a merchandiser recognises, and ids that survive a re-run.

* Names come from what distinguishes a cluster: the categories whose share in it
  exceeds their share among all customers the most ("Dairy & bakery regulars").
* Stability: k-means numbers its clusters arbitrarily, so each re-run's centres
  are matched to the previous run's (Hungarian algorithm on the distance between
  centres, over the union of both runs' categories). A matched cluster keeps its
  id and its name; an unmatched one gets a fresh id and a new name.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import linear_sum_assignment

OTHER = "(other)"

#: Centres further apart than this (in the square-root share space) are different clusters.
MAX_MATCH_DISTANCE = 0.5


@dataclass
class PreviousCluster:
    cluster: int
    label: str
    centroid: dict[str, float]


def align(centers: np.ndarray, categories: list[str], previous: list[PreviousCluster],
          max_distance: float = MAX_MATCH_DISTANCE) -> list[PreviousCluster | None]:
    """For each new centre, the previous cluster it continues (or None)."""
    if not previous:
        return [None] * len(centers)
    names = list(dict.fromkeys(list(categories) + [n for p in previous for n in p.centroid]))
    col = {n: i for i, n in enumerate(names)}
    new = np.zeros((len(centers), len(names)))
    new[:, [col[n] for n in categories]] = centers
    old = np.zeros((len(previous), len(names)))
    for r, p in enumerate(previous):
        for n, v in p.centroid.items():
            old[r, col[n]] = v
    cost = np.sqrt(((new[:, None, :] - old[None, :, :]) ** 2).sum(axis=2))
    rows, cols = linear_sum_assignment(cost)
    out: list[PreviousCluster | None] = [None] * len(centers)
    for r, c in zip(rows, cols):
        if cost[r, c] <= max_distance:
            out[r] = previous[c]
    return out


def _join(names: list[str]) -> str:
    shown = [names[0]] + [n if (n.isupper() or not n[:1].isalpha()) else n[:1].lower() + n[1:] for n in names[1:]]
    if len(shown) == 1:
        return shown[0]
    if any("&" in n for n in shown):
        return ", ".join(shown[:-1]) + " and " + shown[-1]
    return ", ".join(shown[:-1]) + " & " + shown[-1]


def name_cluster(profile: dict[str, float], overall: dict[str, float], buy_ratio: float = 1.0) -> str:
    """A label from the categories that set a cluster apart.

    ``profile`` and ``overall`` are mean category shares (of the cluster, of all
    customers); ``buy_ratio`` is the cluster's purchases per customer over everyone's.
    """
    lift = sorted(((profile.get(c, 0.0) - overall.get(c, 0.0), c) for c in profile if c != OTHER),
                  key=lambda t: (-t[0], t[1]))
    if not lift or lift[0][0] < 0.03:
        return "Mixed interests"
    first = lift[0][0]
    picked = [c for d, c in lift[:3] if d >= 0.45 * first][:2]
    suffix = "regulars" if buy_ratio >= 1.0 else "shoppers"
    return f"{_join(picked)} {suffix}"


def unique_labels(labels: list[str], profiles: list[dict[str, float]], overall: dict[str, float]) -> list[str]:
    """Two clusters with one name get told apart by their next distinguishing category."""
    out = list(labels)
    for label in set(labels):
        same = [i for i, l in enumerate(labels) if l == label]
        if len(same) < 2:
            continue
        for i in same:
            lift = sorted(((profiles[i].get(c, 0.0) - overall.get(c, 0.0), c) for c in profiles[i] if c != OTHER),
                          key=lambda t: (-t[0], t[1]))
            extra = next((c for _d, c in lift if c not in label), None)
            out[i] = f"{label} (+ {extra})" if extra else label
    seen: dict[str, int] = {}
    for i, label in enumerate(out):
        seen[label] = seen.get(label, 0) + 1
        if seen[label] > 1:
            out[i] = f"{label} {seen[label]}"
    return out
