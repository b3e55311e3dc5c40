"""Export fitted scikit-learn estimators to Hardwood JSON, version 1.

The exporter reads public fitted attributes (``tree_``, ``coef_``,
``classes_``...) wherever they suffice. Two estimator families keep what
prediction needs only in private attributes; those are read only on
scikit-learn versions listed in ``PRIVATE_API_VERIFIED`` (the versions the
parity tests have run against), and other versions get a clear error rather
than a silently wrong model:

* GradientBoosting*: ``_raw_predict_init`` (the init estimator's raw score),
* HistGradientBoosting*: ``_predictors``, ``_baseline_prediction``,
  ``_bin_mapper`` (trees, baseline and known categories).

Estimators are matched by exact class, not ``isinstance``: a subclass may
override ``predict`` and would then be exported wrongly.

The format is documented in ``docs/model-format.md``; ``hardwood._reference``
interprets it and is what the exported models are tested against.
"""

import json
import math
import numbers
import os
import re
import secrets

import numpy as np

from ._errors import UnsupportedModelError

FORMAT_VERSION = 1

# scikit-learn (major, minor) series whose private attributes the parity
# tests have verified. Extend only after running tests/python on a version.
PRIVATE_API_VERIFIED = ((1, 2),)


def export(estimator, path=None):
    """Convert a fitted scikit-learn estimator to a Hardwood JSON v1 dict.

    If ``path`` is given the JSON is also written there (atomically: a
    failure leaves no partial file). Raises ``UnsupportedModelError`` for
    estimators or options Hardwood cannot reproduce exactly, and
    scikit-learn's ``NotFittedError`` for unfitted estimators.
    """
    exporter = _exporters().get(type(estimator))
    if exporter is None:
        raise UnsupportedModelError(
            f"{_describe(estimator)} is not supported by hardwood.export; "
            f"supported estimators: {', '.join(sorted(c.__name__ for c in _exporters()))}. "
            "XGBoost and LightGBM models are read by `hardwood compile` "
            "directly in their own formats.")
    from sklearn.utils.validation import check_is_fitted
    check_is_fitted(estimator)
    model = exporter(estimator)
    _check_json_safe(model, type(estimator).__name__)
    if path is not None:
        _write_atomically(model, path)
    return model


def _describe(obj):
    cls = type(obj)
    return f"{cls.__module__}.{cls.__qualname__}"


def _exporters():
    """Map each supported estimator class to its export function."""
    # Imported here so that ``import hardwood`` does not need scikit-learn.
    from sklearn import ensemble, linear_model, svm, tree
    return {
        tree.DecisionTreeClassifier: _export_forest_classifier,
        tree.ExtraTreeClassifier: _export_forest_classifier,
        ensemble.RandomForestClassifier: _export_forest_classifier,
        ensemble.ExtraTreesClassifier: _export_forest_classifier,
        tree.DecisionTreeRegressor: _export_forest_regressor,
        tree.ExtraTreeRegressor: _export_forest_regressor,
        ensemble.RandomForestRegressor: _export_forest_regressor,
        ensemble.ExtraTreesRegressor: _export_forest_regressor,
        ensemble.GradientBoostingClassifier: _export_gradient_boosting,
        ensemble.GradientBoostingRegressor: _export_gradient_boosting,
        ensemble.HistGradientBoostingClassifier: _export_hist_gradient_boosting,
        ensemble.HistGradientBoostingRegressor: _export_hist_gradient_boosting,
        ensemble.IsolationForest: _export_isolation_forest,
        linear_model.LinearRegression: _export_linear_regressor,
        linear_model.Ridge: _export_linear_regressor,
        linear_model.Lasso: _export_linear_regressor,
        linear_model.ElasticNet: _export_linear_regressor,
        linear_model.SGDRegressor: _export_linear_regressor,
        svm.LinearSVR: _export_linear_regressor,
        linear_model.LogisticRegression: _export_logistic_regression,
        linear_model.SGDClassifier: _export_sgd_classifier,
        linear_model.Perceptron: _export_margin_classifier,
        linear_model.RidgeClassifier: _export_margin_classifier,
        svm.LinearSVC: _export_margin_classifier,
    }


# --------------------------------------------------------------------------
# Shared helpers
# --------------------------------------------------------------------------

