"""The one rule for reading a typed value: the window, the command line and the batch all use it.

``parse_money``, ``parse_count``, ``parse_fraction``, ``parse_number``, ``parse_date``,
``parse_flag`` and ``parse_choice`` take what a person typed (or a JSON / spreadsheet value) and
return the value, or raise :class:`ValueProblem` (a ``ValueError``) whose ``key`` and ``params``
name the problem; ``str()`` of it is the English message and :func:`problem_text` gives it in
Chinese or English.

What is accepted
- numbers: plain decimals ``12000.50``, digit groups ``1,200,000`` (groups of three; also
  separated by a space, ``_``, ``'`` or the full-width comma), full-width digits ``１２０００``, an
  exponent ``1.2e6``; money also ``120万``, ``1200万元``, ``3亿``, ``500元`` and a ``¥``/``￥``/
  ``RMB``/``CNY`` prefix; fractions also ``4.5%``;
- dates: ``2022-07-15``, ``2022-7-15``, ``2022/7/15``, ``2022.7.15``, ``2022年7月15日``
  (not ``20220715``, not week dates such as ``2022-W28-5``, not times);
- yes/no: ``true``/``false``, ``1``/``0``, ``yes``/``no``, ``是``/``否`` (any case);
- a choice: its id or its Chinese or English name.

Bounds, checked on the text (or the digits of a ``Decimal``/``int``) before any arithmetic, so
no value can make a later step slow or fail: at most :data:`MAX_TEXT` characters, an exponent of
at most three digits, at most :data:`MAX_SIGNIFICANT` significant digits, a magnitude below
:data:`MAX_MAGNITUDE` and at most :data:`MAX_PLACES` decimal places; no NaN or infinity; one
value only (text holding a tab or a line break is several pasted cells). ``-0`` becomes ``0``.
The ranges of each field (money at most 10^15 yuan, a fraction at most 1, ...) are the model's.
"""
from __future__ import annotations

import datetime as _dt
import math
import re
from decimal import Decimal, InvalidOperation
from typing import Any, Iterable, Mapping

MAX_TEXT = 64
"""Characters of one typed number, date or yes/no."""
MAX_SIGNIFICANT = 28
"""Significant digits of a number (what Decimal's default context keeps exactly)."""
MAX_MAGNITUDE = Decimal("1e18")
"""Every number is smaller than this in absolute value (money is further bounded by its field)."""
MAX_PLACES = 12
"""Decimal places of a number (0.000000000001 is the smallest step)."""
MIN_YEAR, MAX_YEAR = 1900, 2100
"""Dates lie in these years."""

MESSAGES: dict[str, dict[str, str]] = {
    "empty": {"en_US": "no value given", "zh_CN": "未填写数值"},
    "too_long": {"en_US": "too long: at most {limit} characters", "zh_CN": "过长：最多 {limit} 个字符"},
    "several": {"en_US": "one value only: this holds a tab or a line break (several cells pasted?)",
                "zh_CN": "只能填一个值：其中含有制表符或换行（是否粘贴了多个单元格？）"},
    "not_number": {"en_US": "not a number: {text}", "zh_CN": "不是数字：{text}"},
    "not_finite": {"en_US": "not a number: NaN and infinity are not accepted",
                   "zh_CN": "不是数字：不接受 NaN 或无穷大"},
    "too_large": {"en_US": "too large: the limit is {limit}", "zh_CN": "数值过大：上限为 {limit}"},
    "too_precise": {"en_US": "too many digits: at most {digits} significant digits and {places} decimal places",
                    "zh_CN": "位数过多：最多 {digits} 位有效数字、{places} 位小数"},
    "not_whole": {"en_US": "not a whole number: {text}", "zh_CN": "不是整数：{text}"},
    "bool_not_number": {"en_US": "expected a number, not true/false", "zh_CN": "应为数字，而不是是/否"},
    "not_date": {"en_US": "{text} is not a valid date: write YYYY-MM-DD, e.g. 2022-07-15",
                 "zh_CN": "{text} 不是有效日期：请按 年-月-日 填写，例如 2022-07-15"},
    "no_such_day": {"en_US": "{text} is not a valid date: there is no such day",
                    "zh_CN": "{text} 不是有效日期：没有这一天"},
    "year_range": {"en_US": "the year must lie between {lo} and {hi}", "zh_CN": "年份须在 {lo} 至 {hi} 之间"},
    "not_flag": {"en_US": "expected yes or no (true/false, 1/0, 是/否), got {text}",
                 "zh_CN": "应为 是 或 否（true/false、1/0、yes/no），而不是 {text}"},
    "not_choice": {"en_US": "{text} is not one of: {choices}", "zh_CN": "{text} 不是可选值之一：{choices}"},
    "not_text": {"en_US": "expected text, got {kind}", "zh_CN": "应为文字，而不是 {kind}"},
}

