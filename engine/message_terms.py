"""The names the engine's sentences put inside them (candidates, models), translatable as they are.

A verdict names its candidates by these words (:func:`engine.messages.term`); each is also a message of its own,
``term:<name>``, added to the templates after every sentence (:mod:`engine.message_templates`).
"""

from __future__ import annotations

#: Candidate and model names shown inside sentences.
TERMS: tuple[str, ...] = (
    "gradient boosting", "BG/NBD + Gamma-Gamma", "recency rule", "frequency rule", "BG/NBD × past mean spend",
    "Popularity (category shift rate)", "Own frequency (weeks bought)", "Category transitions (Markov)",
    "User-kNN collaborative filtering", "Logistic regression (hand features)", "Gradient boosting (hand features)",
    "LSTM (this model)", "Blend (stacker over LSTM and learned baselines)",
    "Boosted stacker (scores and each customer's ranks)",
    "recency", "recency + frequency", "per-category decay", "decay model (Hawkes)",
    "gradient boosting + decay model",
    "nearest neighbours", "category popularity",
    # the models, as the CLI names them and as pages title them
    "segments", "decay", "migration", "transfer", "customers",
    "Segments", "Decay", "Migration", "Transfer", "Customers",
)
