"""The run kinds the decay model stores under: a module of its own so readers of stored runs
(the Decay page) need not import the fitting code and scikit-learn."""

KIND = "decay"
BACKTEST_KIND = "decay_backtest"
