"""Batch evaluation in-process: rows in, one row per scenario and measure out, bad rows aside."""
import datetime as dt
import io
from pathlib import Path

import pytest
from openpyxl import Workbook

import calc_app.batch as batch
from calc_app import evaluate
from calc_app.batch import input_columns, run_batch
from calc_app.models.inputs.lists import ITEM_FIELDS, LIST_MODELS
from calc_app.models.scenario import SCALAR_FIELDS
from calc_app.reports.csv_rows import ERROR_COLUMNS, ITEM_COLUMNS, REASON_SEPARATOR, SUMMARY_COLUMNS

from batch_helpers import example, flat, read_csv, write_csv


def run(inp: Path, out: Path, **kw) -> tuple[int, str]:
    err = io.StringIO()
    kw.setdefault("workers", 1)
    code = run_batch(inp, out, stderr=err, progress=False, **kw)
    return code, err.getvalue()


def expected_rows(scenario: dict, row: int, lang: str = "zh_CN") -> list[dict]:
    res = evaluate(scenario, lang)
    return [{"row": str(row), "jurisdiction": res["jurisdiction"], "as_of": res["as_of"],
             "measure_id": it["measure_id"], "status": it["status"], "amount": it["amount"],
             "amount_min": it.get("amount_min", ""), "amount_max": it.get("amount_max", ""),
             "reasons": REASON_SEPARATOR.join(it["reasons"]), "seed_file": it["source"]["seed_file"],
             "clause": it["source"]["clause"], "title": it["title"], "effect": it["effect"]}
            for it in res["items"]]


def pick(rows: list[dict], keys) -> list[dict]:
    return [{k: r[k] for k in keys} for r in rows]


KEYS = ("row", "jurisdiction", "as_of", "measure_id", "status", "amount", "amount_min", "amount_max",
        "reasons", "seed_file", "clause", "title", "effect")


def test_the_columns_come_from_the_scenario_model():
    cols = input_columns(2)
    assert cols[:2] == ["jurisdiction", "as_of"]
    assert set(SCALAR_FIELDS) <= set(cols)
    for lst in LIST_MODELS:
        assert lst in cols
        for f in ITEM_FIELDS[lst]:
            assert f"{lst}.1.{f}" in cols and f"{lst}.2.{f}" in cols
    assert len(cols) == len(set(cols))


def test_good_rows_give_one_row_per_scenario_and_measure_in_input_order(tmp_path):
    a = example()
    b = {**example(), "jurisdiction": "cn-hb-jingmen-zhongxiang", "as_of": "2022-05-01", "employees": 12}
    c = {"jurisdiction": "cn", "as_of": "2022-03-01"}  # everything else unknown
    inp = write_csv(tmp_path / "in.csv", [flat(a), flat(b), flat(c)])
    out = tmp_path / "out.csv"
    code, err = run(inp, out)
    assert code == 0, err
    rows = read_csv(out)
    assert list(rows[0].keys()) == list(ITEM_COLUMNS)
    want = expected_rows(a, 2) + expected_rows(b, 3) + expected_rows(c, 4)
    assert pick(rows, KEYS) == want
    summary = read_csv(tmp_path / "out.summary.csv")
    assert list(summary[0].keys()) == list(SUMMARY_COLUMNS)
    assert [s["row"] for s in summary] == ["2", "3", "4"]
    assert all(s["valid"] == "true" for s in summary)
    for s, scen in zip(summary, (a, b, c)):
        res = evaluate(scen)
        assert {e: s[f"total_{e}"] for e in res["totals"]} == res["totals"]
        assert int(s["measures"]) == len(res["items"])
    errors = read_csv(tmp_path / "out.errors.csv")
    assert errors == []
    assert (tmp_path / "out.errors.csv").read_text(encoding="utf-8-sig").startswith(",".join(ERROR_COLUMNS))


def test_english_output_uses_english_titles(tmp_path):
    inp = write_csv(tmp_path / "in.csv", [flat(example())])
    out = tmp_path / "out.csv"
    assert run(inp, out, lang="en_US")[0] == 0
    assert pick(read_csv(out), KEYS) == expected_rows(example(), 2, "en_US")


def test_an_empty_cell_is_unknown_not_zero(tmp_path):
    sc = example()
    del sc["employees"]
    row = flat(example())
    row["employees"] = ""
    inp = write_csv(tmp_path / "in.csv", [row])
    out = tmp_path / "out.csv"
    assert run(inp, out)[0] == 0
    assert pick(read_csv(out), KEYS) == expected_rows(sc, 2)


