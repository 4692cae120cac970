"""What the demo group's goals are about: KPIs, key results, scorecard measures, projects,
service levels and behavioural indicators, by division and job family. Plain data.

Numbers are the definitions' (baseline, threshold, target, stretch); a KPI marked `scaled`
gives them as multiples of a per-person amount (a sales rep's revenue depends on the level).
Amounts summed over the year (revenue, visits, hours) have no baseline: progress measures
their path from 0 (a baseline would be taken for the path's origin).
"""

from __future__ import annotations

from dataclasses import dataclass

HIGHER, LOWER = "higher", "lower"


@dataclass(frozen=True)
class Kpi:
    key: str
    name: str
    name_en: str
    unit_label: str
    direction: str
    baseline: float | None  # none for amounts summed over the year: their path starts at 0
    threshold: float
    target: float
    stretch: float
    aggregation: str = "mean"  # "sum": monthly amounts add up to the annual target
    decimals: int = 1
    cap: float | None = None  # no value above this (100 for a percentage)
    source: str = "import"
    scaled: bool = False
    perspective: str = ""  # scorecard measures only


def _pct(key: str, name: str, name_en: str, baseline: float, threshold: float, target: float,
         stretch: float, aggregation: str = "mean", decimals: int = 1, source: str = "import",
         perspective: str = "") -> Kpi:
    return Kpi(key, name, name_en, "%", HIGHER, baseline, threshold, target, stretch,
               aggregation, decimals, 100.0, source, perspective=perspective)


# --- sales (the mature sales company) ----------------------------------------------------

REVENUE = Kpi("revenue", "销售收入", "Revenue", "万元", HIGHER, None, 0.8, 1.0, 1.2,
              aggregation="sum", scaled=True)
MARGIN = _pct("margin", "毛利率", "Gross margin", 30.5, 28, 32, 35)
COLLECTION = Kpi("collection", "回款天数", "Days sales outstanding", "天", LOWER, 68, 75, 60, 45,
                 aggregation="last", decimals=0)
VISITS = Kpi("visits", "客户拜访次数", "Customer visits", "次", HIGHER, None, 192, 240, 288,
             aggregation="sum", decimals=0)
CONVERSION = _pct("conversion", "商机转化率", "Opportunity conversion rate", 22, 18, 25, 32)
ORDER_ACCURACY = _pct("order_accuracy", "订单准确率", "Order accuracy", 98.2, 97, 99, 99.8,
                      decimals=2)
ORDER_CYCLE = Kpi("order_cycle", "订单处理时效", "Order handling time", "小时", LOWER, 30, 36, 24,
                  12)

# Revenue per year (万元) by level, before a ±10% personal spread.
REVENUE_BY_LEVEL = {"P1": 300, "P2": 400, "P3": 550, "P4": 700, "P5": 900, "P6": 1100,
                    "P7": 1300, "P8": 1300, "M1": 900}
REVENUE_OTHERWISE = 600  # unit heads keep a small portfolio of their own

# A goal the demo employee is drafting (for the second half's push on new customers).
NEW_CUSTOMERS = Kpi("new_customers", "新客户开发数", "New customers won", "家", HIGHER,
                    None, 8, 10, 14, aggregation="sum", decimals=0)

# Mature-business sales: result and process KPIs with their weights inside the component.
SALES_RESULT = ((REVENUE, 50), (MARGIN, 25), (COLLECTION, 25))
SALES_PROCESS = ((VISITS, 50), (CONVERSION, 50))
SALES_DESK_RESULT = ((ORDER_ACCURACY, 50), (COLLECTION, 50))  # assistants in the branches
SALES_DESK_PROCESS = ((ORDER_CYCLE, 100),)

# --- support functions: goal attainment (two of the division's KPIs) ---------------------

