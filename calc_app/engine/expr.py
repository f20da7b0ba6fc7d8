"""A small, safe expression language for policy formulas and conditions.

Policy files hold formulas such as ``min(unemployment_insurance_paid_last_year * rate, 500000)``
or conditions such as ``size in ('micro', 'small') and in_group('manufacturing')``. The text is
parsed with Python's ``ast`` module (parsing only: nothing is ever executed by Python) and every
node is checked against a short whitelist, then compiled into nested closures that compute over
:class:`~decimal.Decimal`.

What the language has
- numbers (read from the source text as ``Decimal``, so ``0.005`` is exact), strings, ``True``,
  ``False``, tuples of literals for ``in``;
- names: scenario fields, derived facts (``size``, ``small_low_profit``, ...) and the measure's
  own ``let`` values;
- ``+ - * /``, unary ``-``, comparisons (``== != < <= > >= in not in``), ``and or not``,
  ``a if c else b``;
- the functions in :data:`FUNCTIONS` and the special forms ``if``, ``sum_over``, ``count_over``,
  ``any_over``, ``all_over``, ``has``, ``coalesce`` (a conditional is written
  ``a if c else b``).

What it does not have: attribute access, subscripts, comprehensions, lambdas, keyword
arguments, starred arguments, assignment. Expressions longer than :data:`MAX_LENGTH` characters
or nested deeper than :data:`MAX_DEPTH` are refused.

Unknown inputs. A scenario field that is absent evaluates to :class:`Unknown`, which carries the
names of the fields it waits for. Arithmetic and comparisons with an unknown are unknown; ``and``
and ``or`` follow Kleene's three-valued logic, so ``False and <unknown>`` is ``False`` and a
measure can be ruled out before every input is known.
"""
from __future__ import annotations

import ast
import datetime as _dt
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal, InvalidOperation
from typing import Any, Callable, Mapping

MAX_LENGTH = 2000
MAX_DEPTH = 40


class ExpressionError(ValueError):
    """A malformed or forbidden expression (reported at load time)."""


@dataclass(frozen=True)
class Unknown:
    """A value that cannot be known because the listed inputs are missing."""

    fields: frozenset[str]

    def __bool__(self) -> bool:  # pragma: no cover - guards against accidental truthiness
        raise TypeError("Unknown has no truth value; use the three-valued helpers")


@dataclass(frozen=True)
class Bounded(Unknown):
    """An unknown number known to lie between ``lo`` and ``hi`` (both inclusive; ``±Infinity`` for
    no bound).

    It comes from a declared inference (``policies/inferences.yaml``: contributions were paid, so at
    least one employee is insured) or from a conditional whose test is unknown but whose branches
    are both numbers (``6 if in_medium_high_risk_area else 3`` lies in 3..6). Arithmetic, ``min``,
    ``max`` and comparisons carry the bounds, so a test decided by them whatever the value is
    decided (``0 / insured_employees`` is 0 once at least one is insured); anything else treats it
    as unknown, naming ``fields``."""

    lo: Decimal = Decimal("-Infinity")
    hi: Decimal = Decimal("Infinity")

    @property
    def finite(self) -> bool:
        return self.lo.is_finite() and self.hi.is_finite()


_INF = Decimal("Infinity")


def _bounds(v: Any) -> tuple[Decimal, Decimal] | None:
    """(lo, hi) of a known number or a Bounded; None for anything else."""
    if isinstance(v, Bounded):
        return v.lo, v.hi
    if isinstance(v, Unknown) or isinstance(v, bool):
        return None
    if isinstance(v, (int, Decimal)):
        d = Decimal(v)
        return d, d
    return None


def bounded(fields: frozenset[str], lo: Decimal, hi: Decimal) -> Any:
    """A Bounded over ``fields``, or the number itself when both bounds meet."""
    if lo == hi and lo.is_finite():
        return lo
    return Bounded(fields, lo, hi)


def _interval_op(op: str, a: Any, b: Any) -> Any:
    """``a op b`` where one side is a Bounded and both are numbers or Bounded; None if not decidable."""
    ba, bb = _bounds(a), _bounds(b)
    if ba is None or bb is None:
        return None
    fields = _merge(a, b).fields
    (alo, ahi), (blo, bhi) = ba, bb
    if op == "+":
        return bounded(fields, alo + blo, ahi + bhi)
    if op == "-":
        return bounded(fields, alo - bhi, ahi - blo)
    if op == "/":
        if blo <= 0 <= bhi:
            return None
        blo, bhi = Decimal(1) / bhi, Decimal(1) / blo
        blo, bhi = min(blo, bhi), max(blo, bhi)
    prods = [Decimal(0) if x == 0 or y == 0 else x * y for x in (alo, ahi) for y in (blo, bhi)]
    return bounded(fields, min(prods), max(prods))


