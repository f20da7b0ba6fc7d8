"""Two to four scenarios side by side (no Qt): the same applicant in two jurisdictions, on two dates,
or with one answer changed. Item by item (the union of the measures of every chain, in order of first
appearance), differences marked, totals and their difference from the first scenario.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any, Sequence

from calc_app.i18n import lgettext, money
from calc_app.models.policy import EFFECTS
from calc_app.money import money_str
from calc_app.reports.labels import TOTAL_EFFECTS, effect_name, status_name
from calc_app.reports.text import pad


def _cell(it: dict[str, Any] | None) -> dict[str, Any] | None:
    if it is None:
        return None
    c = {"status": it["status"], "amount": it["amount"]}
    for k in ("amount_min", "amount_max"):
        if k in it:
            c[k] = it[k]
    return c


def compare_results(results: Sequence[dict[str, Any]], labels: Sequence[str] | None = None) -> dict[str, Any]:
    labels = list(labels or [chr(ord("A") + i) for i in range(len(results))])
    order: list[str] = []
    meta: dict[str, dict[str, Any]] = {}
    per: list[dict[str, dict[str, Any]]] = []
    for r in results:
        by = {it["measure_id"]: it for it in r["items"]}
        per.append(by)
        for mid, it in by.items():
            if mid not in meta:
                order.append(mid)
                meta[mid] = {"title": it["title"], "effect": it["effect"], "jurisdiction": it["jurisdiction"],
                             "level": it.get("level", "")}
    items = []
    for mid in order:
        cells = [_cell(by.get(mid)) for by in per]
        keyed = [(c["status"], c["amount"]) if c else None for c in cells]
        items.append({"measure_id": mid, **meta[mid], "cells": cells, "differs": len(set(keyed)) > 1})
    totals: dict[str, Any] = {}
    for e in EFFECTS:
        vals = [Decimal(r["totals"].get(e, "0")) for r in results]
        totals[e] = {"values": [money_str(v) for v in vals],
                     "difference": [money_str(v - vals[0]) for v in vals],
                     "differs": len(set(vals)) > 1}
    return {
        "scenarios": [{"label": lab, "jurisdiction": r["jurisdiction"], "as_of": r["as_of"], "size": r.get("size"),
                       "policy_version": r.get("policy_version"), "totals": r["totals"],
                       **({"applicant": r["applicant"]} if r.get("applicant") else {})}
                      for lab, r in zip(labels, results)],
        "items": items,
        "totals": totals,
        "differences": sum(1 for it in items if it["differs"]),
    }


def compare_scenarios(datas: Sequence[Any], lang: str = "zh_CN", labels: Sequence[str] | None = None) -> dict[str, Any]:
    """Evaluate each scenario and compare; InputError names the scenario (its label) of each problem."""
    from calc_app.engine.evaluate import InputError, evaluate
    labels = list(labels or [chr(ord("A") + i) for i in range(len(datas))])
    results, problems = [], []
    for lab, d in zip(labels, datas):
        try:
            results.append(evaluate(d, lang))
        except InputError as e:
            problems += [(f"{lab}: {f}", m) for f, m in e.problems]
    if problems:
        raise InputError(problems)
    return compare_results(results, labels)


def cell_text(c: dict[str, Any] | None, lang: str) -> str:
    if c is None:
        return lgettext("not in this chain", lang)
    if c["status"] == "eligible":
        return money(c["amount"], lang)
    return status_name(c["status"], lang)


def compare_text(cmp: dict[str, Any], lang: str, *, all_items: bool = False) -> str:
    """The comparison as a text table; items that differ are marked ``*`` (and listed first of all when
    ``all_items`` is False: only they and the eligible ones are shown)."""
    n = len(cmp["scenarios"])
    lines = [lgettext("Comparison of {n} scenarios", lang).format(n=n)]
    letters = [chr(ord("A") + i) for i in range(n)]
    for letter, s in zip(letters, cmp["scenarios"]):
        who = s.get("applicant", {}).get("name", "")
        lines.append(f"  {letter}: {s['label']}  {s['jurisdiction']}  {s['as_of']}" + (f"  {who}" if who else ""))
    lines.append("")
    w_title, w_cell = 40, 16
    head = "  " + pad(lgettext("Measure", lang), w_title) + "".join(pad(x, w_cell, True) for x in letters)
    lines.append(head)
    lines.append("  " + "-" * (w_title + w_cell * n))
    shown = [it for it in cmp["items"]
             if all_items or it["differs"] or any(c and c["status"] == "eligible" for c in it["cells"])]
    for it in shown:
        mark = "* " if it["differs"] else "  "
        lines.append(mark + pad(it["title"], w_title) + "".join(pad(cell_text(c, lang), w_cell, True)
                                                                 for c in it["cells"]))
    lines.append("  " + "-" * (w_title + w_cell * n))
    for e in TOTAL_EFFECTS:
        t = cmp["totals"][e]
        mark = "* " if t["differs"] else "  "
        lines.append(mark + pad(effect_name(e, lang), w_title) + "".join(pad(money(v, lang), w_cell, True)
                                                                         for v in t["values"]))
        if t["differs"]:
            diffs = t["difference"]
            lines.append("  " + pad("  " + lgettext("difference from A", lang), w_title) + "".join(
                pad("" if i == 0 else _signed(d, lang), w_cell, True) for i, d in enumerate(diffs)))
    lines.append("")
    lines.append(lgettext("{k} of {m} measures differ (marked *).", lang).format(
        k=cmp["differences"], m=len(cmp["items"])))
    lines.append(lgettext("An estimate, not a decision.", lang))
    return "\n".join(lines)


def _signed(v: str, lang: str) -> str:
    d = Decimal(v)
    return ("+" if d > 0 else "") + money(d, lang) if d else "±0"


def recheck_text(out: dict[str, Any], lang: str) -> str:
    lines = [lgettext("{n} saved cases checked under policy version {version}: {k} changed, {f} could not be "
                      "evaluated.", lang).format(n=out["checked"], version=out.get("policy_version") or "?",
                                                k=len(out["changed"]), f=len(out["failed"]))]
    for c in out["changed"]:
        parts = [f"{effect_name(e, lang)} {_signed(t['change'], lang)}" for e, t in c["totals"].items()
                 if Decimal(t["change"])]
        lines.append(f"{c['id']}\t{c['name']}\t" + ("; ".join(parts) or lgettext("same totals", lang))
                     + "\t" + lgettext("{k} measures changed", lang).format(k=len(c["measures"])))
    for f in out["failed"]:
        lines.append(f"{f['id']}\t{f['name']}\t" + "; ".join(f["problems"]))
    return "\n".join(lines)
