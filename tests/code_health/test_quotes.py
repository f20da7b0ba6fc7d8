"""Every quote (each ' ｜ '-separated fragment) occurs verbatim in its seed file."""
from pathlib import Path

import pytest

from calc_app.engine.policies import default_bundle
from calc_app.models.policy import QUOTE_SEPARATOR

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"


def _citations():
    for cm in default_bundle().measures:
        for i, c in enumerate([cm.m.citation] + list(cm.m.also_cited)):
            yield pytest.param(cm.m.id, c, id=f"{cm.m.id}#{i}")


@pytest.mark.skipif(not SEEDS.is_dir(), reason=f"the seed documents are not here ({SEEDS}); quotes cannot be checked")
@pytest.mark.parametrize("mid,citation", list(_citations()))
def test_quote_is_verbatim(mid, citation):
    text = (SEEDS / citation.seed_file).read_text(encoding="utf-8")
    for frag in citation.quote.split(QUOTE_SEPARATOR):
        assert frag in text, f"{mid}: not found verbatim in {citation.seed_file}: {frag[:60]!r}"


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed documents are not here")
def test_quotes_contain_a_figure_when_the_measure_computes_one():
    """A computed measure's quote carries its figures (a digit, a Chinese numeral, or 免/全额/减半)."""
    bad = []
    for cm in default_bundle().measures:
        if cm.m.amount is None:
            continue
        q = cm.m.citation.quote + "".join(c.quote for c in cm.m.also_cited)
        if not (any(ch.isdigit() or ch in "一二三四五六七八九十百千万半" for ch in q)
                or any(w in q for w in ("免收", "免征", "全额", "免费", "减半"))):
            bad.append(cm.m.id)
    assert not bad, bad