def _interval_cmp(op: type, a: Any, b: Any) -> Any:
    """A comparison decided by bounds (True/False), or None when the bounds do not decide it."""
    ba, bb = _bounds(a), _bounds(b)
    if ba is None or bb is None:
        return None
    (alo, ahi), (blo, bhi) = ba, bb
    if op is ast.Lt:
        return True if ahi < blo else False if alo >= bhi else None
    if op is ast.LtE:
        return True if ahi <= blo else False if alo > bhi else None
    if op is ast.Gt:
        return True if alo > bhi else False if ahi <= blo else None
    if op is ast.GtE:
        return True if alo >= bhi else False if ahi < blo else None
    if op is ast.Eq:
        return False if ahi < blo or alo > bhi else None
    if op is ast.NotEq:
        return True if ahi < blo or alo > bhi else None
    return None


def is_unknown(v: Any) -> bool:
    return isinstance(v, Unknown)


def _merge(*vals: Any) -> Unknown:
    """The unknown naming every field the unknowns among ``vals`` name (a plain :class:`Unknown`:
    bounds do not survive a merge)."""
    first = None
    out: set[str] | None = None
    for v in vals:
        if isinstance(v, Unknown):
            if first is None:
                first = v
            elif v.fields is not first.fields and not v.fields <= first.fields:
                if out is None:
                    out = set(first.fields)
                out |= v.fields
    if out is not None:
        return Unknown(frozenset(out))
    if first is not None and first.__class__ is Unknown:
        return first          # one plain unknown (or several naming the same fields): itself
    return Unknown(frozenset(first.fields) if first is not None else frozenset())


class Env:
    """Name lookup for evaluation: lets, then derived facts, then scenario fields.

    ``lookup`` returns :class:`Unknown` for an absent scenario field. ``context`` holds the
    helpers that functions such as ``in_group`` need (industry table, jurisdiction tree).
    """

    __slots__ = ("values", "known_names", "context", "parent")

    def __init__(self, values: Mapping[str, Any], known_names: frozenset[str] | set[str],
                 context: Any = None, parent: "Env | None" = None):
        self.values = values
        self.known_names = known_names
        self.context = context
        self.parent = parent

    def lookup(self, name: str) -> Any:
        env: Env | None = self
        while env is not None:
            if name in env.values:
                v = env.values[name]
                return Unknown(frozenset([name])) if v is None else v
            env = env.parent
        return Unknown(frozenset([name]))

    def child(self, values: Mapping[str, Any]) -> "Env":
        return Env(values, self.known_names, self.context, self)


Compiled = Callable[[Env], Any]


# --------------------------------------------------------------------------------------------
# value helpers

def _num(v: Any) -> Any:
    if isinstance(v, bool):
        return Decimal(int(v))
    if isinstance(v, int):
        return Decimal(v)
    return v


def _arith(op: str) -> Callable[[Any, Any], Any]:
    def f(a: Any, b: Any) -> Any:
        if isinstance(a, Unknown) or isinstance(b, Unknown):
            if isinstance(a, Bounded) or isinstance(b, Bounded):
                r = _interval_op(op, a, b)
                if r is not None:
                    return r
            return _merge(a, b)
        a, b = _num(a), _num(b)
        if not isinstance(a, Decimal) or not isinstance(b, Decimal):
            raise EvalError(f"'{op}' needs numbers, got {type(a).__name__} and {type(b).__name__}")
        if op == "+":
            return a + b
        if op == "-":
            return a - b
        if op == "*":
            return a * b
        if b == 0:
            raise EvalError("division by zero")
        return a / b
    return f


class EvalError(ArithmeticError):
    """An error while evaluating a well-formed expression (bad data types, division by 0)."""


def _cmp(op: type) -> Callable[[Any, Any], Any]:
    def f(a: Any, b: Any) -> Any:
        if isinstance(a, Unknown) or isinstance(b, Unknown):
            if isinstance(a, Bounded) or isinstance(b, Bounded):
                r = _interval_cmp(op, a, b)
                if r is not None:
                    return r
            return _merge(a, b)
        if op is ast.In:
            return a in b
        if op is ast.NotIn:
            return a not in b
        a, b = _num(a), _num(b)
        if op is ast.Eq:
            return a == b
        if op is ast.NotEq:
            return a != b
        try:
            if op is ast.Lt:
                return a < b
            if op is ast.LtE:
                return a <= b
            if op is ast.Gt:
                return a > b
            return a >= b
        except TypeError as e:
            raise EvalError(f"cannot compare {type(a).__name__} with {type(b).__name__}") from e
    return f


