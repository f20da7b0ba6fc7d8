"""Names of statuses, effects and choice values in the window's current language."""
from __future__ import annotations

from calc_app.i18n.gettext import language
from calc_app.reports import labels as _labels
from calc_app.reports.labels import TOTAL_EFFECTS  # noqa: F401


def status_name(status: str) -> str:
    return _labels.status_name(status, language())


def item_status_name(item: dict) -> str:
    return _labels.item_status_name(item, language())


def effect_name(effect: str) -> str:
    return _labels.effect_name(effect, language())


def category_name(item_or_category: dict | str) -> str:
    return _labels.category_name(item_or_category, language())


def choice_name(field: str, value: str, help_text: str = "") -> str:
    return _labels.choice_name(field, value, language(), help_text)
