"""evaluate() on the same varied scenarios in several revisions of this repository, one after another
in the same minutes, so that a change's gain is read as a pair and not against a figure from another
day or load.

    python benchmarks/bench_revisions.py 48cdfbd HEAD      # any git revisions; default: HEAD~1 HEAD

Each revision is exported (``git archive``) to a temporary folder and measured in a fresh process
with the same script: the CPU-time median per call (waiting for a CPU held by other work does not
count) of ``evaluate(sc, questions=False)`` on 300 varied 江门 scenarios, of the batch's call
(``steps=False``) on 300 scenarios of every jurisdiction, and of the default call (questions ranked)
on 150; each the fastest of three passes. Rounds alternate the revisions (``--rounds``).
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from _common import ROOT, load, machine

CHILD = r"""
import statistics, sys, time
import calc_app.engine.evaluate as ev
from calc_app.samples import varied_scenario
jm, i = [], 0
while len(jm) < 300:
    d = varied_scenario(i, seed=314); i += 1
    if d["jurisdiction"] == "cn-gd-jiangmen":
        jm.append(ev.validate_scenario(d))
every = [ev.validate_scenario(varied_scenario(k, seed=7)) for k in range(300)]
def med(fn, xs):
    for s in xs[:30]:
        fn(s)
    best = float("inf")
    for _ in range(3):
        ts = []
        for s in xs:
            t = time.process_time(); fn(s); ts.append(time.process_time() - t)
        best = min(best, statistics.median(ts))
    return best * 1e3
q0 = med(lambda s: ev.evaluate(s, questions=False), jm)
bc = med(lambda s: ev.evaluate(s, steps=False, memo=False), every)
dq = med(lambda s: ev.evaluate(s), jm[:150])
print(f"questions=False {q0:.3f} ms   batch's call {bc:.3f} ms   default {dq:.3f} ms")
"""


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("revisions", nargs="*", default=["HEAD~1", "HEAD"])
    ap.add_argument("--rounds", type=int, default=2)
    args = ap.parse_args()
    print(machine())
    with tempfile.TemporaryDirectory() as tmp:
        trees = {}
        for rev in args.revisions:
            sha = subprocess.run(["git", "rev-parse", "--short", rev], cwd=ROOT, capture_output=True, text=True,
                                 check=True).stdout.strip()
            d = Path(tmp) / sha
            d.mkdir()
            archive = subprocess.run(["git", "archive", sha], cwd=ROOT, capture_output=True, check=True).stdout
            subprocess.run(["tar", "-x", "-C", str(d)], input=archive, check=True)
            trees[rev] = (sha, d)
        for r in range(args.rounds):
            for rev, (sha, d) in trees.items():
                env = {**os.environ, "PYTHONPATH": str(d)}
                p = subprocess.run([sys.executable, "-c", CHILD], cwd=d, env=env, capture_output=True, text=True)
                line = p.stdout.strip().splitlines()[-1] if p.returncode == 0 else f"failed: {p.stderr.strip()[-200:]}"
                print(f"round {r + 1}  {rev:>12s} ({sha}): {line}")
    print(load())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
