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


# ------------------------------------------------------------------------------------------------
# finding a code by name (the window's industry field)

LEVEL_NAMES = {1: ("门类", "section"), 2: ("大类", "division"), 3: ("中类", "group"), 4: ("小类", "class")}


@lru_cache(maxsize=1)
def english_names() -> dict[str, str]:
    """code -> English name for the sections, divisions and a few groups
    (``resources/data/gbt4754-2017-en.csv``: the calculator's own translation, to find a code by an
    English word; the standard's name is the Chinese one)."""
    path = resources_dir() / "data" / "gbt4754-2017-en.csv"
    if not path.exists():
        return {}
    with path.open(encoding="utf-8") as f:
        return {r["code"]: r["name_en"] for r in csv.DictReader(f)}


def english_name(code: str) -> str:
    """The English name of ``code`` or of its nearest ancestor that has one."""
    names = english_names()
    for n in range(len(code), 0, -1):
        if code[:n] in names:
            return names[code[:n]]
    return ""


def search(text: str, limit: int = 50) -> list[str]:
    """Codes whose code starts with ``text`` or whose Chinese or English name contains it, the
    broadest first."""
    t = text.strip()
    if not t:
        return []
    up, low = t.upper(), t.lower()
    hits = []
    for code, (level, name) in code_table().items():
        if code.startswith(up) or t in name or (low in english_name(code).lower() if low.isascii() else False):
            hits.append((level, code))
    hits.sort()
    return [c for _, c in hits[:limit]]


def describe(code: str, lang: str) -> str:
    """'C3311 金属结构制造（小类）' / 'C3311 金属结构制造 (class; Metal products (fabricated metal))'."""
    level, name = code_table().get(code, (0, ""))
    if not level:
        return ""
    zh, en = LEVEL_NAMES[level]
    if lang.startswith("zh"):
        return f"{code} {name}（{zh}）"
    eng = english_name(code)
    return f"{code} {name} ({en}{'; ' + eng if eng else ''})"


def code_problem(text: str, lang: str) -> str | None:
    """What is wrong with a typed industry code, in words (None when it is a 2017 code)."""
    zh = lang.startswith("zh")
    t = text.strip().upper()
    table = code_table()
    if t in table:
        return None
    if t.isdigit():
        cands = [c for c in table if c[1:] == t]
        if cands:
            return (f"“{text}”缺少门类字母：是否为 {describe(cands[0], lang)}？" if zh else
                    f"“{text}” lacks its section letter: did you mean {describe(cands[0], lang)}?")
        return (f"“{text}”不是GB/T 4754-2017行业代码：代码以门类字母开头，如C3311" if zh else
                f"“{text}” is not a GB/T 4754-2017 code: codes start with the section letter, e.g. C3311")
    if len(t) >= 2 and t[0].isalpha() and t[1:].isdigit():
        parent = next((t[:n] for n in (4, 3) if len(t) > n and t[:n] in table), None)
        if parent:
            return (f"{t}不在GB/T 4754-2017中（{describe(parent, lang)}下没有此代码）；2011年版的部分代码已调整，"
                    f"请从列表中选择2017年版代码" if zh else
                    f"{t} is not in GB/T 4754-2017 (no such code under {describe(parent, lang)}); some codes of the "
                    f"2011 edition changed: choose a 2017 code from the list")
        if t[:3] not in table and len(t) >= 3 and t[0] in table:
            return (f"{t}不在GB/T 4754-2017中：门类{t[0]}下没有大类{t[:3]}（2011年版代码？请从列表中选择）" if zh else
                    f"{t} is not in GB/T 4754-2017: section {t[0]} has no division {t[:3]} (a 2011-edition code? "
                    f"choose from the list)")
    return (f"没有“{text}”这个行业代码：可输入代码或行业名称（如“金属结构”），再从列表中选择" if zh else
            f"there is no industry code “{text}”: type a code or a name (e.g. “restaurant”) and choose from the list")


def coarse_note(code: str, lang: str) -> str | None:
    """A section letter alone: measures that name an industry group need at least the division."""
    if code_table().get(code, (0, ""))[0] != 1:
        return None
    return ("只填了门类：按行业适用的措施至少需要大类（如C33），请填到大类或更细" if lang.startswith("zh") else
            "a section letter alone: measures for an industry need at least the division (e.g. C33); "
            "give the division or finer")
