"""Every figure an item applies is in the quote the user is shown, or the item names the rule.

For every jurisdiction and every measure of its chain that computes an amount, each number
written in the measure's formulas (amount, named steps, conditions, cap, floor, range) must occur
in the quote of the ``source`` chosen for that jurisdiction (as written there: ``90%``, ``1500元``,
``5000万元``, ``三个月``, ``减半``, ``1.5个百分点``), or be listed under the measure's ``rules`` with
the number of a national rule that ``shared/reference/national-rules.md`` or a seed names (or, listed in
``READINGS`` below with its reason, be a reading where the text gives no figure). Arithmetic
constants are exempt: 0 and 1, calendar years, and 12 or 365 dividing or multiplying (a year in
months or days).
"""
from __future__ import annotations

import ast
import re
from decimal import Decimal
from pathlib import Path

import pytest

from calc_app.engine.policies import default_bundle, pick_source
from calc_app.models.policy import Measure

REFERENCE = Path(__file__).resolve().parents[3] / "shared" / "reference" / "national-rules.md"

CN_DIGITS = "零一二三四五六七八九"


def _cn_number(n: int) -> set[str]:
    """Chinese numerals for 1–99 as documents write them (三, 十二, 二十, 两)."""
    if not 0 < n < 100:
        return set()
    tens, ones = divmod(n, 10)
    s = ("" if tens == 0 else ("十" if tens == 1 else CN_DIGITS[tens] + "十")) + (CN_DIGITS[ones] if ones else "")
    out = {s}
    if n == 2:
        out.add("两")
    return out


def _plain(v: Decimal) -> str:
    s = f"{v.normalize():f}"
    return s


def forms(v: Decimal) -> list[re.Pattern]:
    """The ways a document writes the figure ``v``."""
    pats: list[str] = []

    def num(x: Decimal, suffix: str = r"(?!\s*(?:%|％|‰|个百分点))") -> None:
        s = re.escape(_plain(x))
        pats.append(rf"(?<![\d.]){s}(?:\.0+)?(?![\d]|\.\d){suffix}")

    num(v)
    pct = v * 100
    num(pct, r"\s*(?:%|％|个百分点)")
    for cn in _cn_number(int(pct)) if pct == pct.to_integral_value() else ():
        pats.append("百分之" + cn + r"(?![十百])")
    if v >= 10000:
        num(v / 10000, r"\s*万")
    if v >= 100000000:
        num(v / 100000000, r"\s*亿")
    if v == v.to_integral_value():
        for cn in _cn_number(int(v)):
            pats.append(rf"(?<![一二三四五六七八九十百千万]){cn}(?![一二三四五六七八九十百千万])")
    if v == v.to_integral_value() and v % 12 == 0:          # months written as years
        num(v / 12, r"\s*年")
        pats += [c + "年" for c in _cn_number(int(v / 12))]
    if v == Decimal("0.5"):
        pats += ["减半", "一半", "半数", "1[:：∶]1"]
    if 0 < v < 1:
        num(v * 10000, r"\s*个?基点")
        tenth = v * 10
        pats.append(rf"(?<![\d.]){_plain(v * 100 if tenth != tenth.to_integral_value() else tenth)}折")
    if v == 100000000:
        pats.append(r"(?<![\d一二三四五六七八九十百千万])亿元")
    return [re.compile(p) for p in pats]


def _norm(text: str) -> str:
    return text.translate(str.maketrans("０１２３４５６７８９．％", "0123456789.%")).replace(",", "").replace("，000", "000")


def _arith_exempt(node: ast.Constant, parent: ast.AST | None) -> bool:
    v = node.value
    if v in (0, 1):
        return True
    if isinstance(v, int) and 2000 <= v <= 2100:
        return True
    if v in (12, 365) and isinstance(parent, ast.BinOp) and isinstance(parent.op, (ast.Div, ast.Mult)):
        return True
    return False


def figures(m: Measure) -> set[Decimal]:
    srcs = [m.amount or ""] + [ln.expr for ln in m.let] + [c.test for c in m.conditions]
    srcs += [x for x in (m.cap, m.floor) if x] + ([m.range.min, m.range.max] if m.range else [])
    out: set[Decimal] = set()
    for src in srcs:
        if not src:
            continue
        tree = ast.parse(src, mode="eval")
        parents = {id(ch): node for node in ast.walk(tree) for ch in ast.iter_child_nodes(node)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) \
                    and not isinstance(node.value, bool) and not _arith_exempt(node, parents.get(id(node))):
                out.add(Decimal(str(node.value)))
    return out


def in_quote(v: Decimal, quote: str) -> bool:
    q = _norm(quote)
    return any(p.search(q) for p in forms(v))


