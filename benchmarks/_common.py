"""Shared helpers for the benchmark scripts: the machine description, medians, sample inputs."""
from __future__ import annotations

import csv
import json
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

EXAMPLE = ROOT / "examples" / "jiangmen-small-manufacturer.json"


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def usable_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def load() -> str:
    """The machine's load average now (1, 5, 15 minutes): other work sharing the CPUs."""
    try:
        a, b, c = os.getloadavg()
    except (AttributeError, OSError):
        return "load average: n/a"
    return f"load average {a:.2f} {b:.2f} {c:.2f} on {usable_cpus()} CPUs"


def machine() -> str:
    return (f"machine: {usable_cpus()} usable CPUs (os.cpu_count()={os.cpu_count()}), {cpu_model()}; "
            f"Python {platform.python_version()} ({platform.python_implementation()}); "
            f"{platform.platform()}; {load()}")


def median_time(fn: Callable[[], Any], *, repeat: int = 7, number: int = 1) -> float:
    """Median seconds per call over ``repeat`` rounds of ``number`` calls."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        for _ in range(number):
            fn()
        times.append((time.perf_counter() - t0) / number)
    return statistics.median(times)


def example() -> dict[str, Any]:
    return json.loads(EXAMPLE.read_text(encoding="utf-8"))


def flat_row(scenario: dict[str, Any]) -> dict[str, Any]:
    """A scenario as batch columns (lists as ``loans.1.principal`` ...)."""
    row: dict[str, Any] = {}
    for k, v in scenario.items():
        if isinstance(v, list):
            for i, item in enumerate(v, 1):
                for f, x in item.items():
                    row[f"{k}.{i}.{f}"] = x
        else:
            row[k] = v
    return row


def write_batch_input(path: Path, rows: int, seed: int = 7) -> None:
    """``rows`` varied scenarios over every jurisdiction, built from the shipped example."""
    from calc_app.batch import input_columns
    from calc_app.engine.jurisdictions import jurisdiction_ids
    rnd = random.Random(seed)
    jids = sorted(jurisdiction_ids())
    base = flat_row(example())
    cols = input_columns(1)
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(cols)
        for i in range(rows):
            r = dict(base)
            r["jurisdiction"] = jids[i % len(jids)]
            r["as_of"] = f"2022-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}"
            emp = rnd.randint(1, 400)
            r["employees"] = emp
            r["insured_employees"] = max(1, emp - rnd.randint(0, 5))
            r["layoffs_last_year"] = rnd.randint(0, 10)
            r["revenue_last_year"] = rnd.randint(100_000, 80_000_000)
            r["monthly_rent"] = rnd.randint(2_000, 90_000)
            if rnd.random() < 0.2:
                r.pop("taxable_income_last_year", None)
            w.writerow([r.get(c, "") for c in cols])


def _burn(n: int) -> int:
    s = 0
    for i in range(n):
        s += i
    return s


def parallel_capacity(n: int = 5_000_000) -> float:
    """What the machine gives N processes right now: a pure-CPU loop run N times, one process against
    N processes (N = usable CPUs). Shared or oversubscribed virtual CPUs show well under N."""
    import multiprocessing as mp
    k = usable_cpus()
    if k < 2:
        return 1.0
    ctx = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")
    with ctx.Pool(k) as pool:
        pool.map(_burn, [1000] * k)  # started and warm
        t = time.perf_counter()
        for _ in range(k):
            _burn(n)
        one = time.perf_counter() - t
        t = time.perf_counter()
        pool.map(_burn, [n] * k)
        many = time.perf_counter() - t
    return one / many