SUPPORT_KPIS: dict[str, tuple[Kpi, ...]] = {
    "hr": (
        Kpi("time_to_fill", "关键岗位到岗周期", "Time to fill key positions", "天", LOWER,
            52, 60, 45, 35, aggregation="last", decimals=0, source="manual"),
        _pct("hiring_plan", "招聘计划达成率", "Hiring plan attainment", 88, 85, 95, 100,
             source="manual"),
        _pct("training_plan", "培训计划完成率", "Training plan completion", 85, 80, 95, 100,
             source="manual"),
        Kpi("attrition", "员工主动离职率", "Voluntary attrition", "%", LOWER, 12, 14, 10, 8,
            aggregation="last", cap=100.0, source="manual"),
    ),
    "finance": (
        Kpi("close_days", "月结关账天数", "Days to close the month", "天", LOWER, 6, 7, 5, 4,
            source="manual"),
        Kpi("budget_variance", "预算执行偏差率", "Budget variance", "%", LOWER, 6, 8, 5, 3,
            cap=100.0, source="manual"),
        Kpi("receivable_days", "应收账款周转天数", "Receivable turnover days", "天", LOWER,
            70, 75, 62, 55, aggregation="last", decimals=0),
        _pct("reports_on_time", "管理报表按时提交率", "Management reports on time",
             93, 90, 98, 100, source="manual"),
    ),
    "it": (
        _pct("availability", "核心系统可用性", "Core system availability", 99.8, 99.5, 99.9,
             99.95, decimals=2),
        _pct("it_delivery", "需求按期交付率", "Requests delivered on time", 84, 80, 90, 95),
        _pct("backup", "数据备份成功率", "Backup success rate", 99.5, 99, 99.8, 100,
             decimals=2),
    ),
    "legal": (
        Kpi("review_days", "合同平均审核周期", "Average contract review time", "天", LOWER,
            4, 5, 3, 2, source="manual"),
        _pct("compliance_training", "合规培训覆盖率", "Compliance training coverage",
             88, 85, 95, 100, source="manual"),
        _pct("cases_won", "诉讼案件胜诉率", "Litigation success rate", 75, 70, 80, 90,
             aggregation="last", source="manual"),
    ),
    "audit": (
        _pct("audit_plan", "审计计划完成率", "Audit plan completion", 85, 80, 90, 100,
             aggregation="last", source="manual"),
        _pct("findings_closed", "审计发现整改率", "Audit findings remediated", 80, 75, 90, 98,
             aggregation="last", source="manual"),
        _pct("audit_reports", "审计报告按期提交率", "Audit reports on time", 90, 85, 95, 100,
             source="manual"),
    ),
    "sales_ops": (
        ORDER_CYCLE,
        ORDER_ACCURACY,
        _pct("shipped_on_time", "发货准时率", "Shipped on time", 93, 90, 96, 99),
        _pct("complaints_closed", "投诉 48 小时闭环率", "Complaints closed within 48 hours",
             88, 85, 95, 100),
    ),
    "strategy": (
        _pct("projects_on_time", "战略项目按期率", "Strategic projects on time", 78, 75, 88, 95,
             aggregation="last", source="manual"),
        _pct("analysis_on_time", "经营分析报告及时率", "Business reviews on time",
             90, 85, 95, 100, source="manual"),
    ),
    "rnd": (
        _pct("rnd_on_time", "需求按期交付率", "Features delivered on time", 80, 75, 88, 95),
        Kpi("defect_density", "缺陷密度", "Defect density", "个/千行", LOWER, 1.1, 1.2, 0.8, 0.5,
            decimals=2),
    ),
}
SUPPORT_KPIS["group"] = SUPPORT_KPIS["strategy"]
SUPPORT_KPIS["innovation"] = SUPPORT_KPIS["rnd"]

# --- service levels and internal-customer satisfaction ------------------------------------

SLAS: dict[str, tuple[Kpi, ...]] = {
    "hr": (_pct("hr_response", "员工咨询 24 小时响应率", "Employee queries answered in 24 h",
                92, 90, 97, 100),),
    "finance": (_pct("claims", "报销 3 个工作日处理率", "Expense claims settled in 3 days",
                     90, 88, 95, 99),),
    "it": (
        _pct("tickets", "工单 SLA 达成率", "Tickets within SLA", 91, 90, 95, 99),
        Kpi("mttr", "平均故障修复时长", "Mean time to repair", "小时", LOWER, 6, 8, 4, 2),
    ),
    "legal": (_pct("contracts_3d", "合同 3 日审结率", "Contracts reviewed in 3 days",
                   80, 75, 88, 95),),
    "audit": (_pct("audit_queries", "审计问询 5 日答复率", "Audit queries answered in 5 days",
                   85, 80, 92, 98),),
    "sales_ops": (
        _pct("hotline", "客服热线接通率", "Hotline answer rate", 90, 88, 95, 99),
        _pct("complaints_48h", "客户投诉 48 小时闭环率", "Complaints closed in 48 hours",
             88, 85, 95, 100),
    ),
}
SLA_OTHERWISE: tuple[Kpi, ...] = (
    _pct("requests_on_time", "内部服务请求按时完成率", "Internal requests on time", 88, 85, 95,
         100),
)
CSAT_NAME = ("内部客户满意度", "Internal-customer satisfaction", "分（1–5）")
SURVEY_RESPONDENTS = 3  # colleagues from other units answer each survey

