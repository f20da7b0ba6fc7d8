"""Recompute as the user types: debounced, the latest request wins, never freezing the window.

The form is read and validated in the GUI thread (fast); ``evaluate`` runs inline while it stays
under a frame, and through :class:`~calc_app.ui.background.LatestOnly` once it takes longer.
"""
from __future__ import annotations

import time
from typing import Any, Callable

from pydantic import ValidationError
from PySide6.QtCore import QObject, QTimer, Signal

from calc_app.engine.classify import classify_size
from calc_app.engine.evaluate import evaluate
from calc_app.engine.policies import default_bundle
from calc_app.models.scenario import Scenario
from calc_app.ui import validation
from calc_app.ui.background import LatestOnly

DEBOUNCE_MS = 250
FRAME_MS = 16.0


def run_evaluation(sc: Scenario, lang: str) -> dict[str, Any]:
    """The job (no widgets): the result, the automatic size when it is overridden, the time taken."""
    t0 = time.perf_counter()
    result = evaluate(sc, lang, memo=True)  # one field changes at a time: the measures not reading it are cached
    auto = None
    if sc.size is not None:
        vals = sc.model_dump()
        vals["size"] = None
        auto = classify_size(default_bundle(), vals).reason[lang]
    return {"result": result, "auto_size_reason": auto, "ms": (time.perf_counter() - t0) * 1000}


class Recompute(QObject):
    computed = Signal(object)      # run_evaluation's dict
    invalid = Signal(object)       # {field path: message}
    failed = Signal(str)

    def __init__(self, read: Callable[[], tuple[dict[str, Any], dict[str, str]]], lang: Callable[[], str],
                 parent: QObject | None = None):
        super().__init__(parent)
        self._read, self._lang = read, lang
        self.frame_ms = FRAME_MS
        self.last_ms = 0.0
        self.background = LatestOnly(self)
        self.background.succeeded.connect(self._done)
        self.background.failed.connect(lambda e: self.failed.emit(f"{e.__class__.__name__}: {e}"))
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.run)

    def request(self, delay: int = DEBOUNCE_MS) -> None:
        self._timer.start(delay)

    def run(self, inline: bool | None = None) -> None:
        self._timer.stop()
        data, errors = self._read()
        try:
            sc = Scenario.model_validate(data)
        except ValidationError as e:
            errors = {**validation.problems(e), **errors}
        if errors:
            self.background.cancel()
            self.invalid.emit(errors)
            return
        lang = self._lang()
        if inline or (inline is None and self.last_ms <= self.frame_ms):
            self.background.cancel()
            try:
                out = run_evaluation(sc, lang)
            except Exception as e:  # noqa: BLE001 - shown in the window, the last results stay
                self.failed.emit(f"{e.__class__.__name__}: {e}")
                return
            self._done(out)
        else:
            self.background.submit(lambda: run_evaluation(sc, lang))

    def _done(self, out: dict[str, Any]) -> None:
        self.last_ms = out["ms"]
        self.computed.emit(out)
