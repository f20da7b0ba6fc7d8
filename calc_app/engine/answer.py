"""Answer first: what the result says before the itemized list.

:func:`enrich` adds to an evaluation (see the README, "Answer first"):

- ``assumptions``: the presumed facts used (:mod:`calc_app.engine.presume`), each with the
  measures that read it; each item that reads one lists it too;
- ``inferred``: the facts that declared rules inferred (:mod:`calc_app.engine.infer`);
- on ``needs_input`` items whose only missing facts are yes/no inputs: ``amount_if`` and ``if``,
  the amount under the answers that make the measure apply (evaluating with ``if`` gives it);
- ``headline``: the totals a person asks for first (received or kept, paid later) and, apart,
  the enterprise's own tax credit returned, procurement evaluation advantages and money to third
  parties; each says which end of a range it took;
- ``questions``: the unanswered inputs ranked by ``unlocks``, exactly what the money received or
  kept gains when that one question is answered with ``answer``; ``more_questions`` the rest.

A question is evaluated cheaply: only the measures whose inputs (their ``key_names``) change are
computed again; the others keep their outcome; then stacking runs on shallow copies.
"""
from __future__ import annotations

import itertools
from decimal import Decimal
from functools import lru_cache
from typing import Annotated, Any, Literal, get_args, get_origin

from calc_app.engine import evaluate as ev
from calc_app.engine import presume
from calc_app.engine.expr import Bounded
from calc_app.models.inputs.lists import LIST_MODELS
from calc_app.models.scenario import Scenario
from calc_app.money import ZERO, money_str

HEADLINE: dict[str, tuple[str, ...]] = {
    "received_or_kept": ("grant", "saving"),
    "paid_later": ("deferral",),
    "own_tax_credit": ("own_tax_credit",),
    "procurement_evaluation": ("procurement_evaluation",),
    "third_party": ("third_party",),
}
"""Headline totals by item ``category``. ``received_or_kept`` is the money the enterprise receives
or does not pay; the others are apart from it."""
MONEY_GROUPS = ("received_or_kept", "paid_later", "own_tax_credit")
"""The headline totals that are the enterprise's money (the chart's and the questions')."""
_GROUP_OF = {c: g for g, cats in HEADLINE.items() for c in cats}

HEADLINE_LABELS = {
    "received_or_kept": {"zh_CN": "可获得或少缴", "en_US": "Received or kept"},
    "paid_later": {"zh_CN": "可缓缴（日后仍须缴纳）", "en_US": "Paid later (deferred)"},
    "own_tax_credit": {"zh_CN": "退还自身留抵税额", "en_US": "Own VAT credit refunded"},
    "procurement_evaluation": {"zh_CN": "政府采购评审优惠", "en_US": "Procurement evaluation advantage"},
    "third_party": {"zh_CN": "惠及第三方的资金", "en_US": "Money to third parties"},
}

MAX_IF_FACTS = 3
"""amount_if is computed where at most this many yes/no facts are missing (2**3 evaluations)."""
MAX_QUESTIONS = 40
"""At most this many candidate questions are evaluated (the most needed first)."""
_PROBE = {"money": Decimal("1e12"), "count": 10_000_000, "fraction": Decimal(1)}


# ------------------------------------------------------------------------------------------------
# what kind of answer an input takes

@lru_cache(maxsize=None)
def field_kind(name: str) -> tuple[str, tuple[Any, ...]]:
    """("bool", (True, False)) | ("choice", values) | ("money"|"count"|"fraction"|"number", ()) |
    ("list", ()) | ("other", ())."""
    if name in LIST_MODELS:
        return "list", ()
    info = Scenario.model_fields.get(name)
    if info is None:
        return "other", ()
    t: Any = info.annotation
    args = [a for a in get_args(t) if a is not type(None)]
    if args and get_origin(t) is not Annotated and get_origin(t) is not Literal:
        t = args[0]
    meta: tuple[Any, ...] = ()
    if get_origin(t) is Annotated:
        meta = get_args(t)[1:]
        t = get_args(t)[0]
    if t is bool:
        return "bool", (True, False)
    if get_origin(t) is Literal:
        return "choice", tuple(get_args(t))
    if t is int:
        return "count", ()
    if t is Decimal:
        le = [getattr(m, "le", None) for m in meta] + [getattr(x, "le", None) for m in meta
                                                       for x in getattr(m, "metadata", ())]
        if any(v == 1 for v in le if v is not None):
            return "fraction", ()
        unit = (info.json_schema_extra or {}).get("unit") if isinstance(info.json_schema_extra, dict) else None
        return ("money" if unit in ("yuan", "usd") else "number"), ()
    return "other", ()


