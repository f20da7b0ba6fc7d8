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
