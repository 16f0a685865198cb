"""Segmentation, decay, migration (LSTM), transfer, baselines."""
