"""A fitted histogram booster's margins from its bin codes, walked with leaf masks: the same sums as
scikit-learn's own walk, for about half its CPU on a booster of few features and small trees (the boosted
stacker: 75 trees of 15 leaves on 10 columns, 0.85-0.95 s against 1.9 s per million rows).

Each tree's leaves get a bit, left to right. A split that sends a row right rules out every leaf of its
left subtree, and the leaf a row reaches is the leftmost one no split rules out (QuickScorer, Lucchese et
al., SIGIR 2015). A split reads one feature's code, so for each feature and each of the 256 codes the
masks of every split that code sends right are ANDed once per fit: a block of rows then takes, per feature,
one gathered row of masks (one mask per tree), ANDs them, and each tree's lowest bit set is its leaf. The
leaf values are added to the baseline tree after tree, as scikit-learn adds them: the same float64 sums.
"""

from __future__ import annotations

import numpy as np

#: rows walked at a time: their masks (rows x trees) stay in cache
_BLOCK_ROWS = 2048


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
        self.tables = sorted(tables.items())
        self.values = self.values.ravel()
        self.offsets = np.arange(len(trees)) * widest
        # scikit-learn starts from zeros plus the baseline
        self.baseline = np.float64(0.0) + np.float64(model._baseline_prediction.ravel()[0])

    @staticmethod
    def usable(model) -> bool:
        """A binary booster with numeric splits only and at most 64 leaves a tree (else its own walk)."""
        if getattr(model, "n_trees_per_iteration_", 0) != 1 or not model._predictors:
            return False
        trees = [p for it in model._predictors for p in it]
        return all(not p.nodes["is_categorical"].any() and int(p.nodes["is_leaf"].sum()) <= 64 for p in trees)

    def raw(self, codes: np.ndarray) -> np.ndarray:
        """The margins (float64) of rows of bin codes (uint8, the booster's own binning)."""
        n, trees = len(codes), len(self.offsets)
        out = np.empty(n)
        block = min(_BLOCK_ROWS, max(n, 1))
        mask = np.empty((block, trees), self.dtype)
        got = np.empty((block, trees), self.dtype)
        sums = np.empty((block, trees + 1))
        for a in range(0, n, block):
            c = codes[a:a + block]
            m, g, s = mask[:len(c)], got[:len(c)], sums[:len(c)]
            m.fill(np.iinfo(self.dtype).max)
            for f, table in self.tables:
                np.take(table, c[:, f], axis=0, out=g)
                m &= g
            # each tree's lowest bit set: its leaf's place left to right
            np.negative(m, out=g)
            m &= g
            m -= 1
            leaf = np.bitwise_count(m).astype(np.intp)
            leaf += self.offsets
            s[:, 0] = self.baseline
            np.take(self.values, leaf, out=s[:, 1:])
            # added tree after tree from the baseline (a cumulative sum runs in order): scikit-learn's sums
            out[a:a + len(c)] = np.add.accumulate(s, axis=1)[:, -1]
        return out


def leaf_masks(model) -> LeafMasks | None:
    """``model``'s tables, built once per fit and kept on it (None where its own walk is needed). A refit gives
    the booster new predictors, so the tables are rebuilt for them."""
    kept = getattr(model, "_leaf_masks_kept", None)
    if kept is None or kept[0] is not model._predictors:
        kept = (model._predictors, LeafMasks(model) if LeafMasks.usable(model) else None)
        model._leaf_masks_kept = kept
    return kept[1]
