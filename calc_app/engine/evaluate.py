"""Evaluate a scenario against the measures of its jurisdiction chain.

``evaluate(scenario) -> dict`` is the contract's JSON object. For each measure of the chain
(national first, in a stable order) the engine decides a status:

- ``not_in_force``: ``as_of`` lies outside the measure's period;
- ``ineligible``: a condition is false (the reasons give the figures that decided);
- ``needs_input``: no condition is false but one waits for an absent input (named);
- ``eligible``: every condition holds; the amount is computed, capped, floored and rounded;
- ``excluded``: eligible or applicable, but a stacking rule chose another measure (不重复享受,
  就高, or a lower level restating the same benefit so that it counts once).

A measure's named steps (``let``) are computed before its conditions when a condition or its
reason text reads one (or a declared inference notes one), else only once the conditions hold: a
measure its conditions rule out is ``ineligible`` even where a step could not have been computed
(a division by zero), which is said (``needs_input``, "cannot compute") only for a measure that
applies.

Amounts are ``Decimal`` rounded to the fen by :func:`calc_app.money.to_fen` (half-up) as the last
step of each measure; totals add the rounded eligible amounts by effect.
"""
from __future__ import annotations

import bisect
import datetime as _dt
import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from operator import itemgetter
from time import perf_counter
from typing import Any

from pydantic import ValidationError

from calc_app.engine.classify import (SIZE_NAMES, classify_size, classify_small_low_profit,
                                      classify_vat_refund_size)
from calc_app.engine import infer, presume
from calc_app.engine.expr import Bounded, Env, EvalError, Unknown, _lookup_fn, truth
from calc_app.engine.industry import membership
from calc_app.engine.policies import Bundle, CompiledMeasure, default_bundle, pick_source
from calc_app.models.inputs.lists import LIST_MODELS
from calc_app.models.inputs.meta import label as field_label
from calc_app.models.policy import EFFECT_CATEGORY, EFFECTS, Text
from calc_app.models.scenario import Scenario
from calc_app.models.scenario_file import check_tree
from calc_app.money import ROUNDING_RULE, ZERO, money_str, to_fen

LANGS = ("zh_CN", "en_US")


class InputError(ValueError):
    """The scenario is invalid. ``problems`` is a list of (field, message) pairs."""

    def __init__(self, problems: list[tuple[str, str]]):
        self.problems = problems
        super().__init__("; ".join(f"{f}: {m}" for f, m in problems))


def validate_scenario(data: Any) -> Scenario:
    """Validate raw input (a dict from JSON or CSV) into a :class:`Scenario` or raise InputError."""
    if not isinstance(data, dict):
        raise InputError([("(scenario)", "expected a JSON object")])
    bounded = check_tree(data)  # sizes, lengths, nesting: before the model reads anything
    if bounded:
        raise InputError(bounded)
    try:
        return Scenario.model_validate(data)
    except ValidationError as e:
        out = []
        for err in e.errors():
            loc = ".".join(str(p) for p in err["loc"]) or "(scenario)"
            msg = err["msg"]
            if err["type"] == "extra_forbidden":
                msg = "unknown field"
            elif err["type"] == "missing":
                msg = "required field is missing"
            out.append((loc, msg))
        raise InputError(out) from None


# ------------------------------------------------------------------------------------------------
# context for in_group() and within()

_NO = object()
_UNKNOWN_CODE = Unknown(frozenset(["industry_code"]))


class _Context:
    __slots__ = ("bundle", "chain")

    def __init__(self, bundle: Bundle, chain: list[str]):
        self.bundle = bundle
        self.chain = chain

    def in_group(self, env: Env, key: str) -> Any:
        code = env.lookup("industry_code")
        if isinstance(code, Unknown):
            return code
        memo = self.bundle.__dict__.setdefault("_membership", {})
        r = memo.get((code, key), _NO)
        if r is _NO:
            g = self.bundle.groups.get(key)
            if g is None:
                raise EvalError(f"unknown industry group {key!r}")
            r = membership(code, tuple(g.prefixes))
            if len(memo) < 100_000:   # codes and groups are finite: bounded anyway
                memo[(code, key)] = r
        return _UNKNOWN_CODE if r is None else r

    def within(self, env: Env, key: str) -> bool:
        return key in self.chain


# ------------------------------------------------------------------------------------------------
# formatting of values inside reasons and steps

_FORMATTED: dict[tuple[str, str, str], str] = {}
_FORMATTED_MAX = 8192


def fmt_value(v: Any, spec: str, lang: str) -> str:
    if v.__class__ is Decimal:
        # kept by the decimal's text, which is the decimal exactly (sign, digits and exponent: -0,
        # 0 and 0.00 are three): hashing the text is a tenth of hashing a decimal, which is not
        # kept in a decimal made afresh
        k = (str(v), spec, lang)
        got = _FORMATTED.get(k)
        if got is None:
            if len(_FORMATTED) >= _FORMATTED_MAX:
                _FORMATTED.clear()
            got = _FORMATTED[k] = _fmt_value(v, spec, lang)
        return got
    return _fmt_value(v, spec, lang)


def _fmt_value(v: Any, spec: str, lang: str) -> str:
    cls = v.__class__
    if cls is str and spec != "size":
        return v
    if cls is bool:
        return ("是" if v else "否") if lang == "zh_CN" else ("yes" if v else "no")
    if isinstance(v, Bounded):
        lo = fmt_value(v.lo, spec, lang) if v.lo.is_finite() else None
        hi = fmt_value(v.hi, spec, lang) if v.hi.is_finite() else None
        return f"{lo}–{hi}" if lo and hi else f"≥{lo}" if lo else f"≤{hi}" if hi else "?"
    if isinstance(v, Unknown):
        return "?"
    if isinstance(v, bool):
        return ("是" if v else "否") if lang == "zh_CN" else ("yes" if v else "no")
    if isinstance(v, _dt.date):
        return v.isoformat()
    if isinstance(v, int):
        v = Decimal(v)
    if isinstance(v, Decimal):
        if spec == "yuan":
            return f"{to_fen(v):,.2f}" + ("元" if lang == "zh_CN" else " yuan")
        if spec == "pct":
            p = (v * 100).quantize(Decimal("0.01")).normalize()
            return f"{p:f}%"
        if spec == "int":
            return f"{v.to_integral_value():,f}"
        q = v.quantize(Decimal("0.000001")) if v.as_tuple().exponent < -6 else v
        s = f"{q.normalize():f}" if q == q.to_integral_value() else f"{q:f}".rstrip("0").rstrip(".")
        return s
    if isinstance(v, str):
        if spec == "size" and v in SIZE_NAMES:
            return SIZE_NAMES[v][lang]
        return v
    if isinstance(v, (list, tuple)):
        return f"[{len(v)}]"
    return str(v)


_PH = re.compile(r"\{([a-z_][a-z0-9_]*)(?::([a-z]*))?\}")


def fill(text: Text, env: Env, lang: str) -> str:
    t = text.get(lang)
    return _PH.sub(lambda m: fmt_value(env.lookup(m.group(1)), m.group(2) or "", lang), t)


_IDENT = re.compile(r"(?<![\w'\"])([a-z_][a-z0-9_]*)(?![\w'\"(])")


_KEYWORDS = frozenset(("and", "or", "not", "in", "if", "else", "True", "False"))


@lru_cache(maxsize=4096)
def _tokens(src: str) -> tuple[tuple[bool, str], ...]:
    """``src`` split into literal text (False, text) and names (True, name), once per source."""
    out: list[tuple[bool, str]] = []
    pos = 0
    for m in _IDENT.finditer(src):
        if m.group(1) in _KEYWORDS:
            continue
        if m.start() > pos:
            out.append((False, src[pos:m.start()]))
        out.append((True, m.group(1)))
        pos = m.end()
    if pos < len(src):
        out.append((False, src[pos:]))
    return tuple(out)


