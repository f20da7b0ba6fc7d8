"""Inputs that the Hubei group of measures needs beyond the contract (see policies/).

The measures of seed 001 (钟祥市 2022 work list: columns 湖北省, 荆门市, 钟祥市) set at the
``cn-hb``, ``cn-hb-jingmen`` or ``cn-hb-jingmen-zhongxiang`` level read these fields; each names
the cell that needs it (荆门 number / 钟祥 number). An absent field is unknown: the measure that
reads it shows needs_input.
"""
from __future__ import annotations

from typing import Literal, Optional  # noqa: F401

from pydantic import BaseModel, ConfigDict

from .meta import Count, Flag, Fraction, IsoDate, Money, Number, described  # noqa: F401


class HubeiInputs(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # --- 企业概况
    loss_months_2022: Optional[Count] = described(
        "2022年出现亏损的月份数", "Months of 2022 with a loss", section="profile", unit="months",
        help_zh="钟祥第30、31项：2022年出现1个月以上亏损的企业可申请缓缴社保费",
        help_en="Zhongxiang items 30 and 31: a firm with a loss in at least one month of 2022 may defer")
    high_tech_enterprise: Optional[Flag] = described(
        "高新技术企业", "High-tech enterprise (高新技术企业)", section="profile",
        help_zh="湖北/荆门第130项跨境融资便利化额度", help_en="Hubei / Jingmen item 130 cross-border financing quota")
    in_east_lake_or_hubei_ftz: Optional[Flag] = described(
        "位于武汉东湖新技术开发区或湖北自由贸易试验区", "Located in Wuhan East Lake zone or the Hubei free trade zone",
        section="profile", help_zh="湖北省外债便利化额度试点范围", help_en="scope of the Hubei cross-border financing pilot")
    graduate_founder: Optional[Flag] = described(
        "由高校毕业生创办", "Founded by a university graduate", section="profile",
        help_zh="湖北/荆门第138项：符合条件的高校毕业生创办的小微企业可申请创业担保贷款",
        help_en="Hubei / Jingmen item 138: small firms founded by eligible graduates may apply for a start-up guaranteed loan")
    jingmen_central_district: Optional[Flag] = described(
        "企业位于荆门市中心城区", "Enterprise located in Jingmen's central urban district", section="profile",
        help_zh="荆门第34项全日制本科生生活补助", help_en="Jingmen item 34 living subsidy for bachelor hires")

    # --- 招聘
    graduates_hired_1y_contract: Optional[Count] = described(
        "本年招用应届高校毕业生中签订1年以上劳动合同并按规定缴纳社会保险费的人数",
        "Fresh graduates hired this year on a contract of 1 year or more, social insurance paid",
        section="hiring", unit="persons",
        help_zh="荆门第34项/钟祥第37项中小微企业一次性就业补贴", help_en="Jingmen item 34 / Zhongxiang 37 SME employment subsidy")
    bachelors_hired_5y_commitment: Optional[Count] = described(
        "新招录承诺在中心城区连续服务不少于5年的全日制本科生", "New full-time bachelor hires committing to 5 years in the central district",
        section="hiring", unit="persons", help_zh="荆门第34项：每人每年1万元，连续2年，发给本人",
        help_en="Jingmen item 34: 10,000 yuan a year for 2 years, paid to the graduate")

    # --- 住房公积金
    housing_fund_employer_monthly: Optional[Money] = described(
        "每月单位住房公积金缴存额", "Employer housing fund contributions per month", section="employment", unit="yuan",
        help_zh="荆门第134项/钟祥第141项降低缴存比例；只填单位部分", help_en="Jingmen item 134 / Zhongxiang 141 rate cut; employer share only")
    housing_fund_rate: Optional[Fraction] = described(
        "现行单位住房公积金缴存比例", "Current employer housing fund contribution rate",
        section="employment", unit="fraction", help_zh="荆门第134项/钟祥第141项降低缴存比例（最低5%），例如0.12",
        help_en="Jingmen item 134 / Zhongxiang 141 rate cut (to 5% at least), e.g. 0.12")

    # --- 水电气
    monthly_water_bill: Optional[Money] = described(
        "每月水费", "Water bill per month", section="investment", unit="yuan",
        help_zh="湖北/荆门第101项“欠费不停供”6个月缓缴期", help_en="Hubei / Jingmen item 101: 6-month arrears grace period")
    monthly_gas_bill: Optional[Money] = described(
        "每月燃气费", "Gas bill per month", section="investment", unit="yuan",
        help_zh="湖北/荆门第101项、钟祥第110项", help_en="Hubei / Jingmen item 101, Zhongxiang item 110")
    electricity_arrears: Optional[Money] = described(
        "受疫情影响形成的电费欠费", "Electricity arrears arising from the epidemic", section="investment", unit="yuan",
        help_zh="荆门第102项：小微工业企业欠费交纳期限最晚延长至2022年12月底",
        help_en="Jingmen item 102: small/micro industrial firms may pay by end-December 2022")

    # --- 担保
    agri_guarantee_category: Optional[Literal["none", "grain_scale", "poverty_project", "other"]] = described(
        "荆门市农业信贷担保的借款主体类别", "Borrower category under the Jingmen agricultural credit guarantee scheme",
        section="finance",
        help_zh="荆门第23项（荆政办发〔2021〕37号）：none 不适用 / grain_scale 粮食适度规模经营主体 / "
                "poverty_project 符合条件的扶贫项目 / other 其他符合条件的主体；其担保列在“融资担保”中",
        help_en="Jingmen item 23: none / grain_scale grain operator of moderate scale / poverty_project / "
                "other eligible borrower; its guarantees go in 'guarantees'")
