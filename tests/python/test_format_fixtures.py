"""Hand-made Hardwood JSON models with hand-computed expectations.

These pin down the rules of docs/model-format.md that sklearn models do not
reach (all categorical modes, missing kinds, zero_threshold, every
post_transform) by checking ``hardwood._reference`` against values worked
out by hand, independently of any library.
"""

import copy
import json
import math

import numpy as np
import pytest

from hardwood import _reference as ref

NAN, INF = float("nan"), float("inf")
LEFT_VALUE, RIGHT_VALUE = 10.0, 20.0


def tree_model(trees, **top):
    model = {"format": "hardwood-model", "version": 1, "family": "tree_ensemble",
             "task": "regression", "num_features": 1, "num_outputs": 1,
             "input_type": "float64", "aggregation": "sum", "leaf_width": 1,
             "post_transform": {"kind": "identity"}, "trees": trees}
    model.update(top)
    # What a writer would produce: make sure it is plain JSON.
    return json.loads(json.dumps(model))


def stump(threshold=0.0, default_left=False, **extra):
    """Root split on feature 0: left leaf 10, right leaf 20."""
    tree = {"left": [1, -1, -1], "right": [2, -1, -1], "feature": [0, -1, -1],
            "threshold": [threshold, 0, 0], "default_left": [default_left, False, False],
            "leaf_values": [0, LEFT_VALUE, RIGHT_VALUE]}
    tree.update(extra)
    return tree


def route(model, values):
    """'L' or 'R' for each single-feature value."""
    out = ref.predict(model, np.array(values, dtype=np.float64)[:, np.newaxis], "predict")
    assert set(out) <= {LEFT_VALUE, RIGHT_VALUE}
    return "".join("L" if v == LEFT_VALUE else "R" for v in out)


# --------------------------------------------------------------------------
# Categorical splits
# --------------------------------------------------------------------------

# value: (outcome with check_then_truncate, outcome with truncate_then_check)
# L/R: listed or not (domain 4, left categories {1, 3}); O: outside;
# D: NaN, always the default direction.
CATEGORY_CASES = [
    (NAN, "D", "D"),
    (-1.0, "O", "O"),
    (-0.5, "O", "R"),      # trunc(-0.5) = -0 is category 0 when truncating first
    (-1e-300, "O", "R"),
    (-0.0, "R", "R"),      # -0.0 < 0 is false: category 0
    (0.0, "R", "R"),
    (0.7, "R", "R"),
    (1.0, "L", "L"),
    (1.9, "L", "L"),
    (2.0, "R", "R"),
    (3.5, "L", "L"),
    (3.999999, "L", "L"),
    (4.0, "O", "O"),       # category >= domain
    (1e10, "O", "O"),
    (INF, "O", "O"),
    (-INF, "O", "O"),
]


@pytest.mark.parametrize("cast", ["check_then_truncate", "truncate_then_check"])
@pytest.mark.parametrize("outside", ["left", "right", "default"])
@pytest.mark.parametrize("default_left", [True, False])
def test_categorical_routing(cast, outside, default_left):
    split = {"node": 0, "domain": 4, "left_categories": [3, 1], "outside": outside}
    model = tree_model([stump(threshold=1e9, default_left=default_left,
                              categorical=[split])], category_cast=cast)
    ref.validate(model)
    default = "L" if default_left else "R"
    resolve = {"L": "L", "R": "R", "D": default,
               "O": {"left": "L", "right": "R", "default": default}[outside]}
    column = 2 if cast == "truncate_then_check" else 1
    values = [case[0] for case in CATEGORY_CASES]
    expected = "".join(resolve[case[column]] for case in CATEGORY_CASES)
    assert route(model, values) == expected


def test_categorical_node_ignores_threshold_and_missing():
    # threshold 1e9 would send everything left; 'zero_or_nan' would send 0
    # the default way: categorical nodes use neither.
    split = {"node": 0, "domain": 2, "left_categories": [1], "outside": "right"}
    model = tree_model([stump(threshold=1e9, default_left=True, missing="zero_or_nan",
                              categorical=[split])])
    assert route(model, [0.0, 1.0, 2.0, NAN]) == "RLRL"


def test_categorical_in_float32_model_uses_rounded_value():
    # 0.99999999 rounds to 1.0f: category 1 in a float32 model, 0 in float64.
    split = {"node": 0, "domain": 2, "left_categories": [1], "outside": "right"}
    tree = stump(categorical=[split])
    assert route(tree_model([tree], input_type="float32"), [0.99999999]) == "L"
    assert route(tree_model([tree], input_type="float64"), [0.99999999]) == "R"


