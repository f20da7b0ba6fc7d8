"""What the speed goals leave once the parts that cannot be skipped are paid, same run.

Two bounds, each against the goal's own floor measured in the same run:

- **The usable window** (goal <= 2.5x a bare ``QMainWindow``). Each sample is a fresh process that
  first paints a bare window, then does one thing more, and reports when it is done:

  - ``bare``: nothing more (the floor);
  - ``scenario``: makes the contract's model (``calc_app.models.scenario.Scenario``, from the input
    descriptions) and validates the window's first scenario with it: pydantic, and what the first
    result cannot do without;
  - ``engine``: loads the policies (``default_bundle()``, from the parse cache) and evaluates that
    scenario (``evaluate(memo=True)``, as the window does): the window's start without a form.

  What ``engine`` leaves of 2.5x bare is what the form, the result view and their first paint may
  take for the goal to be met; ``create_main_window()`` takes what ``bench_first_paint.py`` prints.

- **``evaluate(sc, questions=False)``** (goal <= 0.3 ms) on the varied 江门 scenarios, in one
  process: as it is, and with every compiled expression's evaluation replaced by a replay of the
  value it gave (a list lookup), passes of the two in turn. The time left is what building the
  items, their reasons and steps, the stacking and the answer-first parts cost with the expressions
  free. The replay's own cost (a call and an index per expression) stays in, so the bound is a
  little high.

``--part window`` or ``--part evaluate`` runs one of them; ``--instructions`` counts the window's
modes (and the usable window itself) in instructions with valgrind, as ``bench_instructions.py``
does, instead of timing them.
"""
from __future__ import annotations

import argparse
import ast
import json
import os
import statistics
import subprocess
import sys
import time

from _common import ROOT, load, machine

GOAL_USABLE = 2.5
GOAL_MS = 0.3
JID = "cn-gd-jiangmen"
PASSES = 4

CHILD = r"""
import sys, time
mode = sys.argv[1]
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
done = {}

def more():
    if mode != "bare":   # as create_main_window() does before its imports
        from calc_app.ui.qt_imports import quicker_module_check
        quicker_module_check()
    if mode == "scenario":
        from calc_app.models.scenario import Scenario
        Scenario.model_validate(FIRST)
    elif mode == "engine":
        from calc_app.engine.evaluate import evaluate
        from calc_app.engine.policies import default_bundle
        default_bundle()
        evaluate(FIRST, memo=True)
    done["t"] = time.time()
    app.quit()

class Painted(QObject):
    def eventFilter(self, obj, ev):
        if ev.type() == QEvent.Type.Paint and "painted" not in done:
            done["painted"] = True
            QTimer.singleShot(0, more)
        return False

import json
FIRST = json.loads(sys.argv[2])
f = Painted()
app.installEventFilter(f)
QTimer.singleShot(60000, app.quit)
w = QMainWindow()
w.resize(1366, 768)
w.show()
app.exec()
print(repr(done["t"]))
"""


def first_scenario() -> dict:
    """The scenario the window evaluates first: its default jurisdiction at its default date, every
    input still empty (calc_app.ui.main_window)."""
    from calc_app.engine.policies import default_bundle
    from calc_app.ui import chain_dates
    from calc_app.ui.main_window import DEFAULT_JURISDICTION
    b = default_bundle()
    return {"jurisdiction": DEFAULT_JURISDICTION, "as_of": chain_dates.default_as_of(b, DEFAULT_JURISDICTION).isoformat()}


def sample(mode: str, env: dict, first: dict) -> float:
    t0 = time.time()
    p = subprocess.run([sys.executable, "-c", CHILD, mode, json.dumps(first)], capture_output=True, text=True,
                       env=env, timeout=180)
    out = p.stdout.strip().splitlines()
    if p.returncode != 0 or not out:
        raise RuntimeError(f"{mode}: no result (exit {p.returncode}): {p.stderr[-1500:]}")
    return ast.literal_eval(out[-1]) - t0


def window(n: int) -> None:
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "calc_app")], check=False,
                   stdout=subprocess.DEVNULL)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "LANG": os.environ.get("LANG", "C.UTF-8"),
           "QT_QPA_PLATFORM": "offscreen"}
    first = first_scenario()
    modes = ("bare", "scenario", "engine")
    for m in modes:   # warm-up (the parse cache, the disk cache), discarded
        sample(m, env, first)
    got: dict[str, list[float]] = {m: [] for m in modes}
    for _ in range(n):
        for m in modes:
            got[m].append(sample(m, env, first))
    mb = statistics.median(got["bare"])
    print(f"the window: {n} samples each, offscreen, process start -> done, a bare window painted first; "
          f"first scenario {first}; {load()}")
    names = {"bare": "floor: bare QMainWindow, first paint",
             "scenario": "+ the Scenario model made, the first scenario validated",
             "engine": "+ the policies loaded and the first scenario evaluated"}
    for m in modes:
        xs = got[m]
        med = statistics.median(xs)
        extra = "" if m == "bare" else f"  (+{(med - mb) * 1e3:.0f} ms)"
        print(f"{names[m]:56s} median {med * 1e3:6.0f} ms  (min {min(xs) * 1e3:.0f}, max {max(xs) * 1e3:.0f})  "
              f"{med / mb:5.2f}x bare{extra}")
    left = GOAL_USABLE * mb - statistics.median(got["engine"])
    print(f"left at {GOAL_USABLE}x bare for the form, the result view and their paint: {left * 1e3:.0f} ms "
          f"({left / mb:.2f}x bare)")


