"""The scenario form, generated from the model's field descriptions (see ``calc_app.reports.inputs``)."""
from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from calc_app.i18n import _
from calc_app.ui.collapsible import CollapsibleSection
from calc_app.ui.editors import LineEditor, make_editor
from calc_app.reports.inputs import FieldSpec, section_title, sections
from calc_app.ui.list_editor import ListEditor
from calc_app.ui.state import AppState
from calc_app.ui.style import mark, set_invalid

OPEN_SECTIONS = ("profile", "employment")


class FieldRow:
    """Label, editor, unit and the inline message of one scalar field, on a grid."""

    def __init__(self, spec: FieldSpec, state: AppState, grid: QGridLayout, row: int, parent: QWidget):
        self.spec, self.state = spec, state
        self.label = QLabel(parent)
        self.label.setWordWrap(True)
        self.editor = make_editor(spec, state, parent)
        self.label.setBuddy(self.editor)
        self.unit = QLabel(parent)
        mark(self.unit, "muted")
        grid.addWidget(self.label, row, 0)
        grid.addWidget(self.editor, row, 1)
        grid.addWidget(self.unit, row, 2)
        # the message and the note, on the two grid rows below, are made when first needed: most
        # rows never have either (84 labels fewer at the first paint, 300 in the whole form)
        self._grid, self._row, self._parent = grid, row, parent
        self._message: QLabel | None = None
        self._note: QLabel | None = None
        if hasattr(self.editor, "note"):        # the industry code: the name of the code given
            self.editor.edited.connect(lambda: self.set_note(self.editor.note()))
        self.retranslate()

    def _below(self, look: str, offset: int) -> QLabel:
        label = QLabel(self._parent)
        mark(label, look)
        label.setWordWrap(True)
        label.hide()
        self._grid.addWidget(label, self._row + offset, 0, 1, 3)
        return label

    @property
    def message(self) -> QLabel:
        """The inline message under the field (red), made on first use."""
        if self._message is None:
            self._message = self._below("error", 1)
        return self._message

    @property
    def note(self) -> QLabel:
        """The note under the field (grey), made on first use."""
        if self._note is None:
            self._note = self._below("muted", 2)
        return self._note

    def set_shown(self, shown: bool) -> None:
        for w in (self.label, self.editor, self.unit):
            w.setVisible(shown)
        for below in (self._message, self._note):
            if below is not None:
                below.setVisible(shown and bool(below.text()))

    def set_message(self, text: str | None) -> None:
        if text or self._message is not None:
            self.message.setText(text or "")
            self.message.setVisible(bool(text))
        set_invalid(self.editor, bool(text))

    def set_note(self, text: str | None) -> None:
        if text or self._note is not None:
            self.note.setText(text or "")
            self.note.setVisible(bool(text))

    def retranslate(self) -> None:
        lang, s = self.state.lang, self.spec
        self.label.setText(s.label(lang))
        unit = _("10k yuan") if s.kind == "money" and self.state.money_unit == "wan" else s.unit_label(lang)
        self.unit.setText("" if s.kind == "date" else unit)
        tip = s.help(lang)
        other = s.label("en_US" if lang.startswith("zh") else "zh_CN")
        tooltip = "\n".join(t for t in (s.label(lang), tip, f"{other} · {s.name}") if t)
        self.label.setToolTip(tooltip)
        self.editor.setToolTip(tooltip)
        self.editor.retranslate()
        if hasattr(self.editor, "note"):
            self.set_note(self.editor.note())


class _Built(dict):
    """The rows (or lists) made so far; looking up one whose section is not made yet makes it."""

    def __init__(self, form: "ScenarioForm"):
        super().__init__()
        self._form = form

    def __missing__(self, name: str) -> Any:
        if self._form._ensure(name) and dict.__contains__(self, name):
            return dict.__getitem__(self, name)
        raise KeyError(name)


