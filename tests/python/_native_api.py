"""Whether the Python API can run: the extension ``hardwood._native`` and
the ``hardwood`` compiler. ctest sets HARDWOOD_REQUIRE_NATIVE=1, which
turns their absence into an error instead of a skip."""

import os

import pytest

import hardwood

REQUIRED = os.environ.get("HARDWOOD_REQUIRE_NATIVE") == "1"
try:
    from hardwood import _model, _native  # noqa: F401
    _model.find_compiler()
    MISSING = None
except (ImportError, hardwood.CompileError) as exc:
    MISSING = str(exc)
if MISSING and REQUIRED:
    raise RuntimeError(f"HARDWOOD_REQUIRE_NATIVE=1 but: {MISSING}")

# Module-level `pytestmark` for tests that need the Python API.
requires_native = pytest.mark.skipif(MISSING is not None, reason=f"{MISSING}")
