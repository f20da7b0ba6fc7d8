"""The selected item in full: amount, reasons, arithmetic, document, clause and the verbatim quote."""
from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import QUrl, Signal
from PySide6.QtWidgets import QTextBrowser, QWidget

from calc_app.engine.evaluate import field_label_any
from calc_app.i18n import _, date, money
from calc_app.ui.icons import STATUS_STYLE
from calc_app.ui.labels import category_name, item_status_name
from calc_app.ui.results_model import amount_text, range_text


def _heading(text: str) -> str:
    return f"<h4 style='margin:8px 0 2px 0'>{escape(text)}</h4>"


def _source_html(src: dict[str, Any], lang: str, main: bool) -> str:
    doc = escape(src.get("document") or "")
    if src.get("document_number"):
        doc += f"（{escape(src['document_number'])}）" if lang.startswith("zh") else f" ({escape(src['document_number'])})"
    out = [f"<p style='margin:0'>{doc}</p>",
           "<p style='margin:0;color:#555'>" + escape(_("Clause: {clause} · file {file}").format(
               clause=src.get("clause", ""), file=src.get("seed_file", ""))) + "</p>"]
    if src.get("draft"):
        out.append("<p style='margin:0;color:#b71c1c'>" + escape(_("A consultation draft, not in force as law: indicative only.")) + "</p>")
    style = "margin:6px 12px;background:#f4f6f8;padding:6px" if main else "margin:2px 12px;background:#f4f6f8"
    out.append(f"<blockquote style='{style}'>「{escape(src.get('quote', ''))}」</blockquote>")
    return "".join(out)


def detail_html(it: dict[str, Any], lang: str) -> str:
    colour = STATUS_STYLE.get(it["status"], ("#555", ""))[0]
    src = it.get("source", {})
    out = [f"<h3 style='margin:0 0 4px 0'>{escape(it['title'])}</h3>",
           f"<p style='margin:0 0 6px 0;color:#555'>{escape(it.get('level', ''))} · {escape(category_name(it))}"
           f" · <span style='color:{colour};font-weight:bold'>{escape(item_status_name(it))}</span>"
           f" · <code>{escape(it['measure_id'])}</code></p>"]
    amount = amount_text(it, lang)
    if amount != "—":
        out.append(f"<p style='font-size:large;margin:0 0 4px 0'><b>{escape(amount)}</b>")
        rng = range_text(it, lang)
        if rng:
            out.append(" &nbsp;<span style='color:#555'>" + escape(_("range {range}").format(range=rng)) + "</span>")
        out.append("</p>")
    if it.get("status") == "needs_input" and "amount_if" in it:
        sep = "、" if lang.startswith("zh") else ", "
        answers = sep.join(f"<a href='answer:{escape(f)}:{str(v).lower()}'>{escape(field_label_any(f, lang))}"
                           f" = {escape(_('Yes') if v is True else _('No') if v is False else str(v))}</a>"
                           for f, v in it.get("if", {}).items())
        out.append("<p style='background:#eef6ee;padding:4px'>" + escape(_("If so: {amount}").format(
            amount=money(it["amount_if"], lang))) + f" — {answers}</p>")
    marks = [(a, True) for a in it.get("assumptions", ())] + [(a, False) for a in it.get("inferred", ())]
    if marks and it.get("status") != "not_in_force":
        out.append(_heading(_("Presumed and inferred")) + "<ul style='margin-top:0'>")
        for a, presumed in marks:
            if presumed and isinstance(a.get("value"), bool):
                other = not a["value"]
                link = (f" <a href='answer:{escape(a['field'])}:{str(other).lower()}'>"
                        + escape(_("answer “{answer}” instead").format(answer=_("Yes") if other else _("No")))
                        + "</a>")
            elif a["field"] in ("layoff_rate",):
                link = ""
            else:
                link = f" <a href='field:{escape(a['field'])}'>" + escape(_("change…")) + "</a>"
            word = _("presumed") if presumed else _("inferred")
            out.append(f"<li><i>{escape(word)}</i>: {escape(a['text'])}{link}</li>")
        out.append("</ul>")
    if it.get("needs"):
        sep = "、" if lang.startswith("zh") else ", "
        links = sep.join(f"<a href='field:{escape(f)}'>{escape(field_label_any(f, lang))}</a>" for f in it["needs"])
        out.append("<p style='background:#fff4e0;padding:4px'>" + escape(_("Waiting for:")) + f" {links}</p>")
    if it.get("reasons"):
        out.append(_heading(_("Why")) + "<ul style='margin-top:0'>")
        out += [f"<li>{escape(r)}</li>" for r in it["reasons"]]
        out.append("</ul>")
    if it.get("steps"):
        out.append(_heading(_("Arithmetic")) + "<ol style='margin-top:0'>")
        out += [f"<li><span style='font-family:monospace'>{escape(s)}</span></li>" for s in it["steps"]]
        out.append("</ol>")
    from calc_app.reports.apply_text import apply_lines
    out.append(_heading(_("Where to apply")) + "".join(
        f"<p style='margin:0'>{escape(line)}</p>" for line in apply_lines(it.get("apply"), lang)))
    out.append(_heading(_("Source")))
    out.append(_source_html(src, lang, main=True))
    for rule in it.get("rules", []):
        out.append("<p style='margin:0;color:#555'>" + escape(_("National rule {number}: {what}").format(
            number=rule.get("number", ""), what=rule.get("what", ""))) + "</p>")
    others = [c for c in it.get("sources", []) if (c.get("seed_file"), c.get("clause"), c.get("quote"))
              != (src.get("seed_file"), src.get("clause"), src.get("quote"))]
    if others:
        out.append(_heading(_("Also stated in")))
        out += [_source_html(c, lang, main=False) for c in others]
    period = it.get("period")
    if period:
        end = date(period["end"], lang) if period.get("end") else _("open-ended")
        out.append("<p style='margin:4px 0 0 0'>" + escape(_("In force: {start} – {end}").format(
            start=date(period["start"], lang), end=end)) + "</p>")
    if it.get("stacking"):
        out.append("<p style='margin:0'>" + escape(_("Stacking: {rule}").format(rule=it["stacking"])) + "</p>")
    if it.get("notes"):
        out.append(_heading(_("Notes")) + f"<p style='margin:0'>{escape(it['notes'])}</p>")
    return "".join(out)


class DetailPane(QTextBrowser):
    field_requested = Signal(str)
    answer_requested = Signal(str, object)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("detail")
        self.setOpenLinks(False)
        self.anchorClicked.connect(self._clicked)
        self.item: dict[str, Any] | None = None
        self.lang = "zh_CN"
        self.show_item(None, self.lang)

    def show_item(self, item: dict[str, Any] | None, lang: str) -> None:
        self.item, self.lang = item, lang
        if item is None:
            self.setHtml("<p style='color:#777'>" + escape(_("Choose a measure on the list to see why, how much and the law's own words.")) + "</p>")
        else:
            self.setHtml(detail_html(item, lang))

    def _clicked(self, url: QUrl) -> None:
        s = url.toString()
        if s.startswith("field:"):
            self.field_requested.emit(s[len("field:"):])
        elif s.startswith("answer:"):
            _tag, name, value = s.split(":", 2)
            self.answer_requested.emit(name, {"true": True, "false": False}.get(value, value))
