"""``python -m calc_app pack build|verify|install|list|rollback|diff`` (exit 0 done; 2 a problem with
the pack, one line each; 1 anything else)."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("pack", help="policy packs: build, verify, install, list, rollback, diff")
    ps = p.add_subparsers(dest="pack_command", required=True)
    b = ps.add_parser("build", help="zip the policies and their case files with a manifest")
    b.add_argument("out")
    b.add_argument("--from", dest="source", default=None,
                   help="a folder holding policies/ and tests/policies/ (or cases/); default: this program's")
    b.add_argument("--version", required=True)
    b.add_argument("--date", default=None, help="政策数据截至 YYYY-MM-DD (default: the law's version.yaml)")
    b.add_argument("--issuer", default=None)
    b.add_argument("--program-min", default=None, help="the oldest program version that can use it")
    b.add_argument("--program-max", default=None)
    b.add_argument("--sign", default=None, metavar="KEY", help="sign with this Ed25519 secret key (pack keygen)")
    k = ps.add_parser("keygen", help="make an issuer key pair: NAME.key (secret) and NAME.pub")
    k.add_argument("name")
    v = ps.add_parser("verify", help="check a pack (hashes, paths, sizes, schema, quotes, cases)")
    v.add_argument("pack")
    i = ps.add_parser("install", help="verify, then install and make active (the previous law is kept)")
    i.add_argument("pack")
    ps.add_parser("list", help="the installed packs and the law in use")
    ps.add_parser("rollback", help="return to the law active before")
    d = ps.add_parser("diff", help="measures added, removed and changed between two laws")
    d.add_argument("old", help="a pack .zip, a folder holding policies/, 'bundled' or 'active'")
    d.add_argument("new")
    d.add_argument("--lang", choices=("zh_CN", "en_US"), default="zh_CN")
    c = ps.add_parser("check-tree", help=argparse.SUPPRESS)   # what verify runs in a fresh process
    c.add_argument("tree")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    cmd = args.pack_command
    if cmd == "build":
        import datetime as _dt
        from calc_app.pack.build import build
        from calc_app.paths import root
        if args.date is not None:
            try:
                _dt.date.fromisoformat(args.date)
            except ValueError:
                print(f"--date: {args.date!r} is not a date YYYY-MM-DD", file=sys.stderr)
                return 2
        try:
            m = build(Path(args.out), Path(args.source) if args.source else root(), args.version, args.date,
                      args.issuer, args.program_min, args.program_max,
                      Path(args.sign) if args.sign else None)
        except (ValueError, OSError) as e:
            print(f"build: {e}", file=sys.stderr)
            return 2
        n_cases = sum(1 for k in m["files"] if k.startswith("cases/"))
        print(f"{args.out}: version {m['version']}, 政策数据截至 {m['date']}, {len(m['files']) - n_cases} policy files, "
              f"{n_cases} case files, {m['content_hash']}")
        return 0
    if cmd == "verify":
        from calc_app.pack.verify import verify
        pk = verify(Path(args.pack))
        for line in pk.problems:
            print(line, file=sys.stderr)
        if pk.problems:
            return 2
        m = pk.manifest
        assert m is not None
        signed = f", signed by {pk.signed_by}" if pk.signed_by else ", unsigned"
        print(f"ok: {args.pack}: version {m.version}, 政策数据截至 {m.date}, {m.issuer}, {m.content_hash}{signed}")
        return 0
    if cmd == "install":
        from calc_app.pack.store import install, packs_dir
        pk, pid = install(Path(args.pack))
        for line in pk.problems:
            print(line, file=sys.stderr)
        if pid is None:
            print("not installed", file=sys.stderr)
            return 2
        print(f"installed {pid} into {packs_dir() / pid}; it is the active law")
        return 0
    if cmd == "list":
        from calc_app.pack.active import active_policy
        from calc_app.pack.manifest import short
        from calc_app.pack.store import installed
        act = active_policy()
        for row in installed():
            mark = "*" if row["active"] and act["source"] == "pack" else " "
            state = f"  UNREADABLE: {row['problem']}" if row["problem"] else ""
            print(f"{mark} {row['id']}\t{row['version']}\t政策数据截至 {row['date']}\t"
                  f"sha256:{short(row['hash'])}\t{row['issuer']}{state}")
        from calc_app.pack.active import bundled_dir, _release_of
        bun = _release_of(bundled_dir(), "bundled")
        mark = "*" if act["source"] == "bundled" else " "
        print(f"{mark} bundled\t{bun['version']}\t政策数据截至 {bun['date']}\tsha256:{short(bun['hash'])}\t{bun['issuer']}")
        print(f"in use: {act['source']} {act['version']} (政策数据截至 {act['date']})"
              + (f"; FALLBACK: {act['fallback']}" if act.get("fallback") else ""))
        return 0
    if cmd == "rollback":
        from calc_app.pack.store import rollback
        now, err = rollback()
        if err:
            print(err, file=sys.stderr)
            return 1
        print(f"the active law is now {now or 'the bundled law'}")
        return 0
    if cmd == "diff":
        from calc_app.engine.yamlload import PolicyError
        from calc_app.pack.diff import diff
        try:
            lines = diff(args.old, args.new, args.lang)
        except (ValueError, PolicyError) as e:
            print(str(e), file=sys.stderr)
            return 2
        print("\n".join(lines))
        return 0
    if cmd == "keygen":
        from calc_app.pack.signature import keygen
        try:
            key, pub = keygen(Path(args.name))
        except FileExistsError:
            print(f"{args.name}.key exists: not overwritten", file=sys.stderr)
            return 1
        print(f"secret key {key} (keep it at the issuing office); public key {pub} "
              "(copy it into resources/issuers/ of the program)")
        return 0
    if cmd == "check-tree":
        from calc_app.pack.verify import check_tree_here
        return check_tree_here(Path(args.tree))
    return 1
