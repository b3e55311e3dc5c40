"""Reference interpreter of the Hardwood JSON model format, version 1.

This module is the executable specification of ``docs/model-format.md``:
compiled models are checked against it, and the sklearn exporter is checked
through it. It therefore favours being obviously right over being fast:
each tree is walked for all rows at once with numpy, one depth level per
loop iteration, and every rule of the format appears once, in plain code.

Public functions:

* ``load(path_or_text_or_dict)``: parse and validate a model.
* ``validate(model)``: raise ``ModelFormatError`` unless the model obeys
  the format (keys, types, shapes, index ranges, tree structure).
* ``predict(model, X, kind=None)``: evaluate a kind (``decision``,
  ``proba``, ``predict``, ``score``, ``leaf``) on rows ``X``.

Scores are returned in float64 whatever the model's ``input_type``: the
input is rounded to ``input_type`` and every comparison is the documented
one, but sums are exact float64 sums (the parity tolerance of float32 models
covers the difference with float32 accumulation).
"""

import json
import math
import numbers

import numpy as np

FORMAT = "hardwood-model"
VERSION = 1
KINDS = ("decision", "proba", "predict", "score", "leaf")

_TOP_LEVEL_KEYS = {
    "format", "version", "family", "task", "name", "source", "num_features",
    "num_outputs", "input_type", "classes", "post_transform", "base_score",
    "trees", "aggregation", "leaf_width", "zero_threshold", "category_cast",
    "coefficients", "intercept",
}
_TREE_ONLY_KEYS = {"trees", "aggregation", "leaf_width", "zero_threshold",
                   "category_cast"}
_LINEAR_ONLY_KEYS = {"coefficients", "intercept"}
_TREE_KEYS = {"group", "weight", "left", "right", "feature", "threshold",
              "comparison", "default_left", "missing", "leaf_values",
              "categorical"}
_CATEGORICAL_KEYS = {"node", "domain", "left_categories", "outside"}
_TRANSFORM_PARAMS = {
    "identity": set(),
    "sigmoid": {"scale"},
    "softmax": set(),
    "ovr_normalize": set(),
    "exp": set(),
    "signed_square": set(),
    "isolation_forest": {"average_path_length", "offset"},
    "binary_hinge": set(),
    "modified_huber": set(),
}
# Transforms after which ``proba`` means nothing (margin classifiers).
_NO_PROBA = {"binary_hinge"}
_MISSING_KINDS = ("nan", "nan_as_zero", "zero_or_nan")
_MAX_FEATURES = 1_000_000
_MAX_OUTPUTS = 100_000
_MAX_TREES = 1_000_000
_MAX_NODES_PER_TREE = 16_777_216
_MAX_DOMAIN = 2**31 - 1
_MAX_LEFT_CATEGORIES = 65_536


class ModelFormatError(ValueError):
    """The model does not obey the Hardwood JSON format."""


# --------------------------------------------------------------------------
# Loading and validation
# --------------------------------------------------------------------------

def load(source):
    """Return a validated model from a dict, a JSON string or a file path."""
    if isinstance(source, dict):
        model = source
    elif isinstance(source, str) and source.lstrip().startswith("{"):
        model = json.loads(source)
    else:
        with open(source, "r", encoding="utf-8") as f:
            model = json.load(f)
    validate(model)
    return model


def _fail(where, message):
    raise ModelFormatError(f"{where}: {message}")


def _is_int(value):
    # JSON integers may arrive as 3 or 3.0; booleans are not integers here.
    if isinstance(value, bool):
        return False
    if isinstance(value, numbers.Integral):
        return True
    return isinstance(value, float) and value.is_integer()


def _is_number(value):
    return (isinstance(value, numbers.Real) and not isinstance(value, bool)
            and math.isfinite(value))


def _check_int(where, value, lo, hi):
    if not _is_int(value) or not lo <= value <= hi:
        _fail(where, f"expected an integer in [{lo}, {hi}], got {value!r}")
    return int(value)


# The strings that stand for infinite thresholds (JSON has no Infinity).
INFINITE_THRESHOLDS = {"inf": math.inf, "-inf": -math.inf}


def _threshold_value(value):
    """A threshold entry as a float: a finite number, "inf" or "-inf"."""
    if isinstance(value, str):
        return INFINITE_THRESHOLDS[value]
    return float(value)


