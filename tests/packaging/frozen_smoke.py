"""Smoke test of the frozen package (``make smoke``; ``tests/packaging/test_frozen.py``).

Runs the built program the way a service centre would, without network, and compares it with the
source run: ``evaluate`` on the shipped example gives the same JSON, ``jurisdictions`` the same
lines, ``batch`` the same files (through the worker pool), and the window opens, paints and closes
offscreen with exit 0. No run may touch the network: each sets RELIEF_NO_NETWORK (the package's
runtime hook then refuses and logs any socket) and, where ``unshare -rn`` works, runs in a network
namespace of its own. Also checks that no bundled library misses a dependency the build left out.

Usage: python tests/packaging/frozen_smoke.py [DIST_FOLDER]   (default dist/relief-calc)
"""
from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "jiangmen-small-manufacturer.json"
SIZE_GOAL_MB = 150


def exe_path(dist: Path) -> Path:
    name = "relief-calc.exe" if sys.platform == "win32" else "relief-calc"
    return dist / name


def _unshare_prefix() -> list[str]:
    if not sys.platform.startswith("linux") or not shutil.which("unshare"):
        return []
    try:
        ok = subprocess.run(["unshare", "-rn", "true"], capture_output=True, timeout=10).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        ok = False
    return ["unshare", "-rn"] if ok else []


def folder_size(p: Path) -> int:
    return sum(f.stat().st_size for f in p.rglob("*") if f.is_file() and not f.is_symlink())


def biggest(dist: Path, n: int = 12) -> list[tuple[int, str]]:
    """The biggest entries: top-level items of _internal, and PySide6's Qt libraries one by one."""
    entries = []
    internal = dist / "_internal"
    for p in list(dist.iterdir()) + (list(internal.iterdir()) if internal.is_dir() else []):
        if p == internal or p.is_symlink():
            continue
        size = folder_size(p) if p.is_dir() else p.stat().st_size
        entries.append((size, str(p.relative_to(dist))))
    qtlib = internal / "PySide6" / "Qt" / "lib"
    if qtlib.is_dir():
        entries += [(f.stat().st_size, str(f.relative_to(dist))) for f in qtlib.iterdir()
                    if f.is_file() and not f.is_symlink()]
    return sorted(entries, reverse=True)[:n]


def missing_libraries(dist: Path) -> tuple[list[str], list[str]]:
    """Dependencies of bundled ELF files that resolve nowhere (Linux, where ldd exists), split in
    two: ones the Python environment has (the build left them out: a failure) and ones it never
    had (system libraries the target must provide, such as Wayland's)."""
    if not sys.platform.startswith("linux") or not shutil.which("ldd"):
        return [], []
    import PySide6
    wheel_libs = {p.name for p in Path(PySide6.__file__).parent.rglob("*.so*")}
    left_out, system = set(), set()
    env = {**os.environ, "LD_LIBRARY_PATH": f"{dist / '_internal'}:{dist / '_internal' / 'PySide6' / 'Qt' / 'lib'}"}
    for f in dist.rglob("*"):
        if f.is_symlink() or not f.is_file() or ".so" not in f.name:
            continue
        out = subprocess.run(["ldd", str(f)], capture_output=True, text=True, env=env).stdout
        for line in out.splitlines():
            if "not found" in line:
                lib = line.split("=>")[0].strip()
                (left_out if lib in wheel_libs else system).add(f"{lib} (needed by {f.name})" if lib in wheel_libs else lib)
    return sorted(left_out), sorted(system)


