"""``python -m calc_app cases …`` (the applicant register) and ``compare`` for scripts and backups.

Exit codes as the contract's: 0 done; 2 invalid input (one line per problem on stderr: ``field: why``);
1 anything else.
"""
from __future__ import annotations

import argparse
import json
import sys
from typing import Any

LANGS = ("zh_CN", "en_US")


def add_parsers(sub: Any) -> None:
    """Add ``cases`` and ``compare`` to the main parser's subcommands; each sets ``handler``."""
    c = sub.add_parser("cases", help="the applicant register: add, list, show, export, backup, restore, recheck")
    cs = c.add_subparsers(dest="cases_command", required=True, parser_class=type(c))
    a = cs.add_parser("add", help="evaluate a scenario and save it as a new case; prints the case id")
    a.add_argument("scenario", help="scenario JSON file (may carry an 'applicant' object), or - for standard input")
    a.add_argument("--name", help="applicant (enterprise) name; default: applicant.name of the scenario")
    a.add_argument("--credit-code", help="统一社会信用代码 (18 characters, GB 32100-2015)")
    a.add_argument("--contact")
    a.add_argument("--notes")
    a.add_argument("--staff", help="the staff member serving the applicant")
    a.add_argument("--case", type=int, help="save as a new version of this case instead of a new case")
    a.add_argument("--lang", choices=LANGS, default="zh_CN", help="language of the stored result")
    a.set_defaults(handler=cmd_add)
    ls = cs.add_parser("list", help="cases, the most recently saved first")
    ls.add_argument("--format", choices=("text", "json"), default="text")
    ls.add_argument("--search", default="", help="only cases whose name or credit code contains this")
    ls.set_defaults(handler=cmd_list)
    sh = cs.add_parser("show", help="one case as JSON: the case, scenario, stored result, policy version, history")
    sh.add_argument("id", type=int)
    sh.add_argument("--version", type=int, default=None, help="an older version (default: the newest)")
    sh.set_defaults(handler=cmd_show)
    ex = cs.add_parser("export", help="the register as CSV or XLSX (one row per case)")
    ex.add_argument("--out", required=True, help="FILE.csv or FILE.xlsx")
    ex.set_defaults(handler=cmd_export)
    bk = cs.add_parser("backup", help="a consistent copy of the register (SQLite online backup)")
    bk.add_argument("--out", required=True)
    bk.set_defaults(handler=cmd_backup)
    rs = cs.add_parser("restore", help="replace the register by a backup (the current content is kept beside it)")
    rs.add_argument("backup")
    rs.set_defaults(handler=cmd_restore)
    rc = cs.add_parser("recheck", help="evaluate every saved case under the current law; list those that changed")
    rc.add_argument("--format", choices=("text", "json"), default="text")
    rc.add_argument("--lang", choices=LANGS, default="zh_CN")
    rc.set_defaults(handler=cmd_recheck)

    cmp_ = sub.add_parser("compare", help="2 to 4 scenarios side by side, item by item")
    cmp_.add_argument("scenarios", nargs="+", metavar="SCENARIO.json")
    cmp_.add_argument("--format", choices=("text", "json"), default="text")
    cmp_.add_argument("--lang", choices=LANGS, default="zh_CN")
    cmp_.set_defaults(handler=cmd_compare)


def _invalid(problems: list[tuple[str, str]]) -> Exception:
    from calc_app.cli import _Invalid
    return _Invalid(problems)


def _open():
    from calc_app.register import Register, RegisterError
    try:
        return Register()
    except RegisterError as e:
        raise _invalid([("register", str(e))]) from None


