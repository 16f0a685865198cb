"""Backtests and metrics shared by the models."""