def substitute(src: str, env: Env, lang: str) -> str:
    """The expression with every name replaced by its value, for the arithmetic steps."""
    parts = []
    for is_name, text in _tokens(src):
        if not is_name:
            parts.append(text)
            continue
        v = env.lookup(text)
        if isinstance(v, list) and text in LIST_MODELS:
            n = len(v)
            parts.append(f"{field_label_any(text, lang)}（{n}笔）" if lang == "zh_CN" else f"{field_label_any(text, lang)} ({n})")
        elif isinstance(v, Unknown):
            parts.append(_item_label(text, lang))
        else:
            parts.append(fmt_value(v, "", lang))
    return "".join(parts)


@lru_cache(maxsize=4096)
def _item_label(name: str, lang: str) -> str:
    """Inside sum_over(...) the item fields are bare names: show their labels."""
    for model in LIST_MODELS.values():
        if name in model.model_fields:
            return field_label(model, name, lang)
    return name


@lru_cache(maxsize=4096)
def field_label_any(name: str, lang: str) -> str:
    """The label of a scenario field or of a list item field ('loans[0].principal')."""
    m = re.fullmatch(r"(\w+)\[(\d+)\]\.(\w+)", name)
    if m:
        lst, idx, f = m.group(1), int(m.group(2)), m.group(3)
        outer = field_label(Scenario, lst, lang)
        inner = field_label(LIST_MODELS[lst], f, lang)
        return f"{outer} 第{idx + 1}笔·{inner}" if lang == "zh_CN" else f"{outer} #{idx + 1} {inner}"
    if name in Scenario.model_fields:
        return field_label(Scenario, name, lang)
    return name


def needs_text(fields: set[str] | frozenset[str], lang: str) -> str:
    k = (frozenset(fields), lang)
    got = _NEEDS_TEXT.get(k)
    if got is None:
        if len(_NEEDS_TEXT) >= 4096:
            _NEEDS_TEXT.clear()
        got = _NEEDS_TEXT[k] = _needs_text(fields, lang)
    return got


_NEEDS_TEXT: dict[tuple[frozenset[str], str], str] = {}


def _needs_text(fields: set[str] | frozenset[str], lang: str) -> str:
    labels = [f"{field_label_any(f, lang)}（{f}）" if lang == "zh_CN" else f"{field_label_any(f, lang)} ({f})"
              for f in sorted(fields)]
    return ("需要输入：" + "、".join(labels)) if lang == "zh_CN" else ("needs " + ", ".join(labels))


# ------------------------------------------------------------------------------------------------

def _base_values(sc: Scenario) -> dict[str, Any]:
    vals: dict[str, Any] = dict(sc.__dict__)   # the validated fields (extra="forbid": nothing else)
    for name in LIST_MODELS:
        v = vals.get(name)
        if v is not None:
            # an item model is flat (plain values, no serializers): its fields are what model_dump gives
            vals[name] = [dict(it.__dict__) for it in v]
    return vals


