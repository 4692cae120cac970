"""Build goals data through the real services, so versions, audit entries and events are real.

    period("2026")                          # created once, then reused
    g = kpi_goal(person, target=100)        # a draft; activate=True makes it active
    okr_goal(person, period="2026-H1", key_results=[key_result(0, 10), key_result(0, 5)])
    assign(unit, "innovation_unit")         # a built-in scheme for the unit and below
    measure(g.metrics.get(), "2026-03-31", 95)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from flexperf.core.actors import Actor
from flexperf.goals.models import Goal, Measurement, Metric, Milestone, Period, Scheme
from flexperf.goals.selectors.goals import period_by_code
from flexperf.goals.services import goals as goal_services
from flexperf.goals.services import measurements as measurement_services
from flexperf.goals.services import periods as period_services
from flexperf.goals.services import schemes as scheme_services
from flexperf.goals.services.goals import MetricSpec, MilestoneSpec
from flexperf.org.models import Company, Person, Unit

SYSTEM = Actor.system()
Num = Decimal | int | float | str | None


def period(code: str = "2026") -> Period:
    return period_by_code(code) or period_services.create_period(actor=SYSTEM, code=code)


def scheme(code: str) -> Scheme:
    return Scheme.objects.get(code=code)


def assign(unit: Unit, scheme_code: str) -> Scheme:
    """Give the unit (and the units below it without their own) a scheme by its code."""
    chosen = scheme(scheme_code)
    scheme_services.assign_scheme(actor=SYSTEM, unit_id=unit.pk, scheme_id=chosen.pk)
    return chosen


# --- metrics and milestones ------------------------------------------------------------------


def kpi(name: str = "营业收入", *, threshold: Num = 80, target: Num = 100, stretch: Num = 120,
        direction: str = "higher", weight: Num = 1, kind: str = "kpi", perspective: str = "",
        baseline: Num = None, unit_label: str = "", aggregation: str = "") -> MetricSpec:
    return MetricSpec(kind=kind, name=name, threshold=threshold, target=target, stretch=stretch,
                      direction=direction, weight=weight, perspective=perspective,
                      baseline=baseline, unit_label=unit_label, aggregation=aggregation)


def key_result(start: Num = 0, target: Num = 10, *, name: str = "", weight: Num = 1,
               confidence: int | None = None) -> MetricSpec:
    return MetricSpec(kind="key_result", name=name or f"KR {start}→{target}", start=start,
                      target=target, weight=weight, confidence=confidence)


def measure_spec(name: str, perspective: str, **kw: Any) -> MetricSpec:
    """A scorecard measure (scored like a KPI)."""
    return kpi(name, kind="bsc_measure", perspective=perspective, **kw)


def rated(kind: str, name: str, *, weight: Num = 1,
          anchors: Mapping[str, str] | None = None) -> MetricSpec:
    """A csat survey or a behaviour indicator (1–5)."""
    return MetricSpec(kind=kind, name=name, weight=weight, anchors=anchors or {})


def milestone(name: str, due: dt.date | str, weight: Num = 1) -> MilestoneSpec:
    return MilestoneSpec(name=name, due=_date(due), weight=weight)


# --- goals -------------------------------------------------------------------------------------


def goal(paradigm: str, *, person: Person | None = None, unit: Unit | None = None,
         company: Company | None = None, period_code: str = "2026", title: str = "",
         metrics: Sequence[MetricSpec] | None = None,
         milestones: Sequence[MilestoneSpec] | None = None, activate: bool = False,
         actor: Actor = SYSTEM, **kw: Any) -> Goal:
    """A goal of any paradigm, with sensible metrics when none are given; a draft unless
    `activate`. The owner is the person, else the unit, else the company."""
    the_period = period(period_code)
    owner: dict[str, Any]
    if person is not None:
        owner = {"owner_kind": "person", "person_id": person.pk}
    elif unit is not None:
        owner = {"owner_kind": "unit", "unit_id": unit.pk}
    elif company is not None:
        owner = {"owner_kind": "company", "company_id": company.pk}
    else:
        raise ValueError("a goal needs a person, a unit or a company")
    if metrics is None:
        metrics = DEFAULT_METRICS[paradigm]
    if milestones is None and paradigm == "project":
        end = the_period.end
        milestones = [milestone("方案评审", end - dt.timedelta(days=60)),
                      milestone("上线", end, weight=2)]
    if paradigm == "bsc":
        kw.setdefault("perspective_weights", {"financial": 60, "customer": 40})
    created = goal_services.create_goal(
        actor=actor, period=period_code, paradigm=paradigm, title=title or f"{paradigm} goal",
        metrics=metrics, milestones=milestones or (), **owner, **kw)
    if activate:
        return activate_goal(created, actor=actor)
    return created


DEFAULT_METRICS: dict[str, Sequence[MetricSpec]] = {
    "kpi": [kpi()],
    "okr": [key_result(0, 10, name="新客户数"), key_result(0, 4, name="发布版本")],
    "bsc": [measure_spec("利润", "financial"), measure_spec("客户满意度", "customer")],
    "project": [],
    "service": [kpi("工单按时解决率", kind="sla", threshold=90, target=95, stretch=99),
                rated("csat", "内部客户满意度")],
    "behaviour": [rated("behaviour", "协作", anchors={"1": "各自为战", "5": "主动跨团队协作"})],
}


def kpi_goal(person: Person, **kw: Any) -> Goal:
    return goal("kpi", person=person, **kw)


def okr_goal(person: Person, **kw: Any) -> Goal:
    return goal("okr", person=person, **kw)


def behaviour_goal(person: Person, **kw: Any) -> Goal:
    return goal("behaviour", person=person, **kw)


def unit_goal(unit: Unit, paradigm: str = "kpi", **kw: Any) -> Goal:
    return goal(paradigm, unit=unit, **kw)


def company_goal(company: Company, paradigm: str = "kpi", **kw: Any) -> Goal:
    return goal(paradigm, company=company, **kw)


def activate_goal(target: Goal, *, actor: Actor = SYSTEM) -> Goal:
    return goal_services.activate_goal(actor=actor, goal_id=target.pk)


# --- measurements ----------------------------------------------------------------------------


def measure(metric: Metric, on: dt.date | str, value: Num, *, actor: Actor = SYSTEM
            ) -> Measurement:
    """A manual value (KPI-like metrics and key results) on an active goal."""
    return measurement_services.record_measurement(actor=actor, metric_id=metric.pk,
                                                   on=_date(on), value=value)


def rate(metric: Metric, on: dt.date | str, rating: Num, *, rater: Person,
         actor: Actor = SYSTEM) -> Measurement:
    """A behaviour rating by `rater` (entered by HR on their behalf by default)."""
    return measurement_services.rate_behaviour(actor=actor, metric_id=metric.pk, on=_date(on),
                                               rating=rating, rater_id=rater.pk)


def answer(metric: Metric, on: dt.date | str, score: Num, *, respondent: Person,
           actor: Actor = SYSTEM) -> Measurement:
    """An internal customer's survey answer (entered by HR on their behalf by default)."""
    return measurement_services.answer_survey(actor=actor, metric_id=metric.pk, on=_date(on),
                                              score=score, respondent_id=respondent.pk)


def accept(item: Milestone, on: dt.date | str, *, actor: Actor = SYSTEM) -> Milestone:
    return measurement_services.accept_milestone(actor=actor, milestone_id=item.pk,
                                                 accepted_on=_date(on))


def _date(value: dt.date | str) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)
