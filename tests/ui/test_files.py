"""Scenario files, the PDF and CSV exports, and clear messages when a file cannot be read or written."""
from __future__ import annotations

import csv
import json
import re
import subprocess
from pathlib import Path

from PySide6.QtWidgets import QLineEdit

from calc_app.engine.evaluate import validate_scenario
from calc_app.i18n import money
from calc_app.models.policy import EFFECTS
from calc_app.reports import csv_report

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "jiangmen-small-manufacturer.json"


def test_save_and_open_round_trip(loaded, tmp_path, qtbot, example):
    path = tmp_path / "scenario.json"
    assert loaded.save_scenario(path)
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved == validate_scenario(example).model_dump(mode="json", exclude_none=True)
    from calc_app.app import create_main_window
    other = create_main_window()
    qtbot.addWidget(other)
    assert other.open_scenario(path)
    assert other.scenario() == loaded.scenario()
    assert other.result == loaded.result
    assert path.name in other.windowTitle()


def test_unknown_inputs_are_left_out_of_the_saved_file(window, tmp_path):
    window.findChild(QLineEdit, "employees").setText("12")
    path = tmp_path / "s.json"
    assert window.save_scenario(path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data == {"jurisdiction": window.scenario()["jurisdiction"], "as_of": "2022-07-15", "employees": 12}


def test_a_corrupt_scenario_file_gives_a_message_and_changes_nothing(loaded, tmp_path, errors):
    before = (loaded.scenario(), loaded.result)
    bad = tmp_path / "bad.json"
    bad.write_text('{"jurisdiction": "cn", "as_of": ', encoding="utf-8")
    assert not loaded.open_scenario(bad)
    assert errors and "JSON" in errors[-1][1]
    invalid = tmp_path / "invalid.json"
    invalid.write_text(json.dumps({"jurisdiction": "cn", "as_of": "2022-07-15", "employees": -3}), encoding="utf-8")
    assert not loaded.open_scenario(invalid)
    assert "employees" in errors[-1][1]
    assert not loaded.open_scenario(tmp_path / "missing.json")
    assert len(errors) == 3
    assert (loaded.scenario(), loaded.result) == before


def test_an_unwritable_path_gives_a_message_and_loses_nothing(loaded, tmp_path, errors):
    before = loaded.scenario()
    nowhere = tmp_path / "no-such-folder"
    assert not loaded.save_scenario(nowhere / "s.json")
    assert not loaded.export_pdf(nowhere / "e.pdf")
    assert not loaded.export_csv(nowhere / "e.csv")
    assert len(errors) == 3 and all(str(nowhere) in text for _t, text in errors)
    assert loaded.scenario() == before
    existing = tmp_path / "keep.json"
    existing.write_text("keep", encoding="utf-8")
    existing.chmod(0o444)
    tmp_path.chmod(0o555)
    try:
        ok = loaded.save_scenario(existing)
    finally:
        tmp_path.chmod(0o755)
    if not ok:      # as root the folder stays writable
        assert existing.read_text(encoding="utf-8") == "keep"


def _squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


def test_the_pdf_holds_the_chinese_titles_amounts_citations_and_the_estimate_line(loaded, tmp_path):
    path = tmp_path / "estimate.pdf"
    assert loaded.export_pdf(path)
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True,
                          text=True).stdout
    flat = _squash(text)
    eligible = [it for it in loaded.result["items"] if it["status"] == "eligible" and it.get("quantified", True)]
    assert eligible
    for it in eligible:
        assert _squash(it["title"]) in flat, it["title"]
        assert _squash(money(it["amount"], "zh_CN")) in flat
    assert _squash(money(loaded.result["totals"]["grant"], "zh_CN")) in flat
    # the law named by its date and version (政策数据截至 …，版本 …), not by a bare hash
    assert "政策数据截至" in flat and _squash(loaded.result["policy"]["version"]) in flat
    assert "不构成审批决定" in flat
    assert "2022年7月15日" in flat
    assert "江门市" in flat
    assert _squash(eligible[0]["source"]["quote"][:20]) in flat
    assert "上年营业收入" in flat


def test_the_csv_export_has_one_row_per_measure_and_the_totals(loaded, tmp_path):
    path = tmp_path / "estimate.csv"
    assert loaded.export_csv(path)
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    items = loaded.result["items"]
    assert len(rows) == len(items) + len(EFFECTS)
    assert [r["measure_id"] for r in rows[: len(items)]] == [it["measure_id"] for it in items]
    assert rows[0]["quote"] == items[0]["source"]["quote"]
    totals = {r["effect"]: r["amount"] for r in rows if r["status"] == "total"}
    assert totals == loaded.result["totals"]
    assert tuple(rows[0]) == csv_report.COLUMNS


def test_the_example_opens(window):
    assert window.open_scenario(EXAMPLE)
    assert window.result["jurisdiction"] == "cn-gd-jiangmen"


def test_printing_renders_the_same_report(loaded, tmp_path):
    from PySide6.QtPrintSupport import QPrinter

    from calc_app.ui.export import print_html
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(out))
    print_html(loaded.report_html(), printer)
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(out), "-"], capture_output=True, check=True,
                          text=True).stdout
    assert "估算" in text and loaded.result["items"][0]["title"][:6] in _squash(text)


def test_the_english_pdf_uses_english_labels_and_money(loaded, tmp_path, qtbot):
    loaded.set_language("en_US")
    qtbot.waitUntil(lambda: loaded.result["lang"] == "en_US")
    path = tmp_path / "en.pdf"
    assert loaded.export_pdf(path)
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True,
                          text=True).stdout
    assert "An estimate, not a decision." in text
    assert _squash(money(loaded.result["totals"]["grant"], "en_US")) in _squash(text)
    assert "Jul 15, 2022" in text
