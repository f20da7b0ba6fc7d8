"""The scenario: one enterprise's facts, a jurisdiction and a date.

Every field is described once, as data, in ``policies/inputs/`` (see
:mod:`calc_app.models.inputs.catalog`); the model is made from those descriptions when this module
is imported. An absent field is unknown, never zero. ``jurisdiction`` and ``as_of`` are required.
"""
from __future__ import annotations

import datetime as _dt
from decimal import Decimal as _Decimal
from typing import Any, Callable

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


# ------------------------------------------------------------------------------------------------
# the model's own validation of one value, field by field (the batch checks each cell once)

class Unsure(Exception):
    """A value the flattened check does not accept: validate the whole scenario with the model."""


def _flatten(schema: dict[str, Any]) -> Callable[[Any], Any] | None:
    """What pydantic-core does with a present value of a field whose core schema is made only of the
    nodes read here (model-field, default None, nullable, no-info function-before/after, decimal,
    int, bool, date, str, literal): the same functions called in the same order, the type checks made
    exact (a value the batch has read is already of its type; anything else is :class:`Unsure`).
    ``None`` when the schema holds anything else: such a field is always left to the model."""
    import functools

    from pydantic._internal import _validators as pv

    pre: list[Callable[[Any], Any]] = []
    post: list[Callable[[Any], Any]] = []
    node = schema
    while True:
        kind = node.get("type")
        keys = set(node) - {"metadata"}
        if kind == "model-field" and keys == {"type", "schema"}:
            node = node["schema"]
        elif kind == "default" and keys == {"type", "schema", "default"} and node["default"] is None:
            node = node["schema"]
        elif kind == "nullable" and keys == {"type", "schema"}:
            node = node["schema"]
        elif kind in ("function-before", "function-after") and keys == {"type", "function", "schema"} \
                and set(node["function"]) == {"type", "function"} and node["function"]["type"] == "no-info":
            (pre if kind == "function-before" else post).append(node["function"]["function"])
            node = node["schema"]
        else:
            break
    kind = node.get("type")
    keys = set(node) - {"metadata"}
    if keys != {"type"} and not (kind == "literal" and keys == {"type", "expected"}):
        return None
    if kind == "literal":
        expected = frozenset(node["expected"])
        if not all(type(e) is str for e in expected):
            return None
        exact: type | None = str
    else:
        exact = {"decimal": _Decimal, "int": int, "bool": bool, "date": _dt.date, "str": str}.get(kind)
        expected = frozenset()
        if exact is None:
            return None
    steps: list[Callable[[Any], Any]] = []
    for f in reversed(post):  # innermost first
        if isinstance(f, functools.partial) and not f.args and f.func is pv.greater_than_or_equal_validator \
                and set(f.keywords) == {"ge"}:
            steps.append(_at_least(f.keywords["ge"]))
        elif isinstance(f, functools.partial) and not f.args and f.func is pv.less_than_or_equal_validator \
                and set(f.keywords) == {"le"}:
            steps.append(_at_most(f.keywords["le"]))
        else:
            steps.append(f)

    def check(v: Any) -> Any:
        for f in pre:
            v = f(v)
        if type(v) is not exact:
            raise Unsure()
        if exact is _Decimal and not v.is_finite():  # the decimal type refuses NaN and infinity
            raise Unsure()
        if expected and v not in expected:
            raise Unsure()
        for f in steps:
            v = f(v)
        return v
    return check


def _at_least(lo: Any) -> Callable[[Any], Any]:
    def at_least(v: Any) -> Any:
        if not (v >= lo):
            raise Unsure()
        return v
    return at_least


def _at_most(hi: Any) -> Callable[[Any], Any]:
    def at_most(v: Any) -> Any:
        if not (v <= hi):
            raise Unsure()
        return v
    return at_most


