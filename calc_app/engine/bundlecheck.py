"""Checks of the policy bundle as a whole, run by :func:`calc_app.engine.policies.load_bundle`.

Each problem is a line ``file:line: field: message``; nothing here raises on bad data.

- :data:`POLICY_FILE_KINDS`: every file under ``policies/`` must be one of these kinds (a table:
  a new kind of file is one more row). A ``.yml`` file, a file in an unknown sub-folder, a folder
  or a dangling link where a file should be are refused instead of silently skipped.
- the jurisdiction tree: ids unique, every parent known, no cycle;
- industry groups: ids unique, every prefix a GB/T 4754-2017 code;
- the size table: every category with its tiers and whole-number thresholds;
- citations: every quote fragment verbatim in its seed file and every clause label printed in it,
  where the seed files are present (``../shared/seeds`` beside the checkout, or
  ``RELIEF_SEEDS_DIR``; the same rule as ``tests/code_health/test_quotes.py``);
- ``stacking.replaces``: no cycle.
"""
from __future__ import annotations

import fnmatch
import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

from calc_app.models.policy import QUOTE_SEPARATOR

MEASURE = "measure"

POLICY_FILE_KINDS: tuple[tuple[str, str], ...] = (
    # (path under policies/, with * for any name; "{jurisdiction}" is any folder not named here), kind
    ("README.md", "description of the format"),
    ("jurisdictions.yaml", "jurisdiction tree"),
    ("industry_groups.yaml", "industry groups"),
    ("inferences.yaml", "inference rules"),
    ("version.yaml", "version of the bundled law"),
    ("classification/size_standard.yaml", "size table"),
    ("documents/*.yaml", "source document"),
    ("inputs/*.yaml", "input descriptions"),
    ("inputs/items/*.yaml", "input descriptions of list rows"),
    ("{jurisdiction}/*.yaml", MEASURE),
)
"""The kinds of file a policy bundle holds. Add a row for a new kind."""

_RESERVED = frozenset(p.split("/")[0] for p, _ in POLICY_FILE_KINDS if "/" in p and not p.startswith("{"))


def kind_of(rel: str) -> str | None:
    """The kind of the file at ``rel`` (a path under policies/ with '/'), or None."""
    for pattern, kind in POLICY_FILE_KINDS:
        if pattern.startswith("{jurisdiction}/"):
            parts = rel.split("/")
            if len(parts) == 2 and parts[0] not in _RESERVED and fnmatch.fnmatchcase(parts[1], pattern.split("/", 1)[1]):
                return kind
        elif fnmatch.fnmatchcase(rel, pattern) and rel.count("/") == pattern.count("/"):
            return kind
    return None


def _known_folders() -> set[str]:
    """Sub-folders of known kinds (a folder of the first level is a jurisdiction's or a kind's)."""
    out = set()
    for p, _ in POLICY_FILE_KINDS:
        parts = p.split("/")[:-1]
        for i in range(1, len(parts) + 1):
            if not parts[0].startswith("{"):
                out.add("/".join(parts[:i]))
    return out


