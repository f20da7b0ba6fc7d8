"""Reading a typed value the way a person writes it (money ``1,200,000``, ``120万``; dates ``2022/7/15``;
yes/no ``是``/``否``; a choice by its id or its Chinese or English name).

Each ``parse_*`` returns the value or raises :class:`ValueProblem` (a ``ValueError``) whose ``key``
and ``params`` name the problem; :func:`problem_text` gives it in Chinese or English. Bounds are
checked on the text before any arithmetic: at most :data:`MAX_TEXT` characters, an exponent of at
most three digits, a magnitude below 10^18. ``-0`` becomes ``0``. A field's own range (money at most
10^15 yuan, a fraction at most 1) is the model's.
"""
from __future__ import annotations

import datetime as _dt
import re
from decimal import Decimal, InvalidOperation
from typing import Any, Iterable, Mapping

MAX_TEXT = 64
"""Characters of one typed number, date or yes/no."""
MAX_EXPONENT_DIGITS = 3
MAX_ADJUSTED = 17
"""The largest power of ten a number may reach (every number is below 10^18)."""
MIN_YEAR, MAX_YEAR = 1900, 2100

MESSAGES: dict[str, dict[str, str]] = {
    "empty": {"en_US": "no value given", "zh_CN": "未填写数值"},
    "too_long": {"en_US": "too long: at most {limit} characters", "zh_CN": "过长：最多 {limit} 个字符"},
    "not_number": {"en_US": "not a number: {text}", "zh_CN": "不是数字：{text}"},
    "not_finite": {"en_US": "not a number: NaN and infinity are not accepted",
                   "zh_CN": "不是数字：不接受 NaN 或无穷大"},
    "too_large": {"en_US": "too large: the limit is {limit}", "zh_CN": "数值过大：上限为 {limit}"},
    "not_whole": {"en_US": "not a whole number: {text}", "zh_CN": "不是整数：{text}"},
    "bool_not_number": {"en_US": "expected a number, not true/false", "zh_CN": "应为数字，而不是是/否"},
    "not_date": {"en_US": "not a date: {text}; write YYYY-MM-DD, e.g. 2022-07-15",
                 "zh_CN": "不是日期：{text}；请按 年-月-日 填写，例如 2022-07-15"},
    "no_such_day": {"en_US": "no such day: {text}", "zh_CN": "日期不存在：{text}"},
    "year_range": {"en_US": "the year must lie between {lo} and {hi}", "zh_CN": "年份须在 {lo} 至 {hi} 之间"},
    "not_flag": {"en_US": "expected yes or no (true/false, 1/0, 是/否), got {text}",
                 "zh_CN": "应为 是 或 否（true/false、1/0、yes/no），而不是 {text}"},
    "not_choice": {"en_US": "{text} is not one of: {choices}", "zh_CN": "{text} 不是可选值之一：{choices}"},
}


def shorten(value: Any, limit: int = 40) -> str:
    s = value if isinstance(value, str) else repr(value)[: 4 * limit]
    s = s.replace("\t", "\\t").replace("\r", "\\r").replace("\n", "\\n")
    if len(s) > limit:
        keep = max(limit - 12, 8)
        s = f"{s[: keep // 2 + keep % 2]}…{s[-(keep // 2):]}"
    return s


class ValueProblem(ValueError):
    """A value that cannot be read. ``key`` is one of :data:`MESSAGES`; ``params`` fill it."""

    def __init__(self, key: str, **params: Any):
        self.key = key
        self.params = params
        super().__init__(problem_text(self, "en_US"))


def problem_text(e: ValueProblem | str, lang: str = "en_US", **params: Any) -> str:
    """The message of a problem (or of a message key with ``params``) in ``lang``."""
    if isinstance(e, ValueProblem):
        key, params = e.key, e.params
    else:
        key = e
    texts = MESSAGES[key]
    return texts.get(lang, texts["en_US"]).format(**params)


_FULL_WIDTH = {0xFF10 + i: 0x30 + i for i in range(10)}
_FULL_WIDTH.update({ord("．"): ".", ord("，"): ",", ord("－"): "-", ord("＋"): "+", ord("％"): "%",
                    ord("　"): " ", ord("／"): "/", ord("￥"): "¥", ord("\u00a0"): " "})


def _text(v: str) -> str:
    if len(v) > MAX_TEXT and len(v.strip()) > MAX_TEXT:
        raise ValueProblem("too_long", limit=MAX_TEXT)
    return v.strip().translate(_FULL_WIDTH).strip()


_NUMBER = re.compile(r"[+-]?(?:\d{1,3}(?P<sep>[,_' ])\d{3}(?:(?P=sep)\d{3})*|\d*)(?:\.\d*)?"
                     r"(?:[eE][+-]?(?P<exp>\d+))?", re.ASCII)
_MONEY_PREFIX = re.compile(r"^(?:¥|RMB|CNY)\s*", re.IGNORECASE)
_MONEY_SUFFIX = (("万元", 4), ("亿元", 8), ("万", 4), ("亿", 8), ("元", 0))


def _zero(d: Decimal) -> Decimal:
    return d.copy_abs() if d.is_zero() else d


