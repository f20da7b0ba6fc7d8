"""What the current law means for saved cases: each case's newest version evaluated again and compared
with the result stored at its save (per category total and per measure)."""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from calc_app.models.policy import EFFECTS
from calc_app.money import money_str
from calc_app.register.db import Register, policy_of


def _amounts(result: dict[str, Any]) -> dict[str, tuple[str, Decimal]]:
    return {it["measure_id"]: (it["status"], Decimal(it["amount"])) for it in result.get("items", [])}


def compare_results(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """Per effect: old, new, change; per measure whose status or amount moved: both."""
    totals = {}
    for e in EFFECTS:
        a, b = Decimal(old.get("totals", {}).get(e, "0")), Decimal(new.get("totals", {}).get(e, "0"))
        totals[e] = {"old": money_str(a), "new": money_str(b), "change": money_str(b - a)}
    oa, na = _amounts(old), _amounts(new)
    measures = []
    for mid in list(oa) + [m for m in na if m not in oa]:
        o, n = oa.get(mid), na.get(mid)
        if o == n:
            continue
        measures.append({"measure_id": mid,
                         "old_status": o[0] if o else None, "new_status": n[0] if n else None,
                         "old_amount": money_str(o[1]) if o else None, "new_amount": money_str(n[1]) if n else None,
                         "change": money_str((n[1] if n else 0) - (o[1] if o else 0))})
    return {"totals": totals, "measures": measures}


def recheck(reg: Register, lang: str = "zh_CN") -> dict[str, Any]:
    """Every case evaluated under the law loaded now; the cases whose result changed."""
    from calc_app.engine.evaluate import InputError, evaluate
    changed, failed, same = [], [], 0
    current = None
    for d in reg.latest_versions():
        try:
            new = evaluate(d["scenario"], lang)
        except InputError as e:  # the current law's inputs no longer accept the saved scenario
            failed.append({"id": d["case_id"], "name": d["name"], "problems": [f"{f}: {m}" for f, m in e.problems]})
            continue
        current = new.get("policy_version")
        diff = compare_results(d["result"], new)
        if not diff["measures"] and all(t["change"] == "0.00" for t in diff["totals"].values()):
            same += 1
            continue
        gain = sum(Decimal(t["change"]) for e, t in diff["totals"].items() if e in ("grant", "saving"))
        changed.append({"id": d["case_id"], "name": d["name"], "credit_code": d.get("credit_code"),
                        "version": d["version"], "saved_policy_version": policy_of(d["result"])[0],
                        "grant_and_saving_change": money_str(gain), **diff})
    return {"policy_version": current, "checked": same + len(changed) + len(failed), "unchanged": same,
            "changed": changed, "failed": failed}
