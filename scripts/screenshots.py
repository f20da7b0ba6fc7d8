"""Screenshots of the window at 1366×768, in zh_CN and en_US.

    xvfb-run -s "-screen 0 1366x768x24" .venv/bin/python scripts/screenshots.py

Writes, for each language, from a fresh window:
- docs/screenshots/basics-<lang>.png: the facts a small Jiangmen manufacturer knows typed in (the
  headline, the questions that matter, the presumptions, the measures by amount);
- docs/screenshots/answered-<lang>.png: the first questions answered (yes/no as the question says,
  an amount as the example scenario gives it), an item selected, its detail shown;
- docs/screenshots/main-<lang>.png and chart-<lang>.png: the example scenario, an item's detail and the chart.
"""
from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("LANG", "C.UTF-8")

from PySide6.QtWidgets import QApplication  # noqa: E402

from calc_app.app import create_main_window  # noqa: E402

EXAMPLE = ROOT / "examples" / "jiangmen-small-manufacturer.json"
OUT = ROOT / "docs" / "screenshots"
SIZE = (1366, 768)


def settle(app: QApplication, seconds: float = 0.4) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.02)


def pick(items: list[dict]) -> str:
    """An eligible item with a range and steps if there is one, else the first eligible one."""
    eligible = [it for it in items if it["status"] == "eligible" and it.get("steps")]
    ranged = [it for it in eligible if "amount_min" in it]
    return (ranged or eligible or items)[0]["measure_id"]


BASICS = {
    "jurisdiction": "cn-gd-jiangmen", "as_of": "2022-07-15", "industry_code": "C3311", "employees": 48,
    "revenue_last_year": "18000000", "total_assets": "12000000", "taxable_income_last_year": "1800000",
    "unemployment_insurance_paid_last_year": "42000", "layoffs_last_year": 0, "graduates_hired": 2,
    "landlord": "state", "monthly_rent": "30000",
}


def type_in(app: QApplication, window, values: dict) -> None:
    """Fill the form's editors one by one, as a person typing would."""
    for name, v in values.items():
        if name in ("jurisdiction", "as_of"):
            continue
        window.form.rows[name].editor.set_value(v)
        settle(app, 0.05)
    settle(app)


def shoot_basics(app: QApplication, lang: str) -> list[Path]:
    import json
    window = create_main_window(lang)
    window.resize(*SIZE)
    window.show()
    settle(app)
    type_in(app, window, BASICS)
    paths = [OUT / f"basics-{lang}.png"]
    window.grab().save(str(paths[0]))
    example = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    answers = {q["field"]: q["answer"] if "answer" in q else example[q["field"]]
               for q in window.result["questions"][:3]}
    type_in(app, window, answers)
    window.results.select_measure("cn-gd-jiangmen-2022-98-state-rent-waiver")
    settle(app)
    paths.append(OUT / f"answered-{lang}.png")
    window.grab().save(str(paths[1]))
    window.close()
    return paths


def shoot(app: QApplication, lang: str) -> list[Path]:
    window = create_main_window(lang)
    window.resize(*SIZE)
    window.show()
    if not window.open_scenario(EXAMPLE):
        raise SystemExit(f"cannot open {EXAMPLE}")
    settle(app)
    window.results.select_measure(pick(window.result["items"]))
    settle(app)
    paths = [OUT / f"main-{lang}.png"]
    window.grab().save(str(paths[0]))
    window.results.tabs.setCurrentIndex(1)
    settle(app)
    paths.append(OUT / f"chart-{lang}.png")
    window.grab().save(str(paths[1]))
    window.close()
    return paths


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    import calc_app.ui.cases as cases
    cases.ask_unsaved = lambda parent, who: "discard"  # the shots' inputs are not kept: closing asks nothing
    OUT.mkdir(parents=True, exist_ok=True)
    for lang in ("zh_CN", "en_US"):
        for p in shoot_basics(app, lang) + shoot(app, lang):
            print(p.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
