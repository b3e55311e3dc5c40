"""Builds and runs examples/ against an installed Hardwood, as a user would.

Installs the build into a fresh prefix (``cmake --install``), trains and
exports a small scikit-learn classifier, compiles it with the installed
``hardwood`` to a static library + header, then configures, builds and runs
each example with ``find_package(Hardwood)`` from that prefix, checking the
predictions against scikit-learn. ``examples/cmake-model`` compiles its model
at build time with ``hardwood_add_model``: the test builds and runs it, then
replaces the model file with another model and checks that the next build
recompiles it (``ninja -n`` lists the step, the program's output changes and
matches the new model) and that a build with nothing changed does nothing.
The installed ``hardwood.pc`` links the same program with pkg-config. Also checks that the installed Python
package (``hardwood.compile``) works from the prefix alone. Exit status 0 on
success, 77 when scikit-learn is missing (ctest: skipped), 1 otherwise.
"""

import argparse
import os
import shutil
import subprocess
import sys

SKIPPED = 77
EXAMPLES = {"cpp-threads": "cpp_threads", "c-latency": "c_latency"}


def run(command, **kwargs):
    print("+ " + " ".join(str(c) for c in command), flush=True)
    result = subprocess.run(command, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, check=False,
                            **kwargs)
    print(result.stdout, end="", flush=True)
    if result.returncode != 0:
        raise SystemExit(f"FAILED (exit status {result.returncode}): "
                         f"{' '.join(str(c) for c in command)}")
    return result.stdout


def write_model(work):
    """Trains a 3-class GradientBoosting model (softmax: exercises libm in
    the kernels); writes model.json, rows.bin (float32) and expected.bin
    (sklearn's predict_proba, float64)."""
    import numpy as np
    from sklearn.datasets import make_classification
    from sklearn.ensemble import GradientBoostingClassifier

    import hardwood

    X, y = make_classification(n_samples=1500, n_features=10, n_informative=6,
                               n_classes=3, random_state=0)
    X = X.astype(np.float32)
    estimator = GradientBoostingClassifier(n_estimators=20, max_depth=4,
                                           random_state=0).fit(X[:1000], y[:1000])
    rows = np.ascontiguousarray(X[1000:])
    hardwood.export(estimator, os.path.join(work, "model.json"))
    rows.tofile(os.path.join(work, "rows.bin"))
    estimator.predict_proba(rows).astype(np.float64).tofile(
        os.path.join(work, "expected.bin"))
    return estimator, rows


def train_second_model(work):
    """Another classifier on the same features: the "edited" model file of
    the rebuild check; writes model2.json and expected2.bin."""
    import numpy as np
    from sklearn.datasets import make_classification
    from sklearn.ensemble import GradientBoostingClassifier

    import hardwood

    X, y = make_classification(n_samples=1500, n_features=10, n_informative=6,
                               n_classes=3, random_state=0)
    X = X.astype(np.float32)
    estimator = GradientBoostingClassifier(n_estimators=7, max_depth=2,
                                           random_state=1).fit(X[:1000], y[:1000])
    hardwood.export(estimator, os.path.join(work, "model2.json"))
    estimator.predict_proba(np.ascontiguousarray(X[1000:])).astype(
        np.float64).tofile(os.path.join(work, "expected2.bin"))


def check_cmake_model(args, prefix, model_dir, work):
    """examples/cmake-model: hardwood_add_model compiles at build time, and
    again when the model file changes."""
    import time

    source = os.path.join(args.source_dir, "examples", "cmake-model")
    build = os.path.join(work, "cmake-model")
    model = os.path.join(work, "cmake-model-model.json")
    shutil.copyfile(os.path.join(model_dir, "model.json"), model)
    configure = [args.cmake, "--no-warn-unused-cli", "-G", args.generator,
                 "-S", source, "-B", build, "-DCMAKE_BUILD_TYPE=Release",
                 f"-DCMAKE_PREFIX_PATH={prefix}", f"-DMODEL={model}"]
    if args.c_compiler:
        configure.append(f"-DCMAKE_C_COMPILER={args.c_compiler}")
    if args.cxx_compiler:
        configure.append(f"-DCMAKE_CXX_COMPILER={args.cxx_compiler}")
    run(configure)
    compiling = "Hardwood: compiling model classifier"
    log = run([args.cmake, "--build", build])
    assert compiling in log, "the first build compiles the model"
    program = os.path.join(build, "model_app")
    rows = os.path.join(model_dir, "rows.bin")
    first = run([program, rows, os.path.join(model_dir, "expected.bin")])
    log = run([args.cmake, "--build", build])
    assert compiling not in log, "nothing changed: the model is not recompiled"

    # Edit the model: another classifier replaces the file.
    train_second_model(model_dir)
    time.sleep(1.1)  # a newer mtime than the archive, on any file system
    shutil.copyfile(os.path.join(model_dir, "model2.json"), model)
    if args.generator == "Ninja":
        dry = run([args.cmake, "--build", build, "--", "-n"])
        assert compiling in dry, "ninja -n: the model is out of date"
    log = run([args.cmake, "--build", build])
    assert compiling in log, "the edited model is recompiled"
    second = run([program, rows, os.path.join(model_dir, "expected2.bin")])
    assert first != second, "the program uses the new model"
    print("cmake-model: recompiled after the model changed")

    # pkg-config: the same program, linked by hand against the runtime.
    pkg_config = shutil.which("pkg-config")
    compiler = args.c_compiler or shutil.which("cc")
    if pkg_config and compiler:
        env = dict(os.environ, PKG_CONFIG_PATH=os.path.join(prefix, "lib", "pkgconfig"))
        flags = subprocess.run([pkg_config, "--cflags", "--libs", "hardwood"], env=env,
                               check=True, stdout=subprocess.PIPE, text=True).stdout.split()
        model_build = os.path.join(build, "hardwood", "classifier")
        linked = os.path.join(work, "model_app_pkgconfig")
        run([compiler, os.path.join(source, "main.c"), "-I", model_build,
             os.path.join(model_build, "libclassifier.a"), *flags,
             f"-Wl,-rpath,{os.path.join(prefix, 'lib')}", "-o", linked])
        third = run([linked, rows, os.path.join(model_dir, "expected2.bin")])
        assert third == second, "pkg-config build gives the same output"
        print("hardwood.pc: pkg-config --cflags --libs hardwood links the runtime")
    else:
        print("pkg-config or a C compiler not found: hardwood.pc check skipped")


