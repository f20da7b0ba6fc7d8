"""Screenshots of the window at 1366×768, in zh_CN and en_US, with the example scenario loaded.

    xvfb-run -s "-screen 0 1366x768x24" .venv/bin/python scripts/screenshots.py

Writes docs/screenshots/main-<lang>.png (an item selected, its detail shown) and
docs/screenshots/chart-<lang>.png (the chart of amounts).
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
    OUT.mkdir(parents=True, exist_ok=True)
    for lang in ("zh_CN", "en_US"):
        for p in shoot(app, lang):
            print(p.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
