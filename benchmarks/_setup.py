"""Shared start-up for benchmark scripts: Django on its own database, arguments, output.

Each script prints exactly one JSON line of measurements. By default it uses a SQLite
file under var/; set BENCH_DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/portal_bench)
for the full-scale runs on PostgreSQL.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup(description: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--quick", action="store_true", help="small scale, for CI")
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = os.environ.get(
        "BENCH_DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}"
    )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
    os.environ["DEBUG"] = "false"
    (ROOT / "var").mkdir(exist_ok=True)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    return args


def timed(fn, repeat: int) -> list[float]:
    """Milliseconds per call, `repeat` calls."""
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def summary(samples: list[float]) -> dict:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return {
        "median_ms": round(statistics.median(ordered), 2),
        "p95_ms": round(p95, 2),
        "n": len(ordered),
    }


def emit(name: str, **measurements) -> None:
    print(json.dumps({"benchmark": name, **measurements}, ensure_ascii=False), flush=True)


# --- Memory of an export, measured in a child process ----------------------------------


def max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def proc_status_mb(key: str) -> float | None:
    """VmRSS / VmHWM of this process from /proc, in MB (None off Linux)."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith(key + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def rss_high_water_reset() -> bool:
    """Bring the peak RSS (VmHWM) down to the current RSS (Linux >= 4.0)."""
    try:
        with open("/proc/self/clear_refs", "w") as clear_refs:
            clear_refs.write("5")
    except OSError:
        return False
    return True


def measure_export(export_once: Callable[[Path], tuple[int, float]], filename: str) -> dict:
    """Time one export, then measure its Python peak with tracemalloc on a second pass
    (tracemalloc slows the work it watches, so that pass is not the one timed).
    `export_once(target)` writes the file and returns (rows written, seconds)."""
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / filename
        reset = rss_high_water_reset()
        rss_start = proc_status_mb("VmRSS")
        maxrss_before = max_rss_mb()
        written, seconds = export_once(target)
        maxrss_growth = max_rss_mb() - maxrss_before
        hwm = proc_status_mb("VmHWM") if reset else None
        size = target.stat().st_size
        target.unlink()
        tracemalloc.start()
        _written, traced_seconds = export_once(target)
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return {
        "rows": written,
        "seconds": round(seconds, 2),
        "tracemalloc_peak_mb": round(peak / 2**20, 1),
        "rss_growth_mb": round(maxrss_growth, 1),
        "rss_peak_over_start_mb": (
            round(hwm - rss_start, 1) if hwm is not None and rss_start else None
        ),
        "rss_start_mb": round(rss_start, 1) if rss_start else None,
        "tracemalloc_pass_seconds": round(traced_seconds, 2),
        "file_mb": round(size / 2**20, 1),
    }
