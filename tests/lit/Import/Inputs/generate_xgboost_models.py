"""Regenerates the small XGBoost models of the importer tests.

Run with the system Python (XGBoost 1.7.4) from this directory:

    /usr/bin/python3 generate_xgboost_models.py

Writes each model as .json or .ubj and beside it MODEL.expected: probe rows
and XGBoost's own margins, predictions and leaf indices for them (the unit
tests check the imported models against these). Probe rows
hit every threshold exactly and on both float32 neighbours, plus NaN, -0.0,
the largest floats (XGBoost rejects infinities), a denormal and, for categorical features, negative, fractional, unseen and
huge categories. Non-finite row values are written as strings.
"""

import json
import os

import numpy as np
import xgboost as xgb

HERE = os.path.dirname(os.path.abspath(__file__))
RNG = np.random.default_rng(20240601)
NUM_FEATURES = 4
MAX_PROBES = 48


def training_data(rows=400, missing=True):
    X = RNG.normal(size=(rows, NUM_FEATURES)).astype(np.float32)
    if missing:
        # Missing values in training make default_left vary across nodes.
        X[RNG.random(X.shape) < 0.1] = np.nan
    signal = np.nan_to_num(X[:, 0]) + 0.5 * np.nan_to_num(X[:, 1]) ** 2
    return X, signal


def tree_thresholds(booster):
    """(feature, threshold) of every numerical split."""
    found = []
    gbm = json.loads(booster.save_raw("json"))["learner"]["gradient_booster"]
    gbm = gbm.get("gbtree", gbm)  # dart wraps a gbtree
    for tree in gbm["model"]["trees"]:
        for node, left in enumerate(tree["left_children"]):
            if left != -1 and not tree["split_type"][node]:
                found.append((tree["split_indices"][node],
                              tree["split_conditions"][node]))
    return found


