"""Group items by their names (character n-grams) and by what is bought with them.

Plain arrays in, labels out: no project, no SQL. :mod:`engine.catalog.derive` feeds it.

* Items with the same name after normalisation (case, digits and sizes dropped) are one
  *unit*: a shop's 56k SKUs are often 15k names in several sizes.
* Name vectors: TF-IDF of character 2–4 grams inside words (``char_wb``), which works for
  English and for Chinese titles without a word segmenter, reduced by a truncated SVD.
* Basket vectors: a truncated SVD of the unit × basket matrix (TF-IDF weighted), so units
  bought in the same kind of basket lie close; trusted in proportion to how many baskets
  a unit is seen in.
* Both blocks are L2-normalised and concatenated; Ward's hierarchical clustering groups
  them, cut at the number of groups with the best silhouette among 20–300 groups and at
  most one group per ten names (see :func:`cluster_units`).
* Each group is named by its most telling words: class-based TF-IDF (:func:`name_groups`).

On the dev file without its categories (56,199 SKUs, 299 real categories) this gives 300
groups with a V-measure of 0.79 against the real categories (tests/bench/bench_groups.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy.cluster.hierarchy import fcluster, ward
from sklearn.cluster import MiniBatchKMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfTransformer, TfidfVectorizer
from sklearn.metrics import silhouette_score
from sklearn.metrics.pairwise import cosine_distances
from sklearn.preprocessing import normalize

from engine.jobs import CancelToken, ProgressCallback, ensure
from engine.messages import msg

MIN_GROUPS, MAX_GROUPS = 20, 300
#: Ward's tree over the names themselves up to this many (its memory is quadratic); beyond, over
#: this many k-means micro-clusters of them
WARD_MAX, MICRO_CLUSTERS = 8_000, 1_000
SILHOUETTE_SAMPLE = 4_000
COMMON_TERM_SHARE = 0.1
_DIGITS = re.compile(r"[0-9][0-9.,/%x]*")
_SPACES = re.compile(r"\s+")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
_WORD = re.compile(r"[^\W\d_]{2,}")


def normalise_name(name: str) -> str:
    """Lower case, numbers (sizes, pack counts) out: '12 OZ' and '16 OZ' of a product are one name."""
    return _SPACES.sub(" ", _DIGITS.sub(" ", name.lower())).strip()


def k_range(units: int) -> tuple[int, int]:
    """20 to 300 groups, and no more than one group per ten distinct names."""
    hi = min(MAX_GROUPS, max(units // 10, 2))
    return min(MIN_GROUPS, hi), hi


def cluster_units(x: np.ndarray, k: int | None, seed: int, cancel: CancelToken) -> np.ndarray:
    """Ward's hierarchical clustering, cut at the number of groups with the best silhouette.

    One tree gives every cut, so trying several numbers of groups costs little. Beyond
    :data:`WARD_MAX` points the tree is built over k-means micro-clusters instead (its
    memory grows with the square of the points). The silhouette (cosine, on at most
    5,000 sampled names) scores how much closer names are to their own group than to the
    next one; the best-scoring cut among :func:`k_range` wins.
    """
    n = x.shape[0]
    if n <= 2:
        return np.zeros(n, dtype=np.int64)
    if n > WARD_MAX:
        pre = MiniBatchKMeans(MICRO_CLUSTERS, random_state=seed, n_init=1, batch_size=4096).fit(x)
        points, member = pre.cluster_centers_, pre.labels_
    else:
        points, member = x, np.arange(n)
    cancel.raise_if_cancelled()
    tree = ward(points)
    cancel.raise_if_cancelled()

    def cut(k_: int) -> np.ndarray:
        return (fcluster(tree, k_, criterion="maxclust") - 1)[member]

    if k is not None:
        return cut(min(k, n))
    lo, hi = k_range(n)
    candidates = sorted({int(round(v)) for v in np.geomspace(lo, hi, 8)})
    rng = np.random.default_rng(seed)
    sample = rng.choice(n, min(n, SILHOUETTE_SAMPLE), replace=False)
    xs = x[sample]
    ok = np.linalg.norm(xs, axis=1) > 0
    sample = sample[ok]
    distances = cosine_distances(xs[ok])   # once for every candidate cut
    np.fill_diagonal(distances, 0.0)
    best, best_score = cut(hi), -2.0
    for k_ in candidates:
        labels = cut(k_)
        if not 2 <= len(np.unique(labels[sample])) < len(sample):
            continue
        score = silhouette_score(distances, labels[sample], metric="precomputed")
        if score > best_score:
            best, best_score = labels, score
        cancel.raise_if_cancelled()
    return best


@dataclass
class Grouping:
    """labels_[i]: the group of item i (-1: not grouped); names_[g]: group g's name."""

    labels_: np.ndarray
    names_: list[str]
    n_units_: int
    used_names_: bool
    used_baskets_: bool


