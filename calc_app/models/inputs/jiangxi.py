"""Inputs that the 2020 measures of seed 002 need beyond the contract (see policies/).

Seed 002 (``002_18fd0961877c4a42.txt``) compiles the 2020 national notices, the Jiangxi
(``cn-jx``) notices and the Nanchang (``cn-jx-nanchang``) measures; the measures encoded from it
(``cn-2020-*``, ``cn-jx-2020-*``, ``cn-jx-nanchang-2020-*``) read these fields. Each help text
names the clause that needs it. An absent field is unknown: the measure that reads it shows
needs_input.
"""
from __future__ import annotations

from typing import Literal, Optional  # noqa: F401

from pydantic import BaseModel, ConfigDict

from .meta import Count, Flag, Fraction, IsoDate, Money, Number, described  # noqa: F401


class JiangxiInputs(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # --- 企业概况（2020）
    key_epidemic_enterprise_2020: Optional[Flag] = described(
        "列入2020年疫情防控重点保障企业名单", "On the 2020 list of key epidemic-supply enterprises",
        section="profile",
        help_zh="全国性或省级疫情防控重点保障企业名单（人民银行专项再贷款支持）；江西20条第1、2条，就业通知四，金融措施第9条",
        help_en="national or provincial list of key enterprises for epidemic prevention and supplies "
                "(PBOC special relending); Jiangxi 20 measures items 1-2, employment notice 四, finance item 9")
    heavily_affected_2020: Optional[Flag] = described(
        "受疫情影响较大企业（2020年）", "Heavily affected by the epidemic (2020)", section="profile",
        help_zh="江西金融支持若干措施第9条", help_en="Jiangxi finance measures item 9")
    temporary_difficulty_2020: Optional[Flag] = described(
        "2020年面临暂时性生产经营困难（流动性暂时困难）", "In temporary operating or liquidity difficulty (2020)",
        section="profile",
        help_zh="江西20条第17条（稳岗返还另一标准）；抢时间实施意见（九）（贷款延期）",
        help_en="Jiangxi 20 measures item 17 (alternative refund standard); catch-up opinion (九) (loan deferral)")
    private_enterprise: Optional[Flag] = described(
        "民营企业", "Privately owned enterprise", section="profile",
        help_zh="发改办体改〔2020〕175号 五（协会会费减免）", help_en="发改办体改[2020]175号 item 五 (association dues)")
    migrant_worker_founder: Optional[Flag] = described(
        "创办人为有创业意愿的农民工（在江西省内创办企业）", "Founded in Jiangxi by a migrant worker",
        section="profile", help_zh="江西就业通知三：一次性创业补贴", help_en="Jiangxi employment notice 三: one-off start-up grant")
    key_project_or_enterprise_nanchang: Optional[Flag] = described(
        "南昌重点企业或省大中型、省重点、市重大重点建设项目单位",
        "Nanchang key enterprise, or unit of a provincial large/medium, provincial key or city major project",
        section="profile", help_zh="南昌项目建设措施（十三）（十五）（二十四）",
        help_en="Nanchang project measures (十三), (十五), (二十四)")

    # --- 用工与社保（2020）
    insured_employees_avg_last_year: Optional[Count] = described(
        "上年度月均参保职工人数", "Average monthly insured employees last year", section="employment",
        unit="persons", help_zh="江西20条第17条（稳岗返还另一标准）", help_en="Jiangxi 20 measures item 17")
    local_monthly_unemployment_benefit: Optional[Money] = described(
        "统筹地上年度月人均失业保险金", "Local average monthly unemployment benefit per person (last year)",
        section="employment", unit="yuan", help_zh="江西20条第17条；由当地人社部门公布",
        help_en="Jiangxi 20 measures item 17; published by the local human-resources bureau")
    layoff_rate_within_national_target_2020: Optional[Flag] = described(
        "上年度裁员率不高于上年度全国城镇调查失业率控制目标",
        "Last year's layoff rate not above the previous year's national urban surveyed-unemployment target",
        section="employment",
        help_zh="江西就业通知四（稳岗返还，参保职工30人以上、上年度有裁员的企业才需回答）；文本只写目标名称、未写数值，"
                "请按人社部门公布的目标确认",
        help_en="Jiangxi employment notice 四 (job-retention refund; asked only of firms with more than 30 insured "
                "staff that laid off anyone last year); the text names the target without its value: confirm it "
                "against the target the human-resources bureau applies")
    received_one_off_retention_subsidy_2020: Optional[Flag] = described(
        "已享受一次性稳岗补助", "Already received the one-off job-retention subsidy (2020)",
        section="employment", help_zh="江西就业通知一：生产企业不与一次性吸纳就业补贴重复享受",
        help_en="Jiangxi employment notice 一: excludes the one-off absorption subsidy")
    union_fees_paid_2020: Optional[Money] = described(
        "2020年缴纳的工会经费", "Trade-union funds paid in 2020", section="employment", unit="yuan",
        help_zh="稳定劳动关系意见（八）：小微企业工会经费返还", help_en="labour-relations opinion (八): refund to small/micro firms")
    job_retention_rate_1y: Optional[Fraction] = described(
        "1年内稳定就业岗位比例", "Share of jobs kept over one year", section="employment", unit="fraction",
        help_zh="江西就业通知四：达到95%可申请创业担保贷款", help_en="Jiangxi employment notice 四: 95% qualifies for a start-up loan")
    worker_housing_cost: Optional[Money] = described(
        "返岗员工集中居住点租住经费", "Cost of group housing for returning workers", section="employment",
        unit="yuan", help_zh="南昌项目建设措施（十五）：县区与企业1:1分担", help_en="Nanchang project measures (十五): shared 1:1")

    # --- 招聘（2020）
    epidemic_supplies_operating_jan24_feb9: Optional[Flag] = described(
        "春节假期（1月24日）至2月9日期间开工生产、配送疫情防控急需物资",
        "Produced or delivered urgent epidemic supplies between 24 Jan and 9 Feb 2020", section="hiring",
        help_zh="江西就业通知一；南昌项目建设措施（十四）", help_en="Jiangxi employment notice 一; Nanchang project measures (十四)")
    epidemic_supply_hires: Optional[Count] = described(
        "上述期间吸纳就业人数", "Workers hired in that period", section="hiring", unit="persons",
        help_zh="一次性吸纳就业补贴按人计", help_en="the one-off absorption subsidy is per worker")
    job_placement_provider: Optional[Flag] = described(
        "提供职业介绍的人力资源服务机构（或大中专院校、技工学校、基层人社所）",
        "Provides job placement (HR agency, college, technical school or local HR office)", section="hiring",
        help_zh="江西就业通知一；南昌项目建设措施（十四）", help_en="Jiangxi employment notice 一; Nanchang project measures (十四)")
    placements_2020: Optional[Count] = described(
        "疫情防控期间成功推荐就业人数", "Workers successfully placed during the epidemic period", section="hiring",
        unit="persons", help_zh="江西就业通知一：每人500元", help_en="Jiangxi employment notice 一: 500 each")
    placements_key_enterprises_stable_3m: Optional[Count] = described(
        "其中向南昌工业园区重点企业推荐且稳定就业3个月以上的人数",
        "Of which placed with key enterprises of Nanchang industrial parks and employed 3 months or more",
        section="hiring", unit="persons", help_zh="南昌项目建设措施（十四）：每人2000元",
        help_en="Nanchang project measures (十四): 2,000 each")
    returning_workers_in_province: Optional[Count] = described(
        "自行到岗的省内返岗员工和新招员工", "Returning or new workers from within the province who came on their own",
        section="hiring", unit="persons", help_zh="南昌项目建设措施（十三）：200元/人；不含已享受包车或专车接送的",
        help_en="Nanchang project measures (十三): 200 each; excluding those brought by chartered transport")
    returning_workers_out_of_province: Optional[Count] = described(
        "自行到岗的省外返岗员工和新招员工", "Returning or new workers from outside the province who came on their own",
        section="hiring", unit="persons", help_zh="南昌项目建设措施（十三）：500元/人；不含已享受包车或专车接送的",
        help_en="Nanchang project measures (十三): 500 each; excluding those brought by chartered transport")
    chartered_bus_costs: Optional[Money] = described(
        "组织市外员工返岗复工的包车费用", "Chartered transport costs for bringing workers back to Nanchang",
        section="hiring", unit="yuan", help_zh="南昌项目建设措施（十三）：全额补贴", help_en="Nanchang project measures (十三): paid in full")
    startup_eligible_hires_1y: Optional[Count] = described(
        "1年内新招用符合创业担保贷款申请条件的人数", "Hires in one year who meet the start-up loan criteria",
        section="hiring", unit="persons", help_zh="江西就业通知四：达到在职职工20%（超过100人的10%）",
        help_en="Jiangxi employment notice 四: 20% of staff (10% above 100 staff)")

    # --- 贷款与担保（2020）
    special_relending_loan_principal: Optional[Money] = described(
        "2020年新增疫情防控专项再贷款本金", "Principal of 2020 special-relending loans for epidemic prevention",
        section="finance", unit="yuan", help_zh="人民银行专项再贷款支持的优惠利率贷款；江西20条第1、2条，南昌（二十五）",
        help_en="preferential loans funded by PBOC special relending; Jiangxi 20 measures items 1-2, Nanchang (二十五)")
    special_relending_loan_months: Optional[Count] = described(
        "该专项再贷款期限", "Term of that loan", section="finance", unit="months",
        help_zh="贴息期限不超过1年", help_en="interest subsidies run for at most one year")
    pboc_relending_rate: Optional[Fraction] = described(
        "人民银行专项再贷款利率", "PBOC special relending rate", section="finance", unit="fraction",
        help_zh="贴息按人民银行再贷款利率计算；文本未给出利率数值", help_en="the subsidies are computed on this rate; the seed does not state its value")
    key_enterprise_startup_loan_principal: Optional[Money] = described(
        "疫情防控重点保障企业创业担保贷款额度", "Start-up guaranteed loan of a key epidemic-supply enterprise",
        section="finance", unit="yuan", help_zh="江西就业通知四：最高600万元，300万元以内全额贴息",
        help_en="Jiangxi employment notice 四: up to 6m; interest on up to 3m paid in full")
    key_enterprise_startup_loan_rate: Optional[Fraction] = described(
        "该创业担保贷款年利率", "Annual rate of that loan", section="finance", unit="fraction")
    startup_loan_principal_due: Optional[Money] = described(
        "已发放个人创业担保贷款申请展期的应还本金", "Principal of a personal start-up guaranteed loan to be extended",
        section="finance", unit="yuan", help_zh="银发〔2020〕29号（四）；江西20条第19条、就业通知三",
        help_en="银发〔2020〕29号 (四); Jiangxi 20 measures item 19, employment notice 三")
    startup_loan_repayment_difficulty: Optional[Flag] = described(
        "创业担保贷款受疫情影响还款出现困难", "Start-up loan repayment hit by the epidemic", section="finance",
        help_zh="江西20条第19条", help_en="Jiangxi 20 measures item 19")
    startup_loan_borrower_infected: Optional[Flag] = described(
        "创业担保贷款借款人感染新冠肺炎（确诊）", "Start-up loan borrower infected (confirmed case)", section="finance",
        help_zh="银发〔2020〕29号（四）；江西就业通知三的“四类人员”包括确诊病例",
        help_en="银发〔2020〕29号 (四); confirmed cases are among the 'four categories' of the Jiangxi employment notice 三")
    agri_project_loan_principal: Optional[Money] = described(
        "农业项目贷款本金", "Agricultural project loan principal", section="finance", unit="yuan",
        help_zh="南昌项目建设措施（二十九）", help_en="Nanchang project measures (二十九)")
    agri_project_loan_months: Optional[Count] = described(
        "项目开工到建成投产期间的实际贷款时间", "Months of the loan from project start to production",
        section="finance", unit="months", help_zh="贴息期限不超过1年", help_en="subsidised for at most one year")
    benchmark_lending_rate: Optional[Fraction] = described(
        "国家当期贷款基准利率", "National benchmark lending rate in force", section="finance", unit="fraction",
        help_zh="南昌项目建设措施（二十九）按此利率贴息；文本未给出数值",
        help_en="Nanchang project measures (二十九) subsidise at this rate; the seed does not state its value")
    listing_annual_fee_2020: Optional[Money] = described(
        "2020年度上市年费、挂牌年费（期货公司：会费和席位费）",
        "2020 annual listing or NEEQ fee (futures firms: membership and seat fees)", section="finance",
        unit="yuan", help_zh="银发〔2020〕29号（二十二）：湖北省免收", help_en="银发〔2020〕29号 (二十二): waived in Hubei")

    # --- 投资与经营（2020）
    samr_inspection_fees: Optional[Money] = described(
        "按原标准应向市场监管总局所属机构缴纳的检定校准、检验检测、特种设备检验费",
        "Calibration, testing and special-equipment inspection fees at SAMR institutions (standard rates)",
        section="investment", unit="yuan", help_zh="支持复工复产十条 九：减少50%，湖北省企业免除",
        help_en="SAMR ten measures 九: cut by 50%, waived for Hubei firms")
    samr_standards_fees: Optional[Money] = described(
        "中外标准信息咨询、标准时效性确认和标准翻译费（市场监管总局所属标准化技术机构）",
        "Standards information, validity-check and translation fees at SAMR standards bodies",
        section="investment", unit="yuan", help_zh="支持复工复产十条 九：免收", help_en="SAMR ten measures 九: waived")
    association_fees_2020: Optional[Money] = described(
        "2020年度行业协会商会会费", "2020 trade-association membership dues", section="investment", unit="yuan",
        help_zh="发改办体改〔2020〕175号 五", help_en="发改办体改[2020]175号 item 五")
    drug_device_registration_fees: Optional[Money] = described(
        "按原标准应缴的药品补充申请、再注册及二类医疗器械注册费",
        "Drug supplementary-application, re-registration and Class II device registration fees (old rates)",
        section="investment", unit="yuan", help_zh="江西20条第4条：降低30%", help_en="Jiangxi 20 measures item 4: cut by 30%")
    epidemic_supply_tolls: Optional[Money] = described(
        "统一调拨的防疫物资、重要生活物资车辆应缴高速公路通行费",
        "Expressway tolls of vehicles carrying dispatched epidemic or essential supplies", section="investment",
        unit="yuan", help_zh="江西20条第5条：疫情期间免除", help_en="Jiangxi 20 measures item 5: waived")
    project_plan_level: Optional[Literal["national", "provincial", "none"]] = described(
        "纳入“十四五”规划盘子并主要由国家或省资金投入的重大项目", "Major project in the national or provincial 14th five-year plan, mainly state-funded",
        section="investment", help_zh="national 国家 / provincial 省 / none 否；南昌项目建设措施（一）",
        help_en="national / provincial / none; Nanchang project measures (一)")
    central_budget_public_health_project: Optional[Flag] = described(
        "列入中央预算内的公共卫生、应急保障能力建设重大项目", "Public-health or emergency project in the central budget",
        section="investment", help_zh="南昌项目建设措施（一）", help_en="Nanchang project measures (一)")
    project_total_investment: Optional[Money] = described(
        "项目总投资", "Total investment of the project", section="investment", unit="yuan",
        help_zh="南昌项目建设措施（一）（二十九）（三十）", help_en="Nanchang project measures (一), (二十九), (三十)")
    project_fai_this_year: Optional[Money] = described(
        "项目本年度实际完成固定资产投资额", "Fixed-asset investment completed on the project this year",
        section="investment", unit="yuan", help_zh="南昌项目建设措施（三十）", help_en="Nanchang project measures (三十)")
    major_new_industrial_project: Optional[Flag] = described(
        "省大中型、省重点或市重大重点鼓励类新开工工业项目", "Newly started encouraged industrial project on a provincial or city key list",
        section="investment", help_zh="南昌项目建设措施（三十）", help_en="Nanchang project measures (三十)")
    encouraged_tech_upgrade_project: Optional[Flag] = described(
        "实施鼓励类技术改造项目", "Carrying out an encouraged technical-upgrade project", section="investment",
        help_zh="南昌项目建设措施（三十）", help_en="Nanchang project measures (三十)")
    meltblown_project_qualified: Optional[Flag] = described(
        "新上熔喷布生产项目且产品合格", "New melt-blown fabric line with conforming products", section="investment",
        help_zh="南昌项目建设措施（三十）", help_en="Nanchang project measures (三十)")
    meltblown_equipment_invoice: Optional[Money] = described(
        "购买熔喷设备发票额", "Invoiced melt-blown equipment", section="investment", unit="yuan",
        help_zh="南昌项目建设措施（三十）：补助50%", help_en="Nanchang project measures (三十): 50% subsidy")
    epidemic_person_days: Optional[Count] = described(
        "疫情期间项目在岗人天数", "Worker-days on the project during the epidemic period", section="investment",
        help_zh="南昌项目建设措施（二十四）：防控物资费用30元/人/天计入工程造价",
        help_en="Nanchang project measures (二十四): 30 yuan per worker-day counted into the project cost")
    land_premium_due_from_2020_01_24: Optional[Money] = described(
        "按约定在2020年1月24日（含）后应缴的土地出让金", "Land premium due on or after 24 Jan 2020 under the contract",
        section="investment", unit="yuan", help_zh="南昌项目建设措施（十八）：可延期", help_en="Nanchang project measures (十八): deferrable")
    agri_leading_enterprise: Optional[Flag] = described(
        "重点保供市级以上农业产业化龙头企业", "City-level or higher leading agricultural enterprise supplying essentials",
        section="investment", help_zh="南昌项目建设措施（二十九）", help_en="Nanchang project measures (二十九)")
    agri_project_completed_producing: Optional[Flag] = described(
        "项目上年度已竣工投产且疫情期间正常生产", "Project completed last year and producing normally during the epidemic",
        section="investment", help_zh="南昌项目建设措施（二十九）", help_en="Nanchang project measures (二十九)")

    # --- 房租（出租方、园区）
    cluster_manager_rent_cut: Optional[Flag] = described(
        "市级以上现代服务业集聚区管理机构，已对区内中小企业减免租金",
        "Manager of a city-level or higher service cluster that cut SME tenants' rent", section="rent",
        help_zh="南昌项目建设措施（三十一）", help_en="Nanchang project measures (三十一)")
    rent_waived_for_smes: Optional[Money] = described(
        "商业街区、大型市场、商业综合体、商场已为中小企业减免的租金",
        "Rent waived for SME tenants by a commercial street, market, complex or mall", section="rent",
        unit="yuan", help_zh="南昌项目建设措施（三十一）：20万元以上", help_en="Nanchang project measures (三十一): 200,000 or more")
    farmers_markets_digitised: Optional[Count] = described(
        "完成信息化改造（在线选购、下单、送货上门）的农贸市场个数", "Farmers' markets upgraded for online ordering and delivery",
        section="rent", help_zh="南昌项目建设措施（三十一）：每个不超过5万元", help_en="Nanchang project measures (三十一): up to 50,000 each")

    # --- 税务（2020）
    tax_deferral_requested: Optional[Money] = described(
        "受疫情影响确有特殊困难、申请延期缴纳的税款", "Tax whose payment is deferred for special difficulty",
        section="tax", unit="yuan", help_zh="江西20条第8条：最长不超过3个月", help_en="Jiangxi 20 measures item 8: up to 3 months")