def truth(v: Any) -> Any:
    """Three-valued truth: True, False or Unknown."""
    if isinstance(v, Unknown):
        return v
    return bool(v)


# --------------------------------------------------------------------------------------------
# plain functions (arguments evaluated first; any unknown argument makes the result unknown)

def _date(s: Any) -> _dt.date:
    if isinstance(s, _dt.date):
        return s
    return _dt.date.fromisoformat(str(s))


def _days_between(a: _dt.date, b: _dt.date) -> Decimal:
    return Decimal((b - a).days)


def _months_between(a: _dt.date, b: _dt.date) -> Decimal:
    """Whole calendar months from a to b (b inclusive of its month start): 2022-01-15..2022-03-01 -> 2."""
    return Decimal((b.year - a.year) * 12 + (b.month - a.month))


def _floor(x: Decimal) -> Decimal:
    return x.to_integral_value(rounding=ROUND_FLOOR)


def _ceil(x: Decimal) -> Decimal:
    return x.to_integral_value(rounding=ROUND_CEILING)


def _clamp(x: Decimal, lo: Decimal, hi: Decimal) -> Decimal:
    return max(lo, min(hi, x))


FUNCTIONS: dict[str, tuple[Callable[..., Any], int, int]] = {
    # name: (function, min args, max args)
    "min": (lambda *a: min(_num(x) for x in a), 1, 20),
    "max": (lambda *a: max(_num(x) for x in a), 1, 20),
    "abs": (lambda x: abs(_num(x)), 1, 1),
    "floor": (lambda x: _floor(_num(x)), 1, 1),
    "ceil": (lambda x: _ceil(_num(x)), 1, 1),
    "clamp": (lambda x, lo, hi: _clamp(_num(x), _num(lo), _num(hi)), 3, 3),
    "date": (_date, 1, 1),
    "days_between": (_days_between, 2, 2),
    "months_between": (_months_between, 2, 2),
    "year": (lambda d: Decimal(d.year), 1, 1),
    "month": (lambda d: Decimal(d.month), 1, 1),
    "add_months": (lambda d, n: _add_months(d, int(n)), 2, 2),
}


# functions that never decrease in any argument: over bounds, apply them to both ends
_MONOTONE: dict[str, Callable[..., Decimal]] = {
    "min": lambda *a: min(a),
    "max": lambda *a: max(a),
    "clamp": lambda x, lo, hi: max(lo, min(hi, x)),
    "floor": lambda x: x if not x.is_finite() else _floor(x),
    "ceil": lambda x: x if not x.is_finite() else _ceil(x),
}


def _add_months(d: _dt.date, n: int) -> _dt.date:
    m = d.month - 1 + n
    y = d.year + m // 12
    m = m % 12 + 1
    import calendar
    day = min(d.day, calendar.monthrange(y, m)[1])
    return _dt.date(y, m, day)


# functions that need the evaluation context (industry table, jurisdiction tree)
CONTEXT_FUNCTIONS = {"in_group", "within"}

# special forms: arguments are compiled but evaluated lazily
SPECIAL_FORMS = {"sum_over", "count_over", "any_over", "all_over", "has", "coalesce"}

LIST_FIELDS = {"loans", "guarantees", "procurement_bids"}


# --------------------------------------------------------------------------------------------
# compiler
#
# Each node of the checked tree becomes one closure, specialised for its node type and for what
# is known when the file is loaded: a subtree without names is computed once (constant folding),
# ``a + b`` on two decimals takes the direct path and falls back to the general rules above for
# anything else (unknowns, integers, booleans, wrong types), a name is looked up without going
# through a method call. Only closures over the whitelisted nodes are made: no text is ever
# executed, and the general helpers keep the semantics (three-valued logic, exact decimals, the
# same errors) for every case the fast paths do not take.

_ALLOWED_BINOPS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/"}
_ALLOWED_CMPOPS = (ast.Eq, ast.NotEq, ast.Lt, ast.LtE, ast.Gt, ast.GtE, ast.In, ast.NotIn)
_MISSING = object()
_D = Decimal


