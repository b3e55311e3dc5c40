"""Resource bounds of the compiler (issue 11, docs/model-format.md "Limits").

- A degenerate tree of depth 10,000 (a chain: every split has a leaf on one
  side) imports and compiles in each format (Hardwood JSON, XGBoost JSON,
  LightGBM text) and predicts the right leaf for rows that stop at the top,
  in the middle, at the bottom, and for NaN.
- A categorical split claiming a domain of 2^31 - 1 categories (a bitset of
  256 MiB from a few bytes of JSON) is refused with a message, not a crash.
- Compiling needs at most the documented multiple of the model file's size
  (docs/developing.md, "Resource bounds"): peak RSS <= 256 MiB + 6 x the
  file's size, measured on a 4,000-tree Hardwood JSON model of 50 MB, whose
  trees are parsed one at a time (parsing the whole document took 659 MiB,
  over the bound; streamed, 350 MiB).
- Absurd sizes in .npy headers are refused before anything is read.

Forged counts in UBJSON, deep JSON/UBJSON nesting and absurd .npy shapes
are also covered by the GoogleTest suites (DocumentTest, NpyTest), which the
sanitizer build runs with an allocation limit, and by the fuzzers.
"""

import json
import os
import resource
import subprocess
import sys

import numpy as np
import pytest

from _cli import require_hardwood

HARDWOOD = require_hardwood()
FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir,
                        "fixtures")
DEPTH = 10000


def run(*args, timeout=600):
    return subprocess.run([HARDWOOD, *map(str, args)], capture_output=True,
                          text=True, timeout=timeout)


def peak_rss_bytes(*args):
    """Runs `hardwood ARGS` in a fresh Python process and returns its exit
    status and the peak resident memory of the hardwood process."""
    probe = ("import resource, subprocess, sys\n"
             "code = subprocess.run(sys.argv[1:], capture_output=True).returncode\n"
             "print(code, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n")
    result = subprocess.run([sys.executable, "-c", probe, HARDWOOD, *map(str, args)],
                            capture_output=True, text=True, timeout=600, check=True)
    code, kilobytes = result.stdout.split()
    return int(code), int(kilobytes) * 1024


# --------------------------------------------------------------------------
# A chain of DEPTH splits: split k tests feature k % 3 against k; "left"
# goes to a leaf worth k, "right" to split k + 1; the last right child is a
# leaf worth -1. A row of value v in every feature stops at the first split
# k >= v (LightGBM and Hardwood: v <= k; XGBoost: v < k).
# --------------------------------------------------------------------------

def chain_hardwood_json(path):
    n = 2 * DEPTH + 1
    feature, threshold = [-1] * n, [0.0] * n
    left, right = [-1] * n, [-1] * n
    default_left, leaf_values = [False] * n, [0.0] * n
    for k in range(DEPTH):
        a = 2 * k
        feature[a], threshold[a] = k % 3, float(k)
        left[a], right[a], default_left[a] = a + 1, a + 2, True
        leaf_values[a + 1] = float(k)
    leaf_values[n - 1] = -1.0
    model = {"format": "hardwood-model", "version": 1, "family": "tree_ensemble",
             "task": "regression", "num_features": 3, "num_outputs": 1,
             "input_type": "float32", "aggregation": "sum", "leaf_width": 1,
             "post_transform": {"kind": "identity"}, "base_score": [0.0],
             "trees": [{"group": 0, "feature": feature, "threshold": threshold,
                        "left": left, "right": right, "default_left": default_left,
                        "leaf_values": leaf_values}]}
    with open(path, "w") as f:
        json.dump(model, f)


