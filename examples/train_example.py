"""Trains the bundled example models for the README's main job.

Writes, under the output folder: a RandomForest (100 trees, depth 12) and a
GradientBoosting model on a higgs-shaped task (28 features), their Hardwood
JSON exports, the fitted estimators (.joblib) for the reference side of
``hardwood bench``, and 100,000 test rows. Fixed seeds: same files each run.
"""

import os
import sys

import joblib
import numpy as np
from sklearn.datasets import make_classification
from sklearn.ensemble import GradientBoostingClassifier, RandomForestClassifier

import hardwood


def main(out_dir):
    os.makedirs(out_dir, exist_ok=True)
    X, y = make_classification(n_samples=120_000, n_features=28,
                               n_informative=18, random_state=7)
    X = X.astype(np.float32)
    X_train, y_train, X_test = X[:20_000], y[:20_000], X[20_000:]
    np.save(os.path.join(out_dir, "X.npy"), X_test)
    models = {
        "rf": RandomForestClassifier(n_estimators=100, max_depth=12,
                                     random_state=0, n_jobs=2),
        "gb": GradientBoostingClassifier(n_estimators=100, max_depth=6,
                                         random_state=0),
    }
    for name, est in models.items():
        est.fit(X_train, y_train)
        joblib.dump(est, os.path.join(out_dir, f"{name}.joblib"))
        hardwood.export(est, os.path.join(out_dir, f"{name}.json"))
        print(f"trained {name}: {type(est).__name__}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "examples/out")