def _sklearn_version():
    import sklearn
    match = re.match(r"(\d+)\.(\d+)", sklearn.__version__)
    return (int(match.group(1)), int(match.group(2))), sklearn.__version__


def _require_private_api(estimator, attributes):
    """Refuse to read private attributes on unverified scikit-learn versions."""
    series, full = _sklearn_version()
    if series not in PRIVATE_API_VERIFIED:
        verified = ", ".join(f"{a}.{b}.x" for a, b in PRIVATE_API_VERIFIED)
        raise UnsupportedModelError(
            f"{type(estimator).__name__}: exporting it reads scikit-learn "
            f"private attributes ({attributes}) that hardwood has verified "
            f"only for scikit-learn {verified}; the installed version is "
            f"{full}. Run tests/python on this version and add it to "
            "hardwood.export.PRIVATE_API_VERIFIED, or use a verified version.")


def _header(estimator, family, task, num_outputs, input_type, post_transform):
    _, version = _sklearn_version()
    return {
        "format": "hardwood-model",
        "version": FORMAT_VERSION,
        "family": family,
        "task": task,
        "source": {"library": "scikit-learn", "library_version": version,
                   "estimator": type(estimator).__name__},
        "num_features": int(estimator.n_features_in_),
        "num_outputs": int(num_outputs),
        "input_type": input_type,
        "post_transform": post_transform,
    }


def _classes(estimator):
    """``classes_`` as JSON values, in the estimator's order."""
    name = type(estimator).__name__
    classes = np.asarray(estimator.classes_)
    if classes.ndim != 1:
        raise UnsupportedModelError(
            f"{name}: multi-output classification is not supported")
    if classes.size < 2:
        raise UnsupportedModelError(
            f"{name}: a classifier fitted on fewer than 2 classes is not "
            "supported (its predictions are constant)")
    out = []
    for c in classes.tolist():
        if isinstance(c, (str, bool)):
            out.append(c)
        elif isinstance(c, numbers.Integral):
            out.append(int(c))
        elif isinstance(c, numbers.Real):
            out.append(float(c))
        else:
            raise UnsupportedModelError(
                f"{name}: class label {c!r} of type {type(c).__name__} is "
                "not supported; the format holds numbers, strings or booleans")
    return out


def _check_json_safe(value, name, where="model"):
    """Reject NaN/inf (not representable in JSON) and non-JSON types."""
    if isinstance(value, dict):
        for key, item in value.items():
            _check_json_safe(item, name, f"{where}.{key}")
    elif isinstance(value, list):
        # Node arrays are long and flat: check them without recursing.
        if value and all(type(v) in (int, float) for v in value):
            if not all(map(math.isfinite, value)):
                raise UnsupportedModelError(
                    f"{name}: non-finite value in {where}; Hardwood JSON "
                    "holds finite numbers only")
            return
        for i, item in enumerate(value):
            _check_json_safe(item, name, f"{where}[{i}]")
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise UnsupportedModelError(
                f"{name}: non-finite value {value} in {where}; Hardwood "
                "JSON holds finite numbers only")
    elif not (value is None or isinstance(value, (str, bool, int))):
        raise TypeError(f"internal error: {where} holds {type(value).__name__}")


def _json_thresholds(values):
    """Thresholds as JSON values: float64 numbers, and "inf"/"-inf" for
    infinite ones (JSON has no Infinity; the format allows these two
    strings in `threshold` only). NaN stays NaN and is refused later."""
    values = np.asarray(values, dtype=np.float64)
    out = values.tolist()
    for i in np.flatnonzero(np.isinf(values)):
        out[i] = "inf" if values[i] > 0 else "-inf"
    return out


def _write_atomically(model, path):
    """Write JSON next to ``path`` and rename, so no partial file is left."""
    path = os.fspath(path)
    directory = os.path.dirname(os.path.abspath(path))
    # Not tempfile.mkstemp: its 0600 mode would outlive the rename; this
    # file gets the usual umask-based mode.
    tmp = os.path.join(directory, f".{os.path.basename(path)}.{secrets.token_hex(6)}.tmp")
    try:
        with open(tmp, "x", encoding="utf-8") as f:
            # repr-based float formatting round-trips float64 exactly.
            json.dump(model, f, allow_nan=False, separators=(",", ":"))
            f.write("\n")
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