# --------------------------------------------------------------------------
# Numerical splits: missing kinds, comparison, zero_threshold, float32
# --------------------------------------------------------------------------

MISSING_VALUES = [NAN, 0.0, -0.0, 0.3, 0.5, 0.7, -2.0]


@pytest.mark.parametrize("missing, threshold, default_left, expected", [
    # x <= 0.5: 0, -0, 0.3, 0.5, -2 go left; 0.7 right.
    ("nan", 0.5, True, "LLLLLRL"),
    ("nan", 0.5, False, "RLLLLRL"),
    ("nan_as_zero", 0.5, False, "LLLLLRL"),   # NaN compared as 0 <= 0.5
    ("nan_as_zero", -0.5, True, "RRRRRRL"),   # NaN compared as 0 <= -0.5: right
    ("zero_or_nan", 0.5, False, "RRRLLRL"),   # NaN, 0.0 and -0.0 are missing
    ("zero_or_nan", 0.5, True, "LLLLLRL"),
])
def test_missing_kinds(missing, threshold, default_left, expected):
    model = tree_model([stump(threshold, default_left, missing=missing)])
    ref.validate(model)
    assert route(model, MISSING_VALUES) == expected
    # The per-node array form means the same.
    per_node = tree_model([stump(threshold, default_left, missing=[missing, "nan", "nan"])])
    assert route(per_node, MISSING_VALUES) == expected


def test_default_direction_defaults_to_right():
    tree = stump(0.5)
    del tree["default_left"]
    assert route(tree_model([tree]), [NAN, 0.5]) == "RL"


def test_strict_comparison():
    model = tree_model([stump(0.5, comparison="<")])
    assert route(model, [np.nextafter(0.5, 0), 0.5, 0.75, -INF, INF]) == "LRRLR"


def test_zero_threshold():
    zt = 1.0000000180025095e-35
    values = [5e-36, -5e-36, 2e-35, NAN]
    # x < 1e-36: only values replaced by 0 (or below) go left.
    plain = tree_model([stump(1e-36, comparison="<")])
    assert route(plain, values) == "RLRR"
    zeroed = tree_model([stump(1e-36, comparison="<")], zero_threshold=zt)
    assert route(zeroed, values) == "LLRR"
    # Zeroed values are missing under zero_or_nan.
    missing = tree_model([stump(1e-36, True, comparison="<", missing="zero_or_nan")],
                         zero_threshold=zt)
    assert route(missing, values) == "LLRL"


def test_float32_rounding_before_comparison():
    t = 0.1  # float32(0.1) = 0.100000001490116... > 0.1
    t32 = float(np.float32(0.1))
    f32 = tree_model([stump(t)], input_type="float32")
    f64 = tree_model([stump(t)], input_type="float64")
    below32 = float(np.nextafter(np.float32(0.1), np.float32(0)))
    # t32 minus a float64 ulp still rounds to t32 in a float32 model.
    values = [0.1, t32, np.nextafter(t32, 0), below32]
    assert route(f32, values) == "RRRL"
    assert route(f64, values) == "LRRL"
    # float32 rows are taken as they are.
    X = np.array([[np.float32(0.1)]], dtype=np.float32)
    assert ref.predict(f32, X, "predict")[0] == RIGHT_VALUE
    # Huge float64 values overflow to inf in float32, like numpy's astype.
    huge = tree_model([stump(3.5e38)], input_type="float32")
    assert route(huge, [3.4e38, 3.41e38, 1e300]) == "LRR"


# --------------------------------------------------------------------------
# Aggregation, base score, leaf kind
# --------------------------------------------------------------------------

def test_sum_with_weights_and_base_score():
    trees = [dict(stump(0.0), group=0, weight=0.5), dict(stump(1.0), group=1),
             dict(stump(2.0), group=1, weight=-1.0)]
    model = tree_model(trees, num_outputs=2, base_score=[1.0, -1.0])
    X = np.array([[0.5], [-1.0]])
    # x=0.5: tree0 right (20*0.5), tree1 left (10), tree2 left (-10).
    np.testing.assert_array_equal(ref.predict(model, X, "decision"),
                                  [[11.0, -1.0], [6.0, -1.0]])
    np.testing.assert_array_equal(ref.predict(model, X, "leaf"), [[2, 1, 1], [1, 1, 1]])
    assert ref.predict(model, X, "leaf").dtype == np.int32


