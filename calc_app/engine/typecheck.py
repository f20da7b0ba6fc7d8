"""The static type check of policy expressions, run when the bundle loads.

Every value of the expression language has a kind: ``num`` (money, counts, fractions, plain
numbers: they mix in arithmetic), ``date``, ``flag`` (yes/no), ``str`` (a choice, with its values
where known, or a text), ``list`` (loans, guarantees, procurement bids), ``tuple`` (a literal
``('a', 'b')`` for ``in``). Each operator and function of :mod:`calc_app.engine.expr` declares below
what it takes and what it gives; an expression that combines kinds wrongly (``landlord in 5``,
``year(monthly_rent)``, ``-landlord``, ``amount: "landlord"``, a comparison of a choice with a value
it never takes) is refused at load with its file, line and field.

Bounds: numbers also carry the largest magnitude they can reach (money at most 10^15, counts 10^7,
fractions 1, a list at most 1,000 rows, ...). Literals are bounded (:data:`MAX_LITERAL`, at most
:data:`MAX_PLACES` decimal places), ``add_months``' months must be provably within
±:data:`MAX_MONTHS`, and an expression whose magnitude can exceed :data:`MAX_RESULT` (beyond what an
amount rounded to the fen can hold) is refused. What stays possible at run time (a division by
zero, a quotient by a tiny input) is caught per measure by the evaluator.
"""
from __future__ import annotations

import ast
import re
import datetime as _dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Callable, Iterable, Mapping

MAX_LITERAL = Decimal("1e15")
MAX_PLACES = 12
MAX_RESULT = Decimal("1e25")
MAX_MONTHS = 10_000_000  # a count input at most (a far date is an error per item, not a hang)
MAX_ROWS = 1000  # the scenario file's MAX_ITEMS: rows of one list

SIZES = frozenset({"micro", "small", "medium", "large"})


@dataclass(frozen=True)
class T:
    """A static type: ``kind``, for ``num`` the largest magnitude (None: not bounded), for ``str``
    the values it can take (None: any text), for ``list`` its name, for ``tuple`` its items' types."""
    kind: str
    bound: Decimal | None = None
    choices: frozenset[str] | None = None
    name: str = ""
    items: tuple["T", ...] = ()

    def __str__(self) -> str:
        return {"num": "a number", "date": "a date", "flag": "a yes/no", "str": "a text or choice",
                "list": "a list", "tuple": "a tuple of values", "any": "a value"}[self.kind]


ANY = T("any")
FLAG = T("flag")
DATE = T("date")
NUM = T("num")
TEXT = T("str")

_KIND_BOUNDS = {"money": Decimal("1e15"), "count": Decimal("1e7"), "fraction": Decimal(1),
                "number": Decimal("1e9")}


def type_of_kind(kind: str | None, meta: Mapping[str, Any] | None = None, name: str = "") -> T:
    """The type of an input described as ``kind`` (money, count, fraction, number, flag, choice, date,
    text, list)."""
    if kind in _KIND_BOUNDS:
        return T("num", _KIND_BOUNDS[kind])
    if kind == "flag":
        return FLAG
    if kind == "date":
        return DATE
    if kind == "choice":
        choices = (meta or {}).get("choices")
        vals = frozenset(str(c["value"]) for c in choices) if choices else None
        return T("str", choices=vals)
    if kind == "text":
        return TEXT
    if kind == "list":
        return T("list", name=name)
    return ANY


def _meta(model: type, name: str) -> dict[str, Any]:
    """An input's description (its type and choices), without asking the bundle who reads it (the
    bundle is what is being loaded)."""
    described = getattr(model, "__input_meta__", {}).get(name)
    if described is not None:
        return dict(described)
    extra = model.model_fields[name].json_schema_extra or {}
    return dict(extra) if isinstance(extra, dict) else {}


def scenario_types(names: Iterable[str]) -> dict[str, T]:
    """The types of the scenario inputs and derived facts among ``names``."""
    from calc_app.models.scenario import Scenario
    field_meta = _meta
    out: dict[str, T] = {}
    for n in names:
        if n in Scenario.model_fields:
            meta = field_meta(Scenario, n)
            out[n] = type_of_kind(meta.get("type"), meta, n)
        else:
            out[n] = ANY
    out.update({"jurisdiction": TEXT, "as_of": DATE, "size": T("str", choices=SIZES),
                "vat_refund_size": T("str", choices=SIZES), "sme": FLAG, "small_low_profit": FLAG})
    if "size" in Scenario.model_fields:
        out["size"] = T("str", choices=SIZES)
    return {k: v for k, v in out.items() if k in names or k in ("jurisdiction", "as_of")}


