"""Command line: ``python3 -m hardwood export MODEL.joblib|.pkl -o MODEL.json``.

Exit status 0 on success, 1 when the model cannot be loaded or exported
(the message names the file and the problem), 2 for usage errors.
"""

import argparse
import os
import pickle
import sys

from ._errors import UnsupportedModelError
from .export import export


def _load_estimator(path):
    """Unpickle an estimator: joblib for ``.joblib`` files, pickle otherwise.

    Unpickling runs code from the file: load only files you trust.
    """
    if path.endswith(".joblib"):
        try:
            import joblib
        except ImportError:
            raise RuntimeError("reading .joblib files needs the joblib package "
                               "(Debian: python3-joblib)") from None
        return joblib.load(path)
    with open(path, "rb") as f:
        return pickle.load(f)


def _export_command(args):
    if not os.path.isfile(args.model):
        raise RuntimeError("no such file")
    try:
        estimator = _load_estimator(args.model)
    except Exception as exc:  # unpickling fails in many ways: report, don't trace
        raise RuntimeError(f"cannot load the estimator: {exc}") from exc
    export(estimator, args.output)


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python3 -m hardwood",
        description="Hardwood command line tools (Python side).")
    commands = parser.add_subparsers(dest="command", required=True,
                                     metavar="COMMAND")
    export_parser = commands.add_parser(
        "export", help="convert a pickled scikit-learn estimator to Hardwood JSON",
        description="Convert a fitted scikit-learn estimator saved with joblib "
                    "(.joblib) or pickle (any other name) to Hardwood JSON v1. "
                    "Unpickling runs code from the file: use trusted files only.")
    export_parser.add_argument("model", metavar="MODEL",
                               help="estimator file (.joblib, .pkl)")
    export_parser.add_argument("-o", "--output", required=True, metavar="OUT",
                               help="Hardwood JSON file to write")
    args = parser.parse_args(argv)

    try:
        _export_command(args)
    except (RuntimeError, UnsupportedModelError, ValueError, OSError) as exc:
        # NotFittedError is a ValueError; OSError covers unwritable outputs.
        print(f"hardwood export: error: {args.model}: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