def _scalar(name: str) -> str:
    """'loans[0].principal' -> 'loans'."""
    return name.split("[", 1)[0]


# ------------------------------------------------------------------------------------------------
# totals

def _dec(v: Any) -> Decimal:
    return Decimal(v) if v not in (None, "") else ZERO


def group_of(item: dict[str, Any]) -> str:
    return _GROUP_OF.get(item.get("category") or item["effect"], "third_party")


def headline(items: list[dict[str, Any]], lang: str, *, eligible: list[dict[str, Any]] | None = None,
             waiting: list[dict[str, Any]] | None = None, amounts_only: bool = False) -> dict[str, Any]:
    """The headline totals of ``items``. ``eligible`` (the eligible items, in order) and ``waiting``
    (the items with an ``amount_if``), when the caller has them, spare a walk over every item.
    ``amounts_only``: each group's ``amount`` alone, the same as in the whole headline (the batch,
    whose summary reads nothing else of it)."""
    out: dict[str, Any] = {}
    if amounts_only:
        sums = dict.fromkeys(HEADLINE, ZERO)
        group_of_cat = _GROUP_OF
        for it in (eligible if eligible is not None else items):
            if it["status"] == "eligible":
                g = group_of_cat.get(it.get("category") or it["effect"], "third_party")
                sums[g] += Decimal(it["amount"])
        return {g: {"amount": _money(v)} for g, v in sums.items()}
    acc = {g: [ZERO, ZERO, ZERO, ZERO, []] for g in HEADLINE}   # amount, min, max, possible, ranges
    group_of_cat = _GROUP_OF
    D = Decimal
    if eligible is not None and waiting is not None:
        items = eligible + waiting
    for it in items:
        st = it["status"]
        if st == "eligible":
            a = acc[group_of_cat.get(it.get("category") or it["effect"], "third_party")]
            amt = D(it["amount"])
            a[0] += amt
            if "amount_min" in it:
                lo, hi = _dec(it["amount_min"]), _dec(it.get("amount_max", it["amount"]))
                a[1] += lo
                a[2] += hi
                took = "min" if amt == lo else "max" if amt == hi else "between"
                a[4].append({"measure_id": it["measure_id"], "took": took})
            else:
                a[1] += amt
                a[2] += _dec(it["amount_max"]) if "amount_max" in it else amt
        elif st == "needs_input" and "amount_if" in it:
            acc[group_of_cat.get(it.get("category") or it["effect"], "third_party")][3] += _dec(it["amount_if"])
    labels = HEADLINE_LABELS
    for g, (amt, lo, hi, possible, ranges) in acc.items():
        a = _money(amt)   # (the bounds are mostly the amount itself: written once)
        out[g] = {"label": labels[g][lang], "amount": a, "min": a if lo == amt else _money(lo),
                  "max": a if hi == amt else _money(hi), "categories": list(HEADLINE[g]), "ranges": ranges,
                  "possible": _money(possible), "note": _range_note(ranges, lang) if ranges else ""}
    return out


def _money(v: Decimal) -> str:
    return "0.00" if v is ZERO else money_str(v)   # a total nothing was added to


def _range_note(ranges: list[dict[str, Any]], lang: str) -> str:
    if not ranges:
        return ""
    n = {k: sum(1 for r in ranges if r["took"] == k) for k in ("min", "max", "between")}
    if lang == "zh_CN":
        parts = [f"{n['min']}项取下限" if n["min"] else "", f"{n['max']}项取上限" if n["max"] else "",
                 f"{n['between']}项取区间内数值" if n["between"] else ""]
        return "含区间" + "、".join(p for p in parts if p)
    parts = [f"{n['min']} at the lower end" if n["min"] else "", f"{n['max']} at the upper end" if n["max"] else "",
             f"{n['between']} within the range" if n["between"] else ""]
    return "ranges: " + ", ".join(p for p in parts if p)


