"""The batch rows carry the answer-first keys: category, amount_if, if, assumptions, headline totals."""
from calc_app.engine.evaluate import evaluate
from calc_app.reports.csv_rows import HEADLINE_GROUPS, ITEM_COLUMNS, SUMMARY_COLUMNS, item_rows, summary_row

SC = {"jurisdiction": "cn", "as_of": "2020-03-15", "industry_code": "C3311", "employees": 48,
      "revenue_last_year": "18000000", "total_assets": "12000000", "monthly_employer_social_insurance": "20000"}


def test_item_rows_carry_category_amount_if_and_presumptions():
    r = evaluate(SC, steps=False)
    rows = {row[3]: dict(zip(ITEM_COLUMNS, row)) for row in item_rows(r, 2)}
    hardship = rows["cn-2020-ss-deferral-hardship"]
    assert (hardship["category"], hardship["amount_if"], hardship["if"]) == ("deferral", "120000.00",
                                                                           "severely_affected=true")
    presumed = {a["field"] for a in r["assumptions"]}
    assert presumed and any(set(row["assumptions"].split()) & presumed for row in rows.values())
    assert "questions" not in r        # the batch does not rank questions


def test_the_summary_carries_the_headline_totals():
    r = evaluate(SC, steps=False)
    row = dict(zip(SUMMARY_COLUMNS, summary_row(r, 2)))
    for g in HEADLINE_GROUPS:
        assert row[f"headline_{g}"] == r["headline"][g]["amount"]
    assert list(SUMMARY_COLUMNS)[-1] == "problems"
