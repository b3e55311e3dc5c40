"""Which x86 targets this host can run, for the tests that run each target.

A target the host cannot run is a visible skip naming the missing CPU
features, never a silent omission. $HARDWOOD_TEST_HIDE_CPU_FLAGS (comma
separated /proc/cpuinfo flags, e.g. ``avx512f``) makes the tests believe the
host lacks them, to check that skip path on an AVX-512 machine.
"""

import os
import platform

# What each target needs of the CPU, as /proc/cpuinfo names the flags (the
# x86-64 psABI levels; "abm" is lzcnt).
TARGET_FLAGS = {
    "x86-64-v3": {"avx", "avx2", "bmi1", "bmi2", "f16c", "fma", "abm", "movbe",
                  "xsave"},
    "x86-64-v4": {"avx", "avx2", "bmi1", "bmi2", "f16c", "fma", "abm", "movbe",
                  "xsave", "avx512f", "avx512bw", "avx512cd", "avx512dq",
                  "avx512vl"},
}


def cpu_flags():
    """The host's CPU flags, less the hidden ones; None if unreadable."""
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("flags"):
                    flags = set(line.split(":", 1)[1].split())
                    break
            else:
                return None
    except OSError:
        return None
    hidden = os.environ.get("HARDWOOD_TEST_HIDE_CPU_FLAGS", "")
    return flags - {flag.strip() for flag in hidden.split(",") if flag.strip()}


def unsupported_reason(target):
    """Why this host cannot run `target`'s code, or None when it can."""
    if platform.machine() not in ("x86_64", "AMD64"):
        return f"{target}: not an x86-64 host ({platform.machine()})"
    needed = TARGET_FLAGS.get(target)
    if not needed:
        return None
    flags = cpu_flags()
    if flags is None:
        return f"{target}: cannot read the host's CPU flags from /proc/cpuinfo"
    missing = needed - flags
    if missing:
        return f"{target}: the host CPU lacks {', '.join(sorted(missing))}"
    return None
