"""Reference side of ``hardwood bench``: predict and time with the library
that trained the model, on the same rows.

Run by the ``hardwood`` CLI as ``/usr/bin/python3 -m hardwood.bench_reference``;
writes the reference's predictions (.npy), timings and versions (JSON).
"""

import argparse
import contextlib
import json
import math
import os
import platform
import sys
import time

import numpy as np

KINDS = ("predict", "proba", "decision", "score", "leaf")


def _time_per_row(fn, X, batch, budget=0.25):
    """Seconds per row of fn over consecutive batches of X: the median over
    rounds of at least a millisecond each, for `budget` seconds and at least
    5 rounds (3 when 3 rounds took 20 budgets), as ``hardwood bench`` times
    its own side (a mean over the few calls a budget holds moves by tens of
    percent when one round is preempted; the median does not)."""
    rows = X.shape[0]
    fn(X[:batch])  # warm up
    offset, total_calls, per_call = 0, 0, []
    begin = time.perf_counter()
    while True:
        calls, start = 0, time.perf_counter()
        while True:
            if offset + batch > rows:
                offset = 0
            fn(X[offset:offset + batch])
            offset += batch
            calls += 1
            elapsed = time.perf_counter() - start
            if elapsed >= 1e-3 or calls >= 100000:
                break
        per_call.append(elapsed / calls)
        total_calls += calls
        total = time.perf_counter() - begin
        if ((len(per_call) >= 5 and total >= budget)
                or (len(per_call) >= 3 and total >= 20 * budget)
                or total_calls >= 1000000):
            break
    per_call.sort()
    n = len(per_call)
    median = (per_call[n // 2] if n % 2
              else (per_call[n // 2 - 1] + per_call[n // 2]) / 2)
    return median / batch


def _limit_threads(threads):
    """OpenMP and BLAS pools limited to `threads` (HistGradientBoosting and
    linear models have no n_jobs), when threadpoolctl is installed."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        return contextlib.nullcontext()
    return threadpool_limits(limits=threads)


def _latency(fn, X, budget=0.25, max_calls=20000):
    """Batch-1 calls timed one by one (walking through X): median and p99
    (nearest rank) of the nanoseconds per call, and the number of calls."""
    rows = X.shape[0]
    fn(X[:1])  # warm up
    samples, begin = [], time.perf_counter()
    while len(samples) < max_calls:
        row = len(samples) % rows
        start = time.perf_counter()
        fn(X[row:row + 1])
        end = time.perf_counter()
        samples.append((end - start) * 1e9)
        # At least 100 calls for the p99, unless 10 take 20 budgets.
        if ((len(samples) >= 100 and end - begin >= budget)
                or (len(samples) >= 10 and end - begin >= 20 * budget)):
            break
    samples.sort()
    n = len(samples)
    median = (samples[n // 2] if n % 2
              else (samples[n // 2 - 1] + samples[n // 2]) / 2)
    return {"median_ns": median,
            "p99_ns": samples[max(1, math.ceil(0.99 * n)) - 1], "calls": n}


def _sklearn(estimator_path):
    import joblib
    est = joblib.load(estimator_path)
    is_classifier = hasattr(est, "classes_")
    task = "classification" if is_classifier else "regression"
    if type(est).__name__ == "IsolationForest":
        task = "anomaly"

    def predictor(kind, threads):
        if hasattr(est, "n_jobs"):
            est.n_jobs = threads
        if kind == "predict":
            return est.predict
        if kind == "proba":
            return est.predict_proba
        if kind == "decision":
            return est.decision_function
        if kind == "score":
            return est.score_samples
        if kind == "leaf":
            return lambda X: est.apply(X).reshape(X.shape[0], -1).astype(np.int32)
        raise SystemExit(f"kind {kind} has no sklearn equivalent")

    import sklearn
    return "sklearn", sklearn.__version__, task, predictor


def _xgboost(model_path):
    import xgboost as xgb
    booster = xgb.Booster()
    booster.load_model(model_path)
    config = json.loads(booster.save_config())
    objective = config["learner"]["objective"]["name"]
    task = ("classification" if objective.startswith(("binary:", "multi:"))
            else "regression")

    def proba(X):
        p = booster.inplace_predict(X)
        return np.column_stack([1.0 - p, p]) if p.ndim == 1 else p

    def predictor(kind, threads):
        booster.set_param({"nthread": threads})
        if kind == "proba":
            return proba
        if kind == "predict":
            if task != "classification" or objective == "multi:softmax":
                return lambda X: booster.inplace_predict(X)
            # Hardwood's predict of a classifier is the label, as
            # XGBClassifier.predict gives it.
            return lambda X: np.argmax(proba(X), axis=1).astype(np.float32)
        if kind == "decision":
            return lambda X: booster.inplace_predict(X, predict_type="margin")
        if kind == "leaf":
            return lambda X: booster.predict(
                xgb.DMatrix(X), pred_leaf=True).astype(np.int32)
        raise SystemExit(f"kind {kind} has no XGBoost equivalent")

    return "xgboost", xgb.__version__, task, predictor


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("model")
    parser.add_argument("--input", required=True)
    parser.add_argument("--kind", choices=KINDS, required=True)
    parser.add_argument("--output", required=True)
    parser.add_argument("--report", required=True)
    parser.add_argument("--reference", default="auto")
    parser.add_argument("--reference-model")
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    parser.add_argument("--batch", type=int, action="append", default=[])
    parser.add_argument("--min-time", type=float, default=0.25,
                        help="seconds each figure is timed for")
    args = parser.parse_args(argv)

    X = np.load(args.input)
    reference = args.reference
    if reference == "auto":
        reference = "sklearn" if args.reference_model else "xgboost"
    if reference == "sklearn":
        if not args.reference_model:
            raise SystemExit("sklearn reference needs --reference-model "
                             "EST.joblib (the fitted estimator)")
        library, version, task, predictor = _sklearn(args.reference_model)
    elif reference == "xgboost":
        library, version, task, predictor = _xgboost(args.model)
    else:
        raise SystemExit(f"unsupported reference '{reference}'")

    # C order: some estimators (HistGradientBoosting predict_proba) return
    # Fortran-ordered arrays, which the CLI's .npy reader refuses.
    values = np.ascontiguousarray(predictor(args.kind, args.threads)(X))
    np.save(args.output, values)
    ns_per_row, latency_ns = {}, {}
    for threads_key, threads in (("1", 1), ("0", args.threads)):
        fn = predictor(args.kind, threads)
        with _limit_threads(threads):
            latency_ns[threads_key] = _latency(fn, X, args.min_time)
            for batch in args.batch or [1, 64, 4096, X.shape[0]]:
                batch = min(batch, X.shape[0])
                ns_per_row[f"{threads_key}:{batch}"] = (
                    _time_per_row(fn, X, batch, args.min_time) * 1e9)
    with open(args.report, "w") as f:
        json.dump({"library": library, "version": version,
                   "numpy": np.__version__,
                   "python": platform.python_version(), "task": task,
                   "ns_per_row": ns_per_row, "latency_ns": latency_ns}, f)
    return 0


if __name__ == "__main__":
    sys.exit(main())
