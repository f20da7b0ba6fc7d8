"""The vocabulary of input types, and the descriptions of the inputs as the code reads them.

The inputs themselves are described as data in ``policies/inputs/`` (see
:mod:`calc_app.models.inputs.catalog`); the form, the CLI, the CSV columns and the reports read
each description through :func:`field_meta`. Nothing else describes an input.
"""
from __future__ import annotations

import datetime as _dt
from decimal import Decimal
from typing import Annotated, Any, Callable

from pydantic import BeforeValidator, Field
from pydantic_core import PydanticCustomError

from calc_app.models import values
from calc_app.models.values import ValueProblem


def _checked(parse: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """A BeforeValidator running one of :mod:`calc_app.models.values`' parsers (the single rule for
    the window, the command line and the batch). Its problem becomes a pydantic error of type
    ``value_problem`` whose message is the English text and whose ``ctx`` carries ``key`` and
    ``params`` for a translation (:func:`calc_app.models.values.problem_text`)."""
    def validator(v: Any) -> Any:
        try:
            return parse(v)
        except ValueProblem as e:
            raise PydanticCustomError("value_problem", "{text}",
                                      {"text": str(e), "key": e.key, "params": e.params}) from None
    validator.__name__ = f"_checked_{parse.__name__}"
    return validator


_money = _checked(values.parse_money)
_fraction = _checked(values.parse_fraction)
_count = _checked(values.parse_count)
_number = _checked(values.parse_number)
_iso_date = _checked(values.parse_date)
_strict_bool = _checked(values.parse_flag)


MAX_MONEY = Decimal("1e15")

Money = Annotated[Decimal, BeforeValidator(_money), Field(ge=0, le=MAX_MONEY, allow_inf_nan=False)]
Fraction = Annotated[Decimal, BeforeValidator(_fraction), Field(ge=0, le=1, allow_inf_nan=False)]
Count = Annotated[int, BeforeValidator(_count), Field(ge=0, le=10_000_000)]
Number = Annotated[Decimal, BeforeValidator(_number), Field(ge=0, le=Decimal("1e9"), allow_inf_nan=False)]
IsoDate = Annotated[_dt.date, BeforeValidator(_iso_date)]
Flag = Annotated[bool, BeforeValidator(_strict_bool)]

# --- the descriptions (policies/inputs/) -------------------------------------------------------

from calc_app.models.inputs.catalog import active_catalog, reads_of  # noqa: E402

SECTIONS: dict[str, dict[str, str]] = active_catalog().sections
"""Form sections in order: key -> {zh_CN, en_US} (policies/inputs/index.yaml)."""
UNITS: dict[str, dict[str, str]] = active_catalog().units
"""Units: key -> {zh_CN, en_US} (policies/inputs/index.yaml)."""


def field_meta(model: type, name: str) -> dict[str, Any]:
    """The description of one field: label_zh, label_en, section, unit, help_zh, help_en, type,
    qualification, choices (a list of {value, zh, en}, choice inputs only), presume ({value, text},
    where the data gives one) and reads (the ids of the measures in use that read it)."""
    described = getattr(model, "__input_meta__", {}).get(name)
    if described is not None:
        out = dict(described)
    else:
        extra = model.model_fields[name].json_schema_extra or {}
        out = dict(extra) if isinstance(extra, dict) else {}
    if out:
        lst = getattr(model, "__list_name__", None)
        reads = reads_of(lst if lst else name)
        if reads is None:
            reads = _bundle_reads(lst if lst else name)
        out["reads"] = list(reads)
    return out


def _bundle_reads(name: str) -> tuple[str, ...]:
    try:
        from calc_app.engine.policies import default_bundle
        default_bundle()
    except Exception:  # noqa: BLE001 - a broken bundle is reported where it loads
        return ()
    return reads_of(name) or ()


def label(model: type, name: str, lang: str) -> str:
    extra = model.model_fields[name].json_schema_extra
    if not isinstance(extra, dict) or not extra:
        return name
    return str(extra["label_zh"] if lang.startswith("zh") else extra["label_en"])
