"""Hardwood: compile tree ensembles and linear models to native code.

    import hardwood
    model = hardwood.compile(estimator)      # or a model file path
    model.predict_proba(X)                   # the estimator's own methods
    model.save("model.so"); hardwood.load("model.so")

This module stays importable without the compiled extension and without
scikit-learn: the exporter imports scikit-learn only when it is called, and
``compile``, ``load`` and ``CompiledModel`` import the extension
(``hardwood._native``) on first use. ``hardwood.dask`` (batch scoring on a
Dask cluster) is a submodule imported explicitly.
"""

import pkgutil

from ._errors import (CompileError, CompilerFailedError, UnsupportedCPUError,
                      UnsupportedModelError)
from .export import export

# A build tree keeps the extension in <build>/python/hardwood/ and the
# Python files in <source>/python/hardwood/; with both on sys.path the
# package spans the two directories. Installed, both are in one directory.
__path__ = pkgutil.extend_path(__path__, __name__)

__version__ = "0.1.0"

_LAZY = {"compile": "_compile", "load": "_compile",
         "CompiledModel": "_model"}


def __getattr__(name):
    if name in _LAZY:
        import importlib
        return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module 'hardwood' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | _LAZY)


__all__ = ["CompiledModel", "CompileError", "CompilerFailedError",
           "UnsupportedCPUError", "UnsupportedModelError", "compile", "export",
           "load", "__version__"]
