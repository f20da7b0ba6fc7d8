"""Enterprise classification: size (工信部联企业〔2011〕300号), 小型微利企业, and the size test of
the 2022 VAT credit refund (财政部 税务总局公告2022年第14号 第六条).

Each function returns the answer, or ``None`` with the inputs it waits for, and a reason in both
languages that shows the figures that decided (those with figures made when first read: :class:`Texts`).
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Any, Callable, Iterator

from calc_app.engine.industry import membership

TIERS = ("large", "medium", "small")
SIZE_NAMES = {
    "micro": {"zh_CN": "微型", "en_US": "micro"},
    "small": {"zh_CN": "小型", "en_US": "small"},
    "medium": {"zh_CN": "中型", "en_US": "medium"},
    "large": {"zh_CN": "大型", "en_US": "large"},
}
INDICATOR_FIELD = {"employees": "employees", "revenue": "revenue_last_year", "assets": "total_assets"}
INDICATOR_NAME = {
    "employees": {"zh_CN": "从业人员", "en_US": "employees"},
    "revenue": {"zh_CN": "营业收入", "en_US": "revenue"},
    "assets": {"zh_CN": "资产总额", "en_US": "total assets"},
}


class Texts(Mapping):
    """A reason in both languages, each made when first read: a scenario is evaluated in one
    language, and most classifications' reasons are read in none (the VAT test's, the size by the
    figures when the user set it). A mapping like ``{"zh_CN": ..., "en_US": ...}`` otherwise."""

    __slots__ = ("_make", "_made")
    LANGS = ("zh_CN", "en_US")

    def __init__(self, make: Callable[[str], str]):
        self._make = make
        self._made: dict[str, str] = {}

    def __getitem__(self, lang: str) -> str:
        got = self._made.get(lang)
        if got is None:
            if lang not in self.LANGS:
                raise KeyError(lang)
            got = self._made[lang] = self._make(lang)
        return got

    def __iter__(self) -> Iterator[str]:
        return iter(self.LANGS)

    def __len__(self) -> int:
        return len(self.LANGS)

    def __repr__(self) -> str:
        return repr(dict(self))


@dataclass
class Classified:
    value: Any                      # the answer, or None when undecided
    reason: Mapping[str, str]       # zh_CN / en_US (a dict, or Texts made when read)
    missing: set[str] = field(default_factory=set)
    source: str = "classified"      # "override" or "classified"


def _fmt(ind: str, v: int | Decimal, lang: str) -> str:
    if ind == "employees":
        return f"{v}人" if lang == "zh_CN" else f"{v} persons"
    if lang != "zh_CN":
        return f"{Decimal(v):,.0f} yuan"
    wan = Decimal(v) / Decimal(10000)
    return f"{wan.normalize():f}万元"


@lru_cache(maxsize=512, typed=True)
def _fmt_floor(ind: str, v: int | Decimal, lang: str) -> str:
    """:func:`_fmt` of a floor of the size table (a few dozen values, shown on every classification)."""
    return _fmt(ind, v, lang)


def find_category(bundle: Any, code: str | None) -> tuple[Any, bool]:
    """The 300号 category of ``code``: (category, decided). Longest matching prefix wins."""
    if code is None:
        return None, False
    memo = bundle.__dict__.setdefault("_size_category", {})
    got = memo.get(code)
    if got is None:
        got = _find_category(bundle, code)
        if len(memo) < 100_000:   # industry codes are finite: bounded anyway
            memo[code] = got
    return got


def _find_category(bundle: Any, code: str) -> tuple[Any, bool]:
    best, best_len, undecided = None, -1, False
    for cat in bundle.size_categories:
        for p in cat.prefixes:
            r = membership(code, (p,))
            if r is True and len(p) > best_len:
                best, best_len = cat, len(p)
            elif r is None:
                undecided = True
    if best is None:
        if undecided:
            return None, False
        return next(c for c in bundle.size_categories if not c.prefixes), True
    # a coarser code might still fall into a more specific category (e.g. "G" -> transport or postal)
    if undecided and any(len(p) > best_len and p.startswith(code) for c in bundle.size_categories for p in c.prefixes):
        return None, False
    return best, True


def classify_size(bundle: Any, sc: dict[str, Any], *, indicators: tuple[str, ...] | None = None,
                  override: bool = True) -> Classified:
    """Size per the 300号 table. ``indicators`` restricts the indicators used (the VAT test);
    ``override=False`` classifies by the figures even where the user set the size."""
    if override and sc.get("size"):
        s = sc["size"]
        return Classified(s, {"zh_CN": f"用户指定为{SIZE_NAMES[s]['zh_CN']}企业",
                              "en_US": f"set by the user to {s}"}, source="override")
    cat, decided = find_category(bundle, sc.get("industry_code"))
    if not decided:
        need = {"industry_code"}
        return Classified(None, {"zh_CN": "需要行业代码（更细一级）才能划型",
                                 "en_US": "needs a (more detailed) industry code to classify the size"}, need)
    missing: set[str] = set()
    for tier in TIERS:
        floors = {k: v for k, v in cat.tiers[tier].items() if indicators is None or k in indicators}
        if not floors:
            continue
        meets: bool | None = True
        for ind, floor in floors.items():
            val = sc.get(INDICATOR_FIELD[ind])
            if val is None:
                missing.add(INDICATOR_FIELD[ind])
                if meets is True:
                    meets = None
                continue
            if val < floor:
                meets = False
        if meets is True:
            # the figures as they are now
            return Classified(tier, _decided(cat, tier, "≥", [(i, sc[INDICATOR_FIELD[i]], f) for i, f in floors.items()]))
        if meets is None:
            return Classified(None, {"zh_CN": f"{cat.zh}：需要更多数据才能划型", "en_US": f"{cat.en}: more figures needed to classify"},
                              missing)
    # below the small floors on at least one indicator
    low = [(i, sc.get(INDICATOR_FIELD[i]), f) for i, f in cat.tiers["small"].items()
           if (indicators is None or i in indicators) and sc.get(INDICATOR_FIELD[i]) is not None
           and sc[INDICATOR_FIELD[i]] < f]
    return Classified("micro", _decided(cat, "micro", "<", low))


def _decided(cat: Any, tier: str, sign: str, figures: list[tuple[str, Any, Any]]) -> Texts:
    """The reason of a size decided by ``figures`` (indicator, value, floor), each ``sign`` its floor."""
    def make(lang: str) -> str:
        if lang == "zh_CN":
            figs = "、".join(f"{INDICATOR_NAME[i]['zh_CN']}{_fmt(i, v, 'zh_CN')}{sign}{_fmt_floor(i, f, 'zh_CN')}"
                            for i, v, f in figures)
            return f"{cat.zh}：{figs}，划为{SIZE_NAMES[tier]['zh_CN']}企业（工信部联企业〔2011〕300号）"
        figs = ", ".join(f"{INDICATOR_NAME[i]['en_US']} {_fmt(i, v, 'en_US')} {sign} {_fmt_floor(i, f, 'en_US')}"
                         for i, v, f in figures)
        return f"{cat.en}: {figs}, so {tier} (工信部联企业〔2011〕300号)"
    return Texts(make)


SLP_INCOME = Decimal(3_000_000)
SLP_EMPLOYEES = 300
SLP_ASSETS = Decimal(50_000_000)


def classify_small_low_profit(sc: dict[str, Any]) -> Classified:
    """小型微利企业: 应纳税所得额 ≤ 300万元, 从业人数 ≤ 300, 资产总额 ≤ 5000万元
    (财税〔2019〕13号; 财政部 税务总局公告2022年第13号). Restricted or prohibited industries are
    not modelled (the scenario has no field for them): noted in the reason."""
    tests = [("taxable_income_last_year", SLP_INCOME, "应纳税所得额", "taxable income"),
             ("employees", SLP_EMPLOYEES, "从业人数", "employees"),
             ("total_assets", SLP_ASSETS, "资产总额", "total assets")]
    missing, fails = set(), []
    for f, limit, zh, en in tests:
        v = sc.get(f)
        if v is None:
            missing.add(f)
        elif v > limit:
            fails.append((zh, en, v, limit))
    if fails:
        zh = "、".join(f"{a}{v:,}>{l:,}" for a, _, v, l in fails)
        en = ", ".join(f"{b} {v:,} > {l:,}" for _, b, v, l in fails)
        return Classified(False, {"zh_CN": f"不是小型微利企业：{zh}", "en_US": f"not a small low-profit enterprise: {en}"})
    if missing:
        return Classified(None, {"zh_CN": "判断小型微利企业需要更多数据", "en_US": "more figures needed for the small low-profit test"}, missing)
    return Classified(True, {"zh_CN": "小型微利企业：应纳税所得额≤300万元、从业人数≤300人、资产总额≤5000万元（财税〔2019〕13号）",
                             "en_US": "small low-profit enterprise: taxable income ≤ 3,000,000, ≤ 300 employees, assets ≤ 50,000,000 (财税〔2019〕13号)"})


def classify_vat_refund_size(bundle: Any, sc: dict[str, Any]) -> Classified:
    """Size for the 2022 VAT credit refund: the 300号 table by 营业收入 and 资产总额 only
    (公告2022年第14号 第六条); where a category has neither indicator, the headcount rule applies
    and the reason says so."""
    cat, decided = find_category(bundle, sc.get("industry_code"))
    if decided and not any(k in ("revenue", "assets") for k in cat.tiers["small"]):
        c = classify_size(bundle, sc, override=False)
        by_size = c.reason
        c.reason = Texts(lambda lang: by_size[lang] + (
            "（该行业无营收或资产指标，按从业人员）" if lang == "zh_CN"
            else " (no revenue or asset indicator for this industry; headcount used)"))
        return c
    return classify_size(bundle, sc, indicators=("revenue", "assets"), override=False)