def test_bad_rows_go_to_the_errors_file_and_the_run_goes_on(tmp_path):
    good = flat(example())
    rows = [
        good,
        {**good, "size": "tiny"},                       # a value outside the field's choices
        {**good, "monthly_rent": "-30000"},             # negative money
        {**good, "as_of": "2022-02-30"},                # a broken date
        {**good, "jurisdiction": "cn-xx"},              # an unknown jurisdiction
        {**good, "employes": "12"},                     # a value in a column that is not an input
        good,
    ]
    cols = input_columns(2) + ["employes"]
    inp = write_csv(tmp_path / "in.csv", rows, cols)
    out = tmp_path / "out.csv"
    code, err = run(inp, out, lang="en_US")
    assert code == 2
    assert "bad rows" in err and "out.errors.csv" in err
    assert "warning: column employes" in err
    errors = read_csv(tmp_path / "out.errors.csv")
    got = [(e["row"], e["field"], e["value"], e["severity"]) for e in errors]
    assert got == [
        ("1", "employes", "", "warning"),
        ("3", "size", "tiny", "error"),
        ("4", "monthly_rent", "-30000", "error"),
        ("5", "as_of", "2022-02-30", "error"),
        ("6", "jurisdiction", "cn-xx", "error"),
    ]
    assert all(e["reason"] for e in errors)
    assert "did you mean employees" in errors[0]["reason"]
    assert errors[1]["reason"].startswith("Enterprise size (override): ")
    assert errors[2]["reason"] == "Monthly rent: must not be negative"
    assert "no such day" in errors[3]["reason"]
    assert "unknown jurisdiction" in errors[4]["reason"]
    assert {r["row"] for r in read_csv(out)} == {"2", "7", "8"}
    summary = read_csv(tmp_path / "out.summary.csv")
    assert [(s["row"], s["valid"]) for s in summary] == [
        ("2", "true"), ("3", "false"), ("4", "false"), ("5", "false"), ("6", "false"), ("7", "true"),
        ("8", "true")]
    assert summary[1]["problems"] == "1"
    assert [s["employes"] for s in summary] == ["", "", "", "", "", "12", ""]  # carried through


def test_messages_are_plain_words_in_the_runs_language(tmp_path):
    """No library wording ("Input should be ..."): each reason names the field by its label."""
    good = flat(example())
    rows = [{**good, "employees": "abc", "monthly_rent": "-1", "landlord": "someone", "as_of": "2022/2/30",
             "loans.1.annual_rate": "2", "industry_code": "Q99999"}]
    inp = write_csv(tmp_path / "in.csv", rows)
    for lang, words in (("zh_CN", ["从业人员：", "月租金：", "出租方：", "评估日期：", "贷款1·年利率：", "行业代码"]),
                        ("en_US", ["Employees (average headcount): ", "Monthly rent: must not be negative",
                                   "Landlord: ", "Evaluation date: ", "Loans 1: Annual rate: ", "Industry code"])):
        out = tmp_path / f"out-{lang}.csv"
        assert run(inp, out, lang=lang)[0] == 2
        reasons = [e["reason"] for e in read_csv(tmp_path / f"out-{lang}.errors.csv")]
        assert len(reasons) == 6, reasons
        for w in words:
            assert any(w in r for r in reasons), (w, reasons)
        for r in reasons:
            assert "Input should" not in r and "Value error" not in r and "pydantic" not in r
            if lang == "zh_CN":
                assert "must" not in r and "not a" not in r, r


def test_every_problem_of_a_row_is_reported(tmp_path):
    row = {**flat(example()), "employees": "-1", "landlord": "someone", "loans.1.start_date": "2022-06-31"}
    inp = write_csv(tmp_path / "in.csv", [row])
    out = tmp_path / "out.csv"
    assert run(inp, out)[0] == 2
    fields = sorted(e["field"] for e in read_csv(tmp_path / "out.errors.csv"))
    assert fields == ["employees", "landlord", "loans.1.start_date"]


def test_the_errors_file_can_be_named(tmp_path):
    inp = write_csv(tmp_path / "in.csv", [{**flat(example()), "size": "huge"}])
    out = tmp_path / "out.csv"
    code, _ = run(inp, out, errors_path=tmp_path / "bad.csv")
    assert code == 2
    assert [e["field"] for e in read_csv(tmp_path / "bad.csv")] == ["size"]
    assert not (tmp_path / "out.errors.csv").exists()


