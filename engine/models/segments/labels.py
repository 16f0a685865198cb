"""Cluster names a merchandiser recognises, and ids that survive a re-run.

* Names come from what distinguishes a cluster: the categories that contribute most to the
  divergence of its mix from everyone's, p·ln(p/q), and are over-represented in it by at least
  ``MIN_LIFT`` ("Dairy & bakery regulars"); shouted names ("SOFT DRINKS") read in sentence case.
* Stability: k-means numbers its clusters arbitrarily, so each re-run's centres
  are matched to the previous run's (Hungarian algorithm on the distance between
  centres, over the union of both runs' categories). A matched cluster keeps its
  id and its name; an unmatched one gets a fresh id and a new name.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import linear_sum_assignment

from engine.messages import Message, msg
from engine.read.stored_text import parse

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


def readable(name: str) -> str:
    """Shouted category names ("SOFT DRINKS") in sentence case; short acronyms ("TV") kept."""
    if name.isupper() and any(len(w) > 3 for w in name.split()):
        return name.capitalize()
    return name


def _join(names: list[str]) -> str:
    names = [readable(n) for n in names]
    shown = [names[0]] + [n if (n.isupper() or not n[:1].isalpha()) else n[:1].lower() + n[1:] for n in names[1:]]
    if len(shown) == 1:
        return shown[0]
    if any("&" in n for n in shown):
        return ", ".join(shown[:-1]) + " and " + shown[-1]
    return ", ".join(shown[:-1]) + " & " + shown[-1]


#: A category names a cluster only if the cluster's share of it is at least this times everyone's.
MIN_LIFT = 1.15


def distinguishing(profile: dict[str, float], overall: dict[str, float]) -> list[tuple[float, str]]:
    """Categories by how much they set the cluster apart, best first: each one's term of the
    Kullback-Leibler divergence of the cluster's mix from everyone's, p·ln(p/q), which favours
    categories that are both a real part of the mix and over-represented in it."""
    out = []
    for c, share in profile.items():
        base = overall.get(c, 0.0)
        if c == OTHER or share <= 0.0:
            continue
        if base <= 0.0 or share >= MIN_LIFT * base:
            out.append((share * float(np.log(share / base)) if base > 0 else share, c))
    return sorted(out, key=lambda t: (-t[0], t[1]))


def name_cluster(profile: dict[str, float], overall: dict[str, float], buy_ratio: float = 1.0) -> str:
    """A label from the categories that set a cluster apart.

    ``profile`` and ``overall`` are mean category shares (of the cluster, of all
    customers); ``buy_ratio`` is the cluster's purchases per customer over everyone's.
    """
    lift = distinguishing(profile, overall)
    if not lift or lift[0][0] < 0.002:
        return msg("cluster.mixed").text()
    first = lift[0][0]
    picked = [c for d, c in lift[:3] if d >= 0.45 * first][:2]
    return msg("cluster.regulars" if buy_ratio >= 1.0 else "cluster.shoppers", categories=_join(picked)).text()


def unique_labels(labels: list[str], profiles: list[dict[str, float]], overall: dict[str, float]) -> list[str]:
    """Two clusters with one name get told apart by their next distinguishing category."""
    out = list(labels)
    for label in set(labels):
        same = [i for i, l in enumerate(labels) if l == label]
        if len(same) < 2:
            continue
        for i in same:
            lift = distinguishing(profiles[i], overall) or sorted(
                ((profiles[i].get(c, 0.0) - overall.get(c, 0.0), c) for c in profiles[i] if c != OTHER),
                key=lambda t: (-t[0], t[1]))
            extra = next((readable(c) for _d, c in lift if readable(c) not in label), None)
            out[i] = msg("cluster.plus", label=label, extra=extra).text() if extra else label
    seen: dict[str, int] = {}
    for i, label in enumerate(out):
        seen[label] = seen.get(label, 0) + 1
        if seen[label] > 1:
            out[i] = msg("cluster.numbered", label=label, n=seen[label]).text()
    return out


#: What a stored label may be, outermost first (unique_labels wraps what name_cluster made).
_LABEL_IDS = ("cluster.numbered", "cluster.plus", "cluster.regulars", "cluster.shoppers", "cluster.mixed")
_NESTED_LABEL = {"cluster.numbered": ("cluster.plus", "cluster.regulars", "cluster.shoppers", "cluster.mixed"),
                 "cluster.plus": ("cluster.regulars", "cluster.shoppers", "cluster.mixed")}


def label_message(label: str | None) -> Message | str:
    """A stored cluster label (English, as the run saved it) as the message it was made from, its
    category names kept as data; a label no template made (an older run) as it is."""
    if not label:
        return label or ""
    for id in _LABEL_IDS:
        m = parse(label, (id,))
        if m is None:
            continue
        if id in _NESTED_LABEL:
            inner = label_message(str(m.params["label"]))
            if not isinstance(inner, Message) or inner.id not in _NESTED_LABEL[id]:
                continue
            m = Message(id, {**m.params, "label": inner})
        return m
    return label