def item_types(listname: str) -> dict[str, T]:
    from calc_app.models.inputs.lists import LIST_MODELS
    field_meta = _meta
    model = LIST_MODELS.get(listname)
    if model is None:
        return {}
    return {f: type_of_kind(field_meta(model, f).get("type"), field_meta(model, f), f) for f in model.model_fields}


class TypeProblem(Exception):
    def __init__(self, node: ast.AST | None, message: str):
        self.col = getattr(node, "col_offset", 0) + 1 if node is not None else 0
        self.message = message


def _num_bound(*ts: T) -> Decimal | None:
    out = Decimal(0)
    for t in ts:
        if t.kind != "num" or t.bound is None:
            return None
        out = max(out, t.bound)
    return out


def _mul(a: Decimal | None, b: Decimal | None) -> Decimal | None:
    return None if a is None or b is None else a * b


def _fmt(d: Decimal) -> str:
    return f"{d:.0E}".replace("E+", "×10^") if d >= 10 ** 6 else f"{d.normalize():f}"


class Checker:
    """Infers the type of one expression in a scope of named types."""

    def __init__(self, scope: Mapping[str, T], groups: Iterable[str] = ()):
        self.scope = dict(scope)
        self.locals: list[dict[str, T]] = []

    def lookup(self, node: ast.Name) -> T:
        for s in reversed(self.locals):
            if node.id in s:
                return s[node.id]
        return self.scope.get(node.id, ANY)

    def check(self, node: ast.AST) -> T:
        t = self._check(node)
        if t.kind == "num" and t.bound is not None and t.bound > MAX_RESULT:
            raise TypeProblem(node, f"can reach {_fmt(t.bound)}, beyond {_fmt(MAX_RESULT)} (an amount rounded to "
                                    "the fen cannot hold it): bound the formula (min(), a cap) or check its factors")
        return t

    def _want(self, node: ast.AST, t: T, kinds: tuple[str, ...], what: str) -> None:
        if t.kind != "any" and t.kind not in kinds:
            raise TypeProblem(node, f"{what} takes {' or '.join(str(T(k)) for k in kinds)}, "
                                    f"not {t}{_source_hint(node)}")

    def _check(self, node: ast.AST) -> T:
        if isinstance(node, ast.Constant):
            return self._constant(node)
        if isinstance(node, ast.Name):
            return self.lookup(node)
        if isinstance(node, (ast.Tuple, ast.List)):
            return T("tuple", items=tuple(self.check(e) for e in node.elts))
        if isinstance(node, ast.BinOp):
            a, b = self.check(node.left), self.check(node.right)
            op = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/"}.get(type(node.op), "?")
            self._want(node.left, a, ("num",), f"'{op}'")
            self._want(node.right, b, ("num",), f"'{op}'")
            if op in "+-":
                bound = None if a.bound is None or b.bound is None else a.bound + b.bound
            elif op == "*":
                bound = _mul(a.bound, b.bound)
            else:
                lit = _literal(node.right)
                bound = None if lit is None or lit == 0 or a.bound is None else a.bound / abs(lit)
            return T("num", bound) if a.kind != "any" or b.kind != "any" else ANY
        if isinstance(node, ast.UnaryOp):
            t = self.check(node.operand)
            if isinstance(node.op, ast.Not):
                self._want(node.operand, t, ("flag", "num"), "'not'")
                return FLAG
            self._want(node.operand, t, ("num",), "a sign (- or +)")
            return t
        if isinstance(node, ast.BoolOp):
            for v in node.values:
                self._want(v, self.check(v), ("flag", "num"), "'and' / 'or'")
            return FLAG
        if isinstance(node, ast.Compare):
            left = self.check(node.left)
            for op, comp in zip(node.ops, node.comparators):
                right = self.check(comp)
                self._compare(node, op, left, right, node.left, comp)
                left = right
            return FLAG
        if isinstance(node, ast.IfExp):
            self._want(node.test, self.check(node.test), ("flag", "num"), "the condition of 'if'")
            a, b = self.check(node.body), self.check(node.orelse)
            return self._join(node, a, b, "the two branches of 'a if c else b'")
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            return self._call(node)
        return ANY  # compile_expr refuses everything else

    def _constant(self, node: ast.Constant) -> T:
        v = node.value
        if isinstance(v, bool):
            return FLAG
        if isinstance(v, str):
            return T("str", choices=frozenset([v]))
        if isinstance(v, (int, float)):
            d = _literal(node)
            if d is None or not d.is_finite():
                raise TypeProblem(node, "a number literal that cannot be read exactly")
            sign, digits, exp = d.as_tuple()
            if d.adjusted() > MAX_LITERAL.adjusted() or abs(d) > MAX_LITERAL:
                raise TypeProblem(node, f"a number literal beyond {_fmt(MAX_LITERAL)}")
            if isinstance(exp, int) and exp < -MAX_PLACES and d != 0:
                raise TypeProblem(node, f"a number literal with more than {MAX_PLACES} decimal places")
            return T("num", abs(d))
        return ANY

    def _join(self, node: ast.AST, a: T, b: T, what: str) -> T:
        if a.kind == "any":
            return b
        if b.kind == "any":
            return a
        if a.kind != b.kind:
            raise TypeProblem(node, f"{what} give {a} and {b}")
        if a.kind == "num":
            return T("num", _num_bound(a, b))
        if a.kind == "str":
            ch = None if a.choices is None or b.choices is None else a.choices | b.choices
            return T("str", choices=ch)
        return a

    def _compare(self, node: ast.AST, op: ast.cmpop, a: T, b: T, na: ast.AST, nb: ast.AST) -> None:
        if isinstance(op, (ast.In, ast.NotIn)):
            if b.kind == "any":
                return
            if b.kind != "tuple":
                raise TypeProblem(nb, f"'in' needs a tuple of values on its right, such as ('state', 'private'), "
                                      f"not {b}{_source_hint(nb)}")
            for item, n in zip(b.items, getattr(nb, "elts", [])):
                self._same(node, a, item, na, n)
            return
        if isinstance(op, (ast.Eq, ast.NotEq)):
            self._same(node, a, b, na, nb)
            return
        for t, n in ((a, na), (b, nb)):
            self._want(n, t, ("num", "date"), "an ordering comparison (< <= > >=)")
        if "any" not in (a.kind, b.kind) and a.kind != b.kind:
            raise TypeProblem(node, f"cannot order {a} against {b}")

    def _same(self, node: ast.AST, a: T, b: T, na: ast.AST, nb: ast.AST) -> None:
        if "any" in (a.kind, b.kind):
            return
        if {a.kind, b.kind} <= {"num", "flag"}:
            return
        if a.kind != b.kind:
            raise TypeProblem(node, f"compares {a}{_source_hint(na)} with {b}{_source_hint(nb)}: never equal")
        if a.kind == "str" and a.choices is not None and b.choices is not None and not (a.choices & b.choices):
            raise TypeProblem(node, f"{sorted(b.choices)[0]!r} is never a value of {_source_hint(na).strip(' ()') or 'it'} "
                                    f"(its values: {', '.join(sorted(a.choices))})" if len(b.choices) == 1 else
                              f"the two sides never take the same value")

    def _call(self, node: ast.Call) -> T:
        f = node.func.id  # type: ignore[attr-defined]
        args = node.args
        if f == "has":
            return FLAG
        if f in ("in_group", "within"):
            return FLAG
        if f in ("sum_over", "count_over", "any_over", "all_over"):
            listname = args[0].id if args and isinstance(args[0], ast.Name) else ""
            self.locals.append(item_types(listname))
            try:
                rest = [self.check(a) for a in args[1:]]
            finally:
                self.locals.pop()
            if f == "sum_over":
                self._want(args[1], rest[0], ("num",), "sum_over()'s value")
                if len(rest) > 1:
                    self._want(args[2], rest[1], ("flag", "num"), "sum_over()'s filter")
                return T("num", _mul(rest[0].bound, Decimal(MAX_ROWS))) if rest[0].kind == "num" else NUM
            if f == "count_over":
                if rest:
                    self._want(args[1], rest[0], ("flag", "num"), "count_over()'s filter")
                return T("num", Decimal(MAX_ROWS))
            self._want(args[1], rest[0], ("flag", "num"), f"{f}()'s condition")
            return FLAG
        ts = [self.check(a) for a in args]
        if f == "coalesce":
            out = ts[0]
            for t in ts[1:]:
                out = self._join(node, out, t, "coalesce()'s arguments")
            return out
        if f in ("min", "max"):
            kinds = {t.kind for t in ts} - {"any"}
            if kinds <= {"date"} and kinds:
                return DATE
            for a, t in zip(args, ts):
                self._want(a, t, ("num",), f"{f}()")
            if f == "min":
                bounded = [t.bound for t in ts if t.kind == "num" and t.bound is not None]
                return T("num", min(bounded) if bounded and len(bounded) == len(ts) else
                         (min(bounded) if bounded else None))
            return T("num", _num_bound(*ts))
        if f in ("abs", "floor", "ceil"):
            self._want(args[0], ts[0], ("num",), f"{f}()")
            b = ts[0].bound
            return T("num", None if b is None else b + 1)
        if f == "clamp":
            for a, t in zip(args, ts):
                self._want(a, t, ("num",), "clamp()")
            return T("num", _num_bound(ts[1], ts[2]))
        if f == "date":
            a = args[0]
            if not (isinstance(a, ast.Constant) and isinstance(a.value, str)):
                raise TypeProblem(a, "date() takes a quoted date such as date('2022-06-01')")
            try:
                d = _dt.date.fromisoformat(a.value)
            except ValueError:
                d = None
            if d is None or len(a.value) != 10 or not 1900 <= d.year <= 2100:
                raise TypeProblem(a, f"date({a.value!r}): not a date YYYY-MM-DD between 1900 and 2100")
            return DATE
        if f in ("days_between", "months_between"):
            for a, t in zip(args, ts):
                self._want(a, t, ("date",), f"{f}()")
            return T("num", Decimal(80_000) if f == "days_between" else Decimal(2_400))
        if f in ("year", "month"):
            self._want(args[0], ts[0], ("date",), f"{f}()")
            return T("num", Decimal(2100) if f == "year" else Decimal(12))
        if f == "add_months":
            self._want(args[0], ts[0], ("date",), "add_months()'s first argument")
            self._want(args[1], ts[1], ("num",), "add_months()'s months")
            if ts[1].kind == "num" and (ts[1].bound is None or ts[1].bound > MAX_MONTHS):
                raise TypeProblem(args[1], f"add_months()'s months must stay within ±{MAX_MONTHS}"
                                           + (f" (this can reach {_fmt(ts[1].bound)})" if ts[1].bound is not None
                                              else " (this has no bound: use min() or a literal)"))
            return DATE
        return ANY