# --- the growth business (profit centre): KPIs by job family ------------------------------

SERVICE_REVENUE = Kpi("service_revenue", "交付收入", "Service revenue", "万元", HIGHER,
                      None, 0.8, 1.0, 1.2, aggregation="sum", scaled=True)
SERVICE_REVENUE_BY_LEVEL = {"P1": 150, "P2": 200, "P3": 260, "P4": 320, "P5": 400, "P6": 480,
                            "P7": 560, "M1": 450}
CUSTOMER_SCORE = Kpi("customer_score", "客户满意度", "Customer satisfaction", "分", HIGHER,
                     4.3, 4.0, 4.5, 4.8, aggregation="last", decimals=2, cap=5.0, source="manual")
ON_TIME = _pct("on_time", "项目按期交付率", "Projects delivered on time", 88, 85, 92, 97)
UTILISATION = _pct("utilisation", "人员利用率", "Billable utilisation", 72, 65, 75, 85)
SERVICE_KPIS: dict[str, tuple[tuple[Kpi, int], ...]] = {
    "management": ((SERVICE_REVENUE, 40),
                   (_pct("project_margin", "项目毛利率", "Project margin", 28, 25, 30, 34), 30),
                   (CUSTOMER_SCORE, 30)),
    "sales": ((SERVICE_REVENUE, 40),
              (_pct("renewal", "合同续约率", "Contract renewal rate", 82, 78, 88, 95,
                    aggregation="last"), 30),
              (CUSTOMER_SCORE, 30)),
    "operations": ((ON_TIME, 40), (UTILISATION, 30), (CUSTOMER_SCORE, 30)),
    "rnd": ((SUPPORT_KPIS["rnd"][1], 40), (ON_TIME, 30), (UTILISATION, 30)),
    "support": ((ON_TIME, 40), (UTILISATION, 30), (CUSTOMER_SCORE, 30)),
}

# --- behaviour and competency (anchors for ratings 1, 3 and 5) -----------------------------


@dataclass(frozen=True)
class Indicator:
    key: str
    name: str
    name_en: str
    anchors: tuple[str, str, str]


INDICATORS: tuple[Indicator, ...] = (
    Indicator("customer", "客户导向", "Customer focus", (
        "只在客户追问时才回应，问题常被升级",
        "及时回应客户需求，按承诺跟进到底",
        "预见客户需求，主动提出改进方案并赢得认可")),
    Indicator("collaboration", "团队协作", "Collaboration", (
        "只关注本岗位，跨部门配合需要反复催促",
        "主动配合其他团队，信息及时共享",
        "推动跨团队协作解决难题，是大家愿意求助的伙伴")),
    Indicator("ownership", "主动担当", "Ownership", (
        "遇到问题等待安排，出现偏差时推诿",
        "对分内结果负责，问题出现时主动补位",
        "主动承担超出职责的难题，并带动他人一起解决")),
    Indicator("craft", "专业精进", "Professional growth", (
        "专业能力停留在原有水平，很少学习新方法",
        "持续学习，并把新方法用到工作中",
        "成为领域行家，把经验沉淀为团队的方法和工具")),
    Indicator("integrity", "诚信合规", "Integrity", (
        "偶有不遵守流程和制度的情况",
        "严格遵守制度，如实报告数据和问题",
        "在压力下仍坚持原则，主动识别并纠正合规风险")),
)
DEVELOPING_PEOPLE = Indicator("developing", "培养他人", "Developing people", (
    "很少给下属反馈，团队成长靠个人摸索",
    "定期辅导下属，给出具体、及时的反馈",
    "系统培养梯队，团队成员获得晋升或承担更大职责"))
INDICATORS_PER_PERSON = 3

