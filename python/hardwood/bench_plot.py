"""Plots of ``hardwood bench --report``: rows/s against batch size, log-log,
Hardwood against the reference library (and oneDNN for linear models where
the suite measured it), 1 thread and all threads. One panel per report.

Run by the ``hardwood`` CLI as
``/usr/bin/python3 -m hardwood.bench_plot --output report.png report.json``
and by ``benchmarks/suite.py`` for its combined plot. Exits with status 3
(``NO_MATPLOTLIB``) when matplotlib is not installed.
"""

import argparse
import json
import math
import os
import sys

NO_MATPLOTLIB = 3

# (series, threads) -> matplotlib style; one colour per contender, solid
# for 1 thread and dashed for all threads.
COLOURS = {"hardwood": "tab:blue", "reference": "tab:orange",
           "onednn": "tab:green"}


def series(report):
    """{(contender, threads label): [(batch, rows/s)]} of one report."""
    out = {}
    for row in report.get("results", []):
        threads = str(row["threads"])
        for contender in ("hardwood", "reference"):
            figures = row.get(contender)
            if figures and figures.get("rows_per_s"):
                out.setdefault((contender, threads), []).append(
                    (row["batch"], figures["rows_per_s"]))
    for row in report.get("onednn", []):
        out.setdefault(("onednn", str(row["threads"])), []).append(
            (row["batch"], row["rows_per_s"]))
    for points in out.values():
        points.sort()
    return out


def label(report, contender, threads):
    if contender == "reference":
        name = ((report.get("versions") or {}).get("reference") or {}).get(
            "library", "reference")
    else:
        name = {"hardwood": "Hardwood", "onednn": "oneDNN"}[contender]
    count = (report.get("threads") or {}).get("all", "all")
    return f"{name}, {'1 thread' if threads == '1' else f'{count} threads'}"


def title(report):
    model = report.get("model", {})
    name = report.get("name") or os.path.basename(model.get("path", "?"))
    return f"{name} ({model.get('kind', '?')})"


def plot(reports, output, heading=None):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    columns = min(3, len(reports))
    rows = math.ceil(len(reports) / columns)
    fig, axes = plt.subplots(rows, columns, squeeze=False,
                             figsize=(5.2 * columns, 3.9 * rows))
    for ax in axes.flat[len(reports):]:
        ax.set_visible(False)
    for ax, report in zip(axes.flat, reports):
        for (contender, threads), points in sorted(series(report).items()):
            xs, ys = zip(*points)
            ax.plot(xs, ys, marker="o", markersize=3,
                    color=COLOURS[contender],
                    linestyle="-" if threads == "1" else "--",
                    label=label(report, contender, threads))
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("batch size (rows)")
        ax.set_ylabel("rows/s")
        ax.set_title(title(report), fontsize=10)
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=7)
    machine = reports[0].get("machine", {}) if reports else {}
    fig.suptitle(heading or f"{machine.get('cpu_model', '?')}, "
                 f"{machine.get('logical_cpus', '?')} logical CPUs",
                 fontsize=11)
    fig.tight_layout(rect=(0, 0, 1, 0.97))  # room for the suptitle
    fig.savefig(output, dpi=110)
    plt.close(fig)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("reports", nargs="+", help="report.json files")
    parser.add_argument("--output", required=True, help="PNG to write")
    parser.add_argument("--title", help="figure title (default: the CPU)")
    args = parser.parse_args(argv)
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        print("hardwood.bench_plot: matplotlib is not installed "
              "(apt-get install python3-matplotlib); no plot written",
              file=sys.stderr)
        return NO_MATPLOTLIB
    reports = []
    for path in args.reports:
        with open(path) as f:
            reports.append(json.load(f))
    plot(reports, args.output, args.title)
    return 0


if __name__ == "__main__":
    sys.exit(main())