def _money_gains(items: list[dict[str, Any]]) -> dict[str, Decimal]:
    out = dict.fromkeys(MONEY_GROUPS, ZERO)
    for it in items:
        if it["status"] == "eligible":
            g = group_of(it)
            if g in out:
                out[g] += Decimal(it["amount"])
    return out


# ------------------------------------------------------------------------------------------------
# variants: the same scenario with a few answers more

class _Variants:
    def __init__(self, prep: Any, own: list[dict[str, Any]], bundle: Any, lang: str):
        self.prep = prep
        self.own = own
        self.bundle = bundle
        self.lang = lang
        self._keys: list[tuple] | None = None

    @property
    def keys(self) -> list[tuple]:
        """The measures' input keys (made when a question first needs them)."""
        if self._keys is None:
            self._keys = [self.prep.key(cm) for cm in self.prep.measures]
        return self._keys

    def own_items(self, answers: dict[str, Any]) -> tuple[list[dict[str, Any]], Any]:
        prep2 = ev.prepare(self.bundle, {**self.prep.raw, **answers}, self.prep.jurisdiction, self.prep.as_of)
        # only the measures that read a fact whose value changed (answered, derived, presumed or
        # inferred) are computed again: equal values make equal cache keys
        self._setup_fast()
        v1, v2 = self.prep.base.values, prep2.base.values
        missing = object()
        idx: set[int] = set()
        for n in v1.keys() | v2.keys():
            a, b = v1.get(n, missing), v2.get(n, missing)
            if a is not b and (a.__class__ is not b.__class__ or a != b):
                idx.update(self._readers.get(n, ()))
        out = list(self.own)
        for i in idx:
            cm = self.prep.measures[i]
            out[i] = ev.measure_item(cm, prep2, self.lang, self.bundle, False, prep2.key(cm))
        return out, prep2

    def items(self, answers: dict[str, Any]) -> list[dict[str, Any]]:
        own, _ = self.own_items(answers)
        return ev.stacked(own, self.bundle, self.lang, full=False, measures=self.prep.measures)

    def one(self, cm: Any, answers: dict[str, Any], plan: Any = None) -> dict[str, Any]:
        """One measure's own outcome with ``answers`` (no steps, not kept: ``amount_if``, whose best
        answers are kept instead); ``plan``: its plan for this language and chain, when the caller
        has it."""
        self._setup_fast()
        if not self._slow_or_assumed.isdisjoint(answers):
            prep2 = ev.prepare(self.bundle, {**self.prep.raw, **answers}, self.prep.jurisdiction, self.prep.as_of)
            base = prep2.base
        else:   # the answers change nothing derived: they lie over the facts as they are
            base = ev.Env(answers, self.prep.base.known_names, self.prep.base.context, self.prep.base)
        return ev._evaluate_measure(cm, base, self.prep.as_of, self.lang, self.bundle, False, plan)

    # -- the fast path: answers that change no derived fact, presumption or inference
    def _setup_fast(self) -> None:
        if hasattr(self, "_readers"):
            return
        self._readers, self._slow_names, self._stacking = _chain_facts(self.bundle, self.prep.jurisdiction,
                                                                        self.prep.measures)
        self._slow_or_assumed = self._slow_names | self.prep.assumed.keys()

    def _light(self, answers: dict[str, Any]) -> Any:
        """The facts with ``answers`` set, when they change nothing else (else None)."""
        self._setup_fast()
        if any(k in self._slow_names or k in self.prep.assumed for k in answers):
            return None
        return self.prep.with_values(answers)

    def delta(self, answers: dict[str, Any], items: list[dict[str, Any]]) -> tuple[dict[str, Decimal], list[str]]:
        """What each money total gains with ``answers``, and the ids of the items that change.
        Only the measures that read an answered input are computed again; stacking runs again only
        when one of them takes part in a stacking rule."""
        prep2 = self._light(answers)
        if prep2 is not None:
            idx = sorted({i for k in answers for i in self._readers.get(k, ())})
            new = {i: ev.measure_item(self.prep.measures[i], prep2, self.lang, self.bundle, False) for i in idx}
            if not any(items[i]["measure_id"] in self._stacking for i in idx):
                d = dict.fromkeys(MONEY_GROUPS, ZERO)
                changed = []
                for i, it in new.items():
                    old = items[i]
                    if (old["status"], old["amount"]) != (it["status"], it["amount"]):
                        changed.append(it["measure_id"])
                    for x, sign in ((old, -1), (it, 1)):
                        g = group_of(x)
                        if x["status"] == "eligible" and g in d:
                            d[g] += sign * Decimal(x["amount"])
                return d, changed
            own = list(self.own)
            for i, it in new.items():
                own[i] = it
            got = ev.stacked(own, self.bundle, self.lang, full=False, measures=self.prep.measures)
        else:
            got = self.items(answers)
        base, new_g = _money_gains(items), _money_gains(got)
        changed = [b["measure_id"] for a, b in zip(items, got) if (a["status"], a["amount"]) != (b["status"], b["amount"])]
        return {g: new_g[g] - base[g] for g in MONEY_GROUPS}, changed


