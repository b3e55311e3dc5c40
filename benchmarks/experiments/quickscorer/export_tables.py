"""QuickScorer tables of an XGBoost JSON model, for quickscorer.c.

    /usr/bin/python3 export_tables.py MODEL.json TABLES

Numeric splits only, at most 64 leaves per tree, one output (regression or
binary). Rows must hold no NaN: the experiment leaves default directions
out. Writes int64 num_features, num_trees, num_splits; float64 base
margin; int64 feature_start[num_features + 1]; then per split, sorted by
(feature, threshold): float32 threshold, int32 tree, uint64 mask; float32
leaf values [num_trees][64] (leaves numbered left to right).
"""
import json
import math
import sys

import numpy as np


def main(model_path, tables_path):
    model = json.load(open(model_path))
    learner = model["learner"]
    trees = learner["gradient_booster"]["model"]["trees"]
    splits = []  # (feature, threshold, tree, first and last left leaf)
    leaf_values = np.zeros((len(trees), 64), np.float32)
    for t, tree in enumerate(trees):
        left, right = tree["left_children"], tree["right_children"]
        feature, condition = tree["split_indices"], tree["split_conditions"]
        leaves = []

        def walk(node):
            """The first and last leaf numbers under `node`."""
            if left[node] == -1:
                leaves.append(node)
                return len(leaves) - 1, len(leaves) - 1
            first, last_left = walk(left[node])
            _, last = walk(right[node])
            splits.append((feature[node], np.float32(condition[node]), t,
                           first, last_left))
            return first, last

        walk(0)
        if len(leaves) > 64:
            raise SystemExit(f"tree {t} has {len(leaves)} leaves; at most 64")
        for i, node in enumerate(leaves):
            leaf_values[t, i] = condition[node]
    splits.sort(key=lambda s: (s[0], s[1]))
    num_features = int(learner["learner_model_param"]["num_feature"])
    features = np.array([s[0] for s in splits], np.int32)
    starts = np.searchsorted(features, np.arange(num_features + 1))
    masks = []
    for _, _, _, first, last in splits:
        cleared = ((1 << (last + 1)) - 1) ^ ((1 << first) - 1)
        masks.append(((1 << 64) - 1) ^ cleared)
    base = float(learner["learner_model_param"]["base_score"])
    if learner["objective"]["name"] in ("binary:logistic", "reg:logistic"):
        base = math.log(base / (1 - base))
    with open(tables_path, "wb") as out:
        np.array([num_features, len(trees), len(splits)], np.int64).tofile(out)
        np.array([base], np.float64).tofile(out)
        starts.astype(np.int64).tofile(out)
        np.array([s[1] for s in splits], np.float32).tofile(out)
        np.array([s[2] for s in splits], np.int32).tofile(out)
        np.array(masks, np.uint64).tofile(out)
        leaf_values.tofile(out)
    print(f"{num_features} features, {len(trees)} trees, {len(splits)} splits, "
          f"base margin {base}")


if __name__ == "__main__":
    main(*sys.argv[1:3])