def chain_xgboost_json(path):
    with open(os.path.join(FIXTURES, "xgboost", "xgb_squarederror.json")) as f:
        model = json.load(f)
    n = 2 * DEPTH + 1
    left, right, parents = [-1] * n, [-1] * n, [2147483647] * n
    conditions, indices, weights = [0.0] * n, [0] * n, [0.0] * n
    default_left = [0] * n
    for k in range(DEPTH):
        a = 2 * k
        left[a], right[a] = a + 1, a + 2
        parents[a + 1] = parents[a + 2] = a
        conditions[a], indices[a], default_left[a] = float(k), k % 3, 1
        conditions[a + 1] = weights[a + 1] = float(k)  # leaves: value here
    conditions[n - 1] = weights[n - 1] = -1.0
    tree = {"base_weights": weights, "categories": [], "categories_nodes": [],
            "categories_segments": [], "categories_sizes": [],
            "default_left": default_left, "id": 0, "left_children": left,
            "loss_changes": [0.0] * n, "parents": parents, "right_children": right,
            "split_conditions": conditions, "split_indices": indices,
            "split_type": [0] * n, "sum_hessian": [1.0] * n,
            "tree_param": {"num_deleted": "0", "num_feature": "3",
                           "num_nodes": str(n), "size_leaf_vector": "0"}}
    learner = model["learner"]
    learner["learner_model_param"].update(base_score="0E0", num_feature="3")
    learner["feature_names"], learner["feature_types"] = [], []
    booster = learner["gradient_booster"]["model"]
    booster["trees"], booster["tree_info"] = [tree], [0]
    booster["gbtree_model_param"]["num_trees"] = "1"
    with open(path, "w") as f:
        json.dump(model, f)


def chain_lightgbm_text(path):
    leaves = DEPTH + 1
    def row(values):
        return " ".join(map(str, values))
    lines = [
        "tree", "version=v3", "num_class=1", "num_tree_per_iteration=1",
        "label_index=0", "max_feature_idx=2", "objective=regression",
        "feature_names=a b c", "feature_infos=none none none", "tree_sizes=0", "",
        "Tree=0", f"num_leaves={leaves}", "num_cat=0",
        "split_feature=" + row(k % 3 for k in range(DEPTH)),
        "split_gain=" + row([1] * DEPTH),
        "threshold=" + row(float(k) for k in range(DEPTH)),
        "decision_type=" + row([2] * DEPTH),  # default left, missing NaN
        "left_child=" + row(~k for k in range(DEPTH)),
        "right_child=" + row(list(range(1, DEPTH)) + [~(leaves - 1)]),
        "leaf_value=" + row([float(k) for k in range(DEPTH)] + [-1.0]),
        "leaf_weight=" + row([1] * leaves), "leaf_count=" + row([1] * leaves),
        "internal_value=" + row([0] * DEPTH), "internal_weight=" + row([1] * DEPTH),
        "internal_count=" + row([1] * DEPTH), "is_linear=0", "shrinkage=1", "", "",
        "end of trees", "", "feature_importances:", "", "parameters:",
        "end of parameters", "", "pandas_categorical:null", ""]
    with open(path, "w") as f:
        f.write("\n".join(lines))


CHAINS = {"hardwood.json": chain_hardwood_json, "xgboost.json": chain_xgboost_json,
          "lightgbm.txt": chain_lightgbm_text}
# Values reaching split 0, the middle, the last split, past it, and NaN.
ROW_VALUES = [-5.0, 0.5, 4321.0, DEPTH - 1.0, DEPTH + 10.0, float("nan")]


def expected_value(value, strict):
    if np.isnan(value):
        return 0.0  # default left at split 0
    for k in range(DEPTH):
        if (value < k) if strict else (value <= k):
            return float(k)
    return -1.0


@pytest.mark.parametrize("name", sorted(CHAINS))
def test_depth_10000_chain_compiles_and_predicts(tmp_path, name):
    model = tmp_path / f"chain.{name}"
    CHAINS[name](model)
    lib = tmp_path / "chain.so"
    result = run("compile", model, "-o", lib, "--quiet")
    assert result.returncode == 0, result.stderr
    rows = np.array([[v, v, v] for v in ROW_VALUES], dtype=np.float32)
    x, y = tmp_path / "x.npy", tmp_path / "y.npy"
    np.save(x, rows)
    result = run("predict", lib, "--input", x, "--output", y, "--kind", "predict")
    assert result.returncode == 0, result.stderr
    strict = name.startswith("xgboost")
    expected = [expected_value(v, strict) for v in ROW_VALUES]
    assert np.load(y).reshape(-1).tolist() == expected


