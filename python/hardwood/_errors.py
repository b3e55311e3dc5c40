"""Exceptions shared by the hardwood Python package."""


class UnsupportedModelError(ValueError):
    """The estimator, or one of its options, cannot be expressed in Hardwood.

    The message names the estimator class and the offending option so that
    the user knows what to change (or that the model needs another route).
    A ``ValueError`` subclass because the input value, not the program, is
    at fault.
    """


class CompileError(RuntimeError):
    """The ``hardwood`` compiler failed or could not be found.

    The message carries the compiler's own diagnostic (which names the model
    file, the field and what was expected).
    """