LANGS = ("zh_CN", "en_US")


def shorten(value: Any, limit: int = 40) -> str:
    """``value`` as text for a message, never longer than about ``limit`` characters."""
    if isinstance(value, str):
        s = value
    elif isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        s = _short_number_text(value)
    else:
        s = repr(value)
        if len(s) > 4 * limit:
            s = s[: 4 * limit]
    s = s.replace("\t", "\\t").replace("\r", "\\r").replace("\n", "\\n")
    if len(s) > limit:
        keep = max(limit - 12, 8)
        s = f"{s[: keep // 2 + keep % 2]}…({len(s)} chars)…{s[-(keep // 2):]}" if len(s) > 10_000 else \
            f"{s[: keep // 2 + keep % 2]}…{s[-(keep // 2):]}"
    return s


def _short_number_text(v: int | Decimal) -> str:
    if isinstance(v, int):
        if v.bit_length() > 200:
            return f"an integer of about {int(v.bit_length() * 0.30103) + 1} digits"
        return str(v)
    t = v.as_tuple()
    if not isinstance(t.exponent, int):
        return str(v)
    if len(t.digits) > 60 or abs(t.exponent) > 60:
        head = "".join(map(str, t.digits[:6]))
        return f"{'-' if t.sign else ''}{head}…E{v.adjusted()}"
    return str(v)


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


# ----------------------------------------------------------------------------------------------
# text clean-up

_FULL_WIDTH = {0xFF10 + i: 0x30 + i for i in range(10)}
_FULL_WIDTH.update({
    ord("．"): ".", ord("，"): ",", ord("－"): "-", ord("＋"): "+", ord("％"): "%", ord("　"): " ",
    ord("／"): "/", ord("："): ":", ord("Ｅ"): "E", ord("ｅ"): "e", ord("￥"): "¥", ord("\u2212"): "-",
    ord("\u00a0"): " ", ord("\u202f"): " ", ord("\u2009"): " ",
})


def _text(v: str) -> str:
    """One typed value, stripped, full-width characters made ASCII; bounded and single."""
    if len(v) > MAX_TEXT:
        # a long text may still be a short value between blanks; never copy more than needed
        if len(v) > 64 * MAX_TEXT or len(v.strip()) > MAX_TEXT:
            raise ValueProblem("too_long", limit=MAX_TEXT)
    v = v.strip()
    if "\t" in v or "\n" in v or "\r" in v:
        raise ValueProblem("several")
    return v.translate(_FULL_WIDTH).strip()


# ----------------------------------------------------------------------------------------------
# numbers

_NUMBER = re.compile(
    r"""(?P<sign>[+-]?)
        (?P<int>\d{1,3}(?:(?P<sep>[,_' ])\d{3})(?:(?P=sep)\d{3})*|\d*)
        (?:\.(?P<frac>\d*))?
        (?:[eE](?P<esign>[+-]?)(?P<exp>\d+))?""", re.VERBOSE | re.ASCII)

_MONEY_PREFIX = re.compile(r"^(?:¥|RMB|CNY)\s*", re.IGNORECASE)
_MONEY_SUFFIX = (("万元", Decimal(10_000)), ("亿元", Decimal(100_000_000)), ("万", Decimal(10_000)),
                 ("亿", Decimal(100_000_000)), ("元", Decimal(1)))


def _limit_text() -> str:
    return "10^18"