def _chain_facts(bundle: Any, jid: str, measures: list[Any]) -> tuple[dict[str, list[int]], set[str], set[str]]:
    """For the measures of ``jid``'s chain, computed once per bundle: which measures (by index) read
    each input (their cache keys), the inputs an answer to which changes a derived fact, and the
    measures that take part in a stacking rule."""
    cache = bundle.__dict__.setdefault("_answer_chain_facts", {})
    got = cache.get(jid)
    if got is None:
        from calc_app.engine.policies import CLASSIFICATION_INPUTS
        readers: dict[str, list[int]] = {}
        for i, cm in enumerate(measures):
            for n in cm.key_names:
                readers.setdefault(n, []).append(i)
        slow = set(CLASSIFICATION_INPUTS)
        for r in bundle.inferences:
            slow |= r.when.names
        stacking: set[str] = set()
        for cm in measures:
            if cm.m.stacking.group or cm.replaces_all:
                stacking.add(cm.m.id)
                stacking.update(cm.replaces_all)
        got = cache[jid] = (readers, slow, stacking)
    return got


def _reads_index(bundle: Any, jid: str, measures: list[Any]) -> dict[str, list[int]]:
    """Input name -> the indices of the chain's measures that read it (their ``reads``, which are
    their cache keys' names): :func:`_chain_facts`'s first part."""
    return _chain_facts(bundle, jid, measures)[0]


# ------------------------------------------------------------------------------------------------

def enrich(result: dict[str, Any], prep: Any, own: list[dict[str, Any]], bundle: Any, lang: str, *,
           questions: bool = True, eligible: list[dict[str, Any]] | None = None,
           headline_amounts: bool = False) -> None:
    """Add the answer-first parts to ``result`` (see the module's docstring). ``eligible``: its
    eligible items in order, when the caller has them. ``headline_amounts``: the headline's
    amounts alone (:func:`headline`'s ``amounts_only``)."""
    items = result["items"]
    by_cm = list(zip(prep.measures, items))
    _assumptions(result, prep, by_cm, lang)
    _inferred(result, prep, by_cm, lang)
    var = _Variants(prep, own, bundle, lang)
    waiting = _amount_if(var, by_cm, own)
    result["headline"] = headline(items, lang, eligible=eligible, waiting=waiting, amounts_only=headline_amounts)
    if questions:
        result["questions"], result["more_questions"] = rank_questions(var, items, lang)
        result["top_questions"] = top_questions(var, items, result["questions"])


TOP = 3
"""How many questions the window's bar and the text report put first."""


def answer_value(q: dict[str, Any]) -> Any:
    """The value a question is answered with to unlock its ``unlocks`` (a number: past any cap)."""
    return q["answer"] if "answer" in q else _PROBE[q["kind"]]


