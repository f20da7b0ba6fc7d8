"""A writer killed with SIGKILL at any moment loses no case it reported saved, and leaves no half case.

The writer saves cases in a loop and prints each id after ``save()`` returned. One run is killed after
some saves, wherever it is; another is killed while a save's transaction is open (held there just
before COMMIT), which must leave that case absent and everything before it whole."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from calc_app.register import Register

ROOT = Path(__file__).resolve().parents[2]

WRITER = r"""
import json, sys, time
from calc_app import evaluate
import calc_app.register.db as db
from calc_app.register import Register
scenario = json.load(open(sys.argv[1], encoding="utf-8"))
hold_at = int(sys.argv[2])
result = evaluate(scenario)
n = 0
def hold():
    if n == hold_at:
        print("in-transaction", flush=True)
        time.sleep(600)
db._before_commit = hold
reg = Register()
while True:
    n += 1
    cid, v = reg.save({**scenario, "employees": n}, result, {"name": f"申请人{n}", "notes": "x" * 2000})
    print(f"saved {cid} {n}", flush=True)
"""

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")


def _writer(data_dir: Path, hold_at: int) -> subprocess.Popen:
    env = {**os.environ, "RELIEF_DATA_DIR": str(data_dir), "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-c", WRITER, str(ROOT / "examples" / "jiangmen-small-manufacturer.json"),
                             str(hold_at)], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)


def _check(data_dir: Path, reported: list[tuple[int, int]]) -> Register:
    reg = Register()
    assert reg.integrity() == "ok"
    for cid, n in reported:
        d = reg.get(cid)
        assert d["name"] == f"申请人{n}" and d["scenario"]["employees"] == n and d["result"]["items"]
    return reg


@pytest.mark.parametrize("after", [1, 25, 60])
def test_killed_between_or_during_saves_every_reported_case_is_there(data_dir, after):
    p = _writer(data_dir, hold_at=-1)
    reported = []
    try:
        for line in p.stdout:
            _w, cid, n = line.split()
            reported.append((int(cid), int(n)))
            if len(reported) == after:
                os.kill(p.pid, signal.SIGKILL)  # the writer is already inside its next save, or about to be
                break
    finally:
        p.kill()
        p.wait()
        p.stdout.close()
    reg = _check(data_dir, reported)
    # the writer ran on while the kill was on its way: saves after the last one read may be there too,
    # each of them whole; none is half there
    assert reg.count() >= len(reported)
    for c in reg.cases():
        d = reg.get(c["id"])
        assert d["name"] == f"申请人{d['scenario']['employees']}" and d["result"]["items"] and len(d["notes"]) == 2000
    reg.close()


def test_killed_inside_an_open_transaction_the_unfinished_case_is_absent(data_dir):
    p = _writer(data_dir, hold_at=8)
    reported = []
    try:
        for line in p.stdout:
            if line.strip() == "in-transaction":
                os.kill(p.pid, signal.SIGKILL)
                break
            _w, cid, n = line.split()
            reported.append((int(cid), int(n)))
    finally:
        p.kill()
        p.wait()
        p.stdout.close()
    assert len(reported) == 7
    reg = _check(data_dir, reported)
    assert reg.count() == 7 and reg.conn.execute("SELECT count(*) FROM versions").fetchone()[0] == 7
    assert reg.cases("申请人8") == []
    reg.close()