class ScenarioForm(QScrollArea):
    """Emits ``changed`` whenever an input changes; ``values()`` reads the scenario back.

    The open sections are made at once; a closed section's fields are made when it first opens,
    when one of its fields is looked up (``rows[name]``, ``editor()``, ``focus_field()``) or given
    a value, a message or a note, or by :meth:`build_rest` (the window calls it once it has
    painted, a section per turn of the event loop). A field not made yet holds no value."""

    changed = Signal()
    notice = Signal(str)
    """A line editor's notice (what a pasted or typed text was read as), for the status bar."""

    def __init__(self, state: AppState, parent: QWidget | None = None):
        super().__init__(parent)
        self.state = state
        self.setObjectName("form")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # built without a parent and handed to the scroll area once: adding widgets under an
        # already-polished parent re-polishes on every add (a third of the window's start-up)
        inner = QWidget()
        self._inner = inner
        lay = QVBoxLayout(inner)
        lay.setContentsMargins(6, 6, 12, 6)
        self.rows: dict[str, FieldRow] = _Built(self)
        self.lists: dict[str, tuple[ListEditor, QLabel, QLabel]] = _Built(self)
        self.sections: dict[str, CollapsibleSection] = {}
        self._section_of: dict[str, str] = {}
        self._specs: dict[str, list[FieldSpec]] = {}
        self._notes: dict[str, str] = {}  # notes for fields not made yet
        self._relevant: frozenset[str] | set[str] | None = None
        self._loading = False
        for key, specs in sections():
            self._specs[key] = list(specs)
            for spec in specs:
                self._section_of[spec.name] = key
            expanded = key in OPEN_SECTIONS
            body = self._make_body(key) if expanded else None
            section = CollapsibleSection(body, expanded=expanded, parent=inner,
                                         build=lambda key=key: self._make_body(key))
            section.built.connect(lambda key=key: self._built(key))
            self.sections[key] = section
            lay.addWidget(section)
        lay.addStretch(1)
        self.setWidget(inner)
        self._order_tabs(inner)
        state.language_changed.connect(self.retranslate)
        state.money_unit_changed.connect(self.retranslate)
        self.retranslate()

    def _make_body(self, key: str) -> QWidget:
        """The fields of section ``key`` on their grid (not yet in the section)."""
        state = self.state
        body = QWidget()
        grid = QGridLayout(body)
        grid.setContentsMargins(18, 0, 0, 8)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(3)
        grid.setColumnStretch(0, 5)
        grid.setColumnStretch(1, 4)
        r = 0
        for spec in self._specs[key]:
            if spec.kind == "list":
                title = QLabel(body)
                mark(title, "list_title")
                editor = ListEditor(spec, state, body)
                message = QLabel(body)
                mark(message, "error")
                message.setWordWrap(True)
                message.hide()
                grid.addWidget(title, r, 0, 1, 3)
                grid.addWidget(editor, r + 1, 0, 1, 3)
                grid.addWidget(message, r + 2, 0, 1, 3)
                editor.edited.connect(self._edited)
                dict.__setitem__(self.lists, spec.name, (editor, title, message))
                title.setText(spec.label(state.lang))
                title.setToolTip(spec.help(state.lang))
            else:
                row = FieldRow(spec, state, grid, r, body)
                row.editor.edited.connect(self._edited)
                dict.__setitem__(self.rows, spec.name, row)
                note = self._notes.pop(spec.name, None)
                if note:
                    row.set_note(note)
            r += 3
        for ed in body.findChildren(LineEditor):
            ed.notice.connect(self.notice)
        if self._relevant is not None:
            self._apply_relevant(key)
        return body

    def _built(self, key: str) -> None:
        """A section made late: its place in the tab order, its count."""
        self._order_tabs(self._inner)
        self._update_counts()

    def _ensure(self, name: str) -> bool:
        """Make the section of field ``name`` (also 'loans.0.principal', 'loans[0]'); False: no such field."""
        key = self._section_of.get(name.split("[")[0].split(".")[0])
        if key is None:
            return False
        self.sections[key].ensure_body()
        return True

    def build_rest(self) -> None:
        """Make the next section not made yet, and the others on the following turns of the event loop."""
        for section in self.sections.values():
            if section.body is None:
                section.ensure_body()
                QTimer.singleShot(0, self, self.build_rest)
                return

    def is_complete(self) -> bool:
        """Every section made."""
        return all(s.body is not None for s in self.sections.values())

    def _order_tabs(self, inner: QWidget) -> None:
        """Tab order: each section's header, then its fields (the bodies were built before their headers)."""
        chain: list[QWidget] = []
        w = inner.nextInFocusChain()
        while w is not inner and w not in chain:
            if inner.isAncestorOf(w) and w.focusPolicy() & Qt.FocusPolicy.TabFocus:
                chain.append(w)
            w = w.nextInFocusChain()
        order: list[QWidget] = []
        for section in self.sections.values():
            order.append(section.header)
            if section.body is not None:
                order += [x for x in chain if section.body.isAncestorOf(x)]
        for a, b in zip(order, order[1:]):
            QWidget.setTabOrder(a, b)

    # -- which fields the chosen jurisdiction's measures read
    def set_relevant(self, names: frozenset[str] | set[str] | None) -> None:
        """Show only the inputs some measure of the chain reads (``None``: all). A field that holds a
        value stays visible, so nothing entered is ever hidden."""
        self._relevant = names
        self._apply_relevant(None)
        for key, section in self.sections.items():
            section.setVisible(any(self._is_shown(n) for n, k in self._section_of.items() if k == key))
        self._update_counts()

    def _apply_relevant(self, key: str | None) -> None:
        """Show or hide the fields made so far (of section ``key`` only, when given)."""
        names = self._relevant
        for name, row in self.rows.items():
            if key is None or self._section_of[name] == key:
                row.set_shown(names is None or name in names or row.editor.value() is not None)
        for name, (editor, title, message) in self.lists.items():
            if key is not None and self._section_of[name] != key:
                continue
            shown = names is None or name in names or editor.value() is not None
            editor.setVisible(shown)
            title.setVisible(shown)
            if not shown:
                message.hide()

    def _made(self, name: str) -> QWidget | None:
        """The editor of ``name`` if it has been made (never makes it)."""
        if dict.__contains__(self.rows, name):
            return dict.__getitem__(self.rows, name).editor
        if dict.__contains__(self.lists, name):
            return dict.__getitem__(self.lists, name)[0]
        return None

    def _is_shown(self, name: str) -> bool:
        names = self._relevant
        if names is None or name in names:
            return True
        ed = self._made(name)
        return ed is not None and ed.value() is not None

    # -- reading and writing the scenario
    def values(self) -> tuple[dict[str, Any], dict[str, str]]:
        """(the known inputs, the inputs that do not parse: {field: message})."""
        data: dict[str, Any] = {}
        errors: dict[str, str] = {}
        for name, row in self.rows.items():
            msg = row.editor.parse_error()
            if msg:
                errors[name] = msg
            v = row.editor.value()
            if v is not None:
                data[name] = v
        for name, (editor, _t, _m) in self.lists.items():
            errors.update(editor.parse_errors())
            v = editor.value()
            if v is not None:
                data[name] = v
        return data, errors

    def set_values(self, data: dict[str, Any]) -> None:
        for name, v in data.items():
            if v is not None:
                self._ensure(name)
        self._loading = True
        try:
            for name, row in self.rows.items():
                row.editor.set_value(data.get(name))
            for name, (editor, _t, _m) in self.lists.items():
                editor.set_value(data.get(name))
        finally:
            self._loading = False
        self._update_counts()
        self.changed.emit()

    def show_errors(self, errors: dict[str, str]) -> None:
        """Inline messages: ``errors`` maps a field (or 'loans.0.principal') to its message."""
        for name in errors:
            self._ensure(name)
        for name, row in self.rows.items():
            row.set_message(errors.get(name))
        for name, (editor, _t, message) in self.lists.items():
            mine = {k: v for k, v in errors.items() if k == name or k.startswith(name + ".")}
            editor.show_errors(mine)
            lines = []
            for k, v in mine.items():
                parts = k.split(".")
                if len(parts) == 3:
                    spec = next((s for s in editor.spec.rows if s.name == parts[2]), None)
                    label = spec.label(self.state.lang) if spec else parts[2]
                    lines.append(_("Row {row}, {field}: {message}").format(row=int(parts[1]) + 1, field=label,
                                                                            message=v))
                else:
                    lines.append(v)
            message.setText("\n".join(lines))
            message.setVisible(bool(lines))

    def set_note(self, name: str, text: str | None) -> None:
        if dict.__contains__(self.rows, name):
            self.rows[name].set_note(text)
        elif name in self._section_of:  # shown when its section is made
            if text:
                self._notes[name] = text
            else:
                self._notes.pop(name, None)

    def set_field(self, name: str, value: Any) -> bool:
        """Answer one input (a presumption changed in one click) and focus it."""
        self._ensure(name)
        row = self.rows.get(name)
        if row is None:
            return False
        row.editor.set_value(value)
        self.focus_field(name)
        return True

    def show_inferred(self, result: dict[str, Any]) -> None:
        """Beside each empty input a declared rule inferred, say so: inferred, never shown as typed."""
        inferred = {a["field"]: a for a in result.get("inferred", ())
                    if a["field"] in self._section_of and a["field"] not in self.lists}
        for name in set(getattr(self, "_inferred_notes", ())) - set(inferred):
            self.set_note(name, None)
        for name, a in inferred.items():
            bound = (_("at least {n}").format(n=a["at_least"]) if "at_least" in a else
                     _("at most {n}").format(n=a["at_most"]) if "at_most" in a else str(a.get("value", "")))
            self.set_note(name, _("Inferred: {bound} ({why})").format(bound=bound, why=a["text"]))
        self._inferred_notes = set(inferred)

    # -- finding a field
    def editor(self, name: str) -> QWidget | None:
        self._ensure(name)
        if name in self.rows:
            return self.rows[name].editor
        if name in self.lists:
            return self.lists[name][0]
        return None

    def focus_field(self, name: str) -> bool:
        """Open the field's section, scroll to it and give it the focus. ``name`` may be 'loans[0].principal'."""
        target: QWidget | None = None
        base = name.split("[")[0].split(".")[0]
        self._ensure(base)
        if base in self.lists:
            editor = self.lists[base][0]
            m = re.fullmatch(r"\w+(?:\[(\d+)\]|\.(\d+))\.(\w+)", name)
            if m and editor.table.rowCount():
                r = min(int(m.group(1) or m.group(2)), editor.table.rowCount() - 1)
                target = editor.cell(r, m.group(3))
            elif editor.table.rowCount() == 0:
                target = editor.add_button
            else:
                target = editor.cell(0, 0)
        else:
            target = self.editor(base)
        if target is None:
            return False
        if base in self.rows and not self.rows[base].editor.isVisible():
            self.rows[base].set_shown(True)
        section = self.sections.get(self._section_of.get(base, ""))
        if section is not None:
            section.setVisible(True)
            section.set_expanded(True)
        target.setFocus(Qt.FocusReason.OtherFocusReason)
        QTimer.singleShot(0, lambda: self.ensureWidgetVisible(target, 20, 40))
        return True

    # -- language and counts
    def retranslate(self, *_args: object) -> None:
        for row in self.rows.values():
            row.retranslate()
        for editor, title, _m in self.lists.values():
            title.setText(editor.spec.label(self.state.lang))
            title.setToolTip(editor.spec.help(self.state.lang))
            editor.retranslate()
        self._update_counts()

    def _edited(self) -> None:
        if self._loading:
            return
        self._update_counts()
        self.changed.emit()

    def _update_counts(self) -> None:
        filled: dict[str, list[int]] = {}
        for name, key in self._section_of.items():
            if not self._is_shown(name):
                continue
            ed = self._made(name)
            known = ed is not None and ed.value() is not None
            c = filled.setdefault(key, [0, 0])
            c[0] += known
            c[1] += 1
        for key, section in self.sections.items():
            n, total = filled.get(key, [0, 0])
            section.set_title(_("{section}   ({filled} of {total} given)").format(
                section=section_title(key, self.state.lang), filled=n, total=total))
