"""The gettext catalogs compile, their placeholders match, the committed .mo files are current and every
marked string of the source has a Chinese translation."""
from __future__ import annotations

import gettext
import io
import re
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "resources" / "locale"
CATALOGS = sorted(LOCALE.glob("*/LC_MESSAGES/messages.po"))
KEYWORDS = {**DEFAULT_KEYWORDS, "lgettext": None}
BRACES = re.compile(r"(?<!\{)\{([A-Za-z_][A-Za-z0-9_]*)?(?:[!:][^{}]*)?\}")


def _read(path: Path):
    with path.open("rb") as f:
        return read_po(f)


def test_both_languages_have_a_catalog():
    assert {p.parts[-3] for p in CATALOGS} == {"zh_CN", "en_US"}


@pytest.mark.parametrize("po", CATALOGS, ids=lambda p: p.parts[-3])
def test_the_catalog_compiles_without_errors(po):
    catalog = _read(po)
    problems = [(m.id, [str(e) for e in errs]) for m, errs in catalog.check()]
    assert problems == []
    buf = io.BytesIO()
    write_mo(buf, catalog)
    assert buf.getvalue()


@pytest.mark.parametrize("po", CATALOGS, ids=lambda p: p.parts[-3])
def test_placeholders_match(po):
    for m in _read(po):
        if m.id and m.string:
            assert sorted(BRACES.findall(m.id)) == sorted(BRACES.findall(m.string)), m.id
            assert m.id.count("%") == m.string.count("%") or "python-format" not in m.flags, m.id


@pytest.mark.parametrize("po", CATALOGS, ids=lambda p: p.parts[-3])
def test_the_committed_mo_file_is_current(po):
    with po.with_suffix(".mo").open("rb") as f:
        compiled = gettext.GNUTranslations(f)
    for m in _read(po):
        if m.id and m.string and "fuzzy" not in m.flags:
            assert compiled.gettext(m.id) == m.string, f"recompile {po.with_suffix('.mo')}: {m.id!r}"


def test_every_marked_string_has_a_chinese_translation():
    catalog = _read(LOCALE / "zh_CN" / "LC_MESSAGES" / "messages.po")
    extracted = {msg for _file, _line, msg, _comments, _ctx in
                 extract_from_dir(str(ROOT / "calc_app"), method_map=[("**.py", "python")], keywords=KEYWORDS)
                 if isinstance(msg, str)}
    assert extracted, "nothing extracted"
    untranslated = sorted(m for m in extracted if not (catalog.get(m) and catalog.get(m).string)
                          or "fuzzy" in catalog.get(m).flags)
    assert untranslated == [], "run the extract / update / compile commands of README.md and translate these"


def test_the_chinese_catalog_is_used_at_run_time():
    from calc_app.i18n.gettext import lgettext
    assert lgettext("Eligible", "zh_CN") == "符合"
    assert lgettext("Eligible", "en_US") == "Eligible"
