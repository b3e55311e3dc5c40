"""A float64 evaluator of LightGBM model text, for tests.

It follows the rules written down with the LightGBM fixtures
(tests/fixtures/lightgbm/README.md): input snapping to 0.0 below
kZeroThreshold, the three missing types, categorical bitsets, leaf indices,
linear leaves (``is_linear=1``: leaf_const + sum(coeff * x), leaf_value when
one of the leaf's features is NaN), per-class sums in file order, the
objective transforms and the ``average_output`` quirk. ``test_lightgbm_fixtures`` first checks it against
LightGBM's own outputs, then uses it for hand-made models LightGBM never saw.
It reads well-formed files only; the importer is what validates.
"""

import numpy as np

# The float literal 1e-35f, compared in double.
ZERO_THRESHOLD = float(np.float32(1e-35))


class Tree:
    def __init__(self, fields):
        self.num_leaves = int(fields["num_leaves"])
        self.leaf_value = floats(fields["leaf_value"])
        n = self.num_leaves - 1
        self.split_feature = ints(fields.get("split_feature", ""))[:n]
        self.threshold = floats(fields.get("threshold", ""))[:n]
        # LightGBM reads a missing decision_type as all zeros.
        self.decision_type = ints(fields.get("decision_type", "0 " * n))[:n]
        self.left_child = ints(fields.get("left_child", ""))[:n]
        self.right_child = ints(fields.get("right_child", ""))[:n]
        self.cat_boundaries = ints(fields.get("cat_boundaries", ""))
        self.cat_threshold = ints(fields.get("cat_threshold", ""))
        self.is_linear = int(fields.get("is_linear", "0")) == 1
        if self.is_linear:
            self.leaf_const = floats(fields["leaf_const"])
            counts = ints(fields["num_features"])
            features = ints(fields.get("leaf_features", ""))
            coeffs = floats(fields.get("leaf_coeff", ""))
            ends = np.cumsum(counts)
            self.leaf_terms = [(features[end - n:end], coeffs[end - n:end])
                               for n, end in zip(counts, ends)]

    def outputs(self, X):
        """Each row's output of this tree, as LightGBM's Tree::Predict."""
        leaves = self.leaves(X)
        if not self.is_linear:
            return self.leaf_value[leaves]
        with np.errstate(invalid="ignore"):
            X = np.where(np.abs(X) <= ZERO_THRESHOLD, 0.0, X)
        out = np.empty(X.shape[0])
        # Huge inputs overflow to inf or NaN, as in LightGBM.
        with np.errstate(over="ignore", invalid="ignore"):
            for i, leaf in enumerate(leaves):
                features, coeffs = self.leaf_terms[leaf]
                value = self.leaf_const[leaf]
                for feature, coeff in zip(features, coeffs):
                    x = float(X[i, feature])
                    if np.isnan(x):
                        value = self.leaf_value[leaf]
                        break
                    value += coeff * x
                out[i] = value
        return out

    def leaves(self, X):
        """LightGBM's leaf index of every row."""
        rows = X.shape[0]
        if self.num_leaves == 1:
            return np.zeros(rows, dtype=np.int64)
        node = np.zeros(rows, dtype=np.int64)
        active = np.ones(rows, dtype=bool)
        while active.any():
            idx = np.nonzero(active)[0]
            nd = node[idx]
            v = X[idx, self.split_feature[nd]].astype(np.float64)
            with np.errstate(invalid="ignore"):
                v = np.where(np.abs(v) <= ZERO_THRESHOLD, 0.0, v)
            dt = self.decision_type[nd]
            left = self._numerical_left(v, dt, nd)
            categorical = (dt & 1) != 0
            if categorical.any():
                left[categorical] = self._categorical_left(
                    v[categorical], nd[categorical])
            node[idx] = np.where(left, self.left_child[nd], self.right_child[nd])
            active = node >= 0
        return ~node

    def _numerical_left(self, v, dt, nd):
        missing_type = (dt >> 2) & 3
        default_left = (dt & 2) != 0
        nan = np.isnan(v)
        v = np.where(nan & (missing_type != 2), 0.0, v)
        missing = ((missing_type == 1) & (v == 0.0)) | ((missing_type == 2) & np.isnan(v))
        with np.errstate(invalid="ignore"):
            less_equal = v <= self.threshold[nd]
        return np.where(missing, default_left, less_equal)

    def _categorical_left(self, v, nd):
        # NaN and negative categories go right; -0.5 truncates to category 0.
        valid = ~np.isnan(v) & (v > -1.0) & (v < 2.0**31)
        category = np.trunc(np.where(valid, v, 0.0)).astype(np.int64)
        bitset = self.threshold[nd].astype(np.int64)
        start = self.cat_boundaries[bitset]
        words = self.cat_boundaries[bitset + 1] - start
        word = category // 32
        inside = valid & (word < words)
        bits = self.cat_threshold[np.where(inside, start + word, 0)] if len(
            self.cat_threshold) else np.zeros_like(word)
        return inside & (((bits >> (category % 32)) & 1) == 1)


class Model:
    def __init__(self, text):
        self.header = {}
        lines = text.splitlines()
        i = 0
        while i < len(lines) and not lines[i].startswith("Tree=") and lines[i] != "end of trees":
            line = lines[i].strip()
            if line:
                key, _, value = line.partition("=")
                self.header[key] = value
            i += 1
        self.trees = []
        while i < len(lines) and lines[i] != "end of trees":
            if lines[i].startswith("Tree="):
                fields = {}
                i += 1
                while i < len(lines) and lines[i].strip():
                    key, _, value = lines[i].partition("=")
                    fields[key] = value
                    i += 1
                self.trees.append(Tree(fields))
            else:
                i += 1
        self.num_class = int(self.header["num_class"])
        self.objective = self.header.get("objective", "").split()
        self.average_output = "average_output" in self.header

    def leaves(self, X):
        return np.stack([tree.leaves(X) for tree in self.trees], axis=1).astype(np.int32)

    def raw(self, X):
        """LightGBM's raw score: the plain per-class sum, even in rf mode."""
        K = self.num_class
        raw = np.zeros((X.shape[0], K))
        for t, tree in enumerate(self.trees):
            raw[:, t % K] += tree.outputs(X)
        return raw[:, 0] if K == 1 else raw

    def predict(self, X):
        """LightGBM's normal prediction: averaged in rf mode, transformed."""
        raw = self.raw(X)
        if self.average_output:
            raw = raw / (len(self.trees) // self.num_class)
        name = self.objective[0] if self.objective else "custom"
        params = dict(p.split(":") for p in self.objective[1:] if ":" in p)
        if name in ("binary", "multiclassova"):
            return 1.0 / (1.0 + np.exp(-float(params["sigmoid"]) * raw))
        if name == "cross_entropy":
            return 1.0 / (1.0 + np.exp(-raw))
        if name == "multiclass":
            e = np.exp(raw - raw.max(axis=1, keepdims=True))
            return e / e.sum(axis=1, keepdims=True)
        if name in ("poisson", "gamma", "tweedie"):
            return np.exp(raw)
        if "sqrt" in self.objective[1:]:
            return np.sign(raw) * raw * raw
        return raw


def floats(text):
    return np.array([float(t) for t in text.split()], dtype=np.float64)


def ints(text):
    return np.array([int(t) for t in text.split()], dtype=np.int64)


def is_classifier(model):
    return bool(model.objective) and model.objective[0] in (
        "binary", "multiclass", "multiclassova")


def load(path):
    with open(path) as f:
        return Model(f.read())
