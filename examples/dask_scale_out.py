#!/usr/bin/env python3
"""Scores 10 million rows with a compiled model on a Dask cluster and prints
the throughput beside the same compiled model in this one process.

    /usr/bin/python3 examples/dask_scale_out.py                  # local cluster
    /usr/bin/python3 examples/dask_scale_out.py --workers 4 --rows 2000000
    /usr/bin/python3 examples/dask_scale_out.py --scheduler tcp://head:8786

The model (a GradientBoostingClassifier of 100 depth-6 trees on 28 features,
the shape of the Higgs benchmark) is compiled once here; the rows (float32)
are generated on the workers, partition by partition, and kept there, so
the timing is scoring, not data loading. The artifact reaches each worker
once (``hardwood.dask.worker_stats`` counts it). The cluster's result is
compared bit for bit with the single-process one.

On several machines: start ``dask scheduler`` on one, ``dask worker
tcp://SCHEDULER:8786 --nthreads N`` on each (every worker needs Hardwood's
Python package and runtime installed, not the compiler), and pass
``--scheduler tcp://SCHEDULER:8786`` here. Compile for a target every worker
can run (``--target x86-64-v3``), or see docs/scale-out.md for a list of
artifacts chosen per worker.
"""

import argparse
import os
import platform
import time

import numpy as np


def cpu_model():
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def train(features, seed=0):
    from sklearn.datasets import make_classification
    from sklearn.ensemble import GradientBoostingClassifier
    X, y = make_classification(n_samples=5_000, n_features=features,
                               n_informative=features // 2, random_state=seed)
    X = (X - X.min(axis=0)) / np.ptp(X, axis=0)  # like the scored rows: [0, 1)
    return GradientBoostingClassifier(n_estimators=100, max_depth=6,
                                      random_state=seed).fit(X, y)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--features", type=int, default=28)
    parser.add_argument("--chunk", type=int, default=250_000,
                        help="rows per partition")
    parser.add_argument("--workers", type=int, default=2,
                        help="worker processes of the local cluster")
    parser.add_argument("--threads-per-worker", type=int, default=1)
    parser.add_argument("--scheduler", help="address of a running scheduler "
                        "(default: start a local cluster)")
    parser.add_argument("--target", default="native")
    parser.add_argument("--repeat", type=int, default=3,
                        help="timed runs of each; the best is reported")
    args = parser.parse_args()

    import dask.array as da
    import distributed

    import hardwood
    import hardwood.dask as hd

    started = time.perf_counter()
    model = hardwood.compile(train(args.features), target=args.target)
    print(f"model: {model!r}, compiled in {time.perf_counter() - started:.1f} s "
          "(training included)")

    if args.scheduler:
        client = distributed.Client(args.scheduler)
        cluster = None
    else:
        cluster = distributed.LocalCluster(
            n_workers=args.workers, threads_per_worker=args.threads_per_worker,
            processes=True, dashboard_address=None, silence_logs=40)
        client = distributed.Client(cluster)
    workers = client.scheduler_info()["workers"]
    threads = sum(w["nthreads"] for w in workers.values())
    print(f"cluster: {len(workers)} workers, {threads} threads "
          f"({'scheduler ' + args.scheduler if args.scheduler else 'local'})")

    x = da.random.RandomState(42).random_sample(
        (args.rows, args.features), chunks=(args.chunk, args.features)
    ).astype(np.float32)
    x = client.persist(x)
    distributed.wait(x)

    # The cluster: the results are reduced on the workers (only column sums
    # come back, as a job writing its results out would send nothing), then
    # once more in full into this process. Every run scores afresh: the
    # scheduler releases the partitions once their sums are taken, and each
    # run's final key differs (a finished key the client released a moment
    # ago may still be in memory and would come back at once).
    proba = hd.predict_proba(model, x, client=client)
    in_cluster = []
    for run in range(args.repeat):
        begin = time.perf_counter()
        client.compute(proba.sum(axis=0) + run, sync=True)
        in_cluster.append(time.perf_counter() - begin)
    begin = time.perf_counter()
    result = client.compute(proba, sync=True)
    gathered = time.perf_counter() - begin

    # One process: the same model, the same rows, all this process's threads.
    local_times = []
    offsets = np.cumsum((0,) + x.chunks[0])
    expected = np.empty_like(result)
    for repeat in range(args.repeat):
        spent = 0.0
        for block, (lo, hi) in enumerate(zip(offsets[:-1], offsets[1:])):
            rows = x.blocks[block].compute()  # fetched, not timed
            begin = time.perf_counter()
            expected[lo:hi] = model.predict_proba(rows)
            spent += time.perf_counter() - begin
        local_times.append(spent)
    identical = np.array_equal(result, expected)

    stats = client.run(hd.worker_stats)
    sent = sorted(s["plugin_setups"] for s in stats.values())
    best_cluster, best_local = min(in_cluster), min(local_times)
    print(f"CPU: {cpu_model()}, {os.cpu_count()} CPUs, "
          f"hardwood threads in this process: {model._thread_count()}")
    print(f"rows: {args.rows:,} x {args.features} float32, "
          f"{len(x.chunks[0])} partitions")
    print("seconds per run: one process "
          + ", ".join(f"{t:.3f}" for t in local_times) + "; cluster "
          + ", ".join(f"{t:.3f}" for t in in_cluster))
    print(f"one process:       {best_local:7.3f} s  "
          f"{args.rows / best_local / 1e6:8.2f} M rows/s")
    print(f"cluster (scored):  {best_cluster:7.3f} s  "
          f"{args.rows / best_cluster / 1e6:8.2f} M rows/s  "
          f"({best_local / best_cluster:.2f}x one process)")
    print(f"cluster + gather:  {gathered:7.3f} s  "
          f"{args.rows / gathered / 1e6:8.2f} M rows/s  (the "
          f"{result.nbytes / 2**20:.0f} MiB of results copied into this process)")
    print(f"artifact received per worker: {sent}; "
          f"bit-identical to one process: {identical}")
    client.close()
    if cluster is not None:
        cluster.close()
    return 0 if identical else 1


if __name__ == "__main__":
    raise SystemExit(main())