def _name_vectors(texts: list[str], dims: int, seed: int, max_df: float = 0.5) -> np.ndarray:
    vec = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), min_df=2, sublinear_tf=True,
                          max_df=max_df, dtype=np.float32)
    try:
        x = vec.fit_transform(texts)
    except ValueError:  # every n-gram is unique or too common: names say nothing
        return np.zeros((len(texts), 0), dtype=np.float32)
    dims = min(dims, x.shape[1] - 1, x.shape[0] - 1)
    if dims < 2:
        return normalize(x.toarray()).astype(np.float32)
    z = TruncatedSVD(dims, random_state=seed, algorithm="randomized", n_iter=4).fit_transform(x)
    return normalize(z).astype(np.float32)


def _basket_vectors(unit_of_pair: np.ndarray, basket_of_pair: np.ndarray, n_units: int,
                    dims: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """SVD of the TF-IDF weighted unit × basket matrix; also each unit's basket count."""
    _, basket = np.unique(basket_of_pair, return_inverse=True)
    m = sp.csr_matrix((np.ones(len(unit_of_pair), dtype=np.float32), (unit_of_pair, basket)),
                      shape=(n_units, int(basket.max()) + 1 if len(basket) else 1))
    m.data[:] = 1.0
    seen = np.asarray((m > 0).sum(axis=1)).ravel()
    dims = min(dims, m.shape[0] - 1, m.shape[1] - 1)
    if dims < 2 or m.nnz == 0:
        return np.zeros((n_units, 0), dtype=np.float32), seen
    w = TfidfTransformer(sublinear_tf=True).fit_transform(m)
    z = TruncatedSVD(dims, random_state=seed, algorithm="randomized", n_iter=2).fit_transform(w)
    return normalize(z).astype(np.float32), seen


def group_items(names: list[str | None], unit_pairs: tuple[np.ndarray, np.ndarray] | None = None, *,
                k: int | None = None, name_weight: float = 1.0, basket_weight: float = 1.0,
                name_dims: int | None = None, basket_dims: int = 64, seed: int = 0, max_df: float = 0.1,
                progress: ProgressCallback | None = None, cancel: CancelToken | None = None) -> Grouping:
    """Cluster items into groups.

    ``names[i]`` is item i's name (None or '' when unknown). ``unit_pairs`` = (item index,
    basket id) arrays, one pair per item bought in a basket (a sample is enough).
    """
    progress, cancel = ensure(progress, cancel)
    n = len(names)
    norm = [normalise_name(s) if s else "" for s in names]
    used_names = sum(1 for s in norm if s) >= max(3, n // 2)
    # the unit of an item: its normalised name, or the item itself when it has none
    keys = [s if (s and used_names) else f"\x00{i}" for i, s in enumerate(norm)]
    key_index: dict[str, int] = {}
    unit = np.fromiter((key_index.setdefault(k_, len(key_index)) for k_ in keys), dtype=np.int64, count=n)
    n_units = len(key_index)
    texts = [""] * n_units
    for i, u in enumerate(unit):
        if not texts[u]:
            texts[u] = norm[i]
    blocks = []
    progress(10, 100, msg("progress.grouping.names"))
    if used_names:
        # fewer dimensions for few names: the SVD would otherwise keep their noise
        dims = name_dims or min(160, max(20, n_units // 10))
        blocks.append(name_weight * _name_vectors(texts, dims, seed, max_df))
    cancel.raise_if_cancelled()
    used_baskets = unit_pairs is not None and len(unit_pairs[0]) > 0
    if used_baskets:
        progress(40, 100, msg("progress.grouping.baskets"))
        b, seen = _basket_vectors(unit[unit_pairs[0]], unit_pairs[1], n_units, basket_dims, seed)
        if b.shape[1]:
            # a unit seen in few baskets has a noisy basket vector: lean on its name
            trust = (seen / (seen + 5.0)).astype(np.float32)[:, None]
            blocks.append(basket_weight * trust * b if used_names else b)
        else:
            used_baskets = False
    cancel.raise_if_cancelled()
    if not blocks or sum(x.shape[1] for x in blocks) == 0:
        return Grouping(np.full(n, -1), [], n_units, used_names, used_baskets)
    x = np.hstack(blocks)
    progress(60, 100, msg("progress.grouping.n", n=n_units))
    unit_labels = cluster_units(x, k, seed, cancel)
    k = int(unit_labels.max()) + 1
    # renumber groups by size, largest first, so group numbers read the same run to run
    sizes = np.bincount(unit_labels[unit], minlength=k)
    order = np.argsort(-sizes, kind="stable")
    rank = np.empty(k, dtype=np.int64)
    rank[order] = np.arange(k)
    labels = rank[unit_labels][unit]
    progress(90, 100, msg("progress.grouping.naming"))
    group_names = name_groups(names, labels, int(labels.max()) + 1) if used_names else \
        [f"Group {g + 1}" for g in range(int(labels.max()) + 1)]
    return Grouping(labels, group_names, n_units, used_names, used_baskets)


def _terms(text: str) -> list[str]:
    """Words of Latin scripts; CJK runs as their character bigrams (no segmenter needed)."""
    text = text.lower()
    out = [w for w in _WORD.findall(_CJK.sub(" ", text))]
    for run in _CJK.findall(text):
        out.extend(run[i:i + 2] for i in range(len(run) - 1)) if len(run) > 1 else out.append(run)
    return out


def name_groups(names: list[str | None], labels: np.ndarray, k: int, words: int = 3) -> list[str]:
    """Each group's most telling terms: class-based TF-IDF (terms frequent in the group, rare elsewhere)."""
    vec = TfidfVectorizer(analyzer=_terms, use_idf=False, norm=None, dtype=np.float32)
    docs = [s or "" for s in names]
    try:
        x = vec.fit_transform(docs)
    except ValueError:
        return [f"Group {g + 1}" for g in range(k)]
    x.data[:] = 1.0
    member = sp.csr_matrix((np.ones(len(labels), dtype=np.float32), (labels, np.arange(len(labels)))),
                           shape=(k, len(labels)))
    counts = (member @ x).toarray()                        # items of group g with term t
    size = np.maximum(member.sum(axis=1).A.ravel(), 1)[:, None]
    share = counts / size                                  # how typical of the group
    idf = np.log(1 + k / (1 + (counts > 0).sum(axis=0)))   # how specific to few groups
    # words on a large share of all items (a house brand, 'pack') name no group
    common = np.asarray(x.sum(axis=0)).ravel() > COMMON_TERM_SHARE * max(len(docs), 1)
    score = share * idf * ~common
    vocab = vec.get_feature_names_out()
    result, used = [], set()
    for g in range(k):
        chosen: list[str] = []
        for t in np.argsort(-score[g])[:20]:
            term = vocab[t]
            if score[g, t] <= 0:
                break
            if any(term in c or c in term for c in chosen):
                continue
            chosen.append(term)
            if len(chosen) == words:
                break
        label = " ".join(chosen) if chosen else f"Group {g + 1}"
        label = label[:1].upper() + label[1:]
        base, n = label, 2
        while label in used:
            label, n = f"{base} ({n})", n + 1
        used.add(label)
        result.append(label)
    return result
