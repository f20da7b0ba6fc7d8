"""Seeded, varied scenarios for the identical-output tests and the benchmarks.

Each scenario is the contract's JSON (text money, ISO dates) over every jurisdiction and dates
from late 2019 to mid 2023. Every value is drawn from a generator seeded by the scenario's number
and the field's name, so adding an input field elsewhere does not change the values drawn for the
others. Values follow each field's description (its unit and type): money from a few yuan to tens
of millions, with round thresholds hit often; counts, fractions, dates, choices, yes/no; about a
quarter of the fields is left out (unknown), lists hold zero to three items.
"""
from __future__ import annotations

import datetime as _dt
import random
import typing
from decimal import Decimal
from typing import Any, Iterator

_START = _dt.date(2019, 12, 1)
_DAYS = (_dt.date(2023, 6, 30) - _START).days
_ROUND = (0, 1, 10, 100, 500, 1000, 5000, 10_000, 50_000, 100_000, 300_000, 1_000_000,
          3_000_000, 5_000_000, 10_000_000, 20_000_000, 40_000_000, 50_000_000, 100_000_000)


def _kind(annotation: Any) -> tuple[str, tuple[Any, ...]]:
    """(kind, choices) of a field's annotation: money/number, fraction, count, flag, date, choice, list."""
    args = typing.get_args(annotation)
    if typing.get_origin(annotation) is typing.Union:
        inner = [a for a in args if a is not type(None)]
        return _kind(inner[0]) if inner else ("skip", ())
    if typing.get_origin(annotation) is typing.Literal:
        return "choice", args
    if typing.get_origin(annotation) is list:
        return "list", args
    if typing.get_origin(annotation) is typing.Annotated:
        base, *meta = args
        le = None
        for m in meta:
            for c in getattr(m, "metadata", ()) or ():
                if hasattr(c, "le"):
                    le = c.le
        if base is Decimal:
            return ("fraction", ()) if le == 1 else ("money", ())
        if base is bool:
            return "flag", ()
        if base is int:
            return "count", ()
        if base is _dt.date:
            return "date", ()
        return _kind(base)
    if annotation is str:
        return "text", ()
    if annotation is bool:
        return "flag", ()
    if annotation is int:
        return "count", ()
    if annotation is Decimal:
        return "money", ()
    if annotation is _dt.date:
        return "date", ()
    return "skip", ()


def _date(rnd: random.Random) -> str:
    return (_START + _dt.timedelta(days=rnd.randint(0, _DAYS))).isoformat()


def _value(kind: str, choices: tuple[Any, ...], rnd: random.Random, name: str) -> Any:
    if kind == "money":
        r = rnd.random()
        if r < 0.3:
            v = Decimal(rnd.choice(_ROUND))
        elif r < 0.5:
            v = Decimal(rnd.randint(0, 100_000))
        else:
            v = Decimal(rnd.randint(0, 10 ** rnd.randint(2, 10))) / 100
        return str(v)
    if kind == "fraction":
        return str(Decimal(rnd.randint(0, 10_000)) / 10_000)
    if kind == "count":
        r = rnd.random()
        if r < 0.2:
            return rnd.choice((0, 1, 2, 5, 10, 20, 50, 100, 200, 300, 1000))
        hi = 36 if name.endswith("months") or "months" in name else rnd.choice((10, 100, 1000))
        return rnd.randint(0, hi)
    if kind == "flag":
        return rnd.random() < 0.5
    if kind == "date":
        return _date(rnd)
    if kind == "choice":
        return rnd.choice(choices)
    raise ValueError(kind)


def varied_scenario(i: int, seed: int = 0) -> dict[str, Any]:
    """Scenario number ``i`` of the series ``seed`` (the contract's JSON)."""
    from calc_app.engine.industry import code_table
    from calc_app.engine.jurisdictions import default_as_of, jurisdiction_ids
    from calc_app.models.inputs.lists import LIST_MODELS
    from calc_app.models.scenario import Scenario
    jids = sorted(jurisdiction_ids())
    codes = sorted(code_table())
    pick = random.Random(f"{seed}:{i}:(presence)")
    missing_share = pick.choice((0.0, 0.1, 0.25, 0.5, 0.9))
    out: dict[str, Any] = {"jurisdiction": jids[i % len(jids)]}
    rnd = random.Random(f"{seed}:{i}:as_of")
    r = rnd.random()
    if r < 0.4:
        out["as_of"] = _date(rnd)
    elif r < 0.7:
        out["as_of"] = f"2022-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}"
    else:  # near the jurisdiction's default date, where most of its measures are in force
        out["as_of"] = (default_as_of(out["jurisdiction"]) + _dt.timedelta(days=rnd.randint(-120, 120))).isoformat()
    for name, f in Scenario.model_fields.items():
        if name in ("jurisdiction", "as_of"):
            continue
        rnd = random.Random(f"{seed}:{i}:{name}")
        if rnd.random() < missing_share:
            continue
        if name == "industry_code":
            out[name] = rnd.choice(codes)
            continue
        if name in LIST_MODELS:
            model = LIST_MODELS[name]
            items = []
            for k in range(rnd.choice((0, 1, 1, 2, 3))):
                item = {}
                for fname, ff in model.model_fields.items():
                    r2 = random.Random(f"{seed}:{i}:{name}:{k}:{fname}")
                    if r2.random() < missing_share / 2:
                        continue
                    kind, choices = _kind(ff.annotation)
                    if kind != "skip":
                        item[fname] = _value(kind, choices, r2, fname)
                items.append(item)
            out[name] = items
            continue
        kind, choices = _kind(f.annotation)
        if kind in ("skip", "text", "list"):
            continue
        out[name] = _value(kind, choices, rnd, name)
    return out


def varied_scenarios(n: int, seed: int = 0) -> Iterator[dict[str, Any]]:
    for i in range(n):
        yield varied_scenario(i, seed)


# ------------------------------------------------------------------------------------------------
# the identical-output reference (tests/engine/test_identical_output.py, scripts/capture_reference.py)

REFERENCE_SEED = 20260101
REFERENCE_COUNTS = {"zh_CN": 2000, "en_US": 1000}
"""Scenarios compared per language: the first ``n`` of the series."""


def result_digest(result: dict[str, Any]) -> str:
    """A short digest of the result exactly as the CLI prints it (key order included)."""
    import hashlib
    import json
    text = json.dumps(result, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


def reference_digests() -> dict[str, Any]:
    """The digests of the current engine's output on the reference series."""
    from calc_app.engine.evaluate import evaluate
    from calc_app.engine.policies import default_bundle
    digests: dict[str, list[str]] = {}
    for lang, n in REFERENCE_COUNTS.items():
        digests[lang] = [result_digest(evaluate(sc, lang)) for sc in varied_scenarios(n, REFERENCE_SEED)]
    return {"bundle_version": default_bundle().version, "seed": REFERENCE_SEED, "digests": digests}
