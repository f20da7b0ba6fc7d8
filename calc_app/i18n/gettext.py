"""The gettext catalogs of the window and the reports.

Source strings are English and marked with ``_()`` (translated now) or ``N_()`` (marked for
extraction, translated where it is shown). Catalogs live in
``resources/locale/<lang>/LC_MESSAGES/messages.mo``; the language is process-wide and can change
while the program runs, so ``_()`` looks it up at each call.
"""
from __future__ import annotations

import gettext as _gettext
from functools import lru_cache

from calc_app.paths import resources_dir

LANGUAGES = ("zh_CN", "en_US")
DEFAULT_LANGUAGE = "zh_CN"
DOMAIN = "messages"

_current = DEFAULT_LANGUAGE


def locale_dir():
    return resources_dir() / "locale"


@lru_cache(maxsize=None)
def translations(lang: str) -> _gettext.NullTranslations:
    """The compiled catalog of ``lang``; the identity when it is missing (English sources)."""
    return _gettext.translation(DOMAIN, localedir=str(locale_dir()), languages=[lang], fallback=True)


def set_language(lang: str) -> None:
    global _current
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported language {lang!r}; one of {', '.join(LANGUAGES)}")
    _current = lang


def language() -> str:
    return _current


def gettext(message: str) -> str:
    return translations(_current).gettext(message)


def lgettext(message: str, lang: str) -> str:
    """``message`` translated into ``lang`` whatever the current language is."""
    return translations(lang).gettext(message)


def N_(message: str) -> str:
    """Marks ``message`` for extraction without translating it yet."""
    return message


_ = gettext