def main(argv: list[str]) -> int:
    dist = Path(argv[1]) if len(argv) > 1 else ROOT / "dist" / "relief-calc"
    exe = exe_path(dist)
    if not exe.exists():
        print(f"no frozen program at {exe}: run `make build` first", file=sys.stderr)
        return 1
    failures: list[str] = []
    prefix = _unshare_prefix()
    work = Path(tempfile.mkdtemp(prefix="relief-smoke-"))
    netlog = work / "network.log"
    env = {**os.environ, "RELIEF_NO_NETWORK": str(netlog), "QT_QPA_PLATFORM": "offscreen",
           "LANG": os.environ.get("LANG", "C.UTF-8")}
    env.pop("RELIEF_CALC_ROOT", None)
    src_env = {**env, "PYTHONPATH": str(ROOT)}
    src_env.pop("RELIEF_NO_NETWORK")

    def frozen(*args: str, **kw) -> subprocess.CompletedProcess:
        return subprocess.run(prefix + [str(exe), *args], capture_output=True, text=True, env=env,
                              timeout=300, **kw)

    def source(*args: str, **kw) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "calc_app", *args], capture_output=True, text=True,
                              env=src_env, timeout=300, **kw)

    def check(name: str, ok: bool, detail: str = "") -> None:
        print(f"{'ok  ' if ok else 'FAIL'} {name}" + (f": {detail}" if detail and not ok else ""))
        if not ok:
            failures.append(name)

    print(f"frozen program: {exe}" + (f" (under {' '.join(prefix)})" if prefix else ""))
    f = frozen("evaluate", str(EXAMPLE))
    s = source("evaluate", str(EXAMPLE))
    check("evaluate exits 0", f.returncode == 0, f.stderr[-2000:])
    same = f.returncode == 0 and s.returncode == 0 and json.loads(f.stdout) == json.loads(s.stdout)
    check("evaluate equals the source run", same)
    f = frozen("evaluate", str(EXAMPLE), "--format", "text", "--lang", "en_US")
    s = source("evaluate", str(EXAMPLE), "--format", "text", "--lang", "en_US")
    check("evaluate --format text --lang en_US equals the source run (babel data present)",
          f.returncode == 0 and f.stdout == s.stdout, f.stderr[-2000:])
    f = frozen("jurisdictions")
    s = source("jurisdictions")
    check("jurisdictions equals the source run", f.returncode == 0 and f.stdout == s.stdout and f.stdout.strip() != "",
          f.stderr[-2000:])
    bad = work / "bad.json"
    bad.write_text(json.dumps({"jurisdiction": "cn-xx", "as_of": "2022-13-01"}), encoding="utf-8")
    f = frozen("evaluate", str(bad))
    check("invalid input exits 2, one line per problem", f.returncode == 2 and "Traceback" not in f.stderr
          and len(f.stderr.strip().splitlines()) == 2, f.stderr[-2000:])

    # batch, large enough for the worker pool
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from _common import write_batch_input
    inp = work / "in.csv"
    write_batch_input(inp, 1500)
    f = frozen("batch", str(inp), "--out", str(work / "frozen.csv"), "--workers", "2", "--lang", "en_US")
    s = source("batch", str(inp), "--out", str(work / "source.csv"), "--workers", "1", "--lang", "en_US")
    check("batch exits 0 with the worker pool", f.returncode == 0 and "2 worker processes" in f.stderr,
          f.stderr[-2000:])
    for suffix in (".csv", ".summary.csv", ".errors.csv"):
        a, b = work / f"frozen{suffix}", work / f"source{suffix}"
        check(f"batch {suffix} equals the source run", a.exists() and b.exists() and a.read_bytes() == b.read_bytes())
    with (work / "frozen.summary.csv").open(encoding="utf-8-sig") as fh:
        check("batch summary has a row per input row", sum(1 for _ in csv.reader(fh)) == 1501)

    f = frozen("gui", "--smoke")
    check("window opens, paints and closes offscreen (exit 0)", f.returncode == 0, (f.stdout + f.stderr)[-2000:])

    check("no network use", not netlog.exists(), netlog.read_text(encoding="utf-8")[-2000:] if netlog.exists() else "")
    left_out, system = missing_libraries(dist)
    check("no bundled library misses one the build left out", not left_out, "\n".join(left_out[:20]))
    dangling = [str(p.relative_to(dist)) for p in dist.rglob("*") if p.is_symlink() and not p.exists()]
    check("no dangling links", not dangling, ", ".join(dangling[:20]))
    if system:
        print(f"note: the target system provides {', '.join(system)} (not on this build machine)")

    size = folder_size(dist)
    print(f"folder size: {size / 1e6:.1f} MB ({size / 2**20:.1f} MiB; goal <= {SIZE_GOAL_MB} MB)")
    for b, name in biggest(dist):
        print(f"  {b / 1e6:7.1f} MB  {name}")
    shutil.rmtree(work, ignore_errors=True)
    print("smoke: " + ("all passed" if not failures else f"{len(failures)} failed: {', '.join(failures)}"))
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
