"""The demo group's goals: every paradigm for everyone, a year that tells a story, the dynamic
goals replayed with flexperf's own rules, deterministic, bulk-loaded with one audit entry."""

from __future__ import annotations

import collections
import datetime as dt
import hashlib
import io
import sqlite3
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import models
from django.test import Client
from django.urls import reverse

from flexperf.accounts.models import User
from flexperf.audit.models import Action, AuditEntry
from flexperf.core import weights as weight_checks
from flexperf.core.actors import Actor
from flexperf.core.errors import ServiceError
from flexperf.core.management.commands import demo as demo_command
from flexperf.goals import scheme_templates, triggers, validation, versioning
from flexperf.goals.demo import generator, plan
from flexperf.goals.demo import loader as goals_loader
from flexperf.goals.demo.rows import (
    Component,
    DemoUser,
    FirstIds,
    Inputs,
    OrgPerson,
    OrgUnit,
    SchemeInfo,
)
from flexperf.goals.evaluation.scores import score_period
from flexperf.goals.models import (
    Adjustment,
    ExternalSeries,
    Goal,
    GoalAlignment,
    GoalVersion,
    Measurement,
    Metric,
    MetricLink,
    Milestone,
    Period,
    Scheme,
    SchemeAssignment,
    SchemeComponent,
    SeriesPoint,
    SignalLink,
)
from flexperf.goals.progress import Status
from flexperf.goals.selectors import scheme_for_person
from flexperf.goals.services.series import check_signals
from flexperf.goals.versioning import definitions_in_force
from flexperf.notifications.models import Notification
from flexperf.org.demo import generator as org_generator
from flexperf.org.demo import loader as org_loader
from flexperf.org.models import Person, Unit
from flexperf.org.models import Status as PersonStatus

SYSTEM = Actor.system()
AS_OF = dt.date(2026, 6, 30)


def _load(size: int = 600, seed: int = 2026) -> dict[str, int]:
    org_loader.load_demo(actor=SYSTEM, size=size, seed=seed)
    return goals_loader.load_goals_demo(actor=SYSTEM, seed=seed).counts


@pytest.fixture
def demo(db: None) -> dict[str, int]:
    """The default demo (600 people, seed 2026) with its goals; the load's counts."""
    return _load()


def _inputs(org: org_generator.DemoOrg) -> Inputs:
    """What the loader reads from a fresh database holding `org`, built without one: the
    built-in schemes with the ids the migration gives them, users in login order."""
    codes = {c.id: c.code for c in org.companies}
    schemes, component_id = {}, 0
    for scheme_id, spec in enumerate(scheme_templates.TEMPLATES, start=1):
        components = []
        for c in spec["components"]:
            component_id += 1
            components.append(Component(component_id, c["key"], c["paradigm"]))
        schemes[spec["key"]] = SchemeInfo(scheme_id, spec["key"], tuple(components),
                                          spec["review_period"])
    return Inputs(
        companies={c.code: c.id for c in org.companies},
        units=[OrgUnit(u.id, u.code, u.name, u.parent_id, u.path, codes[u.company_id],
                       u.head_id) for u in sorted(org.units, key=lambda u: u.path)],
        people=[OrgPerson(p.id, p.employee_number, p.name, p.unit_id, p.manager_id,
                          p.job_family, p.level) for p in org.people if p.status == "active"],
        users={login.username: DemoUser(login.username, user_id, login.person_id)
               for user_id, login in enumerate(org.logins, start=1)},
        schemes=schemes, default_scheme=scheme_templates.DEFAULT_TEMPLATE)


def _digest_rows(tables: Iterable[tuple[str, Iterable[Iterable[object]]]]) -> str:
    digest = hashlib.sha256()
    for name, rows in tables:
        digest.update(name.encode())
        for row in rows:
            digest.update(repr(tuple(row)).encode())
    return digest.hexdigest()


