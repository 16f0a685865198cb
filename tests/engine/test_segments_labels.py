"""Cluster names and the matching of clusters across runs, on small hand-made inputs."""

from __future__ import annotations

import numpy as np

from engine.models.segments.labels import PreviousCluster, align, name_cluster, unique_labels

OVERALL = {"Dairy": 0.2, "Bakery": 0.2, "Toys": 0.2, "Phones": 0.2, "Bath & body": 0.2}


def test_name_comes_from_the_categories_over_their_average():
    profile = {"Dairy": 0.45, "Bakery": 0.40, "Toys": 0.05, "Phones": 0.05, "Bath & body": 0.05}
    assert name_cluster(profile, OVERALL, buy_ratio=1.4) == "Dairy & bakery regulars"
    assert name_cluster(profile, OVERALL, buy_ratio=0.6) == "Dairy & bakery shoppers"
    one = {"Dairy": 0.1, "Bakery": 0.1, "Toys": 0.1, "Phones": 0.6, "Bath & body": 0.1}
    assert name_cluster(one, OVERALL) == "Phones regulars"
    assert name_cluster(dict(OVERALL), OVERALL) == "Mixed interests"
    amp = {"Dairy": 0.05, "Bakery": 0.05, "Toys": 0.4, "Phones": 0.05, "Bath & body": 0.45}
    assert name_cluster(amp, OVERALL) == "Bath & body and toys regulars"


def test_same_names_are_told_apart():
    profiles = [{"Dairy": 0.5, "Toys": 0.3}, {"Dairy": 0.5, "Phones": 0.3}]
    out = unique_labels(["Dairy regulars", "Dairy regulars"], profiles, {"Dairy": 0.2, "Toys": 0.1, "Phones": 0.1})
    assert len(set(out)) == 2 and "Toys" in out[0] and "Phones" in out[1]


def test_align_matches_permuted_centres_and_leaves_new_ones_unmatched():
    cats = ["a", "b", "c"]
    previous = [PreviousCluster(7, "A", {"a": 1.0}), PreviousCluster(3, "B", {"b": 1.0})]
    centers = np.array([[0.0, 0.95, 0.1], [0.0, 0.0, 1.0], [0.9, 0.1, 0.0]])
    out = align(centers, cats, previous)
    assert out[0].cluster == 3 and out[2].cluster == 7 and out[1] is None
    # a category the old run had and the new one lacks still counts in the distance
    assert align(np.array([[0.0, 0.0, 1.0]]), cats, [PreviousCluster(1, "X", {"z": 1.0})]) == [None]
