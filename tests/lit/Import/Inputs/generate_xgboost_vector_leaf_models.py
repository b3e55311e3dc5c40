"""Builds the XGBoost vector-leaf (multi_output_tree) fixtures.

XGBoost >= 2.0 writes a multi-target tree as size_leaf_vector = K outputs,
base_weights with K values per node (node-major: node i's leaf vector is
base_weights[i*K:(i+1)*K]), split_conditions holding 0 at leaves, no
loss_changes or sum_hessian, and tree_info 0; a leaf adds its K values to
outputs 0..K-1 (src/tree/multi_target_tree_model.cc SaveModel,
src/predictor/cpu_predictor.cc multi::PredValueByOneTree). The installed
XGBoost 1.7.4 cannot train such trees, so each fixture is rewritten from a
model XGBoost 1.7.4 trained, in a way that keeps XGBoost's own outputs as
the reference:

- scaled regression: every scalar tree becomes a tree of the same shape
  whose leaf vector is [a_0*w, a_1*w, a_2*w] with distinct power-of-two
  scales a_k (exact in float32) and base_score b_k per target, so target
  k's margin is b_k + a_k * (XGBoost's margin - XGBoost's base_score);
- softprob: a 3-class multi:softprob model's tree for class g becomes a
  tree whose leaf vector is w * (onehot(g) + C) for every class: the shift
  C * (sum of all leaf values) is the same for all classes, so XGBoost's
  own probabilities stay exact and the margins move by a known amount.

pred_leaf is unchanged (same tree shapes and node ids). Run with the
system Python from this directory:

    /usr/bin/python3 generate_xgboost_vector_leaf_models.py

Writes MODEL.json (one model also as .ubj) and MODEL.expected in the format
of generate_xgboost_models.py.
"""

import json
import os
import struct

import numpy as np
import xgboost as xgb

import generate_xgboost_models as base

HERE = base.HERE
# Powers of two: scaling a float32 by them is exact, so target k's sums are
# exactly a_k times XGBoost's.
SCALES = (1.0, -0.5, 2.0)
TARGET_BASES = (1.25, -0.75, 3.0)
TARGET_BASES_TEXT = "[1.25E0,-7.5E-1,3E0]"  # as XGBoost 2.1 writes it
SOFTPROB_SHIFT = 0.5


def f32(value):
    return base.encode(np.float32(value))


def vector_tree(tree, leaf_vector, width):
    """The 2.x multi-target form of a 1.7.4 tree; `leaf_vector(node, value)`
    gives the K values of a node from its scalar value."""
    n = int(tree["tree_param"]["num_nodes"])
    weights, conditions = [], []
    for node in range(n):
        leaf = tree["left_children"][node] == -1
        # A scalar leaf's value is split_conditions (base_weights is before
        # the learning rate); internal nodes keep their split weight.
        value = tree["split_conditions" if leaf else "base_weights"][node]
        vector = leaf_vector(node, value)
        assert len(vector) == width
        weights.extend(f32(v) for v in vector)
        # MultiTargetTree::Expand leaves 0 at new leaves.
        conditions.append(0.0 if leaf else tree["split_conditions"][node])
    return {
        "base_weights": weights,
        "categories": tree["categories"],
        "categories_nodes": tree["categories_nodes"],
        "categories_segments": tree["categories_segments"],
        "categories_sizes": tree["categories_sizes"],
        "default_left": tree["default_left"],
        "id": tree["id"],
        "left_children": tree["left_children"],
        "parents": tree["parents"],
        "right_children": tree["right_children"],
        "split_conditions": conditions,
        "split_indices": tree["split_indices"],
        "split_type": tree["split_type"],
        "tree_param": {
            "num_deleted": tree["tree_param"]["num_deleted"],
            "num_feature": tree["tree_param"]["num_feature"],
            "num_nodes": tree["tree_param"]["num_nodes"],
            "size_leaf_vector": str(width),
        },
    }


