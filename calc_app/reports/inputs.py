"""The inputs as the form and the reports show them, read from the scenario model (no Qt).

Every field of :class:`~calc_app.models.scenario.Scenario` becomes a :class:`FieldSpec`: its kind
(money, count, number, fraction, flag, choice, date, text or a list of rows), its description
(labels, unit, section, help) and, for a list, the specs of one row. A field added to the model
appears in the form without a change here.
"""
from __future__ import annotations

import datetime as _dt
import types
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Annotated, Any, Literal, Optional, Union, get_args, get_origin

from babel.numbers import format_percent
from pydantic import BaseModel

from calc_app.i18n import date, lgettext, money, number

from calc_app.models.inputs.meta import SECTIONS, UNITS, field_meta
from calc_app.models.scenario import Scenario, input_fields
from calc_app.reports.labels import choice_name

TOP_FIELDS = ("jurisdiction", "as_of")


@dataclass(frozen=True)
class FieldSpec:
    name: str
    kind: str                      # money count number fraction flag choice date text list
    meta: dict[str, Any]
    choices: tuple[str, ...] = ()
    rows: tuple["FieldSpec", ...] = field(default=())

    @property
    def section(self) -> str:
        return self.meta.get("section", "profile")

    @property
    def unit(self) -> str:
        return self.meta.get("unit", "")

    def label(self, lang: str) -> str:
        return self.meta.get("label_zh" if lang.startswith("zh") else "label_en") or self.name

    def help(self, lang: str) -> str:
        return self.meta.get("help_zh" if lang.startswith("zh") else "help_en") or ""

    def unit_label(self, lang: str) -> str:
        return UNITS.get(self.unit, {}).get(lang, self.unit)


def _strip(annotation: Any) -> Any:
    """The type inside Optional[...] and Annotated[...]."""
    t = annotation
    while True:
        origin = get_origin(t)
        if origin is Annotated:
            t = get_args(t)[0]
        elif origin in (Union, types.UnionType, Optional):
            args = [a for a in get_args(t) if a is not type(None)]
            if len(args) != 1:
                return t
            t = args[0]
        else:
            return t


def _kind(t: Any, unit: str) -> tuple[str, tuple[str, ...], type | None]:
    origin = get_origin(t)
    if origin is Literal:
        return "choice", tuple(str(a) for a in get_args(t)), None
    if origin is list:
        (item,) = get_args(t)
        if isinstance(item, type) and issubclass(item, BaseModel):
            return "list", (), item
        return "text", (), None
    if t is bool:
        return "flag", (), None
    if t is int:
        return "count", (), None
    if t is Decimal or t is float:
        if unit == "yuan":
            return "money", (), None
        if unit == "fraction":
            return "fraction", (), None
        return "number", (), None
    if t is _dt.date:
        return "date", (), None
    return "text", (), None


def spec_of(model: type[BaseModel], name: str) -> FieldSpec:
    info = model.model_fields[name]
    meta = field_meta(model, name)
    kind, choices, item = _kind(_strip(info.annotation), meta.get("unit", ""))
    rows: tuple[FieldSpec, ...] = ()
    if item is not None:
        rows = tuple(spec_of(item, n) for n in item.model_fields)
    return FieldSpec(name, kind, meta, choices, rows)


def form_specs() -> list[FieldSpec]:
    """Every input except the jurisdiction and the date, in the model's order."""
    return [spec_of(Scenario, n) for n, _ in input_fields() if n not in TOP_FIELDS]


def sections() -> list[tuple[str, list[FieldSpec]]]:
    """(section key, its fields) in the order of ``meta.SECTIONS``; unknown sections last."""
    by: dict[str, list[FieldSpec]] = {}
    for s in form_specs():
        by.setdefault(s.section, []).append(s)
    order = list(SECTIONS) + [k for k in by if k not in SECTIONS]
    return [(k, by[k]) for k in order if k in by]


def section_title(key: str, lang: str) -> str:
    return SECTIONS.get(key, {}).get(lang, key)


def format_value(spec: FieldSpec, v: Any, lang: str) -> str:
    """One input value as a reader sees it: money and numbers through babel, yes/no, names of choices."""
    if v is None:
        return ""
    if spec.kind == "money":
        return money(str(v), lang)
    if spec.kind in ("count", "number"):
        unit = spec.unit_label(lang)
        sep = "" if lang.startswith("zh") else " "
        return number(str(v), lang) + (sep + unit if unit else "")
    if spec.kind == "fraction":
        return format_percent(Decimal(str(v)), locale=lang, decimal_quantization=False)
    if spec.kind == "flag":
        return lgettext("Yes", lang) if v else lgettext("No", lang)
    if spec.kind == "choice":
        return choice_name(spec.name, str(v), lang, spec.help(lang))
    if spec.kind == "date":
        return date(str(v), lang)
    return str(v)


def input_rows(data: dict[str, Any], lang: str) -> list[tuple[str, str, str]]:
    """(section title, label, value) for every known input of a scenario, list rows included."""
    out = []
    for key, specs in sections():
        title = section_title(key, lang)
        for s in specs:
            v = data.get(s.name)
            if v is None:
                continue
            if s.kind == "list":
                if not v:
                    out.append((title, s.label(lang), lgettext("None", lang)))
                for i, row in enumerate(v):
                    parts = [f"{r.label(lang)} {format_value(r, row.get(r.name), lang)}"
                             for r in s.rows if row.get(r.name) is not None]
                    out.append((title, f"{s.label(lang)} #{i + 1}", "; ".join(parts)))
            else:
                out.append((title, s.label(lang), format_value(s, v, lang)))
    return out
