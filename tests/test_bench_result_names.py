"""Benchmarks that take options write one results file per set of options: a run with other
parameters overwrote the reference figures in tests/bench/results/ (bench_decay_lapse.py did)."""

from __future__ import annotations

from tests.bench import bench_decay_lapse as lapse


def _path(*argv: str):
    return lapse.results_path(lapse.parse_args(list(argv)))


def test_decay_lapse_results_are_named_by_their_options(tmp_path):
    default = _path()
    assert default == lapse.RESULTS
    trees = _path("--params", '{"lapse_trees": 200}')
    other = _path("--params", '{"lapse_trees": 50}')
    project = _path("--project", str(tmp_path / "other.shiftwise"))
    names = [default, trees, other, project]
    assert len(set(names)) == len(names)
    assert all(p.parent == lapse.RESULTS_DIR and p.suffix == ".json" for p in names)
    assert trees.name == "decay_lapse_lapse_trees_200.json"
    # key order in the JSON does not make another file
    assert _path("--params", '{"a": 1, "b": 2}') == _path("--params", '{"b": 2, "a": 1}')
    assert _path("--params", '{"lapse_trees": 200}', "--out", str(tmp_path / "x.json")) == tmp_path / "x.json"
