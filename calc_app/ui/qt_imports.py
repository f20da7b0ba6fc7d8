"""PySide's check of every imported module, made without ``inspect``.

Once PySide6 is imported, every module imported after it is checked once for whether it uses PySide
(for ``from __feature__ import ...``, which this program never uses): PySide reads the module's
source with ``inspect.getsource`` and looks for the text ``PySide6``. ``inspect`` goes through
``linecache`` and the tokenizer and looks the module up among all loaded ones, so the ~240 modules
the window imports after PySide cost ~20 ms at start (a frozen build has no sources and does not pay
it). :func:`quicker_module_check` gives PySide the same answer from the source file's bytes: for a
``.py`` file that can be read, whether its bytes hold ``PySide6`` (the text is ASCII, so it is the
same in any source encoding Python reads); for anything else PySide's own check.
``tests/ui/test_startup.py`` compares both answers on every loaded module.

No Qt is imported here: only what PySide has already loaded is looked at, and nothing is changed
when PySide's check is not where this expects it.
"""
from __future__ import annotations

import sys
from typing import Any, Callable

_FEATURE = "shibokensupport.feature"
_CHECK = "_mod_uses_pyside"


def _from_bytes(own: Callable[[Any], bool]) -> Callable[[Any], bool]:
    def uses_pyside(module: Any) -> bool:
        path = getattr(module, "__file__", None)
        if isinstance(path, str) and path.endswith(".py"):
            try:
                with open(path, "rb") as f:
                    return b"PySide6" in f.read()
            except OSError:
                pass
        return own(module)
    uses_pyside.pyside_own = own  # type: ignore[attr-defined]
    return uses_pyside


def quicker_module_check() -> bool:
    """Put the quicker check in place of PySide's; True when it is in place."""
    feature = sys.modules.get(_FEATURE)
    own = getattr(feature, _CHECK, None)
    if feature is None or not callable(own):
        return False
    if not hasattr(own, "pyside_own"):
        setattr(feature, _CHECK, _from_bytes(own))
    return True
