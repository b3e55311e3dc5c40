# lit configuration for Hardwood's IR tests.
import os

import lit.formats

config.name = "Hardwood"
config.test_format = lit.formats.ShTest(execute_external=True)
config.suffixes = [".mlir", ".json", ".test"]
config.excludes = ["Inputs", "lit.cfg.py", "lit.site.cfg.py", "lit.site.cfg.py.in"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.hardwood_obj_root, "tests", "lit")

# Hardwood's tools first, then FileCheck, not and count from LLVM: `not` at
# the start of a RUN line is only found when the LLVM tools are on PATH.
tool_dirs = [
    os.path.join(config.hardwood_obj_root, "bin"),
    config.llvm_tools_dir,
]
config.environment["PATH"] = os.pathsep.join(
    tool_dirs + [config.environment.get("PATH", os.environ.get("PATH", ""))])
config.substitutions.append(("%python", config.python_executable))
# Models shared by every kind of test (lit, GoogleTest, pytest, fuzz seeds).
config.substitutions.append(
    ("%fixtures", os.path.join(os.path.dirname(config.test_source_root), "fixtures")))
