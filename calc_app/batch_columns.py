"""What a batch file's header cells mean, and how each cell of a column is read (no Qt).

A column is named by its field id (``revenue_last_year``), by its Chinese label as the window shows
it (``上年营业收入``, ``行业代码（GB/T 4754-2017）``), by that label without the bracketed part
(``行业代码``, ``企业规模``), or by its English label; a unit in brackets after any of these is
ignored (``月租金（元）``). List items are ``<list><n><item>`` in either language
(``loans.1.principal``, ``贷款1·本金``, ``贷款1本金``). Every other column is carried through to the
output beside the results.

Values are read by :mod:`calc_app.models.values`, the rule the window and the command line use:
money ``1,200,000``, ``120万``, ``¥3,000``; dates ``2022-07-15``, ``2022/7/15``; yes/no ``是``/``否``;
a choice by its id or its name (``国有``); the jurisdiction by its id or its name (``江门市``).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from calc_app.models.inputs.lists import ITEM_FIELDS, LIST_MODELS
from calc_app.models.inputs.meta import field_meta
from calc_app.models.scenario import SCALAR_FIELDS, Scenario
from calc_app.models.values import (ValueProblem, parse_choice, parse_count, parse_date, parse_flag,
                                    parse_fraction, parse_money, parse_number)

MAX_ITEMS = 1000
"""The highest item number of a list column (``loans.1000.principal``); the rows of a list in a
scenario file are bounded alike."""

PASS_NAMES = ("企业名称", "统一社会信用代码", "备注")
"""Columns that are not inputs but expected (the enterprise's name, its code, a note): carried through
to the output without a warning. Their English names are accepted too (:data:`PASS_ALIASES`)."""
PASS_ALIASES = PASS_NAMES + ("名称", "公司名称", "单位名称", "信用代码", "社会信用代码", "说明",
                             "company", "company_name", "enterprise", "enterprise_name", "name",
                             "credit_code", "uscc", "unified_social_credit_code", "note", "notes",
                             "remark", "remarks", "comment", "comments")

_SPACE = re.compile(r"\s+")
_BRACKETED = re.compile(r"[(\[【〔][^)\]】〕]*[)\]】〕]")
_ITEM = re.compile(r"(?P<list>[^\d]+?)[.·_#-]?\(?(?P<n>\d+)\)?[.·_:-]?(?P<field>.+)")


def norm(text: str) -> str:
    """A header as compared: full-width folded (NFKC), case folded, without spaces or a BOM."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text.replace("\ufeff", ""))).casefold()


def unbracket(normed: str) -> str:
    return _BRACKETED.sub("", normed)


@dataclass(frozen=True)
class Target:
    """What a column holds: a scalar field, one field of a numbered list item, or a list's "none"."""
    kind: str                       # scalar | item | none
    field: str                      # the scalar, or the list
    item_field: str = ""
    conv: str = "text"              # money count fraction number date flag choice text code jurisdiction
    choices: tuple[tuple[str, str, str], ...] = ()   # (value, zh, en) for a choice


# ------------------------------------------------------------------------------------------------
# choices: read from the input descriptions

def choice_words(model: type, name: str, values: tuple[str, ...]) -> tuple[tuple[str, str, str], ...]:
    """(value, Chinese name, English name) of each choice of a field, from its description."""
    meta = field_meta(model, name)
    names = {str(c["value"]): c for c in meta.get("choices") or ()}
    return tuple((v, str(names.get(v, {}).get("zh") or v), str(names.get(v, {}).get("en") or v)) for v in values)


# ------------------------------------------------------------------------------------------------
# the catalogue of column names

def _conv_of(model: type, name: str) -> tuple[str, tuple[tuple[str, str, str], ...]]:
    from calc_app.reports.inputs import spec_of
    if model is Scenario and name == "jurisdiction":
        return "jurisdiction", ()
    if model is Scenario and name == "industry_code":
        return "code", ()
    spec = spec_of(model, name)
    if spec.kind == "choice":
        return "choice", choice_words(model, name, spec.choices)
    return spec.kind if spec.kind in _CONVERTERS else "text", ()


def _label_aliases(meta: dict[str, Any]) -> list[str]:
    out = []
    for key in ("label_zh", "label_en"):
        lab = meta.get(key)
        if lab:
            n = norm(lab)
            out += [n, unbracket(n)]
    return [a for a in out if a]


def _alias_table(entries: list[tuple[str, dict[str, Any], Any]]) -> tuple[dict[str, Any], set[str]]:
    """Names -> target: ids first; a label shared by two fields is ambiguous (kept aside)."""
    table: dict[str, Any] = {}
    ambiguous: set[str] = set()
    for name, _, target in entries:
        table[norm(name)] = target
    labels: dict[str, Any] = {}
    for name, meta, target in entries:
        for a in _label_aliases(meta):
            if a in table:
                continue
            if a in labels and labels[a] != target:
                ambiguous.add(a)
            labels[a] = target
    for a, t in labels.items():
        if a not in ambiguous:
            table[a] = t
    return table, ambiguous


@dataclass(frozen=True)
class Catalogue:
    scalars: dict[str, Target]                  # alias -> scalar or list-none target
    items: dict[str, dict[str, Target]]         # list -> alias -> item target
    lists: dict[str, str]                       # alias -> list
    ambiguous: frozenset[str]
    passing: frozenset[str]


@lru_cache(maxsize=1)
def catalogue() -> Catalogue:
    entries = []
    for n in SCALAR_FIELDS:
        conv, choices = _conv_of(Scenario, n)
        entries.append((n, field_meta(Scenario, n), Target("scalar", n, "", conv, choices)))
    for lst in LIST_MODELS:
        entries.append((lst, field_meta(Scenario, lst), Target("none", lst)))
    scalars, amb = _alias_table(entries)
    lists_t, amb_l = _alias_table([(lst, field_meta(Scenario, lst), lst) for lst in LIST_MODELS])
    items: dict[str, dict[str, Target]] = {}
    for lst, model in LIST_MODELS.items():
        ents = []
        for f in ITEM_FIELDS[lst]:
            conv, choices = _conv_of(model, f)
            ents.append((f, field_meta(model, f), Target("item", lst, f, conv, choices)))
        items[lst], a = _alias_table(ents)
        amb |= a
    passing = frozenset(norm(p) for p in PASS_ALIASES) - set(scalars)
    return Catalogue(scalars, items, lists_t, frozenset(amb | amb_l), passing)


@dataclass(frozen=True)
class Match:
    kind: str                # scalar | item | none | pass | unknown | blank | ambiguous | bad_item
    target: Target | None = None
    number: int = 0
    hint: str = ""           # the list of a bad item, or a near name


def _match_once(h: str, cat: Catalogue) -> Match | None:
    t = cat.scalars.get(h)
    if t is not None:
        return Match(t.kind, t)
    if h in cat.ambiguous:
        return Match("ambiguous")
    m = _ITEM.fullmatch(h)
    if m:
        lst = cat.lists.get(m.group("list").rstrip(".·_#-"))
        if lst is not None:
            n = int(m.group("n"))
            f = m.group("field")
            it = cat.items[lst].get(f) or cat.items[lst].get(unbracket(f))
            if n < 1 or n > MAX_ITEMS:
                return Match("bad_item", None, n, lst)
            if it is None:
                return Match("bad_item", None, n, lst)
            return Match("item", it, n)
    return None


def match_header(raw: str) -> Match:
    """What one header cell names."""
    h = norm(raw)
    if not h:
        return Match("blank")
    cat = catalogue()
    found = _match_once(h, cat)
    if found is None and unbracket(h) != h and unbracket(h):
        found = _match_once(unbracket(h), cat)
    if found is not None:
        return found
    if h in cat.passing or unbracket(h) in cat.passing:
        return Match("pass")
    return Match("unknown")


def suggestion(raw: str) -> str:
    """The field name closest to an unknown header (its id, and its label in brackets), or ''."""
    import difflib
    h = norm(raw)
    names = list(catalogue().scalars)
    close = difflib.get_close_matches(h, names, n=1, cutoff=0.75)
    if not close:
        return ""
    t = catalogue().scalars[close[0]]
    return t.field


# ------------------------------------------------------------------------------------------------
# reading one cell

@lru_cache(maxsize=1)
def _jurisdiction_names() -> dict[str, str]:
    from calc_app.engine.jurisdictions import jurisdiction_rows
    names: dict[str, str] = {}
    short: dict[str, set[str]] = {}
    for r in jurisdiction_rows():
        for k in ("id", "zh", "en"):
            if r.get(k):
                names[norm(str(r[k]))] = r["id"]
        zh = str(r.get("zh") or "")
        if len(zh) > 2 and zh[-1] in "省市区县":
            short.setdefault(norm(zh[:-1]), set()).add(r["id"])
    for k, ids in short.items():
        if len(ids) == 1 and k not in names:
            names[k] = next(iter(ids))
    return names


class CellProblem(ValueError):
    """A cell that cannot be read: ``key`` names the message (see :mod:`calc_app.batch_messages`)."""

    def __init__(self, key: str, **params: Any):
        self.key = key
        self.params = params
        super().__init__(key)


def _jurisdiction(text: str, target: Target) -> str:
    jid = _jurisdiction_names().get(norm(text))
    if jid is None:
        raise CellProblem("unknown_jurisdiction", text=text)
    return jid


def _choice(text: str, target: Target) -> str:
    options = [{"value": v, "zh": zh, "en": en} for v, zh, en in target.choices]
    try:
        return parse_choice(text, options)
    except ValueProblem:
        t = unicodedata.normalize("NFKC", text).strip()
        if t.endswith("企业") and len(t) > 2:   # 小型企业 for 小型
            try:
                return parse_choice(t[:-2], options)
            except ValueProblem:
                pass
        raise CellProblem("not_choice", text=text, choices=target.choices) from None


MAX_TEXT = 200
"""Characters of a text input (codes and ids are short)."""


def _code(text: str, target: Target) -> str:
    return _text(unicodedata.normalize("NFKC", text).strip().upper(), target)


def _text(text: str, target: Target) -> str:
    if len(text) > MAX_TEXT:
        raise CellProblem("too_long_text", limit=MAX_TEXT)
    return text


_CONVERTERS = {
    "money": lambda t, _: parse_money(t),
    "count": lambda t, _: parse_count(t),
    "fraction": lambda t, _: parse_fraction(t),
    "number": lambda t, _: parse_number(t),
    "date": lambda t, _: parse_date(t),
    "flag": lambda t, _: parse_flag(t),
    "choice": _choice,
    "text": _text,
    "code": _code,
    "jurisdiction": _jurisdiction,
}


def read_cell(text: str, target: Target) -> Any:
    """The value of one non-empty cell; raises ValueProblem or CellProblem."""
    return _CONVERTERS[target.conv](text, target)
