"""Inputs that the Southwest group of measures needs beyond the contract (see policies/).

Read by the measures of 广元 (广府发〔2022〕19号, seed 003), 四川 and 昆明/西山区 (征求意见稿, seed 004):
the venue-fee waiver on public squares, the ETC truck toll discount and the 昆明 one-off absorption
subsidy for local hires. ``in_temporary_difficulty``, ``monthly_utility_bills`` and ``monthly_housing_fund``
are shared: the national 2022 measures (utility arrears deferral, social-insurance and housing-fund
deferrals) and the 荆门 housing-fund measures read them too.
"""
from __future__ import annotations

from typing import Literal, Optional  # noqa: F401

from pydantic import BaseModel, ConfigDict

from .meta import Count, Flag, Fraction, IsoDate, Money, Number, described  # noqa: F401


class SouthwestInputs(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # --- 企业概况
    in_temporary_difficulty: Optional[Flag] = described(
        "受疫情影响暂时出现生产经营困难", "Temporarily in difficulty because of the epidemic", section="profile",
        help_zh="比“暂时无法正常生产经营”宽：仍在经营但因疫情出现困难即可（水电气“欠费不停供”、社保费和住房公积金缓缴）",
        help_en="wider than 'temporarily unable to operate': still operating but in difficulty because of the "
                "epidemic (utility arrears deferral, social-insurance and housing-fund deferrals)")
    state_owned_enterprise: Optional[Flag] = described(
        "国有企业", "State-owned enterprise", section="profile",
        help_zh="昆明市一次性吸纳补贴只给非国有企业", help_en="the Kunming one-off absorption subsidy is for non-state enterprises")

    # --- 用工与社保
    monthly_housing_fund: Optional[Money] = described(
        "每月住房公积金缴存额", "Housing provident fund contributions per month", section="employment", unit="yuan",
        help_zh="单位和职工缴存合计", help_en="employer and employee contributions together")

    # --- 招聘
    local_hukou_hires: Optional[Count] = described(
        "本年招用本市户籍城乡劳动者", "Workers with local household registration hired this year", section="hiring",
        unit="persons", help_zh="西山区征求意见稿第3项：昆明市户籍城乡劳动者",
        help_en="Xishan draft item 3: urban and rural workers registered in Kunming")

    # --- 投资与经营
    monthly_utility_bills: Optional[Money] = described(
        "每月水电气费", "Water, electricity and gas bills per month", section="investment", unit="yuan",
        help_zh="用水、用电、用气费用合计", help_en="water, electricity and gas together")
    public_square_venue_fee: Optional[Money] = described(
        "公共广场展会或营销活动场地租用费", "Venue rent for a fair or promotion on a public square",
        section="investment", unit="yuan",
        help_zh="在政府或市属国有企业管理的公共广场举办，按原收费标准计",
        help_en="on a square run by the government or a city-owned enterprise, at the usual charge")
    etc_truck_tolls: Optional[Money] = described(
        "ETC货车高速公路通行费（优惠前）", "Expressway tolls of ETC trucks (before discounts)", section="investment",
        unit="yuan", help_zh="四川省内高速公路，按未打折的应缴通行费计",
        help_en="Sichuan expressways, the tolls due before any discount")