def test_list_columns_are_numbered_items(tmp_path):
    sc = example()
    second = {"principal": "500000", "annual_rate": "0.05", "start_date": "2022-03-01", "term_months": 6,
              "inclusive_small_micro": True}
    sc["loans"] = sc["loans"] + [second]
    inp = write_csv(tmp_path / "in.csv", [flat(sc)])
    out = tmp_path / "out.csv"
    assert run(inp, out)[0] == 0
    assert pick(read_csv(out), KEYS) == expected_rows(sc, 2)


def test_a_list_column_holding_0_means_none(tmp_path):
    sc = example()
    sc["loans"] = []
    row = flat(sc)
    row["loans"] = "0"
    inp = write_csv(tmp_path / "in.csv", [row])
    out = tmp_path / "out.csv"
    assert run(inp, out)[0] == 0
    assert pick(read_csv(out), KEYS) == expected_rows(sc, 2)


def test_without_list_columns_the_list_is_unknown(tmp_path):
    sc = example()
    del sc["loans"]
    inp = write_csv(tmp_path / "in.csv", [flat(sc)])
    out = tmp_path / "out.csv"
    assert run(inp, out)[0] == 0
    assert pick(read_csv(out), KEYS) == expected_rows(sc, 2)


def test_problems_in_list_items_name_the_column_as_numbered(tmp_path):
    row = flat(example())
    row = {k: v for k, v in row.items() if not k.startswith("loans.1.")}
    row["loans.2.principal"] = "-1"  # the only loan sits in the columns numbered 2
    row["loans.2.annual_rate"] = "0.04"
    inp = write_csv(tmp_path / "in.csv", [row])
    out = tmp_path / "out.csv"
    assert run(inp, out)[0] == 2
    errors = read_csv(tmp_path / "out.errors.csv")
    assert [(e["field"], e["value"]) for e in errors] == [("loans.2.principal", "-1")]


def test_a_none_list_with_items_is_a_bad_row(tmp_path):
    row = {**flat(example()), "loans": "0"}
    inp = write_csv(tmp_path / "in.csv", [row])
    assert run(inp, tmp_path / "out.csv")[0] == 2
    assert [e["field"] for e in read_csv(tmp_path / "out.errors.csv")] == ["loans"]


def test_unknown_item_fields_are_carried_through_with_a_warning(tmp_path):
    cols = ["jurisdiction", "as_of", "loans.1.principle", "loans.0.principal"]
    inp = write_csv(tmp_path / "in.csv", [{"jurisdiction": "cn", "as_of": "2022-05-01"}], cols)
    assert run(inp, tmp_path / "out.csv", lang="en_US")[0] == 0
    errors = read_csv(tmp_path / "out.errors.csv")
    assert [(e["row"], e["field"], e["severity"]) for e in errors] == [
        ("1", "loans.1.principle", "warning"), ("1", "loans.0.principal", "warning")]
    assert "no such field" in errors[0]["reason"]
    assert "numbered from 1" in errors[1]["reason"]
    assert "loans.1.principle" in read_csv(tmp_path / "out.csv")[0]


