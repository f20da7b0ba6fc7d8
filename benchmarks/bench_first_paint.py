"""Process start to first paint and to a usable window, against a bare PySide6 QMainWindow, same run.

Each sample is a fresh process; the parent takes the time before starting it, the child reports the
wall-clock times. Modes (alternated, one warm-up of each discarded):

- ``bare``: a QMainWindow, its first paint;
- ``create``: ``create_main_window()`` (the contract: it returns with the policies loaded), its first
  paint, which is when it is usable (form built, first result shown);
- ``main``: ``python -m calc_app`` (``calc_app.cli.main``): the first paint of its loading frame, and
  the first paint of the main window with its first result (usable).

Goals: the usable window <= 2.5x bare; ``python -m calc_app``'s first frame <= 1.2x bare. Offscreen
by default; ``--xvfb`` paints on an X server.
"""
from __future__ import annotations

import argparse
import ast
import os
import shutil
import statistics
import subprocess
import sys
import time

from _common import ROOT, load, machine

GOAL_USABLE = 2.5
GOAL_FIRST = 1.2

CHILD = r"""
import sys, time
mode = sys.argv[1]
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
times = {}

class Painted(QObject):
    def eventFilter(self, obj, ev):
        if ev.type() == QEvent.Type.Paint and hasattr(obj, "window"):
            w = obj.window()
            name = w.objectName() or "bare"
            if name not in times:
                times[name] = time.time()
                usable = name == "bare" or (name == "main_window" and getattr(w, "result", None) is not None)
                if usable:
                    QTimer.singleShot(0, lambda: [x.close() for x in app.topLevelWidgets()] and app.quit())
        return False

f = Painted()
app.installEventFilter(f)
QTimer.singleShot(60000, app.quit)
if mode == "bare":
    w = QMainWindow()
    w.resize(1366, 768)
    w.show()
    app.exec()
elif mode == "create":
    from calc_app.app import create_main_window
    w = create_main_window()
    w.show()
    app.exec()
else:
    from calc_app.cli import main
    main([])
print(repr(times))
"""


def sample(mode: str, env: dict) -> dict[str, float]:
    t0 = time.time()
    p = subprocess.run([sys.executable, "-c", CHILD, mode], capture_output=True, text=True, env=env, timeout=180)
    out = p.stdout.strip().splitlines()
    if p.returncode != 0 or not out:
        raise RuntimeError(f"{mode}: no paint (exit {p.returncode}): {p.stderr[-1500:]}")
    got = ast.literal_eval(out[-1])
    return {k: v - t0 for k, v in got.items()}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", type=int, default=7, help="samples of each")
    ap.add_argument("--xvfb", action="store_true", help="paint on an Xvfb server instead of offscreen")
    args = ap.parse_args()
    print(machine())
    try:
        import calc_app.app  # noqa: F401
    except ImportError as e:
        print(f"calc_app.app.create_main_window is not available yet ({e}): skipped")
        return 0
    # as installed (scripts/setup.sh byte-compiles): where PYTHONDONTWRITEBYTECODE is set, a module
    # edited since would otherwise be compiled again by every sample
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "calc_app")], check=False,
                   stdout=subprocess.DEVNULL)
    print("calc_app byte-compiled first (python -m compileall -q calc_app)")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "LANG": os.environ.get("LANG", "C.UTF-8")}
    xvfb = None
    if args.xvfb:
        if not shutil.which("Xvfb"):
            print("Xvfb is not installed")
            return 1
        display = ":97"
        xvfb = subprocess.Popen(["Xvfb", display, "-screen", "0", "1600x1000x24", "-nolisten", "tcp"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(1.0)
        env.update(DISPLAY=display, QT_QPA_PLATFORM="xcb")
    else:
        env["QT_QPA_PLATFORM"] = "offscreen"
    try:
        for m in ("bare", "create", "main"):
            sample(m, env)
        bare, create, first, usable = [], [], [], []
        for _ in range(args.n):
            bare.append(sample("bare", env)["bare"])
            create.append(sample("create", env)["main_window"])
            got = sample("main", env)
            first.append(got["loading_window"])
            usable.append(got["main_window"])
    finally:
        if xvfb is not None:
            xvfb.terminate()
            xvfb.wait()
    mb = statistics.median(bare)
    print(f"platform {env['QT_QPA_PLATFORM']}, {args.n} samples each (process start -> first paint); {load()}")

    def line(name: str, xs: list[float], goal: float | None) -> None:
        m = statistics.median(xs)
        verdict = "" if goal is None else f" (goal <= {goal}x: {'met' if m / mb <= goal else 'MISSED'})"
        print(f"{name:58s} median {m * 1e3:6.0f} ms  (min {min(xs) * 1e3:.0f}, max {max(xs) * 1e3:.0f})  "
              f"{m / mb:5.2f}x bare{verdict}")
    line("floor: bare QMainWindow, first paint", bare, None)
    line("create_main_window(): usable (policies, form, first result)", create, GOAL_USABLE)
    line("python -m calc_app: first frame (loading the policies)", first, GOAL_FIRST)
    line("python -m calc_app: main window usable", usable, GOAL_USABLE)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
