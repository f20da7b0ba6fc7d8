"""A readable text table of one evaluation, in zh_CN or en_US."""
from __future__ import annotations

import unicodedata
from typing import Any

from calc_app.i18n import money

STATUS = {
    "eligible": {"zh_CN": "符合", "en_US": "eligible"},
    "ineligible": {"zh_CN": "不符合", "en_US": "ineligible"},
    "needs_input": {"zh_CN": "需补充", "en_US": "needs input"},
    "not_in_force": {"zh_CN": "不在期内", "en_US": "not in force"},
    "excluded": {"zh_CN": "不叠加", "en_US": "excluded"},
}
EFFECT = {
    "grant": {"zh_CN": "现金补贴", "en_US": "grant"},
    "saving": {"zh_CN": "费用减免", "en_US": "saving"},
    "deferral": {"zh_CN": "缓缴", "en_US": "deferral"},
    "evaluation": {"zh_CN": "评审优惠", "en_US": "evaluation"},
    "indirect": {"zh_CN": "间接", "en_US": "indirect"},
}


def width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def pad(s: str, w: int, right: bool = False) -> str:
    if width(s) > w:
        out = ""
        for c in s:
            if width(out + c) > w - 1:
                break
            out += c
        s = out + "…"
    fill = " " * (w - width(s))
    return fill + s if right else s + fill


def render(result: dict[str, Any], lang: str, *, detail: bool = True) -> str:
    zh = lang == "zh_CN"
    lines = []
    head = "惠企纾困计算器 — 估算结果" if zh else "Relief Calculator — estimate"
    lines.append(head)
    lines.append(("地区：" if zh else "Jurisdiction: ") + " → ".join(result["chain"])
                 + ("    评估日期：" if zh else "    Date: ") + result["as_of"])
    from calc_app.engine.classify import SIZE_NAMES
    size = SIZE_NAMES[result["size"]][lang] if result["size"] else "?"
    lines.append(("企业规模：" if zh else "Size: ") + size + ("（" if zh else " (") + result["size_reason"] + ("）" if zh else ")"))
    lines.append("")
    cols = [(34, "措施" if zh else "Measure"), (12, "层级" if zh else "Level"), (8, "类型" if zh else "Effect"),
            (20, "状态" if zh else "Status"), (16, "金额" if zh else "Amount")]
    lines.append(" ".join(pad(h, w, i == 4) for i, (w, h) in enumerate(cols)))
    lines.append(" ".join("-" * w for w, _ in cols))
    for it in result["items"]:
        amt = money(it["amount"], lang) if it["status"] == "eligible" else "—"
        if it["status"] == "eligible" and not it.get("quantified", True):
            amt = "未量化" if zh else "no figure"
        status = STATUS[it["status"]][lang]
        if it.get("draft") or it["source"].get("draft"):
            status += "（征求意见稿）" if zh else " (consultation draft)"
        row = [it["title"], it["level"], EFFECT[it["effect"]][lang], status, amt]
        lines.append(" ".join(pad(v, w, i == 4) for i, ((w, _), v) in enumerate(zip(cols, row))))
        if detail:
            for r in it["reasons"]:
                lines.append("    · " + r)
            for s in it["steps"]:
                lines.append("    = " + s)
            src = it["source"]
            lines.append(f"    ⟶ {src['seed_file']} {src['clause']}：「{src['quote'][:80]}{'…' if len(src['quote']) > 80 else ''}」")
            if src.get("draft"):
                lines.append("    ⚠ " + ("征求意见稿，尚未正式施行" if zh else "a consultation draft, not in force as law"))
    lines.append("")
    t = result["totals"]
    lines.append(("合计：" if zh else "Totals: ") + "  ".join(
        f"{EFFECT[k][lang]} {money(t[k], lang)}" for k in ("grant", "saving", "deferral", "indirect")))
    lines.append(("（估算，仅供参考，不构成审批决定；" if zh else "(An estimate, not a decision; ") + result["rounding"] + ("）" if zh else ")"))
    return "\n".join(lines)
