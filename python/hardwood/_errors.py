"""Exceptions shared by the hardwood Python package."""


class UnsupportedModelError(ValueError):
    """The estimator, or one of its options, cannot be expressed in Hardwood.

    The message names the estimator class and the offending option so that
    the user knows what to change (or that the model needs another route).
    A ``ValueError`` subclass because the input value, not the program, is
    at fault.
    """
