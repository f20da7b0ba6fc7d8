"""One rule for ceilings (policies/README.md, "Ceilings"): an amount the text gives only as a ceiling,
decided case by case (最高不超过 X, 不超过 X, 不高于 X, 最高给予 X, with no rule to compute it), is shown
as a range from the least the text allows to X, with X as the estimate; a ceiling on an amount the
text computes (按…%补助，最高不超过 X) is the measure's ``cap``."""
from __future__ import annotations

import re

from calc_app.engine.policies import default_bundle

CASE_BY_CASE = {
    "cn-gd-jiangmen-2022-46-listing-reward-bse", "cn-gd-jiangmen-2022-46-listing-reward-sse-szse",
    "cn-gd-jiangmen-2022-46-refinancing-reward", "cn-gd-jiangmen-2022-62-major-sci-tech-project",
    "cn-gd-2022-34-first-loan-interest-subsidy", "cn-gd-2022-35-receivables-financing-reward",
    "cn-jx-nanchang-2020-commercial-landlord-award", "cn-jx-nanchang-2020-farmers-market-digital-award",
    "cn-jx-nanchang-2020-service-cluster-grant", "cn-2020-association-dues-cut", "cn-2022-job-expansion-subsidy",
}
"""The measures whose amount the texts give only as a ceiling (the four treatments found in review,
and the national 扩岗补助 "每人不超过1500元", whose figure each province sets)."""

ONLY_A_CEILING = re.compile(r"最高(?:不超过|一次性给予|给予)\s*\d|(?:^|[，；。])[^，；。]*给予[^，；。]*不超过\s*[\d.]+\s*万元")


def test_the_case_by_case_ceilings_follow_the_rule():
    b = default_bundle()
    bad = []
    for mid in sorted(CASE_BY_CASE):
        m = b.by_id[mid].m
        if m.amount is None or m.range is None or not m.range.ceiling:
            bad.append((mid, "not a ceiling range"))
        elif m.range.estimate != "max" or m.cap is not None:
            bad.append((mid, "the estimate is not the ceiling"))
    assert not bad, bad


def test_every_ceiling_range_says_so():
    bad = [cm.m.id for cm in default_bundle().measures if cm.m.range is not None and cm.m.range.ceiling
           and not ("上限规则" in cm.m.range.why.zh and "ceiling rule" in cm.m.range.why.en)]
    assert not bad, bad


def test_a_measure_whose_text_gives_only_a_ceiling_is_not_left_without_an_amount():
    """A listed measure whose quote gives an amount only as a ceiling takes the rule, not 'no figure'."""
    bad = []
    for cm in default_bundle().measures:
        if cm.m.amount is None and ONLY_A_CEILING.search(cm.m.citation.quote):
            bad.append(cm.m.id)
    assert not bad, bad


def test_the_pattern_finds_ceilings():
    assert ONLY_A_CEILING.search("对在北交所上市挂牌的企业分阶段奖励，最高不超过300万元。")
    assert ONLY_A_CEILING.search("对立项的市级重大科技项目，最高一次性给予100万元的资金扶持。")
    assert not ONLY_A_CEILING.search("贷款期限不超过1年")


def test_a_measure_with_an_amount_is_not_called_not_quantified_in_its_notes():
    """The notes a user reads beside an item agree with how it is encoded: one shown with an amount
    (a ceiling's estimate among them) is not described as 'not quantified' (未量化) in its own notes."""
    said = re.compile(r"(?:so|is|are|hence|therefore) (?:the measure is )?listed as not quantified|故列为未量化|列为未量化（")
    bad = [cm.m.id for cm in default_bundle().measures if cm.m.amount is not None and cm.m.notes is not None
           and (said.search(cm.m.notes.en) or said.search(cm.m.notes.zh))]
    assert not bad, bad
