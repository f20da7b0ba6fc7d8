"""Declared inferences: facts implied by other facts (``policies/inferences.yaml``).

Nothing here decides anything in Python: each rule is data, ``when`` an expression of the policy
language, and the engine only applies what the rules say.

- ``field`` + ``at_least``/``at_most``: where the input is absent and ``when`` holds, it becomes a
  :class:`~calc_app.engine.expr.Bounded` unknown: still unknown (a formula that needs its value
  still waits for it), but a test the bounds decide is decided (``insured_employees > 0`` holds
  when at least one employee is insured; ``0 / insured_employees`` is 0).
- ``field`` + ``value``: the absent input takes that value.
- ``let`` + ``value``: in every measure with a named step of that name, the step takes the value
  where its own formula gives unknown and ``when`` holds (no layoffs: a layoff rate of 0 whatever
  the headcount).

An answered input always overrides a rule; what a rule inferred is listed in the result
(``inferred``) and shown as inferred, never as typed.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from calc_app.engine.expr import Env, Expression, ExpressionError, Unknown, bounded, compile_expr, truth
from calc_app.engine.yamlload import line_of, plain, read_yaml, validation_problems
from calc_app.models.policy import Inference

FILE = "inferences.yaml"


@dataclass
class Rule:
    rule: Inference
    when: Expression
    value: Any = None
    lo: Decimal = Decimal("-Infinity")
    hi: Decimal = Decimal("Infinity")
    measures: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.rule.id


def load(root: Path, names: frozenset[str], classification: frozenset[str],
         read: Any = read_yaml) -> tuple[list[Rule], list[str]]:
    """The rules of ``root/inferences.yaml`` (none if the file is absent) and the problems found.
    ``read``: how the file is read (the bundle's reader: through the parse cache)."""
    path = root / FILE
    if not path.exists():
        return [], []
    data = read(path)
    if not isinstance(data, list):
        return [], [f"{path}:1: (file): expected a list"]
    rules: list[Rule] = []
    problems: list[str] = []
    seen: set[str] = set()
    for i, row in enumerate(data):
        try:
            r = Inference.model_validate(plain(row))
        except ValidationError as e:
            problems += [p.replace(f"{path}:", f"{path}:", 1) for p in _row_problems(path, data, i, e)]
            continue

        def at(*loc: Any) -> str:
            return f"{path}:{line_of(data, (i,) + loc)}: {'.'.join(map(str, loc))}"

        if r.id in seen:
            problems.append(f"{at('id')}: {r.id!r} declared twice")
        seen.add(r.id)
        if r.field is not None and r.field not in names:
            problems.append(f"{at('field')}: {r.field!r} is not an input")
            continue
        if r.field in classification:
            problems.append(f"{at('field')}: {r.field!r} feeds the size classification; it cannot be inferred")
            continue
        try:
            when = compile_expr(r.when, allowed_names=names)
            value = compile_expr(r.value)(Env({}, frozenset())) if r.value is not None else None
            lo = Decimal(r.at_least) if r.at_least is not None else Decimal("-Infinity")
            hi = Decimal(r.at_most) if r.at_most is not None else Decimal("Infinity")
        except (ExpressionError, ArithmeticError, ValueError) as ex:
            problems.append(f"{at('when')}: {ex}")
            continue
        if r.field is not None and r.field in when.names:
            problems.append(f"{at('when')}: a rule cannot read the input it infers")
            continue
        rules.append(Rule(r, when, value, lo, hi))
    return rules, problems


def _row_problems(path: Path, data: Any, i: int, e: ValidationError) -> list[str]:
    out = []
    for err in e.errors():
        loc = (i,) + tuple(err["loc"])
        out.append(f"{path}:{line_of(data, loc)}: {'.'.join(map(str, err['loc'])) or '(rule)'}: {err['msg']}")
    return out or validation_problems(path, data, e)


def apply(rules: list[Rule], vals: dict[str, Any], env: Env) -> tuple[dict[str, Any], dict[str, Rule]]:
    """``vals`` with each absent input that a rule infers filled in (a value or a Bounded); the
    rules used, by field. ``env`` looks up the facts the rules' tests read."""
    used: dict[str, Rule] = {}
    out = vals
    for r in rules:
        f = r.rule.field
        if f is None or vals.get(f) is not None or f in used:
            continue
        if truth(r.when(env)) is not True:
            continue
        if out is vals:
            out = dict(vals)
        out[f] = r.value if r.value is not None else bounded(frozenset([f]), r.lo, r.hi)
        used[f] = r
    return out, used


def let_rules(rules: list[Rule]) -> dict[str, list[Rule]]:
    out: dict[str, list[Rule]] = {}
    for r in rules:
        if r.rule.let is not None:
            out.setdefault(r.rule.let, []).append(r)
    return out


def let_value(rules: list[Rule] | None, value: Any, env: Env) -> tuple[Any, Rule | None]:
    """A measure's named step: its own value, or where that is unknown, the value a rule gives."""
    if not rules or not isinstance(value, Unknown):
        return value, None
    for r in rules:
        if truth(r.when(env)) is True:
            return r.value, r
    return value, None
