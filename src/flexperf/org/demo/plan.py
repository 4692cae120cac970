"""The shape of the demo group: which units exist for a given size, how many active people each
holds, and who reports to whom inside a unit. Pure and deterministic: no randomness at all, so
the same size always gives the same tree.

华信集团 (Huaxin Group), as in the source's "large mature enterprise" scenario:

* the group level (集团战略层): the CEO, a strategy department and the support functions
  (HR, finance, IT, legal, internal audit);
* 华信销售 — the mature, cash-cow sales company: regions → city branches → sales teams, plus
  sales operations and key accounts;
* 研发中心 — the R&D / innovation centre, with chief engineers in key positions;
* 智慧服务事业部 — a growth business (delivery, customer success, managed services);
* 华信创新科技 — a separate innovation company: flat (squads right under its CEO), young and
  fast-growing.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from flexperf.org.demo.names import CITIES, REGIONS, numeral

MAX_SPAN = 12  # nobody manages more than 12 people directly
MIN_SPAN = 4  # a lead gets at least 4 reports
TARGET_SPAN = 8  # what a head keeps directly when the unit is too big for one flat team
MIN_UNIT = 6  # active people in the smallest unit (head + 5)
MAX_TEAMS = 8  # numbered teams a unit splits into
ROOT_STAFF = 2  # the CEO and the CEO's office

Mix = tuple[tuple[str, float], ...]  # (job family, weight)


@dataclass(frozen=True)
class Template:
    """A kind of unit: its name, where it sits, what its people do, and how it splits when big."""

    suffix: str
    name: str
    name_en: str
    weight: float = 1.0
    location: str | None = None  # None: the parent's
    families: Mix | None = None  # None: the parent's
    children: tuple[Template, ...] = ()
    leaf_max: int = 60  # up to this many people the unit is one team
    target: int = 50  # otherwise, about this many per child unit
    teams: bool = True  # without named children, split into numbered teams
    team_name: tuple[str, str] = ("{name}{n}组", "{name_en} Team {i}")


@dataclass
class UnitPlan:
    code: str
    name: str
    name_en: str
    company: str
    segment: str
    division: str  # key of the division profile (see generator.DIVISIONS)
    location: str
    families: Mix
    depth: int
    active: int = 0  # active people in this unit itself (its head included)
    children: list[UnitPlan] = field(default_factory=list)

    def walk(self) -> list[UnitPlan]:
        """This unit and every unit below it, parents first."""
        out = [self]
        for child in self.children:
            out.extend(child.walk())
        return out

    @property
    def subtree_active(self) -> int:
        return self.active + sum(child.subtree_active for child in self.children)


SALES: Mix = (("sales", 0.88), ("operations", 0.08), ("support", 0.04))
OPERATIONS: Mix = (("operations", 0.85), ("support", 0.15))
RND: Mix = (("rnd", 0.92), ("operations", 0.05), ("support", 0.03))
SERVICE: Mix = (("operations", 0.7), ("rnd", 0.15), ("sales", 0.15))
INNOVATION: Mix = (("rnd", 0.6), ("operations", 0.2), ("sales", 0.2))
SUPPORT: Mix = (("support", 1.0),)
STRATEGY: Mix = (("management", 0.4), ("support", 0.6))


_t = Template


@dataclass(frozen=True)
class Division:
    key: str
    template: Template
    company: str
    segment: str
    share: float  # of everyone below the CEO's office
    leaver_rate: float


DIVISIONS: tuple[Division, ...] = (
    Division("strategy", _t("STR", "集团战略发展部", "Group Strategy & Development",
                            families=STRATEGY, children=(
        _t("PLAN", "战略规划组", "Strategic Planning"),
        _t("BA", "经营分析组", "Business Analysis"),
        _t("PMO", "战略项目办公室", "Strategic Project Office"),
        _t("IR", "投资者关系组", "Investor Relations"),
    ), leaf_max=40, target=25), "HXG", "support", 0.012, 0.04),
    Division("hr", _t("HR", "人力资源部", "Human Resources", families=SUPPORT, children=(
        _t("BP", "HRBP中心", "HR Business Partners", weight=1.5),
        _t("TA", "招聘中心", "Talent Acquisition", weight=1.5),
        _t("CB", "薪酬福利部", "Compensation & Benefits"),
        _t("LD", "培训发展中心", "Learning & Development"),
        _t("OD", "组织发展部", "Organisation Development", weight=0.6),
        _t("ER", "员工关系部", "Employee Relations", weight=0.6),
    ), leaf_max=40, target=25), "HXG", "support", 0.024, 0.06),
    Division("finance", _t("FIN", "财务部", "Finance", families=SUPPORT, children=(
        _t("ACC", "会计核算部", "Accounting", weight=2),
        _t("FPA", "财务计划部", "Financial Planning & Analysis"),
        _t("TRS", "资金管理部", "Treasury", weight=0.6),
        _t("TAX", "税务部", "Tax", weight=0.6),
        _t("CST", "成本管理部", "Cost Control"),
    ), leaf_max=40, target=25), "HXG", "support", 0.024, 0.05),
    Division("it", _t("IT", "信息技术部", "Information Technology", families=SUPPORT, children=(
        _t("APP", "应用开发部", "Business Applications", weight=2),
        _t("INF", "基础设施部", "Infrastructure", weight=1.5),
        _t("SEC", "信息安全部", "Information Security"),
        _t("DAT", "数据平台部", "Data Platform"),
        _t("SD", "IT服务台", "IT Service Desk"),
    ), leaf_max=40, target=25), "HXG", "support", 0.028, 0.08),
    Division("legal", _t("LEG", "法务部", "Legal", families=SUPPORT, children=(
        _t("CON", "合同法务组", "Contracts"),
        _t("CMP", "合规组", "Compliance"),
        _t("IP", "知识产权组", "Intellectual Property"),
    ), leaf_max=40, target=25), "HXG", "support", 0.008, 0.05),
    Division("audit", _t("AUD", "内部审计部", "Internal Audit", families=SUPPORT, children=(
        _t("FA", "财务审计组", "Financial Audit"),
        _t("OA", "运营审计组", "Operational Audit"),
        _t("ITA", "信息系统审计组", "IT Audit"),
    ), leaf_max=40, target=25), "HXG", "support", 0.008, 0.05),
    # The sales company's regions and cities are built by _sales(); these are its other units.
    Division("sales", _t("S", "华信销售公司", "Huaxin Sales Company", families=SALES, children=(
        _t("OPS", "销售运营部", "Sales Operations", weight=0.06, families=OPERATIONS, children=(
            _t("ORD", "订单管理组", "Order Management"),
            _t("LOG", "物流协调组", "Logistics Coordination"),
            _t("CS", "客服中心", "Customer Service", weight=2),
            _t("SUP", "销售支持组", "Sales Support"),
        ), leaf_max=40, target=25),
        _t("KA", "大客户部", "Key Accounts", weight=0.08, children=(
            _t("FS", "金融行业组", "Financial Services"),
            _t("MFG", "制造行业组", "Manufacturing"),
            _t("GOV", "政企客户组", "Government & Enterprise"),
            _t("RTL", "零售行业组", "Retail"),
        ), leaf_max=40, target=25),
    )), "HXS", "mature", 0.47, 0.13),
    Division("rnd", _t("RND", "研发中心", "R&D Centre", families=RND, children=(
        _t("PE", "产品研发部", "Product Engineering", weight=2, location="上海"),
        _t("PT", "平台技术部", "Platform Technology", weight=1.5, location="北京"),
        _t("AI", "数据智能部", "Data & AI", weight=1.2, location="杭州"),
        _t("QA", "测试与质量部", "Test & Quality", location="成都"),
        _t("LAB", "前沿技术实验室", "Advanced Technology Lab", weight=0.6, location="深圳"),
        _t("EP", "工程效能部", "Engineering Productivity", weight=0.6, location="上海"),
    ), leaf_max=40, target=30), "HXG", "innovation", 0.15, 0.07),
    Division("service", _t("SVC", "智慧服务事业部", "Smart Services Division", families=SERVICE,
                           children=(
        _t("DCE", "华东交付中心", "East Delivery Centre", weight=1.5, location="上海"),
        _t("DCN", "华北交付中心", "North Delivery Centre", location="北京"),
        _t("DCS", "华南交付中心", "South Delivery Centre", location="深圳"),
        _t("DCW", "西南交付中心", "Southwest Delivery Centre", location="成都"),
        _t("CSM", "客户成功部", "Customer Success", location="杭州"),
        _t("MS", "运维服务部", "Managed Services", location="上海"),
        _t("SOL", "解决方案部", "Solutions", weight=0.8, location="北京"),
    ), leaf_max=40, target=30), "HXG", "growth", 0.156, 0.09),
    # Flat: squads right under the company's CEO, never split into sub-units.
    Division("innovation", _t("I", "华信创新科技", "Huaxin Innovation Tech", families=INNOVATION,
                              location="深圳", children=tuple(
        _t(code, name, name_en, teams=False, location=city)
        for code, name, name_en, city in (
            ("AIA", "AI助手小队", "AI Assistant Squad", "深圳"),
            ("DEV", "智能硬件小队", "Smart Devices Squad", "深圳"),
            ("RTL", "新零售小队", "New Retail Squad", "杭州"),
            ("GRO", "增长实验室", "Growth Lab", "杭州"),
            ("GLB", "出海业务小队", "Global Squad", "深圳"),
            ("PLT", "平台小队", "Platform Squad", "杭州"),
            ("UX", "用户体验小队", "UX Squad", "深圳"),
            ("DAT", "数据小队", "Data Squad", "杭州"),
        )
    ), leaf_max=40, target=20), "HXI", "innovation", 0.12, 0.11),
)

ROOT = Template("HX", "华信集团", "Huaxin Group", location="上海", families=SUPPORT)
COMPANY_ROOT_CODES = {"sales": "HXS", "innovation": "HXI"}


def apportion(total: int, weights: Sequence[float], minimum: int = 0) -> list[int]:
    """Split `total` in proportion to `weights` (largest remainder), raising any part below
    `minimum` to it and sharing the rest among the others."""
    if total < minimum * len(weights):
        raise ValueError(f"cannot give {len(weights)} parts {minimum} each out of {total}")
    fixed: set[int] = set()
    while True:
        free = [i for i in range(len(weights)) if i not in fixed]
        shares = _largest_remainder(total - minimum * len(fixed), [weights[i] for i in free])
        low = {i for i, share in zip(free, shares, strict=True) if share < minimum}
        if not low:
            parts = dict(zip(free, shares, strict=True))
            return [parts.get(i, minimum) for i in range(len(weights))]
        fixed |= low


def _largest_remainder(total: int, weights: Sequence[float]) -> list[int]:
    if not weights:
        return []
    whole = sum(weights)
    exact = [total * w / whole for w in weights]
    parts = [math.floor(x) for x in exact]
    # Ties go to the earlier part: stable and independent of float noise in the order.
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - parts[i]), i))
    for i in order[: total - sum(parts)]:
        parts[i] += 1
    return parts


def arrange(n: int, span_cap: int = MAX_SPAN) -> list[int]:
    """Reporting lines inside one unit: local index 0 is the head, 1..n the other people.

    Returns the local index of each person's manager (entry 0, the head, is -1). The head keeps
    at most `span_cap` direct reports (the rest of MAX_SPAN goes to the heads of child units);
    larger groups get leads with 4–12 reports each, recursively. Managers always come before
    their reports.
    """
    parents = [-1] * (n + 1)

    def place(boss: int, members: list[int], cap: int) -> None:
        m = len(members)
        if m <= cap:
            for person in members:
                parents[person] = boss
            return
        span = min(cap, TARGET_SPAN)
        if m - span < MIN_SPAN:  # too few left for a lead: the lead takes MIN_SPAN
            span = max(1, m - MIN_SPAN)
        rest = members[span:]
        n_leads = max(1, min(span, math.ceil(len(rest) / (MAX_SPAN - 1))))
        for person in members[:span]:
            parents[person] = boss
        sizes = apportion(len(rest), [1.0] * n_leads)
        start = 0
        for lead, size in zip(members[:n_leads], sizes, strict=True):
            place(lead, rest[start : start + size], MAX_SPAN)
            start += size

    place(0, list(range(1, n + 1)), span_cap)
    return parents


def _staff(hc: int, children: int = MIN_SPAN) -> int:
    """People a unit with child units keeps itself: its head and an assistant or two, enough
    for the head to manage at least MIN_SPAN people counting the child units' heads."""
    return max(1, min(3, round(hc * 0.02)), 1 + MIN_SPAN - children)