def vector_model(booster, leaf_vector, width, parallel, learner_param,
                 version):
    """The booster's model with every tree rewritten by `leaf_vector(tree
    index, node, value)`, `parallel` trees per boosting round."""
    model = json.loads(booster.save_raw("json"))
    model["version"] = version
    learner = model["learner"]
    learner["learner_model_param"].update(learner_param)
    gbtree = learner["gradient_booster"]["model"]
    trees = [vector_tree(tree, lambda node, value, t=t: leaf_vector(
        t, node, value), width) for t, tree in enumerate(gbtree["trees"])]
    gbtree["trees"] = trees
    gbtree["tree_info"] = [0] * len(trees)
    gbtree["iteration_indptr"] = list(range(0, len(trees) + 1, parallel))
    gbtree["gbtree_model_param"] = {"num_parallel_tree": str(parallel),
                                    "num_trees": str(len(trees))}
    return model


def write_expected(file_name, rows, margin, predict, leaf):
    count = len(rows)
    entry = {
        "rows": base.encode_rows(rows, count),
        "margin": base.encode_rows(margin, count),
        "predict": base.encode_rows(predict, count),
        "leaf": np.asarray(leaf, dtype=np.int64).reshape(count, -1).tolist(),
    }
    with open(os.path.join(HERE, file_name + ".expected"), "w") as f:
        json.dump(entry, f, separators=(",", ":"))


def save_json(file_name, model):
    with open(os.path.join(HERE, file_name), "w") as f:
        json.dump(model, f, separators=(",", ":"), sort_keys=True)


def ubjson(value):
    """UBJSON as XGBoost writes it: int64 key and string lengths, typed
    float32/int32 arrays, counted generic arrays."""
    def length(n):
        return b"L" + struct.pack(">q", n)

    def integer(i):
        if -128 <= i < 128:
            return b"i" + struct.pack(">b", i)
        if -2**31 <= i < 2**31:
            return b"l" + struct.pack(">i", i)
        return b"L" + struct.pack(">q", i)

    if isinstance(value, bool):
        return b"T" if value else b"F"
    if isinstance(value, int):
        return integer(value)
    if isinstance(value, float):
        return b"d" + struct.pack(">f", value)
    if isinstance(value, str):
        data = value.encode()
        return b"S" + length(len(data)) + data
    if isinstance(value, dict):
        out = b"{"
        for key in sorted(value):
            data = key.encode()
            out += length(len(data)) + data + ubjson(value[key])
        return out + b"}"
    assert isinstance(value, list)
    if value and all(isinstance(v, float) for v in value):
        return (b"[$d#" + length(len(value)) +
                b"".join(struct.pack(">f", v) for v in value))
    if value and all(isinstance(v, int) and not isinstance(v, bool)
                     for v in value):
        return (b"[$l#" + length(len(value)) +
                b"".join(struct.pack(">i", v) for v in value))
    return b"[#" + length(len(value)) + b"".join(ubjson(v) for v in value)


def save_ubjson(file_name, model):
    # JSON numbers that happen to be integral stay floats where XGBoost has
    # float arrays: base_weights and split_conditions.
    for tree in model["learner"]["gradient_booster"]["model"]["trees"]:
        for key in ("base_weights", "split_conditions"):
            tree[key] = [float(v) for v in tree[key]]
    with open(os.path.join(HERE, file_name), "wb") as f:
        f.write(ubjson(model))


