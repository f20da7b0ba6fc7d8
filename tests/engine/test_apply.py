"""Where to apply: each measure's office and deadline as the text names them, with the citation.

Seed 001 (钟祥 work list): the 牵头单位 / 责任单位 / 完成时限 cells of the row that holds the measure's
quote; seed 004 (西山): the （牵头单位：…） of the cited item; seed 002 (南昌): the （责任单位：…） of the
cited item; seed 000 (江门): the 六大类政策的牵头部门 sentence of the measure's kind. Elsewhere: "the
text names no office", never an invented one."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from calc_app import evaluate
from calc_app.engine.policies import default_bundle
from calc_app.models.policy import QUOTE_SEPARATOR

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT.parent / "shared" / "seeds"
EXAMPLE = json.loads((ROOT / "examples" / "jiangmen-small-manufacturer.json").read_text(encoding="utf-8"))
needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed documents are not here")


def _entries():
    for cm in default_bundle().measures:
        for a in cm.m.apply:
            yield cm.m, a


def _rows_001(text: str) -> list[list[str]]:
    cells: list[str] = []
    for line in text.split("\n")[13:]:
        if line.startswith("\t"):
            cells.append(line[1:])
        elif line and cells:
            cells[-1] += line
    rows, cur = [], []
    for c in cells:
        cur.append(c)
        if re.fullmatch(r"(\d{4}年)?\d{1,2}月|持续推进", c.strip()):
            rows.append(cur)
            cur = []
    return rows


def test_there_are_offices_for_the_texts_that_name_them():
    by_seed: dict[str, int] = {}
    for _m, a in _entries():
        by_seed[a.source.seed_file[:3]] = by_seed.get(a.source.seed_file[:3], 0) + 1
    assert set(by_seed) == {"000", "001", "002", "004"} and sum(by_seed.values()) > 120


@needs_seeds
def test_every_office_quote_is_verbatim_and_holds_the_office_and_deadline():
    for m, a in _entries():
        text = (SEEDS / a.source.seed_file).read_text(encoding="utf-8")
        frags = a.source.quote.split(QUOTE_SEPARATOR)
        for f in frags:
            assert f in text, (m.id, f)
        assert a.office in a.source.quote, m.id
        if a.deadline:
            assert a.deadline in frags, m.id
        if a.partners:
            assert a.partners in frags, m.id


@needs_seeds
def test_a_work_list_office_is_the_row_of_the_measure_itself():
    rows = _rows_001((SEEDS / "001_5518c2c5e8b1f1d8.txt").read_text(encoding="utf-8"))
    checked = 0
    for m, a in _entries():
        if not a.source.seed_file.startswith("001"):
            continue
        cites = [c for c in [m.citation, *m.also_cited] if c.seed_file.startswith("001")]
        first = cites[0].quote.split(QUOTE_SEPARATOR)[0]
        row = [r for r in rows if any(first in c for c in r)]
        assert len(row) == 1, m.id
        r = [c.strip() for c in row[0]]
        assert (r[-3], r[-2] or None, r[-1]) == (a.office, a.partners, a.deadline), m.id
        assert a.jurisdiction == "cn-hb-jingmen-zhongxiang"
        checked += 1
    assert checked > 40


@needs_seeds
def test_a_numbered_item_office_is_printed_in_that_item():
    s004 = (SEEDS / "004_c8b587328a24d59d.txt").read_text(encoding="utf-8").split("\n")
    s002 = (SEEDS / "002_18fd0961877c4a42.txt").read_text(encoding="utf-8")
    s000 = (SEEDS / "000_cca0d35df373ca46.txt").read_text(encoding="utf-8")
    duty = s000[s000.index("六大类政策的牵头部门"):].split("\n")[0]
    for m, a in _entries():
        seed = a.source.seed_file[:3]
        if seed == "004":
            n = a.source.clause.rstrip(".")
            line = next(x for x in s004 if x.startswith(f"{n}."))
            assert a.source.quote == f"（牵头单位：{a.office}）" and a.source.quote in line, m.id
        elif seed == "002":
            label = re.match(r"（[一二三四五六七八九十]+）", a.source.clause).group(0)
            start = s002.index("\n" + label, s002.index("南昌市有效应对疫情加快推进项目建设的若干政策措施（"))
            nxt = re.compile(r"\n（[一二三四五六七八九十]+）").search(s002, start + 2)
            assert a.source.quote == f"（责任单位：{a.office}）" and a.source.quote in s002[start:nxt.start()], m.id
        elif seed == "000":
            assert a.source.quote in duty and a.source.quote.endswith(f"由{a.office}负责"), m.id
            assert a.jurisdiction == "cn-gd-jiangmen"


def test_offices_of_one_place_are_shown_only_on_its_chain():
    jm = {it["measure_id"]: it for it in evaluate(EXAMPLE)["items"]}
    zx = {it["measure_id"]: it for it in evaluate({**EXAMPLE, "jurisdiction": "cn-hb-jingmen-zhongxiang"})["items"]}
    vat = "cn-2022-vat-refund-small-micro"
    assert zx[vat]["apply"]["office"] == "市财政局、市税务局" and zx[vat]["apply"]["deadline"] == "2022年12月"
    assert zx[vat]["apply"]["source"]["seed_file"].startswith("001")
    assert jm[vat]["apply"] == {"office": None, "partners": None, "deadline": None, "jurisdiction": None,
                                "basis": "文件未写明承办部门", "source": None}
    rent = jm["cn-gd-jiangmen-2022-98-state-rent-waiver"]["apply"]
    assert rent["office"] == "市工业和信息化局" and rent["jurisdiction"] == "cn-gd-jiangmen"
    en = {it["measure_id"]: it for it in evaluate(EXAMPLE, "en_US")["items"]}
    assert en[vat]["apply"]["basis"] == "the text names no office"


def test_an_office_belongs_to_a_place_where_the_measure_applies():
    b = default_bundle()
    for m, a in _entries():
        assert a.jurisdiction in b.jurisdictions and m.jurisdiction in b.chain(a.jurisdiction), m.id


def test_the_batch_rows_carry_the_office_and_deadline():
    from calc_app.reports.csv_rows import ITEM_COLUMNS, item_rows
    result = evaluate({**EXAMPLE, "jurisdiction": "cn-hb-jingmen-zhongxiang"})
    rows = [dict(zip(ITEM_COLUMNS, r)) for r in item_rows(result, 2)]
    vat = next(r for r in rows if r["measure_id"] == "cn-2022-vat-refund-small-micro")
    assert (vat["apply_office"], vat["apply_partners"], vat["apply_deadline"]) == ("市财政局、市税务局", "人行钟祥支行", "2022年12月")