def scan_files(root: Path) -> tuple[list[str], list[Path]]:
    """(problems, measure files in order) of the tree under ``root``."""
    problems: list[str] = []
    measures: list[Path] = []
    folders = _known_folders()
    if not root.is_dir():
        return [f"{root}:0: (folder): the policy folder is missing"], []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        here = Path(dirpath)
        rel_dir = here.relative_to(root).as_posix()
        rel_dir = "" if rel_dir == "." else rel_dir
        dirnames.sort()
        for d in list(dirnames):
            rel = f"{rel_dir}/{d}" if rel_dir else d
            p = here / d
            if d == "__pycache__":
                dirnames.remove(d)
            elif kind_of(rel) is not None:  # policies/cn/x.yaml/ : a folder named like a file
                dirnames.remove(d)
                problems.append(f"{p}:0: (file): a folder where a file should be")
            elif p.is_symlink():
                dirnames.remove(d)
                problems.append(f"{p}:0: (folder): a link to a folder; put the files themselves here")
            elif "/" in rel and rel not in folders:
                dirnames.remove(d)
                problems.append(f"{p}:0: (folder): a sub-folder that no kind of policy file lives in "
                                f"(its files would be ignored); move them up")
        for name in sorted(filenames):
            rel = f"{rel_dir}/{name}" if rel_dir else name
            p = here / name
            if name.endswith((".pyc", ".pyo")):
                continue
            kind = kind_of(rel)
            if kind is None:
                hint = ""
                if name.endswith(".yml"):
                    hint = f"; policy files end in .yaml: rename it {name[:-4]}.yaml"
                elif name.startswith("."):
                    hint = "; remove it (a hidden or temporary file)"
                problems.append(f"{p}:0: (file): not a kind of policy file this program reads{hint} "
                                f"(known: {', '.join(pat for pat, _ in POLICY_FILE_KINDS)})")
                continue
            if p.is_symlink() and not p.exists():
                problems.append(f"{p}:0: (file): a link to nothing")
                continue
            if p.is_dir():
                problems.append(f"{p}:0: (file): a folder where a file should be")
                continue
            if kind == MEASURE:
                measures.append(p)
    measures.sort()
    return problems, measures


def call_references(src: str) -> list[tuple[str, str]]:
    """(function, quoted name) of every ``in_group('...')`` and ``within('...')`` in ``src``."""
    import ast
    if "in_group" not in src and "within" not in src:
        return []
    try:
        tree = ast.parse(src.strip(), mode="eval")
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return []
    out = []
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("in_group", "within")
                and len(node.args) == 1 and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)):
            out.append((node.func.id, node.args[0].value))
    return out


# ----------------------------------------------------------------------------------------------
# the jurisdiction tree and the industry groups

def check_jurisdictions(path: Path, data: Any) -> list[str]:
    """Duplicate ids, unknown parents and cycles in ``jurisdictions.yaml`` (as read, with lines)."""
    from calc_app.engine.yamlload import line_of
    if not isinstance(data, list):
        return []
    problems: list[str] = []
    first: dict[str, int] = {}
    parents: dict[str, Any] = {}
    for i, row in enumerate(data):
        if not isinstance(row, dict):
            continue
        jid = row.get("id")
        if not isinstance(jid, str):
            continue
        line = line_of(data, (i, "id"))
        if jid in first:
            problems.append(f"{path}:{line}: {i}.id: {jid!r} given twice (also at line {first[jid]})")
            continue
        first[jid] = line
        parents[jid] = (row.get("parent"), line_of(data, (i, "parent")), i)
    for jid, (parent, line, i) in parents.items():
        if parent is not None and parent not in parents:
            problems.append(f"{path}:{line}: {i}.parent: unknown jurisdiction {parent!r}")
    reported: set[str] = set()
    for start in parents:
        seen: list[str] = []
        cur: Any = start
        while cur is not None and cur in parents and cur not in seen:
            seen.append(cur)
            cur = parents[cur][0]
        if cur is not None and cur in seen:
            cycle = seen[seen.index(cur):]
            key = min(cycle)
            if key in reported:
                continue
            reported.add(key)
            _, line, i = parents[cur]
            problems.append(f"{path}:{line}: {i}.parent: the parents go round in a circle: "
                            f"{' -> '.join(cycle + [cur])}")
    return problems


def check_groups(path: Path, data: Any) -> list[str]:
    """Duplicate ids and prefixes that are not GB/T 4754-2017 codes in ``industry_groups.yaml``."""
    from calc_app.engine.industry import is_valid_code
    from calc_app.engine.yamlload import line_of
    if not isinstance(data, list):
        return []
    problems: list[str] = []
    first: dict[str, int] = {}
    for i, row in enumerate(data):
        if not isinstance(row, dict):
            continue
        gid = row.get("id")
        if isinstance(gid, str):
            line = line_of(data, (i, "id"))
            if gid in first:
                problems.append(f"{path}:{line}: {i}.id: {gid!r} given twice (also at line {first[gid]})")
            first.setdefault(gid, line)
        prefixes = row.get("prefixes")
        if isinstance(prefixes, list):
            if not prefixes:
                problems.append(f"{path}:{line_of(data, (i, 'prefixes'))}: {i}.prefixes: a group needs at least one prefix")
            for k, pre in enumerate(prefixes):
                if not isinstance(pre, str) or not is_valid_code(pre):
                    problems.append(f"{path}:{line_of(data, (i, 'prefixes', k))}: {i}.prefixes.{k}: "
                                    f"{pre!r} is not a GB/T 4754-2017 code")
    return problems


