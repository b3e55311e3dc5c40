"""Hardwood benchmark driver: Hardwood against sklearn, XGBoost and oneDNN,
measured in the same run on the same rows.

Trains the bundled models with fixed seeds, exports and compiles them with
the ``hardwood`` CLI, checks that Hardwood's outputs agree with the library
that trained each model, runs ``hardwood-benchmarks`` (Google Benchmark;
oneDNN for the linear models) and times the reference libraries on the same
rows at the same batch sizes, then prints one table of ns/row and ratios.

    /usr/bin/python3 benchmarks/run_benchmarks.py [--build-dir build]
    /usr/bin/python3 benchmarks/run_benchmarks.py --quick   # smoke test

``--quick`` trains smaller models and times briefly: it checks that the
pipeline works (figures positive, outputs agree), its figures mean nothing.
Nothing here ever asserts on how fast anything is.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ALL_THREADS = os.cpu_count() or 1

# Full run: the README's example models plus two linear models; batch 1 is
# the latency figure, 65536 the throughput one.
FULL = dict(train_rows=20_000, bench_rows=65_536,
            batches=[1, 16, 256, 4096, 65_536], trees=100, rf_depth=12,
            gb_depth=6, repetitions=3, reference_budget=0.3,
            benchmark_flags=["--benchmark_repetitions=3",
                             "--benchmark_report_aggregates_only=true"])
# Smoke test: same model kinds, small enough to train and time in seconds.
QUICK = dict(train_rows=2_000, bench_rows=1_024, batches=[1, 256],
             trees=10, rf_depth=6, gb_depth=3, repetitions=1,
             reference_budget=0.01,
             benchmark_flags=["--benchmark_min_time=0.01"])

# Agreement of Hardwood's outputs with the reference library's.
AGREEMENT_TOLERANCE = 1e-5


def log(message):
    print(message, file=sys.stderr, flush=True)


def import_hardwood():
    try:
        import hardwood
    except ImportError:
        sys.path.insert(0, os.path.join(ROOT, "python"))
        import hardwood
    return hardwood


# --------------------------------------------------------------------------
# Models
# --------------------------------------------------------------------------

class Model:
    """A trained model: its compiled library, the Hardwood kind timed, the
    reference library's predictor and, for linear models, oneDNN weights."""

    def __init__(self, name, library, kind, predictor, set_threads,
                 onednn_post=None):
        self.name = name
        self.library = library          # "sklearn" or "xgboost"
        self.kind = kind                # Hardwood kind == the reference method
        self.predictor = predictor      # rows -> reference output
        self.set_threads = set_threads  # threads -> None
        self.onednn_post = onednn_post  # "softmax" | "identity" | None
        self.source = None              # model file for hardwood compile
        self.compiled = None            # .so


