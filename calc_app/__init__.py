"""惠企纾困计算器 (Relief Calculator): what COVID-era relief measures are worth to an enterprise.

``from calc_app import evaluate`` gives ``evaluate(scenario: dict) -> dict`` (see
``shared/contract.md``); importing and calling it does not import Qt.
"""
from __future__ import annotations

from typing import Any

__version__ = "0.1.0"


def evaluate(scenario: dict[str, Any], lang: str = "zh_CN") -> dict[str, Any]:
    """Evaluate one scenario against the measures of its jurisdiction chain."""
    from calc_app.engine.evaluate import evaluate as _evaluate
    return _evaluate(scenario, lang)


__all__ = ["evaluate", "__version__"]