def _check_thresholds(where, values, length):
    if not isinstance(values, list) or len(values) != length:
        _fail(where, f"expected an array of {length} numbers")
    for i, v in enumerate(values):
        if not (_is_number(v) or (isinstance(v, str) and v in INFINITE_THRESHOLDS)):
            _fail(f"{where}[{i}]",
                  f'expected a finite number, "inf" or "-inf", got {v!r}')


def _check_numbers(where, values, length):
    if not isinstance(values, list) or len(values) != length:
        _fail(where, f"expected an array of {length} numbers")
    for i, v in enumerate(values):
        if not _is_number(v):
            _fail(f"{where}[{i}]", f"expected a finite number, got {v!r}")


def validate(model):
    """Raise ``ModelFormatError`` unless ``model`` is a valid v1 model."""
    if not isinstance(model, dict):
        _fail("model", "expected a JSON object")
    unknown = set(model) - _TOP_LEVEL_KEYS
    if unknown:
        _fail("model", f"unknown keys {sorted(unknown)}")
    for key in ("format", "version", "family", "task", "num_features",
                "num_outputs", "input_type", "post_transform"):
        if key not in model:
            _fail(key, "required key is missing")
    if model["format"] != FORMAT:
        _fail("format", f"expected {FORMAT!r}")
    if not _is_int(model["version"]) or model["version"] != VERSION:
        _fail("version", f"expected {VERSION}")
    family = model["family"]
    if family not in ("tree_ensemble", "linear"):
        _fail("family", "expected 'tree_ensemble' or 'linear'")
    task = model["task"]
    if task not in ("regression", "classification", "anomaly", "ranking"):
        _fail("task", f"unknown task {task!r}")
    if "name" in model:
        name = model["name"]
        if (not isinstance(name, str) or not name
                or not (name[0].isascii() and (name[0].isalpha() or name[0] == "_"))
                or not all(c.isascii() and (c.isalnum() or c == "_") for c in name)):
            _fail("name", "expected [A-Za-z_][A-Za-z0-9_]*")
    if "source" in model and not isinstance(model["source"], dict):
        _fail("source", "expected an object")
    n_features = _check_int("num_features", model["num_features"], 1, _MAX_FEATURES)
    k = _check_int("num_outputs", model["num_outputs"], 1, _MAX_OUTPUTS)
    if model["input_type"] not in ("float32", "float64"):
        _fail("input_type", "expected 'float32' or 'float64'")

    if task == "classification":
        classes = model.get("classes")
        if not isinstance(classes, list):
            _fail("classes", "required for classification")
        expected = 2 if k == 1 else k
        if len(classes) != expected:
            _fail("classes", f"expected {expected} labels for num_outputs={k}")
        kinds = {str if isinstance(c, str) else bool if isinstance(c, bool)
                 else float if _is_number(c) else None for c in classes}
        if len(kinds) != 1 or None in kinds:
            _fail("classes", "expected all strings, all numbers or all booleans")
        if len(set(classes)) != len(classes):
            _fail("classes", "labels must be distinct")
    elif "classes" in model:
        _fail("classes", "only classification models have classes")

    _validate_post_transform(model, task, k)

    if "base_score" in model:
        _check_numbers("base_score", model["base_score"], k)

    wrong = (_LINEAR_ONLY_KEYS if family == "tree_ensemble" else _TREE_ONLY_KEYS)
    present = wrong & set(model)
    if present:
        _fail(sorted(present)[0], f"not allowed for family {family!r}")
    if family == "linear":
        _validate_linear(model, n_features, k)
    else:
        _validate_trees(model, n_features, k)


def _validate_post_transform(model, task, k):
    pt = model["post_transform"]
    if not isinstance(pt, dict) or pt.get("kind") not in _TRANSFORM_PARAMS:
        _fail("post_transform", f"expected {{'kind': one of {sorted(_TRANSFORM_PARAMS)}}}")
    kind = pt["kind"]
    extra = set(pt) - {"kind"} - _TRANSFORM_PARAMS[kind]
    if extra:
        _fail("post_transform", f"unknown parameters {sorted(extra)} for {kind!r}")
    if kind == "sigmoid" and "scale" in pt and not _is_number(pt["scale"]):
        _fail("post_transform.scale", "expected a finite number")
    if kind == "isolation_forest":
        for p in ("average_path_length", "offset"):
            if not _is_number(pt.get(p)):
                _fail(f"post_transform.{p}", "expected a finite number")
        if pt["average_path_length"] < 0:
            _fail("post_transform.average_path_length", "must be >= 0")
        if task != "anomaly" or k != 1:
            _fail("post_transform", "isolation_forest needs task 'anomaly' and num_outputs 1")
    elif task == "anomaly":
        _fail("post_transform", "task 'anomaly' needs the isolation_forest transform")
    if kind in ("binary_hinge", "modified_huber") and task != "classification":
        _fail("post_transform", f"{kind!r} is for classifiers only")


