"""The one path for work off the GUI thread.

``LatestOnly.submit(fn)`` runs ``fn`` in a worker thread; only the outcome of the latest request
is delivered (``succeeded`` / ``failed``, in the GUI thread). ``fn`` must not touch widgets.
"""
from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class _Relay(QObject):
    done = Signal(int, bool, object)


class _Task(QRunnable):
    def __init__(self, token: int, fn: Callable[[], Any], relay: _Relay):
        super().__init__()
        self.token, self.fn, self.relay = token, fn, relay

    def run(self) -> None:
        try:
            value = self.fn()
        except Exception as e:  # noqa: BLE001 - delivered to the GUI thread as a failure
            self.relay.done.emit(self.token, False, e)
        else:
            self.relay.done.emit(self.token, True, value)


class LatestOnly(QObject):
    succeeded = Signal(object)
    failed = Signal(object)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._token = 0
        self._relay = _Relay(self)
        self._relay.done.connect(self._deliver)

    def submit(self, fn: Callable[[], Any]) -> None:
        self._token += 1
        self._pool.clear()
        self._pool.start(_Task(self._token, fn, self._relay))

    def cancel(self) -> None:
        """Forget every request made so far (a synchronous result superseded them)."""
        self._token += 1
        self._pool.clear()

    def wait(self, msecs: int = -1) -> bool:
        return self._pool.waitForDone(msecs)

    def _deliver(self, token: int, ok: bool, value: Any) -> None:
        if token != self._token:
            return
        (self.succeeded if ok else self.failed).emit(value)
