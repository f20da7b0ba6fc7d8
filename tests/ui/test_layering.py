"""The engine and the reports stay free of Qt."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "jiangmen-small-manufacturer.json"

CODE = """
import json, sys
import calc_app
from calc_app.reports import csv_report, html_report, inputs, labels
data = json.load(open(sys.argv[1], encoding="utf-8"))
result = calc_app.evaluate(data)
html_report.render_html(data, result, "zh_CN")
csv_report.to_text(result)
bad = [m for m in sys.modules if m.startswith("PySide6") or m.startswith("shiboken")]
print(bad)
sys.exit(1 if bad else 0)
"""


def test_engine_and_reports_do_not_import_qt():
    r = subprocess.run([sys.executable, "-c", CODE, str(EXAMPLE)], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
