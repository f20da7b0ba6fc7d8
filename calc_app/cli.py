"""The command line: ``evaluate``, ``jurisdictions``, ``batch``, ``demo`` (see shared/contract.md).

Exit codes: 0 done; 2 invalid input (one line per problem on stderr, naming the field); 1 any
other error (a short message, no traceback).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, Sequence

from calc_app.paths import root

EXAMPLE = "examples/jiangmen-small-manufacturer.json"


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse's own errors are usage errors: exit 2
        self.print_usage(sys.stderr)
        print(f"{self.prog}: {message}", file=sys.stderr)
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="python -m calc_app", description="惠企纾困计算器 Relief Calculator")
    sub = p.add_subparsers(dest="command")
    ev = sub.add_parser("evaluate", help="evaluate one scenario (JSON)")
    ev.add_argument("scenario", help="scenario JSON file, or - for standard input")
    ev.add_argument("--format", choices=("json", "text"), default="json")
    ev.add_argument("--lang", choices=("zh_CN", "en_US"), default="zh_CN")
    sub.add_parser("jurisdictions", help="list jurisdiction ids with their names")
    b = sub.add_parser("batch", help="evaluate one scenario per CSV/XLSX row")
    b.add_argument("input", nargs="?")
    b.add_argument("--out", help="the results CSV (its .summary.csv and .errors.csv go beside it)")
    b.add_argument("--template", metavar="FILE.xlsx|FILE.csv",
                   help="write an empty input sheet with the Chinese headers, an example row and the "
                        "columns explained, then stop")
    b.add_argument("--lang", choices=("zh_CN", "en_US"), default="zh_CN")
    b.add_argument("--errors", default=None, help="where bad rows go (default: OUTPUT.errors.csv)")
    b.add_argument("--workers", type=int, default=None, help="worker processes (default: one per core)")
    b.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                   help="a live progress bar on stderr (default: when stderr is a terminal)")
    d = sub.add_parser("demo", help="evaluate the shipped example scenario and print a table")
    d.add_argument("--lang", choices=("zh_CN", "en_US"), default="zh_CN")
    g = sub.add_parser("gui", help="open the window")
    g.add_argument("--smoke", action="store_true", help=argparse.SUPPRESS)  # open, paint once, close: exit 0
    from calc_app.register.cli import add_parsers as register_parsers
    register_parsers(sub)  # cases …, compare
    from calc_app.pack.cli import add_parser as add_pack_parser
    add_pack_parser(sub)  # pack build|verify|install|list|rollback|diff
    return p


def _load_json(path: str) -> Any:
    """The scenario file, read by the one rule the window's Open uses too (see
    :mod:`calc_app.models.scenario_file`): size bounded, BOM allowed, repeated keys refused."""
    from calc_app.models.scenario_file import ScenarioFileError, read_file
    try:
        return read_file(path)
    except ScenarioFileError as e:
        raise _Invalid(e.problems) from None


class _Invalid(Exception):
    def __init__(self, problems: list[tuple[str, str]]):
        self.problems = problems


def _print_problems(problems: list[tuple[str, str]]) -> None:
    from calc_app.models.values import shorten
    for f, m in problems[:100]:
        print(f"{shorten(str(f), 120)}: {shorten(str(m), 300)}", file=sys.stderr)
    if len(problems) > 100:
        print(f"(scenario): and {len(problems) - 100} more problems", file=sys.stderr)


def cmd_evaluate(args: argparse.Namespace) -> int:
    from calc_app.engine.evaluate import InputError, evaluate
    from calc_app.reports.text import render
    data = _load_json(args.scenario)
    try:
        result = evaluate(data, args.lang)
    except InputError as e:
        raise _Invalid(e.problems) from None
    if args.format == "json":
        import json
        json.dump(result, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(render(result, args.lang) + "\n")
    return 0


def cmd_jurisdictions(_: argparse.Namespace) -> int:
    from calc_app.engine.jurisdictions import jurisdiction_rows
    for r in jurisdiction_rows():
        print(f"{r['id']}\t{r['zh']}\t{r['en']}")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    args.scenario = str(root() / EXAMPLE)
    args.format = "text"
    return cmd_evaluate(args)


def cmd_batch(args: argparse.Namespace) -> int:
    from calc_app.batch import run_batch
    from calc_app.i18n import lgettext
    if args.template is not None:
        if args.input is not None or args.out is not None:
            raise _Invalid([("--template", lgettext("give either --template FILE alone, or INPUT --out OUTPUT",
                                                    args.lang))])
        from calc_app.batch_template import template_problem, write_template
        problem = template_problem(args.template, args.lang)
        if problem:
            raise _Invalid([("--template", problem)])
        try:
            written = write_template(args.template, args.lang)
        except OSError as e:
            raise _Invalid([("--template", lgettext("cannot write in folder {folder}: {why}", args.lang).format(
                folder=Path(args.template).parent, why=e.strerror or e.__class__.__name__))]) from None
        for p in written:
            print(lgettext("written: {path}", args.lang).format(path=p), file=sys.stderr)
        return 0
    if args.input is None or args.out is None:
        raise _Invalid([("--out" if args.input else "input",
                         lgettext("give INPUT --out OUTPUT (or --template FILE for an empty sheet)", args.lang))])
    return run_batch(args.input, args.out, lang=args.lang, errors_path=args.errors,
                     workers=args.workers, progress=args.progress)


def cmd_gui(args: argparse.Namespace) -> int:
    if getattr(args, "smoke", False):
        from calc_app.ui.smoke import gui_smoke
        return gui_smoke()
    from calc_app.app import main as gui_main
    return gui_main()


def _has_display() -> bool:
    import os
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
                or os.environ.get("QT_QPA_PLATFORM") or sys.platform in ("win32", "darwin"))


def _window() -> int:
    # the window paints a frame first and loads the policies behind it (refusing a broken
    # bundle the same way: the problems on stderr, exit 1)
    from calc_app.app import main as gui_main
    try:
        return gui_main()
    except KeyboardInterrupt:
        return 1


def main(argv: Sequence[str] | None = None) -> int:
    given = list(sys.argv[1:] if argv is None else argv)
    if not given and _has_display():
        return _window()  # before building the parser: nothing to parse, and the frame comes first
    args = build_parser().parse_args(given)
    if (args.command is None and _has_display()) or (args.command == "gui" and not args.smoke):
        return _window()
    try:
        from calc_app.engine.policies import default_bundle
        from calc_app.engine.yamlload import PolicyError
        try:
            default_bundle()
        except PolicyError as e:
            print("the bundled policy files are broken; refusing to start:", file=sys.stderr)
            print(str(e), file=sys.stderr)
            return 1
        if args.command is None:
            if _has_display():
                return cmd_gui(args)
            print("(no display: printing a demo evaluation; run under a desktop for the window)\n", file=sys.stderr)
            args.lang = "zh_CN"
            return cmd_demo(args)
        handler = getattr(args, "handler", None) or {"evaluate": cmd_evaluate, "jurisdictions": cmd_jurisdictions, "demo": cmd_demo,
                   "batch": cmd_batch, "gui": cmd_gui}[args.command]
        return handler(args)
    except _Invalid as e:
        _print_problems(e.problems)
        return 2
    except KeyboardInterrupt:
        return 1
    except BrokenPipeError:
        return 0
    except Exception as e:  # noqa: BLE001 - the contract: a short message, exit 1
        from calc_app.models.values import shorten
        print(f"internal error: {e.__class__.__name__}: {shorten(str(e), 300)}", file=sys.stderr)
        return 1