class Expression:
    """A parsed and compiled expression. ``names`` lists the free names it reads."""

    __slots__ = ("source", "fn", "names", "branches")

    def __init__(self, source: str, fn: Compiled, names: frozenset[str],
                 branches: list[tuple[Compiled | None, str]] | None = None):
        self.source = source
        self.fn = fn
        self.names = names
        self.branches = branches

    def shown_source(self, env: Env) -> str:
        """The source to show in a step: for ``a if c else b`` only the branch taken."""
        if not self.branches:
            return self.source
        for test, src in self.branches:
            if test is None:
                return src
            t = truth(test(env))
            if isinstance(t, Unknown):
                return self.source
            if t:
                return src
        return self.source

    def __call__(self, env: Env) -> Any:
        try:
            return self.fn(env)
        except (InvalidOperation, OverflowError) as e:
            raise EvalError(f"{self.source!r}: {e.__class__.__name__}") from e

    def __repr__(self) -> str:
        return f"Expression({self.source!r})"


def compile_expr(source: Any, *, allowed_names: set[str] | frozenset[str] | None = None) -> Expression:
    """Parse and compile ``source``. Raises :class:`ExpressionError` on anything not allowed.

    ``allowed_names``, when given, is the set of names the expression may read; any other name
    is an error (so a typo in a policy file is caught when the file is loaded).
    """
    if isinstance(source, bool):
        source = "True" if source else "False"
    if isinstance(source, (int, Decimal)):
        source = str(source)
    if isinstance(source, float):
        raise ExpressionError("write numbers in policy files as text or integers, not floats")
    if not isinstance(source, str):
        raise ExpressionError(f"an expression must be text, got {type(source).__name__}")
    text = source.strip()
    if not text:
        raise ExpressionError("empty expression")
    if len(text) > MAX_LENGTH:
        raise ExpressionError(f"expression longer than {MAX_LENGTH} characters")
    got = _COMPILED.get(text)
    if got is not None and (allowed_names is None or got.names <= allowed_names):
        return got   # the same text compiles to the same closures; only the names allowed differ
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError as e:
        raise ExpressionError(f"syntax error at column {e.offset}: {e.msg}") from None
    c = _Compiler(text, allowed_names)
    fn = c.compile(tree.body, 0)
    branches = None
    node = tree.body
    if isinstance(node, ast.IfExp):
        branches = []
        while isinstance(node, ast.IfExp):
            branches.append((c.compile(node.test, 0), ast.get_source_segment(text, node.body) or ""))
            node = node.orelse
        branches.append((None, ast.get_source_segment(text, node) or ""))
    e = Expression(text, fn, frozenset(c.names), branches)
    if len(_COMPILED) < 100_000:
        _COMPILED[text] = e
    return e


_COMPILED: dict[str, Expression] = {}
"""Compiled expressions by their text (many measures share a test: ``size in ('micro', 'small')``).
An :class:`Expression` is never changed once made, so measures share it."""


def _const_fn(v: Any) -> Compiled:
    return lambda env: v


# the general rules, for whatever a fast path does not take
_GENERAL_ARITH = {op: _arith(op) for op in ("+", "-", "*", "/")}
_CMP_TYPES = {ast.Eq: ast.Eq, ast.NotEq: ast.NotEq, ast.Lt: ast.Lt, ast.LtE: ast.LtE, ast.Gt: ast.Gt,
              ast.GtE: ast.GtE, ast.In: ast.In, ast.NotIn: ast.NotIn}


def _fast_binop(op: str, fa: Compiled, fb: Compiled, ca: Any, cb: Any) -> Compiled:
    """``a op b`` with the decimal-and-decimal case done directly; ``ca``/``cb`` are the folded
    values of a constant side (``_MISSING`` when that side varies)."""
    general = _GENERAL_ARITH[op]
    if cb is not _MISSING and cb.__class__ is _D and not (op == "/" and cb == 0):
        # a constant decimal on the right (``x * 0.05``, ``n / 12``): the commonest shape
        if op == "+":
            def f(env: Env) -> Any:
                a = fa(env)
                return a + cb if a.__class__ is _D else general(a, cb)
        elif op == "-":
            def f(env: Env) -> Any:
                a = fa(env)
                return a - cb if a.__class__ is _D else general(a, cb)
        elif op == "*":
            def f(env: Env) -> Any:
                a = fa(env)
                return a * cb if a.__class__ is _D else general(a, cb)
        else:
            def f(env: Env) -> Any:
                a = fa(env)
                return a / cb if a.__class__ is _D else general(a, cb)
        return f
    if op == "+":
        def f(env: Env) -> Any:
            a = fa(env)
            b = fb(env)
            return a + b if a.__class__ is _D and b.__class__ is _D else general(a, b)
    elif op == "-":
        def f(env: Env) -> Any:
            a = fa(env)
            b = fb(env)
            return a - b if a.__class__ is _D and b.__class__ is _D else general(a, b)
    elif op == "*":
        def f(env: Env) -> Any:
            a = fa(env)
            b = fb(env)
            return a * b if a.__class__ is _D and b.__class__ is _D else general(a, b)
    else:
        def f(env: Env) -> Any:
            a = fa(env)
            b = fb(env)
            if a.__class__ is _D and b.__class__ is _D and b:
                return a / b
            return general(a, b)
    return f