def _dump(obj: Any) -> None:
    json.dump(obj, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def cmd_add(args: argparse.Namespace) -> int:
    from calc_app.cli import _load_json
    from calc_app.engine.evaluate import InputError, evaluate
    from calc_app.register import clean_applicant, split_applicant
    data = _load_json(args.scenario)
    scenario, given = split_applicant(data)
    applicant, problems = clean_applicant(given if given is not None else {})
    if args.case is not None:  # a new version keeps the applicant fields it does not change
        from calc_app.register import RegisterError
        with _open() as reg:
            try:
                applicant = {**reg.get(args.case)["applicant"], **applicant}
            except RegisterError as e:
                raise _invalid([("--case", str(e))]) from None
    for key, value in (("name", args.name), ("credit_code", args.credit_code), ("contact", args.contact),
                       ("notes", args.notes), ("staff", args.staff)):
        if value is not None:
            one, p = clean_applicant({key: value})
            applicant.pop(key, None)
            applicant.update(one)
            problems = [x for x in problems if x[0] != f"applicant.{key}"] + [
                (f"--{key.replace('_', '-')}", m) for _f, m in p]
    if not applicant.get("name"):
        problems.append(("--name", "the applicant's name is required (--name, or applicant.name in the scenario)"))
    try:
        result = evaluate(scenario, args.lang)
    except InputError as e:
        problems += e.problems
        result = None
    if problems:
        raise _invalid(problems)
    from calc_app.register import RegisterError
    with _open() as reg:
        try:
            case_id, _v = reg.save(scenario, result, applicant, case_id=args.case)
        except RegisterError as e:
            raise _invalid([("--case", str(e))]) from None
    print(case_id)
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    with _open() as reg:
        rows = reg.cases(args.search)
    if args.format == "json":
        _dump([{"id": r["id"], "name": r["name"], "credit_code": r["credit_code"], "jurisdiction": r["jurisdiction"],
                "updated": r["updated_at"], "created": r["created_at"], "version": r["version"], "as_of": r["as_of"],
                "staff": r["staff"], "totals": r["totals"]} for r in rows])
    else:
        for r in rows:
            print("\t".join(str(x) for x in (r["id"], r["name"], r["credit_code"] or "", r["jurisdiction"],
                                              r["updated_at"])))
    return 0


def show_object(reg: Any, case_id: int, version: int | None = None) -> dict[str, Any]:
    d = reg.get(case_id, version)
    history = reg.history(case_id)
    return {
        "case": {"id": case_id, **{k: d.get(k) for k in ("name", "credit_code", "contact", "notes", "staff")},
                 "created": d["created_at"], "updated": history[-1]["saved_at"], "version": d["version"],
                 "versions": len(history), "saved_at": d["saved_at"]},
        "scenario": d["scenario"],
        "result": d["result"],
        "policy_version": d.get("policy_version"),
        "policy_date": d.get("policy_date"),
        "history": history,
    }


def cmd_show(args: argparse.Namespace) -> int:
    from calc_app.register import RegisterError
    with _open() as reg:
        try:
            _dump(show_object(reg, args.id, args.version))
        except RegisterError as e:
            raise _invalid([("id", str(e))]) from None
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from calc_app.register.export import export
    if not args.out.lower().endswith((".csv", ".xlsx")):
        raise _invalid([("--out", "the export is FILE.csv or FILE.xlsx")])
    with _open() as reg:
        try:
            n = export(reg, args.out)
        except OSError as e:
            raise _invalid([("--out", f"cannot write {args.out}: {e.strerror or e}")]) from None
    print(f"{n} cases -> {args.out}", file=sys.stderr)
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    with _open() as reg:
        try:
            reg.backup(args.out)
        except OSError as e:
            raise _invalid([("--out", f"cannot write {args.out}: {e.strerror or e}")]) from None
        n = reg.count()
    print(f"{n} cases -> {args.out}", file=sys.stderr)
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from calc_app.register import RegisterError
    with _open() as reg:
        try:
            kept = reg.restore(args.backup)
        except RegisterError as e:
            raise _invalid([("backup", str(e))]) from None
        n = reg.count()
    print(f"restored {n} cases from {args.backup}; the previous register was kept as {kept}", file=sys.stderr)
    return 0


def cmd_recheck(args: argparse.Namespace) -> int:
    from calc_app.register.recheck import recheck
    with _open() as reg:
        out = recheck(reg, args.lang)
    if args.format == "json":
        _dump(out)
        return 0
    from calc_app.reports.compare import recheck_text
    sys.stdout.write(recheck_text(out, args.lang) + "\n")
    return 0


def cmd_compare(args: argparse.Namespace) -> int:
    from calc_app.cli import _load_json
    from calc_app.engine.evaluate import InputError
    from calc_app.reports.compare import compare_scenarios, compare_text
    if not 2 <= len(args.scenarios) <= 4:
        raise _invalid([("scenarios", f"give 2 to 4 scenario files, not {len(args.scenarios)}")])
    datas = [_load_json(p) for p in args.scenarios]
    try:
        out = compare_scenarios(datas, args.lang, labels=args.scenarios)
    except InputError as e:
        raise _invalid(e.problems) from None
    if args.format == "json":
        _dump(out)
    else:
        sys.stdout.write(compare_text(out, args.lang) + "\n")
    return 0
