"""The inputs named by the outside contract (``shared/contract.md``)."""
from __future__ import annotations

from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict

from .lists import Bid, Guarantee, Loan
from .meta import Count, Flag, Fraction, IsoDate, Money, Number, described


class ContractInputs(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # --- 企业概况
    industry_code: Optional[str] = described(
        "行业代码（GB/T 4754-2017）", "Industry code (GB/T 4754-2017)", section="profile",
        help_zh="门类字母加数字，任一层级：C、C36、H621、L7291",
        help_en="section letter plus digits at any depth: C, C36, H621, L7291")
    employees: Optional[Count] = described(
        "从业人员", "Employees (average headcount)", section="profile", unit="persons")
    revenue_last_year: Optional[Money] = described(
        "上年营业收入", "Revenue last year", section="profile", unit="yuan")
    total_assets: Optional[Money] = described("资产总额", "Total assets", section="profile", unit="yuan")
    size: Optional[Literal["micro", "small", "medium", "large"]] = described(
        "企业规模（手动指定）", "Enterprise size (override)", section="profile",
        help_zh="留空则按工信部联企业〔2011〕300号自动划型",
        help_en="leave empty to classify by 工信部联企业〔2011〕300号")
    is_individual_business: Optional[Flag] = described(
        "个体工商户", "Individual business (个体工商户)", section="profile")
    above_designated_size: Optional[Flag] = described(
        "规模以上企业", "Above designated size (规上)", section="profile")
    specialized_level: Optional[Literal["none", "provincial", "national"]] = described(
        "专精特新", "Specialized and innovative (专精特新)", section="profile",
        help_zh="none 无 / provincial 省级 / national 国家级", help_en="none / provincial / national")
    in_medium_high_risk_area: Optional[Flag] = described(
        "所在县级区域本年出现中高风险疫情地区", "County had a medium/high-risk area this year",
        section="profile")
    severely_affected: Optional[Flag] = described(
        "受疫情严重影响暂时无法正常生产经营", "Severely affected, temporarily unable to operate",
        section="profile")

    # --- 用工与社保
    insured_employees: Optional[Count] = described(
        "参保职工人数", "Employees insured for unemployment", section="employment", unit="persons")
    layoffs_last_year: Optional[Count] = described(
        "上年度裁员人数", "Layoffs last year", section="employment", unit="persons")
    unemployment_insurance_paid_last_year: Optional[Money] = described(
        "上年度实际缴纳失业保险费", "Unemployment insurance paid last year", section="employment",
        unit="yuan", help_zh="企业及其职工合计", help_en="enterprise and employees together")
    monthly_employer_social_insurance: Optional[Money] = described(
        "每月单位缴纳三项社保费", "Employer social insurance per month", section="employment",
        unit="yuan", help_zh="养老、失业、工伤保险单位缴费部分之和",
        help_en="employer share of pension, unemployment and work-injury insurance")
    pension_employer_paid: Optional[Money] = described(
        "单位实际缴纳养老保险费（措施所指期间）", "Employer pension paid (period named by the measure)",
        section="employment", unit="yuan")
    pension_months_paid: Optional[Count] = described(
        "该期间缴纳养老保险的月数", "Months of pension paid in that period", section="employment",
        unit="months")

    # --- 招聘
    graduates_hired: Optional[Count] = described(
        "本年招用毕业年度高校毕业生", "Graduating-year graduates hired this year", section="hiring",
        unit="persons", help_zh="签订劳动合同并参加失业保险",
        help_en="with a labour contract and unemployment insurance")

    # --- 房租
    landlord: Optional[Literal["state", "private"]] = described(
        "出租方", "Landlord", section="rent", help_zh="state 国有 / private 非国有",
        help_en="state-owned or private")
    monthly_rent: Optional[Money] = described("月租金", "Monthly rent", section="rent", unit="yuan")

    # --- 贷款与担保
    loans: Optional[list[Loan]] = described("贷款", "Loans", section="finance")
    guarantees: Optional[list[Guarantee]] = described("融资担保", "Guarantees", section="finance")

    # --- 采购投标
    procurement_bids: Optional[list[Bid]] = described("政府采购投标", "Procurement bids", section="procurement")

    # --- 投资与经营
    equipment_purchased: Optional[Money] = described(
        "购置生产或研发设备", "Production or R&D equipment bought", section="investment", unit="yuan",
        help_zh="在措施所指期间购置、已交付使用", help_en="bought in the window a measure names, delivered and in use")
    export_credit_insurance_premium: Optional[Money] = described(
        "短期出口信用保险保费", "Short-term export credit insurance premium", section="investment",
        unit="yuan")
    inspection_fees: Optional[Money] = described(
        "本年向国有检验检测和计量机构缴纳的费用", "Fees paid to state testing and metrology institutions",
        section="investment", unit="yuan")

    # --- 税务
    taxable_income_last_year: Optional[Money] = described(
        "上年度应纳税所得额", "Taxable income last year", section="tax", unit="yuan")
    vat_credit_end_of_period: Optional[Money] = described(
        "当期期末留抵税额", "VAT credit at end of period", section="tax", unit="yuan")
    vat_credit_2019_03_31: Optional[Money] = described(
        "2019年3月31日期末留抵税额", "VAT credit at 2019-03-31", section="tax", unit="yuan")
    input_tax_composition_ratio: Optional[Fraction] = described(
        "进项构成比例", "Input-tax composition ratio", section="tax", unit="fraction")
    tax_credit_rating: Optional[Literal["A", "B", "M", "C", "D"]] = described(
        "纳税信用等级", "Tax credit rating", section="tax")
    vehicle_price_excl_vat: Optional[Money] = described(
        "所购乘用车不含税价", "Passenger car price excl. VAT", section="tax", unit="yuan")
    vehicle_displacement_l: Optional[Number] = described(
        "排量", "Engine displacement", section="tax", unit="litres")
    vehicle_purchase_date: Optional[IsoDate] = described(
        "购车发票日期", "Car invoice date", section="tax", unit="date")