def test_blank_lines_are_skipped_and_rows_keep_their_line_numbers(tmp_path):
    p = tmp_path / "in.csv"
    p.write_text("jurisdiction,as_of\n\ncn,2022-05-01\n,\ncn-gd,2022-05-01\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    assert run(p, out)[0] == 0
    assert [s["row"] for s in read_csv(tmp_path / "out.summary.csv")] == ["3", "5"]


def test_a_gb18030_file_from_a_chinese_spreadsheet_is_read(tmp_path):
    p = tmp_path / "in.csv"
    p.write_text("jurisdiction,as_of,industry_code,size\ncn,2022-05-01,C3311,small\n", encoding="gb18030")
    out = tmp_path / "out.csv"
    q = tmp_path / "in-utf8.csv"
    q.write_text(p.read_text(encoding="gb18030"), encoding="utf-8-sig")
    out2 = tmp_path / "out2.csv"
    assert run(p, out)[0] == 0 and run(q, out2)[0] == 0
    assert out.read_bytes() == out2.read_bytes()


def test_output_opens_in_a_spreadsheet_as_utf8(tmp_path):
    inp = write_csv(tmp_path / "in.csv", [flat(example())])
    out = tmp_path / "out.csv"
    run(inp, out)
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")


def test_xlsx_input_gives_the_same_result_as_csv(tmp_path):
    sc = example()
    row = flat(sc)
    cols = input_columns(1)
    wb = Workbook()
    ws = wb.active
    ws.append(cols)
    typed = []
    for c in cols:
        v = row.get(c)
        if c in ("as_of", "vehicle_purchase_date", "loans.1.start_date", "guarantees.1.start_date") and v:
            v = dt.datetime.fromisoformat(v)        # a date cell
        elif isinstance(v, str) and c not in ("jurisdiction", "industry_code"):
            try:
                v = float(v) if "." in v else int(v)  # a number cell
            except ValueError:
                pass
        typed.append(v)
    ws.append(typed)
    ws.append([None] * len(cols))                   # a blank row
    ws.append(typed)
    xlsx = tmp_path / "in.xlsx"
    wb.save(xlsx)
    out = tmp_path / "out.csv"
    code, err = run(xlsx, out)
    assert code == 0, err
    assert pick(read_csv(out), KEYS) == expected_rows(sc, 2) + expected_rows(sc, 4)


def test_an_xlsx_number_keeps_the_digits_a_spreadsheet_shows():
    assert batch._xlsx_cell(0.1 + 0.2) == "0.3"
    assert batch._xlsx_cell(2000000.0) == "2000000"
    assert batch._xlsx_cell(0.0435) == "0.0435"
    assert batch._xlsx_cell(True) == "true"
    assert batch._xlsx_cell(dt.datetime(2022, 7, 15)) == "2022-07-15"
    assert batch._xlsx_cell("  ") is None


@pytest.mark.parametrize("content, field", [
    ("", "(file)"),
    ("industry_code,size\nC,small\n", "jurisdiction"),
    ("jurisdiction,as_of,as_of\ncn,2022-05-01,2022-05-01\n", "as_of"),
])
def test_an_unusable_input_writes_nothing(tmp_path, content, field):
    p = tmp_path / "in.csv"
    p.write_text(content, encoding="utf-8")
    code, err = run(p, tmp_path / "out.csv")
    assert code == 2
    assert err.splitlines()[0].startswith(f"{field}: ")
    assert sorted(x.name for x in tmp_path.iterdir()) == ["in.csv"]


def test_a_missing_input_file_is_exit_2(tmp_path):
    code, err = run(tmp_path / "nope.csv", tmp_path / "out.csv")
    assert code == 2 and "(file): " in err
    assert list(tmp_path.iterdir()) == []


def test_the_output_may_not_overwrite_the_input(tmp_path):
    inp = write_csv(tmp_path / "in.csv", [flat(example())])
    before = inp.read_bytes()
    code, err = run(inp, inp)
    assert code == 2 and err.startswith("--out: ")
    assert inp.read_bytes() == before


def test_a_failure_mid_run_leaves_no_output_and_keeps_the_old_one(tmp_path, monkeypatch):
    inp = write_csv(tmp_path / "in.csv", [flat(example())] * 5)
    out = tmp_path / "out.csv"
    assert run(inp, out)[0] == 0
    old = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    calls = {"n": 0}
    real = batch.evaluate

    def flaky(*a, **kw):
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("disk on fire")
        return real(*a, **kw)

    monkeypatch.setattr(batch, "evaluate", flaky)
    with pytest.raises(RuntimeError, match="row 4"):
        run(inp, out)
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == old  # no .part files, old output intact


def test_a_failure_on_a_first_run_leaves_nothing(tmp_path, monkeypatch):
    inp = write_csv(tmp_path / "in.csv", [flat(example())] * 3)

    def broken(*a, **kw):
        raise RuntimeError("boom")

    monkeypatch.setattr(batch, "evaluate", broken)
    with pytest.raises(RuntimeError):
        run(inp, tmp_path / "out.csv")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv"]


def test_the_progress_bar_reports_rows_and_rate(tmp_path):
    inp = write_csv(tmp_path / "in.csv", [flat(example())] * 3)
    err = io.StringIO()
    assert run_batch(inp, tmp_path / "out.csv", workers=1, progress=True, stderr=err, lang="en_US") == 0
    text = err.getvalue()
    assert "3 rows" in text and "rows/s" in text
