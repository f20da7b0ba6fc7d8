"""Screenshots of the service-window flow and the applicant sheet, in zh_CN and en_US.

    xvfb-run -s "-screen 0 1366x768x24" .venv/bin/python scripts/screenshots_queue.py

Uses a register in a temporary folder (RELIEF_DATA_DIR). Writes docs/screenshots/queue-<step>-<lang>.png
(the case list with search and history, an older version reopened, the comparison, the unsaved-changes
question) and docs/screenshots/sheet-<lang>-<page>.png (every page of the applicant sheet, via pdftoppm).
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("LANG", "C.UTF-8")
os.environ["RELIEF_DATA_DIR"] = tempfile.mkdtemp(prefix="relief-shots-")

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox  # noqa: E402

from calc_app.app import create_main_window  # noqa: E402

EXAMPLE = ROOT / "examples" / "jiangmen-small-manufacturer.json"
OUT = ROOT / "docs" / "screenshots"
NAME = {"zh_CN": "江门市蓬江区示例五金制品有限公司", "en_US": "Jiangmen Example Hardware Co., Ltd."}


def settle(app: QApplication, seconds: float = 0.4) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.02)


def shoot(app: QApplication, lang: str) -> list[Path]:
    out: list[Path] = []
    os.environ["RELIEF_DATA_DIR"] = tempfile.mkdtemp(prefix=f"relief-shots-{lang}-")
    w = create_main_window(lang)
    w.resize(1366, 768)
    w.show()
    w.open_scenario(EXAMPLE)
    w.applicant.set_values({"name": NAME[lang], "credit_code": "91350100M000100Y43", "staff": "王芳",
                            "contact": "陈先生 13800000000"})
    w.save_case_dialog()
    w.findChild(QLineEdit, "employees").setText("30")
    w.save_case_dialog()
    w.new_case()
    w.applicant.set_values({"name": "广东纺织厂" if lang == "zh_CN" else "Guangdong Textiles"})
    w.findChild(QLineEdit, "employees").setText("12")
    w.save_case_dialog()
    w.show_cases()
    w.cases_dock.search.setText("五金" if lang == "zh_CN" else "Hardware")
    settle(app, 0.6)
    w.cases_dock.list.setCurrentItem(w.cases_dock.list.topLevelItem(0))
    w.cases_dock.history.setCurrentItem(w.cases_dock.history.topLevelItem(1))
    w.cases_dock.open_button.click()
    settle(app)
    out.append(OUT / f"queue-history-{lang}.png")
    w.grab().save(str(out[-1]))

    w.keep_copy()
    w.jurisdiction.set_current("cn-jx-nanchang")       # 2020 measures: the date is kept and a note says so
    w._jurisdiction_changed("cn-jx-nanchang")
    settle(app)
    out.append(OUT / f"queue-date-note-{lang}.png")
    w.grab().save(str(out[-1]))
    w.jurisdiction.set_current("cn-gd-jiangmen")
    w._jurisdiction_changed("cn-gd-jiangmen")
    w.findChild(QLineEdit, "graduates_hired").setText("0")      # what if: no graduates hired, a higher rent
    w.findChild(QLineEdit, "monthly_rent").setText("50000")
    w.recompute.run(inline=True)
    w.compare_dialog()
    dlg = w.last_compare_dialog
    dlg.only_diff.setChecked(True)
    dlg.resize(900, 520)
    settle(app)
    out.append(OUT / f"queue-compare-{lang}.png")
    dlg.grab().save(str(out[-1]))
    dlg.close()

    # the unsaved-changes question, as the real dialog shows it
    import calc_app.ui.cases as cases
    real = cases.ask_unsaved
    shot = OUT / f"queue-unsaved-{lang}.png"

    def grab_box() -> None:
        box = next((x for x in QApplication.topLevelWidgets() if isinstance(x, QMessageBox) and x.isVisible()), None)
        if box is None:
            QTimer.singleShot(100, grab_box)
            return
        settle(app, 0.2)
        w.grab().save(str(OUT / "_tmp.png"))
        box.grab().save(str(shot))
        box.button(QMessageBox.StandardButton.Cancel).click()
    QTimer.singleShot(200, grab_box)
    answer = real(w, w.applicant.name())
    assert answer == "cancel", answer
    (OUT / "_tmp.png").unlink(missing_ok=True)
    out.append(shot)

    for appendix in (False,):
        pdf = Path(tempfile.mkdtemp()) / "sheet.pdf"
        w.jurisdiction.set_current("cn-gd-jiangmen")
        w._jurisdiction_changed("cn-gd-jiangmen")
        w.recompute.run(inline=True)
        pages = w.export_sheet(pdf, appendix=appendix)
        prefix = OUT / f"sheet-{lang}"
        subprocess.run(["pdftoppm", "-r", "80", "-png", str(pdf), str(prefix)], check=True)
        out += sorted(OUT.glob(f"sheet-{lang}-*.png"))[:pages]
    w.set_modified(False)
    w.close()
    return out


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Relief Calculator")
    OUT.mkdir(parents=True, exist_ok=True)
    for lang in ("zh_CN", "en_US"):
        for p in shoot(app, lang):
            print(p.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
