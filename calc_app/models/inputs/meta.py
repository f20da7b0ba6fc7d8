"""Field description helpers: every input carries zh/en label, unit, section and help text.

The form, the CLI, the CSV columns and the reports read these descriptions through
:func:`field_meta`; nothing else describes an input.
"""
from __future__ import annotations

import datetime as _dt
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BeforeValidator, Field

SECTIONS: dict[str, dict[str, str]] = {
    "profile": {"zh_CN": "企业概况", "en_US": "Enterprise profile"},
    "employment": {"zh_CN": "用工与社保", "en_US": "Employment and social insurance"},
    "hiring": {"zh_CN": "招聘", "en_US": "Hiring"},
    "rent": {"zh_CN": "房租", "en_US": "Rent"},
    "finance": {"zh_CN": "贷款与担保", "en_US": "Loans and guarantees"},
    "procurement": {"zh_CN": "采购投标", "en_US": "Procurement bids"},
    "investment": {"zh_CN": "投资与经营", "en_US": "Investment and operations"},
    "tax": {"zh_CN": "税务", "en_US": "Tax"},
}

UNITS: dict[str, dict[str, str]] = {
    "yuan": {"zh_CN": "元", "en_US": "yuan"},
    "persons": {"zh_CN": "人", "en_US": "persons"},
    "months": {"zh_CN": "个月", "en_US": "months"},
    "fraction": {"zh_CN": "比例（0–1）", "en_US": "fraction (0–1)"},
    "litres": {"zh_CN": "升", "en_US": "litres"},
    "usd": {"zh_CN": "美元", "en_US": "US dollars"},
    "sqm": {"zh_CN": "平方米", "en_US": "m²"},
    "date": {"zh_CN": "日期", "en_US": "date"},
    "": {"zh_CN": "", "en_US": ""},
}


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


def described(zh: str, en: str, *, section: str, unit: str = "", help_zh: str = "",
              help_en: str = "", default: Any = None, **kw: Any) -> Any:
    """A pydantic ``Field`` carrying the input's description. ``None`` means unknown."""
    if section not in SECTIONS:
        raise ValueError(f"unknown section {section!r}")
    if unit not in UNITS:
        raise ValueError(f"unknown unit {unit!r}")
    return Field(default=default, title=en, description=help_en or None,
                 json_schema_extra={"label_zh": zh, "label_en": en, "section": section,
                                    "unit": unit, "help_zh": help_zh, "help_en": help_en}, **kw)


def field_meta(model: type, name: str) -> dict[str, Any]:
    """The description of one field: label_zh, label_en, section, unit, help_zh, help_en."""
    info = model.model_fields[name]
    extra = info.json_schema_extra or {}
    return dict(extra) if isinstance(extra, dict) else {}


def label(model: type, name: str, lang: str) -> str:
    m = field_meta(model, name)
    if not m:
        return name
    return m["label_zh"] if lang.startswith("zh") else m["label_en"]