def _db_digest() -> str:
    """Every column of every goals-demo row, by id. Scheme and component ids are named by
    their codes, also inside version snapshots: a wiped database installs the schemes again,
    under new ids when the sequences run on (PostgreSQL; SQLite after a test's flush)."""
    schemes = dict(Scheme.objects.values_list("pk", "code"))
    components = {pk: (schemes[scheme], key) for pk, scheme, key in
                  SchemeComponent.objects.values_list("pk", "scheme_id", "key")}
    names: dict[str, dict[Any, Any]] = {"scheme_id": schemes, "component_id": components}

    def named(column: str, value: Any) -> Any:
        if isinstance(value, dict):
            return {key: named(key, inner) for key, inner in value.items()}
        if column in names and value is not None:
            return names[column].get(value, value)
        return value

    tables = []
    for model, _ in goals_loader.TABLES:
        columns = [f.attname for f in model._meta.concrete_fields]
        rows = [tuple(named(c, v) for c, v in zip(columns, row, strict=True))
                for row in model._default_manager.order_by("pk").values_list(*columns)]
        tables.append((model._meta.db_table, rows))
    return _digest_rows(tables)


# --- generation (pure) ---------------------------------------------------------------------


def test_the_same_group_and_seed_generate_the_same_rows_and_another_seed_other_values() -> None:
    org = org_generator.generate(size=600, seed=2026)
    first = generator.generate(_inputs(org), seed=2026)
    again = generator.generate(_inputs(org), seed=2026)
    other = generator.generate(_inputs(org), seed=2027)
    for name in ("goals", "metrics", "measurements", "milestones", "alignments", "versions",
                 "signals", "adjustments", "notifications"):
        assert getattr(first, name) == getattr(again, name), name
    assert [m.value for m in first.measurements] != [m.value for m in other.measurements]
    # The structure is the group's: the same goals of the same paradigms for everyone.
    assert ([(g.person_id, g.paradigm, g.title) for g in first.goals if g.person_id]
            != [(g.person_id, g.paradigm, g.title) for g in other.goals if g.person_id])
    assert (collections.Counter(g.paradigm for g in first.goals)
            == collections.Counter(g.paradigm for g in other.goals))


def test_ids_start_where_they_are_told_to() -> None:
    inputs = _inputs(org_generator.generate(size=300, seed=1))
    demo = generator.generate(inputs, seed=1, first=FirstIds(goal=1000, metric=5000,
                                                             measurement=7))
    assert [g.id for g in demo.goals] == list(range(1000, 1000 + len(demo.goals)))
    assert demo.metrics[0].id == 5000
    assert demo.measurements[0].id == 7
    assert {m.goal_id for m in demo.metrics} <= {g.id for g in demo.goals}


def test_a_very_large_group_is_measured_quarterly_and_versions_only_what_the_story_touches(
        monkeypatch: pytest.MonkeyPatch) -> None:
    inputs = _inputs(org_generator.generate(size=600, seed=2026))
    full = generator.generate(inputs, seed=2026)
    monkeypatch.setattr(plan, "FULL_DETAIL_MAX_PEOPLE", 100)
    lean = generator.generate(inputs, seed=2026)
    assert (full.detail, lean.detail) == ("full", "lean")
    assert ([(g.person_id, g.paradigm, g.component_id) for g in lean.goals]
            == [(g.person_id, g.paradigm, g.component_id) for g in full.goals])
    assert {m.on.month for m in full.measurements} == {1, 2, 3, 4, 5, 6}
    assert {m.on for m in lean.measurements if m.source != "survey"} == {
        dt.date(2026, 3, 31), dt.date(2026, 6, 30)}
    # A quarter's amount in one measurement: revenue to date is about the same either way.
    revenue = {g.id for g in full.goals if g.title == "销售收入" and g.person_id}
    metric_ids = {m.id for m in full.metrics if m.goal_id in revenue}
    full_total = sum((m.value for m in full.measurements if m.metric_id in metric_ids),
                     Decimal(0))
    lean_total = sum((m.value for m in lean.measurements if m.metric_id in metric_ids),
                     Decimal(0))
    assert abs(lean_total / full_total - 1) < Decimal("0.02")
    assert len(lean.measurements) < 0.55 * len(full.measurements)
    versioned = {v.goal_id for v in lean.versions}
    touched = {s.goal_id for s in lean.signals} | {a.goal_id for a in lean.adjustments}
    assert versioned == touched
    assert len(full.versions) == sum(g.status != "draft" for g in full.goals) + 5


