"""Spreadsheets as a service centre has them: Chinese headers, office number and date forms, names of
jurisdictions and choices, columns that are not inputs carried through; the template."""
import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from calc_app import evaluate
from calc_app.batch import chinese_header, run_batch
from calc_app.batch_columns import match_header
from calc_app.batch_template import columns_path, template_fields, write_template
from calc_app.models.inputs.meta import field_meta
from calc_app.models.scenario import Scenario
from calc_app.reports.csv_rows import GRAND_TOTAL_EFFECTS, REASON_SEPARATOR

from batch_helpers import example, read_csv


def run(inp, out, **kw):
    err = io.StringIO()
    kw.setdefault("workers", 1)
    code = run_batch(inp, out, stderr=err, progress=False, **kw)
    return code, err.getvalue()


def label(name: str) -> str:
    return field_meta(Scenario, name)["label_zh"]


def items(scenario: dict, row: int, lang: str = "zh_CN") -> list[tuple]:
    res = evaluate(scenario, lang)
    return [(str(row), it["measure_id"], it["status"], it["amount"], REASON_SEPARATOR.join(it["reasons"]))
            for it in res["items"]]


def got(rows: list[dict]) -> list[tuple]:
    return [(r["row"], r["measure_id"], r["status"], r["amount"], r["reasons"]) for r in rows]


# the same two enterprises, as the window would take them (the JSON scenario) ...
JIANGMEN = {"jurisdiction": "cn-gd-jiangmen", "as_of": "2022-07-15", "industry_code": "C3311", "employees": 48,
            "revenue_last_year": "1200000", "total_assets": "1200000", "taxable_income_last_year": "800000",
            "landlord": "state", "monthly_rent": "30000", "is_individual_business": False,
            "above_designated_size": True, "specialized_level": "none",
            "loans": [{"principal": "2000000", "annual_rate": "0.0435", "start_date": "2022-06-20",
                       "term_months": 12, "inclusive_small_micro": True}]}
ZHONGXIANG = {"jurisdiction": "cn-hb-jingmen-zhongxiang", "as_of": "2022-07-15", "industry_code": "C",
              "employees": 12, "revenue_last_year": "12000000", "total_assets": "3000000",
              "landlord": "private", "monthly_rent": "5000", "is_individual_business": False}

# ... and as a Chinese-locale spreadsheet saves them
HEADER = ["企业名称", "统一社会信用代码", label("jurisdiction"), label("as_of"), "行业代码", label("employees"),
          label("revenue_last_year"), label("total_assets"), label("taxable_income_last_year"), label("landlord"),
          label("monthly_rent") + "（元）", label("is_individual_business"), label("above_designated_size"),
          label("specialized_level"), "贷款1·本金", "贷款1年利率", "贷款1·放款日", "贷款1·期限", "贷款1·普惠小微贷款",
          "备注", "联系人"]
ROWS = [
    ["江门甲制造有限公司", "91440700MA4W000001", "江门市", "2022/7/15", "C3311", "48", "1,200,000", "120万", "80万元",
     "国有", "¥30,000", "否", "是", "无", "2,000,000", "4.35%", "2022/6/20", "12", "是", "第一批", "张三"],
    ["钟祥乙商贸有限公司", "91420881MA4W000002", "钟祥市", "2022-7-15", "C", "１２", "1200万元", "3,000,000", "",
     "非国有", "5000元", "否", "", "", "", "", "", "", "", "", "李四"],
]


def check_office_output(tmp_path, out):
    rows = read_csv(out)
    assert got(rows) == items(JIANGMEN, 2) + items(ZHONGXIANG, 3)
    # the names beside the results, in every row
    assert {(r["企业名称"], r["统一社会信用代码"], r["备注"], r["联系人"]) for r in rows if r["row"] == "2"} == {
        ("江门甲制造有限公司", "91440700MA4W000001", "第一批", "张三")}
    assert {r["企业名称"] for r in rows if r["row"] == "3"} == {"钟祥乙商贸有限公司"}
    assert list(rows[0])[:5] == ["row", "企业名称", "统一社会信用代码", "备注", "联系人"]
    summary = read_csv(out.with_name(out.stem + ".summary.csv"))
    assert [(s["row"], s["企业名称"], s["valid"]) for s in summary] == [
        ("2", "江门甲制造有限公司", "true"), ("3", "钟祥乙商贸有限公司", "true")]
    errors = read_csv(out.with_name(out.stem + ".errors.csv"))
    assert [(e["row"], e["field"], e["severity"]) for e in errors] == [("1", "联系人", "warning")]