def _validate_linear(model, n_features, k):
    coef = model.get("coefficients")
    if not isinstance(coef, list) or len(coef) != k:
        _fail("coefficients", f"expected {k} rows")
    for i, row in enumerate(coef):
        _check_numbers(f"coefficients[{i}]", row, n_features)
    _check_numbers("intercept", model.get("intercept"), k)
    if any(v != 0 for v in model.get("base_score", [])):
        _fail("base_score", "must be absent or zero for linear models")


def _validate_trees(model, n_features, k):
    if model.get("aggregation") not in ("sum", "average"):
        _fail("aggregation", "expected 'sum' or 'average'")
    leaf_width = model.get("leaf_width")
    if not _is_int(leaf_width) or leaf_width not in (1, k):
        _fail("leaf_width", f"expected 1 or num_outputs ({k})")
    leaf_width = int(leaf_width)
    zt = model.get("zero_threshold", 0)
    if not _is_number(zt) or zt < 0:
        _fail("zero_threshold", "expected a finite number >= 0")
    if model.get("category_cast", "check_then_truncate") not in (
            "check_then_truncate", "truncate_then_check"):
        _fail("category_cast", "expected 'check_then_truncate' or 'truncate_then_check'")
    trees = model.get("trees")
    if not isinstance(trees, list) or not 1 <= len(trees) <= _MAX_TREES:
        _fail("trees", f"expected 1..{_MAX_TREES} tree objects")
    for t, tree in enumerate(trees):
        _validate_tree(f"trees[{t}]", tree, n_features, k, leaf_width)


