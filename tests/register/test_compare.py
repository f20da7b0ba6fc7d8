"""compare: 2–4 scenarios item by item, differences marked, totals and their difference from the first."""
from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

from calc_app import evaluate
from calc_app.reports.compare import compare_scenarios

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "jiangmen-small-manufacturer.json"


def cli(*args):
    return subprocess.run([sys.executable, "-m", "calc_app", *map(str, args)], cwd=ROOT, capture_output=True,
                          text=True, env={"LANG": "C.UTF-8", "PATH": "/usr/bin:/bin"})


def test_the_same_scenario_twice_has_no_difference(example):
    out = compare_scenarios([example, example])
    assert out["differences"] == 0 and not any(it["differs"] for it in out["items"])
    assert all(set(t["difference"]) == {"0.00"} for t in out["totals"].values())


def test_a_changed_answer_marks_exactly_the_measures_that_moved_and_the_totals_difference(example):
    what_if = {**example, "graduates_hired": 0, "fresh_graduates_bachelor": 0, "fresh_graduates_college": 0}
    a, b = evaluate(example), evaluate(what_if)
    out = compare_scenarios([example, what_if])
    moved = {it["measure_id"] for it in out["items"] if it["differs"]}
    expected = {x["measure_id"] for x, y in zip(a["items"], b["items"]) if (x["status"], x["amount"]) != (y["status"], y["amount"])}
    assert moved == expected and moved
    for e, t in out["totals"].items():
        assert t["values"] == [a["totals"][e], b["totals"][e]]
        assert Decimal(t["difference"][1]) == Decimal(b["totals"][e]) - Decimal(a["totals"][e])


def test_two_jurisdictions_show_measures_of_one_chain_as_absent_in_the_other(example):
    out = compare_scenarios([example, {**example, "jurisdiction": "cn-hb-jingmen-zhongxiang"}])
    jm = [it for it in out["items"] if it["jurisdiction"] == "cn-gd-jiangmen"]
    assert jm and all(it["cells"][1] is None and it["differs"] for it in jm)
    assert any(it["cells"][0] is None for it in out["items"] if it["jurisdiction"].startswith("cn-hb"))


def test_cli_text_and_json_and_exit_codes(tmp_path, example):
    b = tmp_path / "b.json"
    b.write_text(json.dumps({**example, "as_of": "2023-03-01"}), encoding="utf-8")
    r = cli("compare", EXAMPLE, b, "--format", "json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert [s["as_of"] for s in out["scenarios"]] == ["2022-07-15", "2023-03-01"] and out["differences"] > 0
    t = cli("compare", EXAMPLE, b, EXAMPLE, "--lang", "en_US")
    assert t.returncode == 0 and "difference from A" in t.stdout and "* " in t.stdout
    assert cli("compare", EXAMPLE).returncode == 2
    assert cli("compare", *[EXAMPLE] * 5).returncode == 2
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({**example, "employees": -3}), encoding="utf-8")
    r = cli("compare", EXAMPLE, bad)
    assert r.returncode == 2 and r.stderr.startswith(f"{bad}: employees:")
