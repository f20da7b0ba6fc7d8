from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "jiangmen-small-manufacturer.json"


@pytest.fixture
def example() -> dict:
    return json.loads(EXAMPLE.read_text(encoding="utf-8"))


@pytest.fixture
def window(qtbot):
    from calc_app.app import create_main_window
    w = create_main_window()
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    qtbot.waitUntil(w.form.is_complete)  # the closed sections are made once the window has painted
    return w


@pytest.fixture
def loaded(window):
    assert window.open_scenario(EXAMPLE)
    return window


@pytest.fixture
def errors(monkeypatch):
    """Every QMessageBox.critical the window shows: (title, text)."""
    from PySide6.QtWidgets import QMessageBox
    seen: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "critical", staticmethod(lambda _parent, title, text, *a, **k: seen.append((title, text))))
    return seen


@pytest.fixture(autouse=True)
def _dispose_windows(qapp):
    """Delete every top-level widget a test leaves behind, while Qt is still running. Left to the
    interpreter's final garbage collection, dozens of main windows (with their timers, thread pool
    and signal connections) make shiboken abort at exit ('none_dealloc')."""
    yield
    import gc

    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QApplication
    for w in QApplication.topLevelWidgets():
        w.close()
        w.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QCoreApplication.processEvents()
    gc.collect()


@pytest.fixture(autouse=True)
def _own_data_dir(tmp_path, monkeypatch):
    """Each test its own register (RELIEF_DATA_DIR), never the user's."""
    monkeypatch.setenv("RELIEF_DATA_DIR", str(tmp_path / "data"))


@pytest.fixture(autouse=True)
def _unsaved_changes_discarded(monkeypatch):
    """Closing a window with unsaved inputs asks; tests that do not answer themselves discard."""
    import calc_app.ui.cases as cases
    monkeypatch.setattr(cases, "ask_unsaved", lambda parent, who: "discard")


@pytest.fixture(autouse=True)
def _fail_on_uncaught_slot_exceptions(monkeypatch):
    """An exception raised in a slot (editingFinished, a menu action) reaches sys.excepthook and
    Qt goes on: here it fails the test instead of passing unnoticed."""
    import sys
    seen: list[BaseException] = []
    previous = sys.excepthook

    def hook(kind, value, tb):
        seen.append(value)
        previous(kind, value, tb)
    monkeypatch.setattr(sys, "excepthook", hook)
    yield
    if seen:
        pytest.fail(f"uncaught exception in a slot: {seen[0]!r} ({len(seen)} in all)")