def _validate_tree(where, tree, n_features, k, leaf_width):
    if not isinstance(tree, dict):
        _fail(where, "expected an object")
    unknown = set(tree) - _TREE_KEYS
    if unknown:
        _fail(where, f"unknown keys {sorted(unknown)}")
    for key in ("left", "right", "feature", "threshold", "leaf_values"):
        if key not in tree:
            _fail(f"{where}.{key}", "required key is missing")
    left, right = tree["left"], tree["right"]
    if not isinstance(left, list) or not 1 <= len(left) <= _MAX_NODES_PER_TREE:
        _fail(f"{where}.left", f"expected 1..{_MAX_NODES_PER_TREE} node entries")
    n = len(left)
    group = tree.get("group", 0)
    _check_int(f"{where}.group", group, 0, k - 1 if leaf_width == 1 else 0)
    if "weight" in tree and not _is_number(tree["weight"]):
        _fail(f"{where}.weight", "expected a finite number")
    for key in ("right", "feature"):
        if not isinstance(tree[key], list) or len(tree[key]) != n:
            _fail(f"{where}.{key}", f"expected {n} entries like 'left'")
    for i in range(n):
        if not (_is_int(left[i]) and _is_int(right[i])):
            _fail(f"{where}.left/right[{i}]", "expected integers")
    _check_thresholds(f"{where}.threshold", tree["threshold"], n)
    _check_numbers(f"{where}.leaf_values", tree["leaf_values"], n * leaf_width)
    if tree.get("comparison", "<=") not in ("<=", "<"):
        _fail(f"{where}.comparison", "expected '<=' or '<'")
    if "default_left" in tree:
        dl = tree["default_left"]
        if not isinstance(dl, list) or len(dl) != n or not all(
                v in (True, False, 0, 1) for v in dl):
            _fail(f"{where}.default_left", f"expected {n} booleans or 0/1")
    if "missing" in tree:
        missing = tree["missing"]
        values = missing if isinstance(missing, list) else [missing]
        if isinstance(missing, list) and len(missing) != n:
            _fail(f"{where}.missing", f"expected a string or {n} strings")
        if not all(v in _MISSING_KINDS for v in values):
            _fail(f"{where}.missing", f"expected one of {_MISSING_KINDS}")

    # Structure: children in range, each node (except the root) has exactly
    # one parent, and everything is reachable from the root.
    parents = [0] * n
    for i in range(n):
        l, r = int(left[i]), int(right[i])
        if (l == -1) != (r == -1):
            _fail(f"{where} node {i}", "left and right must both be -1 or both valid")
        if l == -1:
            continue
        for child in (l, r):
            if not 0 <= child < n:
                _fail(f"{where} node {i}", f"child {child} out of range")
            if child == 0:
                _fail(f"{where} node {i}", "the root cannot be a child")
            parents[child] += 1
        f = tree["feature"][i]
        if not _is_int(f) or not 0 <= f < n_features:
            _fail(f"{where}.feature[{i}]", f"expected 0..{n_features - 1}")
    for i in range(1, n):
        if parents[i] != 1:
            _fail(f"{where} node {i}", f"has {parents[i]} parents, expected 1")
    # With one parent per non-root node, n - 1 edges and all nodes reached
    # from the root there can be no cycle.
    seen, stack = {0}, [0]
    while stack:
        i = stack.pop()
        if left[i] != -1:
            for child in (int(left[i]), int(right[i])):
                if child in seen:
                    _fail(f"{where} node {child}", "reached twice (cycle)")
                seen.add(child)
                stack.append(child)
    if len(seen) != n:
        _fail(where, f"{n - len(seen)} nodes unreachable from the root")

    cat_nodes = set()
    for j, split in enumerate(tree.get("categorical", [])):
        w = f"{where}.categorical[{j}]"
        if not isinstance(split, dict) or set(split) != _CATEGORICAL_KEYS:
            _fail(w, f"expected exactly the keys {sorted(_CATEGORICAL_KEYS)}")
        node = _check_int(f"{w}.node", split["node"], 0, n - 1)
        if left[node] == -1:
            _fail(f"{w}.node", "a leaf cannot be a categorical split")
        if node in cat_nodes:
            _fail(f"{w}.node", "node listed twice")
        cat_nodes.add(node)
        domain = _check_int(f"{w}.domain", split["domain"], 1, _MAX_DOMAIN)
        cats = split["left_categories"]
        if not isinstance(cats, list) or len(cats) > _MAX_LEFT_CATEGORIES:
            _fail(f"{w}.left_categories", f"expected at most {_MAX_LEFT_CATEGORIES} ints")
        for c in cats:
            _check_int(f"{w}.left_categories", c, 0, domain - 1)
        if len(set(int(c) for c in cats)) != len(cats):
            _fail(f"{w}.left_categories", "categories must be distinct")
        if split["outside"] not in ("left", "right", "default"):
            _fail(f"{w}.outside", "expected 'left', 'right' or 'default'")


# --------------------------------------------------------------------------
# Evaluation
# --------------------------------------------------------------------------

def _prepare_rows(model, X):
    """Return the rows as float64 holding values of the model's input_type."""
    X = np.asarray(X)
    if X.dtype not in (np.float32, np.float64):
        raise TypeError(f"rows must be float32 or float64, got {X.dtype}")
    if X.ndim == 1:
        X = X[np.newaxis, :]
    if X.ndim != 2 or X.shape[1] != model["num_features"]:
        raise ValueError(f"expected rows of {model['num_features']} features, "
                         f"got shape {X.shape}")
    if model["input_type"] == "float32":
        # Round to nearest float32 as numpy's astype does (overflow gives
        # inf), then widen exactly: comparing float64(float32(x)) <= t in
        # float64 is the documented float32 semantics.
        with np.errstate(over="ignore"):
            X = X.astype(np.float32)
    return X.astype(np.float64)


class _Tree:
    """A tree's arrays as numpy arrays, ready for vectorised walking."""

    def __init__(self, tree, leaf_width):
        self.left = np.asarray(tree["left"], dtype=np.int64)
        self.right = np.asarray(tree["right"], dtype=np.int64)
        self.is_leaf = self.left == -1
        self.feature = np.where(self.is_leaf, 0,
                                np.asarray(tree["feature"], dtype=np.int64))
        self.threshold = np.array([_threshold_value(t) for t in tree["threshold"]],
                                  dtype=np.float64)
        n = self.left.size
        self.strict = tree.get("comparison", "<=") == "<"
        self.default_left = np.asarray(tree.get("default_left", [False] * n),
                                       dtype=bool)
        missing = tree.get("missing", "nan")
        if isinstance(missing, str):
            missing = [missing] * n
        self.missing = np.asarray(missing)
        self.leaf_values = np.asarray(tree["leaf_values"],
                                      dtype=np.float64).reshape(n, leaf_width)
        self.group = int(tree.get("group", 0))
        self.weight = float(tree.get("weight", 1.0))
        self.categorical = {int(s["node"]): s for s in tree.get("categorical", [])}
        self.is_categorical = np.zeros(n, dtype=bool)
        self.is_categorical[list(self.categorical)] = True