def _checked(d: Decimal, shown: str) -> Decimal:
    """Bound a finite Decimal by its digits alone (no arithmetic on an unbounded value)."""
    if not d.is_finite():
        raise ValueProblem("not_finite")
    sign, digits, exp = d.as_tuple()
    assert isinstance(exp, int)
    if not any(digits):
        return Decimal(0) if exp >= 0 else Decimal((0, (0,), max(exp, -MAX_PLACES)))
    # leading zeros do not count; trailing zeros only raise the exponent
    i = 0
    while digits[i] == 0:
        i += 1
    j = len(digits)
    while digits[j - 1] == 0:
        j -= 1
    core, core_exp = digits[i:j], exp + (len(digits) - j)
    if core_exp + len(core) - 1 >= 18:
        raise ValueProblem("too_large", limit=_limit_text())
    if len(core) > MAX_SIGNIFICANT or core_exp < -MAX_PLACES:
        raise ValueProblem("too_precise", digits=MAX_SIGNIFICANT, places=MAX_PLACES)
    if exp > 0:  # 1.2E+6 -> 1200000: a plain integer from here on
        return Decimal((sign, core, core_exp)).quantize(Decimal(1))
    if len(digits) - i > MAX_SIGNIFICANT or exp < -MAX_PLACES:
        return Decimal((sign, core, core_exp))  # the same value without its surplus zeros
    return d


def _from_text(text: str, shown: str) -> Decimal:
    m = _NUMBER.fullmatch(text)
    if m is None or not (m.group("int") or m.group("frac")):
        low = text.lower().lstrip("+-")
        if low in ("nan", "snan", "inf", "infinity"):
            raise ValueProblem("not_finite")
        raise ValueProblem("not_number", text=shorten(shown))
    exp = m.group("exp")
    if exp is not None and len(exp.lstrip("0")) > 3:
        if m.group("esign") == "-":
            raise ValueProblem("too_precise", digits=MAX_SIGNIFICANT, places=MAX_PLACES)
        raise ValueProblem("too_large", limit=_limit_text())
    plain = text
    if m.group("sep"):
        plain = text.replace(m.group("sep"), "")
    try:
        d = Decimal(plain)
    except InvalidOperation:
        raise ValueProblem("not_number", text=shorten(shown)) from None
    return _checked(d, shown)


_PLAIN = re.compile(r"-?\d{1,17}(?:\.\d{0,12})?", re.ASCII)
"""A plain decimal that needs no checking beyond its shape: fewer than 18 digits before the point
(below 10^18), at most 12 after it (the common case, read without the general rule's work)."""
_PLAIN_MAX = 10 ** 18


def _number(v: Any) -> Decimal:
    """A bounded Decimal from text, Decimal, int or float."""
    t = type(v)
    if t is str and _PLAIN.fullmatch(v) and len(v) <= MAX_SIGNIFICANT + 1:
        return Decimal(v)
    if t is int and -_PLAIN_MAX < v < _PLAIN_MAX:
        return Decimal(v)
    if isinstance(v, bool):
        raise ValueProblem("bool_not_number")
    if isinstance(v, Decimal):
        return _checked(v, "")
    if isinstance(v, int):
        if v.bit_length() > 64:
            raise ValueProblem("too_large", limit=_limit_text())
        return _checked(Decimal(v), str(v))
    if isinstance(v, float):
        if not math.isfinite(v):
            raise ValueProblem("not_finite")
        return _from_text(repr(v), repr(v))
    if isinstance(v, str):
        t = _text(v)
        if not t:
            raise ValueProblem("empty")
        return _from_text(t, v)
    raise ValueProblem("not_number", text=shorten(v))


def _zero(d: Decimal) -> Decimal:
    return d.copy_abs() if d.is_zero() else d


def parse_number(v: Any) -> Decimal:
    """A plain number (litres, m², ...): ``1.5``, ``1,200``, ``１．５``."""
    return _zero(_number(v))


