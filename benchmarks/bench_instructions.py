"""Instructions, not seconds: the starts and evaluate() counted by valgrind's callgrind, so that a
change of a percent or two is seen on a machine whose speed moves by half from one minute to the
next (a shared virtual machine: the same work took 1.4-1.7x as long within an hour).

    python benchmarks/bench_instructions.py                  # the working tree
    python benchmarks/bench_instructions.py 48a2755 HEAD     # git revisions, each exported (git archive)

For each tree, in a fresh process under ``valgrind --tool=callgrind`` (the count of instructions
the process executed, its libraries and Qt included; PYTHONHASHSEED=0, byte-compiled first, its own
data folder warmed by two ordinary runs, so the parse cache answers as at a user's second start):

- ``window``: process start to ``create_main_window()`` painted with its first result (the child
  of ``bench_first_paint.py``, offscreen), against a bare ``QMainWindow`` painted (its floor);
- ``cli``: ``python -m calc_app evaluate`` on the shipped example, against ``python -c pass``;
- ``evaluate``: per call of ``evaluate(sc, questions=False)`` on 100 varied 江门 scenarios (a run
  with them less a run without, over 100; the same scenarios for every tree), against
  ``validate_scenario`` alone, as in ``bench_evaluate.py``.

Counts repeat within ~0.1% from run to run. They are not time: an instruction waiting for memory
costs more than one that does not, so a ratio of counts is close to, not equal to, a ratio of times
(the window's 4.7x in instructions was 4.4-4.9x in time). Needs valgrind (``apt-get install
valgrind``); each tree takes about two minutes.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from _common import EXAMPLE, ROOT, load, machine

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_first_paint import CHILD as WINDOW_CHILD  # noqa: E402

N_EVAL = 100

EVAL_CHILD = r"""
import json, sys
import calc_app.engine.evaluate as ev
n, what = int(sys.argv[1]), sys.argv[2]
raw = json.loads(open(sys.argv[3], encoding="utf-8").read())
scs = [ev.validate_scenario(d) for d in raw]
ev.evaluate(scs[0], questions=False)
for k in range(n):
    if what == "evaluate":
        ev.evaluate(scs[k], questions=False)
    else:
        ev.validate_scenario(raw[k])
"""


def count(cmd: list[str], env: dict[str, str], cwd: Path) -> int:
    """The instructions ``cmd`` executed, by callgrind."""
    p = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *cmd],
                       env=env, cwd=cwd, capture_output=True, text=True, timeout=900)
    m = re.search(r"Collected\s*:\s*(\d+)", p.stderr)
    if p.returncode != 0 or m is None:
        raise RuntimeError(f"{cmd[1:3]}: exit {p.returncode}: {p.stderr[-1500:]}")
    return int(m.group(1))


def scenarios(path: Path) -> Path:
    """The varied 江门 scenarios of bench_evaluate.py, written once for every tree."""
    import json

    from calc_app.samples import varied_scenario
    raw, i = [], 0
    while len(raw) < N_EVAL:
        d = varied_scenario(i, seed=314)
        i += 1
        if d["jurisdiction"] == "cn-gd-jiangmen":
            raw.append(d)
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    return path


def measure(tree: Path, data: Path, scs: Path) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(tree), "PYTHONHASHSEED": "0", "LANG": "C.UTF-8",
           "QT_QPA_PLATFORM": "offscreen", "RELIEF_DATA_DIR": str(data)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(tree / "calc_app")], check=False,
                   stdout=subprocess.DEVNULL)
    py = sys.executable
    window = [py, "-c", WINDOW_CHILD, "create"]
    cli = [py, "-m", "calc_app", "evaluate", str(EXAMPLE)]
    ev0 = [py, "-c", EVAL_CHILD, "0", "evaluate", str(scs)]
    # the data folder's caches (a start may still add to them up to the third), the disk's
    for cmd in (window, cli, ev0, window, cli, ev0, ev0):
        subprocess.run(cmd, env=env, cwd=tree, capture_output=True, timeout=300, check=True)
    out = {"window": count(window, env, tree), "bare": count([py, "-c", WINDOW_CHILD, "bare"], env, tree),
           "cli": count(cli, env, tree), "pass": count([py, "-c", "pass"], env, tree)}
    zero = count(ev0, env, tree)
    out["evaluate"] = (count([py, "-c", EVAL_CHILD, str(N_EVAL), "evaluate", str(scs)], env, tree) - zero) / N_EVAL
    out["validate"] = (count([py, "-c", EVAL_CHILD, str(N_EVAL), "validate", str(scs)], env, tree) - zero) / N_EVAL
    return out


def export(rev: str, into: Path) -> tuple[str, Path]:
    sha = subprocess.run(["git", "rev-parse", "--short", rev], cwd=ROOT, capture_output=True, text=True,
                         check=True).stdout.strip()
    d = into / sha
    d.mkdir()
    archive = subprocess.run(["git", "archive", sha], cwd=ROOT, capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(d)], input=archive, check=True)
    return sha, d


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("revisions", nargs="*", help="git revisions (default: the working tree as it is)")
    args = ap.parse_args()
    print(machine())
    if shutil.which("valgrind") is None:
        print("valgrind is not installed (apt-get install valgrind): nothing counted")
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        trees = [export(r, Path(tmp)) for r in args.revisions] or [("working tree", ROOT)]
        scs = scenarios(Path(tmp) / "scenarios.json")
        got = {}
        for name, tree in trees:
            got[name] = m = measure(tree, Path(tmp) / f"data-{name.replace(' ', '-')}", scs)
            print(f"{name}:")
            print(f"  window usable      {m['window'] / 1e9:7.3f} G instructions  {m['window'] / m['bare']:5.2f}x "
                  f"a bare window painted ({m['bare'] / 1e9:.3f} G); goal <= 2.5x")
            print(f"  cli evaluate       {m['cli'] / 1e9:7.3f} G instructions  {m['cli'] / m['pass']:5.2f}x "
                  f"python -c pass ({m['pass'] / 1e9:.3f} G)")
            print(f"  evaluate() a call  {m['evaluate'] / 1e6:7.3f} M instructions  {m['evaluate'] / m['validate']:5.2f}x "
                  f"validate_scenario ({m['validate'] / 1e6:.3f} M)")
        if len(got) > 1:
            first = next(iter(got))
            for name in list(got)[1:]:
                a, b = got[first], got[name]
                print(f"{name} against {first}: " + ", ".join(
                    f"{k} {(b[k] - a[k]) / a[k]:+.2%}" for k in ("window", "cli", "evaluate")))
    print(load())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
