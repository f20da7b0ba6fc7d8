"""Presumed facts: the value an input takes when nobody answers it.

A yes/no input whose "yes" is a rare exception or a special status the enterprise would know and
say (个体工商户, 一企一策, foreign-invested, listed on an exchange, …) declares in its one
description (``policies/inputs/*.yaml``) a presumption, ``presume: {value, text: {zh, en}}``;
:func:`field_meta` gives it. An
input that is a qualification the law asks the enterprise to show (an encouraged technical-renovation
project, 受疫情严重影响, a key-park lease) declares ``qualification: true`` and is never presumed (the
input catalogue refuses both on one input).

An answered fact is never presumed: :func:`apply` only fills inputs that are absent, and records
each presumption it used so that the result can list it (``assumptions``).
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

from calc_app.models.inputs.meta import field_meta
from calc_app.models.scenario import Scenario


def is_qualification(name: str) -> bool:
    """True for an input the law asks the enterprise to show: never presumed."""
    if name not in Scenario.model_fields:
        return False
    return bool(field_meta(Scenario, name).get("qualification"))


@lru_cache(maxsize=None)
def presumption(name: str) -> dict[str, Any] | None:
    """``{"value", "text": {"zh", "en"}}`` for a presumed input, else None (never for a qualification)."""
    if name not in Scenario.model_fields or is_qualification(name):
        return None
    p = field_meta(Scenario, name).get("presume")
    if not p:
        return None
    text = p["text"]
    if not isinstance(text, dict):
        text = {"zh": text.zh, "en": text.en}
    return {"value": p["value"], "text": dict(text)}


@lru_cache(maxsize=None)
def presumed_fields() -> tuple[str, ...]:
    return tuple(n for n in Scenario.model_fields if presumption(n) is not None)


def apply(vals: dict[str, Any], relevant: frozenset[str] | set[str]) -> tuple[dict[str, Any], dict[str, Any]]:
    """``vals`` with every absent presumed input among ``relevant`` filled in; the presumptions used
    as ``{field: value}``."""
    used: dict[str, Any] = {}
    out = vals
    for name in presumed_fields():
        if name in relevant and vals.get(name) is None:
            if out is vals:
                out = dict(vals)
            v = presumption(name)["value"]  # type: ignore[index]
            out[name] = v
            used[name] = v
    return out, used


def text(name: str, lang: str) -> str:
    p = presumption(name)
    if p is None:
        return ""
    return p["text"]["zh"] if lang.startswith("zh") else p["text"]["en"]
