"""Helpers shared by the bench/ scripts: paths, isolated environment, statistics, scratch copies.

The scripts are run by hand (`python bench/run_all.py` or one of them); nothing here is
imported by the application or by the tests.
"""
from __future__ import annotations

import json
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
OUT = BENCH_DIR / "out"
BIG_WORKSPACE = OUT / "big5000.plandesk"
DEMO_WORKSPACE = OUT / "demo.plandesk"

# Targets from the performance issue (2-core machine).
TARGET_STARTUP_S = 1.0
TARGET_OPEN_PLAN_S = 0.3
TARGET_EDIT_S = 0.020
TARGET_PEAK_MB = 250.0

_CONFIG_HOME: str | None = None


def isolated_config_home() -> str:
    """A private XDG_CONFIG_HOME for this bench process, so QSettings never touch the user's own."""
    global _CONFIG_HOME
    if _CONFIG_HOME is None:
        _CONFIG_HOME = tempfile.mkdtemp(prefix="plandesk-bench-config-")
    return _CONFIG_HOME


def setup_qt_env() -> None:
    """Call before anything imports PySide6: offscreen platform, isolated settings."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["XDG_CONFIG_HOME"] = isolated_config_home()
    from PySide6.QtCore import qInstallMessageHandler

    previous = None

    def handler(mode, context, message):
        # The offscreen plugin warns about propagateSizeHints() for every window: not ours.
        if "propagateSizeHints" in message:
            return
        if previous is not None:
            previous(mode, context, message)
        else:
            sys.stderr.write(message + "\n")

    previous = qInstallMessageHandler(handler)


def child_env(**extra: str) -> dict[str, str]:
    """Environment for a GUI subprocess: offscreen, isolated settings, the repo importable."""
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["XDG_CONFIG_HOME"] = isolated_config_home()
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH", "")]))
    env.update(extra)
    return env


def scratch_copy(path: Path, name: str | None = None) -> Path:
    """A throw-away copy of a workspace (SQLite online backup), so benches never change the cache."""
    from app.services.workspace import copy_sqlite

    return copy_sqlite(path, Path(tempfile.mkdtemp(prefix="plandesk-bench-")) / (name or path.name))


def remove_workspace(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        try:
            Path(f"{path}{suffix}").unlink()
        except FileNotFoundError:
            pass


_SINGLETONS = {"None": None, "True": True, "False": False}


def singleton_refs() -> dict[str, int]:
    return {name: sys.getrefcount(obj) for name, obj in _SINGLETONS.items()}


def refs_dropped(before: dict[str, int]) -> dict[str, int]:
    """References to None/True/False lost since `before` (positive = lost)."""
    now = singleton_refs()
    return {name: before[name] - now[name] for name in before}


class OtherLoad:
    """How busy the machine was with other processes while a block ran (Linux /proc/stat).

    Share of all cores used by processes other than this one and its children, 0..1. Medians
    taken while this is high (someone's test suite on the same 2 cores) are inflated.
    """

    def __enter__(self):
        self._busy, self._own, self._wall = _busy_seconds(), _own_cpu_seconds(), time.perf_counter()
        return self

    def __exit__(self, *exc):
        wall = time.perf_counter() - self._wall
        other = (_busy_seconds() - self._busy) - (_own_cpu_seconds() - self._own)
        self.share = max(0.0, other / (wall * (os.cpu_count() or 1))) if wall > 0 else 0.0
        return False


def _busy_seconds() -> float:
    try:
        with open("/proc/stat", encoding="ascii") as fh:
            fields = [int(x) for x in fh.readline().split()[1:]]
    except OSError:
        return 0.0
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def _own_cpu_seconds() -> float:
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far (Linux reports ru_maxrss in KiB)."""
    kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kib / 1024 if sys.platform != "darwin" else kib / (1024 * 1024)


def hwm_mb() -> float | None:
    """VmHWM of this process image (Linux): unlike ru_maxrss, it never includes the RSS a parent
    had when it started this process (ru_maxrss survives fork and exec on Linux)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100) of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), -(-len(ordered) * p // 100)))
    return ordered[int(rank) - 1]


def summary(values: list[float]) -> dict[str, float]:
    return {"n": len(values), "median": statistics.median(values), "min": min(values), "max": max(values),
            "p95": percentile(values, 95)}


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def write_json(path: str | None, data: dict) -> None:
    if path:
        Path(path).write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
