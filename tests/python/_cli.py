"""The ``hardwood`` binary the tests run: $HARDWOOD_BUILD_DIR/bin/hardwood
(ctest sets it), else ``hardwood`` on PATH."""

import os
import shutil

import pytest

NO_HARDWOOD = ("no hardwood binary: neither $HARDWOOD_BUILD_DIR/bin/hardwood "
               "nor `hardwood` on PATH")


def find_hardwood():
    build = os.environ.get("HARDWOOD_BUILD_DIR")
    if build:
        path = os.path.join(build, "bin", "hardwood")
        if os.access(path, os.X_OK):
            return path
    return shutil.which("hardwood")


HARDWOOD = find_hardwood()


def require_hardwood():
    """HARDWOOD, or a module-level skip when there is none."""
    if HARDWOOD is None:
        pytest.skip(NO_HARDWOOD, allow_module_level=True)
    return HARDWOOD
