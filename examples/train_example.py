"""Trains the bundled example models for the README's main job.

Writes, under the output folder, for a higgs-shaped task (28 features):
- rf: a RandomForestClassifier, 100 trees of depth 12 (Hardwood JSON via
  hardwood.export, plus the fitted estimator as .joblib for the reference
  side of ``hardwood bench``);
- gb: a GradientBoostingClassifier, 100 stages of depth 6 (same);
- xgb: an XGBoost binary:logistic booster, 100 rounds of depth 6, saved in
  XGBoost's own JSON format (Hardwood reads it directly);
- X.npy: 100,000 float32 test rows.
Fixed seeds: the same files on every run.
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

    import xgboost as xgb
    booster = xgb.train({"objective": "binary:logistic", "max_depth": 6,
                         "eta": 0.3, "nthread": 2, "seed": 0},
                        xgb.DMatrix(X_train, label=y_train),
                        num_boost_round=100)
    booster.save_model(os.path.join(out_dir, "xgb.json"))
    print("trained xgb: XGBoost binary:logistic")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "examples/out")