def _grow(tpl: Template, hc: int, parent: UnitPlan | None, division: Division, code: str,
          name: tuple[str, str] | None = None) -> UnitPlan:
    plan = UnitPlan(
        code=code,
        name=name[0] if name else tpl.name,
        name_en=name[1] if name else tpl.name_en,
        company=division.company,
        segment=division.segment,
        division=division.key,
        location=tpl.location or (parent.location if parent else "上海"),
        families=tpl.families or (parent.families if parent else SUPPORT),
        depth=parent.depth + 1 if parent else 0,
    )
    if hc <= tpl.leaf_max or not (tpl.children or tpl.teams):
        plan.active = hc
        return plan
    limit = len(tpl.children) if tpl.children else MAX_TEAMS
    k = min(limit, max(2, math.ceil((hc - _staff(hc)) / tpl.target)),
            (hc - _staff(hc, 2)) // MIN_UNIT)
    if k < 2:
        plan.active = hc
        return plan
    staff = _staff(hc, k)
    available = hc - staff
    plan.active = staff
    if tpl.children:
        chosen = tpl.children[:k]
        sizes = apportion(available, [c.weight for c in chosen], MIN_UNIT)
        for child, size in zip(chosen, sizes, strict=True):
            plan.children.append(_grow(child, size, plan, division, f"{code}-{child.suffix}"))
    else:
        team = Template("T", "", "", teams=False, leaf_max=10**9)
        for i, size in enumerate(apportion(available, [1.0] * k, MIN_UNIT), start=1):
            label = (tpl.team_name[0].format(name=plan.name.removesuffix("组"), n=numeral(i)),
                     tpl.team_name[1].format(name_en=plan.name_en, i=i))
            plan.children.append(_grow(team, size, plan, division, f"{code}-T{i}", label))
    return plan


def _sales(hc: int, division: Division) -> UnitPlan:
    """The sales company: its office, sales operations, key accounts and the regions."""
    tpl = division.template
    staff = _staff(hc)
    company = UnitPlan(
        code=COMPANY_ROOT_CODES["sales"], name=tpl.name, name_en=tpl.name_en, company="HXS",
        segment=division.segment, division=division.key, location="上海", families=SALES,
        depth=1, active=staff,
    )
    ops_kc = [max(MIN_UNIT, round(hc * c.weight)) for c in tpl.children]
    for child, size in zip(tpl.children, ops_kc, strict=True):
        company.children.append(_grow(child, size, company, division, f"HXS-{child.suffix}"))
    in_cities = hc - staff - sum(ops_kc)
    n_cities = max(4, min(len(CITIES), round(in_cities / 30)))
    cities = CITIES[:n_cities]
    # Each region's head and staff come out of its first city, hence the larger minimum.
    city_sizes = apportion(in_cities, [tier for *_, tier in cities], MIN_UNIT + MIN_SPAN)
    for region_code, (region_name, region_en) in REGIONS.items():
        members = [(c, s) for c, s in zip(cities, city_sizes, strict=True) if c[2] == region_code]
        if not members:
            continue
        first_city = members[0][0][0]
        region = UnitPlan(
            code=f"HXS-{region_code}", name=region_name, name_en=region_en, company="HXS",
            segment=division.segment, division=division.key, location=first_city,
            families=SALES, depth=2,
        )
        company.children.append(region)
        for index, ((city, pinyin, _, _), size) in enumerate(members):
            if index == 0:
                region.active = _staff(0, len(members))
                size -= region.active
            city_tpl = Template(pinyin.upper().replace("'", ""), f"{city}分公司",
                                f"{pinyin} Branch", location=city,
                                team_name=(f"{city}销售{{n}}部", f"{pinyin} Sales Team {{i}}"))
            region.children.append(_grow(city_tpl, size, region, division,
                                         f"HXS-{region_code}-{city_tpl.suffix}"))
    return company


def build(size: int) -> UnitPlan:
    """The whole unit tree for a group of `size` people records (active and leavers)."""
    root = UnitPlan(code=ROOT.suffix, name=ROOT.name, name_en=ROOT.name_en, company="HXG",
                    segment="mature", division="root", location="上海", families=SUPPORT,
                    depth=0, active=ROOT_STAFF)
    for division, (total, leavers) in zip(DIVISIONS, division_sizes(size), strict=True):
        active = total - leavers
        if division.key == "sales":
            root.children.append(_sales(active, division))
            continue
        code = COMPANY_ROOT_CODES.get(division.key, f"HX-{division.template.suffix}")
        plan = _grow(division.template, active, root, division, code)
        root.children.append(plan)
    return root


def division_sizes(size: int) -> list[tuple[int, int]]:
    """(people records, of whom leavers) per division, in DIVISIONS order."""
    totals = apportion(size - ROOT_STAFF, [d.share for d in DIVISIONS], MIN_UNIT + 2)
    return [(total, math.floor(total * d.leaver_rate + 0.5))
            for total, d in zip(totals, DIVISIONS, strict=True)]
