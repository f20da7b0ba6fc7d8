"""The register: versions never overwritten, history, search, recent, export, backup/restore, migrations."""
from __future__ import annotations

import csv
import sqlite3

import pytest

from calc_app import evaluate
from calc_app.register import Register, RegisterError
from calc_app.register.db import SCHEMA_VERSION
from calc_app.register.export import COLUMNS, export

VALID_CODE = "91350100M000100Y43"


def _save(reg, scenario, name, case_id=None, **applicant):
    return reg.save(scenario, evaluate(scenario), {"name": name, **applicant}, case_id=case_id)


def test_the_file_is_in_the_data_folder_in_wal_mode_with_foreign_keys(reg, data_dir):
    assert reg.path == data_dir / "register.sqlite3"
    assert reg.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert reg.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert reg.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_every_save_is_a_new_version_and_older_ones_reopen_unchanged(reg, example):
    cid, v1 = _save(reg, example, "江门五金", credit_code=VALID_CODE, staff="王芳", contact="0750-1234567")
    changed = {**example, "employees": 10}
    cid2, v2 = _save(reg, changed, "江门五金有限公司", case_id=cid, staff="王芳")
    assert (cid2, v1, v2) == (cid, 1, 2)
    old = reg.get(cid, 1)
    assert old["scenario"]["employees"] == 48 and old["applicant"]["credit_code"] == VALID_CODE
    assert old["result"] == evaluate(example)
    new = reg.get(cid)
    assert new["version"] == 2 and new["scenario"]["employees"] == 10 and new["name"] == "江门五金有限公司"
    assert new["policy_version"] == new["result"]["policy_version"]
    hist = reg.history(cid)
    assert [h["version"] for h in hist] == [1, 2] and hist[0]["name"] == "江门五金"
    assert reg.conn.execute("SELECT count(*) FROM versions").fetchone()[0] == 2


def test_search_by_any_part_of_the_name_or_of_the_code_and_recent_first(reg, example):
    a, _ = _save(reg, example, "江门五金有限公司", credit_code=VALID_CODE)
    b, _ = _save(reg, {**example, "jurisdiction": "cn-gd"}, "广东纺织厂")
    assert [c["id"] for c in reg.cases("五金")] == [a]
    assert [c["id"] for c in reg.cases("m000100")] == [a]  # lower case, part of the code
    assert [c["id"] for c in reg.cases("纺织")] == [b]
    assert reg.cases("五金%") == []  # % is a character, not a wildcard
    assert [c["id"] for c in reg.recent()] == [b, a]
    _save(reg, example, "江门五金有限公司", case_id=a)  # saving again brings it to the top
    assert [c["id"] for c in reg.recent(1)] == [a]


def test_a_save_without_a_name_or_to_an_unknown_case_changes_nothing(reg, example):
    with pytest.raises(RegisterError):
        _save(reg, example, "  ")
    with pytest.raises(RegisterError):
        _save(reg, example, "x", case_id=99)
    assert reg.count() == 0 and reg.conn.execute("SELECT count(*) FROM versions").fetchone()[0] == 0


def test_export_csv_and_xlsx_hold_one_row_per_case(reg, example, tmp_path):
    _save(reg, example, "江门五金", credit_code=VALID_CODE)
    _save(reg, example, "第二家")
    assert export(reg, tmp_path / "r.csv") == 2
    raw = (tmp_path / "r.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    assert [r["name"] for r in rows] == ["第二家", "江门五金"]
    assert rows[1]["credit_code"] == VALID_CODE and rows[1]["total_grant"] == evaluate(example)["totals"]["grant"]
    export(reg, tmp_path / "r.xlsx")
    from openpyxl import load_workbook
    ws = load_workbook(tmp_path / "r.xlsx").active
    got = list(ws.iter_rows(values_only=True))
    assert list(got[0]) == list(COLUMNS) and got[2][1] == "江门五金"


def test_backup_then_restore_brings_back_the_backed_up_cases_and_keeps_the_replaced_ones(reg, example, tmp_path):
    a, _ = _save(reg, example, "备份前")
    reg.backup(tmp_path / "b.sqlite3")
    _save(reg, example, "备份后")
    kept = reg.restore(tmp_path / "b.sqlite3")
    assert [c["name"] for c in reg.cases()] == ["备份前"]
    assert reg.get(a)["result"] == evaluate(example)
    with Register(kept) as old:
        assert sorted(c["name"] for c in old.cases()) == ["备份前", "备份后"]


def test_restore_refuses_a_file_that_is_not_a_register(reg, example, tmp_path):
    _save(reg, example, "留下")
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database at all" * 100)
    with pytest.raises(RegisterError, match="not a register"):
        reg.restore(junk)
    other = tmp_path / "other.sqlite3"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    with pytest.raises(RegisterError, match="not a register"):
        reg.restore(other)
    assert [c["name"] for c in reg.cases()] == ["留下"]


def test_a_register_from_a_newer_program_is_refused_untouched(data_dir):
    data_dir.mkdir(parents=True)
    p = data_dir / "register.sqlite3"
    c = sqlite3.connect(p)
    c.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    c.close()
    with pytest.raises(RegisterError, match="newer"):
        Register()
    c = sqlite3.connect(p)
    assert c.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 1
    assert c.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0
    c.close()


def test_opening_twice_migrates_once(data_dir, example):
    with Register() as a:
        _save(a, example, "一")
    with Register() as b:
        assert b.count() == 1 and b.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_recheck_names_a_saved_case_the_current_law_cannot_evaluate(reg, example):
    import json as _json
    from calc_app.register.recheck import recheck
    a, _ = _save(reg, example, "好的")
    b, _ = _save(reg, example, "坏的")
    bad = {**example, "no_longer_a_field": 1}
    reg.conn.execute("UPDATE versions SET scenario = ? WHERE case_id = ?", (_json.dumps(bad), b))
    out = recheck(reg)
    assert out["checked"] == 2 and out["unchanged"] == 1 and out["changed"] == []
    assert [f["id"] for f in out["failed"]] == [b] and "no_longer_a_field" in out["failed"][0]["problems"][0]


def test_results_are_stored_compressed_and_old_text_results_still_read(reg, example):
    import json as _json
    cid, _ = _save(reg, example, "压缩")
    stored = reg.conn.execute("SELECT result FROM versions WHERE case_id = ?", (cid,)).fetchone()[0]
    assert isinstance(stored, bytes) and len(stored) * 4 < len(_json.dumps(evaluate(example), ensure_ascii=False).encode())
    reg.conn.execute("UPDATE versions SET result = ? WHERE case_id = ?", (_json.dumps(evaluate(example)), cid))
    assert reg.get(cid)["result"] == evaluate(example)
