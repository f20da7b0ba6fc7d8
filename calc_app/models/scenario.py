"""The scenario: one enterprise's facts, a jurisdiction and a date.

Every field is described once, as data, in ``policies/inputs/`` (see
:mod:`calc_app.models.inputs.catalog`); the model is made from those descriptions when this module
is imported. An absent field is unknown, never zero. ``jurisdiction`` and ``as_of`` are required.
"""
from __future__ import annotations

import datetime as _dt
from typing import Any

from pydantic import BaseModel

from calc_app.models.inputs.catalog import active_models
from calc_app.models.inputs.lists import LIST_MODELS
from calc_app.models.inputs.meta import field_meta

Scenario: type[BaseModel] = active_models().scenario

SCALAR_FIELDS: tuple[str, ...] = tuple(
    n for n in Scenario.model_fields if n not in LIST_MODELS)
"""Scalar input names in form order (the CSV columns)."""


def input_fields() -> list[tuple[str, dict[str, Any]]]:
    """(name, description) for every input, contract fields first, in declaration order."""
    order = ["jurisdiction", "as_of"] + [n for n in Scenario.model_fields if n not in ("jurisdiction", "as_of")]
    return [(n, field_meta(Scenario, n)) for n in order]


def parse_date(v: Any) -> _dt.date:
    return _dt.date.fromisoformat(v) if isinstance(v, str) else v