# --- OKRs ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class KeyResult:
    name: str
    unit_label: str
    start: float
    target: float
    decimals: int = 0


@dataclass(frozen=True)
class Objective:
    title: str
    title_en: str
    key_results: tuple[KeyResult, ...]  # five: a person's objective takes two to five


_kr = KeyResult
OBJECTIVES: dict[str, tuple[Objective, ...]] = {
    "rnd": (
        Objective("新一代产品平台 3.0 按期交付", "Ship product platform 3.0 on time", (
            _kr("核心模块上线数", "个", 0, 6), _kr("P99 接口时延", "毫秒", 800, 300),
            _kr("自动化测试覆盖率", "%", 45, 80), _kr("客户试点上线数", "家", 0, 5),
            _kr("季度线上严重故障数", "次", 8, 2))),
        Objective("打造数据与 AI 能力", "Build data and AI capabilities", (
            _kr("模型准确率", "%", 82, 92, 1), _kr("接入 AI 能力的业务场景", "个", 0, 6),
            _kr("数据资产目录覆盖率", "%", 30, 90), _kr("模型推理成本降低", "%", 0, 40),
            _kr("数据质量问题关闭率", "%", 50, 95))),
        Objective("提升研发效能", "Raise engineering productivity", (
            _kr("构建时长", "分钟", 25, 8), _kr("需求交付周期", "天", 30, 18),
            _kr("每月发布次数", "次", 2, 8), _kr("代码评审覆盖率", "%", 70, 98),
            _kr("研发满意度", "分", 3.4, 4.2, 1))),
        Objective("提升产品质量与可靠性", "Raise product quality and reliability", (
            _kr("线上缺陷逃逸率", "%", 12, 5, 1), _kr("系统可用性", "%", 99.5, 99.95, 2),
            _kr("性能回归用例数", "个", 120, 400), _kr("故障平均恢复时长", "分钟", 90, 30),
            _kr("安全漏洞修复及时率", "%", 70, 98))),
    ),
    "innovation": (
        Objective("验证 AI 助手的产品市场契合度", "Prove product-market fit for the AI assistant", (
            _kr("周活跃用户", "人", 0, 20000), _kr("付费转化率", "%", 0, 5, 1),
            _kr("净推荐值 NPS", "分", 10, 40), _kr("次月留存率", "%", 20, 45),
            _kr("标杆客户签约", "家", 0, 10))),
        Objective("打造首款爆款智能硬件", "Launch a hit smart device", (
            _kr("众筹金额", "万元", 0, 500), _kr("样机良率", "%", 60, 95),
            _kr("渠道签约数", "家", 0, 12), _kr("BOM 成本降低", "%", 0, 15, 1),
            _kr("应用商店评分", "分", 3.5, 4.6, 1))),
        Objective("新零售渠道规模化", "Scale the new-retail channel", (
            _kr("GMV", "万元", 0, 3000), _kr("复购率", "%", 15, 35),
            _kr("覆盖门店数", "家", 0, 50), _kr("获客成本", "元", 180, 90),
            _kr("会员数", "人", 0, 50000))),
        Objective("出海业务破局", "Break into overseas markets", (
            _kr("海外付费客户数", "家", 0, 20), _kr("海外收入", "万元", 0, 800),
            _kr("本地化版本上线", "个", 0, 3), _kr("海外渠道伙伴", "家", 0, 8),
            _kr("海外客户满意度", "分", 3.5, 4.5, 1))),
        Objective("平台能力复用", "Reuse platform capabilities", (
            _kr("平台组件复用率", "%", 20, 70), _kr("新业务接入周期", "天", 30, 7),
            _kr("接入业务线", "条", 1, 6), _kr("平台可用性", "%", 99.0, 99.9, 2),
            _kr("开发者满意度", "分", 3.2, 4.3, 1))),
    ),
}
COMPANY_OBJECTIVE = Objective("打造 AI 原生的新一代产品组合",
                              "Build an AI-native new product portfolio", (
    _kr("新产品线营收", "万元", 0, 5000), _kr("月活跃用户", "万人", 0, 50, 1),
    _kr("新业务毛利率", "%", 10, 35, 1)))
ASPIRATIONAL_SHARE = 0.3

# --- projects and milestones ((name, due "MM-DD" in 2026, weight)) -------------------------