def _fast_cmp(op: type, fa: Compiled, fb: Compiled) -> Compiled:
    """A single comparison ``a op b``: True, False or Unknown, as the general rule gives."""
    general = _cmp(op)
    if op is ast.In or op is ast.NotIn:
        def f(env: Env) -> Any:
            r = general(fa(env), fb(env))
            return r if isinstance(r, Unknown) else (True if r else False)
        return f
    if op is ast.Eq:
        def f(env: Env) -> Any:
            a = fa(env)
            b = fb(env)
            if a.__class__ is _D and b.__class__ is _D or a.__class__ is str and b.__class__ is str:
                return a == b
            r = general(a, b)
            return r if isinstance(r, Unknown) else (True if r else False)
    elif op is ast.NotEq:
        def f(env: Env) -> Any:
            a = fa(env)
            b = fb(env)
            if a.__class__ is _D and b.__class__ is _D or a.__class__ is str and b.__class__ is str:
                return a != b
            r = general(a, b)
            return r if isinstance(r, Unknown) else (True if r else False)
    elif op is ast.Lt:
        def f(env: Env) -> Any:
            a = fa(env)
            b = fb(env)
            if a.__class__ is _D and b.__class__ is _D:
                return a < b
            r = general(a, b)
            return r if isinstance(r, Unknown) else (True if r else False)
    elif op is ast.LtE:
        def f(env: Env) -> Any:
            a = fa(env)
            b = fb(env)
            if a.__class__ is _D and b.__class__ is _D:
                return a <= b
            r = general(a, b)
            return r if isinstance(r, Unknown) else (True if r else False)
    elif op is ast.Gt:
        def f(env: Env) -> Any:
            a = fa(env)
            b = fb(env)
            if a.__class__ is _D and b.__class__ is _D:
                return a > b
            r = general(a, b)
            return r if isinstance(r, Unknown) else (True if r else False)
    else:
        def f(env: Env) -> Any:
            a = fa(env)
            b = fb(env)
            if a.__class__ is _D and b.__class__ is _D:
                return a >= b
            r = general(a, b)
            return r if isinstance(r, Unknown) else (True if r else False)
    return f


