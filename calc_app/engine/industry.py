"""The GB/T 4754-2017 industry code table and the industry groups the seeds name.

Codes are hierarchical strings (``C`` ⊃ ``C36`` ⊃ ``C361`` ⊃ ``C3611``). A group is a list of
code prefixes (``policies/industry_groups.yaml``). Membership is three-valued: a code at or below
a listed prefix is in; a code that shares no path with any prefix is out; a code *above* a
listed prefix (``C`` against a group listing ``C13``) is undecided, and the measure asks for a
more detailed code.
"""
from __future__ import annotations

import csv
from functools import lru_cache

from calc_app.paths import resources_dir


@lru_cache(maxsize=1)
def code_table() -> dict[str, tuple[int, str]]:
    """code -> (level, name) for all 1,971 codes."""
    path = resources_dir() / "data" / "gbt4754-2017.csv"
    with path.open(encoding="utf-8") as f:
        return {r["code"]: (int(r["level"]), r["name"]) for r in csv.DictReader(f)}


def is_valid_code(code: str) -> bool:
    return code in code_table()


def code_name(code: str) -> str:
    return code_table().get(code, (0, ""))[1]


def membership(code: str, prefixes: tuple[str, ...]) -> bool | None:
    """True if ``code`` lies within one of ``prefixes``; False if outside all; None if undecided."""
    undecided = False
    for p in prefixes:
        if code.startswith(p):
            return True
        if p.startswith(code):
            undecided = True
    return None if undecided else False
