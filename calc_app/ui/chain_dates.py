"""Dates for a jurisdiction chain (no Qt): the default evaluation date and the measures ended by today."""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from calc_app.engine.policies import Bundle

FALLBACK = _dt.date(2022, 7, 15)


def in_force(m, d: _dt.date) -> bool:
    return m.period.start <= d and (m.period.end is None or d <= m.period.end)


def default_as_of(bundle: Bundle, jid: str) -> _dt.date:
    """The jurisdiction's ``default_as_of`` (policies/jurisdictions.yaml)."""
    return getattr(bundle.jurisdictions[jid], "default_as_of", None) or FALLBACK


def own_measures_in_force(bundle: Bundle, jid: str, d: _dt.date) -> bool:
    """Whether a measure of the chain below the national level is in force on ``d``."""
    root = bundle.chain(jid)[0]
    return any(in_force(cm.m, d) for cm in bundle.measures_for(jid) if cm.m.jurisdiction != root)


@dataclass(frozen=True)
class Expiry:
    ended: int          # measures of the chain whose period ended before today
    total: int
    last_end: _dt.date | None


def expiry(bundle: Bundle, jid: str, today: _dt.date | None = None) -> Expiry:
    today = today or _dt.date.today()
    ms = [cm.m for cm in bundle.measures_for(jid)]
    ended = [m.period.end for m in ms if m.period.end is not None and m.period.end < today]
    return Expiry(len(ended), len(ms), max(ended) if ended else None)
