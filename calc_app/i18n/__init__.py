"""Formatting of money, numbers and dates through babel, and the gettext catalogs."""
from __future__ import annotations

from typing import TYPE_CHECKING

from calc_app.i18n.gettext import N_, _, language, lgettext, set_language  # noqa: F401

if TYPE_CHECKING:
    import datetime as _dt
    from decimal import Decimal

# babel (and decimal, datetime) are imported where a number is first formatted, not with the
# catalogs: the window's first frame (calc_app.app) needs the catalogs only

def money(v: Decimal | str, lang: str) -> str:
    from decimal import Decimal

    from babel.numbers import format_currency as _fc
    return _fc(Decimal(v), "CNY", locale=lang)


def number(v: Decimal | str | int, lang: str) -> str:
    from decimal import Decimal

    from babel.numbers import format_decimal as _fd
    return _fd(Decimal(v), locale=lang)


def date(d: _dt.date | str, lang: str) -> str:
    if isinstance(d, str):
        import datetime as _dt
        d = _dt.date.fromisoformat(d)
    from babel.dates import format_date as _fdate
    return _fdate(d, format="medium", locale=lang)
