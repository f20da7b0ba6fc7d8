"""PySide's check of each imported module (does it use PySide?) gives the same answers when made
from the source file's bytes as PySide's own ``inspect``-based check."""
import sys
import types

import pytest

from calc_app.ui import qt_imports


def test_the_quicker_check_answers_as_pysides_own_on_every_loaded_module(qapp, tmp_path):
    import calc_app.app  # noqa: F401  (the window's modules, PySide's and ours)
    from calc_app.app import create_main_window
    window = create_main_window()
    try:
        assert qt_imports.quicker_module_check()
        feature = sys.modules[qt_imports._FEATURE]
        check = getattr(feature, qt_imports._CHECK)
        own = check.pyside_own
        answers = {name: (check(m), own(m)) for name, m in list(sys.modules.items())
                   if isinstance(m, types.ModuleType)}
        assert len(answers) > 300
        differ = {n: a for n, a in answers.items() if a[0] != a[1]}
        assert not differ
        # both kinds of answer occur, so the comparison means something
        assert answers["calc_app.ui.main_window"] == (True, True)
        assert answers["calc_app.engine.evaluate"] == (False, False)
        # a module whose source names PySide6 only in a string, one in another encoding, one gone
        cases = {"in_text.py": ("x = 'PySide6'\n", "utf-8"), "latin.py": ("# -*- coding: latin-1 -*-\n# é\n", "latin-1")}
        for fname, (text, enc) in cases.items():
            p = tmp_path / fname
            p.write_text(text, encoding=enc)
            m = types.ModuleType(fname[:-3])
            m.__file__ = str(p)
            assert check(m) == own(m)
        gone = types.ModuleType("gone")
        gone.__file__ = str(tmp_path / "gone.py")
        assert check(gone) is own(gone) is False
    finally:
        window.close()
        window.deleteLater()


def test_nothing_is_changed_where_pysides_check_is_not_found(monkeypatch):
    monkeypatch.setitem(sys.modules, qt_imports._FEATURE, types.ModuleType("feature"))
    assert qt_imports.quicker_module_check() is False
    monkeypatch.delitem(sys.modules, qt_imports._FEATURE)
    assert qt_imports.quicker_module_check() is False


def test_put_in_place_once():
    pytest.importorskip("PySide6.QtCore")
    assert qt_imports.quicker_module_check()
    feature = sys.modules[qt_imports._FEATURE]
    first = getattr(feature, qt_imports._CHECK)
    assert qt_imports.quicker_module_check()
    assert getattr(feature, qt_imports._CHECK) is first and not hasattr(first.pyside_own, "pyside_own")

