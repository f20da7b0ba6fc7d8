"""The desktop window: ``create_main_window()`` and ``main()`` (``python -m calc_app``).

``main()`` paints a first frame before anything heavy is imported or read: a window of the main
window's size saying that the policies are loading. The policies are then loaded in a thread (the
engine alone: nothing of Qt) while that frame stays responsive; the window's modules are imported
and the main window is built in the GUI thread once they are in; it takes the frame's place and
shows its first result. A broken policy bundle is refused as before: the problems on stderr, exit 1.
"""
from __future__ import annotations

import gc
import sys
import threading
from contextlib import contextmanager
from typing import Any, Iterator

WINDOW_SIZE = (1366, 768)


_froze = False


@contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while the window is made; then, the first time in the process,
    the objects made so far are left out of the collector's later passes (``gc.freeze()``).

    Start-up makes ~120,000 long-lived objects (the models, the policies, the first window's
    widgets) and next to no garbage (~700 objects in cycles). The collector ran ~160 times in it for
    ~35 ms and found nothing worth it; paused, it would run once when let go, a full pass over all
    of them (~22 ms). Frozen, they are not looked at again, by that pass or any later one (each
    would have been a ~22 ms stutter in the window). Later windows (a test making many) are not
    frozen: their garbage is collected as usual."""
    global _froze
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            if not _froze:
                _froze = True
                gc.freeze()
            gc.enable()


def create_main_window(lang: str = "zh_CN") -> Any:
    """The main window with the policies loaded, ready to ``show()``; a QApplication must exist."""
    with collector_paused():
        return _create_main_window(lang)


def _create_main_window(lang: str) -> Any:
    from PySide6.QtWidgets import QApplication

    from calc_app.ui.qt_imports import quicker_module_check
    quicker_module_check()  # before the modules below are imported
    from calc_app.engine.policies import default_bundle
    from calc_app.ui.main_window import MainWindow
    from calc_app.ui.state import AppState
    app = QApplication.instance()
    if app is None:
        raise RuntimeError("create a QApplication before the main window")
    state = AppState(lang)
    window = MainWindow(default_bundle(), state)
    state.setParent(window)
    return window


def _load() -> None:
    """What the main window needs, off the GUI thread: the policies (and the engine's modules).
    Nothing of Qt: PySide makes its Python types and enums when they are first used, and doing that
    in two threads at once can crash; the window's modules are imported in the GUI thread."""
    from calc_app.engine.policies import default_bundle
    default_bundle()


def main(argv: list[str] | None = None) -> int:
    was = gc.isenabled()
    gc.disable()  # until the main window is up (see collector_paused)

    def started() -> None:
        if was and not gc.isenabled():
            gc.freeze()  # the loading frame's objects too
            gc.enable()
    try:
        return _main(argv, started)
    finally:
        started()


def _main(argv: list[str] | None, started: Any) -> int:
    # only what the frame needs before it paints: no Qt namespace (``Qt``, its enums cost ~10 ms to
    # create), no QMainWindow (its layout sets the central widget's geometry through a zero-length
    # animation, which holds the first paint for one animation tick), one catalog
    from PySide6.QtCore import QObject, QTimer, Signal
    from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QProgressBar, QVBoxLayout, QWidget

    from calc_app.ui.qt_imports import quicker_module_check
    quicker_module_check()  # before anything else is imported
    from calc_app.i18n.gettext import _

    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv)
    app.setApplicationName("Relief Calculator")
    app.setOrganizationName("relief-calc")

    class Relay(QObject):
        loaded = Signal(object)  # None, or the exception that stopped the load

    relay = Relay()
    outcome: dict[str, Any] = {"code": 0, "window": None}

    def run_load() -> None:
        try:
            _load()
        except BaseException as e:  # noqa: BLE001 - reported in the GUI thread
            relay.loaded.emit(e)
        else:
            relay.loaded.emit(None)

    def finish(error: BaseException | None) -> None:
        if error is None:
            try:
                window = create_main_window()
            except BaseException as e:  # noqa: BLE001
                error = e
        if error is not None:
            from calc_app.engine.yamlload import PolicyError
            if isinstance(error, PolicyError):
                print("the bundled policy files are broken; refusing to start:", file=sys.stderr)
                print(str(error), file=sys.stderr)
            else:
                print(f"internal error: {error.__class__.__name__}: {error}", file=sys.stderr)
            outcome["code"] = 1
            frame.close()
            app.exit(1)
            return
        window.setGeometry(frame.geometry())
        if frame.isMaximized():
            window.showMaximized()
        else:
            window.show()
        started()
        outcome["window"] = window
        frame.hide()
        frame.deleteLater()

    def start() -> None:
        from PySide6.QtCore import Qt
        relay.loaded.connect(finish, Qt.ConnectionType.QueuedConnection)
        threading.Thread(target=run_load, name="load-policies", daemon=True).start()

    class Frame(QWidget):
        """Says that the policies are loading; starts the load once it has painted (not before:
        the load would compete with the paint)."""

        started = False

        def paintEvent(self, ev: Any) -> None:  # noqa: N802
            super().paintEvent(ev)
            if not self.started:
                self.started = True
                QTimer.singleShot(0, start)

    frame = Frame()
    frame.setObjectName("loading_window")
    frame.setWindowTitle(_("Relief Calculator"))
    lay = QVBoxLayout(frame)
    lay.addStretch(1)
    note = QLabel(_("Loading the policies…"), frame)
    note.setObjectName("loading_note")
    row = QHBoxLayout()  # centred by the stretches on both sides (no alignment flags)
    row.addStretch(1)
    row.addWidget(note)
    row.addStretch(1)
    lay.addLayout(row)
    busy = QProgressBar(frame)
    busy.setRange(0, 0)  # busy: no end known
    busy.setTextVisible(False)
    busy.setFixedWidth(320)
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(busy)
    row.addStretch(1)
    lay.addLayout(row)
    lay.addStretch(1)
    frame.resize(*WINDOW_SIZE)
    frame.show()
    code = app.exec()
    return outcome["code"] or code


if __name__ == "__main__":
    raise SystemExit(main())
