"""The built-in scheme templates from the source document (G7). Plain data: the scheme
designer copies one into a new scheme, and the first migration installs them all."""

from __future__ import annotations

from typing import TypedDict


class ComponentTemplate(TypedDict):
    key: str
    paradigm: str
    label: str
    label_en: str
    weight: int
    pay_linked: bool


class SchemeTemplate(TypedDict):
    key: str
    name: str
    name_en: str
    description: str
    checkin_cadence: str
    review_period: str
    components: list[ComponentTemplate]


def _component(key: str, paradigm: str, label: str, label_en: str, weight: int,
               pay_linked: bool = True) -> ComponentTemplate:
    return {"key": key, "paradigm": paradigm, "label": label, "label_en": label_en,
            "weight": weight, "pay_linked": pay_linked}


TEMPLATES: list[SchemeTemplate] = [
    {
        "key": "group_strategy",
        "name": "集团战略层",
        "name_en": "Group strategy",
        "description": "Balanced Scorecard for the group's strategy, plus strategic projects.",
        "checkin_cadence": "quarterly",
        "review_period": "year",
        "components": [
            _component("bsc", "bsc", "平衡计分卡", "Balanced Scorecard", 70),
            _component("strategic_project", "project", "战略项目", "Strategic projects", 30),
        ],
    },
    {
        "key": "profit_centre",
        "name": "利润中心",
        "name_en": "Profit centre",
        "description": "Business results as KPIs, plus behaviour and competency.",
        "checkin_cadence": "quarterly",
        "review_period": "year",
        "components": [
            _component("kpi", "kpi", "经营业绩 KPI", "Business KPIs", 70),
            _component("behaviour", "behaviour", "行为与能力", "Behaviour and competency", 30),
        ],
    },
    {
        "key": "innovation_unit",
        "name": "创新单元",
        "name_en": "Innovation unit",
        "description": "OKRs and projects; not linked to pay, so ambitious goals are safe.",
        "checkin_cadence": "monthly",
        "review_period": "half",
        "components": [
            _component("okr", "okr", "OKR", "OKRs", 50, pay_linked=False),
            _component("project", "project", "项目里程碑", "Project milestones", 50,
                       pay_linked=False),
        ],
    },
    {
        "key": "support_function",
        "name": "支持职能",
        "name_en": "Support function",
        "description": "Goal attainment, service quality and internal-customer satisfaction, "
                       "and behaviour.",
        "checkin_cadence": "quarterly",
        "review_period": "year",
        "components": [
            _component("kpi", "kpi", "目标达成", "Goal attainment", 40),
            _component("service", "service", "服务质量与内部客户满意度",
                       "Service quality and internal-customer satisfaction", 40),
            _component("behaviour", "behaviour", "行为与能力", "Behaviour and competency", 20),
        ],
    },
    {
        "key": "mature_sales",
        "name": "成熟业务销售",
        "name_en": "Mature-business sales",
        "description": "Result KPIs (revenue, margin, collection) and process KPIs "
                       "(visits, conversion).",
        "checkin_cadence": "monthly",
        "review_period": "year",
        "components": [
            _component("result_kpi", "kpi", "结果指标", "Result KPIs", 70),
            _component("process_kpi", "kpi", "过程指标", "Process KPIs", 30),
        ],
    },
]

DEFAULT_TEMPLATE = "profit_centre"


def template(key: str) -> SchemeTemplate | None:
    return next((t for t in TEMPLATES if t["key"] == key), None)
