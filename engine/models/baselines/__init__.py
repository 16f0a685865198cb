"""Honest baselines computed beside every migration run, on the same samples and cuts.

Each baseline follows one small contract: ``partial_fit(samples)`` over the
training chunks, ``finish()``, then ``score(samples) -> [B, K]``. Fitted values
are plain numbers (``to_dict``), stored as JSON with the run.
"""

from engine.models.baselines.logistic import LogisticBaseline
from engine.models.baselines.markov import MarkovBaseline
from engine.models.baselines.own_history import OwnHistoryBaseline
from engine.models.baselines.popularity import PopularityBaseline

BASELINE_LABELS = {
    "popularity": "Popularity",
    "own_history": "Own frequency + recency",
    "markov": "Category transitions (Markov)",
    "logistic": "Logistic regression (recency/frequency)",
}


def make_baselines(seed: int = 0) -> dict:
    return {
        "popularity": PopularityBaseline(),
        "own_history": OwnHistoryBaseline(),
        "markov": MarkovBaseline(),
        "logistic": LogisticBaseline(random_state=seed),
    }


__all__ = ["BASELINE_LABELS", "LogisticBaseline", "MarkovBaseline", "OwnHistoryBaseline",
           "PopularityBaseline", "make_baselines"]
