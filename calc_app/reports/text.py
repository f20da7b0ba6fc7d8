"""A readable text table of one evaluation, in zh_CN or en_US."""
from __future__ import annotations

import unicodedata
from typing import Any

from calc_app.i18n import lgettext, money

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


CATEGORY = {
    "grant": {"zh_CN": "现金补贴", "en_US": "grant"},
    "saving": {"zh_CN": "费用减免", "en_US": "saving"},
    "deferral": {"zh_CN": "缓缴", "en_US": "deferral"},
    "own_tax_credit": {"zh_CN": "留抵退税", "en_US": "own VAT credit"},
    "procurement_evaluation": {"zh_CN": "评审优惠", "en_US": "bid evaluation"},
    "third_party": {"zh_CN": "惠及第三方", "en_US": "third party"},
}
_STATUS_ORDER = {"eligible": 0, "needs_input": 1, "excluded": 2, "ineligible": 3, "not_in_force": 4}


def answer_first(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Items by money first: eligible by amount, then those waiting by what they could give, then the rest
    (each group in the law's order)."""
    def key(ix: tuple[int, dict[str, Any]]) -> tuple:
        i, it = ix
        amount = it["amount"] if it["status"] == "eligible" else it.get("amount_if", "0")
        return (_STATUS_ORDER.get(it["status"], 9), -float(amount), i)
    return [it for _, it in sorted(enumerate(items), key=key)]


def question_gain(q: dict[str, Any], lang: str) -> str:
    """What answering ``q`` adds, in words: the money received or kept, and beside it (or alone,
    where that does not change) what is paid later or refunded of the enterprise's own VAT credit.
    The report and the window's questions bar both say it so."""
    gains = q.get("gains") or {}
    up_to = bool(q.get("up_to"))
    parts = []
    if q["unlocks"] != "0.00" or not any(gains.get(g, "0.00") != "0.00" for g in ("paid_later", "own_tax_credit")):
        amount = money(q["unlocks"], lang)
        parts.append(lgettext("up to +{amount}", lang).format(amount=amount) if up_to else f"+{amount}")
    if gains.get("paid_later", "0.00") != "0.00":
        amount = money(gains["paid_later"], lang)
        parts.append((lgettext("up to +{amount} paid later", lang) if up_to
                      else lgettext("+{amount} paid later", lang)).format(amount=amount))
    if gains.get("own_tax_credit", "0.00") != "0.00":
        amount = money(gains["own_tax_credit"], lang)
        parts.append((lgettext("up to +{amount} of its own VAT credit", lang) if up_to
                      else lgettext("+{amount} of its own VAT credit", lang)).format(amount=amount))
    return lgettext(", ", lang).join(parts)


def _answer_word(q: dict[str, Any], lang: str) -> str:
    zh = lang == "zh_CN"
    a = q.get("answer")
    if "answer" not in q:
        return "填写金额" if zh else "give the figure"
    if isinstance(a, bool):
        return ("答“是”" if a else "答“否”") if zh else ("answer yes" if a else "answer no")
    return (f"答“{a}”" if zh else f"answer “{a}”")


def head_lines(result: dict[str, Any], lang: str) -> list[str]:
    """The headline totals, the questions that matter, the presumptions and the inferences."""
    zh = lang == "zh_CN"
    out: list[str] = []
    h = result.get("headline")
    if h:
        for g in ("received_or_kept", "paid_later"):
            e = h[g]
            line = f"{e['label']}{'：' if zh else ': '}{money(e['amount'], lang)}"
            if e["min"] != e["max"]:
                line += (f"（区间 {money(e['min'], lang)} – {money(e['max'], lang)}；{e['note']}）" if zh
                         else f" (range {money(e['min'], lang)} – {money(e['max'], lang)}; {e['note']})")
            if e["possible"] != "0.00":
                line += (f"；若补充条件另可 {money(e['possible'], lang)}" if zh
                         else f"; {money(e['possible'], lang)} more if the open conditions hold")
            out.append(line)
        apart = [f"{h[g]['label']} {money(h[g]['amount'], lang)}" for g in
                 ("own_tax_credit", "procurement_evaluation", "third_party")]
        out.append(("另计（不含在上面）：" if zh else "Apart (not in the above): ") + ("；" if zh else "; ").join(apart))
        out.append("")
    qs = result.get("questions") or []
    if qs:
        total = (result.get("top_questions") or {}).get("unlocks", qs[0]["unlocks"])
        n = min(3, len(qs))
        if total != "0.00":
            out.append((f"回答前{n}个问题，最多可再多 {money(total, lang)}：" if zh
                        else f"Answer the first {n} to see up to {money(total, lang)} more:"))
        else:   # what they unlock is paid later or the enterprise's own VAT credit, not money kept
            out.append((f"回答前{n}个问题，可获得或少缴的金额不变，但可增加以下各项：" if zh
                        else f"Answering the first {n} does not change the money received or kept, but adds:"))
        for i, q in enumerate(qs, 1):
            gain = question_gain(q, lang)
            out.append(f"  {i}. {q['label']}（{q['field']}）：{_answer_word(q, lang)} → {gain}" if zh else
                       f"  {i}. {q['label']} ({q['field']}): {_answer_word(q, lang)} → {gain}")
    more_q = result.get("more_questions") or []
    if more_q:
        names = [q["label"] for q in more_q[:8]]
        rest = len(more_q) - len(names)
        out.append(("更多问题：" if zh else "More questions: ") + ("、" if zh else "; ").join(names)
                   + ((f" 等{len(more_q)}项" if zh else f" and {rest} more") if rest > 0 else ""))
    if qs or more_q:
        out.append("")
    if result.get("assumptions"):
        out.append("按以下假定计算（如不符请更正）：" if zh else "Computed on these presumptions (correct any that is wrong):")
        for a in result["assumptions"]:
            out.append(f"  · {a['text']}（{a['field']}）" if zh else f"  · {a['text']} ({a['field']})")
    if result.get("inferred"):
        out.append("由已填信息推定：" if zh else "Inferred from what was given:")
        for a in result["inferred"]:
            out.append(f"  · {a['text']}" + (f"（{a['field']}）" if zh else f" ({a['field']})"))
    if result.get("assumptions") or result.get("inferred"):
        out.append("")
    return out


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
    lines += head_lines(result, lang)
    cols = [(34, "措施" if zh else "Measure"), (12, "层级" if zh else "Level"), (10, "类型" if zh else "Kind"),
            (20, "状态" if zh else "Status"), (16, "金额" if zh else "Amount")]
    lines.append(" ".join(pad(h, w, i == 4) for i, (w, h) in enumerate(cols)))
    lines.append(" ".join("-" * w for w, _ in cols))
    for it in answer_first(result["items"]):
        amt = money(it["amount"], lang) if it["status"] == "eligible" else "—"
        if it["status"] == "eligible" and not it.get("quantified", True):
            amt = "未量化" if zh else "no figure"
        if it["status"] == "needs_input" and "amount_if" in it:
            amt = ("若符合 " if zh else "if so ") + money(it["amount_if"], lang)
        status = STATUS[it["status"]][lang]
        if it.get("draft") or it["source"].get("draft"):
            status += "（征求意见稿）" if zh else " (consultation draft)"
        kind = CATEGORY.get(it.get("category", ""), EFFECT[it["effect"]])[lang]
        row = [it["title"], it["level"], kind, status, amt]
        lines.append(" ".join(pad(v, w, i == 4) for i, ((w, _), v) in enumerate(zip(cols, row))))
        if it["status"] == "eligible" and "amount_min" in it:
            lines.append(("    ↔ 区间 " if zh else "    ↔ range ") + f"{money(it['amount_min'], lang)} – {money(it['amount_max'], lang)}")
        if detail:
            for a in it.get("assumptions", ()):
                lines.append(("    ◇ 假定：" if zh else "    ◇ presumed: ") + a["text"])
            for a in it.get("inferred", ()):
                lines.append(("    ◇ 推定：" if zh else "    ◇ inferred: ") + a["text"])
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
    lines.append(("按效果合计：" if zh else "Totals by effect: ") + "  ".join(
        f"{EFFECT[k][lang]} {money(t[k], lang)}" for k in ("grant", "saving", "deferral", "indirect")))
    lines.append(("（估算，仅供参考，不构成审批决定；" if zh else "(An estimate, not a decision; ") + result["rounding"] + ("）" if zh else ")"))
    return "\n".join(lines)
