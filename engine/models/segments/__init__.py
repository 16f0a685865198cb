"""Segmentation: interest tiers, interest clusters and tier movements (see service.py)."""