# ----------------------------------------------------------------------------------------------
# the size table

SIZE_TIERS = ("large", "medium", "small")
SIZE_INDICATORS = ("employees", "revenue", "assets")


def size_table(path: Path, data: Any) -> tuple[list[str], list[dict[str, Any]], dict[str, str]]:
    """(problems, categories, source) of ``classification/size_standard.yaml``."""
    from calc_app.engine.industry import is_valid_code
    from calc_app.engine.yamlload import line_of, plain

    def at(*loc: Any) -> str:
        return f"{path}:{line_of(data, loc)}: {'.'.join(map(str, loc)) or '(file)'}"

    if not isinstance(data, dict):
        return [f"{path}:1: (file): expected a mapping with source and categories"], [], {}
    problems: list[str] = []
    for key in data:
        if key not in ("source", "categories"):
            problems.append(f"{at(key)}: unknown key (expected source and categories)")
    source = data.get("source")
    if not isinstance(source, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in source.items()):
        problems.append(f"{at('source')}: expected a mapping of texts (document, reference)")
        source = {}
    cats_in = data.get("categories")
    if not isinstance(cats_in, list) or not cats_in:
        problems.append(f"{at('categories')}: expected a list of categories")
        return problems, [], plain(source)
    cats: list[dict[str, Any]] = []
    for i, c in enumerate(cats_in):
        if not isinstance(c, dict):
            problems.append(f"{at('categories', i)}: expected a mapping")
            continue
        bad = False
        for key in ("id", "zh", "en"):
            if not isinstance(c.get(key), str) or not c.get(key):
                problems.append(f"{at('categories', i, key) if key in c else at('categories', i)}"
                                f"{'' if key in c else '.' + key}: {'missing' if key not in c else 'expected text'}")
                bad = True
        for key in c:
            if key not in ("id", "zh", "en", "prefixes") + SIZE_TIERS:
                problems.append(f"{at('categories', i, key)}: unknown key")
                bad = True
        prefixes = c.get("prefixes")
        if not isinstance(prefixes, list):
            problems.append(f"{at('categories', i)}.prefixes: missing (a list of codes; [] for the other industries)")
            bad = True
        else:
            for k, pre in enumerate(prefixes):
                if not isinstance(pre, str) or not is_valid_code(pre):
                    problems.append(f"{at('categories', i, 'prefixes', k)}: {pre!r} is not a GB/T 4754-2017 code")
                    bad = True
        tiers: dict[str, dict[str, int]] = {}
        for t in SIZE_TIERS:
            tier = c.get(t)
            if t not in c:
                problems.append(f"{at('categories', i)}.{t}: missing (every category gives large, medium and small)")
                bad = True
                continue
            if not isinstance(tier, dict) or not tier:
                problems.append(f"{at('categories', i, t)}: expected thresholds such as {{employees: 20, revenue: 3000000}}")
                bad = True
                continue
            tiers[t] = {}
            for k, v in tier.items():
                if k not in SIZE_INDICATORS:
                    problems.append(f"{at('categories', i, t, k)}: unknown indicator (one of {', '.join(SIZE_INDICATORS)})")
                    bad = True
                elif isinstance(v, bool) or not isinstance(v, int) or not 0 <= v <= 10 ** 13:
                    problems.append(f"{at('categories', i, t, k)}: {v!r} is not a whole number between 0 and 10^13")
                    bad = True
                else:
                    tiers[t][k] = v
        if not bad:
            cats.append({"id": c["id"], "zh": c["zh"], "en": c["en"], "prefixes": tuple(prefixes), "tiers": tiers})
    if not problems and sum(1 for c in cats if not c["prefixes"]) != 1:
        problems.append(f"{at('categories')}: exactly one category must have prefixes: [] "
                        "(the other industries, used when no prefix matches)")
    return problems, cats, plain(source)


