"""Every measure is documented: period basis or dates, stacking rule, notes where it is a restatement."""
from calc_app.engine.policies import default_bundle


def test_every_jurisdiction_of_the_contract_exists():
    ids = set(default_bundle().jurisdictions)
    assert ids == {"cn", "cn-gd", "cn-gd-jiangmen", "cn-hb", "cn-hb-jingmen", "cn-hb-jingmen-zhongxiang", "cn-sc",
                   "cn-sc-guangyuan", "cn-yn", "cn-yn-kunming", "cn-yn-kunming-xishan", "cn-jx", "cn-jx-nanchang"}


def test_replaced_measures_lie_higher_in_the_chain():
    b = default_bundle()
    bad = []
    for cm in b.measures:
        chain = b.chain(cm.m.jurisdiction)
        for ref in cm.m.stacking.replaces + cm.m.stacking.on_top_of:
            if b.by_id[ref].m.jurisdiction not in chain:
                bad.append((cm.m.id, ref))
    assert not bad, bad


def test_not_quantified_measures_say_why():
    for cm in default_bundle().measures:
        if cm.m.amount is None:
            assert cm.m.not_quantified is not None and len(cm.m.not_quantified.zh) > 4, cm.m.id