def _numerical_go_left(tree, nodes, x):
    """Direction at numerical nodes ``nodes`` for values ``x``."""
    mode = tree.missing[nodes]
    is_nan = np.isnan(x)
    # nan_as_zero: NaN is an ordinary value, compared as 0.0.
    value = np.where(is_nan & (mode == "nan_as_zero"), 0.0, x)
    is_missing = ((is_nan & (mode != "nan_as_zero"))
                  | ((mode == "zero_or_nan") & (x == 0.0)))
    threshold = tree.threshold[nodes]
    with np.errstate(invalid="ignore"):
        compare = value < threshold if tree.strict else value <= threshold
    return np.where(is_missing, tree.default_left[nodes], compare)


def _categorical_go_left(split, default_left, x, cast):
    """Direction at one categorical node for values ``x`` (docs steps 1-5)."""
    domain = split["domain"]
    with np.errstate(invalid="ignore"):
        if cast == "check_then_truncate":
            outside = x < 0
            category = np.trunc(x)
        else:
            # trunc(-0.5) is -0.0, which is category 0, not outside.
            category = np.trunc(x)
            outside = category < 0
        outside |= category >= domain
    listed = np.isin(category, np.asarray(split["left_categories"], dtype=np.float64))
    outside_left = {"left": True, "right": False, "default": default_left}[split["outside"]]
    go_left = np.where(outside, outside_left, listed)
    return np.where(np.isnan(x), default_left, go_left)


def _walk(tree, X, cast):
    """Leaf node index reached by every row of ``X`` in ``tree``."""
    rows = np.arange(X.shape[0])
    node = np.zeros(X.shape[0], dtype=np.int64)
    active = ~tree.is_leaf[node]
    while active.any():
        r, nd = rows[active], node[active]
        x = X[r, tree.feature[nd]]
        go_left = _numerical_go_left(tree, nd, x)
        is_cat = tree.is_categorical[nd]
        # Categorical nodes are few; handle each one present at this depth.
        for c in np.unique(nd[is_cat]):
            at = nd == c
            go_left[at] = _categorical_go_left(
                tree.categorical[int(c)], bool(tree.default_left[c]), x[at], cast)
        node[r] = np.where(go_left, tree.left[nd], tree.right[nd])
        active = ~tree.is_leaf[node]
    return node


def _tree_outputs(model, X):
    """Return (raw scores n x K, leaf indices n x T) of a tree ensemble."""
    k = model["num_outputs"]
    leaf_width = int(model["leaf_width"])
    cast = model.get("category_cast", "check_then_truncate")
    zt = model.get("zero_threshold", 0)
    if zt > 0:
        # Applied to the value in input_type, before any comparison.
        X = np.where(np.abs(X) <= zt, 0.0, X)
    trees = [_Tree(t, leaf_width) for t in model["trees"]]
    n = X.shape[0]
    leaves = np.empty((n, len(trees)), dtype=np.int64)
    # Summation order matters for float parity: start from base_score and
    # add trees in file order, as sklearn's GB and HGB do.
    base = np.asarray(model.get("base_score", [0.0] * k), dtype=np.float64)
    total = np.zeros((n, k))
    if model["aggregation"] == "sum":
        total += base
    count = np.zeros(k)
    for t, tree in enumerate(trees):
        leaf = _walk(tree, X, cast)
        leaves[:, t] = leaf
        values = tree.weight * tree.leaf_values[leaf]
        if leaf_width == 1:
            total[:, tree.group] += values[:, 0]
            count[tree.group] += 1
        else:
            total += values
            count += 1
    if model["aggregation"] == "average":
        # Each output is averaged over the trees that add to it.
        total = base + np.divide(total, count, out=np.zeros_like(total),
                                 where=count > 0)
    return total, leaves


def _linear_outputs(model, X):
    dtype = np.float32 if model["input_type"] == "float32" else np.float64
    coef = np.asarray(model["coefficients"], dtype=dtype)
    intercept = np.asarray(model["intercept"], dtype=dtype)
    return (X.astype(dtype) @ coef.T + intercept).astype(np.float64)