class _Compiler:
    def __init__(self, text: str, allowed: set[str] | frozenset[str] | None):
        self.text = text
        self.allowed = allowed
        self.names: set[str] = set()
        self.local_scopes: list[set[str]] = []
        self.consts: dict[Compiled, Any] = {}
        """closure -> its value, for the subtrees computed when compiling"""

    def err(self, node: ast.AST, msg: str) -> ExpressionError:
        col = getattr(node, "col_offset", 0) + 1
        return ExpressionError(f"{msg} (at column {col} of {self.text!r})")

    def const(self, fn: Compiled) -> Any:
        return self.consts.get(fn, _MISSING)

    def constant(self, v: Any) -> Compiled:
        fn = _const_fn(v)
        self.consts[fn] = v
        return fn

    def fold(self, fn: Compiled, *parts: Compiled) -> Compiled:
        """``fn`` computed now when every part is constant (and computing raises nothing)."""
        if all(p in self.consts for p in parts):
            try:
                v = fn(None)  # type: ignore[arg-type]  # no part reads the environment
            except Exception:  # noqa: BLE001 - left to fail, the same way, at evaluation
                return fn
            return self.constant(v)
        return fn

    def compile(self, node: ast.AST, depth: int) -> Compiled:
        if depth > MAX_DEPTH:
            raise self.err(node, f"expression nested deeper than {MAX_DEPTH}")
        d = depth + 1
        if isinstance(node, ast.Constant):
            return self._constant(node)
        if isinstance(node, ast.Name):
            return self._name(node)
        if isinstance(node, ast.Tuple) or isinstance(node, ast.List):
            items = [self.compile(e, d) for e in node.elts]
            return self.fold(lambda env: tuple(f(env) for f in items), *items)
        if isinstance(node, ast.BinOp):
            op = _ALLOWED_BINOPS.get(type(node.op))
            if op is None:
                raise self.err(node, f"operator {type(node.op).__name__} is not allowed")
            fa, fb = self.compile(node.left, d), self.compile(node.right, d)
            return self.fold(_fast_binop(op, fa, fb, self.const(fa), self.const(fb)), fa, fb)
        if isinstance(node, ast.UnaryOp):
            fo = self.compile(node.operand, d)
            if isinstance(node.op, ast.USub):
                def neg(env: Env) -> Any:
                    v = fo(env)
                    return v if isinstance(v, Unknown) else -_num(v)
                return self.fold(neg, fo)
            if isinstance(node.op, ast.UAdd):
                return fo
            if isinstance(node.op, ast.Not):
                def not_(env: Env) -> Any:
                    v = fo(env)
                    if isinstance(v, Unknown):
                        return v
                    return not v
                return self.fold(not_, fo)
            raise self.err(node, "operator not allowed")
        if isinstance(node, ast.BoolOp):
            return self._boolop(node, d)
        if isinstance(node, ast.Compare):
            return self._compare(node, d)
        if isinstance(node, ast.IfExp):
            return self._if(self.compile(node.test, d), self.compile(node.body, d),
                            self.compile(node.orelse, d))
        if isinstance(node, ast.Call):
            return self._call(node, d)
        raise self.err(node, f"{type(node).__name__} is not allowed in policy expressions")

    def _boolop(self, node: ast.BoolOp, d: int) -> Compiled:
        parts = [self.compile(v, d) for v in node.values]
        is_and = isinstance(node.op, ast.And)
        if len(parts) == 2:
            p, q = parts
            if is_and:
                def and2(env: Env) -> Any:
                    a = p(env)
                    if not isinstance(a, Unknown):
                        if not a:
                            return False
                        b = q(env)
                        if isinstance(b, Unknown):
                            return _merge(b)
                        return True if b else False
                    b = q(env)
                    if isinstance(b, Unknown):
                        return _merge(a, b)
                    return _merge(a) if b else False
                return self.fold(and2, p, q)

            def or2(env: Env) -> Any:
                a = p(env)
                if not isinstance(a, Unknown):
                    if a:
                        return True
                    b = q(env)
                    if isinstance(b, Unknown):
                        return _merge(b)
                    return True if b else False
                b = q(env)
                if isinstance(b, Unknown):
                    return _merge(a, b)
                return True if b else _merge(a)
            return self.fold(or2, p, q)

        def boolop(env: Env) -> Any:
            unknown: list[Unknown] = []
            for part in parts:
                v = part(env)
                if isinstance(v, Unknown):
                    unknown.append(v)
                elif is_and and not v:
                    return False
                elif not is_and and v:
                    return True
            if unknown:
                return _merge(*unknown)
            return is_and
        return self.fold(boolop, *parts)

    def _compare(self, node: ast.Compare, d: int) -> Compiled:
        left = self.compile(node.left, d)
        pairs = []
        for op, comp in zip(node.ops, node.comparators):
            if not isinstance(op, _ALLOWED_CMPOPS):
                raise self.err(node, f"comparison {type(op).__name__} is not allowed")
            pairs.append((type(op), self.compile(comp, d)))
        if len(pairs) == 1:
            op, right = pairs[0]
            return self.fold(_fast_cmp(op, left, right), left, right)
        general = [(_cmp(op), rf) for op, rf in pairs]

        def compare(env: Env) -> Any:
            a = left(env)
            unknown: list[Any] = []
            for f, rf in general:
                b = rf(env)
                r = f(a, b)
                if isinstance(r, Unknown):
                    unknown.append(r)
                elif not r:
                    return False
                a = b
            return _merge(*unknown) if unknown else True
        return self.fold(compare, left, *(rf for _, rf in pairs))

    def _constant(self, node: ast.Constant) -> Compiled:
        v = node.value
        if isinstance(v, bool) or v is None:
            if v is None:
                raise self.err(node, "None is not allowed")
            return self.constant(v)
        if isinstance(v, (int, float)):
            seg = ast.get_source_segment(self.text, node) or repr(v)
            try:
                dv = Decimal(seg)
            except InvalidOperation:
                raise self.err(node, f"bad number {seg!r}") from None
            return self.constant(dv)
        if isinstance(v, str):
            return self.constant(v)
        raise self.err(node, f"constant of type {type(v).__name__} is not allowed")

    def _name(self, node: ast.Name) -> Compiled:
        name = node.id
        if name.startswith("_"):
            raise self.err(node, f"name {name!r} is not allowed")
        if not any(name in s for s in self.local_scopes):
            if self.allowed is not None and name not in self.allowed:
                raise self.err(node, f"unknown name {name!r}")
            self.names.add(name)
        return _lookup_fn(name)

    def _if(self, ft: Compiled, fa: Compiled, fb: Compiled) -> Compiled:
        c = self.const(ft)
        if c is not _MISSING and not isinstance(c, Unknown):
            return fa if c else fb

        def iff(env: Env) -> Any:
            c = ft(env)
            if isinstance(c, Unknown):
                return _hull(c, fa, fb, env)
            return fa(env) if c else fb(env)
        return self.fold(iff, ft, fa, fb)

    def _call(self, node: ast.Call, d: int) -> Compiled:
        if not isinstance(node.func, ast.Name):
            raise self.err(node, "only named functions may be called")
        if node.keywords:
            raise self.err(node, "keyword arguments are not allowed")
        if any(isinstance(a, ast.Starred) for a in node.args):
            raise self.err(node, "starred arguments are not allowed")
        fname = node.func.id
        args = node.args
        if fname == "has":
            if len(args) != 1 or not isinstance(args[0], ast.Name):
                raise self.err(node, "has(field) takes one field name")
            inner = self._name(args[0])
            return lambda env: not isinstance(inner(env), Unknown)
        if fname == "coalesce":
            if len(args) < 2:
                raise self.err(node, "coalesce(a, b, ...) takes at least 2 arguments")
            fs = [self.compile(a, d) for a in args]

            def coalesce(env: Env) -> Any:
                last: Any = None
                for f in fs:
                    last = f(env)
                    if not isinstance(last, Unknown):
                        return last
                return last
            return self.fold(coalesce, *fs)
        if fname in ("sum_over", "count_over", "any_over", "all_over"):
            return self._over(fname, node, d)
        if fname in CONTEXT_FUNCTIONS:
            if len(args) != 1 or not isinstance(args[0], ast.Constant) or not isinstance(args[0].value, str):
                raise self.err(node, f"{fname}('...') takes one quoted name")
            key = args[0].value
            if fname == "in_group":
                self.names.add("industry_code")
                return lambda env: env.context.in_group(env, key)
            self.names.add("jurisdiction")
            return lambda env: env.context.within(env, key)
        spec = FUNCTIONS.get(fname)
        if spec is None:
            raise self.err(node, f"unknown function {fname!r}")
        fn, lo, hi = spec
        if not lo <= len(args) <= hi:
            raise self.err(node, f"{fname}() takes {lo}..{hi} arguments, got {len(args)}")
        fargs = [self.compile(a, d) for a in args]

        monotone = _MONOTONE.get(fname)

        def general(vals: list[Any]) -> Any:
            for v in vals:
                if isinstance(v, Unknown):
                    if monotone is not None and any(isinstance(v, Bounded) for v in vals):
                        bs = [_bounds(v) for v in vals]
                        if all(b is not None for b in bs):
                            lo = monotone(*(b[0] for b in bs))  # type: ignore[index]
                            hi = monotone(*(b[1] for b in bs))  # type: ignore[index]
                            return bounded(_merge(*vals).fields, lo, hi)
                    return _merge(*vals)
            try:
                return fn(*vals)
            except (TypeError, ValueError) as e:
                raise EvalError(f"{fname}(): {e}") from e

        if fname in ("min", "max") and len(fargs) == 2:
            fa, fb = fargs
            pick = min if fname == "min" else max

            def minmax2(env: Env) -> Any:
                a = fa(env)
                b = fb(env)
                if a.__class__ is _D and b.__class__ is _D:
                    return pick(a, b)
                return general([a, b])
            return self.fold(minmax2, fa, fb)
        if len(fargs) == 1:
            f1 = fargs[0]

            def call1(env: Env) -> Any:
                v = f1(env)
                if isinstance(v, Unknown):
                    return general([v])
                try:
                    return fn(v)
                except (TypeError, ValueError) as e:
                    raise EvalError(f"{fname}(): {e}") from e
            return self.fold(call1, f1)

        def call(env: Env) -> Any:
            return general([f(env) for f in fargs])
        return self.fold(call, *fargs)

    def _over(self, fname: str, node: ast.Call, d: int) -> Compiled:
        args = node.args
        if not args or not isinstance(args[0], ast.Name) or args[0].id not in LIST_FIELDS:
            raise self.err(node, f"{fname}() needs a list field first: one of {sorted(LIST_FIELDS)}")
        listname = args[0].id
        self.names.add(listname)
        want = {"sum_over": (2, 3), "count_over": (1, 2), "any_over": (2, 2), "all_over": (2, 2)}[fname]
        if not want[0] <= len(args) <= want[1]:
            raise self.err(node, f"{fname}() takes {want[0]}..{want[1]} arguments")
        item_fields = _item_fields()
        self.local_scopes.append(set(item_fields[listname]))
        try:
            rest = [self.compile(a, d) for a in args[1:]]
        finally:
            self.local_scopes.pop()
        items = _lookup_fn(listname)

        if fname == "sum_over":
            body = rest[0]
            flt = rest[1] if len(rest) > 1 else None

            def sum_over(env: Env) -> Any:
                lst = items(env)
                if isinstance(lst, Unknown):
                    return lst
                total = Decimal(0)
                unknown: list[Unknown] = []
                for i, it in enumerate(lst):
                    ie = Env(_item_values(it, listname, i), env.known_names, env.context, env)
                    if flt is not None:
                        ok = truth(flt(ie))
                        if isinstance(ok, Unknown):
                            unknown.append(ok)
                            continue
                        if not ok:
                            continue
                    v = body(ie)
                    if isinstance(v, Unknown):
                        unknown.append(v)
                    else:
                        total += _num(v)
                return _merge(*unknown) if unknown else total
            return sum_over
        if fname == "count_over":
            flt = rest[0] if rest else None

            def count_over(env: Env) -> Any:
                lst = items(env)
                if isinstance(lst, Unknown):
                    return lst
                n = 0
                unknown: list[Unknown] = []
                for i, it in enumerate(lst):
                    if flt is None:
                        n += 1
                        continue
                    ok = truth(flt(Env(_item_values(it, listname, i), env.known_names, env.context, env)))
                    if isinstance(ok, Unknown):
                        unknown.append(ok)
                    elif ok:
                        n += 1
                return _merge(*unknown) if unknown else Decimal(n)
            return count_over
        cond = rest[0]
        is_any = fname == "any_over"

        def quant(env: Env) -> Any:
            lst = items(env)
            if isinstance(lst, Unknown):
                return lst
            unknown: list[Unknown] = []
            for i, it in enumerate(lst):
                ok = truth(cond(Env(_item_values(it, listname, i), env.known_names, env.context, env)))
                if isinstance(ok, Unknown):
                    unknown.append(ok)
                elif ok and is_any:
                    return True
                elif not ok and not is_any:
                    return False
            return _merge(*unknown) if unknown else (not is_any)
        return quant


