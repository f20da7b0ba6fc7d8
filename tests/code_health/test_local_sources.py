"""The clause shown as an item's source is the user's own jurisdiction's (issue: the law as each
jurisdiction states it). Checked through ``evaluate``, as the JSON output gives it."""
from __future__ import annotations

import pytest

from calc_app.engine.evaluate import evaluate

BASE = {"industry_code": "C3311", "employees": 48, "revenue_last_year": 18000000, "total_assets": 12000000}

EXPECTED = [
    # (jurisdiction, as_of, measure, seed file prefix, clause)
    ("cn-gd-jiangmen", "2022-07-15", "cn-2022-procurement-price-deduction", "000", "21"),
    ("cn-gd-jiangmen", "2022-06-15", "cn-2022-procurement-price-deduction-before-july", "000", "21"),
    ("cn-gd-jiangmen", "2022-07-15", "cn-2022-commercial-bill-term", "000", "39"),
    ("cn-gd-jiangmen", "2022-07-15", "cn-2022-vat-refund-6-industries", "000", "1"),
    ("cn-gd-jiangmen", "2022-07-15", "cn-2022-vat-refund-7-industries", "000", "2"),
    ("cn-gd-jiangmen", "2022-07-15", "cn-2022-ss-deferral-sme", "000", "22"),
    ("cn-gd-jiangmen", "2022-07-15", "cn-2022-housing-fund-deferral", "000", "136"),
    ("cn-gd-jiangmen", "2022-07-15", "cn-gd-jiangmen-2022-26-stable-job-refund", "000", "26"),
    ("cn-sc-guangyuan", "2022-07-15", "cn-2022-vat-refund-7-industries", "003", "(一)"),
    ("cn-sc-guangyuan", "2022-07-15", "cn-2022-vat-refund-small-micro", "003", "(一)"),
    ("cn-sc-guangyuan", "2022-07-15", "cn-2022-ss-deferral-sme", "003", "(二十二)"),
    ("cn-sc-guangyuan", "2022-07-15", "cn-2022-utility-arrears-deferral", "003", "(十七)"),
    ("cn-sc-guangyuan", "2022-07-15", "cn-2022-broadband-fee-cut", "003", "(十七)"),
    ("cn-sc-guangyuan", "2022-07-15", "cn-2022-housing-fund-deferral", "003", "(二十四)"),
    ("cn-sc-guangyuan", "2022-07-15", "cn-2022-loan-deferral", "003", "(九)"),
    ("cn-sc-guangyuan", "2022-07-15", "cn-2022-retention-training-subsidy", "003", "(二十三)"),
    ("cn-sc", "2022-07-15", "cn-sc-2022-23-job-expansion-subsidy", "003", "(二十三)"),
    ("cn-hb-jingmen-zhongxiang", "2022-07-15", "cn-hb-jingmen-2022-107-rent-waiver", "001", "中央25 · 钟祥116"),
    ("cn-hb-jingmen-zhongxiang", "2022-07-15", "cn-2022-vat-refund-7-industries", "001", "中央 1 · 钟祥2"),
    ("cn-hb-jingmen-zhongxiang", "2022-07-15", "cn-2022-housing-fund-deferral", "001", "中央 30 · 钟祥141"),
    ("cn-hb-jingmen-zhongxiang", "2022-07-15", "cn-2022-loan-deferral", "001", "中央 8 · 荆门35"),
    ("cn-hb-jingmen-zhongxiang", "2022-07-15", "cn-2022-vehicle-purchase-tax", "001", "中央 18（省落实举措）"),
    ("cn-jx-nanchang", "2022-07-15", "cn-2022-stable-job-refund", "001", "中央 7"),
]


@pytest.mark.parametrize("jid,as_of,mid,seed,clause", EXPECTED, ids=[f"{e[0]}:{e[2]}" for e in EXPECTED])
def test_the_source_shown_is_the_users_own_clause(jid, as_of, mid, seed, clause):
    out = evaluate({**BASE, "jurisdiction": jid, "as_of": as_of})
    it = next(i for i in out["items"] if i["measure_id"] == mid)
    src = it["source"]
    assert (src["seed_file"][:3], src["clause"]) == (seed, clause), src
    assert not src["draft"]
    assert src in it["sources"] and len(it["sources"]) >= 1
    assert set(src) >= {"seed_file", "clause", "quote", "document", "document_number", "draft"}


def test_sources_are_listed_most_local_first():
    from calc_app.engine.policies import default_bundle
    b = default_bundle()
    for cm in b.measures:
        depths = [s.depth for s in cm.sources]
        assert depths == sorted(depths, reverse=True), cm.m.id


def test_a_draft_item_is_marked_and_never_a_plain_eligible():
    from calc_app.reports.labels import item_status_name
    from calc_app.reports.text import render
    out = evaluate({**BASE, "jurisdiction": "cn-yn-kunming-xishan", "as_of": "2022-07-15", "insured_employees": 10,
                    "unemployment_insurance_paid_last_year": 10000, "layoffs_last_year": 0})
    drafts = [it for it in out["items"] if it["jurisdiction"] == "cn-yn-kunming-xishan"]
    assert drafts and all(it["draft"] and it["source"]["draft"] for it in drafts)
    eligible = [it for it in drafts if it["status"] == "eligible"]
    assert eligible
    for it in eligible:
        assert item_status_name(it, "zh_CN") == "符合（征求意见稿）"
        assert item_status_name(it, "en_US") == "Eligible (consultation draft)"
    assert "符合（征求意见稿）" in render(out, "zh_CN")
    national = [it for it in out["items"] if it["jurisdiction"] == "cn"]
    assert national and not any(it["draft"] for it in national)


def test_draft_items_are_marked_in_the_batch_rows_and_the_html_report():
    from calc_app.reports.csv_rows import ITEM_COLUMNS, item_rows
    from calc_app.reports.html_report import render_html
    sc = {**BASE, "jurisdiction": "cn-yn-kunming-xishan", "as_of": "2022-07-15"}
    out = evaluate(sc)
    rows = [dict(zip(ITEM_COLUMNS, r)) for r in item_rows(out, 2)]
    assert {r["draft"] for r in rows if r["measure_jurisdiction"] == "cn-yn-kunming-xishan"} == {"true"}
    assert {r["draft"] for r in rows if r["measure_jurisdiction"] == "cn"} == {"false"}
    html = render_html(sc, out, "zh_CN")
    assert "（征求意见稿）" in html and "征求意见稿，尚未正式施行" in html