# --------------------------------------------------------------------------
# sklearn.tree based models (DecisionTree, forests, GB, IsolationForest)
# --------------------------------------------------------------------------

def _sklearn_tree(tree_, leaf_values, feature_map=None):
    """One Hardwood tree from a fitted ``sklearn.tree._tree.Tree``.

    ``leaf_values`` is (node_count, leaf_width); rows of internal nodes are
    written as 0. ``feature_map`` maps the tree's feature indices to the
    model's (IsolationForest trees may see a subset of the features).
    Node ids are kept, so the ``leaf`` kind equals sklearn's ``apply``.
    """
    left = tree_.children_left.astype(np.int64)
    right = tree_.children_right.astype(np.int64)
    is_leaf = left == -1
    feature = tree_.feature.astype(np.int64)
    if feature_map is not None:
        feature = np.asarray(feature_map, dtype=np.int64)[np.where(is_leaf, 0, feature)]
    leaf_values = np.where(is_leaf[:, np.newaxis], leaf_values, 0.0)
    out = {
        "left": np.where(is_leaf, -1, left).tolist(),
        "right": np.where(is_leaf, -1, right).tolist(),
        "feature": np.where(is_leaf, -1, feature).tolist(),
        # Thresholds are written as the exact float64 sklearn compares
        # against (x cast to float32, then x <= t); never rounded.
        "threshold": _json_thresholds(np.where(is_leaf, 0.0, tree_.threshold)),
        "leaf_values": leaf_values.astype(np.float64).ravel().tolist(),
    }
    missing_go_to_left = getattr(tree_, "missing_go_to_left", None)
    if missing_go_to_left is not None:
        # scikit-learn >= 1.3 routes NaN per node. Older versions have no
        # such attribute and reject NaN input; the default (NaN goes right,
        # as NaN <= t is false) is then the right one.
        out["default_left"] = (np.asarray(missing_go_to_left).astype(bool)
                               & ~is_leaf).tolist()
    return out


def _tree_members(estimator):
    """The fitted sklearn.tree estimators of a single tree or a forest."""
    return list(getattr(estimator, "estimators_", [estimator]))


def _export_forest_classifier(estimator):
    """DecisionTree/ExtraTree/RandomForest/ExtraTrees classifiers.

    sklearn averages per-tree class distributions; ``tree_.value`` may hold
    weighted counts (scikit-learn < 1.4), so each leaf is normalised exactly
    as ``DecisionTreeClassifier.predict_proba`` does.
    """
    name = type(estimator).__name__
    if getattr(estimator, "n_outputs_", 1) != 1:
        raise UnsupportedModelError(
            f"{name}: multi-output classification (n_outputs_="
            f"{estimator.n_outputs_}) is not supported")
    classes = _classes(estimator)
    k = len(classes)
    trees = []
    for member in _tree_members(estimator):
        value = member.tree_.value[:, 0, :k].astype(np.float64)
        normalizer = value.sum(axis=1, keepdims=True)
        normalizer[normalizer == 0.0] = 1.0
        trees.append(dict(group=0, **_sklearn_tree(member.tree_, value / normalizer)))
    model = _header(estimator, "tree_ensemble", "classification", k, "float32",
                    {"kind": "identity"})
    model.update(classes=classes, aggregation="average", leaf_width=k, trees=trees)
    return model


def _export_forest_regressor(estimator):
    """DecisionTree/ExtraTree/RandomForest/ExtraTrees regressors, K outputs."""
    k = int(estimator.n_outputs_)
    trees = []
    for member in _tree_members(estimator):
        value = member.tree_.value[:, :, 0].astype(np.float64)
        trees.append(dict(group=0, **_sklearn_tree(member.tree_, value)))
    model = _header(estimator, "tree_ensemble", "regression", k, "float32",
                    {"kind": "identity"})
    model.update(aggregation="average", leaf_width=k, trees=trees)
    return model


_GB_REGRESSION_LOSSES = ("squared_error", "absolute_error", "huber", "quantile")
_GB_CLASSIFICATION_LOSSES = ("log_loss", "deviance", "exponential")