def train_models(cfg, work):
    """Trains every model with fixed seeds; returns (models, rows)."""
    from sklearn.datasets import make_classification, make_regression
    from sklearn.ensemble import (GradientBoostingClassifier,
                                  RandomForestClassifier)
    from sklearn.linear_model import LogisticRegression, Ridge
    import xgboost as xgb
    hardwood = import_hardwood()

    n_train, n_bench = cfg["train_rows"], cfg["bench_rows"]
    # The README example's task (higgs-shaped: 28 features, binary).
    X, y = make_classification(n_samples=n_train + n_bench, n_features=28,
                               n_informative=18, random_state=7)
    X = X.astype(np.float32)
    X_train, y_train, rows = X[:n_train], y[:n_train], X[n_train:]
    rows = np.ascontiguousarray(rows)
    np.save(os.path.join(work, "rows.npy"), rows)
    X10, y10 = make_classification(n_samples=n_train, n_features=28,
                                   n_informative=18, n_classes=10,
                                   random_state=8)
    Xr, yr = make_regression(n_samples=n_train, n_features=28, noise=1.0,
                             random_state=9)
    # Standardised targets keep Ridge's coefficients O(1): float32 oneDNN
    # can then match float64 Hardwood within 1e-5. With make_regression's raw
    # targets (coefficients up to ~100) float32 rounding alone exceeds it.
    yr = (yr - yr.mean()) / yr.std()

    models = []

    def sklearn_model(name, est, X_fit, y_fit, kind, onednn_post=None):
        est.fit(X_fit, y_fit)
        path = os.path.join(work, f"{name}.json")
        hardwood.export(est, path)
        method = est.predict_proba if kind == "proba" else est.predict

        def set_threads(threads):
            if hasattr(est, "n_jobs"):
                est.n_jobs = threads
        model = Model(name, "sklearn", kind, method, set_threads, onednn_post)
        model.source = path
        if onednn_post:
            coef = np.atleast_2d(est.coef_)
            intercept = np.broadcast_to(est.intercept_, (coef.shape[0],))
            weights = np.hstack([coef, intercept[:, None]]).astype(np.float32)
            model.onednn_weights = os.path.join(work, f"{name}.onednn.npy")
            np.save(model.onednn_weights, np.ascontiguousarray(weights))
        models.append(model)
        log(f"trained {name}: {type(est).__name__}")

    sklearn_model("rf", RandomForestClassifier(
        n_estimators=cfg["trees"], max_depth=cfg["rf_depth"], random_state=0,
        n_jobs=ALL_THREADS), X_train, y_train, "proba")
    sklearn_model("gb", GradientBoostingClassifier(
        n_estimators=cfg["trees"], max_depth=cfg["gb_depth"], random_state=0),
        X_train, y_train, "proba")

    booster = xgb.train({"objective": "binary:logistic",
                         "max_depth": cfg["gb_depth"], "eta": 0.3,
                         "nthread": ALL_THREADS, "seed": 0},
                        xgb.DMatrix(X_train, label=y_train),
                        num_boost_round=cfg["trees"])
    xgb_path = os.path.join(work, "xgb.json")
    booster.save_model(xgb_path)

    def xgb_proba(X):
        p = booster.inplace_predict(X)
        return np.column_stack([1.0 - p, p])
    model = Model("xgb", "xgboost", "proba", xgb_proba,
                  lambda threads: booster.set_param({"nthread": threads}))
    model.source = xgb_path
    models.append(model)
    log("trained xgb: XGBoost binary:logistic")

    # Multinomial: probabilities are a softmax over the 10 decision values.
    sklearn_model("logreg", LogisticRegression(
        multi_class="multinomial", max_iter=500), X10, y10, "proba",
        onednn_post="softmax")
    sklearn_model("ridge", Ridge(alpha=1.0), Xr, yr, "predict",
                  onednn_post="identity")
    return models, rows


def compile_models(models, hardwood_cli, work):
    for model in models:
        model.compiled = os.path.join(work, f"{model.name}.so")
        subprocess.run([hardwood_cli, "compile", model.source, "-o",
                        model.compiled], check=True)


def check_agreement(models, rows, hardwood_cli, work):
    """Hardwood's outputs against the reference library's on every row;
    returns a list of failure messages."""
    rows_path = os.path.join(work, "rows.npy")
    failures = []
    for model in models:
        out = os.path.join(work, f"{model.name}.out.npy")
        subprocess.run([hardwood_cli, "predict", model.compiled, "--input",
                        rows_path, "--output", out, "--kind", model.kind],
                       check=True)
        got = np.load(out).astype(np.float64)
        want = np.asarray(model.predictor(rows), dtype=np.float64)
        if got.shape != want.shape:
            want = want.reshape(got.shape)
        err = float(np.max(np.abs(got - want)))
        ok = np.allclose(got, want, rtol=AGREEMENT_TOLERANCE,
                         atol=AGREEMENT_TOLERANCE)
        log(f"agreement {model.name} {model.kind}: max |diff| {err:.2e} "
            f"({'ok' if ok else 'MISMATCH'})")
        if not ok:
            failures.append(f"{model.name}: Hardwood {model.kind} differs "
                            f"from {model.library} by up to {err:.3g}")
    return failures