def _plain_model(model: type[BaseModel]) -> bool:
    """A model whose validation is its fields' and nothing else (no model validator, custom
    __init__, private attributes, post-init, extra values kept; every optional field defaults to None)."""
    s = model.__pydantic_core_schema__
    return (s.get("type") == "model" and s["schema"].get("type") == "model-fields"
            and not s["schema"].get("computed_fields") and not s.get("custom_init") and not s.get("root_model")
            and set(s["schema"]) <= {"type", "fields", "model_name", "computed_fields"}
            and s.get("config", {}).get("extra_fields_behavior") == "forbid"
            and not model.__pydantic_decorators__.model_validators and not model.__private_attributes__
            and model.__pydantic_post_init__ is None
            and all(f.is_required() or (f.default is None and f.default_factory is None)
                    for f in model.model_fields.values()))


class FieldChecks:
    """The model's validation of one value of one field, for the scenario and the list items; and
    the instance built from values so checked, as ``model_validate`` builds it (``__dict__`` in field
    order, absent fields None, the given fields as ``model_fields_set``). A field the check cannot
    mirror exactly is absent from :attr:`scalars` / :attr:`items`: a row using it is validated by
    the model as a whole."""

    def __init__(self) -> None:
        from calc_app.models.inputs.lists import LIST_MODELS
        self.scalars: dict[str, Callable[[Any], Any]] = {}
        self.items: dict[str, dict[str, Callable[[Any], Any]]] = {}
        self.lists = dict(LIST_MODELS)
        self.required = frozenset(n for n, f in Scenario.model_fields.items() if f.is_required())
        self._order = tuple(Scenario.model_fields)
        self._names = frozenset(n for n in self._order if n not in LIST_MODELS)
        self._item_order = {k: tuple(m.model_fields) for k, m in LIST_MODELS.items()}
        self._item_names = {k: frozenset(v) for k, v in self._item_order.items()}
        if not _plain_model(Scenario):
            return
        fields = Scenario.__pydantic_core_schema__["schema"]["fields"]
        for name, fs in fields.items():
            if name in LIST_MODELS:
                if self._list_ok(fs, LIST_MODELS[name]):
                    item_fields = LIST_MODELS[name].__pydantic_core_schema__["schema"]["fields"]
                    checks = {n: _flatten(s) for n, s in item_fields.items()}
                    self.items[name] = {n: c for n, c in checks.items() if c is not None}
                continue
            c = _flatten(fs)
            if c is not None:
                self.scalars[name] = c

    @staticmethod
    def _list_ok(fs: dict[str, Any], model: type[BaseModel]) -> bool:
        node = fs
        wrappers = {"model-field": {"type", "schema"}, "default": {"type", "schema", "default"},
                    "nullable": {"type", "schema"}}
        while node.get("type") in wrappers:
            if set(node) - {"metadata"} != wrappers[node["type"]] or node.get("default", None) is not None:
                return False
            node = node["schema"]
        if node.get("type") != "list" or set(node) - {"metadata"} != {"type", "items_schema"}:
            return False
        item = node["items_schema"]
        return item.get("type") == "model" and item.get("cls") is model and _plain_model(model)

    def scenario(self, values: dict[str, Any], lists: dict[str, list[dict[str, Any]]]) -> BaseModel | None:
        """The scenario of checked ``values`` and list items (each a dict of checked values), or None
        when a required field is absent (the model reports it)."""
        if not self.required <= values.keys() or not self._names >= values.keys():
            return None
        d = dict.fromkeys(self._order)  # every field, in the model's order, None unless given
        d.update(values)
        for lst, rows in lists.items():
            model = self.lists[lst]
            order = self._item_order[lst]
            items = []
            for r in rows:
                if not r.keys() <= self._item_names[lst]:
                    return None
                item = dict.fromkeys(order)
                item.update(r)
                items.append(_built(model, item, set(r)))
            d[lst] = items
        return _built(Scenario, d, set(values) | set(lists))


def _built(model: type[BaseModel], d: dict[str, Any], given: set[str]) -> BaseModel:
    m = model.__new__(model)
    object.__setattr__(m, "__dict__", d)
    object.__setattr__(m, "__pydantic_fields_set__", given)
    object.__setattr__(m, "__pydantic_extra__", None)
    object.__setattr__(m, "__pydantic_private__", None)
    return m