# --- what the default demo holds ----------------------------------------------------------


def test_the_default_demo_has_goals_of_every_paradigm_in_these_numbers(
        demo: dict[str, int]) -> None:
    # 536 active people: sales 5 KPIs each (3 result, 2 process); support functions 2 KPIs,
    # a service goal and a behaviour goal; the growth business 3 KPIs and behaviour; R&D and
    # the innovation company one or (managers) two objectives and projects; the CEO's office
    # and strategy a personal scorecard and one or two projects.
    assert demo == {
        "periods": 19, "scheme_assignments": 11, "goals": 2083,
        "person_behaviour": 155, "person_bsc": 10, "person_kpi": 1467, "person_okr": 166,
        "person_project": 178, "person_service": 72, "unit_goals": 32, "company_goals": 3,
        "under_discussion": 10, "drafts": 1, "metrics": 2780, "metric_links": 8,
        "measurements": 14790, "milestones": 735, "alignments": 544, "versions": 2087,
        "series": 3, "series_points": 36, "signal_links": 18, "adjustments_approved": 5,
        "adjustments_pending": 4, "adjustments_rejected": 1, "notifications": 14,
    }
    by_paradigm = collections.Counter(Goal.objects.values_list("owner_kind", "paradigm"))
    assert by_paradigm == {
        ("person", "kpi"): 1467, ("person", "project"): 178, ("person", "okr"): 166,
        ("person", "behaviour"): 155, ("person", "service"): 72, ("person", "bsc"): 10,
        ("unit", "kpi"): 23, ("unit", "okr"): 8, ("unit", "project"): 1,
        ("company", "bsc"): 1, ("company", "kpi"): 1, ("company", "okr"): 1}
    assert collections.Counter(Metric.objects.values_list("kind", flat=True)) == {
        "kpi": 1491, "key_result": 600, "behaviour": 465, "sla": 102, "csat": 72,
        "bsc_measure": 50}
    assert collections.Counter(Goal.objects.filter(paradigm="okr").values_list(
        "okr_type", flat=True)) == {"committed": 121, "aspirational": 54}
    accepted = collections.Counter(
        "not yet due" if m.accepted_on is None and m.due > AS_OF else
        "overdue" if m.accepted_on is None else
        "on time" if m.accepted_on <= m.due else "late" for m in Milestone.objects.all())
    assert accepted == {"on time": 548, "late": 119, "overdue": 48, "not yet due": 20}


def test_every_active_person_has_goals_for_each_component_of_their_scheme(
        demo: dict[str, int]) -> None:
    goals = collections.defaultdict(list)
    for goal in Goal.objects.filter(owner_kind="person").select_related("component", "period"):
        goals[goal.person_id].append(goal)
    people = Person.objects.filter(unit__company__code__in=plan.DEMO_COMPANIES,
                                   status=PersonStatus.ACTIVE).select_related("unit")
    assert set(goals) == {p.pk for p in people}
    for person in people:
        scheme = scheme_for_person(person)
        components = {c.pk: c for c in scheme.components.all()}
        mine = [g for g in goals[person.pk] if g.status != "draft"]
        for goal in goals[person.pk]:
            assert goal.component_id in components, (person, goal)
            assert goal.paradigm == components[goal.component_id].paradigm
            # The services let a person's goals belong only to their scheme's review period.
            assert goal.period.kind == scheme.review_period
        assert {g.component_id for g in mine} == set(components), person
        for component_id in components:
            assert weight_checks.check_weights(
                [g.weight for g in mine if g.component_id == component_id],
                field="weight") == []


