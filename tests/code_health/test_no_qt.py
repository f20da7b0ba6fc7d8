"""Importing and calling the engine does not import PySide6 (contract)."""
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_engine_does_not_import_qt():
    code = (
        "import sys, json\n"
        "from calc_app import evaluate\n"
        "r = evaluate(json.load(open('examples/jiangmen-small-manufacturer.json')))\n"
        "import calc_app.cli, calc_app.reports.text\n"
        "bad = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6')))\n"
        "print(json.dumps({'bad': bad, 'items': len(r['items'])}))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    got = json.loads(out.stdout)
    assert got["bad"] == [] and got["items"] > 0


def test_no_qt_import_outside_the_ui_layer():
    offenders = []
    for p in (ROOT / "calc_app").rglob("*.py"):
        rel = p.relative_to(ROOT / "calc_app").as_posix()
        if rel.startswith("ui/") or rel == "app.py":
            continue
        for line in p.read_text(encoding="utf-8").splitlines():
            s = line.strip()
            if s.startswith(("import PySide6", "from PySide6")):
                offenders.append(rel)
    assert not offenders, offenders


def test_no_eval_or_exec_in_the_package():
    import re
    pat = re.compile(r"(?<![\w.])(eval|exec)\s*\(")
    hits = [p.name for p in (ROOT / "calc_app").rglob("*.py") if pat.search(p.read_text(encoding="utf-8"))]
    assert not hits, hits