@dataclass(frozen=True)
class Project:
    title: str
    title_en: str
    milestones: tuple[tuple[str, str, int], ...]


PROJECTS: dict[str, tuple[Project, ...]] = {
    "strategy": (
        Project("集团数字化转型一期", "Group digital transformation, phase 1", (
            ("现状诊断与蓝图", "02-27", 1), ("一期方案评审", "04-15", 2),
            ("核心系统选型", "05-29", 2), ("试点上线", "08-31", 3), ("一期验收", "11-30", 2))),
        Project("华东区域总部筹建", "East China regional headquarters", (
            ("选址评估", "03-20", 1), ("租赁谈判", "05-15", 2), ("装修设计定稿", "06-19", 1),
            ("入驻", "10-30", 2))),
        Project("2027–2029 战略规划编制", "Strategic plan 2027–2029", (
            ("外部环境研究", "04-30", 1), ("业务单元访谈", "06-12", 1), ("规划初稿", "09-30", 2),
            ("董事会审议", "12-15", 2))),
        Project("ESG 报告体系建设", "ESG reporting", (
            ("指标体系设计", "03-31", 1), ("数据采集流程", "06-10", 2),
            ("首份报告发布", "09-15", 2))),
        Project("并购整合百日计划", "Post-merger integration", (
            ("整合方案", "02-13", 1), ("组织架构调整", "04-30", 2), ("系统切换", "07-31", 3),
            ("整合复盘", "10-16", 1))),
    ),
    "rnd": (
        Project("产品平台 3.0 研发", "Product platform 3.0", (
            ("需求冻结", "02-13", 1), ("架构评审", "03-20", 1), ("Alpha 版本", "05-29", 2),
            ("Beta 版本", "07-31", 2), ("正式发布", "10-30", 3))),
        Project("数据中台二期", "Data platform, phase 2", (
            ("数据标准发布", "03-13", 1), ("指标平台上线", "05-22", 2),
            ("实时计算上线", "08-28", 2), ("全面推广", "11-27", 2))),
        Project("测试自动化平台", "Test automation platform", (
            ("方案设计", "02-27", 1), ("核心框架", "04-24", 2), ("接入 10 个项目", "06-26", 2),
            ("覆盖全部项目", "09-25", 2))),
        Project("智能客服机器人", "Customer-service chatbot", (
            ("语料梳理", "03-06", 1), ("模型训练", "04-30", 2), ("灰度上线", "06-19", 2),
            ("全量上线", "08-14", 2))),
        Project("研发效能平台", "Engineering productivity platform", (
            ("度量指标定义", "03-27", 1), ("流水线改造", "05-29", 2), ("效能看板", "07-17", 1),
            ("推广复盘", "10-16", 1))),
    ),
    "innovation": (
        Project("AI 助手 2.0 发布", "AI assistant 2.0 launch", (
            ("用户调研", "02-20", 1), ("原型验证", "04-10", 2), ("公测", "06-12", 2),
            ("正式发布", "08-21", 3))),
        Project("智能音箱量产导入", "Smart speaker mass production", (
            ("EVT", "03-13", 1), ("DVT", "05-08", 2), ("PVT", "07-10", 2), ("量产", "09-18", 3))),
        Project("东南亚市场试点", "South-east Asia pilot", (
            ("市场调研", "03-31", 1), ("合作伙伴签约", "05-29", 2), ("首批客户上线", "08-31", 2),
            ("试点复盘", "11-30", 1))),
        Project("会员体系上线", "Membership programme", (
            ("方案设计", "03-20", 1), ("系统开发", "05-15", 2), ("门店试点", "06-26", 2),
            ("全渠道推广", "09-30", 2))),
    ),
}
PROJECTS["group"] = PROJECTS["strategy"]

# --- the balanced scorecards --------------------------------------------------------------