def window_instructions() -> None:
    """The same modes, and the usable window itself, counted in instructions (callgrind; see
    bench_instructions.py): the same bound without the machine's noise."""
    from bench_first_paint import CHILD as USABLE
    from bench_instructions import count
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "calc_app")], check=False,
                   stdout=subprocess.DEVNULL)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "LANG": os.environ.get("LANG", "C.UTF-8"),
           "QT_QPA_PLATFORM": "offscreen", "PYTHONHASHSEED": "0"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    first = json.dumps(first_scenario())
    cmds = {m: [sys.executable, "-c", CHILD, m, first] for m in ("bare", "scenario", "engine")}
    cmds["usable"] = [sys.executable, "-c", USABLE, "create"]
    for _ in range(3):   # the data folder's caches, the disk's
        for c in cmds.values():
            subprocess.run(c, env=env, cwd=ROOT, capture_output=True, timeout=300, check=True)
    got = {m: count(c, env, ROOT) for m, c in cmds.items()}
    names = {"bare": "floor: bare QMainWindow, first paint",
             "scenario": "+ the Scenario model made, the first scenario validated",
             "engine": "+ the policies loaded and the first scenario evaluated",
             "usable": "create_main_window() usable (bench_first_paint.py)"}
    print(f"the window in instructions (callgrind, offscreen, once each after three warm-ups); {load()}")
    b = got["bare"]
    for m, n in got.items():
        print(f"{names[m]:56s} {n / 1e9:6.3f} G  {n / b:5.2f}x bare")
    print(f"left at {GOAL_USABLE}x bare for the form, the result view and their paint: "
          f"{(GOAL_USABLE * b - got['engine']) / b:+.2f}x bare; they take {(got['usable'] - got['engine']) / b:.2f}x")


def evaluate_bound(n: int) -> None:
    import calc_app.engine.evaluate as ev
    from calc_app.engine.policies import default_bundle
    from calc_app.samples import varied_scenario

    bundle = default_bundle()
    scs, i = [], 0
    while len(scs) < n:
        d = varied_scenario(i, seed=314)
        i += 1
        if d["jurisdiction"] == JID:
            scs.append(ev.validate_scenario(d))
    exprs = []
    for cm in bundle.measures:
        exprs += [e for e, _, _ in cm.conditions] + [e for _, e, _ in cm.lets]
        exprs += [e for e in (cm.amount, cm.range_min, cm.range_max, cm.cap, cm.floor) if e is not None]
    own = {id(e): e.fn for e in exprs}

    def one_pass() -> float:
        ts = []
        for sc in scs:
            c = time.process_time()
            ev.evaluate(sc, questions=False)
            ts.append(time.process_time() - c)
        return statistics.median(ts) * 1e6

    for sc in scs[:40]:
        ev.evaluate(sc, questions=False)
    given: dict[int, list] = {}

    def recording(e):
        out = given.setdefault(id(e), [])
        fn = own[id(e)]

        def rec(env):
            v = fn(env)
            out.append(v)
            return v
        return rec
    for e in exprs:
        e.fn = recording(e)
    for sc in scs:
        ev.evaluate(sc, questions=False)
    calls = sum(len(v) for v in given.values()) / len(scs)
    at: dict[int, list[int]] = {}

    def replaying(e):
        vals = given.get(id(e)) or [None]
        pos = at[id(e)] = [0]

        def play(env):
            k = pos[0]
            pos[0] = k + 1
            return vals[k % len(vals)]
        return play
    plays = {id(e): replaying(e) for e in exprs}
    normal = free = float("inf")
    for _ in range(PASSES):   # in turn, so that a machine changing speed moves both alike
        for e in exprs:
            e.fn = own[id(e)]
        normal = min(normal, one_pass())
        for p in at.values():   # each replaying pass starts the recorded pass again
            p[0] = 0
        for e in exprs:
            e.fn = plays[id(e)]
        free = min(free, one_pass())
    for e in exprs:
        e.fn = own[id(e)]
    print(f"evaluate(sc, questions=False): {len(scs)} varied scenarios on {JID}, {calls:.0f} expression "
          f"evaluations a call; CPU medians, the best of {PASSES} passes each, in turn; {load()}")
    print(f"as it is                                   {normal / 1e3:.3f} ms")
    print(f"every expression free (its value replayed) {free / 1e3:.3f} ms  "
          f"(the expressions: {(normal - free) / 1e3:.3f} ms, {(normal - free) / normal:.0%})")
    print(f"goal {GOAL_MS} ms: {'within reach of the rest' if free <= GOAL_MS * 1e3 else 'above it even so'}")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--part", choices=("window", "evaluate", "both"), default="both")
    ap.add_argument("-n", type=int, default=7, help="window samples of each")
    ap.add_argument("--scenarios", type=int, default=400)
    ap.add_argument("--instructions", action="store_true",
                    help="the window's bound in instructions (valgrind) instead of time")
    args = ap.parse_args()
    print(machine())
    if args.part in ("window", "both"):
        if args.instructions:
            window_instructions()
        else:
            window(args.n)
    if args.part in ("evaluate", "both"):
        evaluate_bound(args.scenarios)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