def test_a_gb18030_csv_from_a_chinese_spreadsheet_goes_through(tmp_path):
    inp = tmp_path / "企业.csv"
    with inp.open("w", encoding="gb18030", newline="") as f:
        csv.writer(f).writerows([HEADER] + ROWS)
    inp.read_bytes().decode("gb18030")
    with pytest.raises(UnicodeDecodeError):
        inp.read_bytes().decode("utf-8")
    out = tmp_path / "out.csv"
    code, err = run(inp, out)
    assert code == 0, err
    assert "联系人" in err  # the one warning: a column that is not an input
    check_office_output(tmp_path, out)


def test_an_xlsx_with_date_and_number_cells_goes_through(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    typed = []
    for r in ROWS:
        t = list(r)
        t[3] = dt.datetime(2022, 7, 15)          # a date cell
        t[5] = int(r[5]) if r[5].isascii() else r[5]
        if r[14]:
            t[14] = 2000000                       # a number cell
            t[15] = 0.0435
            t[16] = dt.date(2022, 6, 20)
            t[17] = 12
        typed.append(t)
    for t in typed:
        ws.append(t)
    xlsx = tmp_path / "企业.xlsx"
    wb.save(xlsx)
    out = tmp_path / "out.csv"
    code, err = run(xlsx, out)
    assert code == 0, err
    check_office_output(tmp_path, out)


@pytest.mark.parametrize("header, field", [
    ("revenue_last_year", "revenue_last_year"),
    ("Revenue_Last_Year", "revenue_last_year"),
    ("上年营业收入", "revenue_last_year"),
    ("上年营业收入（元）", "revenue_last_year"),
    ("上年营业收入(元)", "revenue_last_year"),
    ("Revenue last year", "revenue_last_year"),
    ("行业代码（GB/T 4754-2017）", "industry_code"),
    ("行业代码", "industry_code"),
    ("企业规模", "size"),
    ("企业规模（手动指定）", "size"),
    ("地区", "jurisdiction"),
])
def test_a_column_is_named_by_id_or_label(header, field):
    m = match_header(header)
    assert (m.kind, m.target.field) == ("scalar", field)


@pytest.mark.parametrize("header", ["loans.2.principal", "贷款2·本金", "贷款2本金", "贷款2.本金", "贷款 2 本金",
                                    "贷款２·本金"])
def test_a_list_item_column_in_either_language(header):
    m = match_header(header)
    assert (m.kind, m.target.field, m.number, m.target.item_field) == ("item", "loans", 2, "principal")


@pytest.mark.parametrize("header", ["企业名称", "统一社会信用代码", "备注", "company_name", "Notes"])
def test_the_enterprises_own_columns_pass_without_a_warning(header):
    assert match_header(header).kind == "pass"


def test_every_template_header_names_its_field():
    for f in template_fields():
        m = match_header(chinese_header(f))
        key = f"{m.target.field}.{m.number}.{m.target.item_field}" if m.kind == "item" else m.target.field
        assert key == f


def test_only_warnings_exit_0_and_the_row_is_evaluated(tmp_path):
    inp = tmp_path / "in.csv"
    inp.write_text("地区,评估日期,从业人员,employes\n江门市,2022/7/15,10,12\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    code, err = run(inp, out, lang="en_US")
    assert code == 0, err
    assert "warning: column employes" in err and "did you mean employees" in err
    rows = read_csv(out)
    assert rows and {r["employes"] for r in rows} == {"12"}
    assert got(rows) == items({"jurisdiction": "cn-gd-jiangmen", "as_of": "2022-07-15", "employees": 10}, 2, "en_US")


def test_the_summary_has_one_grand_total_per_enterprise(tmp_path):
    inp = tmp_path / "in.csv"
    flat = {k: v for k, v in example().items() if not isinstance(v, list)}
    cols = list(flat)
    with inp.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(cols)
        w.writerow(["是" if v is True else "否" if v is False else v for v in flat.values()])
    out = tmp_path / "out.csv"
    assert run(inp, out)[0] == 0
    (s,) = read_csv(tmp_path / "out.summary.csv")
    r = evaluate(flat)
    totals = r["totals"]
    own = sum(Decimal(it["amount"]) for it in r["items"]
              if it["status"] == "eligible" and it.get("category") == "own_tax_credit")
    # the headline's "received or kept": grants and savings, less the enterprise's own VAT credit refunded
    want = sum(Decimal(totals[e]) for e in GRAND_TOTAL_EFFECTS) - own
    assert GRAND_TOTAL_EFFECTS == ("grant", "saving") and own > 0
    assert want > 0 and s["grand_total"] == f"{want:.2f}" == r["headline"]["received_or_kept"]["amount"]


def test_minus_zero_is_written_as_zero(tmp_path):
    inp = tmp_path / "in.csv"
    inp.write_text("jurisdiction,as_of,monthly_rent,landlord,employees,revenue_last_year,total_assets\n"
                   "cn-gd-jiangmen,2022-07-15,-0,state,10,-0,-0.00\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    assert run(inp, out)[0] == 0
    for p in (out, tmp_path / "out.summary.csv"):
        assert "-0.00" not in p.read_text(encoding="utf-8-sig")


def test_the_xlsx_template_has_chinese_headers_an_example_and_the_columns_explained(tmp_path):
    t = tmp_path / "模板.xlsx"
    assert write_template(t) == [t]
    wb = load_workbook(t)
    first, second = wb.worksheets
    head = [c.value for c in first[1]]
    assert head[:5] == ["企业名称", "统一社会信用代码", "备注", "地区", "评估日期"]
    assert "行业代码（GB/T 4754-2017）" in head and "贷款1·本金" in head
    ex = {h: c.value for h, c in zip(head, first[2])}
    assert ex["地区"] == "江门市" and ex["出租方"] == "国有" and isinstance(ex["评估日期"], dt.datetime)
    assert first.max_row == 2
    explained = {r[0].value: r for r in second.iter_rows(min_row=2) if r[1].value}
    for h in head[3:]:
        assert h in explained, h
    assert "120万" in explained["上年营业收入"][3].value
    # the example goes through batch as the example scenario does
    out = tmp_path / "out.csv"
    code, err = run(t, out)
    assert code == 0, err
    assert got(read_csv(out)) == items(example(), 2)


def test_the_csv_template_explains_its_columns_in_a_side_file(tmp_path):
    t = tmp_path / "template.csv"
    assert write_template(t, "en_US") == [t, columns_path(t)]
    assert columns_path(t).name == "template.columns.csv"
    rows = list(csv.reader(io.StringIO(t.read_text(encoding="utf-8-sig"))))
    assert len(rows) == 2 and rows[0][3:5] == ["地区", "评估日期"]
    side = read_csv(columns_path(t))
    assert {r["column"] for r in side} >= set(rows[0])
    out = tmp_path / "out.csv"
    code, err = run(t, out)
    assert code == 0, err
    assert got(read_csv(out)) == items(example(), 2)


def test_unicode_text_from_a_spreadsheet_is_read(tmp_path):
    """A spreadsheet's "Unicode text": UTF-16 with a BOM, tab-separated."""
    inp = tmp_path / "in.txt"
    inp.write_text("地区\t评估日期\t从业人员\t企业名称\n江门市\t2022/7/15\t10\t甲公司\n", encoding="utf-16")
    out = tmp_path / "out.csv"
    code, err = run(inp, out)
    assert code == 0, err
    rows = read_csv(out)
    assert {r["企业名称"] for r in rows} == {"甲公司"}
    assert got(rows) == items({"jurisdiction": "cn-gd-jiangmen", "as_of": "2022-07-15", "employees": 10}, 2)


def test_a_value_under_no_header_is_a_warning_and_the_row_is_evaluated(tmp_path):
    inp = tmp_path / "in.csv"
    inp.write_text("jurisdiction,,as_of\ncn,stray,2022-05-01\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    code, err = run(inp, out, lang="en_US")
    assert code == 0, err
    (e,) = read_csv(tmp_path / "out.errors.csv")
    assert (e["row"], e["field"], e["value"], e["severity"]) == ("2", "(column 2)", "stray", "warning")
    assert read_csv(out)