def probe_rows(booster, categorical=()):
    rows = []
    base = np.zeros(NUM_FEATURES, dtype=np.float32)
    thresholds = tree_thresholds(booster)
    for feature, threshold in thresholds[:MAX_PROBES // 3]:
        t = np.float32(threshold)
        for value in (t, np.nextafter(t, np.float32(-np.inf)),
                      np.nextafter(t, np.float32(np.inf))):
            row = base.copy()
            row[feature] = value
            rows.append(row)
    # XGBoost refuses infinite inputs; the largest floats stand in for them.
    big = np.finfo(np.float32).max
    for value in (np.nan, -0.0, big, -big, 1e30, -1e30, 1e-40):
        for feature in range(NUM_FEATURES):
            row = RNG.normal(size=NUM_FEATURES).astype(np.float32)
            row[feature] = value
            rows.append(row)
    for feature in categorical:
        for value in (-1.0, -0.5, 0.0, 0.5, 1.0, 2.9, 17.0, 39.0, 40.0,
                      1000.0, 2.0**24, 2.0**25, np.nan):
            row = RNG.normal(size=NUM_FEATURES).astype(np.float32)
            row[feature] = value
            rows.append(row)
    rows.extend(RNG.normal(size=(8, NUM_FEATURES)).astype(np.float32))
    return np.array(rows, dtype=np.float32)


def encode(value):
    """Shortest float32 text; non-finite values as strings."""
    value = np.float32(value)
    if np.isnan(value):
        return "nan"
    if np.isinf(value):
        return "inf" if value > 0 else "-inf"
    return float(np.format_float_positional(value, unique=True, trim="-")
                 if abs(value) < 1e16 and (value == 0 or abs(value) > 1e-6)
                 else np.format_float_scientific(value, unique=True,
                                                 trim="-"))


def encode_rows(values, count):
    return [[encode(v) for v in row]
            for row in np.asarray(values, dtype=np.float32).reshape(count, -1)]


def record(file_name, booster, feature_types=None, categorical=()):
    """Writes FILE_NAME.expected: probe rows and XGBoost's outputs."""
    rows = probe_rows(booster, categorical)
    matrix = xgb.DMatrix(rows, feature_types=feature_types,
                         enable_categorical=feature_types is not None)
    count = len(rows)
    entry = {
        "rows": encode_rows(rows, count),
        "margin": encode_rows(booster.predict(matrix, output_margin=True),
                              count),
        "predict": encode_rows(booster.predict(matrix), count),
    }
    leaf = booster.predict(matrix, pred_leaf=True)
    entry["leaf"] = np.asarray(leaf, dtype=np.int64).reshape(count, -1).tolist()
    with open(os.path.join(HERE, file_name + ".expected"), "w") as f:
        json.dump(entry, f, separators=(",", ":"))


def save(file_name, booster, **kwargs):
    booster.save_model(os.path.join(HERE, file_name))
    record(file_name, booster, **kwargs)


def train(params, X, y, rounds, feature_types=None):
    matrix = xgb.DMatrix(X, label=y, feature_types=feature_types,
                         enable_categorical=feature_types is not None)
    return xgb.train(params, matrix, num_boost_round=rounds)


def main():
    X, signal = training_data()
    binary = (signal > 0.3).astype(int)
    small = {"max_depth": 3, "eta": 0.5}

    save("xgb_binary_logistic.json",
         train({**small, "objective": "binary:logistic", "base_score": 0.3},
               X, binary, 4))
    save("xgb_binary_logistic.ubj",
         train({**small, "objective": "binary:logistic", "base_score": 0.7},
               X, binary, 3))
    save("xgb_logitraw.json",
         train({**small, "objective": "binary:logitraw", "base_score": 0.2},
               X, binary, 2))
    save("xgb_hinge.json",
         train({**small, "objective": "binary:hinge"}, X, binary, 2))
    # The same model in both encodings: they must import identically.
    squared = train({**small, "objective": "reg:squarederror",
                     "base_score": 1.25}, X, signal, 3)
    save("xgb_squarederror.ubj", squared)
    save("xgb_squarederror.json", squared)
    save("xgb_absoluteerror.json",
         train({**small, "objective": "reg:absoluteerror"}, X, signal, 2))
    positive = np.exp(0.5 * signal).astype(np.float32)
    for objective, name in (("count:poisson", "poisson"),
                            ("reg:gamma", "gamma"),
                            ("reg:tweedie", "tweedie")):
        save(f"xgb_{name}.json",
             train({**small, "objective": objective, "base_score": 2.0},
                   X, positive, 3))
    classes = np.digitize(signal, [-0.5, 0.5])
    save("xgb_softprob.json",
         train({"max_depth": 2, "objective": "multi:softprob",
                "num_class": 3, "num_parallel_tree": 2, "subsample": 0.8},
               X, classes, 2))
    save("xgb_softmax.ubj",
         train({"max_depth": 2, "objective": "multi:softmax",
                "num_class": 3}, X, classes, 2))
    save("xgb_dart.json",
         train({**small, "booster": "dart", "rate_drop": 0.5,
                "skip_drop": 0.0, "objective": "binary:logistic"},
               X, binary, 5))
    groups = np.repeat(np.arange(X.shape[0] // 20), 20)
    rank_matrix = xgb.DMatrix(X, label=np.digitize(signal, [0, 1]))
    rank_matrix.set_group(np.bincount(groups))
    save("xgb_rank_pairwise.json",
         xgb.train({**small, "objective": "rank:pairwise"}, rank_matrix, 2))
    # Pruning with a large gamma leaves deleted nodes in the arrays; the
    # importer renumbers the live ones and keeps XGBoost's ids as leaf_ids.
    save("xgb_pruned.json",
         train({"max_depth": 4, "tree_method": "exact", "gamma": 5.0,
                "updater": "grow_colmaker,prune",
                "objective": "reg:squarederror"}, X, 3 * signal, 3))

    # Feature 0 is categorical with 40 categories.
    Xc, _ = training_data(missing=False)
    Xc[:, 0] = RNG.integers(0, 40, Xc.shape[0])
    Xc[RNG.random(Xc.shape[0]) < 0.05, 0] = np.nan
    yc = (np.nan_to_num(Xc[:, 0]) % 3 == 0) + Xc[:, 1]
    types = ["c", "q", "q", "q"]
    for onehot, name in ((64, "onehot"), (1, "partition")):
        save(f"xgb_categorical_{name}.json",
             train({"max_depth": 3, "tree_method": "hist",
                    "max_cat_to_onehot": onehot,
                    "objective": "reg:squarederror"}, Xc, yc, 3,
                   feature_types=types),
             feature_types=types, categorical=[0])


if __name__ == "__main__":
    main()
