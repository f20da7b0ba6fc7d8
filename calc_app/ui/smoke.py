"""The packaged program's GUI check: the main window opens, paints once and closes."""
from __future__ import annotations

import sys


def gui_smoke(timeout_s: float = 20.0) -> int:
    """The packaged program's check: the main window opens, paints and closes; exit 0."""
    import time
    from PySide6.QtWidgets import QApplication
    from calc_app.app import create_main_window
    app = QApplication.instance() or QApplication(sys.argv[:1])
    window = create_main_window()
    window.show()
    deadline = time.monotonic() + timeout_s
    while not (window.windowHandle() and window.windowHandle().isExposed()):
        if time.monotonic() > deadline:
            print("gui smoke: the window was never shown", file=sys.stderr)
            return 1
        app.processEvents()
    app.processEvents()
    shot = window.grab()
    if shot.isNull():
        print("gui smoke: the window did not paint", file=sys.stderr)
        return 1
    print(f"gui smoke: window painted {shot.width()}x{shot.height()} on {app.platformName()}")
    window.close()
    app.processEvents()
    return 0