# --------------------------------------------------------------------------
# Timing
# --------------------------------------------------------------------------

def run_hardwood_benchmarks(models, cfg, benchmarks_bin, work):
    """Runs hardwood-benchmarks; returns {(contender, model, threads, batch):
    ns/row} and a list of benchmark errors."""
    cmd = [benchmarks_bin, f"--rows={os.path.join(work, 'rows.npy')}",
           "--batches=" + ",".join(str(b) for b in cfg["batches"]),
           "--benchmark_format=json"] + cfg["benchmark_flags"]
    for model in models:
        cmd += [f"--model={model.name}={model.compiled}",
                f"--kind={model.name}={model.kind}"]
        if model.onednn_post:
            cmd += [f"--onednn={model.name}={model.onednn_weights}",
                    f"--onednn-post={model.name}={model.onednn_post}"]
    # oneDNN's OpenMP runtime: one thread (the binary re-runs itself with
    # this when it is missing). Hardwood's thread pool does not read it.
    env = dict(os.environ, OMP_NUM_THREADS="1")
    log("running " + " ".join(cmd))
    proc = subprocess.run(cmd, check=True, env=env, stdout=subprocess.PIPE,
                          text=True)
    report = json.loads(proc.stdout)
    results, errors = {}, []
    for entry in report["benchmarks"]:
        if entry.get("run_type") == "aggregate" and \
                entry.get("aggregate_name") != "median":
            continue
        name = entry.get("run_name", entry["name"])
        if entry.get("error_occurred"):
            errors.append(f"{name}: {entry.get('error_message')}")
            continue
        # hardwood/NAME/KIND/threads:T/batch:B/real_time or
        # onednn/NAME/threads:1/batch:B/real_time
        parts = name.split("/")
        fields = dict(p.split(":", 1) for p in parts if ":" in p)
        threads, batch = fields["threads"], int(fields["batch"])
        results[(parts[0], parts[1], threads, batch)] = {
            "ns_per_row": entry["ns/row"], "rows_per_s": entry["rows/s"]}
    return results, errors, report.get("context", {})


def time_per_row(fn, rows, batch, budget):
    """Nanoseconds per row of fn over consecutive batches, walking through
    the rows the way hardwood-benchmarks does."""
    n = rows.shape[0]
    fn(rows[:batch])  # warm up
    calls, offset, start = 0, 0, time.perf_counter()
    while True:
        fn(rows[offset:offset + batch])
        calls += 1
        offset += batch
        if offset + batch > n:
            offset = 0
        elapsed = time.perf_counter() - start
        if elapsed >= budget:
            return elapsed / (calls * batch) * 1e9


def time_references(models, rows, cfg):
    """{("sklearn"|"xgboost", model, threads, batch): ns/row}, median of the
    repetitions; BLAS (linear models) is limited with threadpoolctl."""
    from threadpoolctl import threadpool_limits
    results = {}
    for model in models:
        for threads_key, threads in (("1", 1), ("all", ALL_THREADS)):
            model.set_threads(threads)
            with threadpool_limits(limits=threads):
                for batch in cfg["batches"]:
                    samples = [time_per_row(model.predictor, rows, batch,
                                            cfg["reference_budget"])
                               for _ in range(cfg["repetitions"])]
                    results[(model.library, model.name, threads_key, batch)] = {
                        "ns_per_row": statistics.median(samples)}
        model.set_threads(ALL_THREADS)
        log(f"timed {model.library} on {model.name}")
    return results


# --------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------

