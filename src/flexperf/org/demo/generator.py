"""Pure, seeded generation of the demo group's rows: companies, units, positions, people and the
demo logins. No ORM, no clock, no I/O: the same size, seed and first ids give the same rows.

Randomness comes only from ``random.Random(str).random()``, whose sequence Python guarantees
across versions (unlike ``choice``/``randrange``), so the demo is stable across upgrades.
The structure (which units, who reports to whom) comes from :mod:`.plan` and does not depend on
the seed; the seed decides names, dates, demographics, levels and leavers.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from flexperf.core import tree
from flexperf.core.actors import Role
from flexperf.org.demo import names, plan

DEFAULT_SIZE = 600
DEFAULT_SEED = 2026
MIN_SIZE = 200
MAX_SIZE = 200_000
# The demo's "today": fixed, so the data does not change with the day it is loaded.
AS_OF = dt.date(2026, 6, 30)
ON_LEAVE_RATE = 0.015

COMPANIES = (
    ("HXG", "华信集团有限公司", "Huaxin Group Co., Ltd."),
    ("HXS", "华信销售有限公司", "Huaxin Sales Co., Ltd."),
    ("HXI", "华信创新科技有限公司", "Huaxin Innovation Technology Co., Ltd."),
)
DEMO_COMPANY_CODE = "HXG"  # its presence means the demo is loaded
EMAIL_DOMAINS = {"HXG": "huaxin.example", "HXS": "sales.huaxin.example",
                 "HXI": "huaxin-innovation.example"}
# When each division started hiring.
FOUNDED = {"service": dt.date(2018, 1, 1), "rnd": dt.date(2012, 5, 1),
           "innovation": dt.date(2023, 9, 1)}
GROUP_FOUNDED = dt.date(2010, 3, 1)

# Why people left, per division (weights). Sales loses people to pay and careers most.
LEAVE_REASONS: dict[str, plan.Mix] = {
    "sales": (("compensation", 30), ("career", 25), ("workload", 12), ("manager", 10),
              ("performance", 10), ("relocation", 6), ("other", 4), ("restructuring", 2),
              ("retirement", 1)),
    "rnd": (("career", 35), ("compensation", 25), ("workload", 15), ("manager", 8),
            ("relocation", 8), ("other", 5), ("performance", 3), ("retirement", 1)),
    "service": (("career", 28), ("compensation", 24), ("workload", 16), ("manager", 10),
                ("relocation", 8), ("performance", 7), ("other", 5), ("retirement", 2)),
    "innovation": (("career", 30), ("compensation", 20), ("workload", 20),
                   ("restructuring", 10), ("manager", 8), ("other", 7), ("relocation", 5)),
}
SUPPORT_REASONS: plan.Mix = (("career", 28), ("compensation", 18), ("relocation", 14),
                             ("retirement", 12), ("manager", 10), ("other", 8), ("workload", 6),
                             ("performance", 4))
FEMALE_SHARE = {"sales": 0.42, "operations": 0.5, "rnd": 0.27, "support": 0.63,
                "management": 0.3}
T = TypeVar("T")


@dataclass(frozen=True)
class FirstIds:
    """The first primary key to use per table (one past the current maximum)."""

    company: int = 1
    unit: int = 1
    position: int = 1
    person: int = 1


@dataclass(slots=True)
class CompanyRow:
    id: int
    code: str
    name: str
    name_en: str


@dataclass(slots=True)
class UnitRow:
    id: int
    code: str
    name: str
    name_en: str
    company_id: int
    parent_id: int | None
    segment: str
    head_id: int | None
    path: str


@dataclass(slots=True)
class PositionRow:
    id: int
    code: str
    title: str
    title_en: str
    unit_id: int
    job_family: str
    level: str
    is_key: bool


@dataclass(slots=True)
class PersonRow:
    id: int
    employee_number: str
    name: str
    name_en: str
    email: str
    unit_id: int
    position_id: int | None
    manager_id: int | None
    job_family: str
    level: str
    location: str
    hire_date: dt.date
    status: str
    leave_date: dt.date | None
    leave_reason: str
    gender: str
    birth_date: dt.date
    path: str


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: Role
    person_id: int | None
    unit_codes: tuple[str, ...] = ()  # for unit-scoped roles


@dataclass
class DemoOrg:
    size: int
    seed: int
    companies: list[CompanyRow] = field(default_factory=list)
    units: list[UnitRow] = field(default_factory=list)
    positions: list[PositionRow] = field(default_factory=list)
    people: list[PersonRow] = field(default_factory=list)
    logins: list[DemoLogin] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {
            "companies": len(self.companies), "units": len(self.units),
            "positions": len(self.positions), "people": len(self.people),
            "leavers": sum(1 for p in self.people if p.status == "left"),
            "users": len(self.logins),
        }


class Rng:
    """Deterministic choices built on ``random()`` alone (see the module docstring)."""

    def __init__(self, *key: object) -> None:
        self._random = random.Random(":".join(str(k) for k in ("flexperf-demo", *key)))

    def unit(self) -> float:
        return self._random.random()

    def chance(self, p: float) -> bool:
        return self._random.random() < p

    def below(self, n: int) -> int:
        return min(n - 1, int(self._random.random() * n))

    def pick(self, items: Sequence[T]) -> T:
        return items[self.below(len(items))]

    def weighted_index(self, cumulative: Sequence[float]) -> int:
        """An index drawn in proportion to weights given as their running totals."""
        point = self._random.random() * cumulative[-1]
        return min(len(cumulative) - 1, bisect.bisect_right(cumulative, point))

    def weighted(self, mix: Sequence[tuple[T, float]]) -> T:
        total = sum(w for _, w in mix)
        point = self._random.random() * total
        for item, weight in mix:
            point -= weight
            if point < 0:
                return item
        return mix[-1][0]

    def exponential(self, mean: float) -> float:
        return -mean * math.log(1.0 - self._random.random())


class _Surnames:
    def __init__(self) -> None:
        self.items = [(s, p) for s, p, _ in names.SURNAMES]
        self.cumulative = list(itertools.accumulate(w for *_, w in names.SURNAMES))

    def draw(self, rng: Rng) -> tuple[str, str]:
        return self.items[rng.weighted_index(self.cumulative)]


_SURNAMES = _Surnames()


def _ic_title(division: str, family: str) -> tuple[str, str]:
    if family == "support":
        return names.SUPPORT_TITLES.get(division, ("行政专员", "Administrative Specialist"))
    return names.IC_TITLES[family]


def _years(value: float) -> dt.timedelta:
    return dt.timedelta(days=int(value * 365.25))


@dataclass
class _Slot:
    """One person to make: where they sit and what they do."""

    unit: plan.UnitPlan
    unit_row: UnitRow
    role: str  # "head", "lead" or "ic"
    manager: int | None  # index into the people list


class _Builder:
    def __init__(self, size: int, seed: int, first: FirstIds) -> None:
        self.size, self.seed, self.first = size, seed, first
        self.org = DemoOrg(size=size, seed=seed)
        self.company_ids: dict[str, int] = {}
        self.positions: dict[tuple[int, str], PositionRow] = {}
        self.emails: dict[str, int] = {}
        self.unit_managers: dict[int, list[int]] = {}  # unit id → people indexes with reports
        self.rngs: dict[str, Rng] = {}

    def rng(self, division: str) -> Rng:
        if division not in self.rngs:
            self.rngs[division] = Rng(self.seed, division)
        return self.rngs[division]

    # --- structure -----------------------------------------------------------------------

    def build(self) -> DemoOrg:
        for offset, (code, name, name_en) in enumerate(COMPANIES):
            row = CompanyRow(self.first.company + offset, code, name, name_en)
            self.org.companies.append(row)
            self.company_ids[code] = row.id
        root = plan.build(self.size)
        slots: list[_Slot] = []
        self._units(root, None, None, slots)
        for slot in slots:
            self._person(slot)
        self._leavers(root)
        self._paths()
        self._logins()
        return self.org

    def _units(self, node: plan.UnitPlan, parent: UnitRow | None, boss: int | None,
               slots: list[_Slot]) -> None:
        row = UnitRow(
            id=self.first.unit + len(self.org.units), code=node.code, name=node.name,
            name_en=node.name_en, company_id=self.company_ids[node.company],
            parent_id=parent.id if parent else None, segment=node.segment, head_id=None,
            path=tree.child_path(parent.path if parent else None,
                                 self.first.unit + len(self.org.units)),
        )
        self.org.units.append(row)
        head = len(slots)
        row.head_id = self.first.person + head
        managers = plan.arrange(node.active - 1, plan.MAX_SPAN - len(node.children))
        has_reports = {m for m in managers if m >= 0}
        for local, manager in enumerate(managers):
            role = "head" if local == 0 else "lead" if local in has_reports else "ic"
            slots.append(_Slot(node, row, role, boss if local == 0 else head + manager))
        self.unit_managers[row.id] = [head + local for local in sorted(has_reports)] or [head]
        for child in node.children:
            self._units(child, row, head, slots)

    def _position(self, unit: UnitRow, suffix: str, title: tuple[str, str], family: str,
                  level: str = "", is_key: bool = False) -> int:
        key = (unit.id, suffix)
        if key not in self.positions:
            row = PositionRow(
                id=self.first.position + len(self.org.positions), code=f"{unit.code}-{suffix}",
                title=title[0], title_en=title[1], unit_id=unit.id, job_family=family,
                level=level, is_key=is_key,
            )
            self.positions[key] = row
            self.org.positions.append(row)
        return self.positions[key].id

    # --- people --------------------------------------------------------------------------

    def _person(self, slot: _Slot) -> None:
        node, unit = slot.unit, slot.unit_row
        rng = self.rng(node.division)
        young = node.division == "innovation"
        founded = FOUNDED.get(node.division, GROUP_FOUNDED)
        company_age = (AS_OF - founded).days / 365.25
        families = node.families
        if slot.role == "head":
            family = "management"
            age = (30 + 12 * rng.unit()) if young else (36 + 20 * rng.unit() + 2 * (3 - node.depth))
            tenure = 3 + (company_age - 3) * rng.unit() ** 0.7
            level = f"M{max(2, 5 - node.depth)}"
        elif slot.role == "lead":
            family = families[0][0]
            age = (27 + 8 * rng.unit()) if young else (29 + 16 * rng.unit())
            tenure = 1.5 + rng.exponential(5.0)
            level = "M1"
        else:
            family = rng.weighted(families)
            age = (22 + 14 * rng.unit() ** 1.5) if young else (22 + 34 * rng.unit() ** 1.6)
            # Half were hired at any time since the division began, half recently (turnover).
            tenure = (company_age * rng.unit() if rng.chance(0.45)
                      else rng.exponential(3.0 if node.division == "service" else 4.0))
            level = f"P{min(6 if young else 7, 1 + int((age - 22 + 3 * rng.unit()) / 5.5))}"
        if young and slot.role != "head":
            # Hired in the last two years, mostly: the company is growing fast.
            tenure = 2 * rng.unit() if rng.chance(0.8) else 2 + (company_age - 2) * rng.unit()
        if tenure > company_age:
            tenure = company_age * rng.unit()
        tenure = max(0.05, min(tenure, age - 21))
        hire_date = max(founded, AS_OF - _years(tenure))
        birth_date = AS_OF - _years(age) - dt.timedelta(days=rng.below(365))
        status = "on_leave" if slot.role == "ic" and rng.chance(ON_LEAVE_RATE) else "active"
        position = self._slot_position(slot, family, level)
        if self.org.positions[position - self.first.position].code.endswith("-CE"):
            level = "P8"  # the department's chief engineer
        self._append(rng, node, unit, family, level, hire_date, birth_date, status,
                     slot.manager, position, leave=None)

    def _slot_position(self, slot: _Slot, family: str, level: str) -> int:
        node, unit = slot.unit, slot.unit_row
        if slot.role == "head":
            if node.depth == 0:
                title = ("集团总裁", "Group CEO")
            elif node.code in plan.COMPANY_ROOT_CODES.values():
                title = ("总经理", "General Manager")
            else:
                title = (f"{node.name}负责人", f"Head of {node.name_en}")
            return self._position(unit, "HD", title, "management", level, node.depth <= 2)
        if slot.role == "lead":
            return self._position(unit, "LD", names.LEAD_TITLES[family], family)
        chief = node.division == "rnd" and node.depth == 2 and family == "rnd"
        if chief and (unit.id, "CE") not in self.positions:
            return self._position(unit, "CE", ("首席工程师", "Chief Engineer"), "rnd", "P8", True)
        return self._position(unit, names.FAMILY_CODES[family], _ic_title(node.division, family),
                              family)

    def _append(self, rng: Rng, node: plan.UnitPlan, unit: UnitRow, family: str, level: str,
                hire_date: dt.date, birth_date: dt.date, status: str, manager: int | None,
                position: int | None, leave: tuple[dt.date, str] | None) -> None:
        female_share = FEMALE_SHARE[family]
        gender = ("undisclosed" if rng.chance(0.02)
                  else "female" if rng.chance(female_share) else "male")
        name, name_en, local = self._name(rng, gender, english=0.35 if node.company == "HXI"
                                          else 0.2)
        index = len(self.org.people)
        domain = EMAIL_DOMAINS[node.company]
        seen = self.emails.get(f"{local}@{domain}", 0) + 1
        self.emails[f"{local}@{domain}"] = seen
        self.org.people.append(PersonRow(
            id=self.first.person + index, employee_number=f"HX{index + 1:06d}", name=name,
            name_en=name_en, email=f"{local}{seen if seen > 1 else ''}@{domain}",
            unit_id=unit.id, position_id=position,
            manager_id=self.first.person + manager if manager is not None else None,
            job_family=family, level=level, location=node.location, hire_date=hire_date,
            status="left" if leave else status, leave_date=leave[0] if leave else None,
            leave_reason=leave[1] if leave else "", gender=gender, birth_date=birth_date,
            path="",
        ))

    def _name(self, rng: Rng, gender: str, english: float) -> tuple[str, str, str]:
        surname, surname_py = _SURNAMES.draw(rng)
        female = gender == "female" or (gender == "undisclosed" and rng.chance(0.5))
        chars = names.FEMALE_CHARS if female else names.MALE_CHARS
        given = [rng.pick(chars) for _ in range(2 if rng.chance(0.75) else 1)]
        given_cn = "".join(c for c, _ in given)
        given_py = "".join(p for _, p in given).capitalize()
        style = rng.unit()
        if style < english:
            first = rng.pick(names.ENGLISH_FEMALE if female else names.ENGLISH_MALE)
            name_en = f"{first} {surname_py}"
            local = f"{first}.{surname_py}"
        elif style < 0.9:
            name_en = f"{surname_py} {given_py}"
            local = f"{given_py}.{surname_py}"
        else:
            name_en = ""
            local = f"{given_py}.{surname_py}"
        return surname + given_cn, name_en, local.lower()

    def _leavers(self, root: plan.UnitPlan) -> None:
        units = {row.code: row for row in self.org.units}
        by_division: dict[str, list[plan.UnitPlan]] = {}
        for node in root.walk():
            by_division.setdefault(node.division, []).append(node)
        for division, (_, count) in zip(plan.DIVISIONS, plan.division_sizes(self.size),
                                        strict=True):
            rng = Rng(self.seed, division.key, "leavers")
            nodes = by_division[division.key]
            cumulative = list(itertools.accumulate(node.active for node in nodes))
            founded = FOUNDED.get(division.key, GROUP_FOUNDED)
            reasons = LEAVE_REASONS.get(division.key, SUPPORT_REASONS)
            for _ in range(count):
                node = nodes[rng.weighted_index(cumulative)]
                unit = units[node.code]
                manager = rng.pick(self.unit_managers[unit.id])
                family = rng.weighted(node.families)
                window = min(3.0, (AS_OF - founded).days / 365.25 - 0.3)
                leave_date = AS_OF - _years(window * rng.unit())
                tenure = max(0.15, min(rng.exponential(2.2), (leave_date - founded).days / 365.25))
                hire_date = max(founded, leave_date - _years(tenure))
                hire_age = 21 + 17 * rng.unit() ** 1.5
                birth_date = hire_date - _years(hire_age) - dt.timedelta(days=rng.below(365))
                experience = (leave_date - birth_date).days / 365.25 - 22
                level = f"P{max(1, min(6, 1 + int(experience / 4.5)))}"
                position = self._position(unit, names.FAMILY_CODES[family],
                                          _ic_title(division.key, family), family)
                self._append(rng, node, unit, family, level, hire_date, birth_date, "left",
                             manager, position, leave=(leave_date, rng.weighted(reasons)))

    def _paths(self) -> None:
        first = self.first.person
        people = self.org.people
        for person in people:  # managers come first, so their paths are ready
            parent = people[person.manager_id - first].path if person.manager_id else None
            person.path = tree.child_path(parent, person.id)

    # --- demo logins ---------------------------------------------------------------------

    def _logins(self) -> None:
        units = {row.code: row for row in self.org.units}
        people = self.org.people
        first = self.first.person
        reports: dict[int, list[PersonRow]] = {}
        for person in people:
            if person.manager_id is not None and person.status != "left":
                reports.setdefault(person.manager_id, []).append(person)

        def head_of(code: str) -> PersonRow:
            head_id = units[code].head_id
            assert head_id is not None
            return people[head_id - first]

        def first_ic(prefix: str, exclude: set[int]) -> PersonRow:
            subtree = {row.id for row in self.org.units if row.code.startswith(prefix)}
            return next(p for p in people if p.unit_id in subtree and p.status == "active"
                        and p.id not in reports and p.id not in exclude)

        def is_team_manager(person: PersonRow) -> bool:
            team = reports.get(person.id, [])
            return (person.status == "active" and 5 <= len(team) <= 10
                    and any(r.id in reports for r in team)
                    and any(r.id not in reports and r.status == "active" for r in team))

        sales_units = {row.id for row in self.org.units if row.code.startswith("HXS")}
        unit_heads = {row.head_id for row in self.org.units}
        unit_depth = {row.id: tree.depth(row.path) for row in self.org.units}
        east = {row.id for row in self.org.units if row.code.startswith("HXS-EAST")}
        # Prefer the head of the smallest unit in the East China region (a Shanghai branch or
        # team); any sales manager with such a team will do.
        candidates = sorted((p for p in people if p.unit_id in sales_units),
                            key=lambda p: (p.unit_id not in east, p.id not in unit_heads,
                                           -unit_depth[p.unit_id], p.id))
        manager = next(p for p in candidates if is_team_manager(p))
        employee = next(r for r in reports[manager.id]
                        if r.id not in reports and r.status == "active")
        hr_admin = head_of("HX-HR")
        hrbp = first_ic("HX-HR", {hr_admin.id})
        hrbp_unit = next(row for row in self.org.units if row.id == hrbp.unit_id)
        hrbp.position_id = self._position(hrbp_unit, "BP",
                                          ("人力资源业务伙伴", "HR Business Partner"), "support")
        self.org.logins = [
            DemoLogin("hr_admin", Role.HR_ADMIN, hr_admin.id),
            DemoLogin("hrbp", Role.HRBP, hrbp.id, ("HXS",)),
            DemoLogin("executive", Role.EXECUTIVE, head_of("HX-STR").id, ("HX",)),
            DemoLogin("manager", Role.MANAGER, manager.id),
            DemoLogin("employee", Role.EMPLOYEE, employee.id),
            DemoLogin("auditor", Role.AUDITOR, first_ic("HX-AUD", set()).id),
            DemoLogin("partner", Role.PARTNER, None),
        ]


def generate(*, size: int = DEFAULT_SIZE, seed: int = DEFAULT_SEED,
             first: FirstIds | None = None) -> DemoOrg:
    """The demo group with `size` people records (about 10% of them leavers)."""
    if not MIN_SIZE <= size <= MAX_SIZE:
        raise ValueError(f"size must be between {MIN_SIZE} and {MAX_SIZE}")
    ids = first or FirstIds()
    if ids.person + size > tree.MAX_PK:
        raise ValueError("person ids would overflow the tree path segment")
    return _Builder(size, seed, ids).build()