def _literal(node: ast.AST) -> Decimal | None:
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        v = _literal(node.operand)
        return None if v is None else -v
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
        seg = getattr(node, "_src", None)
        try:
            return Decimal(seg) if seg is not None else Decimal(repr(node.value))
        except (InvalidOperation, ValueError):
            return None
    return None


def _source_hint(node: ast.AST) -> str:
    seg = getattr(node, "_src", None)
    return f" ({seg})" if seg else ""


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")


def _segment(lines: list[bytes], n: ast.AST) -> str | None:
    """``ast.get_source_segment(text, n)`` over the text's lines split and encoded once (the
    function itself splits the whole text again for every node)."""
    end, end_col = getattr(n, "end_lineno", None), getattr(n, "end_col_offset", None)
    if end is None or end_col is None:
        return None
    first, col = n.lineno - 1, n.col_offset
    if end - 1 == first:
        return lines[first][col:end_col].decode()
    return b"".join([lines[first][col:], *lines[first + 1:end - 1], lines[end - 1][:end_col]]).decode()


def _annotate(tree: ast.AST, text: str) -> None:
    lines: list[bytes] | None = None
    for n in ast.walk(tree):
        if hasattr(n, "col_offset"):
            if lines is None:
                lines = [m.encode() for m in _LINE.findall(text) if m] or [b""]
            try:
                n._src = _segment(lines, n)  # type: ignore[attr-defined]
            except (ValueError, IndexError):  # pragma: no cover
                n._src = None  # type: ignore[attr-defined]