_UNKNOWN_NAME: dict[str, Unknown] = {}


def _unknown_name(name: str) -> Unknown:
    u = _UNKNOWN_NAME.get(name)
    if u is None:
        u = _UNKNOWN_NAME[name] = Unknown(frozenset([name]))
    return u


def _lookup_fn(name: str) -> Compiled:
    """The closure reading ``name``: the innermost environment that has it (lets, list item,
    scenario); absent or None is unknown. The same as :meth:`Env.lookup`, without the call."""
    unk = _unknown_name(name)
    missing = _MISSING

    def get(env: Env) -> Any:
        v = env.values.get(name, missing)
        if v is missing:
            env = env.parent
            while env is not None:
                v = env.values.get(name, missing)
                if v is not missing:
                    break
                env = env.parent
            else:
                return unk
        return unk if v is None else v
    return get


_ITEM_FIELDS: dict[str, Any] = {}


def _item_fields() -> dict[str, Any]:
    if not _ITEM_FIELDS:
        from calc_app.models.inputs.lists import ITEM_FIELDS  # names valid inside an item
        _ITEM_FIELDS.update(ITEM_FIELDS)
    return _ITEM_FIELDS


def _hull(test: Unknown, fa: Compiled, fb: Compiled, env: Env) -> Any:
    """``a if c else b`` with ``c`` unknown: the value both branches share, or the numbers between
    them (a :class:`Bounded` naming the test's fields), or unknown."""
    try:
        a, b = fa(env), fb(env)
    except EvalError:
        return test
    if not isinstance(a, Unknown) and not isinstance(b, Unknown) and type(a) is type(b) and a == b:
        return a
    ba, bb = _bounds(a), _bounds(b)
    if ba is None or bb is None:
        return _merge(test, a, b)
    fields = _merge(test, a, b).fields
    return bounded(fields, min(ba[0], bb[0]), max(ba[1], bb[1]))


def _item_values(item: Any, listname: str, index: int) -> dict[str, Any]:
    """The names visible inside a list item; a missing item field is unknown as 'loans[0].principal'."""
    if isinstance(item, Mapping):
        get = item.get
    else:
        def get(k: str) -> Any:
            return getattr(item, k, None)
    out: dict[str, Any] = {}
    for k in _item_fields()[listname]:
        v = get(k)
        out[k] = Unknown(frozenset([f"{listname}[{index}].{k}"])) if v is None else v
    return out
