"""One evaluation as an HTML document (no Qt): the PDF and the printout are rendered from it.

It holds the inputs, the date, the jurisdiction, the policy version, the itemized table, every
item's citation (document, clause, verbatim quote) and reasons, the totals, and the statement
that it is an estimate, not a decision.
"""
from __future__ import annotations

import datetime as _dt
from html import escape
from typing import Any

from calc_app.i18n import date, lgettext, money
from calc_app.reports.inputs import input_rows
from calc_app.reports.labels import TOTAL_EFFECTS, effect_name, item_status_name
from calc_app.reports.sheet import policy_words

FONT = "'WenQuanYi Micro Hei', 'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif"


def _amount(it: dict[str, Any], lang: str) -> str:
    if it["status"] != "eligible":
        return "—"
    if not it.get("quantified", True):
        return lgettext("no figure", lang)
    return money(it["amount"], lang)


def _range(it: dict[str, Any], lang: str) -> str:
    if "amount_min" in it and "amount_max" in it:
        return f"{money(it['amount_min'], lang)} – {money(it['amount_max'], lang)}"
    return ""


def _chain_names(result: dict[str, Any], lang: str) -> str:
    from calc_app.engine.policies import default_bundle
    jur = default_bundle().jurisdictions
    names = [(jur[j].zh if lang.startswith("zh") else jur[j].en) if j in jur else j for j in result.get("chain", [])]
    return " › ".join(names) or result["jurisdiction"]


def _h2(text: str) -> str:
    return f"<h2 style='font-size:12pt'>{escape(text)}</h2>"


def render_html(scenario: dict[str, Any], result: dict[str, Any], lang: str,
                today: _dt.date | None = None) -> str:
    def t(msg: str) -> str:
        return escape(msg)

    today = today or _dt.date.today()
    items = result["items"]
    h: list[str] = [f"<html><body style=\"font-family:{FONT}; font-size:9pt\">"]
    h.append("<h1 style='font-size:16pt'>" + t(lgettext("Relief Calculator — estimate", lang)) + "</h1>")
    h.append("<p style='color:#b71c1c'><b>" + t(lgettext(
        "This is an estimate from the published policy texts, not a decision: the authority that grants "
        "each measure decides on an application.", lang)) + "</b></p>")
    meta = [
        (lgettext("Jurisdiction", lang), f"{_chain_names(result, lang)} ({result['jurisdiction']})"),
        (lgettext("Evaluation date", lang), date(result["as_of"], lang)),
        (lgettext("Policy data", lang), policy_words(result, lang)),
        (lgettext("Enterprise size", lang), result.get("size_reason", "")),
        (lgettext("Printed on", lang), date(today, lang)),
    ]
    h.append("<table cellspacing='0' cellpadding='3'>")
    h += [f"<tr><td style='color:#555'>{t(k)}</td><td>{t(v)}</td></tr>" for k, v in meta]
    h.append("</table>")

    h.append(_h2(lgettext("Totals", lang)))
    h.append("<table border='1' cellspacing='0' cellpadding='4'><tr>")
    h += [f"<th>{t(effect_name(e, lang))}</th>" for e in TOTAL_EFFECTS]
    h.append("</tr><tr>")
    h += [f"<td align='right' style='white-space:nowrap'>{t(money(result['totals'].get(e, '0'), lang))}</td>"
          for e in TOTAL_EFFECTS]
    h.append("</tr></table>")

    h.append(_h2(lgettext("Measures", lang)))
    h.append("<table border='1' cellspacing='0' cellpadding='3' width='100%'><tr>")
    heads = (lgettext("Measure", lang), lgettext("Level", lang), lgettext("Effect", lang),
             lgettext("Status", lang), lgettext("Amount", lang), lgettext("Range", lang), lgettext("Source", lang))
    for head, width in zip(heads, (28, 7, 9, 9, 14, 18, 15)):
        h.append(f"<th width='{width}%'>{t(head)}</th>")
    h.append("</tr>")
    for i, it in enumerate(items, 1):
        src = it["source"]
        cite = src.get("clause", "")
        h.append(f"<tr><td>{i}. {t(it['title'])}</td><td>{t(it.get('level', ''))}</td>"
                 f"<td>{t(effect_name(it['effect'], lang))}</td><td>{t(item_status_name(it, lang))}</td>"
                 f"<td align='right' style='white-space:nowrap'>{t(_amount(it, lang))}</td>"
                 f"<td align='right'>{t(_range(it, lang))}</td>"
                 f"<td>{t(cite)} [{i}]</td></tr>")
    h.append("</table>")

    h.append(_h2(lgettext("Reasons and citations", lang)))
    for i, it in enumerate(items, 1):
        src = it["source"]
        doc = src.get("document") or ""
        if src.get("document_number"):
            doc += f"（{src['document_number']}）" if lang.startswith("zh") else f" ({src['document_number']})"
        h.append(f"<p style='margin-bottom:0'><b>[{i}] {t(it['title'])}</b> — {t(item_status_name(it, lang))}"
                 f" {t(_amount(it, lang)) if it['status'] == 'eligible' else ''}</p>")
        h.append("<ul style='margin-top:0'>")
        h += [f"<li>{t(r)}</li>" for r in it.get("reasons", [])]
        h += [f"<li><span style='font-family:monospace'>= {t(s)}</span></li>" for s in it.get("steps", [])]
        h.append("</ul>")
        h.append(f"<p style='margin:0 0 0 12pt; color:#333'>{t(doc)} · "
                 + t(lgettext("clause", lang)) + f" {t(src.get('clause', ''))} · {t(src.get('seed_file', ''))}</p>")
        h.append(f"<p style='margin:2pt 0 6pt 12pt; background:#f2f2f2'>「{t(src.get('quote', ''))}」</p>")
        if src.get("draft"):
            h.append("<p style='margin:0 0 6pt 12pt; color:#b71c1c'>" + t(lgettext(
                "A consultation draft, not in force as law: indicative only.", lang)) + "</p>")
        for rule in it.get("rules", []):
            h.append("<p style='margin:0 0 6pt 12pt; color:#333'>" + t(lgettext("National rule {number}: {what}", lang).format(
                number=rule.get("number", ""), what=rule.get("what", ""))) + "</p>")

    h.append(_h2(lgettext("Inputs", lang)))
    rows = input_rows(scenario, lang)
    if rows:
        h.append("<table border='1' cellspacing='0' cellpadding='3' width='100%'>")
        h += [f"<tr><td>{t(sec)}</td><td>{t(label)}</td><td>{t(value)}</td></tr>" for sec, label, value in rows]
        h.append("</table>")
    h.append("<p style='color:#555'>" + t(lgettext(
        "Inputs left empty are unknown, not zero; the measures that wait for them say so.", lang)) + "</p>")
    h.append(f"<p style='color:#555'>{t(result.get('rounding', ''))}</p>")
    h.append("<p><b>" + t(lgettext("An estimate, not a decision.", lang)) + "</b></p>")
    h.append("</body></html>")
    return "".join(h)
