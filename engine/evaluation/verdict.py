"""The out-of-sample verdict every model states, and the choice of the score the app ships.

Each candidate (the house model, blends, every baseline) is scored by the same metric at two
or more rolling evaluation cuts; nothing is judged on weeks it was fitted or calibrated on.
Whether one candidate *beats* another is judged on the per-cut differences between the two: the
mean difference must exceed their spread across cuts (and a small floor), otherwise the two tie. Where
the two share a single cut there is no spread: the bar is that cut's own sampling error of the difference
(DeLong's standard error, which customers, decay and migration give), else the floor.
The house model ships unless another candidate beats it: a lead within the spread is no evidence
that the alternative ranks better, and on a real shop (the grocery dev file) the alternative that
led on mean AUC by less than 0.001 ranked each customer's categories worse (NDCG@10). When the
house model loses, the best mean ships. The same rule serves shifts, lapses, customers and new
customers (transfer: the neighbours against popularity, on held-out groups of customers, not cuts), so
every page words its verdict the same way.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Any, Mapping, Sequence

import numpy as np

from engine.messages import Message, msg, term

#: The smallest margin called a win whatever the spread (one cut, or cuts that agree exactly).
MIN_MARGIN = 0.002


@dataclass(frozen=True)
class Verdict:
    metric: str
    house: str                       # the app's own model (e.g. "lstm")
    winner: str                      # the candidate whose score is shipped
    runner_up: str
    outcome: str                     # house model vs best other: "beats", "ties" or "loses"
    margin: float                    # winner mean − runner-up mean
    spread: float                    # sd of the per-cut differences winner − runner-up
    cuts: list[str] = field(default_factory=list)
    means: dict[str, float] = field(default_factory=dict)
    sds: dict[str, float] = field(default_factory=dict)
    per_cut: dict[str, list[float]] = field(default_factory=dict)
    house_margin: float = float("nan")   # house mean − best other candidate's mean
    house_spread: float = float("nan")
    # at a single shared cut, the standard error of the house − best other difference there (the bar instead of
    # a spread across cuts, when the model gives one: engine.evaluation.metrics.auc_difference_se)
    noise: float = float("nan")

    @property
    def decisive(self) -> bool:
        """The winner's lead is beyond the spread across cuts."""
        return self.margin > max(self.spread, MIN_MARGIN)

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["decisive"] = self.decisive
        return _finite(out)


