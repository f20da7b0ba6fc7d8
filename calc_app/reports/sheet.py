"""The applicant sheet (no Qt): one or two pages to hand over at the counter.

Who and when (applicant, credit code, staff member, jurisdiction, evaluation date, printed on), the
eligible and possible measures ranked by amount with the office and deadline for each, the totals by
category, the assumptions made and the questions left (where the result carries them), the policy
version and date, and "估算，不是审批决定". The full itemization (reasons, arithmetic, quotes) is an
optional appendix that starts on a new page. Page numbers are drawn by the renderer
(``calc_app.ui.export.write_paged_pdf``), with :func:`footer_text`.
"""
from __future__ import annotations

import datetime as _dt
from decimal import Decimal
from html import escape
from typing import Any

from calc_app.i18n import date, lgettext, money
from calc_app.reports.apply_text import apply_lines, deadline_text, office_text, place_name
from calc_app.reports.labels import TOTAL_EFFECTS, effect_name, status_name

FONT = "'WenQuanYi Micro Hei', 'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif"
RANKED = ("eligible", "needs_input")


def estimate_words(lang: str) -> str:
    return "估算，不是审批决定" if lang.startswith("zh") else "An estimate, not an approval decision"


def policy_words(result: dict[str, Any], lang: str) -> str:
    p = result.get("policy") if isinstance(result.get("policy"), dict) else {}
    version = p.get("version") or result.get("policy_version") or ""
    when = p.get("date") or result.get("policy_date")
    if when:
        return lgettext("Policy data as of {date}, version {version}", lang).format(date=date(when, lang),
                                                                                   version=version)
    return lgettext("Policy version {version}", lang).format(version=version)


def footer_text(result: dict[str, Any], lang: str, page: int, pages: int) -> str:
    return "   ·   ".join((estimate_words(lang), policy_words(result, lang),
                           lgettext("Page {page} of {pages}", lang).format(page=page, pages=pages)))


def ranked_items(result: dict[str, Any]) -> list[dict[str, Any]]:
    """Eligible items by amount (largest first), then those waiting for an input (possible)."""
    def key(it: dict[str, Any]) -> tuple:
        amount = Decimal(it.get("amount_max") or it["amount"]) if it["status"] == "eligible" else Decimal(0)
        return (RANKED.index(it["status"]), -amount, it["title"])
    return sorted((it for it in result["items"] if it["status"] in RANKED), key=key)


def _amount(it: dict[str, Any], lang: str) -> str:
    if it["status"] != "eligible":
        return lgettext("possible: needs an answer", lang)
    if not it.get("quantified", True):
        return lgettext("no figure in the text", lang)
    text = money(it["amount"], lang)
    if "amount_min" in it and "amount_max" in it and it["amount_min"] != it["amount_max"]:
        text += f"<br/><span style='color:#555; font-size:7pt'>{escape(money(it['amount_min'], lang))} – " \
                f"{escape(money(it['amount_max'], lang))}</span>"
        return text
    return escape(text)


def _chain(result: dict[str, Any], lang: str) -> str:
    names = [place_name(j, lang) for j in result.get("chain", [])]
    return " › ".join(names) or result["jurisdiction"]


