"""Feature names and pandas DataFrame input.

A model fitted on a DataFrame remembers its column names
(``feature_names_in_``). Given a DataFrame, a compiled model selects those
columns by name, in the fitted order, so a frame whose columns are shuffled
predicts exactly as the ordered array. As scikit-learn's estimators do, a
frame lacking some of the columns, or holding columns the model was not
fitted with, is refused with an error naming them (scikit-learn refuses a
different order too; reordering is the one deliberate difference). pandas is
imported by nobody here: a DataFrame is recognised by its type's module.
"""

import re

import numpy as np


def is_dataframe(X):
    module = type(X).__module__ or ""
    return module.split(".")[0] == "pandas" and hasattr(X, "columns") \
        and hasattr(X, "to_numpy")


def string_columns(columns):
    """The column names as a list when all are strings (scikit-learn's rule
    for having feature names), else None."""
    names = list(columns)
    if names and all(isinstance(name, str) for name in names):
        return names
    return None


def _quoted(names, limit=10):
    shown = ", ".join(repr(name) for name in names[:limit])
    if len(names) > limit:
        shown += f", ... ({len(names) - limit} more)"
    return shown


def select_columns(X, feature_names, describe):
    """The rows of DataFrame ``X`` as a 2-D array with the columns of
    ``feature_names`` in that order (positional when the model has no
    names or the frame's columns are not all strings)."""
    columns = string_columns(X.columns)
    if feature_names is None or columns is None:
        return X.to_numpy()
    if len(set(columns)) != len(columns):
        seen, duplicated = set(), []
        for name in columns:
            if name in seen and name not in duplicated:
                duplicated.append(name)
            seen.add(name)
        raise ValueError(f"X has duplicated columns: {_quoted(duplicated)}")
    present = set(columns)
    expected = set(feature_names)
    missing = [name for name in feature_names if name not in present]
    unseen = [name for name in columns if name not in expected]
    if missing or unseen:
        parts = []
        if missing:
            parts.append(f"X is missing {len(missing)} column(s) {describe} "
                         f"was fitted with: {_quoted(missing)}")
        if unseen:
            parts.append(f"X has {len(unseen)} column(s) {describe} was not "
                         f"fitted with: {_quoted(unseen)} (as scikit-learn, "
                         "unseen feature names are refused; drop them)")
        raise ValueError("; ".join(parts) + " (feature_names_in_: "
                         f"{_quoted(list(feature_names), 5)})")
    if columns != list(feature_names):
        X = X[list(feature_names)]
    return X.to_numpy()


_LIGHTGBM_DEFAULT_NAME = re.compile(r"Column_\d+")


def names_of(model):
    """Feature names a fitted model object carries, or None: scikit-learn's
    ``feature_names_in_``, an XGBoost booster's ``feature_names``, a LightGBM
    booster's ``feature_name()`` unless they are its defaults (Column_0...)."""
    names = getattr(model, "feature_names_in_", None)
    if names is None and hasattr(model, "get_booster"):  # XGBoost wrapper
        names = model.get_booster().feature_names
    elif names is None and type(model).__module__.split(".")[0] == "xgboost":
        names = getattr(model, "feature_names", None)
    if names is None:
        booster = getattr(model, "booster_", model)
        if hasattr(booster, "feature_name") and callable(booster.feature_name):
            lightgbm = list(booster.feature_name())
            if not all(_LIGHTGBM_DEFAULT_NAME.fullmatch(n) for n in lightgbm):
                names = lightgbm
    return check_names(names, None)


def check_names(names, n_features):
    """``names`` as a list of strings (None stays None); with ``n_features``
    also checks the count."""
    if names is None:
        return None
    names = [str(name) if isinstance(name, np.str_) else name for name in names]
    if not all(isinstance(name, str) for name in names):
        raise TypeError("feature_names must be strings")
    if len(set(names)) != len(names):
        raise ValueError("feature_names must be unique")
    if n_features is not None and len(names) != n_features:
        raise ValueError(f"{len(names)} feature_names for a model of "
                         f"{n_features} features")
    return names
