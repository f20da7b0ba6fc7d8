"""The batch in several revisions of this repository, one after another on the same input, so that a
change's gain is read as a pair; then the files each wrote compared byte for byte.

    python benchmarks/bench_batch_revisions.py 7f0dabb HEAD            # default: HEAD~1 HEAD
    python benchmarks/bench_batch_revisions.py 7f0dabb HEAD --rows 30000 --varied

Each revision is exported (``git archive``) and runs ``run_batch`` in a fresh process (2 workers by
default), after loading its policies. Printed per run: rows a second (wall clock), the CPU time of
the main process and of the workers (user / kernel) and the peak resident memory of each. The input
is the generated one of ``bench_batch.py`` (the shipped example with the date, headcounts, layoffs,
revenue and rent varied), or with ``--varied`` the seeded series of ``calc_app.samples`` (every input
varied, zero to three loans, guarantees and bids), written by the last revision given.
"""
from __future__ import annotations

import argparse
import filecmp
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from _common import ROOT, load, machine, write_batch_input

CHILD = r"""
import json, resource, sys, time
from calc_app.engine.policies import default_bundle
from calc_app.batch import run_batch
default_bundle()
t = time.perf_counter()
code = run_batch(sys.argv[1], sys.argv[2], workers=int(sys.argv[3]), progress=False,
                 stderr=open(sys.argv[2] + ".log", "w"))
wall = time.perf_counter() - t
me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"code": code, "wall": wall, "mu": me.ru_utime, "ms": me.ru_stime, "wu": kids.ru_utime,
                  "ws": kids.ru_stime, "rss": me.ru_maxrss, "rss_w": kids.ru_maxrss}))
"""

VARIED = r"""
import csv, sys
from calc_app.batch import input_columns
from calc_app.models.inputs.lists import LIST_MODELS
from calc_app.samples import varied_scenarios

def cell(v):
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)

cols = input_columns(3)
with open(sys.argv[2], "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f)
    w.writerow(cols)
    for sc in varied_scenarios(int(sys.argv[1]), seed=99):
        row = {}
        for k, v in sc.items():
            if k in LIST_MODELS:
                items = [it for it in v if it]
                if not items:
                    row[k] = "0"
                for n, it in enumerate(items, 1):
                    for f2, x in it.items():
                        row[f"{k}.{n}.{f2}"] = x
            else:
                row[k] = v
        w.writerow([cell(row.get(c)) for c in cols])
"""


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("revisions", nargs="*", default=["HEAD~1", "HEAD"])
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--varied", action="store_true", help="every input varied (calc_app.samples)")
    args = ap.parse_args()
    print(machine())
    with tempfile.TemporaryDirectory(prefix="relief-batch-revs-") as tmp:
        trees = {}
        for rev in args.revisions:
            sha = subprocess.run(["git", "rev-parse", "--short", rev], cwd=ROOT, capture_output=True, text=True,
                                 check=True).stdout.strip()
            d = Path(tmp) / sha
            d.mkdir(exist_ok=True)
            archive = subprocess.run(["git", "archive", sha], cwd=ROOT, capture_output=True, check=True).stdout
            subprocess.run(["tar", "-x", "-C", str(d)], input=archive, check=True)
            trees[rev] = (sha, d)
        inp = Path(tmp) / "input.csv"
        if args.varied:
            last = trees[args.revisions[-1]][1]
            subprocess.run([sys.executable, "-c", VARIED, str(args.rows), str(inp)], cwd=last, check=True,
                           env={**os.environ, "PYTHONPATH": str(last)})
        else:
            write_batch_input(inp, args.rows)
        print(f"input: {args.rows:,} rows ({'every input varied' if args.varied else 'generated as in bench_batch.py'}), "
              f"{args.workers} workers")
        outs: dict[str, Path] = {}
        for r in range(args.rounds):
            for rev, (sha, d) in trees.items():
                out = Path(tmp) / f"out-{sha}.csv"
                env = {**os.environ, "PYTHONPATH": str(d)}
                p = subprocess.run([sys.executable, "-c", CHILD, str(inp), str(out), str(args.workers)], cwd=d,
                                   env=env, capture_output=True, text=True)
                if p.returncode != 0:
                    print(f"round {r + 1}  {rev:>12s} ({sha}): failed: {p.stderr.strip()[-300:]}")
                    continue
                g = json.loads(p.stdout.strip().splitlines()[-1])
                print(f"round {r + 1}  {rev:>12s} ({sha}): {args.rows / g['wall']:7,.0f} rows/s  wall {g['wall']:5.1f} s  "
                      f"CPU main {g['mu']:.1f}/{g['ms']:.1f} s, workers {g['wu']:.1f}/{g['ws']:.1f} s (user/kernel)  "
                      f"peak RSS main {g['rss'] // 1024} MB, worker {g['rss_w'] // 1024} MB  exit {g['code']}")
                outs[rev] = out
        revs = list(outs)
        for rev in revs[1:]:
            a, b = outs[revs[0]], outs[rev]
            same = []
            for suffix in ("", ".summary", ".errors"):
                fa, fb = a.with_name(a.stem + suffix + ".csv"), b.with_name(b.stem + suffix + ".csv")
                same.append(f"{('items' if not suffix else suffix[1:])} "
                            f"{'identical' if filecmp.cmp(fa, fb, shallow=False) else 'DIFFER'}")
            print(f"{revs[0]} against {rev}: " + ", ".join(same))
    print(load())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