def parse_money(v: Any) -> Decimal:
    """An amount in yuan: ``12000.50``, ``1,200,000``, ``120万``, ``1200万元``, ``¥3,000``."""
    if type(v) is str:
        if _PLAIN.fullmatch(v) and len(v) <= MAX_SIGNIFICANT + 1:  # the common case, at once
            d = Decimal(v)
            return d.copy_abs() if not d and d.is_signed() else d
        t = _text(v)
        t = _MONEY_PREFIX.sub("", t).strip()
        factor = Decimal(1)
        for suffix, f in _MONEY_SUFFIX:
            if t.endswith(suffix):
                t, factor = t[: -len(suffix)].strip(), f
                break
        if not t:
            raise ValueProblem("empty" if not v.strip() else "not_number", text=shorten(v))
        d = _from_text(t, v)
        if factor != 1:
            d = _checked(d.scaleb(factor.adjusted()), v)
        return _zero(d)
    return _zero(_number(v))


def parse_fraction(v: Any) -> Decimal:
    """A share as a fraction: ``0.045``, or a percentage ``4.5%``."""
    if isinstance(v, str):
        t = _text(v)
        if t.endswith("%"):
            d = _from_text(t[:-1].strip(), v)
            return _zero(_checked(d.scaleb(-2), v))
    return _zero(_number(v))


def parse_count(v: Any) -> int:
    """A whole number: ``48``, ``1,200``, ``４８``, ``48.0``."""
    if type(v) is int and -_PLAIN_MAX < v < _PLAIN_MAX:
        return v
    d = _number(v)
    if d != d.to_integral_value():
        raise ValueProblem("not_whole", text=shorten(v))
    return int(d)


# ----------------------------------------------------------------------------------------------
# dates, yes/no, choices

_DATE = re.compile(r"(\d{4})([-/.])(\d{1,2})\2(\d{1,2})", re.ASCII)
_DATE_ZH = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?", re.ASCII)


def _year_ok(d: _dt.date) -> _dt.date:
    if not MIN_YEAR <= d.year <= MAX_YEAR:
        raise ValueProblem("year_range", lo=MIN_YEAR, hi=MAX_YEAR)
    return d


def parse_date(v: Any) -> _dt.date:
    """A date: ``2022-07-15``, ``2022-7-15``, ``2022/7/15``, ``2022年7月15日``; years 1900–2100."""
    if type(v) is str and len(v) == 10 and v[4] == "-" and v[7] == "-" and v.isascii() and v[:4].isdigit():
        try:
            d = _dt.date.fromisoformat(v)
        except ValueError:
            d = None
        if d is not None and MIN_YEAR <= d.year <= MAX_YEAR:
            return d
    if isinstance(v, _dt.datetime):
        return _year_ok(v.date())
    if isinstance(v, _dt.date):
        return _year_ok(v)
    if not isinstance(v, str):
        raise ValueProblem("not_date", text=shorten(v))
    t = _text(v)
    if not t:
        raise ValueProblem("empty")
    m = _DATE.fullmatch(t)
    if m:
        y, mo, d = int(m.group(1)), int(m.group(3)), int(m.group(4))
    else:
        m = _DATE_ZH.fullmatch(t)
        if not m:
            raise ValueProblem("not_date", text=shorten(v))
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    try:
        out = _dt.date(y, mo, d)
    except ValueError:
        raise ValueProblem("no_such_day", text=shorten(v)) from None
    return _year_ok(out)


_TRUE = frozenset({"true", "1", "yes", "是"})
_FALSE = frozenset({"false", "0", "no", "否"})


def parse_flag(v: Any) -> bool:
    """Yes or no: ``true``/``false``, ``1``/``0``, ``yes``/``no``, ``是``/``否``."""
    if isinstance(v, bool):
        return v
    if isinstance(v, int) and v in (0, 1):
        return bool(v)
    if isinstance(v, Decimal) and v.is_finite() and v in (0, 1):
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
    if not isinstance(v, str):
        for c in options:
            if v == c["value"] and type(v) is type(c["value"]):
                return c["value"]
        raise ValueProblem("not_choice", text=shorten(v), choices=_choice_list(options))
    t = _text(v)
    for c in options:
        if t == str(c["value"]):
            return c["value"]
    low = t.casefold()
    for key in ("value", "zh", "en"):
        for c in options:
            name = c.get(key)
            if name is not None and low == str(name).strip().casefold():
                return c["value"]
    raise ValueProblem("not_choice", text=shorten(v), choices=_choice_list(options))


def _choice_list(options: list[Mapping[str, Any]]) -> str:
    return ", ".join(str(c["value"]) for c in options)
