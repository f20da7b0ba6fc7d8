"""``python -m calc_app cases …``: add prints the id, list/show/export/backup/restore/recheck, exit codes 0/2."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "jiangmen-small-manufacturer.json"
CODE = "91350100M000100Y43"


def cli(data_dir, *args, stdin=None):
    return subprocess.run([sys.executable, "-m", "calc_app", *map(str, args)], cwd=ROOT, capture_output=True,
                          text=True, input=stdin,
                          env={"LANG": "C.UTF-8", "PATH": "/usr/bin:/bin", "RELIEF_DATA_DIR": str(data_dir)})


def test_add_list_show_round_trip(data_dir):
    r = cli(data_dir, "cases", "add", EXAMPLE, "--name", "江门五金有限公司", "--credit-code", CODE)
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines() == ["1"]
    r2 = cli(data_dir, "cases", "add", EXAMPLE, "--name", "第二家")
    assert r2.stdout.strip() == "2"
    rows = json.loads(cli(data_dir, "cases", "list", "--format", "json").stdout)
    assert [(x["id"], x["name"], x["credit_code"], x["jurisdiction"]) for x in rows] == [
        (2, "第二家", None, "cn-gd-jiangmen"), (1, "江门五金有限公司", CODE, "cn-gd-jiangmen")]
    assert all(x["updated"] for x in rows)
    text = cli(data_dir, "cases", "list").stdout.splitlines()
    assert text[1].split("\t")[:4] == ["1", "江门五金有限公司", CODE, "cn-gd-jiangmen"]
    shown = json.loads(cli(data_dir, "cases", "show", "1").stdout)
    assert shown["case"]["name"] == "江门五金有限公司" and shown["case"]["credit_code"] == CODE
    assert shown["scenario"] == json.loads(EXAMPLE.read_text(encoding="utf-8"))
    ev = json.loads(cli(data_dir, "evaluate", EXAMPLE).stdout)
    assert shown["result"] == ev and shown["policy_version"] == ev["policy_version"]
    assert [h["version"] for h in shown["history"]] == [1]


def test_the_scenario_may_carry_an_applicant_object(data_dir, tmp_path):
    sc = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    sc["applicant"] = {"name": "江门五金", "credit_code": CODE.lower(), "staff": "王芳", "contact": "13800000000"}
    f = tmp_path / "s.json"
    f.write_text(json.dumps(sc, ensure_ascii=False), encoding="utf-8")
    ev = cli(data_dir, "evaluate", f)
    assert ev.returncode == 0, ev.stderr
    out = json.loads(ev.stdout)
    assert out["applicant"]["credit_code"] == CODE and out["totals"] == json.loads(cli(data_dir, "evaluate", EXAMPLE).stdout)["totals"]
    cid = cli(data_dir, "cases", "add", f).stdout.strip()
    shown = json.loads(cli(data_dir, "cases", "show", cid).stdout)
    assert shown["case"]["staff"] == "王芳" and "applicant" not in shown["scenario"]


def test_a_wrong_credit_code_is_exit_2_naming_it(data_dir, tmp_path):
    r = cli(data_dir, "cases", "add", EXAMPLE, "--name", "x", "--credit-code", "91350100M000100Y44")
    assert r.returncode == 2 and r.stdout == ""
    assert r.stderr.startswith("--credit-code: ") and "should be 3" in r.stderr and "Traceback" not in r.stderr
    sc = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    sc["applicant"] = {"credit_code": "123", "nickname": "x"}
    sc["employees"] = -1
    f = tmp_path / "s.json"
    f.write_text(json.dumps(sc), encoding="utf-8")
    r = cli(data_dir, "evaluate", f)
    fields = [line.split(":")[0] for line in r.stderr.splitlines()]
    assert r.returncode == 2 and {"applicant.credit_code", "applicant.nickname", "employees"} <= set(fields)
    assert json.loads(cli(data_dir, "cases", "list", "--format", "json").stdout) == []


def test_add_without_a_name_and_show_of_an_unknown_case_are_exit_2(data_dir):
    r = cli(data_dir, "cases", "add", EXAMPLE)
    assert r.returncode == 2 and r.stderr.startswith("--name:")
    r = cli(data_dir, "cases", "show", "5")
    assert r.returncode == 2 and r.stderr.strip() == "id: no case 5"


def test_a_new_version_with_case_keeps_the_applicant_and_history_shows_both(data_dir, tmp_path):
    cli(data_dir, "cases", "add", EXAMPLE, "--name", "甲", "--credit-code", CODE, "--staff", "王芳")
    sc = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    sc["employees"] = 5
    f = tmp_path / "s.json"
    f.write_text(json.dumps(sc), encoding="utf-8")
    assert cli(data_dir, "cases", "add", f, "--case", "1").stdout.strip() == "1"
    shown = json.loads(cli(data_dir, "cases", "show", "1").stdout)
    assert shown["case"]["version"] == 2 and shown["case"]["credit_code"] == CODE and shown["case"]["staff"] == "王芳"
    assert shown["scenario"]["employees"] == 5
    old = json.loads(cli(data_dir, "cases", "show", "1", "--version", "1").stdout)
    assert old["scenario"]["employees"] == 48 and len(old["history"]) == 2


def test_export_backup_restore(data_dir, tmp_path):
    cli(data_dir, "cases", "add", EXAMPLE, "--name", "甲")
    assert cli(data_dir, "cases", "export", "--out", tmp_path / "r.csv").returncode == 0
    assert "甲" in (tmp_path / "r.csv").read_text(encoding="utf-8-sig")
    assert cli(data_dir, "cases", "export", "--out", tmp_path / "r.xlsx").returncode == 0
    assert cli(data_dir, "cases", "export", "--out", tmp_path / "r.txt").returncode == 2
    assert cli(data_dir, "cases", "backup", "--out", tmp_path / "b.sqlite3").returncode == 0
    cli(data_dir, "cases", "add", EXAMPLE, "--name", "乙")
    r = cli(data_dir, "cases", "restore", tmp_path / "b.sqlite3")
    assert r.returncode == 0, r.stderr
    assert [x["name"] for x in json.loads(cli(data_dir, "cases", "list", "--format", "json").stdout)] == ["甲"]
    r = cli(data_dir, "cases", "restore", tmp_path / "r.csv")
    assert r.returncode == 2 and "not a register" in r.stderr


def test_recheck_lists_the_cases_whose_stored_result_differs_from_the_current_law(data_dir):
    cli(data_dir, "cases", "add", EXAMPLE, "--name", "甲")
    cli(data_dir, "cases", "add", EXAMPLE, "--name", "乙")
    same = json.loads(cli(data_dir, "cases", "recheck", "--format", "json").stdout)
    assert same["checked"] == 2 and same["unchanged"] == 2 and same["changed"] == []
    # a result saved under another law: change the stored result of case 2 as an older pack would have had it
    import sqlite3
    c = sqlite3.connect(data_dir / "register.sqlite3")
    from calc_app.register.db import _pack, _unpack
    res = _unpack(c.execute("SELECT result FROM versions WHERE case_id = 2").fetchone()[0])
    grant = next(it for it in res["items"] if it["status"] == "eligible" and it["effect"] == "grant")
    grant["amount"] = "0.00"
    grant["status"] = "ineligible"
    from decimal import Decimal
    res["totals"]["grant"] = str(Decimal(res["totals"]["grant"]) - Decimal(
        next(it for it in json.loads(cli(data_dir, "evaluate", EXAMPLE).stdout)["items"]
             if it["measure_id"] == grant["measure_id"])["amount"]))
    c.execute("UPDATE versions SET result = ? WHERE case_id = 2", (_pack(res),))
    c.commit()
    c.close()
    out = json.loads(cli(data_dir, "cases", "recheck", "--format", "json").stdout)
    assert out["unchanged"] == 1 and [x["id"] for x in out["changed"]] == [2]
    ch = out["changed"][0]
    assert [m["measure_id"] for m in ch["measures"]] == [grant["measure_id"]]
    assert Decimal(ch["totals"]["grant"]["change"]) > 0
    text = cli(data_dir, "cases", "recheck").stdout
    assert "\t乙\t" in text and "+" in text