def test_average_per_output_group():
    # Output 0 averages two trees, output 1 its single tree.
    trees = [dict(stump(0.0), group=0), dict(stump(1.0), group=0), dict(stump(9.0), group=1)]
    model = tree_model(trees, num_outputs=2, aggregation="average", base_score=[0.5, 0.0])
    # x=0.5: tree0 right 20, tree1 left 10, tree2 left 10.
    np.testing.assert_array_equal(ref.predict(model, [0.5], "decision"), [[15.5, 10.0]])


def test_leaf_vector_average_and_argmax_ties():
    # Forest-like classifier: leaf_width K=3, per-leaf distributions.
    tree = {"left": [1, -1, -1], "right": [2, -1, -1], "feature": [0, -1, -1],
            "threshold": [0.0, 0, 0],
            "leaf_values": [0, 0, 0, 0.4, 0.4, 0.2, 0.0, 0.25, 0.75]}
    model = tree_model([tree, copy.deepcopy(tree)], task="classification", num_outputs=3,
                       leaf_width=3, aggregation="average", classes=["b", "a", "c"])
    X = np.array([[-1.0], [1.0]])
    np.testing.assert_allclose(ref.predict(model, X), [[0.4, 0.4, 0.2], [0, 0.25, 0.75]])
    # The tie between "b" and "a" goes to the lowest index.
    assert list(ref.predict(model, X, "predict")) == ["b", "c"]


# --------------------------------------------------------------------------
# Post transforms (linear models make raw scores easy to set: r = intercept)
# --------------------------------------------------------------------------

def linear_model(intercept, transform, task="classification", classes=None):
    k = len(intercept)
    model = {"format": "hardwood-model", "version": 1, "family": "linear", "task": task,
             "num_features": 1, "num_outputs": k, "input_type": "float64",
             "post_transform": transform, "coefficients": [[0.0]] * k,
             "intercept": intercept}
    if task == "classification":
        model["classes"] = classes or list(range(2 if k == 1 else k))
    ref.validate(model)
    return model


def run(model, kind):
    return ref.predict(model, np.zeros((1, 1)), kind)[0]


def test_sigmoid_binary_with_scale():
    model = linear_model([0.3], {"kind": "sigmoid", "scale": 2.0}, classes=["no", "yes"])
    p = 1 / (1 + math.exp(-0.6))
    np.testing.assert_allclose(run(model, "proba"), [1 - p, p], rtol=1e-15)
    assert run(model, "decision") == 0.3
    assert run(model, "predict") == "yes"


def test_softmax_and_ovr_normalize():
    r = [1.0, 2.0, 3.0]
    e = [math.exp(v) for v in r]
    soft = linear_model(r, {"kind": "softmax"})
    np.testing.assert_allclose(run(soft, "proba"), [v / sum(e) for v in e], rtol=1e-15)
    s = [1 / (1 + math.exp(-v)) for v in r]
    ovr = linear_model(r, {"kind": "ovr_normalize"})
    np.testing.assert_allclose(run(ovr, "proba"), [v / sum(s) for v in s], rtol=1e-15)
    assert run(ovr, "predict") == 2


def test_regression_transforms():
    exp = linear_model([0.5, -1.0], {"kind": "exp"}, task="regression")
    np.testing.assert_allclose(run(exp, "predict"), [math.exp(0.5), math.exp(-1.0)], rtol=1e-15)
    square = linear_model([-3.0], {"kind": "signed_square"}, task="regression")
    assert run(square, "predict") == -9.0
    assert run(square, "decision") == -3.0


@pytest.mark.parametrize("r, expected", [
    ([0.4], [0.3, 0.7]),
    ([5.0], [0.0, 1.0]),
    ([-1.0], [1.0, 0.0]),
    ([-2.0, 0.0, 0.5], [0.0, 0.5 / 1.25, 0.75 / 1.25]),
    ([-3.0, -1.0, -7.0], [1 / 3, 1 / 3, 1 / 3]),   # all zero: uniform
])
def test_modified_huber(r, expected):
    model = linear_model(r, {"kind": "modified_huber"})
    np.testing.assert_allclose(run(model, "proba"), expected, rtol=1e-15)


