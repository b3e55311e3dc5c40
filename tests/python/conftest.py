"""Test setup for the hardwood Python package."""

import importlib.util
import os
import sys

# Make the in-tree package importable when hardwood is not installed.
if importlib.util.find_spec("hardwood") is None:
    sys.path.insert(0, os.path.abspath(
        os.path.join(os.path.dirname(__file__), os.pardir, os.pardir, "python")))

# The test models are tiny; OpenMP workers (HistGradientBoosting) spin-wait
# and slow down by 100x on CPUs shared with builds. Set before any test
# module imports scikit-learn, so that the OpenMP runtime reads it.
os.environ.setdefault("OMP_NUM_THREADS", "1")
