"""``pack diff OLD NEW``: what a change of law means, in words.

OLD and NEW are each a pack (``.zip``, checked before it is read), a folder holding ``policies/``
(or a ``policies`` folder itself), ``bundled`` or ``active``. The measures added, removed and changed
are listed by id and title; a change names what moved: figures (the numbers in its formulas),
period, conditions, formulas, caps, ranges, stacking, citation. The inputs added and removed follow.
"""
from __future__ import annotations

import re
import tempfile
from contextlib import ExitStack
from pathlib import Path
from typing import Any

_NUM = re.compile(r"(?<![A-Za-z_0-9.])\d+(?:\.\d+)?")


def _tree(spec: str, stack: ExitStack) -> Path:
    """The policies folder that ``spec`` names (a zip is checked, then extracted to a temporary folder)."""
    from calc_app.pack.active import active_policies_dir, bundled_dir
    if spec == "bundled":
        return bundled_dir()
    if spec == "active":
        return active_policies_dir()
    p = Path(spec)
    if p.is_file():
        from calc_app.pack.verify import extract, read_pack
        pk = read_pack(p)
        if not pk.ok:
            raise ValueError("\n".join(pk.problems))
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="relief-diff-")))
        extract(pk, tmp)
        return tmp / "policies"
    if (p / "policies").is_dir():
        return p / "policies"
    if p.is_dir():
        return p
    raise ValueError(f"{spec}: neither a pack, a folder of policies, 'bundled' nor 'active'")


def _period(m: Any) -> str:
    return f"{m.period.start.isoformat()} – {m.period.end.isoformat() if m.period.end else '(open)'}"


def _figures(m: Any) -> list[str]:
    srcs = [ln.expr for ln in m.let] + [m.amount or "", m.cap or "", m.floor or ""]
    if m.range is not None:
        srcs += [m.range.min, m.range.max]
    return [n for s in srcs for n in _NUM.findall(s)]


def _title(m: Any, lang: str) -> str:
    return m.title.zh if lang.startswith("zh") else m.title.en


def measure_changes(a: Any, b: Any) -> list[str]:
    """What differs between two versions of one measure, one phrase each."""
    out: list[str] = []
    fa, fb = _figures(a), _figures(b)
    if fa != fb:
        out.append(f"figures {', '.join(fa) or '(none)'} → {', '.join(fb) or '(none)'}")
    if (a.period.start, a.period.end) != (b.period.start, b.period.end):
        out.append(f"period {_period(a)} → {_period(b)}")
    ca, cb = [c.test for c in a.conditions], [c.test for c in b.conditions]
    for t in cb:
        if t not in ca:
            out.append(f"condition added: {t}")
    for t in ca:
        if t not in cb:
            out.append(f"condition removed: {t}")
    for key in ("amount", "cap", "floor", "effect", "jurisdiction", "document"):
        va, vb = getattr(a, key), getattr(b, key)
        if va != vb:
            out.append(f"{key} {va if va is not None else '(none)'} → {vb if vb is not None else '(none)'}")
    la, lb = {ln.name: ln.expr for ln in a.let}, {ln.name: ln.expr for ln in b.let}
    for n in sorted(set(la) | set(lb)):
        if la.get(n) != lb.get(n):
            out.append(f"step {n}: {la.get(n, '(none)')} → {lb.get(n, '(none)')}")
    ra = (a.range.min, a.range.max, a.range.estimate) if a.range else None
    rb = (b.range.min, b.range.max, b.range.estimate) if b.range else None
    if ra != rb:
        out.append(f"range {'–'.join(ra[:2]) + ' (' + ra[2] + ')' if ra else '(none)'} → "
                   f"{'–'.join(rb[:2]) + ' (' + rb[2] + ')' if rb else '(none)'}")
    if (a.not_quantified is None) != (b.not_quantified is None):
        out.append("now computes an amount" if b.not_quantified is None else "no longer computes an amount")
    sa, sb = a.stacking, b.stacking
    for key in ("group", "resolution", "priority", "replaces", "replaces_when", "on_top_of"):
        if getattr(sa, key) != getattr(sb, key):
            out.append(f"stacking.{key} {getattr(sa, key)} → {getattr(sb, key)}")
    if (a.citation.seed_file, a.citation.clause) != (b.citation.seed_file, b.citation.clause):
        out.append(f"citation {a.citation.seed_file} {a.citation.clause} → {b.citation.seed_file} {b.citation.clause}")
    elif a.citation.quote != b.citation.quote:
        out.append("quote changed")
    if a.title != b.title:
        out.append(f"title {a.title.zh} → {b.title.zh}")
    if not out and a != b:
        out.append("wording of reasons or notes changed")
    return out


def diff(old: str, new: str, lang: str = "zh_CN") -> list[str]:
    """The lines of ``pack diff``."""
    from calc_app.engine.policies import load_bundle
    from calc_app.models.inputs.catalog import load_catalog
    with ExitStack() as stack:
        ta, tb = _tree(old, stack), _tree(new, stack)
        ba, bb = load_bundle(ta), load_bundle(tb)
        ia, ib = load_catalog(ta), load_catalog(tb)
    ma, mb = ba.by_id, bb.by_id
    out: list[str] = []
    added = [mb[i] for i in sorted(set(mb) - set(ma))]
    removed = [ma[i] for i in sorted(set(ma) - set(mb))]
    for cm in added:
        m = cm.m
        what = f"amount {m.amount}" if m.amount else "no amount in the text"
        out.append(f"added   {m.id}: {_title(m, lang)} — {m.jurisdiction}, {m.effect}, {_period(m)}, {what}")
    for cm in removed:
        out.append(f"removed {cm.m.id}: {_title(cm.m, lang)} — {cm.m.jurisdiction}, {_period(cm.m)}")
    changed = 0
    for i in sorted(set(ma) & set(mb)):
        ch = measure_changes(ma[i].m, mb[i].m)
        if ch:
            changed += 1
            out.append(f"changed {i}: {_title(mb[i].m, lang)}")
            out += [f"    {c}" for c in ch]
    for n in [n for n in ib.inputs if n not in ia.inputs]:
        e = ib.inputs[n].entry
        out.append(f"input added   {n}: {e.label.zh if lang.startswith('zh') else e.label.en} ({e.type})")
    for n in [n for n in ia.inputs if n not in ib.inputs]:
        out.append(f"input removed {n}")
    for n in [n for n in ib.inputs if n in ia.inputs and ia.inputs[n].entry != ib.inputs[n].entry]:
        out.append(f"input changed {n}")
    for lst in sorted(set(ia.items) | set(ib.items)):   # the fields of one list item (loans[i].…)
        fa = ia.items[lst][1] if lst in ia.items else {}
        fb = ib.items[lst][1] if lst in ib.items else {}
        for n in [n for n in fb if n not in fa]:
            e = fb[n].entry
            out.append(f"input added   {lst}[].{n}: {e.label.zh if lang.startswith('zh') else e.label.en} ({e.type})")
        for n in [n for n in fa if n not in fb]:
            out.append(f"input removed {lst}[].{n}")
        for n in [n for n in fb if n in fa and fa[n].entry != fb[n].entry]:
            out.append(f"input changed {lst}[].{n}")
    out.append(f"{len(added)} added, {len(removed)} removed, {changed} changed "
               f"({len(ma)} measures before, {len(mb)} after)")
    return out