# ----------------------------------------------------------------------------------------------
# citations against the seed files

def seeds_dir() -> Path | None:
    """The folder of the seed documents, where present: ``RELIEF_SEEDS_DIR`` or ``../shared/seeds``
    beside the checkout."""
    env = os.environ.get("RELIEF_SEEDS_DIR")
    if env:
        p = Path(env)
        return p if p.is_dir() else None
    from calc_app.paths import root
    p = root().parent / "shared" / "seeds"
    return p if p.is_dir() else None


@lru_cache(maxsize=16)
def _seed(folder: str, name: str) -> tuple[str, str] | None:
    p = Path(folder) / name
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    return text, re.sub(r"\s+", "", text)


_CN_NUM = "一二三四五六七八九十百零〇"
_PAREN = re.compile(r"[（(]([^（）()]+)[）)]")
_CN_ITEM = re.compile(rf"[{_CN_NUM}]+、")
_ARABIC = re.compile(r"\d+")


def clause_problems(clause: str, text: str, flat: str) -> list[str]:
    """The parts of a clause label not printed in the seed as labels: ``28`` must start a line as
    ``28.`` (or stand alone in a table cell), ``（十七）`` and ``九、`` must occur, and a document
    title in parentheses must occur (line breaks ignored)."""
    bad = []
    for m in _PAREN.finditer(clause):
        inner = m.group(1).strip()
        if all(ch in _CN_NUM for ch in inner):
            if f"（{inner}）" not in text and f"({inner})" not in text:
                bad.append(m.group(0))
        elif re.sub(r"\s+", "", inner) not in flat:
            bad.append(m.group(0))
    rest = _PAREN.sub(" ", clause)
    for m in _CN_ITEM.finditer(rest):
        if m.group(0) not in text:
            bad.append(m.group(0))
    rest = _CN_ITEM.sub(" ", rest)
    for m in _ARABIC.finditer(rest):
        n = m.group(0)
        if not re.search(rf"(?m)^\s*{n}(?:[.．、]|[\t ]*$)", text):
            bad.append(n)
    return bad


def check_citation(citation: Any, where: str, folder: Path | None) -> list[str]:
    """A citation's quote fragments verbatim and its clause label printed in its seed file.
    ``where`` is ``file:line: citation`` (or ``also_cited.N``)."""
    if folder is None:
        return []
    got = _seed(str(folder), citation.seed_file)
    if got is None:
        return [f"{where}.seed_file: {citation.seed_file} is not among the seed files in {folder}"]
    text, flat = got
    problems = []
    for frag in citation.quote.split(QUOTE_SEPARATOR):
        if frag.strip() and frag not in text:
            problems.append(f"{where}.quote: not verbatim in {citation.seed_file}: {frag[:40]}"
                            + ("…" if len(frag) > 40 else ""))
    bad = clause_problems(citation.clause, text, flat)
    if bad:
        problems.append(f"{where}.clause: {citation.clause!r}: {', '.join(bad)} not printed as a label "
                        f"in {citation.seed_file}")
    return problems


# ----------------------------------------------------------------------------------------------
# replaces

def replaces_cycles(edges: dict[str, Iterable[str]]) -> list[list[str]]:
    """Each cycle of ``replaces`` (measure -> the measures it replaces), once."""
    out: list[list[str]] = []
    state: dict[str, int] = {}  # 1 on the path, 2 done
    for start in sorted(edges):
        if state.get(start):
            continue
        stack: list[tuple[str, list[str]]] = [(start, sorted(edges.get(start, ())))]
        path = [start]
        state[start] = 1
        while stack:
            node, todo = stack[-1]
            if not todo:
                stack.pop()
                path.pop()
                state[node] = 2
                continue
            nxt = todo.pop(0)
            if state.get(nxt) == 1:
                out.append(path[path.index(nxt):] + [nxt])
            elif not state.get(nxt) and nxt in edges:
                state[nxt] = 1
                path.append(nxt)
                stack.append((nxt, sorted(edges.get(nxt, ()))))
    return out
