"""The list inputs: loans, guarantees and procurement bids, one object per row."""
from __future__ import annotations

from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict

from .meta import Count, Flag, Fraction, IsoDate, Money, described


class Loan(BaseModel):
    model_config = ConfigDict(extra="forbid")
    principal: Optional[Money] = described("本金", "Principal", section="finance", unit="yuan")
    annual_rate: Optional[Fraction] = described("年利率", "Annual rate", section="finance", unit="fraction")
    start_date: Optional[IsoDate] = described("放款日", "Start date", section="finance", unit="date")
    term_months: Optional[Count] = described("期限", "Term", section="finance", unit="months")
    inclusive_small_micro: Optional[Flag] = described(
        "普惠小微贷款", "Inclusive small/micro loan", section="finance",
        help_zh="按人民银行口径统计的普惠小微贷款", help_en="counted as 普惠小微 by the central bank")
    via_relending: Optional[Flag] = described(
        "支小/支农再贷款资金发放", "Issued with relending funds", section="finance")
    project_loan: Optional[Flag] = described("项目贷款", "Project loan", section="finance")
    interest_paid: Optional[Money] = described(
        "本年已付利息", "Interest paid in the year", section="finance", unit="yuan")
    first_loan: Optional[Flag] = described(
        "首次贷款（首贷户）", "First loan ever (首贷户)", section="finance",
        help_zh="企业首次从银行取得贷款", help_en="the enterprise's first bank loan")


class Guarantee(BaseModel):
    model_config = ConfigDict(extra="forbid")
    amount: Optional[Money] = described("担保金额", "Guaranteed amount", section="finance", unit="yuan")
    fee_rate: Optional[Fraction] = described("年化担保费率", "Annual fee rate", section="finance", unit="fraction")
    start_date: Optional[IsoDate] = described("担保起始日", "Start date", section="finance", unit="date")
    government_guarantor: Optional[Flag] = described(
        "政府性融资担保机构", "Government guarantor", section="finance")


class Bid(BaseModel):
    model_config = ConfigDict(extra="forbid")
    price: Optional[Money] = described("投标报价", "Bid price", section="procurement", unit="yuan")
    category: Optional[Literal["goods", "services", "works"]] = described(
        "采购类别", "Category", section="procurement",
        help_zh="goods 货物 / services 服务 / works 工程", help_en="goods / services / works")


LIST_MODELS = {"loans": Loan, "guarantees": Guarantee, "procurement_bids": Bid}
ITEM_FIELDS = {k: tuple(m.model_fields) for k, m in LIST_MODELS.items()}