def test_schemes_come_from_the_units_the_source_names(demo: dict[str, int]) -> None:
    assigned = dict(SchemeAssignment.objects.values_list("unit__code", "scheme__code"))
    assert assigned == plan.SCHEME_BY_UNIT
    someone = {p.unit.code: p for p in Person.objects.select_related("unit")}
    resolved = {code: scheme_for_person(someone[code]).code
                for code in ("HX", "HX-STR", "HX-FIN", "HXS", "HXS-EAST-SHANGHAI", "HXS-OPS",
                             "HX-RND-AI", "HXI-GRO", "HX-SVC-DCN")}
    assert resolved == {
        "HX": "group_strategy", "HX-STR": "group_strategy",  # inherited from the CEO's office
        "HX-FIN": "support_function", "HXS": "mature_sales",
        "HXS-EAST-SHANGHAI": "mature_sales", "HXS-OPS": "support_function",  # overridden
        "HX-RND-AI": "innovation_unit", "HXI-GRO": "innovation_unit",
        "HX-SVC-DCN": "profit_centre",
    }


def test_metric_definitions_pass_the_shared_checks(demo: dict[str, int]) -> None:
    for goal in Goal.objects.prefetch_related("metrics", "milestones"):
        metrics = list(goal.metrics.all())
        assert validation.metric_kinds(goal.paradigm, [m.kind for m in metrics]) == [], goal
        if goal.paradigm == "bsc":
            assert validation.perspective_weights(
                goal.perspective_weights, [m.perspective for m in metrics]) == []
        if goal.paradigm == "project":
            milestones = list(goal.milestones.all())
            assert goal.due_date == max(m.due for m in milestones)
            assert all(goal.period.start <= m.due <= goal.period.end for m in milestones)
        for metric in metrics:
            if metric.kind in validation.KPI_LIKE:
                assert validation.kpi_thresholds(
                    direction=metric.direction, threshold=metric.threshold,
                    target=metric.target, stretch=metric.stretch) == [], metric
            elif metric.kind == "key_result":
                assert validation.key_result_range(start=metric.start,
                                                   target=metric.target) == []
                assert metric.confidence is not None
                assert 0 <= metric.confidence <= 10
            else:  # rated 1–5: no thresholds, the mean of the answers or ratings
                assert (metric.threshold, metric.target, metric.aggregation) == (
                    None, None, "mean")
    behaviour = Metric.objects.filter(kind="behaviour")
    assert all(sorted(m.anchors) == ["1", "3", "5"] for m in behaviour)
    ratings = Measurement.objects.filter(metric__kind="behaviour").select_related(
        "metric__goal__person")
    managers = dict(Person.objects.values_list("pk", "manager_id"))
    assert {r.recorded_by_id == managers.get(r.metric.goal.person_id or 0) for r in ratings} == {
        True}
    answers = Measurement.objects.filter(metric__kind="csat").select_related(
        "metric__goal__person")
    assert {int(a.value) for a in answers} <= {1, 2, 3, 4, 5}
    assert not any(a.recorded_by_id == a.metric.goal.person_id for a in answers)


def test_versions_are_what_versioning_records(demo: dict[str, int]) -> None:
    versions = collections.defaultdict(list)
    for version in GoalVersion.objects.order_by("number"):
        versions[version.goal_id].append(version)
    managers = dict(Person.objects.values_list("pk", "manager_id"))
    numbers = dict(Person.objects.values_list("pk", "employee_number"))
    numbers.update(Person.objects.filter(user__isnull=False).values_list("pk", "user__username"))
    for goal in Goal.objects.prefetch_related("metrics", "milestones"):
        mine = versions[goal.pk]
        assert goal.version == len(mine)
        if goal.status == "draft":
            assert mine == []
            continue
        assert [v.number for v in mine] == list(range(1, len(mine) + 1))
        first = mine[0]
        assert (first.effective_from, first.reason, first.adjustment_id) == (
            dt.date(2026, 1, 1), "Activated", None)
        if goal.person_id is not None:  # confirmed by the manager (the CEO by themself)
            assert first.created_by_username == numbers[managers[goal.person_id] or
                                                        goal.person_id]
        now = versioning.snapshot(goal)
        if goal.status == "under_discussion":  # not a new definition: still version 1's
            now["status"] = "active"
        assert mine[-1].definition == now, goal


def _points(code: str, until: dt.date) -> list[triggers.Point]:
    return [triggers.Point(p.on, p.value) for p in SeriesPoint.objects.filter(
        series__code=code, on__lte=until).order_by("on")]