def check_installed_python(prefix, site, work, estimator, rows):
    """hardwood.compile from the installed package, with no build tree in
    sight: the extension and the compiler must come from the prefix."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("HARDWOOD_BUILD_DIR", "HARDWOOD_CLI", "PYTHONPATH")}
    env["PYTHONPATH"] = site
    env["PATH"] = "/usr/bin:/bin"
    code = (
        "import pickle, sys, numpy as np, hardwood\n"
        f"assert hardwood.__file__.startswith({site!r}), hardwood.__file__\n"
        f"est, rows = pickle.load(open({os.path.join(work, 'est.pkl')!r}, 'rb'))\n"
        "with hardwood.compile(est) as model:\n"
        "    got, want = model.predict_proba(rows), est.predict_proba(rows)\n"
        "    assert np.all(np.abs(got - want) <= 1e-5 * np.maximum(1, np.abs(want)))\n"
        "    assert (model.predict(rows) == est.predict(rows)).mean() > 0.99\n"
        "print('installed Python package: hardwood.compile OK')\n")
    import pickle
    with open(os.path.join(work, "est.pkl"), "wb") as f:
        pickle.dump((estimator, rows), f)
    run([sys.executable, "-c", code], env=env, cwd=work)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--build-dir", required=True)
    parser.add_argument("--source-dir", required=True)
    parser.add_argument("--work-dir", required=True)
    parser.add_argument("--cmake", default="cmake")
    parser.add_argument("--generator", default="Ninja")
    parser.add_argument("--c-compiler")
    parser.add_argument("--cxx-compiler")
    parser.add_argument("--python-site", required=True,
                        help="the Python package's folder under the prefix")
    args = parser.parse_args()
    try:
        import sklearn  # noqa: F401
    except ImportError:
        print("scikit-learn is not installed: skipped")
        return SKIPPED

    work = os.path.abspath(args.work_dir)
    shutil.rmtree(work, ignore_errors=True)
    prefix = os.path.join(work, "prefix")
    model_dir = os.path.join(work, "model")
    os.makedirs(model_dir)
    run([args.cmake, "--install", args.build_dir, "--prefix", prefix])

    # The exporter of the installed package.
    site = os.path.join(prefix, args.python_site)
    sys.path.insert(0, site)
    estimator, rows = write_model(model_dir)
    run([os.path.join(prefix, "bin", "hardwood"), "compile",
         os.path.join(model_dir, "model.json"),
         "-o", os.path.join(model_dir, "classifier.a"), "--emit", "static",
         "--header", os.path.join(model_dir, "classifier.h"),
         "--name", "classifier", "--quiet"])

    for example, program in EXAMPLES.items():
        build = os.path.join(work, example)
        configure = [args.cmake, "--no-warn-unused-cli", "-G", args.generator,
                     "-S", os.path.join(args.source_dir, "examples", example),
                     "-B", build, "-DCMAKE_BUILD_TYPE=Release",
                     f"-DCMAKE_PREFIX_PATH={prefix}",
                     f"-DHARDWOOD_MODEL_DIR={model_dir}"]
        if args.c_compiler:
            configure.append(f"-DCMAKE_C_COMPILER={args.c_compiler}")
        if args.cxx_compiler:
            configure.append(f"-DCMAKE_CXX_COMPILER={args.cxx_compiler}")
        run(configure)
        run([args.cmake, "--build", build])
        run([os.path.join(build, program), os.path.join(model_dir, "rows.bin"),
             os.path.join(model_dir, "expected.bin")])

    check_cmake_model(args, prefix, model_dir, work)

    if any(name.startswith("_native") for name in os.listdir(os.path.join(site, "hardwood"))):
        check_installed_python(prefix, site, work, estimator, rows)
    else:
        print("hardwood._native was not built: installed Python check skipped")
    shutil.rmtree(work, ignore_errors=True)
    print("examples: all passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