def test_forms_find_figures_as_documents_write_them():
    assert in_quote(Decimal("0.9"), "按实际缴纳失业保险费的90%返还")
    assert in_quote(Decimal("1500"), "按每人1500元的标准")
    assert in_quote(Decimal("50000000"), "资产总额不超过5000万元")
    assert in_quote(Decimal("3"), "减免三个月租金")
    assert in_quote(Decimal("0.015"), "贴息1.5个百分点")
    assert in_quote(Decimal("0.5"), "房产税减半征收")
    assert not in_quote(Decimal("0.9"), "将大型企业稳岗返还比例由30%提至50%")
    assert not in_quote(Decimal("0.025"), "减按25%计入应纳税所得额，按20%的税率缴纳")
    assert not in_quote(Decimal("500"), "按每人1500元的标准")
    assert not in_quote(Decimal("5"), "1.5个百分点")
    assert not in_quote(Decimal("30"), "由30%提至50%")
    assert in_quote(Decimal("30"), "30人（含）以下的企业")
    assert in_quote(Decimal("12"), "贴息期限不超过1年")
    assert in_quote(Decimal("0.85"), "通行费85折优惠")
    assert in_quote(Decimal("0.01"), "一年期LPR减100个基点")
    assert in_quote(Decimal("100000000"), "亿元以上项目每个给予50万元")
    assert not in_quote(Decimal("100000000"), "5亿元以上项目")


READINGS = {
    ("cn-gd-2022-34-first-loan-interest-subsidy", Decimal("12")):
        "item 34 sets no subsidy period: the estimate covers the loan's first year (docs/readings.md)",
    ("cn-sc-guangyuan-2022-8-relending-interest-subsidy", Decimal("12")):
        "（八） sets no subsidy period: one year, or the term if shorter (the measure's notes)",
    ("cn-jx-nanchang-2020-relending-interest-subsidy", Decimal("12")):
        "南昌（二十五） gives no period; 江西's one-year limit is applied to all three levels (docs/readings.md)",
}
"""Figures that are a reading where the text gives none, each with its reason (also in the measure's notes)."""


def _cases():
    b = default_bundle()
    for jid in b.jurisdictions:
        for cm in b.measures_for(jid):
            if cm.m.amount is not None:
                yield pytest.param(jid, cm.m.id, id=f"{jid}:{cm.m.id}")


@pytest.mark.parametrize("jid,mid", list(_cases()))
def test_every_figure_applied_is_in_the_quote_shown_or_names_its_rule(jid, mid):
    b = default_bundle()
    cm = b.by_id[mid]
    src = cm.sources[pick_source(b, cm, jid)]
    from_rules = {Decimal(f) for r in cm.m.rules for f in r.figures}
    missing = sorted(v for v in figures(cm.m) if v not in from_rules and (mid, v) not in READINGS
                     and not in_quote(v, src.citation.quote))
    assert not missing, (f"{mid} shown to {jid} cites {src.citation.seed_file} {src.citation.clause}, whose quote "
                         f"lacks {[str(v) for v in missing]}: extend the quote (' ｜ ') or name the national rule")


STATUTES = {"中华人民共和国车辆购置税法"}
"""Laws named by a rule that neither the reference page nor a seed prints (the tax rate itself)."""


@pytest.mark.skipif(not REFERENCE.is_file(), reason="shared/reference is not here")
def test_named_rules_are_national_rules_of_the_reference_and_their_figures_are_used():
    ref = REFERENCE.read_text(encoding="utf-8") + "".join(
        p.read_text(encoding="utf-8") for p in sorted((REFERENCE.parent.parent / "seeds").glob("*.txt"))) \
        + "".join(STATUTES)
    bad = []
    for cm in default_bundle().measures:
        used = figures(cm.m)
        for r in cm.m.rules:
            for part in re.split(r"[、；;]\s*", r.number):
                if part not in ref and part.split("公告")[-1] not in ref:
                    bad.append((cm.m.id, r.number, "not in national-rules.md"))
            for f in r.figures:
                if Decimal(f) not in used:
                    bad.append((cm.m.id, f, "not a figure of the formulas"))
    assert not bad, bad


def test_a_source_shown_is_the_users_own_clause_in_force_wherever_one_is():
    """The clause shown is the most local one of the user's own chain, at the measure's level or
    below, that is not a draft; a draft clause is shown only for a measure of a draft."""
    b = default_bundle()
    bad = []
    for jid in b.jurisdictions:
        chain = b.chain(jid)
        for cm in b.measures_for(jid):
            picked = cm.sources[pick_source(b, cm, jid)]
            own = [s for s in cm.sources if s.jurisdiction in chain and s.depth >= cm.depth and not s.document.draft]
            if own and picked is not own[0]:
                bad.append((jid, cm.m.id, picked.citation.clause, "not the chain's own clause"))
            if picked.document.draft and not b.documents[cm.m.document].draft:
                bad.append((jid, cm.m.id, picked.citation.clause, "a draft shown for a measure in force"))
            if b.documents[cm.m.document].draft and not picked.document.draft and cm.m.jurisdiction != "cn":
                bad.append((jid, cm.m.id, picked.citation.clause, "a draft's measure shown as in force"))
    assert not bad, bad


def test_every_measure_has_a_clause_at_its_own_level_or_below():
    b = default_bundle()
    bad = [cm.m.id for cm in b.measures if not any(s.depth >= cm.depth for s in cm.sources)]
    assert not bad, bad
