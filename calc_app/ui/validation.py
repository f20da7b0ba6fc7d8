"""Validation problems as inline messages in the current language, keyed by field path."""
from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from calc_app.i18n import _, language
from calc_app.models.values import MESSAGES, problem_text
from calc_app.reports.inputs import spec_of
from calc_app.models.scenario import Scenario
from calc_app.models.inputs.lists import LIST_MODELS


def _kind(loc: tuple[Any, ...]) -> str:
    try:
        if len(loc) >= 3 and loc[0] in LIST_MODELS:
            return spec_of(LIST_MODELS[loc[0]], str(loc[2])).kind
        return spec_of(Scenario, str(loc[0])).kind
    except (KeyError, IndexError):
        return ""


def message(err: dict[str, Any]) -> str:
    loc = tuple(err.get("loc", ()))
    kind, typ, ctx = _kind(loc), err.get("type", ""), err.get("ctx") or {}
    field = str(loc[-1]) if loc else ""
    if typ == "value_problem" and ctx.get("key") in MESSAGES:
        return problem_text(ctx["key"], language(), **(ctx.get("params") or {}))
    if typ in ("greater_than_equal", "greater_than"):
        bound = ctx.get("ge", ctx.get("gt"))
        if str(bound) in ("0", "0.0"):
            return _("Must not be negative")
        return _("Must be at least {minimum}").format(minimum=bound)
    if typ in ("less_than_equal", "less_than"):
        if kind == "fraction":
            return _("A fraction is at most 1: for 4.5 percent enter 0.045 or 4.5%")
        return _("Must be at most {maximum}").format(maximum=ctx.get("le", ctx.get("lt")))
    if typ in ("int_parsing", "int_from_float", "decimal_parsing", "decimal_type", "float_parsing", "int_type"):
        return _("Enter a number")
    if typ in ("finite_number", "decimal_max_digits"):
        return _("Enter an ordinary number")
    if typ == "literal_error":
        return _("Choose one of the listed values")
    if typ == "extra_forbidden":
        return _("Unknown field")
    if typ == "missing":
        return _("Required")
    if typ in ("bool_parsing", "bool_type") or kind == "flag":
        return _("Choose yes or no")
    if kind == "date" or field in ("as_of", "start_date"):
        return _("Enter a date as YYYY-MM-DD, e.g. 2022-07-01")
    if field == "industry_code":
        return _("Not a GB/T 4754-2017 code: a section letter and digits, e.g. C3311")
    if field == "jurisdiction":
        return _("Unknown jurisdiction")
    return str(err.get("msg", ""))


def problems(e: ValidationError) -> dict[str, str]:
    """{'employees': '…', 'loans.0.principal': '…'}: the first message of each field."""
    out: dict[str, str] = {}
    for err in e.errors():
        key = ".".join(str(p) for p in err["loc"]) or "(scenario)"
        out.setdefault(key, message(err))
    return out
