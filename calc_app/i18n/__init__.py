"""Formatting of money, numbers and dates through babel, and the gettext catalogs."""
from __future__ import annotations

import datetime as _dt
from decimal import Decimal

from babel.numbers import format_currency as _fc, format_decimal as _fd
from babel.dates import format_date as _fdate

from calc_app.i18n.gettext import N_, _, language, lgettext, set_language  # noqa: F401


def money(v: Decimal | str, lang: str) -> str:
    return _fc(Decimal(v), "CNY", locale=lang)


def number(v: Decimal | str | int, lang: str) -> str:
    return _fd(Decimal(v), locale=lang)


def date(d: _dt.date | str, lang: str) -> str:
    if isinstance(d, str):
        d = _dt.date.fromisoformat(d)
    return _fdate(d, format="medium", locale=lang)
