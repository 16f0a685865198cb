"""The shift ladder's candidates by their names for people.

Apart from :mod:`engine.models.baselines.pair_models` (which fits them): that module's package pulls in
scikit-learn, 1.0 s of the window's thread when the Migration page first named a candidate.
"""

PAIR_LABELS = {
    "popularity": "Popularity (category shift rate)",
    "own_history": "Own frequency (weeks bought)",
    "markov": "Category transitions (Markov)",
    "knn": "User-kNN collaborative filtering",
    "logistic": "Logistic regression (hand features)",
    "gbm": "Gradient boosting (hand features)",
    "lstm": "LSTM (this model)",
    "blend": "Blend (stacker over LSTM and learned baselines)",
    "stacker": "Boosted stacker (scores and each customer's ranks)",
}
