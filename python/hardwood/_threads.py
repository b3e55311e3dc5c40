"""How many threads a prediction uses by default: the CPUs this process may
run on (CPU affinity, then the cgroup CPU quota of a container or a
systemd/Kubernetes slice), unless ``HARDWOOD_NUM_THREADS`` says otherwise.

The runtime's own default (threads = 0) is one thread per hardware thread of
the machine, which oversubscribes a container limited to a few CPUs of a big
host; the Python package therefore always passes an explicit count.
"""

import math
import numbers
import os

ENV_VARIABLE = "HARDWOOD_NUM_THREADS"
_CGROUP_ROOT = "/sys/fs/cgroup"


def _affinity_cpus():
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not Linux
        return os.cpu_count() or 1


def _quota_v2(text):
    """CPUs allowed by a cgroup v2 ``cpu.max`` ("max 100000" or "QUOTA
    PERIOD"), or None for no limit."""
    fields = text.split()
    if len(fields) < 1 or fields[0] == "max":
        return None
    period = int(fields[1]) if len(fields) > 1 else 100000
    quota = int(fields[0])
    if quota <= 0 or period <= 0:
        return None
    return quota / period


def _read(path):
    try:
        with open(path, encoding="ascii") as f:
            return f.read()
    except (OSError, UnicodeDecodeError):
        return None


def cgroup_cpu_limit(root=_CGROUP_ROOT, proc_cgroup="/proc/self/cgroup"):
    """The CPU quota of this process's cgroup in CPUs (a float), or None when
    there is none. cgroup v2: the smallest ``cpu.max`` from the process's
    cgroup up to the root of the mounted hierarchy; cgroup v1:
    ``cpu.cfs_quota_us / cpu.cfs_period_us``."""
    limits = []
    membership = _read(proc_cgroup) or ""
    for line in membership.splitlines():
        hierarchy, _, path = line.partition("::")
        if hierarchy == "0" and path:  # cgroup v2 "0::/path"
            # Inside a container the process's path may not exist under the
            # container's own mount: walk up until one does, down to root.
            parts = [p for p in path.strip().split("/") if p]
            for depth in range(len(parts), -1, -1):
                text = _read(os.path.join(root, *parts[:depth], "cpu.max"))
                if text is not None and (limit := _quota_v2(text)) is not None:
                    limits.append(limit)
    if not limits:
        text = _read(os.path.join(root, "cpu.max"))
        if text is not None and (limit := _quota_v2(text)) is not None:
            limits.append(limit)
    if not limits:  # cgroup v1
        quota = _read(os.path.join(root, "cpu", "cpu.cfs_quota_us"))
        period = _read(os.path.join(root, "cpu", "cpu.cfs_period_us"))
        try:
            if quota is not None and period is not None and int(quota) > 0 \
                    and int(period) > 0:
                limits.append(int(quota) / int(period))
        except ValueError:
            pass
    return min(limits) if limits else None


def available_cpus(refresh=False):
    """CPUs this process may use: its affinity mask, capped by the cgroup
    CPU quota rounded up (a quota of 1.5 CPUs gives 2 threads). Measured
    once per process (a prediction of one row must not read /sys);
    ``refresh=True`` measures again."""
    global _available
    if _available is None or refresh:
        cpus = _affinity_cpus()
        limit = cgroup_cpu_limit()
        if limit is not None:
            cpus = min(cpus, max(1, math.ceil(limit)))
        _available = max(1, cpus)
    return _available


_available = None


def default_threads():
    """``HARDWOOD_NUM_THREADS`` when set to a positive integer, else
    ``available_cpus()``."""
    value = os.environ.get(ENV_VARIABLE, "").strip()
    if value:
        try:
            count = int(value)
        except ValueError:
            count = 0
        if count < 1:
            raise ValueError(f"{ENV_VARIABLE}={value!r}: expected a positive "
                             "integer")
        return count
    return available_cpus()


def resolve(n_threads):
    """The thread count for one call. ``None`` or 0: ``default_threads()``;
    a negative count counts back from the available CPUs as joblib's
    ``n_jobs`` does (-1: all of them, -2: all but one)."""
    if n_threads is None or n_threads == 0:
        return default_threads()
    if n_threads < 0:
        return max(1, available_cpus() + 1 + n_threads)
    return n_threads


def check(n_threads, name="n_threads"):
    """Validates a user-given thread count: None or an integer."""
    if n_threads is None:
        return None
    if isinstance(n_threads, bool) or not isinstance(n_threads, numbers.Integral):
        raise TypeError(f"{name} must be an integer or None, got {n_threads!r}")
    return int(n_threads)
