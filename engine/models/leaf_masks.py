"""A fitted histogram booster's margins from its bin codes, walked with leaf masks: the same sums as
scikit-learn's own walk, for a fifth to a twelfth of its CPU on the app's boosters (per million rows, one thread:
the pair GBM's 80 trees 0.37 CPU s against 2.10, the customers' 150 trees 0.61 against 3.90;
tests/bench/results/tree_walk_s23.json, ``bench_tree_walk.py``).

Each tree's leaves get a bit, left to right. A split that sends a row right rules out every leaf of its
left subtree, and the leaf a row reaches is the leftmost one no split rules out (QuickScorer, Lucchese et
al., SIGIR 2015). A split reads one feature's code, so for each feature and each of the 256 codes the
masks of every split that code sends right are ANDed once per fit: a row then takes, per feature, one
row of masks (one mask per tree), ANDs them, and each tree's lowest bit set is its leaf. The leaf values
are added to the baseline tree after tree, as scikit-learn adds them: the same float64 sums.
"""

from __future__ import annotations

from functools import cache

import numpy as np

#: the index of a lone set bit among 32, from its de Bruijn product (the walk's lowest-set-bit search)
_DE_BRUIJN_32 = np.array([0, 1, 28, 2, 29, 14, 24, 3, 30, 22, 20, 15, 25, 17, 4, 8,
                          31, 27, 13, 23, 21, 19, 16, 7, 26, 12, 18, 6, 11, 5, 10, 9], np.int64)


@cache
def _walk():
    """The compiled walk (numba, imported on first use: the import step and the engine's other imports never load
    it; the window's warm-up compiles it in the background, :func:`engine.models.warmup.warm_up`).

    A row's masks (one per tree) stay in the first-level cache while each feature's row of masks is ANDed in,
    and the interpreter is released: in numpy the same walk went through a block of rows per feature, a copy
    and an AND of 2048 x trees masks each, at three to five times the CPU (issue #13)."""
    import numba

    @numba.njit(nogil=True, cache=True)
    def walk(codes, features, tables, values, width, baseline, de_bruijn, out):
        trees = tables.shape[2]
        mask = np.empty(trees, tables.dtype)
        for i in range(codes.shape[0]):
            mask[:] = ~tables.dtype.type(0)
            for k in range(features.shape[0]):
                row = tables[k, codes[i, features[k]]]
                for t in range(trees):
                    mask[t] &= row[t]
            total = baseline
            for t in range(trees):
                m = np.uint64(mask[t])
                low = m & (~m + np.uint64(1))        # the lowest bit set: the tree's leaf, left to right
                leaf = 0
                if low > np.uint64(0xFFFFFFFF):
                    leaf = 32
                    low >>= np.uint64(32)
                leaf += de_bruijn[((low * np.uint64(0x077CB531)) & np.uint64(0xFFFFFFFF)) >> np.uint64(27)]
                # tree after tree from the baseline, as scikit-learn adds them: the same float64 sums
                total += values[t * width + leaf]
            out[i] = total

    return walk


def compile_walks() -> None:
    """The walk compiled for every mask width (16, 32 and 64 leaves), on one row of one tree."""
    codes = np.zeros((1, 1), np.uint8)
    for dtype in (np.uint16, np.uint32, np.uint64):
        _walk()(codes, np.zeros(1, np.int64), np.zeros((1, 256, 1), dtype), np.zeros(1), 1, 0.0, _DE_BRUIJN_32,
                np.empty(1))


def _leaf_order(nodes: np.ndarray) -> tuple[list[int], dict[int, list[int]]]:
    """The leaves left to right, and each split's leaves of its left subtree."""
    leaves: list[int] = []
    left_leaves: dict[int, list[int]] = {}
    stack: list[tuple[int, bool]] = [(0, False)]
    first: dict[int, int] = {}
    # depth first, left child first; a split's left subtree's leaves are those found between entering it and
    # entering its right child
    while stack:
        i, done = stack.pop()
        if nodes[i]["is_leaf"]:
            leaves.append(i)
            continue
        if not done:
            first[i] = len(leaves)
            stack.append((i, True))
            stack.append((int(nodes[i]["left"]), False))
        else:
            left_leaves[i] = leaves[first[i]:]
            stack.append((int(nodes[i]["right"]), False))
    return leaves, left_leaves