def _explain(link: SignalLink, until: dt.date) -> str:
    rule = triggers.Rule(plan=link.plan_value, threshold_pct=link.threshold_pct,
                         periods=link.consecutive_periods)
    return triggers.explain(_points(link.series.code, until), rule, series_name=link.series.name)


def test_goals_under_discussion_say_which_signal_fired_and_most_have_a_proposal_pending(
        demo: dict[str, int]) -> None:
    discussed = list(Goal.objects.filter(status="under_discussion").select_related("person"))
    assert len(discussed) == 10
    links = {link.goal_id: link for link in SignalLink.objects.select_related("series")}
    for goal in discussed:
        link = links[goal.pk]
        # Fired when May's point was loaded (April and May beyond the threshold), and again
        # for June's while the goal was already under discussion.
        assert goal.discussion_since == dt.datetime(2026, 5, 31, 18, 5, tzinfo=plan.TZ)
        assert goal.discussion_reason == _explain(link, dt.date(2026, 5, 31))
        assert link.last_fired_on == AS_OF
    assert collections.Counter(links[g.pk].series.code for g in discussed) == {
        "copper-price": 9, "customer-satisfaction": 1}
    pending = list(Adjustment.objects.filter(status="pending").select_related("trigger__series"))
    assert len(pending) == 4
    for adjustment in pending:
        assert adjustment.goal_id in {g.pk for g in discussed}
        assert adjustment.trigger == links[adjustment.goal_id]
        assert adjustment.trigger_detail == _explain(adjustment.trigger,
                                                     adjustment.proposed_at.date())
        assert (adjustment.approver_role, adjustment.guard_note) == ("manager", "")
    assert sorted(a.proposed_by_username for a in pending) == [
        "HX000109", "HX000393", "employee", "manager"]
    # The demo is up to date with its series: checking the signals again fires nothing.
    assert check_signals(actor=SYSTEM) == []


def test_the_demo_users_were_told_as_the_services_tell(demo: dict[str, int]) -> None:
    rows = Notification.objects.select_related("recipient").order_by("created_at", "pk")
    told = [(n.recipient.username, n.kind, n.read_at is None) for n in rows]
    assert collections.Counter(told) == {
        ("manager", "adjustment_proposed", True): 3,
        ("employee", "adjustment_decided", False): 1,
        ("employee", "goal_under_discussion", True): 1,
        ("manager", "goal_under_discussion", True): 1,  # their own
        ("manager", "goal_under_discussion", False): 8,  # their team's
    }
    employee = Person.objects.get(user__username="employee")
    mine = Goal.objects.get(person=employee, title="毛利率")
    note = Notification.objects.get(recipient__username="employee",
                                    kind="goal_under_discussion")
    assert (note.title, note.body, note.url) == (
        "Goal under discussion: 毛利率", mine.discussion_reason, f"/goals/{mine.pk}/")
    asked = Notification.objects.filter(recipient__username="manager",
                                        kind="adjustment_proposed").order_by("created_at")
    assert asked[0].body == (
        "employee proposes: 客户拜访次数 · threshold: 192 → 160; 客户拜访次数 · target: 240 → "
        "200; 客户拜访次数 · stretch: 288 → 240\nReason: 公司推行线上拜访，线上拜访计入商机跟进；"
        "线下拜访目标由 240 次调整为 200 次。")


