"""Hardwood: compile tree ensembles and linear models to native code.

This module stays importable without the compiled extension and without
scikit-learn: the exporter imports scikit-learn only when it is called.
"""

from ._errors import UnsupportedModelError
from .export import export

__version__ = "0.1.0"

# The native bindings (``hardwood._native``, built by CMake) are imported
# lazily by the functions that need them (``compile`` and the sklearn-style
# wrappers, added with the bindings), so that ``import hardwood`` and the
# exporter keep working where the extension has not been built.

__all__ = ["UnsupportedModelError", "export", "__version__"]
