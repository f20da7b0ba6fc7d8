"""The scenario: one enterprise's facts, a jurisdiction and a date.

Every field is described once (see :mod:`calc_app.models.inputs.meta`); an absent field is
unknown, never zero. ``jurisdiction`` and ``as_of`` are required.
"""
from __future__ import annotations

import datetime as _dt
from typing import Any

from pydantic import ConfigDict, Field, field_validator

from .inputs.base import ContractInputs
from .inputs.hubei import HubeiInputs
from .inputs.jiangmen import JiangmenInputs
from .inputs.jiangxi import JiangxiInputs
from .inputs.lists import LIST_MODELS
from .inputs.meta import IsoDate, field_meta
from .inputs.national import NationalInputs
from .inputs.southwest import SouthwestInputs


class Scenario(SouthwestInputs, JiangxiInputs, HubeiInputs, JiangmenInputs, NationalInputs, ContractInputs):
    model_config = ConfigDict(extra="forbid")

    jurisdiction: str = Field(title="Jurisdiction", json_schema_extra={
        "label_zh": "地区", "label_en": "Jurisdiction", "section": "profile", "unit": "",
        "help_zh": "", "help_en": ""})
    as_of: IsoDate = Field(title="Evaluation date", json_schema_extra={
        "label_zh": "评估日期", "label_en": "Evaluation date", "section": "profile", "unit": "date",
        "help_zh": "", "help_en": ""})

    @field_validator("jurisdiction")
    @classmethod
    def _known_jurisdiction(cls, v: str) -> str:
        from calc_app.engine.jurisdictions import jurisdiction_ids
        if v not in jurisdiction_ids():
            raise ValueError(f"unknown jurisdiction id {v!r}; see `python -m calc_app jurisdictions`")
        return v

    @field_validator("industry_code")
    @classmethod
    def _known_code(cls, v: str | None) -> str | None:
        if v is None:
            return v
        from calc_app.engine.industry import is_valid_code
        v = v.strip().upper()
        if not is_valid_code(v):
            raise ValueError(f"{v!r} is not a GB/T 4754-2017 code")
        return v


SCALAR_FIELDS: tuple[str, ...] = tuple(
    n for n in Scenario.model_fields if n not in LIST_MODELS)
"""Scalar input names in form order (the CSV columns)."""


def input_fields() -> list[tuple[str, dict[str, Any]]]:
    """(name, description) for every input, contract fields first, in declaration order."""
    order = ["jurisdiction", "as_of"] + [n for n in Scenario.model_fields if n not in ("jurisdiction", "as_of")]
    return [(n, field_meta(Scenario, n)) for n in order]


def parse_date(v: Any) -> _dt.date:
    return _dt.date.fromisoformat(v) if isinstance(v, str) else v