def sheet_html(result: dict[str, Any], applicant: dict[str, str] | None, lang: str, *,
               appendix: bool = False, today: _dt.date | None = None) -> str:
    t = escape
    today = today or _dt.date.today()
    a = applicant or {}
    title = lgettext("Relief measures for the applicant", lang)
    h_totals = lgettext("Totals by category", lang)
    h_measures = lgettext("Measures to apply for, largest first", lang)
    h_none = lgettext("No measure applies on these inputs.", lang)
    h_assumptions = lgettext("Assumptions made", lang)
    h_questions = lgettext("Questions left", lang)
    h: list[str] = [f"<html><body style=\"font-family:{FONT}; font-size:8.5pt\">"]
    h.append("<table width='100%' cellspacing='0' cellpadding='0'><tr>"
             f"<td><span style='font-size:15pt; font-weight:bold'>{t(title)}"
             "</span></td>"
             f"<td align='right' style='color:#b71c1c; font-size:11pt; font-weight:bold'>{t(estimate_words(lang))}</td>"
             "</tr></table>")
    meta = [
        (lgettext("Applicant", lang), a.get("name") or lgettext("(not given)", lang)),
        (lgettext("Credit code", lang), a.get("credit_code") or "—"),
        (lgettext("Contact", lang), a.get("contact") or "—"),
        (lgettext("Served by", lang), a.get("staff") or "—"),
        (lgettext("Jurisdiction", lang), _chain(result, lang)),
        (lgettext("Evaluation date", lang), date(result["as_of"], lang)),
        (lgettext("Printed on", lang), date(today, lang)),
        (lgettext("Policy data", lang), policy_words(result, lang)),
    ]
    h.append("<table width='100%' cellspacing='0' cellpadding='2' style='margin-top:4pt; background:#f4f6f8'>")
    for i in range(0, len(meta), 2):
        h.append("<tr>" + "".join(f"<td width='15%' style='color:#555'>{t(k)}</td><td width='35%'><b>{t(v)}</b></td>"
                                  for k, v in meta[i:i + 2]) + "</tr>")
    h.append("</table>")

    head = result.get("headline")
    h.append(f"<h3 style='font-size:10.5pt; margin:8pt 0 2pt 0'>{t(h_totals)}</h3>")
    h.append("<table width='100%' border='1' cellspacing='0' cellpadding='3' style='border-color:#999'><tr>")
    if isinstance(head, dict) and head:
        cats = list(head.values())
        h += [f"<th style='background:#e8eef5'>{t(c.get('label', ''))}</th>" for c in cats]
        h.append("</tr><tr>")
        for c in cats:
            cell = t(money(c.get("amount", "0"), lang))
            if c.get("min") not in (None, c.get("max")):
                cell += f"<br/><span style='font-size:7pt;color:#555'>{t(money(c['min'], lang))} – {t(money(c['max'], lang))}</span>"
            if c.get("possible") and Decimal(c["possible"]):
                cell += "<br/><span style='font-size:7pt;color:#8a5a00'>" + t(lgettext(
                    "+ {amount} possible", lang).format(amount=money(c["possible"], lang))) + "</span>"
            if c.get("note"):
                cell += f"<br/><span style='font-size:7pt;color:#555'>{t(c['note'])}</span>"
            h.append(f"<td align='center' style='font-size:10pt'><b>{cell}</b></td>")
    else:
        h += [f"<th style='background:#e8eef5'>{t(effect_name(e, lang))}</th>" for e in TOTAL_EFFECTS]
        h.append("</tr><tr>")
        h += [f"<td align='center' style='font-size:10pt'><b>{t(money(result['totals'].get(e, '0'), lang))}</b></td>"
              for e in TOTAL_EFFECTS]
    h.append("</tr></table>")

    items = ranked_items(result)
    h.append(f"<h3 style='font-size:10.5pt; margin:8pt 0 2pt 0'>{t(h_measures)}</h3>")
    h.append("<table width='100%' border='1' cellspacing='0' cellpadding='2' style='border-color:#999'><tr style='background:#e8eef5'>")
    for head_, w in ((lgettext("No.", lang), 4), (lgettext("Measure", lang), 38), (lgettext("Effect", lang), 9),
                     (lgettext("Amount", lang), 15), (lgettext("Where to apply", lang), 24),
                     (lgettext("Deadline", lang), 10)):
        h.append(f"<th width='{w}%'>{t(head_)}</th>")
    h.append("</tr>")
    for i, it in enumerate(items, 1):
        ap = it.get("apply")
        office = office_text(ap, lang)
        office_html = t(office) if ap and ap.get("office") else f"<span style='color:#777'>{t(office)}</span>"
        possible = it["status"] != "eligible"
        style = " style='color:#8a5a00'" if possible else ""
        h.append(f"<tr{style}><td align='right'>{i}</td><td>{t(it['title'])}<br/><span style='font-size:7pt;color:#666'>"
                 f"{t(it.get('level', ''))} · {t(it['source'].get('clause', ''))}</span></td>"
                 f"<td>{t(effect_name(it['effect'], lang))}</td>"
                 f"<td align='right'>{_amount(it, lang)}</td><td>{office_html}</td>"
                 f"<td>{t(deadline_text(ap, lang) or '—')}</td></tr>")
    if not items:
        h.append(f"<tr><td colspan='6'>{t(h_none)}</td></tr>")
    h.append("</table>")
    rest = len(result["items"]) - len(items)
    h.append("<p style='color:#555; font-size:7.5pt; margin:2pt 0'>" + t(lgettext(
        "{n} other measures of this jurisdiction do not apply on these inputs or dates (see the full itemization). "
        "Offices are those the policy texts name; the texts give no addresses or telephone numbers.", lang).format(
        n=rest)) + "</p>")

    assumptions = result.get("assumptions") or []
    questions = list(result.get("questions") or []) + list(result.get("more_questions") or [])
    if assumptions:
        h.append(f"<h3 style='font-size:10.5pt; margin:6pt 0 2pt 0'>{t(h_assumptions)}</h3><ul style='margin-top:0'>")
        h += [f"<li>{t(x.get('text') or x.get('label', ''))}</li>" for x in assumptions]
        h.append("</ul>")
    if questions:
        h.append(f"<h3 style='font-size:10.5pt; margin:6pt 0 2pt 0'>{t(h_questions)}</h3><ul style='margin-top:0'>")
        for q in questions:
            line = t(q.get("label", q.get("field", "")))
            gains = {k: v for k, v in (q.get("gains") or {}).items() if v and Decimal(v)}
            if gains:
                line += " — " + t(lgettext("the answer may change the estimate by up to {amount}", lang).format(
                    amount=money(sum(Decimal(v) for v in gains.values()), lang)))
            h.append(f"<li>{line}</li>")
        h.append("</ul>")
    if result.get("rounding"):
        h.append(f"<p style='color:#555; font-size:7.5pt'>{t(result['rounding'])}</p>")
    h.append("<p style='font-size:8pt'><b>" + t(lgettext(
        "This sheet is an estimate from the published policy texts, not an approval decision: the office that "
        "grants each measure decides on an application.", lang)) + "</b></p>")

    if appendix:
        h.append("<h2 style='font-size:12pt; page-break-before:always'>" + t(lgettext("Appendix: full itemization", lang)) + "</h2>")
        for i, it in enumerate(result["items"], 1):
            src = it["source"]
            amount = money(it["amount"], lang) if it["status"] == "eligible" else ""
            h.append(f"<p style='margin:4pt 0 0 0'><b>{i}. {t(it['title'])}</b> — {t(status_name(it['status'], lang))} "
                     f"{t(amount)}</p><ul style='margin:0'>")
            h += [f"<li>{t(r)}</li>" for r in it.get("reasons", [])]
            h += [f"<li><span style='font-family:monospace'>= {t(s)}</span></li>" for s in it.get("steps", [])]
            h += [f"<li>{t(line)}</li>" for line in apply_lines(it.get("apply"), lang)]
            h.append("</ul>")
            doc = src.get("document") or ""
            h.append(f"<p style='margin:0 0 0 12pt; color:#333; font-size:7.5pt'>{t(doc)} · {t(src.get('clause', ''))} · "
                     f"{t(src.get('seed_file', ''))}</p>"
                     f"<p style='margin:1pt 0 3pt 12pt; background:#f2f2f2; font-size:7.5pt'>「{t(src.get('quote', ''))}」</p>")
    h.append("</body></html>")
    return "".join(h)