def _from_text(text: str, shown: str, scale: int = 0) -> Decimal:
    m = _NUMBER.fullmatch(text)
    if m is None or not any(c.isdigit() for c in text):
        if text.lower().lstrip("+-") in ("nan", "snan", "inf", "infinity"):
            raise ValueProblem("not_finite")
        raise ValueProblem("not_number", text=shorten(shown))
    if m.group("exp") and len(m.group("exp").lstrip("0")) > MAX_EXPONENT_DIGITS:
        raise ValueProblem("too_large", limit="10^18")
    plain = text.replace(m.group("sep"), "") if m.group("sep") else text
    try:
        d = Decimal(plain)
    except InvalidOperation:
        raise ValueProblem("not_number", text=shorten(shown)) from None
    if scale:
        d = d.scaleb(scale)
    if not d.is_zero() and d.adjusted() > MAX_ADJUSTED:
        raise ValueProblem("too_large", limit="10^18")
    if d.as_tuple().exponent > 0:  # type: ignore[operator]
        d = d.quantize(Decimal(1))
    return _zero(d)


def _number(v: Any) -> Decimal:
    if isinstance(v, bool):
        raise ValueProblem("bool_not_number")
    if isinstance(v, (int, Decimal)):
        return _from_text(str(v), str(v)) if isinstance(v, int) else _from_text(format(v, "f") if
                                                                                 v.is_finite() else "nan", "")
    if isinstance(v, float):
        return _from_text(repr(v), repr(v))
    if isinstance(v, str):
        t = _text(v)
        if not t:
            raise ValueProblem("empty")
        return _from_text(t, v)
    raise ValueProblem("not_number", text=shorten(v))


def parse_number(v: Any) -> Decimal:
    """A plain number: ``1.5``, ``1,200``, ``１．５``."""
    return _number(v)


def parse_money(v: Any) -> Decimal:
    """An amount in yuan: ``12000.50``, ``1,200,000``, ``120万``, ``1200万元``, ``¥3,000``."""
    if not isinstance(v, str):
        return _number(v)
    t = _MONEY_PREFIX.sub("", _text(v)).strip()
    scale = 0
    for suffix, s in _MONEY_SUFFIX:
        if t.endswith(suffix):
            t, scale = t[: -len(suffix)].strip(), s
            break
    if not t:
        raise ValueProblem("empty" if not v.strip() else "not_number", text=shorten(v))
    return _from_text(t, v, scale)


def parse_fraction(v: Any) -> Decimal:
    """A share: ``0.045``, or a percentage ``4.5%``."""
    if isinstance(v, str):
        t = _text(v)
        if t.endswith("%"):
            return _from_text(t[:-1].strip(), v, -2)
    return _number(v)


def parse_count(v: Any) -> int:
    """A whole number: ``48``, ``1,200``, ``４８``."""
    d = _number(v)
    if d != d.to_integral_value():
        raise ValueProblem("not_whole", text=shorten(v))
    return int(d)


_DATE = re.compile(r"(\d{4})([-/.])(\d{1,2})\2(\d{1,2})", re.ASCII)
_DATE_ZH = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?", re.ASCII)


def parse_date(v: Any) -> _dt.date:
    """A date: ``2022-07-15``, ``2022-7-15``, ``2022/7/15``, ``2022年7月15日``; years 1900–2100."""
    if isinstance(v, _dt.datetime):
        v = v.date()
    if isinstance(v, _dt.date):
        out = v
    elif isinstance(v, str):
        t = _text(v)
        if not t:
            raise ValueProblem("empty")
        m = _DATE.fullmatch(t)
        parts = (m.group(1), m.group(3), m.group(4)) if m else None
        if parts is None:
            m = _DATE_ZH.fullmatch(t)
            if not m:
                raise ValueProblem("not_date", text=shorten(v))
            parts = (m.group(1), m.group(2), m.group(3))
        try:
            out = _dt.date(*map(int, parts))
        except ValueError:
            raise ValueProblem("no_such_day", text=shorten(v)) from None
    else:
        raise ValueProblem("not_date", text=shorten(v))
    if not MIN_YEAR <= out.year <= MAX_YEAR:
        raise ValueProblem("year_range", lo=MIN_YEAR, hi=MAX_YEAR)
    return out


_TRUE = frozenset({"true", "1", "yes", "是"})
_FALSE = frozenset({"false", "0", "no", "否"})


def parse_flag(v: Any) -> bool:
    """Yes or no: ``true``/``false``, ``1``/``0``, ``yes``/``no``, ``是``/``否``."""
    if isinstance(v, bool):
        return v
    if isinstance(v, int) and v in (0, 1):
        return bool(v)
    if isinstance(v, str):
        t = _text(v).lower()
        if t in _TRUE:
            return True
        if t in _FALSE:
            return False
    raise ValueProblem("not_flag", text=shorten(v))


def parse_choice(v: Any, choices: Iterable[Mapping[str, Any]]) -> Any:
    """One of ``choices`` (``[{value, zh, en}]``), given by its value or its Chinese or English name."""
    options = list(choices)
    t = _text(v) if isinstance(v, str) else v
    for c in options:
        if t == c["value"]:
            return c["value"]
    if isinstance(t, str):
        low = t.casefold()
        for key in ("value", "zh", "en"):
            for c in options:
                name = c.get(key)
                if name is not None and low == str(name).strip().casefold():
                    return c["value"]
    raise ValueProblem("not_choice", text=shorten(v), choices=", ".join(str(c["value"]) for c in options))
