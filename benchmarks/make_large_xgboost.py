#!/usr/bin/python3
"""Writes a large XGBoost JSON model without training: N complete trees of
depth D (2^(D+1) - 1 nodes each, every internal node a numerical split, all
leaves at depth D), random features, thresholds and leaf values from a fixed
seed, in XGBoost's own JSON schema (the one XGBoost 1.7 saves). It is the
compile-time scale model of issue 10 (10,000 trees of depth 8: 5.1 million
nodes, about 290 MB):

    /usr/bin/python3 benchmarks/make_large_xgboost.py --trees 10000 \
        -o /tmp/xgb-10000x8.json
    /usr/bin/python3 benchmarks/make_large_xgboost.py --trees 200 \
        -o m.json --check      # loads it with xgboost.Booster and predicts

Nodes are numbered breadth first as XGBoost's depthwise growth numbers a
complete tree (children of i are 2i+1 and 2i+2). Thresholds are drawn from
N(0, 1), so rows drawn from N(0, 1) take both ways; leaf values are small
(learning-rate sized), so the sum over many trees stays near 1 in magnitude.
Numbers are written with 7 significant digits; XGBoost and Hardwood both
read the text as float32, so the file, not the generator's arrays, defines
the model.
"""

import argparse
import json
import sys

import numpy as np


def fmt(values, digits=7):
    """Formats floats as XGBoost writes them (mantissa E exponent)."""
    spec = "%." + str(digits - 1) + "E"
    out = []
    for v in values.tolist():
        s = spec % v  # e.g. 1.234568E-01
        mantissa, exponent = s.split("E")
        mantissa = mantissa.rstrip("0").rstrip(".") if "." in mantissa else mantissa
        out.append(mantissa + "E" + str(int(exponent)))
    return ",".join(out)


def ints(values):
    return ",".join(map(str, values.tolist()))


def write_model(path, trees, depth, features, objective, seed):
    rng = np.random.default_rng(seed)
    nodes = (1 << (depth + 1)) - 1
    internal = (1 << depth) - 1
    idx = np.arange(nodes)
    is_leaf = idx >= internal
    left = np.where(is_leaf, -1, 2 * idx + 1)
    right = np.where(is_leaf, -1, 2 * idx + 2)
    parents = np.where(idx == 0, 2147483647, (idx - 1) // 2)
    split_type = ints(np.zeros(nodes, dtype=np.int64))
    left_s, right_s, parents_s = ints(left), ints(right), ints(parents)
    # Hessian sums halve per level; loss changes are 0 at leaves. Neither
    # matters for prediction; they are written so the file looks trained.
    level = np.floor(np.log2(idx + 1)).astype(np.int64)
    hess = fmt(1000.0 / (2.0 ** level))
    with open(path, "w") as f:
        f.write('{"learner":{"attributes":{},"feature_names":[],'
                '"feature_types":[],"gradient_booster":{"model":{'
                '"gbtree_model_param":{"num_parallel_tree":"1",'
                '"num_trees":"%d","size_leaf_vector":"0"},' % trees)
        f.write('"tree_info":[' + ",".join(["0"] * trees) + '],"trees":[')
        for t in range(trees):
            feature = np.where(is_leaf, 0, rng.integers(0, features, nodes))
            threshold = rng.standard_normal(nodes).astype(np.float32)
            leaf = (rng.standard_normal(nodes) * 0.01).astype(np.float32)
            loss = np.where(is_leaf, 0.0, rng.uniform(1.0, 100.0, nodes))
            default_left = rng.integers(0, 2, nodes) * (~is_leaf)
            cond = np.where(is_leaf, leaf, threshold)
            weights = np.where(is_leaf, leaf, threshold * 0.01)
            if t:
                f.write(",")
            f.write('{"base_weights":[' + fmt(weights) + '],'
                    '"categories":[],"categories_nodes":[],'
                    '"categories_segments":[],"categories_sizes":[],'
                    '"default_left":[' + ints(default_left) + '],'
                    '"id":%d,' % t +
                    '"left_children":[' + left_s + '],'
                    '"loss_changes":[' + fmt(loss) + '],'
                    '"parents":[' + parents_s + '],'
                    '"right_children":[' + right_s + '],'
                    '"split_conditions":[' + fmt(cond) + '],'
                    '"split_indices":[' + ints(feature) + '],'
                    '"split_type":[' + split_type + '],'
                    '"sum_hessian":[' + hess + '],'
                    '"tree_param":{"num_deleted":"0","num_feature":"%d",'
                    '"num_nodes":"%d","size_leaf_vector":"0"}}'
                    % (features, nodes))
        f.write(']},"name":"gbtree"},')
        objective_json = {"name": objective}
        if objective.startswith("binary:"):
            objective_json["reg_loss_param"] = {"scale_pos_weight": "1"}
        elif objective.startswith("reg:"):
            objective_json["reg_loss_param"] = {"scale_pos_weight": "1"}
        f.write('"learner_model_param":{"base_score":"5E-1",'
                '"boost_from_average":"1","num_class":"0",'
                '"num_feature":"%d","num_target":"1"},' % features)
        f.write('"objective":' + json.dumps(objective_json, separators=(",", ":")))
        f.write('},"version":[1,7,4]}')


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-o", "--output", required=True)
    ap.add_argument("--trees", type=int, default=10000)
    ap.add_argument("--depth", type=int, default=8)
    ap.add_argument("--features", type=int, default=28)
    ap.add_argument("--objective", default="reg:squarederror",
                    choices=["reg:squarederror", "binary:logistic"])
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--check", action="store_true",
                    help="load the model with xgboost.Booster and predict")
    args = ap.parse_args()
    write_model(args.output, args.trees, args.depth, args.features,
                args.objective, args.seed)
    if args.check:
        import xgboost as xgb
        booster = xgb.Booster(model_file=args.output)
        X = np.random.default_rng(1).standard_normal((100, args.features))
        X = X.astype(np.float32)
        pred = booster.inplace_predict(X)
        leaves = booster.predict(xgb.DMatrix(X), pred_leaf=True)
        assert booster.num_boosted_rounds() == args.trees, "tree count"
        assert np.isfinite(pred).all(), "non-finite prediction"
        assert len(np.unique(leaves[:, 0])) > 1, "rows all reach one leaf"
        print("xgboost %s: %d trees, predictions %.4g .. %.4g"
              % (xgb.__version__, args.trees, pred.min(), pred.max()),
              file=sys.stderr)


if __name__ == "__main__":
    main()
