"""The packaged program's start, as its users run it: wall-clock medians of whole processes.

    python benchmarks/bench_frozen.py [DIST ...]        # default: dist/relief-calc (make build)

For each frozen build (a folder holding ``relief-calc``), each in turn, in the same minutes:

- the floor: ``relief-calc --help`` (the frozen interpreter starts, reads its archive, parses the
  arguments and exits: what every command pays before any of the program's work; a build made
  before build.spec left out PyInstaller's PySide6 run-time hook also imports PySide6 there, so its
  floor is ~55 ms higher: compare builds by their times, not by their ratios);
- ``relief-calc evaluate EXAMPLE``: the policies loaded, the example evaluated, the JSON written;
- ``relief-calc gui --smoke`` (offscreen): the main window made with its first result, shown,
  painted once and closed.

Each build gets a data folder of its own (its parse cache), warmed by one run of each command
first, so the figures are those of every start after the first. Several builds given at once are
sampled in turn, so that one is compared with another in the same minutes.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import EXAMPLE, ROOT, load, machine

COMMANDS = {
    "floor (--help)": ["--help"],
    "evaluate EXAMPLE": ["evaluate", str(EXAMPLE)],
    "gui --smoke": ["gui", "--smoke"],
}


def exe_of(dist: Path) -> Path:
    return dist / ("relief-calc.exe" if os.name == "nt" else "relief-calc")


def timed(exe: Path, args: list[str], env: dict[str, str]) -> float:
    t = time.perf_counter()
    p = subprocess.run([str(exe), *args], capture_output=True, env=env, timeout=300)
    took = time.perf_counter() - t
    if p.returncode != 0:
        raise SystemExit(f"{exe} {' '.join(args)} exited {p.returncode}: {p.stderr.decode(errors='replace')[-800:]}")
    return took


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("dists", nargs="*", default=[str(ROOT / "dist" / "relief-calc")])
    ap.add_argument("-n", type=int, default=9, help="samples of each command for each build")
    args = ap.parse_args()
    print(machine())
    dists = [Path(d).resolve() for d in args.dists]
    for d in dists:
        if not exe_of(d).is_file():
            print(f"no frozen program in {d} (build it with `make build`)")
            return 2
    with tempfile.TemporaryDirectory() as tmp:
        envs = {d: {**os.environ, "QT_QPA_PLATFORM": "offscreen", "RELIEF_DATA_DIR": str(Path(tmp) / f"data{i}")}
                for i, d in enumerate(dists)}
        for env in envs.values():
            env.pop("RELIEF_POLICY_CACHE", None)
        for d in dists:   # the first start of each: it makes the parse cache
            for cmd in COMMANDS.values():
                timed(exe_of(d), cmd, envs[d])
        got: dict[tuple[Path, str], list[float]] = {(d, name): [] for d in dists for name in COMMANDS}
        for _ in range(args.n):
            for d in dists:
                for name, cmd in COMMANDS.items():
                    got[d, name].append(timed(exe_of(d), cmd, envs[d]))
    for d in dists:
        floor = statistics.median(got[d, "floor (--help)"])
        print(f"{d}:")
        for name in COMMANDS:
            m = statistics.median(got[d, name])
            print(f"  {name:18s} median {m * 1e3:6.0f} ms  ({m / floor:4.2f}x the floor; "
                  f"min {min(got[d, name]) * 1e3:.0f} ms, {args.n} samples)")
    print(load())
    return 0


if __name__ == "__main__":
    sys.exit(main())