def scaled_regression(file_name, booster, also_ubjson=False,
                      feature_types=None, categorical=()):
    """Three targets: target k is a_k times the scalar model's trees."""
    base_score = float(json.loads(booster.save_raw("json"))["learner"][
        "learner_model_param"]["base_score"])
    model = vector_model(
        booster,
        lambda t, node, value: [np.float32(value) * np.float32(a)
                                for a in SCALES],
        len(SCALES), 1,
        {"num_target": str(len(SCALES)),
         "base_score": TARGET_BASES_TEXT},
        [2, 1, 0])
    rows = base.probe_rows(booster, categorical)
    matrix = xgb.DMatrix(rows, feature_types=feature_types,
                         enable_categorical=feature_types is not None)
    trees = np.asarray(booster.predict(matrix, output_margin=True),
                       dtype=np.float64) - base_score
    margin = np.stack([b + a * trees for a, b in zip(SCALES, TARGET_BASES)],
                      axis=1)
    # reg:squarederror predicts the margin.
    leaf = booster.predict(matrix, pred_leaf=True)
    save_json(file_name + ".json", model)
    write_expected(file_name + ".json", rows, margin, margin, leaf)
    if also_ubjson:
        save_ubjson(file_name + ".ubj", model)
        write_expected(file_name + ".ubj", rows, margin, margin, leaf)


def shifted_softprob(file_name, booster, classes):
    """Each class tree adds w to its class and C*w to every class."""
    info = json.loads(booster.save_raw("json"))["learner"][
        "gradient_booster"]["model"]["tree_info"]

    def leaf_vector(t, node, value):
        w = np.float32(value)
        return [w * np.float32((k == info[t]) + SOFTPROB_SHIFT)
                for k in range(classes)]

    # One round of the 1.7.4 model (a tree per class) becomes one round of
    # `classes` vector-leaf trees; base_score stays a single number as
    # XGBoost 2.0 writes it.
    model = vector_model(booster, leaf_vector, classes, classes,
                         {"num_class": str(classes), "num_target": "1"},
                         [2, 0, 0])
    rows = base.probe_rows(booster)
    matrix = xgb.DMatrix(rows)
    xgb_margin = np.asarray(booster.predict(matrix, output_margin=True),
                            dtype=np.float64)
    base_margin = float(model["learner"]["learner_model_param"]["base_score"])
    shift = SOFTPROB_SHIFT * (xgb_margin - base_margin).sum(axis=1)
    margin = xgb_margin + shift[:, None]
    # Softmax ignores a shift shared by all classes: XGBoost's own
    # probabilities are the reference.
    proba = booster.predict(matrix)
    leaf = booster.predict(matrix, pred_leaf=True)
    save_json(file_name + ".json", model)
    write_expected(file_name + ".json", rows, margin, proba, leaf)


def main():
    X, signal = base.training_data()
    small = {"max_depth": 3, "eta": 0.5}
    scaled_regression(
        "xgb_vector_squarederror",
        base.train({**small, "objective": "reg:squarederror",
                    "base_score": 0.5}, X, signal, 3),
        also_ubjson=True)

    classes = np.digitize(signal, [-0.5, 0.5])
    shifted_softprob(
        "xgb_vector_softprob",
        base.train({"max_depth": 2, "objective": "multi:softprob",
                    "num_class": 3}, X, classes, 3),
        3)

    # Deleted nodes (pruning) and categorical splits in vector-leaf trees
    # take the scalar trees' paths; XGBoost 2.x predicts categorical splits
    # of multi-target trees as it does scalar ones (predict_fn.h
    # GetNextNodeMulti).
    scaled_regression(
        "xgb_vector_pruned",
        base.train({"max_depth": 4, "tree_method": "exact", "gamma": 5.0,
                    "updater": "grow_colmaker,prune",
                    "objective": "reg:squarederror", "base_score": 0.5},
                   X, 3 * signal, 3))
    Xc, _ = base.training_data(missing=False)
    Xc[:, 0] = base.RNG.integers(0, 40, Xc.shape[0])
    yc = (np.nan_to_num(Xc[:, 0]) % 3 == 0) + Xc[:, 1]
    types = ["c", "q", "q", "q"]
    scaled_regression(
        "xgb_vector_categorical",
        base.train({"max_depth": 3, "tree_method": "hist",
                    "max_cat_to_onehot": 1, "base_score": 0.5,
                    "objective": "reg:squarederror"}, Xc, yc, 3,
                   feature_types=types),
        feature_types=types, categorical=[0])


if __name__ == "__main__":
    main()