def check_expression(src: Any, scope: Mapping[str, T], want: tuple[str, ...] | None = None) -> tuple[T, str | None]:
    """(type, problem or None) of one expression. ``want``: the kinds its place accepts."""
    text = str(src).strip()
    try:
        tree = ast.parse(text, mode="eval")
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return ANY, None  # compile_expr reports it
    _annotate(tree, text)
    c = Checker(scope)
    try:
        t = c.check(tree.body)
        if want is not None and t.kind not in want and t.kind != "any":
            raise TypeProblem(tree.body, f"gives {t}; here {' or '.join(str(T(k)) for k in want)} is needed")
    except TypeProblem as e:
        return ANY, f"{e.message} (at column {e.col} of {text!r})"
    except RecursionError:
        return ANY, "nested too deeply"
    except ArithmeticError as e:  # a bound beyond what Decimal holds
        return ANY, f"numbers beyond what can be computed ({e.__class__.__name__}) in {text!r}"
    return t, None


def check_measure(m: Any, scope: Mapping[str, T], at: Callable[..., str]) -> list[str]:
    """Problems of every expression of the measure ``m`` (lets in order: each one's type is known
    to the next); ``at(*loc)`` gives ``file:line: field``."""
    names = dict(scope)
    problems = []
    for i, ln in enumerate(m.let):
        t, p = check_expression(ln.expr, names)
        if p:
            problems.append(f"{at('let', i, 'expr')}: {p}")
        names[ln.name] = t
    for i, c in enumerate(m.conditions):
        _, p = check_expression(c.test, names, ("flag",))
        if p:
            problems.append(f"{at('conditions', i, 'test')}: {p}")
    for src, loc in ((m.amount, ("amount",)), (m.cap, ("cap",)), (m.floor, ("floor",)),
                     (m.range.min if m.range else None, ("range", "min")),
                     (m.range.max if m.range else None, ("range", "max"))):
        if src is not None:
            _, p = check_expression(src, names, ("num",))
            if p:
                problems.append(f"{at(*loc)}: {p}")
    return problems
