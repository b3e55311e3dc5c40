"""Hardwood's fixed benchmark suite: every model family on the shapes of the
usual tree-inference datasets, against the library that trained it (and
oneDNN for the linear models), in one run, into one report.

For each suite model it trains on synthetic data of the dataset's shape
with a fixed seed, exports it, times ``hardwood compile``, runs
``hardwood bench MODEL --report DIR`` (agreement, rows/s per batch size and
thread count, batch-1 median and p99, input GB/s, ns per node visit) and,
for linear models, ``hardwood-benchmarks`` for the oneDNN baseline. Then it
writes one combined table (``suite.md``), ``suite.json`` and ``suite.png``
into the output directory, beside one ``NAME/report.*`` per model.

    /usr/bin/python3 benchmarks/suite.py --out bench-report      # minutes
    /usr/bin/python3 benchmarks/suite.py --quick --out /tmp/smoke  # smoke

``--quick`` trains tiny models and times briefly: it checks that the
pipeline works and the outputs agree; its figures mean nothing. Nothing
here ever asserts on how fast anything is. docs/benchmarks.md defines every
figure.

``--tune-check`` benchmarks nothing against the references: for every
suite model it runs ``hardwood compile MODEL --tune --tune-data ROWS``
(the candidate schedules timed on the model's bench rows, one thread) and
reports the cost model's choice against the fastest candidate, as
``tune.md`` and ``tune.json``: the acceptance line "the cost model's choice
is within 10% of the best strategy measured by --tune" reads ratio <= 1.10.
Models already trained in OUT/models (a previous run of the same mode) are
reused.

    /usr/bin/python3 benchmarks/suite.py --tune-check --out tune-report
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import time

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Dataset shapes (features, classes; 0 classes = regression), as in the
# public datasets tree-inference papers use.
DATASETS = {
    "higgs": (28, 2),
    "airline": (13, 2),
    "year": (90, 0),
    "covtype": (54, 7),
    "letters": (16, 26),
    "epsilon": (2000, 2),
    "abalone": (8, 0),
}

FULL = dict(train_rows=20_000, wide_train_rows=5_000, max_bench_rows=100_000,
            bench_bytes=64 << 20, batches=[1, 64, 4096, 100_000],
            min_time=0.25, scale=1)
# Tiny models and short timings; must finish well under ctest's 2 minutes.
QUICK = dict(train_rows=400, wide_train_rows=200, max_bench_rows=256,
             bench_bytes=1 << 20, batches=[1, 16, 256], min_time=0.01,
             scale=0)


def log(message):
    print(message, file=sys.stderr, flush=True)


def use_build_package(build_dir):
    """Puts the build's Python package (its hardwood._native) and this
    checkout's modules first on sys.path, where the build has them: the
    Python figures are then of the code the CLI benchmarked, not of an
    installed Hardwood that may be older."""
    native = os.path.join(build_dir, "python")
    if os.path.isdir(os.path.join(native, "hardwood")):
        sys.path[:0] = [os.path.abspath(native), os.path.join(ROOT, "python")]


def import_hardwood():
    try:
        import hardwood
    except ImportError:
        sys.path.insert(0, os.path.join(ROOT, "python"))
        import hardwood
    return hardwood


def suite_models(cfg):
    """(name, dataset, description, factory) of the fixed suite; quick mode
    keeps every family and shape but shrinks the ensembles."""
    from sklearn.ensemble import (ExtraTreesClassifier,
                                  GradientBoostingRegressor,
                                  HistGradientBoostingClassifier,
                                  RandomForestClassifier)
    from sklearn.linear_model import LogisticRegression, Ridge
    full = cfg["scale"] == 1

    def size(full_value, quick_value):
        return full_value if full else quick_value

    def xgb(rounds, depth, objective):
        return ("xgboost", dict(objective=objective, rounds=size(rounds, 4),
                                max_depth=size(depth, 3)))

    def trees(family, count, depth):
        """What the model is in this run (quick mode shrinks it)."""
        if not full:
            count, depth = 4, depth if depth == "unlimited" else min(depth, 4)
        return f"{family} {count} trees, depth {depth}"
    return [
        ("xgb_100x6", "higgs", trees("XGBoost", 100, 6),
         xgb(100, 6, "binary:logistic")),
        ("xgb_500x8", "airline", trees("XGBoost", 500, 8),
         xgb(500, 8, "binary:logistic")),
        ("xgb_1000x8", "year", trees("XGBoost", 1000, 8),
         xgb(1000, 8, "reg:squarederror")),
        ("rf_d12", "higgs", trees("RandomForest", 100, 12),
         ("sklearn", RandomForestClassifier(
             n_estimators=size(100, 4), max_depth=size(12, 4),
             random_state=0, n_jobs=-1))),
        ("rf_full", "covtype", trees("RandomForest", 100, "unlimited"),
         ("sklearn", RandomForestClassifier(
             n_estimators=size(100, 4), max_depth=None, random_state=0,
             n_jobs=-1))),
        ("et", "letters", trees("ExtraTrees", 100, 12),
         ("sklearn", ExtraTreesClassifier(
             n_estimators=size(100, 4), max_depth=size(12, 4),
             random_state=0, n_jobs=-1))),
        ("gb", "abalone", trees("GradientBoosting", 100, 5),
         ("sklearn", GradientBoostingRegressor(
             n_estimators=size(100, 4), max_depth=size(5, 3),
             random_state=0))),
        ("hgb", "covtype",
         f"HistGradientBoosting {size(100, 4)} iterations, 31 leaves",
         ("sklearn", HistGradientBoostingClassifier(
             max_iter=size(100, 4), random_state=0))),
        ("logreg_binary", "epsilon", "LogisticRegression binary",
         ("sklearn", LogisticRegression(max_iter=size(300, 50)))),
        ("logreg_multinomial", "letters", "LogisticRegression multinomial",
         ("sklearn", LogisticRegression(multi_class="multinomial",
                                        max_iter=size(500, 50)))),
        ("ridge", "year", "Ridge", ("sklearn", Ridge(alpha=1.0))),
    ]


def make_dataset(name, cfg, seed):
    """(X_train, y_train, bench rows) of the dataset's shape, fixed seed."""
    from sklearn.datasets import make_classification, make_regression
    features, classes = DATASETS[name]
    n_train = cfg["wide_train_rows"] if features > 500 else cfg["train_rows"]
    # Bench rows: the largest batch, capped so the input stays a few tens
    # of MB for wide datasets (epsilon).
    n_bench = int(min(cfg["max_bench_rows"],
                      max(256, cfg["bench_bytes"] // (4 * features))))
    n = n_train + n_bench
    if classes:
        informative = min(features, max(8, features // 2), 40)
        X, y = make_classification(n_samples=n, n_features=features,
                                   n_informative=informative,
                                   n_redundant=min(2, features - informative),
                                   n_classes=classes, random_state=seed)
    else:
        X, y = make_regression(n_samples=n, n_features=features,
                               n_informative=min(features, 20), noise=1.0,
                               random_state=seed)
        # Standardised targets keep linear coefficients O(1), so float32
        # oneDNN can match float64 Hardwood within the agreement tolerance.
        y = (y - y.mean()) / y.std()
    X = X.astype(np.float32)
    return X[:n_train], y[:n_train], np.ascontiguousarray(X[n_train:])


def train(name, library, spec, X, y, work):
    """Fits and saves one model; returns (model file, bench options,
    oneDNN weights and post-op or None)."""
    hardwood = import_hardwood()
    if library == "xgboost":
        import xgboost as xgb
        # hist: XGBoost 1.7's default (exact greedy here) took minutes for
        # 500 depth-8 trees; the model's shape is what matters, not how
        # the splits were found.
        params = {"objective": spec["objective"], "tree_method": "hist",
                  "max_depth": spec["max_depth"], "eta": 0.1,
                  "nthread": os.cpu_count() or 1, "seed": 0}
        booster = xgb.train(params, xgb.DMatrix(X, label=y),
                            num_boost_round=spec["rounds"])
        path = os.path.join(work, f"{name}.json")
        booster.save_model(path)
        return path, ["--reference", "xgboost"], None
    import joblib
    # float64 values (the same float32 ones widened): sklearn's linear
    # models fitted on float32 keep float32 coefficients and predict in
    # float32, while the exported model (and DESIGN.md) computes in
    # float64. Trees cast to float32 either way.
    est = spec.fit(X.astype(np.float64), y)
    path = os.path.join(work, f"{name}.json")
    hardwood.export(est, path)
    joblib_path = os.path.join(work, f"{name}.joblib")
    joblib.dump(est, joblib_path)
    onednn = None
    if hasattr(est, "coef_"):
        coef = np.atleast_2d(est.coef_)
        intercept = np.broadcast_to(est.intercept_, (coef.shape[0],))
        weights = np.hstack([coef, intercept[:, None]])
        # Multinomial: matmul + softmax, the work of Hardwood's proba.
        # Binary: hardwood-benchmarks has no sigmoid post-op, so oneDNN
        # computes the decision function (matmul only) and is compared with
        # Hardwood's decision; its figures are for slightly less work than
        # the proba timed on both other sides. Ridge: matmul = predict.
        post, kind = "identity", None
        if hasattr(est, "classes_"):
            post, kind = (("softmax", None) if weights.shape[0] > 1
                          else ("identity", "decision"))
        weights_path = os.path.join(work, f"{name}.onednn.npy")
        np.save(weights_path, np.ascontiguousarray(weights.astype(np.float32)))
        onednn = (weights_path, post, kind)
    return path, ["--reference-model", joblib_path], onednn


def run_onednn(benchmarks_bin, name, library, rows_path, kind, onednn, cfg):
    """oneDNN's rows/s per batch (1 thread) from hardwood-benchmarks, or a
    note saying why there is none."""
    weights, post, onednn_kind = onednn
    cmd = [benchmarks_bin, f"--model={name}={library}",
           f"--kind={name}={onednn_kind or kind}", f"--onednn={name}={weights}",
           f"--onednn-post={name}={post}", f"--rows={rows_path}",
           "--batches=" + ",".join(map(str, cfg["batches_used"])),
           "--benchmark_filter=^onednn/", "--benchmark_format=json",
           f"--benchmark_min_time={cfg['min_time']}"]
    env = dict(os.environ, OMP_NUM_THREADS="1")
    proc = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, text=True)
    if proc.returncode != 0:
        return None, f"hardwood-benchmarks failed (exit {proc.returncode})"
    entries = json.loads(proc.stdout).get("benchmarks", [])
    results, errors = [], []
    for entry in entries:
        if entry.get("error_occurred"):
            errors.append(entry.get("error_message", "?"))
            continue
        fields = dict(p.split(":", 1) for p in entry["name"].split("/")
                      if ":" in p)
        results.append({"threads": 1, "batch": int(fields["batch"]),
                        "kind": onednn_kind or kind,
                        "ns_per_row": entry["ns/row"],
                        "rows_per_s": entry["rows/s"]})
    if errors:
        # One line per distinct message (each batch size repeats it).
        return None, ("oneDNN (float32) disagrees with Hardwood beyond 1e-5, "
                      "not timed: " + "; ".join(dict.fromkeys(errors)))
    if not results:
        return None, "hardwood-benchmarks was built without oneDNN"
    return sorted(results, key=lambda r: r["batch"]), None


# --------------------------------------------------------------------------
# Combined report
# --------------------------------------------------------------------------

def fmt(value, spec=",.0f", suffix=""):
    return "-" if value is None else f"{value:{spec}}{suffix}"


def figure(report, threads, batch, side, key):
    for row in report.get("results", []):
        if str(row["threads"]) == threads and row["batch"] == batch:
            value = row.get(side) if side in (
                "speedup", "input_gb_s", "ns_per_node_visit",
                "thread_scaling") else \
                (row.get(side) or {}).get(key)
            return value
    return None


def latency(report, threads, side, key):
    for row in report.get("latency", []):
        if str(row["threads"]) == threads:
            return (row.get(side) or {}).get(key)
    return None


def combined_markdown(entries, machine, versions, cfg, mode, load):
    bw = machine.get("read_bandwidth_gb_s", {})
    lines = [
        f"# Hardwood benchmark suite ({mode} run, {time.strftime('%Y-%m-%d')})",
        "",
        f"- machine: {machine.get('cpu_model', '?')} (LLVM: "
        f"{machine.get('llvm_host_cpu', '?')}), "
        f"{machine.get('logical_cpus', '?')} logical CPUs, "
        f"{machine.get('physical_cores', '?')} physical cores; "
        f"{machine.get('features_summary', '')}",
        f"- load average when the run started: {load}",
        f"- memory read bandwidth (streaming sum, same run): "
        f"{fmt(bw.get('1'), '.1f')} GB/s on 1 thread, "
        f"{fmt(bw.get('all'), '.1f')} GB/s on all threads"
        + (f" ({bw['all'] / bw['1']:.2f}x)" if bw.get("1") and bw.get("all")
           else ""),
        f"- versions: Hardwood {versions.get('hardwood', '?')}, LLVM "
        f"{versions.get('llvm', '?')}; "
        + ", ".join(f"{k} {v}" for k, v in sorted(
            versions.get("libraries", {}).items())),
        f"- batches {', '.join(map(str, cfg['batches']))} (capped at the "
        f"rows of each input); 'all' = {machine.get('logical_cpus', '?')} "
        "threads; speedup = reference ns/row / Hardwood ns/row",
        "",
        "## Summary",
        "",
        "| model | shape | reference | agrees | batch 1 median / p99 "
        "(Hardwood, ns) | batch 1 median / p99 (Hardwood in Python, us) | "
        "batch 1 median / p99 (reference, us) | rows/s 1 "
        "thread, "
        "largest batch (Hardwood / reference / speedup) | rows/s all "
        "threads, largest batch (Hardwood / reference / speedup) | Hardwood "
        "all threads / 1 thread | ns/node visit | input GB/s |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for e in entries:
        r = e["report"]
        largest = max((row["batch"] for row in r.get("results", [])),
                      default=None)
        ref = ((r.get("versions") or {}).get("reference") or {}).get(
            "library", "-")
        if e.get("onednn"):
            ref += " / oneDNN"
        agreement = r.get("agreement") or {}
        python = e.get("python_batch1") or {}
        cells = [
            f"{e['name']} ({e['description']})",
            f"{e['dataset']} {e['features']}f"
            + (f" {e['classes']}c" if e["classes"] else " reg"),
            ref,
            "yes" if agreement.get("ok") else "**NO**",
            f"{fmt(latency(r, '1', 'hardwood', 'median_ns'), ',.0f')} / "
            f"{fmt(latency(r, '1', 'hardwood', 'p99_ns'), ',.0f')}",
            f"{fmt(_us(python.get('median_ns')), ',.2f')} / "
            f"{fmt(_us(python.get('p99_ns')), ',.2f')}",
            f"{fmt(_us(latency(r, '1', 'reference', 'median_ns')), ',.1f')} / "
            f"{fmt(_us(latency(r, '1', 'reference', 'p99_ns')), ',.1f')}",
        ]
        for threads in ("1", "all"):
            cells.append(
                f"{fmt(figure(r, threads, largest, 'hardwood', 'rows_per_s'))}"
                f" / {fmt(figure(r, threads, largest, 'reference', 'rows_per_s'))}"
                f" / {fmt(figure(r, threads, largest, 'speedup', None), '.2f', 'x')}")
        cells.append(fmt(figure(r, "all", largest, "thread_scaling", None),
                         ".2f", "x"))
        cells.append(fmt(figure(r, "1", largest, "ns_per_node_visit", None),
                         ".2f"))
        cells.append(fmt(figure(r, "1", largest, "input_gb_s", None), ".2f"))
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["", "Batch 1 median / p99 of Hardwood in ns (C API), of "
              "Hardwood in Python and of the reference in microseconds (time "
              "per call over repeated calls, 1 thread; Python: the "
              "CompiledModel method of the kind timed, predict_proba for "
              "classifiers, as the reference's own method)."
              " ns/node visit and input GB/s: 1 thread, largest batch."
              " All threads / 1 thread: Hardwood's one-thread time over its"
              " all-thread time at the largest batch, the median over rounds"
              " that time both (hardwood bench's thread_scaling); compare it"
              " with the read bandwidth's all / 1 ratio above for the"
              " input-bound linear models.", "",
              "## Every figure", "",
              "| model | threads | batch | Hardwood rows/s | reference rows/s "
              "| speedup | oneDNN rows/s | input GB/s | ns/node visit |",
              "|---|---|---|---|---|---|---|---|---|"]
    for e in entries:
        r = e["report"]
        onednn = {row["batch"]: row for row in e.get("onednn") or []}
        for row in r.get("results", []):
            threads = str(row["threads"])
            dnn = onednn.get(row["batch"]) if threads == "1" else None
            lines.append(
                f"| {e['name']} | {threads} | {row['batch']} | "
                f"{fmt((row.get('hardwood') or {}).get('rows_per_s'))} | "
                f"{fmt((row.get('reference') or {}).get('rows_per_s'))} | "
                f"{fmt(row.get('speedup'), '.2f', 'x')} | "
                f"{fmt(dnn['rows_per_s'] if dnn else None)} | "
                f"{fmt(row.get('input_gb_s'), '.2f')} | "
                f"{fmt(row.get('ns_per_node_visit'), '.3f')} |")
    notes = [f"- {e['name']}: {e['onednn_note']}" for e in entries
             if e.get("onednn_note")]
    if notes:
        lines += ["", "oneDNN notes:", ""] + notes
    return "\n".join(lines) + "\n"


def tune_markdown(entries, mode, load, cpu, limit):
    lines = [
        f"# Hardwood --tune check ({mode} run, {time.strftime('%Y-%m-%d')})",
        "",
        f"- machine: {cpu}; load average when the run started: {load}",
        "- each model: `hardwood compile MODEL --tune --tune-data ROWS` on "
        "this host, 1 thread, the minimum over rounds that time every "
        "candidate in turn; ratio = the cost model's ns/row / the fastest "
        "candidate's ns/row",
        f"- acceptance: ratio <= {limit:.2f} on every model",
        "",
        "| model | candidates | rows | cost model ns/row | fastest ns/row "
        "| ratio | within | load | cost model's schedule | fastest schedule |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]

    def short(schedule):
        text = (schedule or "-").replace("#hardwood.schedule<", "")
        return text.rstrip(">")
    for e in entries:
        t = e.get("tune")
        if not t:
            lines.append(f"| {e['name']} | - | - | - | - | - | **failed** "
                         f"| - | {e.get('error', '')} | |")
            continue
        by_schedule = {c["schedule"]: c["ns_per_row"]
                       for c in t["candidates"]}
        ratio = t["cost_model_ratio"]
        lines.append(
            f"| {e['name']} ({e['description']}) | {len(t['candidates'])} "
            f"| {t['rows']} "
            f"| {fmt(by_schedule.get(t['cost_model_choice']), ',.1f')} "
            f"| {fmt(by_schedule.get(t['winner']), ',.1f')} "
            f"| {ratio:.3f} | {'yes' if ratio <= limit else '**no**'} "
            f"| {e.get('load_average_after', '-')} "
            f"| `{short(t['cost_model_choice'])}` | `{short(t['winner'])}` |")
    lines += ["", "load: the 1-minute load average when the model's tuning "
              "ended; on a machine busier than its cores the minimum over "
              "rounds still varies between runs. Every candidate's ns/row "
              "is in tune.json (and in each tuned library: `hardwood "
              "inspect models/NAME.tuned.so`)."]
    return "\n".join(lines) + "\n"


def tune_check(args, cfg, mode, hardwood_cli, out, work, load, models):
    """--tune-check: the tuner on every suite model (see the module doc)."""
    limit = 1.10
    entries, failures = [], []
    for seed, (name, dataset, description, (library, spec)) in enumerate(
            models):
        if args.only and name not in args.only:
            continue
        rows_path = os.path.join(work, f"{name}.rows.npy")
        model_path = os.path.join(work, f"{name}.json")
        if os.path.exists(rows_path) and os.path.exists(model_path):
            log(f"== {name}: reusing {model_path}")
        else:
            X, y, rows = make_dataset(dataset, cfg, seed=100 + seed)
            np.save(rows_path, rows)
            model_path, _, _ = train(name, library, spec, X, y, work)
        tuned = os.path.join(work, f"{name}.tuned.so")
        cmd = [hardwood_cli, "compile", model_path, "-o", tuned, "--tune",
               "--tune-data", rows_path, "--tune-rows",
               str(args.tune_rows), "--tune-time-budget",
               str(args.tune_time_budget)]
        log(f"== {name}: {' '.join(cmd)}")
        started = time.perf_counter()
        proc = subprocess.run(cmd)
        entry = {"name": name, "dataset": dataset, "description": description,
                 "tune_s": time.perf_counter() - started,
                 "load_average_after": round(os.getloadavg()[0], 2)}
        if proc.returncode != 0:
            entry["error"] = f"hardwood compile --tune failed (exit " \
                             f"{proc.returncode})"
            failures.append(f"{name}: {entry['error']}")
            entries.append(entry)
            continue
        info = json.loads(subprocess.run(
            [hardwood_cli, "inspect", tuned, "--json"], check=True,
            stdout=subprocess.PIPE, text=True).stdout)
        entry["tune"] = info.get("tune")
        if not info.get("tuned") or not entry["tune"]:
            failures.append(f"{name}: the tuned library records no tuning")
        elif entry["tune"]["cost_model_ratio"] > limit:
            log(f"== {name}: the cost model's choice takes "
                f"{entry['tune']['cost_model_ratio']:.3f}x the fastest's "
                "time")
        entries.append(entry)
    cpu = next((line.split(":", 1)[1].strip()
                for line in open("/proc/cpuinfo")
                if line.startswith("model name")), "?")
    summary = {"format": "hardwood-tune-check/1", "mode": mode,
               "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
               "load_average": load, "cpu_model": cpu, "limit": limit,
               "models": entries, "failures": failures,
               "within_limit": all(
                   e.get("tune") and e["tune"]["cost_model_ratio"] <= limit
                   for e in entries)}
    with open(os.path.join(out, "tune.json"), "w") as f:
        json.dump(summary, f, indent=1)
    markdown = tune_markdown(entries, mode, load, cpu, limit)
    with open(os.path.join(out, "tune.md"), "w") as f:
        f.write(markdown)
    print(markdown)
    # A ratio over the limit is a finding of the report, not a failure:
    # nothing here asserts on speed.
    if failures:
        print("FAILED:", file=sys.stderr)
        for failure in failures:
            print("  " + failure, file=sys.stderr)
        return 1
    return 0


def _us(ns):
    return None if ns is None else ns / 1e3


# hardwood bench kind -> the CompiledModel (and estimator) method.
_PYTHON_METHODS = {"predict": "predict", "proba": "predict_proba",
                   "decision": "decision_function", "score": "score_samples",
                   "leaf": "apply"}


def python_batch1(hardwood, library, model_path, joblib_path, kind, rows,
                  budget):
    """Batch 1 through Hardwood's Python API: the CompiledModel method that
    hardwood bench timed through the C API (predict_proba for the
    classifiers), compiled from the estimator (sklearn) or the model file
    (XGBoost), called row by row on one thread. The same per-call timing as
    the reference's Python batch 1 in the bench report
    (bench_reference._latency): median and p99 of single calls."""
    from hardwood import bench_reference
    method = _PYTHON_METHODS[kind]
    if library == "xgboost":
        compiled = hardwood.compile(model_path, n_threads=1)
    else:
        import joblib
        compiled = hardwood.compile(joblib.load(joblib_path), n_threads=1)
    with compiled:
        result = bench_reference._latency(getattr(compiled, method), rows,
                                          budget)
    result["method"] = f"CompiledModel.{method}"
    result["package"] = os.path.dirname(hardwood.__file__)
    result["native_module"] = sys.modules["hardwood._native"].__file__
    return result


def find_tool(explicit, build_dir, name, required=True):
    if explicit:
        return explicit
    candidate = os.path.join(build_dir, "bin", name)
    if os.path.exists(candidate):
        return candidate
    found = shutil.which(name)
    if not found and required:
        raise SystemExit(f"cannot find {name}: build it or pass its path")
    return found


def main(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", required=True,
                        help="output directory (suite.md, suite.json, "
                             "suite.png, NAME/report.*, models and rows)")
    parser.add_argument("--quick", action="store_true",
                        help="tiny models, short timings (smoke test; the "
                             "figures mean nothing)")
    parser.add_argument("--only", action="append", default=[],
                        metavar="NAME", help="run only these suite models")
    parser.add_argument("--build-dir", default=os.path.join(ROOT, "build"))
    parser.add_argument("--hardwood", help="hardwood CLI (default: "
                        "BUILD_DIR/bin/hardwood, then PATH)")
    parser.add_argument("--benchmarks", help="hardwood-benchmarks for the "
                        "oneDNN baseline (default: BUILD_DIR/bin, then PATH)")
    parser.add_argument("--tune-check", action="store_true",
                        help="run hardwood compile --tune on every suite "
                             "model and report the cost model's choice "
                             "against the fastest candidate (tune.md, "
                             "tune.json) instead of the benchmarks")
    parser.add_argument("--tune-rows", type=int, default=4096,
                        help="--tune-check: rows each candidate is timed on")
    parser.add_argument("--tune-time-budget", type=float, default=10.0,
                        help="--tune-check: seconds of timing per model")
    args = parser.parse_args(argv)

    use_build_package(args.build_dir)
    cfg = dict(QUICK if args.quick else FULL)
    mode = "quick" if args.quick else "full"
    hardwood_cli = find_tool(args.hardwood, args.build_dir, "hardwood")
    benchmarks_bin = find_tool(args.benchmarks, args.build_dir,
                               "hardwood-benchmarks", required=False)
    out = os.path.abspath(args.out)
    work = os.path.join(out, "models")
    os.makedirs(work, exist_ok=True)
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())

    models = suite_models(cfg)
    unknown = set(args.only) - {m[0] for m in models}
    if unknown:
        raise SystemExit(f"unknown suite models: {', '.join(sorted(unknown))}")
    if args.tune_check:
        return tune_check(args, cfg, mode, hardwood_cli, out, work, load,
                          models)
    entries, failures = [], []
    for seed, (name, dataset, description, (library, spec)) in enumerate(
            models):
        if args.only and name not in args.only:
            continue
        started = time.perf_counter()
        X, y, rows = make_dataset(dataset, cfg, seed=100 + seed)
        rows_path = os.path.join(work, f"{name}.rows.npy")
        np.save(rows_path, rows)
        if args.quick:
            # Tiny models: OpenMP's thread start-up (HistGradientBoosting)
            # costs more than the fit on a busy machine.
            from threadpoolctl import threadpool_limits
            with threadpool_limits(limits=1):
                model_path, ref_args, onednn = train(name, library, spec, X,
                                                     y, work)
        else:
            model_path, ref_args, onednn = train(name, library, spec, X, y,
                                                 work)
        trained = time.perf_counter()

        batches = sorted({min(b, rows.shape[0]) for b in cfg["batches"]})
        cfg["batches_used"] = batches
        report_dir = os.path.join(out, name)
        cmd = [hardwood_cli, "bench", model_path, "--input", rows_path,
               "--report", report_dir, "--min-time", str(cfg["min_time"])]
        cmd += ref_args
        for batch in batches:
            cmd += ["--batch", str(batch)]
        log(f"== {name}: {' '.join(cmd)}")
        proc = subprocess.run(cmd, stdout=subprocess.PIPE, text=True)
        sys.stderr.write(proc.stdout)
        report_json = os.path.join(report_dir, "report.json")
        if proc.returncode != 0 or not os.path.exists(report_json):
            failures.append(f"{name}: hardwood bench failed "
                            f"(exit {proc.returncode})")
            continue
        with open(report_json) as f:
            report = json.load(f)
        features, classes = DATASETS[dataset]
        entry = {"name": name, "dataset": dataset, "features": features,
                 "classes": classes, "description": description,
                 "train_s": trained - started,
                 "compile_s": report["model"].get("compile_and_load_s"),
                 "report_dir": os.path.relpath(report_dir, out),
                 "report": report}
        try:
            entry["python_batch1"] = python_batch1(
                import_hardwood(), library, model_path,
                os.path.join(work, f"{name}.joblib"), report["model"]["kind"],
                rows, cfg["min_time"])
        except Exception as error:  # reported, the run goes on
            failures.append(f"{name}: Python batch 1 not timed: {error}")
        if onednn and benchmarks_bin:
            # hardwood-benchmarks loads a compiled library.
            compiled = os.path.join(work, f"{name}.so")
            subprocess.run([hardwood_cli, "compile", model_path, "-o",
                            compiled], check=True)
            results, note = run_onednn(benchmarks_bin, name, compiled,
                                       rows_path, report["model"]["kind"],
                                       onednn, cfg)
            entry["onednn"], entry["onednn_note"] = results, note
            if results:
                # The model's own report gets the baseline too.
                report["onednn"] = results
                with open(report_json, "w") as f:
                    json.dump(report, f, indent=2)
        elif onednn:
            entry["onednn_note"] = "hardwood-benchmarks not found"
        entries.append(entry)

        agreement = report.get("agreement") or {}
        if not agreement.get("ok"):
            failures.append(f"{name}: Hardwood disagrees with the reference: "
                            f"{agreement}")
        for file in ("report.md", "report.json"):
            if not os.path.exists(os.path.join(report_dir, file)):
                failures.append(f"{name}: no {file}")
        for row in report.get("results", []):
            if not (row.get("hardwood") or {}).get("ns_per_row", 0) > 0:
                failures.append(f"{name}: no positive Hardwood ns/row at "
                                f"threads {row['threads']} batch "
                                f"{row['batch']}")
        log(f"== {name}: trained in {entry['train_s']:.1f} s, compiled and "
            f"loaded in {entry['compile_s'] or 0:.1f} s, total "
            f"{time.perf_counter() - started:.1f} s")

    if not entries:
        raise SystemExit("no suite model ran: " + "; ".join(failures))
    machine = entries[0]["report"].get("machine", {})
    import sklearn
    import xgboost
    versions = dict(entries[0]["report"].get("versions", {}))
    versions.pop("reference", None)
    versions["libraries"] = {"sklearn": sklearn.__version__,
                             "xgboost": xgboost.__version__,
                             "numpy": np.__version__}
    summary = {"format": "hardwood-bench-suite/1", "mode": mode,
               "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
               "load_average": load, "machine": machine,
               "versions": versions, "batches": cfg["batches"],
               "models": entries, "failures": failures}
    with open(os.path.join(out, "suite.json"), "w") as f:
        json.dump(summary, f, indent=1)
    with open(os.path.join(out, "suite.md"), "w") as f:
        f.write(combined_markdown(entries, machine, versions, cfg, mode, load))

    from hardwood import bench_plot
    have_matplotlib = True
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        have_matplotlib = False
        log("matplotlib is missing (apt-get install python3-matplotlib): "
            "suite.png and the oneDNN curves not drawn")
    else:
        reports = []
        for e in entries:
            reports.append(dict(e["report"], name=e["name"]))
            if e.get("onednn"):  # redraw: the CLI's plot had no oneDNN
                bench_plot.plot(
                    [reports[-1]],
                    os.path.join(out, e["report_dir"], "report.png"))
        bench_plot.plot(reports, os.path.join(out, "suite.png"),
                        f"Hardwood suite ({mode}): "
                        f"{machine.get('cpu_model', '?')}, "
                        f"{machine.get('logical_cpus', '?')} logical CPUs")

    expected = ["suite.md", "suite.json"]
    if have_matplotlib:
        expected.append("suite.png")
        expected += [os.path.join(e["report_dir"], "report.png")
                     for e in entries]
    failures += [f"{path} was not written" for path in expected
                 if not os.path.exists(os.path.join(out, path))]

    print(open(os.path.join(out, "suite.md")).read())
    if failures:
        print("FAILED:", file=sys.stderr)
        for failure in failures:
            print("  " + failure, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
