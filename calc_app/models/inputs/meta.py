"""Field description helpers: every input carries zh/en label, unit, section and help text.

The form, the CLI, the CSV columns and the reports read these descriptions through
:func:`field_meta`; nothing else describes an input.
"""
from __future__ import annotations

import datetime as _dt
from decimal import Decimal
from typing import Annotated, Any, Callable

from pydantic import BeforeValidator, Field
from pydantic_core import PydanticCustomError

from calc_app.models import values
from calc_app.models.values import ValueProblem

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