PERSONAL_SCORECARD: dict[str, tuple[Kpi, ...]] = {  # one measure per perspective
    "financial": (
        Kpi("cost_overrun", "费用超支率", "Cost overrun", "%", LOWER, 4, 5, 2, 0.5,
            cap=100.0, source="manual", perspective="financial"),
        _pct("investment_return", "战略投资回报率", "Return on strategic investments",
             8, 6, 10, 14, aggregation="last", source="manual", perspective="financial"),
    ),
    "customer": (
        Kpi("unit_satisfaction", "业务单元满意度", "Business-unit satisfaction", "分", HIGHER,
            4.0, 3.8, 4.3, 4.7, aggregation="last", decimals=2, cap=5.0, source="manual",
            perspective="customer"),
        _pct("advice_adopted", "经营分析建议采纳率", "Advice adopted", 65, 60, 75, 90,
             source="manual", perspective="customer"),
    ),
    "internal_process": (
        _pct("projects_on_time", "战略项目按期率", "Strategic projects on time", 78, 75, 88, 95,
             aggregation="last", source="manual", perspective="internal_process"),
        _pct("analysis_on_time", "经营分析报告及时率", "Business reviews on time",
             90, 85, 95, 100, source="manual", perspective="internal_process"),
    ),
    "learning_growth": (
        Kpi("training_hours", "战略能力培训学时", "Strategy training hours", "小时", HIGHER,
            None, 20, 40, 60, aggregation="sum", decimals=0, source="manual",
            perspective="learning_growth"),
        Kpi("knowledge_articles", "知识库沉淀篇数", "Knowledge articles written", "篇", HIGHER,
            None, 10, 24, 36, aggregation="sum", decimals=0, source="manual",
            perspective="learning_growth"),
    ),
}
PERSONAL_PERSPECTIVE_WEIGHTS = {"financial": 30, "customer": 20, "internal_process": 30,
                                "learning_growth": 20}

# The group's scorecard: (measure, weight inside its perspective). Revenue and cash flow are in
# 亿元 and derived from the sales company's revenue (see generator); the customer-satisfaction
# index follows the external series of the same name.
GROUP_REVENUE = Kpi("group_revenue", "集团营业收入", "Group revenue", "亿元", HIGHER,
                    None, 0.85, 1.0, 1.1, aggregation="sum", decimals=2, scaled=True,
                    perspective="financial")
GROUP_CASH = Kpi("operating_cash", "经营性现金流", "Operating cash flow", "亿元", HIGHER,
                 None, 0.08, 0.1, 0.12, aggregation="sum", decimals=2, scaled=True,
                 perspective="financial")
GROUP_CSI = Kpi("csi", "客户满意度指数", "Customer satisfaction index", "分", HIGHER,
                80, 78, 82, 85, aggregation="last", decimals=1, cap=100.0,
                perspective="customer")
GROUP_SCORECARD: tuple[tuple[Kpi, int], ...] = (
    (GROUP_REVENUE, 50),
    (_pct("operating_margin", "营业利润率", "Operating margin", 11, 10, 12, 14,
          perspective="financial"), 25),
    (GROUP_CASH, 25),
    (GROUP_CSI, 60),
    (_pct("key_renewal", "大客户续约率", "Key-account renewal rate", 86, 85, 90, 95,
          aggregation="last", perspective="customer"), 40),
    (_pct("delivery_on_time", "项目按期交付率", "Projects delivered on time", 88, 85, 92, 96,
          perspective="internal_process"), 40),
    (_pct("rnd_on_time", "研发项目按期率", "R&D projects on time", 80, 75, 85, 92,
          perspective="internal_process"), 30),
    (Kpi("order_lead_time", "订单交付周期", "Order lead time", "天", LOWER, 9, 10, 7, 5,
         perspective="internal_process"), 30),
    (_pct("talent_retention", "关键人才保留率", "Key-talent retention", 92, 90, 95, 98,
          aggregation="last", perspective="learning_growth"), 50),
    (Kpi("training_hours_pp", "人均培训学时", "Training hours per person", "小时", HIGHER,
         None, 16, 40, 56, aggregation="sum", decimals=1, perspective="learning_growth"), 50),
)
GROUP_PERSPECTIVE_WEIGHTS = {"financial": 40, "customer": 25, "internal_process": 20,
                             "learning_growth": 15}
# The strategy map: cause → effect, by measure key.
GROUP_LINKS = (
    ("training_hours_pp", "delivery_on_time"), ("talent_retention", "rnd_on_time"),
    ("delivery_on_time", "csi"), ("order_lead_time", "csi"), ("csi", "key_renewal"),
    ("key_renewal", "group_revenue"), ("rnd_on_time", "operating_margin"),
    ("group_revenue", "operating_cash"),
)
SALES_SHARE_OF_GROUP = 0.74  # the sales company's revenue as a share of the group's
