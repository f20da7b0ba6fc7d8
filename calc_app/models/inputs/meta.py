"""The vocabulary of input types, and the descriptions of the inputs as the code reads them.

The inputs themselves are described as data in ``policies/inputs/`` (see
:mod:`calc_app.models.inputs.catalog`); the form, the CLI, the CSV columns and the reports read
each description through :func:`field_meta`. Nothing else describes an input.
"""
from __future__ import annotations

import datetime as _dt
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BeforeValidator, Field


def _no_bool(v: Any) -> Any:
    if isinstance(v, bool):
        raise ValueError("expected a number, not true/false")
    return v


def _iso_date(v: Any) -> Any:
    if isinstance(v, _dt.datetime):
        return v.date()
    if isinstance(v, _dt.date):
        return v
    if not isinstance(v, str):
        raise ValueError("expected a date as text YYYY-MM-DD")
    try:
        return _dt.date.fromisoformat(v.strip())
    except ValueError:
        raise ValueError(f"{v!r} is not a valid date YYYY-MM-DD") from None


def _strict_bool(v: Any) -> Any:
    if isinstance(v, bool):
        return v
    if isinstance(v, str) and v.strip().lower() in ("true", "false", "1", "0", "yes", "no", "是", "否"):
        return v.strip().lower() in ("true", "1", "yes", "是")
    if isinstance(v, int) and v in (0, 1):
        return bool(v)
    raise ValueError("expected true or false")


MAX_MONEY = Decimal("1e15")

Money = Annotated[Decimal, BeforeValidator(_no_bool), Field(ge=0, le=MAX_MONEY, allow_inf_nan=False)]
Fraction = Annotated[Decimal, BeforeValidator(_no_bool), Field(ge=0, le=1, allow_inf_nan=False)]
Count = Annotated[int, BeforeValidator(_no_bool), Field(ge=0, le=10_000_000)]
Number = Annotated[Decimal, BeforeValidator(_no_bool), Field(ge=0, le=Decimal("1e9"), allow_inf_nan=False)]
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