def table(models, cfg, hw, ref):
    """Markdown table: Hardwood against each reference at each batch."""
    lines = ["| model | threads | batch | Hardwood ns/row | reference | "
             "reference ns/row | speedup (ref / Hardwood) |",
             "|---|---|---|---|---|---|---|"]
    for model in models:
        contenders = [(model.library, ref), ("onednn", hw)]
        for reference, source in contenders:
            for threads in ("1", "all"):
                if reference == "onednn" and threads != "1":
                    continue
                for batch in cfg["batches"]:
                    mine = hw.get(("hardwood", model.name, threads, batch))
                    theirs = source.get((reference, model.name, threads, batch))
                    if mine is None or theirs is None:
                        continue
                    a, b = mine["ns_per_row"], theirs["ns_per_row"]
                    lines.append(
                        f"| {model.name} ({model.kind}) | {threads} | {batch} | "
                        f"{a:,.1f} | {reference} | {b:,.1f} | {b / a:.2f}x |")
    return "\n".join(lines)


def find_tool(explicit, build_dir, name):
    if explicit:
        return explicit
    candidate = os.path.join(build_dir, "bin", name)
    if os.path.exists(candidate):
        return candidate
    found = shutil.which(name)
    if not found:
        raise SystemExit(f"cannot find {name}: build it or pass its path")
    return found


def main(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true",
                        help="small models, small batches, short timings "
                             "(smoke test; the figures mean nothing)")
    parser.add_argument("--build-dir", default=os.path.join(ROOT, "build"))
    parser.add_argument("--hardwood", help="hardwood CLI (default: "
                        "BUILD_DIR/bin/hardwood, then PATH)")
    parser.add_argument("--benchmarks", help="hardwood-benchmarks (default: "
                        "BUILD_DIR/bin/hardwood-benchmarks, then PATH)")
    parser.add_argument("--work-dir", default=None,
                        help="models, rows and results (default: "
                             "BUILD_DIR/benchmarks/run)")
    args = parser.parse_args(argv)

    cfg = QUICK if args.quick else FULL
    hardwood_cli = find_tool(args.hardwood, args.build_dir, "hardwood")
    benchmarks_bin = find_tool(args.benchmarks, args.build_dir,
                               "hardwood-benchmarks")
    work = args.work_dir or os.path.join(args.build_dir, "benchmarks", "run")
    os.makedirs(work, exist_ok=True)

    models, rows = train_models(cfg, work)
    compile_models(models, hardwood_cli, work)
    failures = check_agreement(models, rows, hardwood_cli, work)
    hw, errors, context = run_hardwood_benchmarks(models, cfg, benchmarks_bin,
                                                  work)
    failures += errors
    ref = time_references(models, rows, cfg)

    # Every timed combination must have produced a positive figure.
    for model in models:
        for threads in ("1", "all"):
            for batch in cfg["batches"]:
                for key, source in (
                        (("hardwood", model.name, threads, batch), hw),
                        ((model.library, model.name, threads, batch), ref)):
                    value = source.get(key, {}).get("ns_per_row", 0.0)
                    if not value > 0:
                        failures.append(f"{'/'.join(map(str, key))}: no "
                                        f"positive ns/row ({value})")
    onednn_built = any(key[0] == "onednn" for key in hw) or any(
        "onednn" in e for e in errors)
    if not onednn_built:
        log("note: hardwood-benchmarks was built without oneDNN; no oneDNN "
            "baseline")

    print(f"Hardwood benchmarks ({'quick' if args.quick else 'full'} run; "
          f"{ALL_THREADS} hardware threads; host {context.get('host_name', '?')}, "
          f"{context.get('num_cpus', '?')} CPUs at "
          f"{context.get('mhz_per_cpu', '?')} MHz)")
    print()
    print(table(models, cfg, hw, ref))
    with open(os.path.join(work, "results.json"), "w") as f:
        json.dump({"hardwood": {"/".join(map(str, k)): v for k, v in hw.items()},
                   "reference": {"/".join(map(str, k)): v
                                 for k, v in ref.items()},
                   "context": context}, f, indent=1)
    if failures:
        print("\nFAILED:", file=sys.stderr)
        for failure in failures:
            print("  " + failure, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
