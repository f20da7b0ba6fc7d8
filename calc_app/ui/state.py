"""The application state the views listen to: the language and the money unit."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QObject, QTranslator, Signal

from calc_app.i18n import gettext as catalogs  # the module

MONEY_UNITS = {"yuan": 1, "wan": 10000}


def qlocale(lang: str) -> QLocale:
    if lang.startswith("zh"):
        return QLocale(QLocale.Language.Chinese, QLocale.Country.China)
    return QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)


class AppState(QObject):
    language_changed = Signal(str)
    money_unit_changed = Signal(str)

    def __init__(self, lang: str = catalogs.DEFAULT_LANGUAGE, parent: QObject | None = None):
        super().__init__(parent)
        self._lang = lang
        self._unit = "yuan"
        self._apply_language(lang)

    @property
    def lang(self) -> str:
        return self._lang

    @property
    def money_unit(self) -> str:
        return self._unit

    def set_language(self, lang: str) -> None:
        if lang == self._lang:
            return
        self._apply_language(lang)
        self._lang = lang
        self.language_changed.emit(lang)

    def set_money_unit(self, unit: str) -> None:
        if unit not in MONEY_UNITS or unit == self._unit:
            return
        self._unit = unit
        self.money_unit_changed.emit(unit)

    def _apply_language(self, lang: str) -> None:
        catalogs.set_language(lang)
        QLocale.setDefault(qlocale(lang))
        install_qt_translations(lang)


_qt_translator: QTranslator | None = None


def install_qt_translations(lang: str) -> None:
    """Qt's own strings (standard dialogs, buttons) in ``lang``: one translator for the process."""
    global _qt_translator
    app = QCoreApplication.instance()
    if app is None:
        return
    if _qt_translator is not None:
        app.removeTranslator(_qt_translator)
        _qt_translator = None
    tr = QTranslator(app)
    path = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if tr.load(qlocale(lang), "qtbase", "_", path):
        app.installTranslator(tr)
        _qt_translator = tr