def top_questions(var: "_Variants", items: list[dict[str, Any]], ranked: list[dict[str, Any]]) -> dict[str, Any]:
    """The first questions answered together: what the money received or kept gains (measures that do
    not stack count once, so this can be less than the sum of their ``unlocks``)."""
    top = ranked[:TOP]
    if not top:
        return {"fields": [], "unlocks": "0.00"}
    d, _ = var.delta({q["field"]: answer_value(q) for q in top}, items)
    return {"fields": [q["field"] for q in top], "unlocks": money_str(d["received_or_kept"])}


def _assumptions(result: dict[str, Any], prep: Any, by_cm: list, lang: str) -> None:
    out = []
    readers = _reads_index(prep.base.context.bundle, prep.jurisdiction, prep.measures) if prep.assumed else {}
    for f, v in prep.assumed.items():
        t = presume.text(f, lang)
        ids = []
        for i in readers.get(f, ()):
            it = by_cm[i][1]
            if it["status"] != "not_in_force":
                it.setdefault("assumptions", []).append({"field": f, "value": v, "text": t})
                ids.append(it["measure_id"])
        if ids:
            out.append({"field": f, "label": ev.field_label_any(f, lang), "value": v, "text": t, "measures": ids})
    result["assumptions"] = out


def _inferred(result: dict[str, Any], prep: Any, by_cm: list, lang: str) -> None:
    out = []
    for f, rule in prep.inferred.items():
        v = prep.base.values[f]
        entry: dict[str, Any] = {"field": f, "label": ev.field_label_any(f, lang), "rule": rule.id,
                                 "text": rule.rule.text.get(lang)}
        if isinstance(v, Bounded):
            if v.lo.is_finite():
                entry["at_least"] = ev._jsonable(v.lo)
            if v.hi.is_finite():
                entry["at_most"] = ev._jsonable(v.hi)
        else:
            entry["value"] = ev._jsonable(v)
        ids = []
        for i in _reads_index(prep.base.context.bundle, prep.jurisdiction, prep.measures).get(f, ()):
            it = by_cm[i][1]
            if it["status"] != "not_in_force":
                note = {k: entry[k] for k in ("field", "rule", "text", "at_least", "at_most", "value") if k in entry}
                it["inferred"] = list(it.get("inferred", ())) + [note]
                ids.append(it["measure_id"])
        entry["measures"] = ids
        if ids:
            out.append(entry)
    seen = {e["field"] for e in out}
    # named steps a rule gave (no layoffs: layoff rate 0): only measures with such rules can have them
    for cm, it in (by_cm[i] for i in _noting(prep.base.context.bundle, prep.jurisdiction, prep.measures)):
        for note in it.get("inferred", ()):
            if note["field"] in seen or note["field"] in prep.inferred:
                continue
            seen.add(note["field"])
            out.append({**note, "label": note["field"], "measures": [
                i["measure_id"] for c, i in by_cm if any(n["field"] == note["field"] for n in i.get("inferred", ()))]})
    result["inferred"] = out


@lru_cache(maxsize=1)
def _yes_no() -> frozenset[str]:
    """The scenario's yes/no inputs."""
    return frozenset(n for n in Scenario.model_fields if field_kind(n)[0] == "bool")


def _noting(bundle: Any, jid: str, measures: list[Any]) -> tuple[int, ...]:
    """The indices of ``jid``'s measures whose named steps a declared rule may give (kept per chain)."""
    cache = bundle.__dict__.setdefault("_answer_noting", {})
    got = cache.get(jid)
    if got is None:
        got = cache[jid] = tuple(i for i, cm in enumerate(measures) if cm.let_rules)
    return got


