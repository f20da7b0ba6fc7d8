"""The ``applicant`` object a scenario JSON may carry beside the contract's fields.

It describes who is served, not the enterprise's facts: the engine never reads it. ``split`` takes it
out of a scenario before validation; ``clean`` checks it (a wrong 统一社会信用代码 is a problem named
``applicant.credit_code``).
"""
from __future__ import annotations

from typing import Any

from calc_app.i18n.gettext import lgettext
from calc_app.register.credit_code import CreditCodeError, validate as validate_code

FIELDS = ("name", "credit_code", "contact", "notes", "staff")
MAX_LENGTH = {"name": 200, "credit_code": 18, "contact": 200, "notes": 4000, "staff": 100}


def split(data: Any) -> tuple[Any, Any]:
    """(the scenario without ``applicant``, the applicant object or None); non-dicts pass through."""
    if isinstance(data, dict) and "applicant" in data:
        rest = {k: v for k, v in data.items() if k != "applicant"}
        return rest, data["applicant"]
    return data, None


def clean(applicant: Any, lang: str = "en_US") -> tuple[dict[str, str], list[tuple[str, str]]]:
    """The applicant's fields trimmed (empty ones left out) and a list of (field, problem)."""
    if applicant is None:
        return {}, []
    if not isinstance(applicant, dict):
        return {}, [("applicant", lgettext("expected an object with name, credit_code, contact, notes, staff", lang))]
    out: dict[str, str] = {}
    problems: list[tuple[str, str]] = []
    for k, v in applicant.items():
        if k not in FIELDS:
            problems.append((f"applicant.{k}", lgettext("unknown field (known: {fields})", lang).format(
                fields=", ".join(FIELDS))))
            continue
        if v is None:
            continue
        if not isinstance(v, str):
            problems.append((f"applicant.{k}", lgettext("expected text", lang)))
            continue
        v = v.strip()
        if not v:
            continue
        if k == "credit_code":
            try:
                v = validate_code(v)
            except CreditCodeError as e:
                problems.append(("applicant.credit_code", e.message(lang)))
                continue
        elif len(v) > MAX_LENGTH[k]:
            problems.append((f"applicant.{k}", lgettext("at most {n} characters", lang).format(n=MAX_LENGTH[k])))
            continue
        out[k] = v
    return out, problems
