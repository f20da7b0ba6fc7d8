"""Inputs that the Jiangmen group of measures needs beyond the contract (see policies/).

The measures of seed 000 (江门市 2022 implementation plan) set at the Guangdong (``cn-gd``) or
Jiangmen (``cn-gd-jiangmen``) level read these fields; each names the plan item that needs it.
An absent field is unknown: the measure that reads it shows needs_input.
"""
from __future__ import annotations

from typing import Literal, Optional  # noqa: F401

from pydantic import BaseModel, ConfigDict

from .meta import Count, Flag, Fraction, IsoDate, Money, Number, described  # noqa: F401


class JiangmenInputs(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # --- 企业概况
    foreign_invested: Optional[Flag] = described(
        "外商投资企业", "Foreign-invested enterprise", section="profile",
        help_zh="江门第132项：外资企业建立的研发机构", help_en="Jiangmen item 132: R&D institutions of foreign-invested firms")
    one_enterprise_one_policy: Optional[Flag] = described(
        "享受“一企一策”支持的企业", "Enterprise under a one-firm-one-policy (一企一策) deal", section="profile",
        help_zh="江门第64项：“一企一策”企业不享受设备奖励", help_en="Jiangmen item 64: such firms get no equipment reward")
    new_citizen_founder: Optional[Flag] = described(
        "新市民创办（自主创业或创业三年内）", "Founded by a new citizen (新市民)", section="profile",
        help_zh="江门第139项", help_en="Jiangmen item 139")

    # --- 用工与社保（招用应届毕业生的住房和生活补贴，补贴给毕业生本人）
    fresh_graduates_master: Optional[Count] = described(
        "在江门就业、租房并缴纳社保的应届硕士毕业生", "Fresh master's graduates employed, renting and insured in Jiangmen",
        section="hiring", unit="persons", help_zh="江门第140项；补贴发给毕业生本人",
        help_en="Jiangmen item 140; the subsidy is paid to the graduate")
    fresh_graduates_bachelor: Optional[Count] = described(
        "在江门就业、租房并缴纳社保的应届本科毕业生", "Fresh bachelor's graduates employed, renting and insured in Jiangmen",
        section="hiring", unit="persons", help_zh="江门第140项；补贴发给毕业生本人",
        help_en="Jiangmen item 140; the subsidy is paid to the graduate")
    fresh_graduates_college: Optional[Count] = described(
        "在江门就业、租房并缴纳社保的应届大专毕业生", "Fresh junior-college graduates employed, renting and insured in Jiangmen",
        section="hiring", unit="persons", help_zh="江门第140项；补贴发给毕业生本人",
        help_en="Jiangmen item 140; the subsidy is paid to the graduate")

    # --- 新租厂房（江门第102项）
    new_factory_lease_date: Optional[IsoDate] = described(
        "新租厂房起租日", "New factory lease start date", section="rent", unit="date",
        help_zh="江门第102项：2022年前三季度在重点工业园区内新租用厂房",
        help_en="Jiangmen item 102: a factory newly leased in a key industrial park in Q1–Q3 2022")
    new_factory_area_sqm: Optional[Number] = described(
        "新租厂房面积", "New factory floor area", section="rent", unit="sqm")
    new_factory_in_key_park: Optional[Flag] = described(
        "新租厂房位于市重点工业园区", "New factory lies in a key industrial park of Jiangmen", section="rent")
    new_factory_production_start: Optional[IsoDate] = described(
        "新租厂房实际投产日期", "Date production started in the new factory", section="rent", unit="date")
    new_factory_monthly_rent: Optional[Money] = described(
        "新租厂房月租金", "New factory rent per month", section="rent", unit="yuan")

    # --- 贷款与担保
    first_loan_from_local_bank: Optional[Flag] = described(
        "首贷由地方法人金融机构发放", "First loan granted by a local legal-person financial institution",
        section="finance", help_zh="广东/江门第34项“首贷户”贴息：地方法人银行（农商行、城商行、村镇银行等）",
        help_en="item 34 first-loan subsidy: a locally incorporated bank (rural or city commercial bank, village bank)")
    lpr_at_loan_date: Optional[Fraction] = described(
        "放款时同期贷款市场报价利率（LPR）", "LPR of the loan's term at the loan date", section="finance",
        unit="fraction", help_zh="江门第114项按同期LPR计算贴息（1年期或5年期以上），例如0.037",
        help_en="Jiangmen item 114 computes the subsidy at the LPR of the same term (1-year or over-5-year), e.g. 0.037")
    is_government_guarantor: Optional[Flag] = described(
        "本企业是江门市政府性融资担保机构", "The enterprise is a Jiangmen government financing guarantor",
        section="finance", help_zh="江门第14项的补偿和补助发给担保机构", help_en="Jiangmen item 14 pays the guarantor")
    guarantor_compensation_loss: Optional[Money] = described(
        "2022年小微企业担保业务实际代偿损失", "Actual compensation losses on 2022 small/micro guarantees",
        section="finance", unit="yuan",
        help_zh="纳入省再担保机构及国家融资担保基金授信范围内的业务",
        help_en="business within the credit lines of the provincial re-guarantor and the national guarantee fund")
    reguarantee_fee_paid: Optional[Money] = described(
        "2022年该类业务缴纳的再担保费", "Re-guarantee fees paid on that business in 2022", section="finance", unit="yuan")
    receivables_financing_annualised: Optional[Money] = described(
        "帮助中小企业实现的应收账款融资年化金额", "Annualised receivables financing achieved for SMEs",
        section="finance", unit="yuan",
        help_zh="第35项：供应链核心企业通过中征应收账款融资服务平台在线确认，2022-01-01至2023-06-30",
        help_en="item 35: confirmed online by the supply-chain core firm on the 中征 platform, 2022-01-01 to 2023-06-30")
    listing_2022: Optional[Literal["none", "sse_szse", "bse"]] = described(
        "2022年上市挂牌的交易所", "Exchange listed on in 2022", section="finance",
        help_zh="none 未上市 / sse_szse 上交所或深交所 / bse 北交所（江门第46项）",
        help_en="none / sse_szse Shanghai or Shenzhen / bse Beijing (Jiangmen item 46)")
    refinancing_invested_in_jiangmen: Optional[Flag] = described(
        "江门上市企业再融资并投放在江门", "Listed Jiangmen firm raised refinancing invested in Jiangmen",
        section="finance", help_zh="江门第46项", help_en="Jiangmen item 46")

    # --- 投资与经营
    new_equipment_investment: Optional[Money] = described(
        "2022年第二、三季度新增设备投资", "New equipment investment in Q2–Q3 2022", section="investment", unit="yuan",
        help_zh="江门第64项（1%奖励）；购置生产、研发设备另填“购置生产或研发设备”",
        help_en="Jiangmen item 64 (1% reward); purchases of production or R&D equipment go in equipment_purchased")
    new_project_committed_investment: Optional[Money] = described(
        "2022年新引进先进制造业项目承诺2年内固定资产投资", "Committed 2-year fixed-asset investment of an advanced-manufacturing project introduced in 2022",
        section="investment", unit="yuan", help_zh="江门第65项，含增资扩产；无此类项目填0",
        help_en="Jiangmen item 65, capital increases included; 0 if there is no such project")
    new_project_actual_investment: Optional[Money] = described(
        "该项目已实际完成固定资产投资", "Fixed-asset investment of that project actually made",
        section="investment", unit="yuan")
    municipal_major_st_project: Optional[Flag] = described(
        "承担已立项的市级重大科技项目", "Undertakes an approved municipal major science and technology project",
        section="investment", help_zh="江门第62项", help_en="Jiangmen item 62")
    industrial_land_upgrade: Optional[Flag] = described(
        "园区工业用地提升容积率、建筑密度或升级改造", "Raises plot ratio/density of, or upgrades, industrial land in a park",
        section="investment", help_zh="江门第67项", help_en="Jiangmen item 67")
    main_revenue_2021: Optional[Money] = described(
        "2021年主营业务收入", "Main business revenue 2021", section="investment", unit="yuan",
        help_zh="江门第103项", help_en="Jiangmen item 103")
    main_revenue_2022: Optional[Money] = described(
        "2022年主营业务收入", "Main business revenue 2022", section="investment", unit="yuan")
    main_revenue_apr_dec_2021: Optional[Money] = described(
        "2021年4-12月主营业务收入", "Main business revenue April–December 2021", section="investment", unit="yuan")
    main_revenue_apr_dec_2022: Optional[Money] = described(
        "2022年4-12月主营业务收入", "Main business revenue April–December 2022", section="investment", unit="yuan")
    exports_last_year_usd: Optional[Money] = described(
        "上年度出口额（美元）", "Exports last year (US dollars)", section="investment", unit="usd",
        help_zh="第18项小微专项出口信用保险：不超过300万美元", help_en="item 18 micro export credit insurance: USD 3m or less")
    sinosure_credit_service_fees: Optional[Money] = described(
        "向中国出口信用保险公司支付的资信调查费、资信报告费", "Credit investigation and report fees paid to Sinosure",
        section="investment", unit="yuan", help_zh="江门第18项", help_en="Jiangmen item 18")
    foreign_trade_service_pilot: Optional[Flag] = described(
        "外贸综合服务试点企业", "Foreign-trade comprehensive service pilot enterprise", section="investment",
        help_zh="江门第111项", help_en="Jiangmen item 111")
    risk_control_platform_cost: Optional[Money] = described(
        "风险控制平台建成当年的实际建设或使用费用", "Build or use cost of the risk-control platform in the year it was completed",
        section="investment", unit="yuan", help_zh="江门第111项", help_en="Jiangmen item 111")
    aeo_advanced_first: Optional[Flag] = described(
        "首次获得海关AEO高级认证", "First obtained customs AEO Advanced certification", section="investment",
        help_zh="江门第112项", help_en="Jiangmen item 112")
    rd_provincial_new_type_institution: Optional[Flag] = described(
        "研发机构认定为省级新型研发机构", "R&D institution recognised as a provincial new-type R&D institution",
        section="investment", help_zh="江门第132项（外资研发机构）", help_en="Jiangmen item 132 (foreign-invested R&D)")
    rd_postdoc_station: Optional[Flag] = described(
        "研发机构认定为博士后工作站", "R&D institution recognised as a postdoctoral workstation",
        section="investment", help_zh="江门第132项（外资研发机构）", help_en="Jiangmen item 132 (foreign-invested R&D)")
    rd_provincial_tech_centre: Optional[Flag] = described(
        "研发机构认定为省级企业技术中心", "R&D institution recognised as a provincial enterprise technology centre",
        section="investment", help_zh="江门第132项（外资研发机构）", help_en="Jiangmen item 132 (foreign-invested R&D)")
    scenic_4a_or_provincial_resort: Optional[Flag] = described(
        "江门4A级以上旅游景区或省级旅游度假区", "4A-or-above scenic area or provincial tourist resort in Jiangmen",
        section="investment", help_zh="江门第114项", help_en="Jiangmen item 114")
    homestay_upgraded_2022: Optional[Flag] = described(
        "精品民宿于2022年12月底前升规", "Boutique homestay that became above designated size by end-2022",
        section="investment", help_zh="江门第116项", help_en="Jiangmen item 116")
    truck_tolls_paid_yuetong: Optional[Money] = described(
        "合法装载货车用粤通卡支付的高速通行费（折后）", "Highway tolls paid by Yuetong card for legally loaded trucks (after discount)",
        section="investment", unit="yuan", help_zh="广东85折优惠（江门第122项），按实付金额填",
        help_en="Guangdong 15% discount (Jiangmen item 122); enter the amount actually paid")
    tourism_quality_deposit: Optional[Money] = described(
        "旅行社应缴存的旅游服务质量保证金", "Tourism service quality deposit the travel agency must keep",
        section="investment", unit="yuan",
        help_zh="江门第116项：暂退或缓交按100%执行，补足时间延至2023年3月31日；不是旅行社填0",
        help_en="Jiangmen item 116: 100% returned or deferred, to be made up by 2023-03-31; 0 if not a travel agency")