def _finite(value: Any) -> Any:
    """NaN is not JSON: store it as None."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_finite(v) for v in value]
    return value


def _diff_stats(a: Sequence[float], b: Sequence[float]) -> tuple[float, float]:
    d = np.asarray(a, np.float64) - np.asarray(b, np.float64)
    d = d[np.isfinite(d)]
    if d.size == 0:
        return float("nan"), float("nan")
    return float(d.mean()), float(d.std(ddof=1)) if d.size > 1 else 0.0


def judge(per_cut: Mapping[str, Sequence[float]], *, house: str, metric: str,
          cuts: Sequence[str] = (), higher_is_better: bool = True,
          per_cut_se: Mapping[str, Sequence[float]] | None = None) -> Verdict:
    """Choose the shipped candidate and say how the house model fared, from metrics per cut.

    ``per_cut[name][i]`` is candidate ``name``'s metric at evaluation cut ``i``; every candidate
    must be scored at the same cuts. NaN values (a cut without both classes) are ignored.
    ``per_cut_se[name][i]``: the standard error of the house model's metric minus ``name``'s at cut ``i``;
    when the two share one cut only, a lead must exceed it (one cut gives no spread across cuts).
    """
    sign = 1.0 if higher_is_better else -1.0
    scores = {n: [float(v) for v in vals] for n, vals in per_cut.items()}
    lengths = {len(v) for v in scores.values()}
    if len(lengths) > 1:
        raise ValueError(f"candidates were scored at different numbers of cuts: {lengths}")
    means = {n: float(np.nanmean(v)) if np.isfinite(v).any() else float("nan") for n, v in scores.items()}
    sds = {n: float(np.nanstd(v, ddof=1)) if np.isfinite(v).sum() > 1 else 0.0 for n, v in scores.items()}
    ranked = sorted((n for n in scores if means[n] == means[n]), key=lambda n: -sign * means[n])
    if not ranked:
        raise ValueError("no candidate has a finite metric at any cut")
    best_other = next((n for n in ranked if n != house), house)
    house_margin, house_spread = (_diff_stats(scores[house], scores[best_other])
                                  if house in scores else (float("nan"), float("nan")))
    house_margin *= sign
    noise = _one_cut_noise(scores, house, best_other, per_cut_se)
    bar = max(house_spread if house_spread == house_spread else 0.0, MIN_MARGIN, noise if noise == noise else 0.0)
    if house_margin != house_margin:
        outcome = "loses"
    elif house_margin > bar:
        outcome = "beats"
    elif house_margin < -bar:
        outcome = "loses"
    else:
        outcome = "ties"
    # an alternative replaces the house model only when it beats it
    winner = house if house in ranked and outcome != "loses" else ranked[0]
    runner_up = next((n for n in ranked if n != winner), winner)
    margin, spread = _diff_stats(scores[winner], scores[runner_up])
    margin *= sign
    return Verdict(metric=metric, house=house, winner=winner, runner_up=runner_up, outcome=outcome,
                   margin=margin, spread=spread, cuts=[str(c) for c in cuts], means=means, sds=sds,
                   per_cut=scores, house_margin=house_margin, house_spread=house_spread, noise=noise)


def _one_cut_noise(scores: Mapping[str, list[float]], house: str, other: str,
                   per_cut_se: Mapping[str, Sequence[float]] | None) -> float:
    """The standard error at the one cut the house model and ``other`` share; NaN when they share more (their
    spread is the bar) or the model gave none."""
    if not per_cut_se or house not in scores or other == house or other not in per_cut_se:
        return float("nan")
    shared = np.isfinite(np.asarray(scores[house], np.float64) - np.asarray(scores[other], np.float64))
    se = np.asarray(per_cut_se[other], np.float64)
    if shared.sum() != 1 or se.size != shared.size:
        return float("nan")
    return float(se[shared][0])


def _paired(v: Verdict) -> tuple[int, float, float]:
    """The cuts at which the house model and the alternative it is compared with both have a metric, and the
    two means over those cuts."""
    other = v.runner_up if v.winner == v.house else v.winner
    a, b = (np.asarray(v.per_cut.get(k, []), np.float64) for k in (v.house, other))
    both = np.isfinite(a - b) if a.size == b.size else np.zeros(0, bool)
    if not both.any():
        return 0, float("nan"), float("nan")
    return int(both.sum()), float(a[both].mean()), float(b[both].mean())


def describe(v: Verdict, labels: Mapping[str, str] | None = None, span: str = "verdict.span") -> Message:
    """One plain sentence for the page, the Runs list and the CLI (``str()`` of it is English); ``span`` the
    message id that says what the cuts were (rolling time cuts unless told)."""
    name = lambda key: term((labels or {}).get(key, key))  # noqa: E731
    house, winner = name(v.house), name(v.winner)
    other = name(v.runner_up) if v.winner == v.house else winner
    n = len(v.cuts) or len(next(iter(v.per_cut.values()), []))
    hm = v.means.get(v.house, float("nan"))
    om = v.means.get(v.runner_up if v.winner == v.house else v.winner, float("nan"))
    spread = v.house_spread if v.house_spread == v.house_spread else 0.0
    outcome = v.outcome if v.outcome in ("beats", "ties") else "loses"
    if not math.isfinite(hm):
        return msg("verdict.unscored", house=house, other=other, span=Message.plural(span, n),
                   metric=v.metric.upper(), other_mean=om, winner=winner)
    both, paired_hm, paired_om = _paired(v)
    if 0 < both < n:
        # the house model was scored at fewer cuts (too little history before the earliest): the sentence
        # compares the two where both were, as the verdict did, not a mean of one cut with a mean of two
        n, hm, om = both, paired_hm, paired_om
    # weighed against the cut's own sampling error; a tie under the floor is said as such (NaN compares False)
    if both == 1 and v.noise == v.noise and (outcome != "ties" or v.noise >= MIN_MARGIN):
        return msg(f"verdict.{outcome}.one_cut.noise", house=house, other=other, span=Message.plural(span, n),
                   metric=v.metric.upper(), house_mean=hm, other_mean=om, winner=winner, noise=v.noise)
    if both == 1:
        return msg(f"verdict.{outcome}.one_cut", house=house, other=other, span=Message.plural(span, n),
                   metric=v.metric.upper(), house_mean=hm, other_mean=om, winner=winner, min_margin=MIN_MARGIN)
    if outcome == "ties" and spread < MIN_MARGIN and math.isfinite(v.house_margin):
        # the bar was the minimum margin, not the spread: "within the spread" would not be so
        return msg("verdict.ties.small", house=house, other=other, span=Message.plural(span, n),
                   metric=v.metric.upper(), house_mean=hm, other_mean=om, spread=spread, winner=winner,
                   min_margin=MIN_MARGIN)
    return msg(f"verdict.{outcome}", house=house, other=other, span=Message.plural(span, n),
               metric=v.metric.upper(), house_mean=hm, other_mean=om, spread=spread, winner=winner)
