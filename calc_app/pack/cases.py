"""Run declarative case files (``<jurisdiction>/<name>.yaml``) against the policies in use.

The same format as ``tests/policies/``: ``defaults`` (inputs shared by the file's cases) and
``cases``, each named as a rule, citing its clause and stating the expected status, amounts,
needed fields or totals of one or more measures. A pack carries its own case files; verifying the
pack runs them. Each problem is one line ``file:line: cases.N: message``.

``python -m calc_app.pack.cases DIR`` runs every case under DIR and prints the problems (exit 0
or 2); the policies are those of ``calc_app.paths.policies_dir()``.
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from calc_app.engine.yamlload import PolicyError, line_of, plain, read_yaml

CASE_KEYS = {"name", "clause", "as_of", "inputs", "expect", "totals", "jurisdiction", "lang", "size",
             "reason_contains"}
EXPECT_KEYS = {"status", "amount", "amount_min", "amount_max", "needs", "reason_contains", "assumptions",
               "inferred", "range_needs", "amount_if", "if", "not_presumed"}


def case_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*/*.yaml"))


def _inputs(path: Path, defaults: dict, case: dict) -> dict:
    inputs = {**defaults, **(case.get("inputs") or {})}
    inputs = {k: v for k, v in inputs.items() if v is not None}
    inputs.setdefault("jurisdiction", case.get("jurisdiction", path.parent.name))
    inputs["as_of"] = str(case["as_of"])
    for k, v in list(inputs.items()):
        if hasattr(v, "isoformat"):
            inputs[k] = v.isoformat()
        elif isinstance(v, float):
            inputs[k] = str(v)
    return inputs


def check_case(path: Path, defaults: dict, case: dict, bundle: Any = None) -> list[str]:
    """What is wrong with one case (empty when it holds)."""
    from calc_app.engine.evaluate import InputError, evaluate
    out: list[str] = []
    unknown = set(case) - CASE_KEYS
    if unknown:
        out.append(f"unknown keys {sorted(unknown)}")
    if not (case.get("name") and case.get("clause")):
        out.append("each case is named as a rule and cites its clause")
    if not (case.get("expect") or case.get("totals") or case.get("size")):
        out.append("a case must expect something")
    if "as_of" not in case:
        return out + ["as_of is missing"]
    try:
        result = evaluate(_inputs(path, defaults, case), case.get("lang", "zh_CN"), bundle=bundle)
    except InputError as e:
        return out + [f"input {f}: {m}" for f, m in e.problems]
    items = {it["measure_id"]: it for it in result["items"]}
    for mid, exp in (case.get("expect") or {}).items():
        exp = exp or {}
        if set(exp) - EXPECT_KEYS:
            out.append(f"{mid}: unknown keys {sorted(set(exp) - EXPECT_KEYS)}")
        it = items.get(mid)
        if it is None:
            out.append(f"{mid} is not among the measures of {result['jurisdiction']}")
            continue
        if "status" in exp and it["status"] != exp["status"]:
            out.append(f"{mid}: status {it['status']}, expected {exp['status']} ({'; '.join(it['reasons'])})")
        for k in ("amount", "amount_min", "amount_max"):
            if k in exp and not isinstance(exp[k], str):
                out.append(f"{mid}: write {k} as a quoted string with 2 places")
            elif k in exp and it.get(k) != exp[k]:
                out.append(f"{mid}: {k} {it.get(k)}, expected {exp[k]} ({'; '.join(it['reasons'])})")
        if "needs" in exp and not set(exp["needs"]) <= set(it["needs"]):
            out.append(f"{mid}: needs {it['needs']}, expected {exp['needs']} among them")
        if "reason_contains" in exp and str(exp["reason_contains"]) not in " ".join(it["reasons"]):
            out.append(f"{mid}: no reason contains {exp['reason_contains']!r} ({'; '.join(it['reasons'])})")
        # presumed facts the item lists, facts declared rules inferred, the unknowns that only move a range
        for k in ("assumptions", "inferred"):
            if k in exp and not set(exp[k]) <= {a["field"] for a in it.get(k, ())}:
                out.append(f"{mid}: {k} {[a['field'] for a in it.get(k, ())]}, expected {exp[k]} among them")
        if "not_presumed" in exp:  # answered facts are never presumed
            presumed = {a["field"] for a in it.get("assumptions", ())} | {a["field"] for a in result.get("assumptions", ())}
            if set(exp["not_presumed"]) & presumed:
                out.append(f"{mid}: {sorted(set(exp['not_presumed']) & presumed)} presumed although answered")
        if "range_needs" in exp and not set(exp["range_needs"]) <= set(it.get("range_needs", ())):
            out.append(f"{mid}: range_needs {it.get('range_needs')}, expected {exp['range_needs']} among them")
        if "amount_if" in exp:
            if it.get("amount_if") != exp["amount_if"] or it.get("if") != exp.get("if"):
                out.append(f"{mid}: amount_if {it.get('amount_if')} if {it.get('if')}, expected "
                           f"{exp['amount_if']} if {exp.get('if')}")
            else:  # answering as `if` says must give exactly that amount
                answered = evaluate({**_inputs(path, defaults, case), **exp["if"]}, case.get("lang", "zh_CN"),
                                    bundle=bundle)
                got = next((i for i in answered["items"] if i["measure_id"] == mid), None)
                if got is None or (got["status"], got["amount"]) != ("eligible", exp["amount_if"]):
                    out.append(f"{mid}: answered as {exp['if']} it is "
                               f"{(got or {}).get('status')} {(got or {}).get('amount')}, not {exp['amount_if']}")
    for k, v in (case.get("totals") or {}).items():
        if result["totals"].get(k) != str(v):
            out.append(f"totals.{k} {result['totals'].get(k)}, expected {v}")
    if "size" in case and result["size"] != case["size"]:
        out.append(f"size {result['size']}, expected {case['size']}")
    return out


def run_cases(folder: Path, bundle: Any = None, shown_as: Path | None = None) -> tuple[int, list[str]]:
    """(number of cases run, problems) for every case file under ``folder``.

    ``shown_as`` replaces ``folder`` in the file names of the problems (a pack shows its own paths)."""
    problems: list[str] = []
    n = 0
    for path in case_files(folder):
        name = (shown_as / path.relative_to(folder)) if shown_as is not None else path
        try:
            data = read_yaml(path)
        except PolicyError as e:
            problems += [p.replace(str(path), str(name)) for p in e.problems]
            continue
        if not isinstance(data, dict) or not isinstance(data.get("cases"), list):
            problems.append(f"{name}:1: cases: a case file holds `defaults` and a list `cases`")
            continue
        defaults = plain(data.get("defaults") or {})
        for i, case in enumerate(data["cases"]):
            n += 1
            line = line_of(data, ("cases", i))
            if not isinstance(case, dict):
                problems.append(f"{name}:{line}: cases.{i}: not a mapping")
                continue
            label = plain(case).get("name", "")
            for msg in check_case(path, defaults, plain(case), bundle):
                problems.append(f"{name}:{line}: cases.{i}: {label}: {msg}")
    return n, problems


def _main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m calc_app.pack.cases CASES_DIR", file=sys.stderr)
        return 2
    try:
        n, problems = run_cases(Path(argv[0]))
    except PolicyError as e:
        for p in e.problems:
            print(p, file=sys.stderr)
        return 2
    for p in problems:
        print(p, file=sys.stderr)
    print(f"{n} cases, {len(problems)} problems")
    return 2 if problems else 0


if __name__ == "__main__":
    raise SystemExit(_main(sys.argv[1:]))
