"""Process start to first paint: the main window against a bare PySide6 QMainWindow, same run.

Each sample is a fresh process; the parent takes the time before starting it, the child reports
the wall-clock time of the first paint event of its window (policies loaded and validated, for the
main window, since ``create_main_window()`` loads them). Runs alternate bare / app; one warm-up of
each is discarded. Goal: app <= 1.5 x bare. Offscreen by default; ``--xvfb`` paints on an X server.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time

from _common import ROOT, machine

GOAL_RATIO = 1.5

CHILD = r"""
import sys, time
mode = sys.argv[1]
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
if mode == "bare":
    w = QMainWindow()
    w.resize(1100, 760)
else:
    from calc_app.app import create_main_window
    w = create_main_window()
painted = []

class FirstPaint(QObject):
    def eventFilter(self, obj, ev):
        if not painted and ev.type() == QEvent.Type.Paint and getattr(obj, "window", None) and obj.window() is w:
            painted.append(time.time())
            QTimer.singleShot(0, app.quit)
        return False

f = FirstPaint()
app.installEventFilter(f)
w.show()
QTimer.singleShot(30000, app.quit)
app.exec()
print(repr(painted[0]) if painted else "none")
"""


def sample(mode: str, env: dict) -> float:
    t0 = time.time()
    p = subprocess.run([sys.executable, "-c", CHILD, mode], capture_output=True, text=True, env=env, timeout=120)
    out = p.stdout.strip().splitlines()
    if p.returncode != 0 or not out or out[-1] == "none":
        raise RuntimeError(f"{mode}: no paint (exit {p.returncode}): {p.stderr[-1500:]}")
    return float(out[-1]) - t0


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
        sample("bare", env)
        sample("app", env)
        bare, app = [], []
        for _ in range(args.n):
            bare.append(sample("bare", env))
            app.append(sample("app", env))
    finally:
        if xvfb is not None:
            xvfb.terminate()
            xvfb.wait()
    mb, ma = statistics.median(bare), statistics.median(app)
    print(f"platform {env['QT_QPA_PLATFORM']}, {args.n} samples each (process start -> first paint)")
    print(f"bare QMainWindow     median {mb * 1e3:7.0f} ms  (min {min(bare) * 1e3:.0f}, max {max(bare) * 1e3:.0f})")
    print(f"create_main_window() median {ma * 1e3:7.0f} ms  (min {min(app) * 1e3:.0f}, max {max(app) * 1e3:.0f})")
    print(f"ratio app / bare: {ma / mb:.2f}x (goal <= {GOAL_RATIO}x: {'met' if ma / mb <= GOAL_RATIO else 'MISSED'})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
