"""The jurisdiction ids (read straight from ``policies/jurisdictions.yaml``)."""
from __future__ import annotations

from functools import lru_cache

from calc_app.paths import policies_dir


@lru_cache(maxsize=1)
def jurisdiction_rows() -> tuple[dict, ...]:
    import yaml   # (here: where the bundle gives the ids, nothing needs PyYAML)
    with (policies_dir() / "jurisdictions.yaml").open(encoding="utf-8") as f:
        return tuple(yaml.safe_load(f))


def jurisdiction_ids() -> frozenset[str]:
    return frozenset(r["id"] for r in jurisdiction_rows())


def default_as_of(jid: str) -> "datetime.date":
    """A date on which the measures of ``jid``'s chain are in force (the window's default)."""
    import datetime
    for r in jurisdiction_rows():
        if r["id"] == jid:
            d = r["default_as_of"]
            return d if isinstance(d, datetime.date) else datetime.date.fromisoformat(str(d))
    raise KeyError(jid)