def _export_gradient_boosting(estimator):
    """GradientBoosting{Classifier,Regressor}.

    raw = init raw prediction + learning_rate * sum of trees; the learning
    rate is the trees' ``weight`` (leaf values stay sklearn's). The init
    raw prediction of the default (Dummy) init estimator is constant, and
    ``_raw_predict_init`` on one row computes it with sklearn's own link
    (log-odds, 0.5 * log-odds for the exponential loss, log priors...).
    """
    name = type(estimator).__name__
    init = estimator.init
    if not (init is None or (isinstance(init, str) and init == "zero")):
        raise UnsupportedModelError(
            f"{name}: init={init!r} is not supported; only the default init "
            "(None, a constant prior/mean/quantile) or init='zero'")
    _require_private_api(estimator, "_raw_predict_init")
    is_classifier = hasattr(estimator, "classes_")
    loss = estimator.loss
    allowed = _GB_CLASSIFICATION_LOSSES if is_classifier else _GB_REGRESSION_LOSSES
    if loss not in allowed:
        raise UnsupportedModelError(f"{name}: loss={loss!r} is not supported")

    stages = estimator.estimators_
    k = stages.shape[1]
    probe = np.zeros((1, estimator.n_features_in_), dtype=np.float32)
    base = np.asarray(estimator._raw_predict_init(probe), dtype=np.float64)
    if base.shape != (1, k):
        raise UnsupportedModelError(
            f"{name}: init raw prediction has shape {base.shape}, expected (1, {k})")

    trees = []
    for stage in range(stages.shape[0]):
        for group in range(k):
            tree_ = stages[stage, group].tree_
            tree = _sklearn_tree(tree_, tree_.value[:, 0, :1].astype(np.float64))
            trees.append(dict(group=group, weight=float(estimator.learning_rate), **tree))

    if not is_classifier:
        task, transform, extra = "regression", {"kind": "identity"}, {}
    else:
        task, extra = "classification", {"classes": _classes(estimator)}
        if loss == "exponential":
            # predict_proba = expit(2 * raw) for AdaBoost's exponential loss.
            transform = {"kind": "sigmoid", "scale": 2.0}
        elif k == 1:
            transform = {"kind": "sigmoid", "scale": 1.0}
        else:
            transform = {"kind": "softmax"}
    model = _header(estimator, "tree_ensemble", task, k, "float32", transform)
    model.update(extra)
    model.update(base_score=base[0].tolist(), aggregation="sum", leaf_width=1,
                 trees=trees)
    return model


