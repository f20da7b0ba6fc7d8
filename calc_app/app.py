"""The desktop window: ``create_main_window()`` and ``main()`` (``python -m calc_app``)."""
from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication

from calc_app.engine.policies import default_bundle
from calc_app.ui.main_window import MainWindow
from calc_app.ui.state import AppState
from calc_app.ui.style import apply_style


def create_main_window(lang: str = "zh_CN") -> MainWindow:
    """The main window with the policies loaded, ready to ``show()``; a QApplication must exist."""
    app = QApplication.instance()
    if app is None:
        raise RuntimeError("create a QApplication before the main window")
    state = AppState(lang)
    window = MainWindow(default_bundle(), state)
    state.setParent(window)
    # the style sheet goes on the finished window, once: set on the application before the widgets
    # exist, every widget added re-polishes its parent's tree (it tripled the window's start-up)
    apply_style(window)
    return window


def main(argv: list[str] | None = None) -> int:
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv)
    app.setApplicationName("Relief Calculator")
    app.setOrganizationName("relief-calc")
    window = create_main_window()
    window.show()
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main())