def _derived(bundle: Bundle, vals: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    size = classify_size(bundle, vals)
    slp = classify_small_low_profit(vals)
    vsz = classify_vat_refund_size(bundle, vals)
    if vsz.value is None and vals.get("size"):
        vsz = classify_size(bundle, vals)

    def val(c: Any) -> Any:
        return c.value if c.value is not None else Unknown(frozenset(c.missing or {"industry_code"}))

    d = {
        "size": val(size),
        "small_low_profit": val(slp),
        "vat_refund_size": val(vsz),
    }
    d["sme"] = (d["size"] if isinstance(d["size"], Unknown) else d["size"] in ("micro", "small", "medium"))
    auto = classify_size(bundle, vals, override=False) if vals.get("size") else size
    info = {"size": size, "small_low_profit": slp, "vat_refund_size": vsz, "size_auto": auto}
    return d, info


def _in_force(cm: CompiledMeasure, as_of: _dt.date) -> bool:
    p = cm.m.period
    return p.start <= as_of and (p.end is None or as_of <= p.end)


def _period_text(cm: CompiledMeasure, lang: str) -> str:
    p = cm.m.period
    end = p.end.isoformat() if p.end else ("长期" if lang == "zh_CN" else "open-ended")
    return f"{p.start.isoformat()} – {end}"


def _source_dict(src: Any, lang: str) -> dict[str, Any]:
    c, doc = src.citation, src.document
    return {"seed_file": c.seed_file, "clause": c.clause, "quote": c.quote, "document": doc.title.get(lang),
            "document_number": doc.number, "draft": doc.draft, "jurisdiction": doc.jurisdiction}


class _Shared(dict):
    """A part of an item that every result shares with the engine (a measure's citation, period,
    rules, where to apply): read-only. ``dict(x)`` or ``x.copy()`` gives a plain dict to change."""

    __slots__ = ()

    def _read_only(self, *a: Any, **k: Any) -> Any:
        raise TypeError("this part of a result is shared by every result and read-only: "
                        "copy it (dict(x)) to change it")

    __setitem__ = __delitem__ = update = pop = popitem = clear = setdefault = __ior__ = _read_only  # type: ignore[assignment]

    def copy(self) -> dict[str, Any]:  # type: ignore[override]
        return dict(self)

    def __reduce__(self) -> Any:  # pickling and deepcopy give a plain dict
        return (dict, (dict(self),))


class _SharedList(list):
    """A list every result shares with the engine (a measure's clauses, a rule's figures): read-only."""

    __slots__ = ()

    def _read_only(self, *a: Any, **k: Any) -> Any:
        raise TypeError("this part of a result is shared by every result and read-only: "
                        "copy it (list(x)) to change it")

    append = extend = insert = remove = pop = clear = sort = reverse = _read_only  # type: ignore[assignment]
    __setitem__ = __delitem__ = __iadd__ = __imul__ = _read_only  # type: ignore[assignment]

    def copy(self) -> list[Any]:  # type: ignore[override]
        return list(self)

    def __reduce__(self) -> Any:
        return (list, (list(self),))


def _shared(v: Any) -> Any:
    """``v`` (JSON-like) made of read-only parts."""
    if isinstance(v, dict):
        return _Shared({k: _shared(x) for k, x in v.items()})
    if isinstance(v, list):
        return _SharedList(_shared(x) for x in v)
    return v


def _skeleton(cm: CompiledMeasure, lang: str, bundle: Bundle, jid: str) -> dict[str, Any]:
    """The parts of an item that do not depend on the scenario, built once per language and
    jurisdiction (the source shown is the evaluated jurisdiction's own clause). Its nested parts
    (source, sources, period, apply, rules) are shared by every result, read-only."""
    return _plan(cm, lang, bundle, jid).sk


def _parts(t: str) -> Any:
    """A reason's template split once: the text itself when it has no placeholder, else a tuple
    of literal texts and (name reader, format) pairs."""
    got = _TEMPLATES.get(t)
    if got is None:
        out: list[Any] = []
        pos = 0
        for m in _PH.finditer(t):
            if m.start() > pos:
                out.append(t[pos:m.start()])
            out.append((_lookup_fn(m.group(1)), m.group(2) or ""))
            pos = m.end()
        if pos < len(t):
            out.append(t[pos:])
        got = _TEMPLATES[t] = t if all(isinstance(x, str) for x in out) else tuple(out)
    return got


_TEMPLATES: dict[str, Any] = {}


def _render(parts: Any, env: Env, lang: str) -> str:
    """:func:`fill` on a template split by :func:`_parts`."""
    if parts.__class__ is str:
        return parts
    return "".join([p if p.__class__ is str else fmt_value(p[0](env), p[1], lang) for p in parts])


class _Plan:
    """What evaluating one measure for one language and jurisdiction needs, prepared once: the
    item's constant parts, the reason templates split, the not-in-force text's constant ends."""

    __slots__ = ("sk", "reasons", "nif_sk", "start", "end", "nif", "conds", "lets", "late", "nq", "why", "cap_label",
                 "reuse", "key_of", "key_pos", "lists", "looks", "hits", "cost", "ifs", "date_lets")

    def __init__(self, cm: CompiledMeasure, lang: str, bundle: Bundle, jid: str):
        m = cm.m
        doc = bundle.documents[m.document]
        jur = bundle.jurisdictions[m.jurisdiction]
        sources = [_source_dict(s, lang) for s in cm.sources]
        picked = pick_source(bundle, cm, jid)
        sk: dict[str, Any] = {
            "measure_id": m.id,
            "title": m.title.get(lang),
            "jurisdiction": m.jurisdiction,
            "level": jur.zh if lang == "zh_CN" else jur.en,
            "effect": m.effect,
            "category": m.category or EFFECT_CATEGORY[m.effect],
            "status": "eligible",
            "amount": "0.00",
            "reasons": [],
            "steps": [],
            "source": _shared(dict(sources[picked])),
            "sources": _shared(sources),
            "draft": doc.draft,
            "period": _shared({"start": m.period.start.isoformat(),
                               "end": m.period.end.isoformat() if m.period.end else None}),
            "stacking": m.stacking.rule.get(lang),
            "quantified": m.amount is not None,
            "needs": [],
        }
        sk["apply"] = _shared(_apply(m, lang, bundle.chain(jid)))
        if m.rules:
            sk["rules"] = _shared([{"number": r.number, "figures": list(r.figures), "what": r.what.get(lang)}
                                   for r in m.rules])
        if m.notes is not None:
            sk["notes"] = m.notes.get(lang)
        if doc.draft:
            sk["reasons"].append("出自征求意见稿，尚未正式施行，仅供参考" if lang == "zh_CN"
                                 else "from a consultation draft (征求意见稿), not yet in force as law: indicative only")
        self.sk = sk
        self.reasons = tuple(sk["reasons"])
        self.nif_sk = {**sk, "status": "not_in_force"}
        self.start, self.end = m.period.start, m.period.end
        pt = _period_text(cm, lang)
        self.nif = ((f"有效期 {pt}，评估日期 ", " 不在期内") if lang == "zh_CN" else
                    (f"in force {pt}; ", " is outside it"))
        self.conds = tuple((e, _parts(ok.get(lang)), _parts(fail.get(lang))) for e, ok, fail in cm.conditions)
        self.lets = tuple((name, e, _parts(lab.get(lang))) for name, e, lab in cm.lets)
        # the named steps may wait until the conditions hold when no condition (nor its reason
        # texts) reads one and no declared inference notes one: a measure they rule out, or that
        # waits for an input, never needs them
        read = set()
        for e, ok, fail in cm.conditions:
            read |= e.names
            read |= {m.group(1) for lg in LANGS for m in _PH.finditer(ok.get(lg) + fail.get(lg))}
        self.late = bool(self.lets) and not cm.let_rules and not read & {name for name, _, _ in cm.lets}
        self.nq = _parts(m.not_quantified.get(lang)) if m.not_quantified is not None else None
        self.why = _parts(m.range.why.get(lang)) if m.range is not None else None
        self.cap_label = m.cap_label.get(lang) if m.cap_label else ("封顶" if lang == "zh_CN" else "cap")
        # evaluate(reuse=True): this measure's outcomes while in force, kept by the values it reads
        # (the date among them only where it reads it): see _reused
        own = {name for name, _, _ in cm.lets}
        names = tuple(n for n in cm.key_names if n not in own)
        self.key_of = _getter(names)
        self.key_pos = {n: i for i, n in enumerate(names)}
        self.lists = any(n in LIST_MODELS for n in names)   # its key reads a list (key_values)
        # without steps, a measure that reads the date only in named steps of the facts (the months
        # left, the year) is kept by those steps' values instead of the date
        self.date_lets: tuple[Any, ...] | None = None
        dated = [i for i, (_, e, _) in enumerate(cm.lets) if "as_of" in e.names]
        if dated and "as_of" not in _read_beside_lets(cm):
            steps_to = tuple((n, e.fn) for n, e, _ in cm.lets[:dated[-1] + 1])   # the steps they need
            if not any(n in cm.let_rules for n, _ in steps_to):
                lean = tuple(n for n in names if n != "as_of")
                self.date_lets = (_getter(lean), {n: i for i, n in enumerate(lean)}, steps_to,
                                  tuple(cm.lets[i][0] for i in dated), _by_date(cm, dated))
        self.reuse: dict[Any, dict[str, Any]] | None = {}
        self.looks = self.hits = 0
        self.cost = 0.0   # the seconds its computing took in this trial
        self.ifs: dict[Any, Any] = {}   # amount_if's best answers by the same values (answer._amount_if)


def _by_date(cm: CompiledMeasure, dated: list[int]) -> tuple[tuple[tuple[str, Any], ...], dict] | None:
    """Where the named steps that read the date (``dated``: their positions) need, besides one
    another, nothing but the date: those steps in order and an empty dict to keep their values by
    the date (:func:`kept_key`); else None. A name a step reads is a step's when a step before it
    has that name, else a fact's."""
    lets = cm.lets
    need = {i for i in dated}
    reads: set[str] = set()
    for i in range(dated[-1], -1, -1):
        if i not in need:
            continue
        before = {lets[j][0]: j for j in range(i)}
        for n in lets[i][1].names:
            if n in before:
                need.add(before[n])
            else:
                reads.add(n)
    if not reads <= {"as_of"}:
        return None
    return tuple((lets[i][0], lets[i][1].fn) for i in sorted(need)), {}


BY_DATE_SIZE = 512
"""kept_key: per measure, the values of its steps that read only the date, for at most this many dates."""


def _NO_KEY(vals: dict[str, Any]) -> tuple:
    return ()


def _getter(names: tuple[str, ...]) -> Any:
    """The values of ``names`` in a dict, as a tuple."""
    if len(names) > 1:
        return itemgetter(*names)
    if names:
        n = names[0]
        return lambda v: (v[n],)
    return _NO_KEY


def _read_beside_lets(cm: CompiledMeasure) -> set[str]:
    """The names a measure reads other than in its named steps' expressions: its conditions, amount,
    bounds, texts and the declared inferences about its steps."""
    out: set[str] = set()
    for e, ok, fail in cm.conditions:
        out |= e.names
        for t in (ok, fail):
            out |= {m.group(1) for lg in LANGS for m in _PH.finditer(t.get(lg))}
    for e in (cm.amount, cm.range_min, cm.range_max, cm.cap, cm.floor):
        if e is not None:
            out |= e.names
    m = cm.m
    for t in [lab for _, _, lab in cm.lets] + [x for x in (m.notes, m.not_quantified, m.range.why if m.range else None)
                                               if x is not None]:
        out |= {g.group(1) for lg in LANGS for g in _PH.finditer(t.get(lg))}
    for rules in cm.let_rules.values():
        for r in rules:
            out |= r.when.names
    return out


def _plan(cm: CompiledMeasure, lang: str, bundle: Bundle, jid: str) -> _Plan:
    got = cm.skeletons.get((lang, jid))
    if got is None:
        got = cm.skeletons[(lang, jid)] = _Plan(cm, lang, bundle, jid)  # type: ignore[assignment]
    return got  # type: ignore[return-value]


def _apply_none(lang: str) -> dict[str, Any]:
    return {"office": None, "partners": None, "deadline": None, "jurisdiction": None, "basis": NO_OFFICE[lang],
            "source": None}


NO_OFFICE = {"zh_CN": "文件未写明承办部门", "en_US": "the text names no office"}


def _apply(m: Any, lang: str, chain: list[str]) -> dict[str, Any]:
    """Where to apply as the text says (``office`` None when it names none, or names another place's
    offices than the evaluated chain's): see models.policy.Apply."""
    mine = [a for a in m.apply if a.jurisdiction in chain]
    if not mine:
        return _apply_none(lang)
    a = max(mine, key=lambda x: chain.index(x.jurisdiction))
    return {"office": a.office, "partners": a.partners, "deadline": a.deadline, "jurisdiction": a.jurisdiction,
            "basis": a.basis.get(lang), "source": a.source.model_dump()}


def _plans(bundle: Bundle, jid: str, lang: str) -> list[_Plan]:
    """The plans of ``jid``'s measures in the chain's order (kept per bundle, chain and language)."""
    cache = bundle.__dict__.setdefault("_plans", {})
    got = cache.get((jid, lang))
    if got is None:
        got = cache[(jid, lang)] = [_plan(cm, lang, bundle, jid) for cm in bundle.measures_for(jid)]
    return got


def _evaluate_measure(cm: CompiledMeasure, base: Env, as_of: _dt.date, lang: str,
                      bundle: Bundle, with_steps: bool = True, plan: _Plan | None = None) -> dict[str, Any]:
    m = cm.m
    if plan is None:
        plan = _plan(cm, lang, bundle, base.context.chain[-1])
    # the nested parts that do not depend on the scenario (source, sources, period, apply, rules)
    # are the plan's own, shared and read-only (:class:`_Shared`)
    if as_of < plan.start or (plan.end is not None and as_of > plan.end):
        a, b = plan.nif
        item = plan.nif_sk.copy()   # (a copy of a dict is quicker than a display merging one)
        item["reasons"] = [a + as_of.isoformat() + b, *plan.reasons]
        item["steps"] = []
        item["needs"] = []
        return item
    item = plan.sk.copy()
    item["reasons"] = list(plan.reasons) if plan.reasons else []
    item["steps"] = []
    item["needs"] = []

    lets: dict[str, Any] = {}
    # a measure without named steps, or whose steps wait for its conditions, reads the facts as they are
    env = base.child(lets) if plan.lets and not plan.late else base
    try:
        for name, expr, _ in (() if plan.late else plan.lets):
            try:
                v = expr.fn(env)
            except (InvalidOperation, OverflowError) as e:
                raise EvalError(f"{expr.source!r}: {e.__class__.__name__}") from e
            lets[name] = v
            if cm.let_rules:
                lets[name], _rule = infer.let_value(cm.let_rules.get(name), v, env)
                if _rule is not None:
                    item.setdefault("inferred", []).append(infer_note(_rule, name, lang))
        failed: list[str] = []
        passed: list[str] = []
        unknown: set[str] = set()
        for expr, ok_t, fail_t in plan.conds:
            try:
                r = expr.fn(env)
            except (InvalidOperation, OverflowError) as e:
                raise EvalError(f"{expr.source!r}: {e.__class__.__name__}") from e
            if isinstance(r, Unknown):
                unknown |= r.fields
            elif r:
                passed.append(ok_t if ok_t.__class__ is str else _render(ok_t, env, lang))
            else:
                failed.append(fail_t if fail_t.__class__ is str else _render(fail_t, env, lang))
        if failed:
            item["status"] = "ineligible"
            item["reasons"] = failed + passed + item["reasons"]
            return item
        if unknown:
            return _needs(item, passed, unknown, lang)
        if plan.late:
            env = base.child(lets)
            for name, expr, _ in plan.lets:
                try:
                    lets[name] = expr.fn(env)
                except (InvalidOperation, OverflowError) as e:
                    raise EvalError(f"{expr.source!r}: {e.__class__.__name__}") from e
        item["reasons"] = passed + item["reasons"]
        if cm.amount is None:
            item["reasons"].append(_render(plan.nq, env, lang))
            return item
        steps = item["steps"]
        amount = cm.amount(env)
        lo = cm.range_min(env) if cm.range_min else None
        hi = cm.range_max(env) if cm.range_max else None
        cap = cm.cap(env) if cm.cap else None
        flo = cm.floor(env) if cm.floor else None
        missing: set[str] = set()
        spread: set[str] = set()   # unknowns that only move the amount within bounds
        for v in (amount, lo, hi, cap, flo):
            if v is None or v.__class__ is Decimal:
                continue
            if isinstance(v, Bounded) and v is not cap and v is not flo and v.lo.is_finite():
                spread |= v.fields
            elif isinstance(v, Unknown):
                missing |= v.fields
        if missing:
            return _needs(item, [], missing, lang)
        if with_steps:
            # the named steps (written once the amount is known to be computable: an item that
            # waits for an input shows none)
            for name, expr, lab in plan.lets:
                v = lets[name]
                if v.__class__ is Decimal or isinstance(v, Bounded) or (
                        not isinstance(v, Unknown) and isinstance(v, (Decimal, int))):
                    steps.append(_step(lab if lab.__class__ is str else _render(lab, env, lang),
                                       expr.source if expr.branches is None else expr.shown_source(env),
                                       v, env, lang))
            amount_word = "金额" if lang == "zh_CN" else "amount"
            a_expr = cm.amount
            steps.append(_step(amount_word, a_expr.source if a_expr.branches is None else a_expr.shown_source(env),
                               amount, env, lang))
        if spread:
            # the estimate is the end that holds whatever the unknowns are; the range shows the rest
            lo = _end(lo if lo is not None else amount, 0)
            hi = _end(hi if hi is not None else amount, 1)
            amount = _end(amount, 0)
        amount = Decimal(amount)

        cap_d = None if cap is None else Decimal(cap)
        flo_d = None if flo is None else Decimal(flo)

        def bound(v: Decimal) -> Decimal:
            if cap_d is not None:
                v = min(v, cap_d)
            if flo_d is not None:
                v = max(v, flo_d)
            return max(v, ZERO)

        if with_steps and cap is not None and amount > cap:
            cl = plan.cap_label
            steps.append(f"{cl} {fmt_value(Decimal(cap), 'yuan', lang)}: min({fmt_value(amount, '', lang)}, "
                         f"{fmt_value(Decimal(cap), '', lang)}) = {fmt_value(Decimal(cap), '', lang)}")
        if with_steps and flo is not None and amount < flo:
            steps.append(("保底 " if lang == "zh_CN" else "floor ") + fmt_value(Decimal(flo), "yuan", lang))
        final = to_fen(max(amount, ZERO) if cap_d is None and flo_d is None else bound(amount))
        if spread and not bound(Decimal(hi)).is_finite():
            return _needs(item, [], spread, lang)
        final_s = f"{final:.2f}"   # money_str of a figure already rounded to the fen
        if with_steps:
            steps.append(f"{ROUNDING_RULE[lang]}: {final_s}")
        item["amount"] = final_s
        if spread:
            item["range_needs"] = sorted(spread)
            item["reasons"].append(_spread_reason(spread, money_str(bound(Decimal(hi))), lang))
        if lo is not None and hi is not None:
            item["amount_min"] = money_str(bound(Decimal(lo)))   # (money_str rounds to the fen)
            item["amount_max"] = money_str(bound(Decimal(hi)))
            if with_steps:
                steps.append((f"范围 {item['amount_min']} – {item['amount_max']}" if lang == "zh_CN"
                              else f"range {item['amount_min']} – {item['amount_max']}"))
            if plan.why is not None:
                item["reasons"].append(_render(plan.why, env, lang))
        return item
    except (EvalError, ArithmeticError, ValueError, TypeError) as e:
        # what the load-time checks cannot rule out (a division by zero, a date beyond the calendar):
        # this item says so; the other measures of the scenario are evaluated as usual
        item["status"] = "needs_input"
        item["amount"] = "0.00"
        item.pop("amount_min", None)
        item.pop("amount_max", None)
        item["steps"] = []
        item["error"] = f"{e.__class__.__name__}: {e}"[:300]
        item["reasons"].append(("无法计算：" if lang == "zh_CN" else "cannot compute: ") + str(e)[:300])
        return item


def _end(v: Any, i: int) -> Any:
    """One end of a number that may be Bounded (0: low, 1: high)."""
    if isinstance(v, Bounded):
        return v.lo if i == 0 else v.hi
    return v


def _spread_reason(fields: set[str], hi: str, lang: str) -> str:
    names = ("、".join(f"“{field_label_any(f, lang)}”" for f in sorted(fields)) if lang == "zh_CN"
             else ", ".join(f"“{field_label_any(f, lang)}”" for f in sorted(fields)))
    return (f"按无论{names}如何都成立的一端估算；回答{names}最多可提高至{hi}元" if lang == "zh_CN"
            else f"estimated at the end that holds whatever {names} is; answering it may raise this to {hi} yuan")


def infer_note(rule: Any, name: str, lang: str) -> dict[str, Any]:
    """An inferred fact as items and results list it."""
    return {"field": name, "rule": rule.id, "value": _jsonable(rule.value),
            "text": rule.rule.text.get(lang)}


def _jsonable(v: Any) -> Any:
    if isinstance(v, Decimal):
        return money_str(v) if v != v.to_integral_value() else int(v)
    return v


_SHOWN_FUNCS = {
    "sum_over": {"zh_CN": "合计", "en_US": "sum"},
    "count_over": {"zh_CN": "计数", "en_US": "count"},
    "any_over": {"zh_CN": "任一", "en_US": "any"},
    "all_over": {"zh_CN": "全部", "en_US": "all"},
}


def _shown(text: str, lang: str) -> str:
    """An expression's text as a step shows it: × and ÷, the functions by their words."""
    text = text.replace(" * ", " × ").replace(" / ", " ÷ ")
    for fn, words in _SHOWN_FUNCS.items():
        text = text.replace(fn + "(", words[lang] + "(")
    return text


def _step_parts(src: str, lang: str) -> tuple[Any, ...]:
    """``src`` split once for a step: literal texts already as shown, names as their readers.

    Splitting first and showing each literal is the same as showing the substituted text: the
    marks (`` * ``, `` / ``, ``sum_over(``) lie inside literal texts, names never end or start one;
    a substituted value that itself holds a mark is shown afterwards (:func:`_step`)."""
    k = (src, lang)
    got = _STEP_PARTS.get(k)
    if got is None:
        got = _STEP_PARTS[k] = tuple(_shown(text, lang) if not is_name else (_lookup_fn(text), text)
                                     for is_name, text in _tokens(src))
    return got


_STEP_PARTS: dict[tuple[str, str], tuple[Any, ...]] = {}


def _substituted(src: str, env: Env, lang: str) -> str:
    """:func:`substitute` then :func:`_shown`, from the parts split once."""
    out = []
    formatted = _FORMATTED
    for p in _step_parts(src, lang):
        if p.__class__ is str:
            out.append(p)
            continue
        get, name = p
        v = get(env)
        if v.__class__ is Decimal:
            t = formatted.get((str(v), "", lang))
            out.append(t if t is not None else fmt_value(v, "", lang))
            continue
        if isinstance(v, list) and name in LIST_MODELS:
            t = (f"{field_label_any(name, lang)}（{len(v)}笔）" if lang == "zh_CN"
                 else f"{field_label_any(name, lang)} ({len(v)})")
        elif isinstance(v, Unknown):
            t = _item_label(name, lang)
        else:
            t = fmt_value(v, "", lang)
        # every mark but the two operators ends in "(" (``sum_over(``)
        out.append(_shown(t, lang) if "(" in t or " * " in t or " / " in t else t)
    return "".join(out)


def _step(label: str, src: str, value: Any, env: Env, lang: str) -> str:
    shown = _substituted(src, env, lang)
    val = fmt_value(value, "", lang)
    if shown.strip() == val:
        return f"{label} = {val}"
    return f"{label} = {shown} = {val}"


def _needs(item: dict[str, Any], passed: list[str], fields: set[str], lang: str) -> dict[str, Any]:
    item["status"] = "needs_input"
    item["needs"] = sorted(fields)
    item["reasons"] = [needs_text(fields, lang)] + passed + item["reasons"]
    item["steps"] = []
    return item


def _stacking_ids(bundle: Bundle) -> frozenset[str]:
    """The measures a stacking rule can change: members of an exclusive group, measures that
    restate or replace others, and the ones they replace (computed once per bundle)."""
    got = bundle.__dict__.get("_stacking_ids")
    if got is None:
        ids: set[str] = set()
        for cm in bundle.measures:
            if cm.m.stacking.group or cm.replaces_all:
                ids.add(cm.m.id)
                ids.update(cm.replaces_all)
        got = bundle.__dict__["_stacking_ids"] = frozenset(ids)
    return got


class _Layout:
    """Where the measures a stacking rule can change lie in a chain's list of outcomes, worked out
    once per chain: their positions, the order in which restatements are decided (deepest level
    first), and the exclusive groups' members in the chain's order."""

    __slots__ = ("pos", "deepest", "replacing", "groups")

    def __init__(self, items: list[dict[str, Any]], bundle: Bundle):
        cms = bundle.by_id
        ids = _stacking_ids(bundle)
        self.pos = {it["measure_id"]: i for i, it in enumerate(items) if it["measure_id"] in ids}
        self.deepest = tuple(sorted(self.pos, key=lambda mid: (-cms[mid].depth, self.pos[mid])))
        # those that restate or replace others, in that order: the only ones the first rule acts for
        self.replacing = tuple(mid for mid in self.deepest if cms[mid].replaces_all)
        groups: dict[str, list[str]] = {}
        for mid in self.pos:
            g = cms[mid].m.stacking.group
            if g:
                groups.setdefault(g, []).append(mid)
        self.groups = tuple((g, tuple(mids)) for g, mids in groups.items() if len(mids) > 1)

    def fits(self, items: list[dict[str, Any]]) -> bool:
        return all(i < len(items) and items[i]["measure_id"] == mid for mid, i in self.pos.items())


def _layout(items: list[dict[str, Any]], bundle: Bundle, measures: list[CompiledMeasure] | None = None) -> _Layout:
    """The :class:`_Layout` of ``items``. With ``measures``, the chain's measures whose outcomes
    ``items`` are (in their order), it is kept by that list (held by the entry, so its id stays
    its own); else by the items' length and ends, and checked against them."""
    if measures is not None:
        by_list = bundle.__dict__.setdefault("_stacking_layouts_of", {})
        got = by_list.get(id(measures))
        if got is not None and got[0] is measures:
            return got[1]
        lay = _Layout(items, bundle)
        if len(by_list) < 256:
            by_list[id(measures)] = (measures, lay)
        return lay
    cache = bundle.__dict__.setdefault("_stacking_layouts", {})
    k = (len(items), items[0]["measure_id"], items[-1]["measure_id"]) if items else (0,)
    got = cache.get(k)
    if got is None or not got.fits(items):
        got = _Layout(items, bundle)
        if len(cache) < 256:
            cache[k] = got
    return got


def _apply_stacking(items: list[dict[str, Any]], bundle: Bundle, lang: str, copy: Any = None,
                    measures: list[CompiledMeasure] | None = None) -> None:
    """Apply the stacking rules to ``items`` (the chain's measures' outcomes, in its order) in place.
    With ``copy``, an item is first replaced in ``items`` by ``copy(item)`` when, and only when, a
    rule changes it (the others stay shared with their owner). ``measures``: the chain's measures
    ``items`` are the outcomes of, when the caller has them."""
    zh = lang == "zh_CN"
    lay = _layout(items, bundle, measures)
    pos = lay.pos
    made: set[str] = set()

    def mine(it: dict[str, Any]) -> dict[str, Any]:
        mid = it["measure_id"]
        if copy is None or mid in made:
            return items[pos[mid]]
        c = items[pos[mid]] = copy(it)
        made.add(mid)
        return c

    cms = bundle.by_id
    # 1. restatements and replacements count once: the lowest level in force decides. ``replaces``
    #    is followed transitively, so a district rule stands for the city's and the province's too.
    deepest_first = [mid for mid in lay.replacing if items[pos[mid]]["status"] != "not_in_force"]
    for mid in deepest_first:
        it = items[pos[mid]]
        if it["status"] == "excluded":
            continue
        cm = cms[mid]
        if it["status"] == "ineligible" and cm.m.stacking.replaces_when == "applicable":
            continue
        replaced = []
        for ref in cm.replaces_all:
            i = pos.get(ref)
            if i is None:
                continue
            old = items[i]
            if old["status"] in ("not_in_force", "excluded"):
                continue
            old = mine(old)
            replaced.append(old)
            old["status"] = "excluded"
            old["amount"] = "0.00"
            old.pop("amount_min", None)
            old.pop("amount_max", None)
            old["reasons"].insert(0, (f"由{it['level']}“{it['title']}”（{it['measure_id']}）重述或替代，按其规则计算，不重复计算"
                                      if zh else
                                      f"restated or replaced by {it['level']}'s “{it['title']}” ({it['measure_id']}), "
                                      f"whose rule decides; counted once"))
        if replaced:
            it = mine(it)
            names = "、".join(f"{o['level']}“{o['title']}”" for o in replaced) if zh else \
                ", ".join(f"{o['level']}'s “{o['title']}”" for o in replaced)
            it["reasons"].append(f"本项按{it['level']}规则计算，代替{names}，只计一次" if zh else
                                 f"{it['level']}'s rule decides here, in place of {names}; counted once")
    # 2. exclusive groups: 不重复享受 / 就高
    for g, mids in lay.groups:
        members = [it for it in (items[pos[mid]] for mid in mids) if it["status"] == "eligible"]
        if len(members) < 2:
            continue
        res = cms[members[0]["measure_id"]].m.stacking.resolution
        if res == "highest":
            # on equal amounts the more local measure is shown as the one taken
            winner = max(members, key=lambda it: (Decimal(it["amount"]), cms[it["measure_id"]].depth,
                                                  -cms[it["measure_id"]].order))
        else:
            winner = min(members, key=lambda it: (cms[it["measure_id"]].m.stacking.priority,
                                                  cms[it["measure_id"]].order))
        for it in members:
            it = mine(it)
            if it["measure_id"] == winner["measure_id"]:
                it["reasons"].append((f"与同组措施不重复享受，{'就高' if res == 'highest' else '按优先顺序'}取本项"
                                      if zh else
                                      f"does not stack with its group; {'the highest' if res == 'highest' else 'the first by priority'} is this one"))
                continue
            it["reasons"].insert(0, (f"与“{winner['title']}”（{winner['measure_id']}，{winner['amount']}元）不重复享受，"
                                     f"{'就高' if res == 'highest' else '按优先顺序'}取后者"
                                     if zh else
                                     f"does not stack with “{winner['title']}” ({winner['measure_id']}, {winner['amount']} yuan); "
                                     f"{'the higher' if res == 'highest' else 'the first by priority'} is taken"))
            it["status"] = "excluded"
            it["amount"] = "0.00"
            it.pop("amount_min", None)
            it.pop("amount_max", None)


MEASURE_CACHE_SIZE = 64
"""Per measure, the last outcomes by the values of the inputs it reads (plus language and date).

A measure's own outcome (status, amount, reasons, steps) depends only on those values, so when
one input changes (a user typing in the window) only the measures that read it are computed
again. Stacking runs on copies, every time. Set to 0 to switch the cache off (benchmarks)."""


def _hashable(v: Any) -> Any:
    if isinstance(v, list):
        return tuple(tuple(sorted((k, _hashable(x)) for k, x in it.items())) if isinstance(it, dict) else it
                     for it in v)
    return v


def _thaw(item: dict[str, Any]) -> dict[str, Any]:
    """A copy of a cached item that stacking and callers may change freely (its shared parts
    excepted: they are read-only, see :class:`_Shared`)."""
    out = item.copy()
    out["reasons"] = list(item["reasons"])
    out["steps"] = list(item["steps"])
    out["needs"] = list(item["needs"])
    for k in ("inferred", "range_needs"):
        if k in item:
            out[k] = list(item[k])
    return out


class Prepared:
    """The facts one evaluation computes with: the answers, the presumptions and inferences filled
    in, the derived facts; and the measures of the chain."""

    __slots__ = ("raw", "base", "_hv", "info", "assumed", "inferred", "chain", "measures", "as_of",
                 "jurisdiction", "_over", "_under", "kvals")

    def __init__(self, raw: dict[str, Any], base: Env, info: dict[str, Any], assumed: dict[str, Any], inferred: dict[str, Any],
                 chain: list[str], measures: list[CompiledMeasure], as_of: _dt.date, jurisdiction: str):
        self.raw = raw
        self.base = base
        self._hv: dict[str, Any] | None = None
        self.info = info
        self.assumed = assumed
        self.inferred = inferred
        self.chain = chain
        self.measures = measures
        self.as_of = as_of
        self.jurisdiction = jurisdiction
        self._over: dict[str, Any] | None = None      # a question's answers, hashable (with_values)
        self._under: Prepared | None = None           # the facts they lie over
        self.kvals: KeyFacts | None = None            # evaluate(reuse=True): the facts as keys read them

    def with_values(self, answers: dict[str, Any]) -> "Prepared":
        """These facts with a few inputs answered, where nothing derived, presumed or inferred follows
        from them (the caller checks): for evaluating a question. The answers lie over the facts
        (nothing is copied); the cache keys are those of the same facts written out in full."""
        out = Prepared.__new__(Prepared)
        for k in self.__slots__:
            setattr(out, k, getattr(self, k))
        under = self if self._over is None else self._under
        over = _decimals(dict(answers) if self._over is None else {**self._over_values(), **answers})
        out.raw = {**self.raw, **answers}
        out.base = Env(over, under.base.known_names, under.base.context, under.base)
        out._hv = None
        out._over = {k: _hashable(v) for k, v in over.items()}
        out._under = under
        out.kvals = None
        out.inferred = {k: v for k, v in self.inferred.items() if k not in answers}
        return out

    def _over_values(self) -> dict[str, Any]:
        return dict(self.base.values)

    @property
    def hv(self) -> dict[str, Any]:
        """The values in hashable form, for the measures' cache keys (made when first needed)."""
        if self._hv is None:
            if self._over is not None:
                self._hv = {**self._under.hv, **self._over}   # type: ignore[union-attr]
            else:
                self._hv = {k: _hashable(v) for k, v in self.base.values.items()}
        return self._hv

    def key(self, cm: CompiledMeasure) -> tuple:
        over = self._over
        if over is None:
            hv = self.hv
            return tuple([hv.get(n) for n in cm.key_names])
        hv = self._under.hv  # type: ignore[union-attr]
        return tuple([over[n] if n in over else hv.get(n) for n in cm.key_names])


def relevant_inputs(bundle: Bundle, jid: str, as_of: _dt.date) -> frozenset[str]:
    """The inputs the chain's measures in force read (cached per bundle, chain and date)."""
    cache = bundle.__dict__.setdefault("_relevant_cache", {})
    bounds = cache.get(jid)
    if bounds is None:
        # the dates on which a measure of the chain starts or stops being in force: between two of
        # them the same measures are in force, so the answer is kept per interval, not per date
        ds: set[_dt.date] = set()
        for cm in bundle.measures_for(jid):
            ds.add(cm.m.period.start)
            if cm.m.period.end is not None:
                ds.add(cm.m.period.end + _dt.timedelta(days=1))
        bounds = cache[jid] = sorted(ds)
    key = (jid, bisect.bisect_right(bounds, as_of))
    got = cache.get(key)
    if got is None:
        got = cache[key] = bundle.inputs_for(jid, as_of)
    return got


@lru_cache(maxsize=1)
def _count_fields() -> tuple[str, ...]:
    """The scenario's whole-number inputs (headcounts, months)."""
    from calc_app.engine.answer import field_kind
    return tuple(n for n in Scenario.model_fields if field_kind(n)[0] == "count")


def _decimals(vals: dict[str, Any]) -> dict[str, Any]:
    """``vals`` with its whole numbers as decimals: what every operation turns them into anyway
    (:func:`calc_app.engine.expr._num`), done once so the expressions take their direct paths."""
    for n in _count_fields():
        v = vals.get(n)
        if v.__class__ is int:
            vals[n] = Decimal(v)
    return vals


def prepare(bundle: Bundle, vals: dict[str, Any], jid: str, as_of: _dt.date) -> Prepared:
    """Presume the absent presumed inputs, derive size and the other facts, apply the declared
    inferences (:mod:`calc_app.engine.presume`, :mod:`calc_app.engine.infer`)."""
    raw = vals
    vals, assumed = presume.apply(vals, relevant_inputs(bundle, jid, as_of))
    derived, info = _derived(bundle, vals)
    chain = bundle.chain(jid)
    ctx = _Context(bundle, chain)
    base = Env(_decimals({**vals, **derived}), frozenset(), ctx)
    inferred: dict[str, Any] = {}
    if bundle.inferences:
        vals2, inferred = infer.apply(bundle.inferences, vals, base)
        if inferred:
            base = Env(_decimals({**vals2, **derived}), frozenset(), ctx)
    return Prepared(raw, base, info, assumed, inferred, chain, bundle.measures_for(jid), as_of, jid)


def measure_item(cm: CompiledMeasure, prep: Prepared, lang: str, bundle: Bundle, steps: bool,
                 key: tuple | None = None, memo: bool = True) -> dict[str, Any]:
    """One measure's own outcome (before stacking), from the per-measure cache when it can
    (``memo``). The returned dict is shared: copy it (:func:`_thaw`) before changing it."""
    if not memo or not MEASURE_CACHE_SIZE:
        return _evaluate_measure(cm, prep.base, prep.as_of, lang, bundle, steps)
    k = (lang, steps, prep.as_of, prep.jurisdiction, prep.key(cm) if key is None else key)
    cached = cm.cache.get(k)
    if cached is None:
        cached = _evaluate_measure(cm, prep.base, prep.as_of, lang, bundle, steps)
        if MEASURE_CACHE_SIZE:
            if len(cm.cache) >= MEASURE_CACHE_SIZE:
                cm.cache.pop(next(iter(cm.cache)))
            cm.cache[k] = cached
    return cached


REUSE_SIZE = 64
"""evaluate(reuse=True): per measure, language and jurisdiction, at most this many outcomes kept."""
REUSE_TRIAL = 64
REUSE_FLOOR = 0.25
REUSE_WORTH = 1.2e-6
"""Every REUSE_TRIAL look-ups, a measure is no longer kept if it was found under REUSE_FLOOR of the
time in them, or if what finding it saved (the share found times what computing it took, measured)
is under REUSE_WORTH seconds a look-up: about what a look-up and a copy cost. Keeping what is not
found again, or is as quick to compute as to find, costs its keys, copies and the collector's time."""


def forget_kept(bundle: Bundle) -> None:
    """Empty the outcomes evaluate(reuse=True) keeps, and start each measure's trial again (as a
    fresh process would: benchmarks, tests)."""
    for plans in bundle.__dict__.get("_plans", {}).values():
        for p in plans:
            p.reuse, p.ifs, p.looks, p.hits, p.cost = {}, {}, 0, 0, 0.0
            if p.date_lets is not None and p.date_lets[4] is not None:
                p.date_lets[4][1].clear()


class KeptReasons(list):
    """The reasons of an outcome evaluate(reuse=True) keeps (:func:`_reused`): the very list in every copy handed out, never changed in
    place (stacking replaces it). Whatever is derived from such an item's parts alone may be kept by
    this list's identity (the batch's CSV text, calc_app.reports.csv_rows); any other list is one
    item's own. A list in every other respect (JSON, equality)."""

    __slots__ = ()


def key_values(vals: dict[str, Any]) -> dict[str, Any]:
    """The facts as keys of kept outcomes (:func:`_reused`): the facts themselves, or a copy with the
    lists (loans, guarantees, bids) as tuples. Equal values are shown alike (:func:`fmt_value`), and
    a validated scenario holds no negative zero (calc_app.models.values: ``-0`` becomes ``0``), the
    one value shown otherwise than another equal to it."""
    lists = [n for n in LIST_MODELS if vals.get(n) is not None]
    if not lists:
        return vals
    out = dict(vals)
    for n in lists:
        # an item's fields as they come (the model's order, _base_values): the same item written in
        # another order is another key, found afresh, never another item's
        out[n] = tuple([tuple(it.items()) if it.__class__ is dict else it for it in vals[n]])
    return out


class KeyFacts:
    """The facts as the keys of kept outcomes read them: as they are, or (for a measure reading a
    list) their :func:`key_values`, made when first needed."""

    __slots__ = ("values", "_lists")

    def __init__(self, values: dict[str, Any]):
        self.values = values
        self._lists: dict[str, Any] | None = None

    def of(self, plan: _Plan) -> dict[str, Any]:
        if not plan.lists:
            return self.values
        if self._lists is None:
            self._lists = key_values(self.values)
        return self._lists


def kept_key(plan: _Plan, facts: KeyFacts, base: Env, steps: bool,
             answers: dict[str, Any] | None = None) -> tuple:
    """The values a measure's kept outcome is found by (:func:`_reused`): those of the inputs it reads,
    ``answers`` over them; without steps, the values of its steps that read the date instead of the
    date, where only they read it (computed over ``base``, which holds the answers). Raises
    KeyError, TypeError or an evaluation error where there is no such key."""
    kvals = facts.of(plan)
    if plan.date_lets is not None and not steps:
        get, pos, steps_to, dated, by_date = plan.date_lets
        if by_date is not None:   # steps reading only the date: their values kept by it
            day = kvals["as_of"]
            got = by_date[1].get(day)
            if got is None:
                lets: dict[str, Any] = {}
                env = base.child(lets)
                for n, fn in by_date[0]:
                    lets[n] = fn(env)
                got = tuple([lets[n] for n in dated])
                if len(by_date[1]) >= BY_DATE_SIZE:
                    by_date[1].clear()
                by_date[1][day] = got
            kv = get(kvals) + got
        else:
            lets = {}
            env = base.child(lets)
            for n, fn in steps_to:
                lets[n] = fn(env)
            kv = get(kvals) + tuple([lets[n] for n in dated])
    else:
        kv = plan.key_of(kvals)
        pos = plan.key_pos
    if answers:
        kv = list(kv)
        for n, a in answers.items():
            i = pos.get(n)
            if i is not None:
                kv[i] = a
        kv = tuple(kv)
    return kv


def _reused(cm: CompiledMeasure, plan: _Plan, facts: KeyFacts, base: Env, as_of: _dt.date, lang: str,
            bundle: Bundle, steps: bool, answers: dict[str, Any] | None = None) -> dict[str, Any]:
    """The outcome of a measure in force, kept by the values it reads (``facts``, with ``answers``
    over them where ``base`` lies them over the facts). The kept item itself: the caller copies it
    before changing it, and changes none of its lists in place."""
    memo = plan.reuse
    try:
        kv = kept_key(plan, facts, base, steps, answers)
        key = (steps, kv)
        got = memo.get(key)   # type: ignore[union-attr]
    except (KeyError, TypeError, EvalError, ArithmeticError, ValueError):
        # a fact absent from these, a value that is no key, a step of the date that cannot be computed
        return _evaluate_measure(cm, base, as_of, lang, bundle, steps, plan)
    plan.looks += 1
    if got is not None:
        plan.hits += 1
        return got
    t = perf_counter()
    got = _evaluate_measure(cm, base, as_of, lang, bundle, steps, plan)
    plan.cost += perf_counter() - t
    if plan.looks >= REUSE_TRIAL:
        found = plan.hits / plan.looks
        if found < REUSE_FLOOR or found * plan.cost / (plan.looks - plan.hits) < REUSE_WORTH:
            plan.reuse = None   # its inputs hardly repeat, or it is as quick to compute: not kept
            plan.ifs = {}
            return got
        plan.looks = plan.hits = 0   # the next trial
        plan.cost = 0.0
    if len(memo) >= REUSE_SIZE:   # type: ignore[arg-type]
        memo.clear()   # type: ignore[union-attr]
    got["reasons"] = KeptReasons(got["reasons"])
    memo[key] = got   # type: ignore[index]
    return got


def stacked(own: list[dict[str, Any]], bundle: Bundle, lang: str, *, full: bool = True,
            measures: list[CompiledMeasure] | None = None) -> list[dict[str, Any]]:
    """Copies of the measures' own outcomes with the stacking rules applied. ``full=False`` makes
    the shallow copies that totals need, and only of the items a rule changes (the others, and the
    nested lists other than reasons, stay shared). ``measures``: the chain's measures whose
    outcomes ``own`` holds, when the caller has them."""
    if not full:
        items = list(own)
        _apply_stacking(items, bundle, lang, copy=lambda it: {**it, "reasons": list(it["reasons"])},
                        measures=measures)
        return items
    items = [_thaw(it) for it in own]
    _apply_stacking(items, bundle, lang, measures=measures)
    return items


def stacked_fresh(own: list[dict[str, Any]], bundle: Bundle, lang: str,
                  measures: list[CompiledMeasure] | None = None) -> list[dict[str, Any]]:
    """:func:`stacked` for outcomes just computed for this call (not from the cache): only those a
    stacking rule changes are copied, the others are handed out as they are."""
    items = list(own)
    _apply_stacking(items, bundle, lang, copy=_thaw, measures=measures)
    return items


def effect_totals(items: list[dict[str, Any]]) -> dict[str, Decimal]:
    return _totals(items)[0]


def _totals(items: list[dict[str, Any]]) -> tuple[dict[str, Decimal], list[dict[str, Any]]]:
    """The eligible amounts added up by effect, and the eligible items in order."""
    totals = {e: ZERO for e in EFFECTS}
    eligible = [it for it in items if it["status"] == "eligible"]
    for it in eligible:
        totals[it["effect"]] += Decimal(it["amount"])
    return totals, eligible


def evaluate(scenario: dict[str, Any] | Scenario, lang: str = "zh_CN", *,
             bundle: Bundle | None = None, steps: bool = True, questions: bool | None = None,
             enrich: bool = True, memo: bool = False, reuse: bool = False,
             headline_amounts: bool = False) -> dict[str, Any]:
    """Evaluate one scenario; the contract's JSON object. Raises :class:`InputError` on bad input.

    ``steps=False`` leaves the arithmetic steps out (every item's ``steps`` is empty): batch runs,
    whose output has no steps, are about a fifth faster. ``questions`` ranks the unanswered inputs
    by what answering each would add (``questions``, ``more_questions``); by default it follows
    ``steps`` (the window and the reports rank them, the batch does not).

    ``enrich=False`` leaves out what :func:`calc_app.engine.answer.enrich` adds (assumptions,
    inferred, amount_if, headline, questions): the items, totals and the rest are the same; the
    batch, whose files show none of it, runs so. ``memo=True`` keeps each measure's outcome in the
    per-measure cache by the values it reads (the window, re-evaluating as one field changes, passes
    it); by default every measure is computed afresh: varied scenarios hardly ever hit the cache and
    would pay for its keys and copies. The questions' variants use the cache either way.

    ``reuse=True`` (the batch) keeps each measure's outcome while in force by the values it reads,
    the date not among them unless the measure reads it (:func:`_reused`), and hands out shallow
    copies: rows that share a measure's inputs share its outcome. The caller must not change an
    item's lists in place (``reasons``, ``needs``, ...; replacing them is fine). A measure whose
    inputs hardly repeat is no longer kept after a trial.

    ``headline_amounts=True`` (the batch, whose summary reads nothing else of it): the headline
    holds each group's ``amount`` alone, the same as the whole headline's."""
    if lang not in LANGS:
        raise InputError([("lang", f"must be one of {', '.join(LANGS)}")])
    bundle = bundle or default_bundle()
    applicant = None
    if isinstance(scenario, dict) and "applicant" in scenario:  # who is served: echoed, never read
        from calc_app.register.applicant import clean, split
        scenario, given = split(scenario)
        applicant, problems = clean(given)
        if problems:
            try:
                validate_scenario(scenario)
            except InputError as e:
                problems += e.problems
            raise InputError(problems)
    sc = scenario if isinstance(scenario, Scenario) else validate_scenario(scenario)
    prep = prepare(bundle, _base_values(sc), sc.jurisdiction, sc.as_of)
    if memo and MEASURE_CACHE_SIZE:
        own = [measure_item(cm, prep, lang, bundle, steps) for cm in prep.measures]
        items = stacked(own, bundle, lang, measures=prep.measures)
    else:
        base, as_of = prep.base, prep.as_of
        kvals = prep.kvals = KeyFacts(base.values) if reuse else None
        day = as_of.isoformat()
        own = []
        add = own.append
        for cm, plan in zip(prep.measures, _plans(bundle, sc.jurisdiction, lang)):
            if as_of < plan.start or (plan.end is not None and as_of > plan.end):
                # not in force: _evaluate_measure's first case, without the call
                a, b = plan.nif
                item = plan.nif_sk.copy()
                item["reasons"] = [a + day + b, *plan.reasons]
                item["steps"] = []
                item["needs"] = []
                add(item)
            elif kvals is not None and plan.reuse is not None:
                add(_reused(cm, plan, kvals, base, as_of, lang, bundle, steps).copy())
            else:
                add(_evaluate_measure(cm, base, as_of, lang, bundle, steps, plan))
        items = stacked_fresh(own, bundle, lang, prep.measures)
    totals, eligible = _totals(items)
    info = prep.info
    size_v = info["size"].value
    slp = info["small_low_profit"].value
    result = {
        "jurisdiction": sc.jurisdiction,
        "as_of": sc.as_of.isoformat(),
        "size": size_v,
        "size_source": info["size"].source if size_v is not None else None,
        "size_reason": info["size"].reason[lang],
        "size_needs": sorted(info["size"].missing),
        "size_auto": info["size_auto"].value,
        "size_auto_reason": info["size_auto"].reason[lang],
        "small_low_profit": slp,
        "small_low_profit_reason": info["small_low_profit"].reason[lang],
        "chain": prep.chain,
        "lang": lang,
        "policy_version": bundle.version,
        "policy": dict(bundle.policy),
        "rounding": ROUNDING_RULE[lang],
        "items": items,
        "totals": {e: money_str(v) for e, v in totals.items()},
    }
    if applicant:
        result["applicant"] = applicant
    if enrich:
        from calc_app.engine import answer
        answer.enrich(result, prep, own, bundle, lang, questions=steps if questions is None else questions,
                      eligible=eligible, headline_amounts=headline_amounts)
    return result