def test_huge_categorical_domain_is_refused(tmp_path):
    split = {"group": 0, "feature": [0, -1, -1], "threshold": [0, 0, 0],
             "left": [1, -1, -1], "right": [2, -1, -1],
             "default_left": [True, False, False], "leaf_values": [0, -1.0, 1.0],
             "categorical": [{"node": 0, "domain": 2147483647,
                              "left_categories": [2147483646, 5], "outside": "right"}]}
    model = {"format": "hardwood-model", "version": 1, "family": "tree_ensemble",
             "task": "regression", "num_features": 2, "num_outputs": 1,
             "input_type": "float32", "aggregation": "sum", "leaf_width": 1,
             "post_transform": {"kind": "identity"}, "base_score": [0.0],
             "trees": [split] * 8}
    path = tmp_path / "bigcat.json"
    path.write_text(json.dumps(model))
    code, peak = peak_rss_bytes("compile", path, "-o", tmp_path / "bigcat.so")
    assert code == 1
    assert peak < 512 << 20, f"refusing took {peak >> 20} MiB"
    result = run("compile", path, "-o", tmp_path / "bigcat.so")
    assert result.returncode == 1
    assert "categorical splits whose bitsets take 536870912 32-bit words" in result.stderr
    assert not (tmp_path / "bigcat.so").exists()


def random_forest_json(path, trees, depth, seed=0):
    """A Hardwood JSON model of complete trees, compactly written."""
    rng = np.random.RandomState(seed)
    n, internal = 2 ** (depth + 1) - 1, 2 ** depth - 1
    index = np.arange(n)
    left = np.where(index < internal, 2 * index + 1, -1).tolist()
    right = np.where(index < internal, 2 * index + 2, -1).tolist()
    out = []
    for _ in range(trees):
        out.append({"group": 0,
                    "feature": np.where(index < internal, rng.randint(0, 28, n), -1).tolist(),
                    "threshold": np.where(index < internal, np.round(rng.rand(n), 3), 0).tolist(),
                    "left": left, "right": right,
                    "default_left": (index % 2 == 0).tolist(),
                    "leaf_values": np.where(index < internal, 0,
                                            np.round(rng.randn(n), 4)).tolist()})
    model = {"format": "hardwood-model", "version": 1, "family": "tree_ensemble",
             "task": "regression", "num_features": 28, "num_outputs": 1,
             "input_type": "float32", "aggregation": "sum", "leaf_width": 1,
             "post_transform": {"kind": "identity"}, "base_score": [0.0],
             "trees": out}
    with open(path, "w") as f:
        json.dump(model, f, separators=(",", ":"))


def test_compile_memory_is_bounded_by_model_size(tmp_path):
    path = tmp_path / "forest.json"
    random_forest_json(path, trees=4000, depth=8)
    size = os.path.getsize(path)
    code, peak = peak_rss_bytes("compile", path, "-o", tmp_path / "forest.so", "--quiet")
    assert code == 0
    bound = (256 << 20) + 6 * size
    print(f"model {size >> 20} MiB, compile peak {peak >> 20} MiB, bound {bound >> 20} MiB")
    assert peak <= bound


@pytest.mark.parametrize("shape", ["(1000000000000000, 28)", "(1000000000000000,)"])
def test_npy_claiming_absurd_rows_is_refused(tmp_path, shape):
    lib = tmp_path / "m.so"
    model = tmp_path / "m.json"
    with open(os.path.join(FIXTURES, "hardwood", "hardwood_example.json")) as f:
        model.write_text(f.read())
    assert run("compile", model, "-o", lib, "--quiet").returncode == 0
    header = "{'descr': '<f4', 'fortran_order': False, 'shape': %s, }" % shape
    header += " " * ((64 - (10 + len(header) + 1) % 64) % 64) + "\n"
    x = tmp_path / "x.npy"
    x.write_bytes(b"\x93NUMPY\x01\x00" + len(header).to_bytes(2, "little")
                  + header.encode() + b"\0" * 64)
    code, peak = peak_rss_bytes("predict", lib, "--input", x, "--output", tmp_path / "y.npy")
    assert code == 1
    assert peak < 512 << 20
    result = run("predict", lib, "--input", x, "--output", tmp_path / "y.npy")
    assert "array is too large" in result.stderr, result.stderr
    assert not (tmp_path / "y.npy").exists()