def _amount_if(var: _Variants, by_cm: list, own: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Set ``amount_if`` and ``if`` where they apply; the items that got them, in order."""
    got_if = []
    yes_no = _yes_no()
    plans = None
    kvals = var.prep.kvals   # evaluate(reuse=True): outcomes kept by the values read
    for i in [i for i, (_, it) in enumerate(by_cm) if it["status"] == "needs_input"]:
        cm, it = by_cm[i]
        if own[i]["status"] != "needs_input" or cm.amount is None:
            continue
        needs = it["needs"]
        if not needs or len(needs) > MAX_IF_FACTS or not yes_no.issuperset(needs):
            continue
        if plans is None:
            plans = ev._plans(var.bundle, var.prep.jurisdiction, var.lang)
        plan = plans[i]
        memo = key = None
        if kvals is not None and plan.reuse is not None:
            var._setup_fast()
            if var._slow_or_assumed.isdisjoint(needs):
                # the answers lie over the facts: the best of them follows from the values this
                # measure reads, as its outcome does (kept beside it)
                try:
                    key = ev.kept_key(plan, kvals, var.prep.base, False)
                    memo = plan.ifs
                    best = memo.get(key, _NOT_KEPT)
                except (KeyError, TypeError, ev.EvalError, ArithmeticError, ValueError):
                    memo = None
        if memo is None or best is _NOT_KEPT:
            best = None
            for combo in itertools.product((True, False), repeat=len(needs)):
                answers = dict(zip(needs, combo))
                got = var.one(cm, answers, plan)
                if got["status"] == "eligible":
                    amt = Decimal(got["amount"])
                    if amt > 0 and (best is None or amt > best[0]):
                        best = (amt, answers)
            if memo is not None:
                if len(memo) >= ev.REUSE_SIZE:
                    memo.clear()
                memo[key] = best
        if best is not None:
            it["amount_if"] = money_str(best[0])
            it["if"] = dict(best[1])
            got_if.append(it)
    return got_if


_NOT_KEPT = object()


def rank_questions(var: _Variants, items: list[dict[str, Any]], lang: str) -> tuple[list, list]:
    """(ranked questions, more questions). See the module docstring."""
    waiting: dict[str, list[str]] = {}
    for it in items:
        names: list[str] = []
        if it["status"] == "needs_input":
            names = it["needs"]
        elif it["status"] == "eligible":
            names = it.get("range_needs", [])
        for n in names:
            f = _scalar(n)
            if f in Scenario.model_fields and f not in ("jurisdiction", "as_of"):
                waiting.setdefault(f, [])
                if it["measure_id"] not in waiting[f]:
                    waiting[f].append(it["measure_id"])
    ranked, more = [], []
    order = sorted(waiting, key=lambda f: (-len(waiting[f]), f))
    for i, f in enumerate(order):
        kind, choices = field_kind(f)
        q: dict[str, Any] | None = None
        if i < MAX_QUESTIONS and kind in ("bool", "choice"):
            best = None
            for a in choices:
                d, changed = var.delta({f: a}, items)
                score = (d["received_or_kept"], d["paid_later"] + d["own_tax_credit"])
                if best is None or score > best[0]:
                    best = (score, a, d, changed)
            if best is not None and (best[0][0] > 0 or best[0][1] > 0):
                q = {"field": f, "answer": best[1], **_gain_fields(best[2], best[3])}
        elif i < MAX_QUESTIONS and kind in _PROBE:
            probe = _PROBE[kind]
            d1, changed = var.delta({f: probe}, items)
            d2, _ = var.delta({f: probe * 10 if kind != "fraction" else probe}, items)
            if d1 == d2 and (d1["received_or_kept"] > 0 or d1["paid_later"] + d1["own_tax_credit"] > 0):
                q = {"field": f, "up_to": True, **_gain_fields(d1, changed)}
        if q is not None:
            q["label"] = ev.field_label_any(f, lang)
            q["kind"] = kind
            ranked.append(q)
        else:
            more.append({"field": f, "label": ev.field_label_any(f, lang), "kind": kind, "measures": waiting[f]})
    ranked.sort(key=lambda q: (-Decimal(q["unlocks"]), -Decimal(q["gains"].get("paid_later", "0"))
                               - Decimal(q["gains"].get("own_tax_credit", "0")), q["field"]))
    return ranked, more


def _gain_fields(d: dict[str, Decimal], changed: list[str]) -> dict[str, Any]:
    return {"unlocks": money_str(d["received_or_kept"]),
            "gains": {g: money_str(v) for g, v in d.items() if v != 0},
            "measures": changed}
