"""Presumed facts: the value an input takes when nobody answers it.

A yes/no input whose "yes" is a rare exception or a special status the enterprise would know and
say (个体工商户, 一企一策, foreign-invested, listed on an exchange, …) declares in its one
description a presumption, ``presume: {value, text: {zh, en}}``; :func:`field_meta` gives it. An
input that is a qualification the law asks the enterprise to show (an encouraged technical-renovation
project, 受疫情严重影响, a key-park lease) declares ``qualification: true`` and is never presumed.

An answered fact is never presumed: :func:`apply` only fills inputs that are absent, and records
each presumption it used so that the result can list it (``assumptions``).
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

from calc_app.models.inputs.meta import field_meta
from calc_app.models.scenario import Scenario

# Until the input descriptions live as data under policies/inputs/, the presumptions and the
# qualification marks are declared here, in this one place; field_meta()'s own ``presume`` and
# ``qualification`` keys take precedence.
_PRESUME_FALSE = {
    "is_individual_business": ("按非个体工商户计算", "taken as not an individual business (个体工商户)"),
    "one_enterprise_one_policy": ("按未享受“一企一策”计算", "taken as not under a one-firm-one-policy (一企一策) deal"),
    "foreign_invested": ("按非外商投资企业计算", "taken as not foreign-invested"),
    "new_citizen_founder": ("按非新市民创办计算", "taken as not founded by a new citizen (新市民)"),
    "aeo_advanced_first": ("按未首次获得海关AEO高级认证计算", "taken as not newly AEO-certified (advanced)"),
    "refinancing_invested_in_jiangmen": ("按未在江门再融资投放计算", "taken as no refinancing invested in Jiangmen"),
    "is_government_guarantor": ("按不是政府性融资担保机构计算", "taken as not a government financing guarantor"),
    "recognised_foreign_rd_centre": ("按非经认定的外资研发中心计算", "taken as not a recognised foreign R&D centre"),
    "scenic_4a_or_provincial_resort": ("按非4A级以上景区或省级旅游度假区计算", "taken as not a 4A scenic spot or provincial resort"),
    "foreign_trade_service_pilot": ("按非外贸综合服务试点企业计算", "taken as not a foreign-trade service pilot firm"),
    "rd_provincial_new_type_institution": ("按研发机构未认定为省级新型研发机构计算", "taken as no provincial new-type R&D institution"),
    "rd_postdoc_station": ("按研发机构未认定为博士后工作站计算", "taken as no postdoctoral station"),
    "rd_provincial_tech_centre": ("按研发机构未认定为省级企业技术中心计算", "taken as no provincial enterprise technology centre"),
    "high_tech_enterprise": ("按非高新技术企业计算", "taken as not a high-tech enterprise"),
    "in_east_lake_or_hubei_ftz": ("按不在东湖高新区或湖北自贸区计算", "taken as outside East Lake and the Hubei free-trade zone"),
    "graduate_founder": ("按非高校毕业生创办计算", "taken as not founded by a graduate"),
    "migrant_worker_founder": ("按非农民工创办计算", "taken as not founded by a migrant worker"),
    "state_owned_enterprise": ("按非国有企业计算", "taken as not state-owned"),
    "key_epidemic_enterprise_2020": ("按未列入2020年疫情防控重点保障企业名单计算", "taken as not on the 2020 key epidemic-supply list"),
    "job_placement_provider": ("按非职业介绍机构计算", "taken as not a job-placement provider"),
    "agri_leading_enterprise": ("按非农业产业化龙头企业计算", "taken as not a leading agricultural enterprise"),
    "cluster_manager_rent_cut": ("按非服务业集聚区管理机构计算", "taken as not a service-cluster manager"),
    "startup_loan_borrower_infected": ("按借款人未感染计算", "taken as the borrower not infected"),
}
_PRESUME_VALUE = {
    "listing_2022": ("none", "按2022年未上市挂牌计算", "taken as not listed on an exchange in 2022"),
    "specialized_level": ("none", "按非专精特新企业计算", "taken as not a specialized and innovative (专精特新) firm"),
}
_QUALIFICATIONS = frozenset({
    "severely_affected", "in_temporary_difficulty", "encouraged_tech_upgrade_project",
    "new_factory_in_key_park", "heavily_affected_2020", "temporary_difficulty_2020",
    "meltblown_project_qualified", "startup_loan_repayment_difficulty", "major_new_industrial_project",
    "municipal_major_st_project", "central_budget_public_health_project", "agri_project_completed_producing",
    "industrial_land_upgrade", "layoff_rate_within_national_target_2020", "epidemic_supplies_operating_jan24_feb9",
})


def _temporary(name: str) -> dict[str, Any] | None:
    if name in _PRESUME_FALSE:
        zh, en = _PRESUME_FALSE[name]
        return {"value": False, "text": {"zh": zh, "en": en}}
    if name in _PRESUME_VALUE:
        v, zh, en = _PRESUME_VALUE[name]
        return {"value": v, "text": {"zh": zh, "en": en}}
    return None


def is_qualification(name: str) -> bool:
    """True for an input the law asks the enterprise to show: never presumed."""
    if name not in Scenario.model_fields:
        return False
    meta = field_meta(Scenario, name)
    if "qualification" in meta:
        return bool(meta["qualification"])
    return name in _QUALIFICATIONS


@lru_cache(maxsize=None)
def presumption(name: str) -> dict[str, Any] | None:
    """``{"value", "text": {"zh", "en"}}`` for a presumed input, else None (never for a qualification)."""
    if name not in Scenario.model_fields or is_qualification(name):
        return None
    meta = field_meta(Scenario, name)
    p = meta.get("presume") if "presume" in meta else _temporary(name)
    if not p:
        return None
    text = p["text"]
    if not isinstance(text, dict):
        text = {"zh": text.zh, "en": text.en}
    return {"value": p["value"], "text": dict(text)}


@lru_cache(maxsize=None)
def presumed_fields() -> tuple[str, ...]:
    return tuple(n for n in Scenario.model_fields if presumption(n) is not None)


def apply(vals: dict[str, Any], relevant: frozenset[str] | set[str]) -> tuple[dict[str, Any], dict[str, Any]]:
    """``vals`` with every absent presumed input among ``relevant`` filled in; the presumptions used
    as ``{field: value}``."""
    used: dict[str, Any] = {}
    out = vals
    for name in presumed_fields():
        if name in relevant and vals.get(name) is None:
            if out is vals:
                out = dict(vals)
            v = presumption(name)["value"]  # type: ignore[index]
            out[name] = v
            used[name] = v
    return out, used


def text(name: str, lang: str) -> str:
    p = presumption(name)
    if p is None:
        return ""
    return p["text"]["zh"] if lang.startswith("zh") else p["text"]["en"]