class LeafMasks:
    """The tables of one fitted binary ``HistGradientBoostingClassifier`` (see the module's doc)."""

    def __init__(self, model) -> None:
        missing = int(model._bin_mapper.missing_values_bin_idx_)
        trees = [p for it in model._predictors for p in it]
        widest = max(int(p.nodes["is_leaf"].sum()) for p in trees)
        self.dtype = np.uint16 if widest <= 16 else np.uint32 if widest <= 32 else np.uint64
        ones = np.iinfo(self.dtype).max
        codes = np.arange(256)
        tables: dict[int, np.ndarray] = {}
        self.width = widest
        self.values = np.zeros((len(trees), widest))
        for t, p in enumerate(trees):
            nodes = p.nodes
            leaves, left_leaves = _leaf_order(nodes)
            bit = {leaf: j for j, leaf in enumerate(leaves)}
            self.values[t, :len(leaves)] = nodes["value"][leaves]
            for i, under in left_leaves.items():
                f = int(nodes[i]["feature_idx"])
                table = tables.setdefault(f, np.full((256, len(trees)), ones, self.dtype))
                mask = self.dtype(sum(1 << bit[leaf] for leaf in under))
                right = codes > int(nodes[i]["bin_threshold"])
                right[missing] = not nodes[i]["missing_go_to_left"]
                table[right, t] &= ~mask
        self.features = np.array(sorted(tables), np.int64)
        # (features, 256 codes, trees): one contiguous array the walk reads a feature's code row from
        self.tables = np.stack([tables[f] for f in self.features]) if tables else np.zeros((0, 256, len(trees)),
                                                                                           self.dtype)
        self.values = self.values.ravel()
        # scikit-learn starts from zeros plus the baseline
        self.baseline = np.float64(0.0) + np.float64(model._baseline_prediction.ravel()[0])

    @staticmethod
    def usable(model) -> bool:
        """A booster of one tree a round (a binary classifier or a regressor) with numeric splits only and at most
        64 leaves a tree (else its own walk)."""
        if getattr(model, "n_trees_per_iteration_", 0) != 1 or not model._predictors:
            return False
        trees = [p for it in model._predictors for p in it]
        return all(not p.nodes["is_categorical"].any() and int(p.nodes["is_leaf"].sum()) <= 64 for p in trees)

    def raw(self, codes: np.ndarray) -> np.ndarray:
        """The margins (float64) of rows of bin codes (uint8, the booster's own binning)."""
        out = np.empty(len(codes))
        _walk()(np.ascontiguousarray(codes, np.uint8), self.features, self.tables, self.values, self.width,
                self.baseline, _DE_BRUIJN_32, out)
        return out


def leaf_masks(model) -> LeafMasks | None:
    """``model``'s tables, built once per fit and kept on it (None where its own walk is needed). A refit gives
    the booster new predictors, so the tables are rebuilt for them."""
    kept = getattr(model, "_leaf_masks_kept", None)
    if kept is None or kept[0] is not model._predictors:
        kept = (model._predictors, LeafMasks(model) if LeafMasks.usable(model) else None)
        model._leaf_masks_kept = kept
    return kept[1]


def margins(model, codes: np.ndarray) -> np.ndarray:
    """A fitted booster's raw predictions of rows of its bin codes (uint8, of its preprocessed rows), float64 of
    shape (rows, trees per round), as its ``_raw_predict`` gives them for the values: the leaf-mask walk where it
    applies (:func:`leaf_masks`), else scikit-learn's own walk of binned rows (its path for its training rows) on
    one OpenMP thread. Both add the baseline and every tree's leaf value in the same order: the same sums."""
    masks = leaf_masks(model)
    if masks is not None:
        return masks.raw(codes)[:, None]
    raw = np.zeros((len(codes), model.n_trees_per_iteration_), dtype=model._baseline_prediction.dtype, order="F")
    raw += model._baseline_prediction
    model._predict_iterations(codes, model._predictors, raw, True, 1)
    return raw