def test_binary_hinge_predicts_on_raw_score():
    binary = linear_model([0.0], {"kind": "binary_hinge"}, classes=[-1, 1])
    assert run(binary, "predict") == -1  # r > 0 is false at 0
    assert run(linear_model([1e-300], {"kind": "binary_hinge"}, classes=[-1, 1]), "predict") == 1
    multi = linear_model([0.1, 0.7, 0.7], {"kind": "binary_hinge"}, classes=["x", "y", "z"])
    assert run(multi, "predict") == "y"
    with pytest.raises(ValueError, match="proba"):
        run(multi, "proba")
    assert ref.default_kind(multi) == "predict"


def test_linear_sigmoid_predicts_on_raw_score():
    # sigmoid(1e-20) rounds to 0.5 (a tie in proba), but sklearn's linear
    # predict uses r > 0.
    model = linear_model([1e-20], {"kind": "sigmoid"}, classes=[0, 1])
    assert run(model, "predict") == 1


def test_isolation_forest_transform():
    c = 2.0
    trees = [dict(stump(0.0), group=0), dict(stump(0.0, leaf_values=[0, 4.0, 2.0]), group=0)]
    model = tree_model(trees, task="anomaly", aggregation="average",
                       post_transform={"kind": "isolation_forest",
                                       "average_path_length": c, "offset": -0.5})
    # x=-1: leaves 10 and 4, mean path 7.
    score = -2.0 ** (-7.0 / c)
    assert ref.predict(model, [-1.0], "score")[0] == score
    assert ref.predict(model, [-1.0], "decision")[0] == score + 0.5
    assert ref.predict(model, [-1.0], "predict")[0] == (1 if score + 0.5 >= 0 else -1)
    assert ref.default_kind(model) == "predict"
    # c == 0 (max_samples == 1): sklearn's score is -0.5 whatever the depth.
    model["post_transform"]["average_path_length"] = 0.0
    assert ref.predict(model, [-1.0], "score")[0] == -0.5


# --------------------------------------------------------------------------
# Validation and input checks
# --------------------------------------------------------------------------

def valid_model():
    tree = {"left": [1, 3, -1, -1, -1], "right": [2, 4, -1, -1, -1],
            "feature": [0, 1, -1, -1, -1], "threshold": [0.5, 1.5, 0, 0, 0],
            "leaf_values": [0, 0, 1, 2, 3]}
    return tree_model([tree], num_features=2)


def set_path(model, path, value):
    target = model
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value


@pytest.mark.parametrize("path, value, message", [
    (("typo_key",), 1, "unknown keys"),
    (("version",), 2, "version"),
    (("trees", 0, "left"), [1, 3, -1, 0, -1], "both be -1"),
    (("trees", 0, "right"), [2, 3, -1, -1, -1], "parents"),
    (("trees", 0, "left"), [1, 1, -1, -1, -1], "parents"),
    (("trees", 0, "right"), [2, 0, -1, -1, -1], "root cannot be a child"),
    (("trees", 0, "feature"), [0, 2, -1, -1, -1], "feature"),
    (("trees", 0, "leaf_values"), [0, 1, 2], "leaf_values"),
    (("trees", 0, "threshold"), [0.5, NAN, 0, 0, 0], "finite"),
    (("trees", 0, "categorical"), [{"node": 2, "domain": 4, "left_categories": [1],
                                    "outside": "left"}], "leaf"),
    (("trees", 0, "categorical"), [{"node": 0, "domain": 4, "left_categories": [4],
                                    "outside": "left"}], "left_categories"),
    (("trees", 0, "missing"), "sometimes", "missing"),
    (("post_transform",), {"kind": "sigmoid", "scael": 2}, "unknown parameters"),
    (("classes",), [0, 1], "only classification"),
    (("coefficients",), [[1.0, 2.0]], "not allowed"),
])
def test_validation_errors(path, value, message):
    model = valid_model()
    ref.validate(model)
    set_path(model, path, value)
    with pytest.raises(ref.ModelFormatError, match=message):
        ref.validate(model)


def test_unreachable_node_is_an_error():
    model = valid_model()
    tree = model["trees"][0]
    # Node 1 becomes a leaf: nodes 3 and 4 are orphans.
    tree["left"][1] = tree["right"][1] = -1
    with pytest.raises(ref.ModelFormatError, match="parents"):
        ref.validate(model)


def test_row_shapes():
    model = valid_model()
    assert ref.predict(model, np.array([0.0, 0.0])).shape == (1,)
    with pytest.raises(ValueError, match="2 features"):
        ref.predict(model, np.zeros((3, 3)))
    with pytest.raises(TypeError):
        ref.predict(model, np.zeros((3, 2), dtype=np.int64))