def _applied(definition: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """Version `definition` with an adjustment's new values written in, as approving does."""
    out = {**definition, "metrics": [dict(m) for m in definition["metrics"]],
           "milestones": [dict(m) for m in definition["milestones"]]}
    for metric in out["metrics"]:
        for name, value in changes.get("metrics", {}).get(str(metric["id"]), {}).items():
            metric[name] = str(Decimal(value).quantize(Decimal("0.0001")))
    for milestone in out["milestones"]:
        milestone.update(changes.get("milestones", {}).get(str(milestone["id"]), {}))
    out["milestones"].sort(key=lambda m: (m["due"], m["id"]))
    if "due_date" in changes:
        out["due_date"] = changes["due_date"]
    return out


def test_approved_adjustments_changed_the_goal_from_their_day_and_left_two_versions(
        demo: dict[str, int]) -> None:
    approved = list(Adjustment.objects.filter(status="approved").select_related("goal"))
    assert [(a.goal.title, a.effective_from) for a in approved] == [
        ("数据中台二期", dt.date(2026, 5, 22)), ("销售收入", dt.date(2026, 5, 12)),
        ("销售收入", dt.date(2026, 5, 12)), ("销售收入", dt.date(2026, 5, 12)),
        ("客户拜访次数", dt.date(2026, 4, 3))]
    for adjustment in approved:
        goal = adjustment.goal
        first, second = GoalVersion.objects.filter(goal=goal).order_by("number")
        assert goal.status == "active"
        assert (second.number, second.adjustment_id, second.effective_from) == (
            2, adjustment.pk, adjustment.effective_from)
        assert adjustment.decided_at is not None
        assert adjustment.effective_from == adjustment.decided_at.astimezone(plan.TZ).date()
        assert (second.created_by_username, second.approved_by_username, second.reason) == (
            adjustment.proposed_by_username, adjustment.decided_by_username, adjustment.reason)
        assert _applied(first.definition, adjustment.changes) == second.definition
    # Scores use the version in force: before the cuts in North China, the old targets.
    north = [a.goal_id for a in approved if a.trigger_id is not None]
    assert len(north) == 3
    in_force = definitions_in_force(north, dt.date(2026, 4, 30))
    assert in_force == {v.goal_id: v.definition
                        for v in GoalVersion.objects.filter(goal_id__in=north, number=1)}
    assert sorted(d["metrics"][0]["target"] for d in in_force.values()) == [
        "300.0000", "310.0000", "500.0000"]
    assert sorted(Metric.objects.filter(goal_id__in=north).values_list("target", flat=True),
                  key=str) == [Decimal("260"), Decimal("270"), Decimal("440")]  # 12 % less
    rejected = Adjustment.objects.get(status="rejected")
    assert rejected.goal.status == "active"
    assert rejected.goal.version == 1
    assert rejected.decision_note == "下调幅度超过订单量的实际降幅，维持原目标。"


def test_the_year_so_far_tells_a_story(demo: dict[str, int]) -> None:
    year = score_period(SYSTEM, Period.objects.get(code="2026"), as_of=AS_OF)
    half = score_period(SYSTEM, Period.objects.get(code="2026-H1"), as_of=AS_OF)
    scored = {p.person_id for p in year.people if p.score is not None} | {
        p.person_id for p in half.people if p.score is not None}
    active = set(Person.objects.filter(status=PersonStatus.ACTIVE).values_list("pk", flat=True))
    assert scored == active
    assert not any(p.unassigned for p in (*year.people, *half.people))
    statuses: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    north = set(Unit.objects.filter(code__startswith=plan.LAGGING_REGION).values_list(
        "pk", flat=True))
    unit_of = dict(Person.objects.values_list("pk", "unit_id"))
    for person in (*year.people, *half.people):
        for goal in person.goals:
            statuses[goal.paradigm][goal.progress.status] += 1
            if goal.title == "销售收入":
                region = "north" if unit_of[person.person_id] in north else "elsewhere"
                statuses[region][goal.progress.status] += 1
    assert statuses["kpi"] == {"on_track": 1169, "at_risk": 255, "off_track": 42}
    assert statuses["okr"] == {"on_track": 95, "at_risk": 63, "off_track": 8}
    assert statuses["project"] == {"on_track": 136, "at_risk": 30, "off_track": 12}
    assert statuses["north"] == {"on_track": 11, "at_risk": 19, "off_track": 2}
    assert statuses["elsewhere"] == {"on_track": 143, "at_risk": 19, "off_track": 5}
    # Most KPIs on track, some at risk, a few off track; North China mostly behind.
    kpi = statuses["kpi"]
    assert kpi[Status.ON_TRACK] > kpi[Status.AT_RISK] > kpi[Status.OFF_TRACK] > 0
    assert statuses["north"][Status.ON_TRACK] < statuses["north"][Status.AT_RISK]


def test_unit_and_company_figures_add_up_and_follow_the_series(demo: dict[str, int]) -> None:
    shanghai = Goal.objects.get(unit__code="HXS-EAST-SHANGHAI")
    members = Metric.objects.filter(goal__person__unit__code="HXS-EAST-SHANGHAI",
                                    goal__title="销售收入")
    own = shanghai.metrics.get()
    assert own.target == sum((m.target for m in members if m.target is not None), Decimal(0))
    june = dt.date(2026, 6, 30)
    assert own.measurements.get(on=june).value == sum(
        Measurement.objects.filter(metric__in=members, on=june).values_list("value", flat=True))
    scorecard = Goal.objects.get(company__code="HXG")
    assert sorted(scorecard.perspective_weights.items()) == [
        ("customer", "25"), ("financial", "40"), ("internal_process", "20"),
        ("learning_growth", "15")]
    assert collections.Counter(scorecard.metrics.values_list("perspective", flat=True)) == {
        "financial": 3, "customer": 2, "internal_process": 3, "learning_growth": 2}
    assert MetricLink.objects.filter(cause__goal=scorecard, effect__goal=scorecard).count() == 8
    csi = scorecard.metrics.get(name="客户满意度指数")
    assert list(csi.measurements.order_by("on").values_list("value", flat=True)) == list(
        SeriesPoint.objects.filter(series__code="customer-satisfaction", on__year=2026)
        .order_by("on").values_list("value", flat=True))


def test_goals_align_from_people_through_units_to_the_companies(demo: dict[str, int]) -> None:
    links = list(GoalAlignment.objects.select_related("child", "parent"))
    parents = collections.defaultdict(list)
    for link in links:
        parents[link.parent_id].append(link)
    for children in parents.values():  # shares in percent, each rounded to 0.01
        total = sum((link.contribution for link in children), Decimal(0))
        assert abs(total - 100) <= Decimal("0.005") * len(children) + Decimal("0.01")
    units = Goal.objects.filter(owner_kind="unit")
    assert {link.child_id for link in links if link.child.owner_kind == "unit"} == set(
        units.values_list("pk", flat=True))
    codes = dict(Goal.objects.filter(owner_kind="company").values_list("pk", "company__code"))
    companies = {(codes[link.child_id], codes[link.parent_id]) for link in links
                 if link.child.owner_kind == "company"}
    assert companies == {("HXS", "HXG"), ("HXI", "HXG")}
    revenue = {g.pk for g in Goal.objects.filter(title__endswith="销售收入")}
    for link in links:  # revenue adds up only into revenue
        if link.parent_id in revenue:
            assert link.child_id in revenue, link
    # Everyone's first goal, except assistants in sales branches, whose order accuracy cannot
    # count towards revenue (and stays inside their company).
    assert sum(link.child.owner_kind == "person" for link in links) == 510


def test_the_load_is_audited_once_and_happens_once(demo: dict[str, int]) -> None:
    entry = AuditEntry.objects.get(object_type="goals.demo")
    assert entry.action == Action.IMPORT
    assert entry.context["goals"] == demo["goals"]
    assert (entry.context["seed"], entry.context["detail"]) == (2026, "full")
    with pytest.raises(ServiceError, match="already has its goals"):
        goals_loader.load_goals_demo(actor=SYSTEM, seed=2026)
    assert AuditEntry.objects.filter(object_type="goals.demo").count() == 1


@pytest.mark.django_db
def test_goals_need_the_demo_group() -> None:
    with pytest.raises(ServiceError, match="Load the demo group first"):
        goals_loader.load_goals_demo(actor=SYSTEM, seed=2026)
    assert Goal.objects.count() == 0


def test_new_rows_get_fresh_ids_after_the_load(demo: dict[str, int]) -> None:
    # The rows carry their own ids: the database's sequences were moved past them.
    top = Goal.objects.order_by("-pk").first()
    scorecard = Goal.objects.get(company__code="HXG")
    assert top is not None
    added = Goal.objects.create(period=scorecard.period, paradigm="kpi", owner_kind="company",
                                company=scorecard.company, title="新目标")
    assert added.pk == top.pk + 1
    last_version = GoalVersion.objects.order_by("-pk").first()
    assert last_version is not None
    assert GoalVersion.objects.create(goal=added, number=1, effective_from=AS_OF,
                                      definition={}).pk == last_version.pk + 1


# --- loading from scratch, and the command --------------------------------------------------


# Committed loads, as on the command line: wiping (TRUNCATE on PostgreSQL) must not run in
# the transaction that inserted the rows.
@pytest.mark.django_db(transaction=True)
def test_reloading_after_a_wipe_gives_identical_rows() -> None:
    _load(size=300, seed=7)
    first = _db_digest()
    org_loader.wipe_demo_database()
    assert goals_loader.install_builtin_schemes(actor=SYSTEM) == 5
    _load(size=300, seed=7)
    assert _db_digest() == first
    org_loader.wipe_demo_database()
    _load(size=300, seed=8)  # installs the built-in schemes itself when they are missing
    assert _db_digest() != first


def sqlite_goals_digest(database: Path) -> str:
    """The goals tables of a demo database file, as one digest (tests/org/test_demo.py).

    Later demo layers (badges, insights …) notify people as they load, stamped with the real
    time of the load like every other change (and e-mailed after it); notifications are compared
    without those stamps."""
    def columns(model: type[models.Model]) -> str:
        if model is not Notification:
            return "*"
        return ", ".join(f.column for f in model._meta.concrete_fields
                         if f.name not in {"created_at", "emailed_at"})

    with sqlite3.connect(database) as db:
        tables = [(model._meta.db_table, db.execute(
            f"SELECT {columns(model)} FROM {model._meta.db_table} ORDER BY id").fetchall())  # noqa: S608
            for model, _ in goals_loader.TABLES]
    return _digest_rows(tables)


# Committed loads, as on the command line (see above).
@pytest.mark.django_db(transaction=True)
def test_demo_command_gives_a_group_its_goals_and_reinstalls_the_schemes_on_reset(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The goals' part of the command; the later layers have tests/core/test_demo_layers.py.
    monkeypatch.setattr(demo_command, "LAYERS", ())
    org_loader.load_demo(actor=SYSTEM, size=200, seed=3)  # loaded before the demo had goals
    out = io.StringIO()
    call_command("demo", "--no-serve", stdout=out)
    assert "already holds the demo group (200 people, seed 3)" in out.getvalue()
    assert "Loaded their goals for 2026" in out.getvalue()
    assert AuditEntry.objects.get(object_type="goals.demo").context["seed"] == 3
    out = io.StringIO()
    call_command("demo", "--no-serve", "--size", "200", "--reset", stdout=out)
    assert "Wiped the database." in out.getvalue()
    assert "Loaded their goals for 2026" in out.getvalue()
    assert sorted(Scheme.objects.values_list("code", flat=True)) == sorted(
        t["key"] for t in scheme_templates.TEMPLATES)
    assert Scheme.objects.get(is_default=True).code == "profit_centre"
    assert ExternalSeries.objects.count() == 3
    assert Goal.objects.filter(company__code="HXG").exists()


def test_the_demo_users_open_their_goal_pages(demo: dict[str, int], client: Client) -> None:
    employee = Person.objects.get(user__username="employee")
    margin = Goal.objects.get(person=employee, title="毛利率")
    client.force_login(User.objects.get(username="employee"))
    for url in (reverse("my_goals"), reverse("goal_detail", args=[margin.pk]),
                reverse("alignment_tree")):
        response = client.get(url)
        assert response.status_code == 200, url
    assert "毛利率" in client.get(reverse("my_goals")).content.decode()
    client.force_login(User.objects.get(username="manager"))
    for url in (reverse("team_goals"), reverse("adjustment_queue"),
                reverse("goal_detail", args=[margin.pk])):
        assert client.get(url).status_code == 200, url
    queue = client.get(reverse("adjustment_queue")).content.decode()
    assert "毛利率" in queue
    client.force_login(User.objects.get(username="hr_admin"))
    for url in (reverse("series_list"), reverse("adjustment_report"), reverse("scheme_list")):
        assert client.get(url).status_code == 200, url
