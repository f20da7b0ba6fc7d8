"""Inputs that the National group of measures needs beyond the contract (see policies/)."""
from __future__ import annotations

from typing import Literal, Optional  # noqa: F401

from pydantic import BaseModel, ConfigDict

from .meta import Count, Flag, Fraction, IsoDate, Money, Number, described  # noqa: F401


class NationalInputs(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # --- 税务
    small_scale_vat_taxpayer: Optional[Flag] = described(
        "增值税小规模纳税人", "Small-scale VAT taxpayer", section="tax",
        help_zh="按小规模纳税人缴纳增值税（非一般纳税人）；用于小规模纳税人免征增值税和“六税两费”减征",
        help_en="pays VAT as a small-scale taxpayer (not a general taxpayer); used by the 2022 small-scale VAT "
                "exemption and the 'six taxes and two fees' cut")

    # --- 融资与外资（种子001中央第9行；种子000第131项）
    receives_commercial_bills: Optional[Flag] = described(
        "以商业汇票收取货款", "Paid by customers in commercial bills (商业汇票)", section="finance",
        help_zh="种子001中央第9行：商业汇票承兑期限由1年缩短至6个月",
        help_en="seed 001 central row 9: the acceptance term of commercial bills cut from 1 year to 6 months")
    recognised_foreign_rd_centre: Optional[Flag] = described(
        "经认定的外资研发中心", "Recognised foreign-invested R&D centre", section="investment",
        help_zh="种子000第131项：进口科技开发用品免征进口关税和进口环节增值税、消费税",
        help_en="seed 000 item 131: imports of science and technology development supplies are exempt from "
                "import duty, import VAT and consumption tax")