def _sigmoid(z):
    with np.errstate(over="ignore"):
        return 1.0 / (1.0 + np.exp(-z))


def _transform(model, raw):
    """Apply post_transform to raw scores (n x K): the proba/predict values."""
    pt = model["post_transform"]
    kind = pt["kind"]
    if kind in ("identity", "binary_hinge"):
        out = raw.copy()
    elif kind == "sigmoid":
        out = _sigmoid(pt.get("scale", 1.0) * raw)
    elif kind == "softmax":
        e = np.exp(raw - raw.max(axis=1, keepdims=True))
        out = e / e.sum(axis=1, keepdims=True)
    elif kind == "ovr_normalize":
        s = _sigmoid(raw)
        out = s / s.sum(axis=1, keepdims=True)
    elif kind == "exp":
        with np.errstate(over="ignore"):
            out = np.exp(raw)
    elif kind == "signed_square":
        out = np.sign(raw) * raw * raw
    elif kind == "modified_huber":
        # sklearn SGDClassifier(loss="modified_huber").predict_proba.
        out = (np.clip(raw, -1.0, 1.0) + 1.0) / 2.0
        if raw.shape[1] > 1:
            total = out.sum(axis=1, keepdims=True)
            all_zero = total[:, 0] == 0
            out[all_zero] = 1.0
            total[all_zero] = raw.shape[1]
            out = out / total
    else:
        raise ValueError(f"post_transform {kind!r} has no proba/predict transform")
    if model["task"] == "classification" and raw.shape[1] == 1:
        # Binary classifier with one score: proba is [1 - p, p].
        out = np.hstack([1.0 - out, out])
    return out


def _isolation_score(model, raw):
    """sklearn IsolationForest.score_samples from the averaged path length."""
    c = model["post_transform"]["average_path_length"]
    # sklearn defines the ratio as 1 when c is 0 (max_samples == 1).
    ratio = raw[:, 0] / c if c != 0 else np.ones(raw.shape[0])
    return -(2.0 ** -ratio)


def _labels(model, raw):
    """Class labels as the reference library's ``predict`` returns them."""
    kind = model["post_transform"]["kind"]
    if model["family"] == "linear" or kind == "binary_hinge":
        # sklearn's LinearClassifierMixin.predict decides on the raw score.
        index = (raw[:, 0] > 0).astype(np.int64) if raw.shape[1] == 1 \
            else raw.argmax(axis=1)
    else:
        index = _transform(model, raw).argmax(axis=1)
    return np.asarray(model["classes"])[index]


def default_kind(model):
    """``proba`` for probabilistic classifiers, ``predict`` otherwise."""
    if (model["task"] == "classification"
            and model["post_transform"]["kind"] not in _NO_PROBA):
        return "proba"
    return "predict"


def supported_kinds(model):
    """The kinds ``predict`` accepts for this model."""
    kinds = ["decision", "predict"]
    if default_kind(model) == "proba":
        kinds.append("proba")
    if model["task"] == "anomaly":
        kinds.append("score")
    if model["family"] == "tree_ensemble":
        kinds.append("leaf")
    return kinds


def predict(model, X, kind=None):
    """Evaluate ``kind`` of ``model`` on rows ``X`` (float32 or float64).

    Shapes follow the reference library: one-output decisions and
    predictions are 1-D, binary ``proba`` is n x 2, ``leaf`` is n x trees
    int32, class labels come from ``classes``.
    """
    kind = kind or default_kind(model)
    if kind not in supported_kinds(model):
        raise ValueError(f"kind {kind!r} is not supported by this model "
                         f"(supported: {supported_kinds(model)})")
    X = _prepare_rows(model, X)
    if model["family"] == "linear":
        raw = _linear_outputs(model, X)
    else:
        raw, leaves = _tree_outputs(model, X)
        if kind == "leaf":
            return leaves.astype(np.int32)

    def squeeze(a):
        return a[:, 0] if a.shape[1] == 1 else a

    task = model["task"]
    if task == "anomaly":
        score = _isolation_score(model, raw)
        decision = score - model["post_transform"]["offset"]
        if kind == "score":
            return score
        if kind == "decision":
            return decision
        return np.where(decision < 0, -1, 1)
    if kind == "decision":
        return squeeze(raw)
    if kind == "proba":
        return _transform(model, raw)
    if task == "classification":
        return _labels(model, raw)
    return squeeze(_transform(model, raw))