def _bitset_members(words):
    """Categories (0..255) set in an sklearn HGB bitset of 8 uint32 words."""
    words = np.asarray(words, dtype=np.uint64)
    categories = np.arange(256)
    return categories[((words[categories // 32] >> (categories % 32).astype(np.uint64))
                       & np.uint64(1)).astype(bool)]


def _export_hist_gradient_boosting(estimator):
    """HistGradientBoosting{Classifier,Regressor}: float64, NaN, categories.

    A categorical node of sklearn sends a category left if it is in the
    node's left bitset, right if it is another category known at fit time,
    and in the missing direction otherwise (unknown, negative, NaN). The
    format lists left categories over D = 256 with ``outside: default``, so
    unknown categories are added to the list when missing goes left.
    Categorical values >= 256 are undefined in sklearn (a C cast to uint8);
    the format sends them in the missing direction.
    """
    name = type(estimator).__name__
    _require_private_api(estimator,
                         "_predictors, _baseline_prediction, _bin_mapper")
    is_classifier = hasattr(estimator, "classes_")
    k = int(estimator.n_trees_per_iteration_)
    loss = estimator.loss
    if not isinstance(loss, str):
        raise UnsupportedModelError(f"{name}: a custom loss object is not supported")
    if is_classifier:
        # 'auto', 'binary_crossentropy', 'categorical_crossentropy' are
        # deprecated aliases of 'log_loss' in scikit-learn 1.2.
        transform = {"kind": "sigmoid", "scale": 1.0} if k == 1 else {"kind": "softmax"}
    elif loss in ("squared_error", "absolute_error", "quantile"):
        transform = {"kind": "identity"}
    elif loss in ("poisson", "gamma"):
        transform = {"kind": "exp"}
    else:
        raise UnsupportedModelError(f"{name}: loss={loss!r} is not supported")

    known_bitsets, feature_to_bitset = estimator._bin_mapper.make_known_categories_bitsets()
    base = np.asarray(estimator._baseline_prediction, dtype=np.float64).reshape(-1)
    if base.shape != (k,):
        raise UnsupportedModelError(
            f"{name}: baseline has shape {base.shape}, expected ({k},)")

    trees = []
    for iteration in estimator._predictors:
        for group, predictor in enumerate(iteration):
            nodes = predictor.nodes
            is_leaf = nodes["is_leaf"].astype(bool)
            is_cat = nodes["is_categorical"].astype(bool) & ~is_leaf
            default_left = nodes["missing_go_to_left"].astype(bool) & ~is_leaf
            categorical = []
            for node in np.flatnonzero(is_cat):
                left = set(_bitset_members(
                    predictor.raw_left_cat_bitsets[nodes["bitset_idx"][node]]).tolist())
                if default_left[node]:
                    known = _bitset_members(
                        known_bitsets[feature_to_bitset[nodes["feature_idx"][node]]])
                    left |= set(range(256)) - set(known.tolist())
                categorical.append({"node": int(node), "domain": 256,
                                    "left_categories": sorted(left),
                                    "outside": "default"})
            tree = {
                "group": group,
                "left": np.where(is_leaf, -1, nodes["left"].astype(np.int64)).tolist(),
                "right": np.where(is_leaf, -1, nodes["right"].astype(np.int64)).tolist(),
                "feature": np.where(is_leaf, -1, nodes["feature_idx"].astype(np.int64)).tolist(),
                # A "split on NaN" (every number left, NaN right) has
                # threshold +inf, written as "inf".
                "threshold": _json_thresholds(np.where(is_leaf | is_cat, 0.0,
                                                       nodes["num_threshold"])),
                "default_left": default_left.tolist(),
                "leaf_values": np.where(is_leaf, nodes["value"], 0.0).astype(np.float64).tolist(),
            }
            if categorical:
                tree["categorical"] = categorical
            trees.append(tree)

    task = "classification" if is_classifier else "regression"
    model = _header(estimator, "tree_ensemble", task, k, "float64", transform)
    if is_classifier:
        model["classes"] = _classes(estimator)
    model.update(base_score=base.tolist(), aggregation="sum", leaf_width=1,
                 category_cast="check_then_truncate", trees=trees)
    return model


def average_path_length(n):
    """c(n) of sklearn.ensemble._iforest._average_path_length, elementwise.

    Same operations in the same order, so the values are bit-identical.
    """
    n = np.asarray(n, dtype=np.float64)
    out = np.zeros(n.shape)
    big = n > 2
    out[n == 2] = 1.0
    out[big] = (2.0 * (np.log(n[big] - 1.0) + np.euler_gamma)
                - 2.0 * (n[big] - 1.0) / n[big])
    return out


def _node_depths(tree_):
    depth = np.zeros(tree_.node_count, dtype=np.int64)
    stack = [0]
    while stack:
        node = stack.pop()
        for child in (tree_.children_left[node], tree_.children_right[node]):
            if child != -1:
                depth[child] = depth[node] + 1
                stack.append(child)
    return depth


def _export_isolation_forest(estimator):
    """IsolationForest: per-leaf path length, then the sklearn score.

    sklearn adds, per tree, (nodes on the path) + c(n_node_samples[leaf])
    - 1.0; that is the leaf value here, written with the same operations.
    Trees see the columns ``estimators_features_`` only when max_features
    selects fewer than all features (sklearn's own condition in
    ``_compute_chunked_score_samples``); otherwise sklearn never applies
    that array (whatever order it holds), and neither do we.
    """
    n_features = estimator.n_features_in_
    features = estimator.estimators_features_
    subsample = len(features[0]) != n_features
    trees = []
    for member, member_features in zip(estimator.estimators_, features):
        tree_ = member.tree_
        path_nodes = (_node_depths(tree_) + 1).astype(np.float64)
        value = path_nodes + average_path_length(tree_.n_node_samples) - 1.0
        tree = _sklearn_tree(tree_, value[:, np.newaxis],
                             feature_map=member_features if subsample else None)
        trees.append(dict(group=0, **tree))
    transform = {
        "kind": "isolation_forest",
        "average_path_length": float(average_path_length(estimator.max_samples_)),
        "offset": float(estimator.offset_),
    }
    model = _header(estimator, "tree_ensemble", "anomaly", 1, "float32", transform)
    model.update(aggregation="average", leaf_width=1, trees=trees)
    return model


# --------------------------------------------------------------------------
# Linear models
# --------------------------------------------------------------------------

def _linear_arrays(estimator):
    coef = estimator.coef_
    if hasattr(coef, "toarray"):  # after estimator.sparsify()
        coef = coef.toarray()
    coef = np.atleast_2d(np.asarray(coef, dtype=np.float64))
    k = coef.shape[0]
    intercept = np.asarray(estimator.intercept_, dtype=np.float64).reshape(-1)
    if intercept.size == 1:
        # fit_intercept=False stores the scalar 0.0 for every output.
        intercept = np.repeat(intercept, k)
    if coef.shape[1] != estimator.n_features_in_ or intercept.shape != (k,):
        raise UnsupportedModelError(
            f"{type(estimator).__name__}: coef_ {coef.shape} / intercept_ "
            f"{intercept.shape} do not match {estimator.n_features_in_} features")
    return coef, intercept


def _linear_model(estimator, task, transform):
    coef, intercept = _linear_arrays(estimator)
    model = _header(estimator, "linear", task, coef.shape[0], "float64", transform)
    if task == "classification":
        classes = _classes(estimator)
        expected = 1 if len(classes) == 2 else len(classes)
        if coef.shape[0] != expected:
            raise UnsupportedModelError(
                f"{type(estimator).__name__}: {coef.shape[0]} coefficient rows "
                f"for {len(classes)} classes (multilabel?) is not supported")
        model["classes"] = classes
    model.update(coefficients=coef.tolist(), intercept=intercept.tolist())
    return model


def _export_linear_regressor(estimator):
    return _linear_model(estimator, "regression", {"kind": "identity"})


def _export_logistic_regression(estimator):
    """LogisticRegression, mirroring its own predict_proba (sklearn 1.x).

    OvR (sigmoid, normalised when multiclass) unless multi_class resolves to
    multinomial; a binary multinomial model is softmax([-z, z]), which is
    sigmoid(2z).
    """
    n_classes = len(estimator.classes_)
    multi_class = getattr(estimator, "multi_class", None)
    if multi_class not in ("ovr", "warn", "auto", "deprecated", "multinomial"):
        # The parameter went away in later scikit-learn versions, and with
        # it the rule below: do not guess.
        raise UnsupportedModelError(
            f"LogisticRegression: multi_class={multi_class!r} (scikit-learn "
            f"{_sklearn_version()[1]}) is not supported: cannot tell OvR "
            "from multinomial probabilities")
    # Same test as LogisticRegression.predict_proba ("deprecated" is the
    # default of scikit-learn 1.5, meaning "auto").
    ovr = multi_class in ("ovr", "warn") or (
        multi_class in ("auto", "deprecated")
        and (n_classes <= 2 or estimator.solver == "liblinear"))
    if ovr:
        transform = ({"kind": "sigmoid", "scale": 1.0} if n_classes == 2
                     else {"kind": "ovr_normalize"})
    else:
        transform = ({"kind": "sigmoid", "scale": 2.0} if n_classes == 2
                     else {"kind": "softmax"})
    return _linear_model(estimator, "classification", transform)


def _export_sgd_classifier(estimator):
    """SGDClassifier: proba only for the log and modified Huber losses."""
    loss = estimator.loss
    if loss in ("log_loss", "log"):
        transform = ({"kind": "sigmoid", "scale": 1.0}
                     if len(estimator.classes_) == 2 else {"kind": "ovr_normalize"})
    elif loss == "modified_huber":
        transform = {"kind": "modified_huber"}
    else:
        transform = {"kind": "binary_hinge"}
    return _linear_model(estimator, "classification", transform)


def _export_margin_classifier(estimator):
    """Perceptron, RidgeClassifier, LinearSVC: labels from the sign/argmax."""
    binarizer = getattr(estimator, "_label_binarizer", None)
    y_type = getattr(binarizer, "y_type_", "")
    if y_type.startswith("multilabel"):
        raise UnsupportedModelError(
            f"{type(estimator).__name__}: multilabel classification is not supported")
    return _linear_model(estimator, "classification", {"kind": "binary_hinge"})
