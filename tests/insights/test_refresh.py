"""The refresh: one open insight per kind and subject (updated, never duplicated), a decided one
not raised again for follow_up_weeks, the manager told once, InsightRaised once; the follow-up
measures the risk again and the outcomes per type come out exact; refresh_insights end to end
over real ingested events (predictions replaced by fixed numbers)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from types import SimpleNamespace
from typing import Any

import polars as pl
import pytest

from flexperf.core.events import subscribe, unsubscribe_all
from flexperf.insights import selectors, services
from flexperf.insights.events import InsightRaised
from flexperf.insights.models import Insight, Status
from flexperf.insights.rules import Finding, Kind, Reason
from flexperf.insights.services import refresh
from flexperf.notifications.models import Notification
from flexperf.predictions.types import Prediction
from flexperf.predictions.types import Reason as ModelReason
from tests import factories as f
from tests.conftest import SmallOrg
from tests.insights.conftest import AS_OF, attrition_finding, overload_finding, raise_findings
from tests.insights.frames import frame, weeks_of


@pytest.fixture
def raised() -> Iterator[list[InsightRaised]]:
    seen: list[InsightRaised] = []
    subscribe(InsightRaised)(seen.append)
    yield seen
    unsubscribe_all(InsightRaised)


def test_upsert_updates_the_open_insight_and_snoozes_a_decided_one(
        small_org: SmallOrg, raised: list[InsightRaised],
        django_capture_on_commit_callbacks: Callable[..., Any]) -> None:
    rep1 = small_org.people["rep1"]
    with django_capture_on_commit_callbacks(execute=True):
        assert raise_findings([overload_finding(rep1, 56.0)]) == (1, 0)
        assert raise_findings([overload_finding(rep1, 58.0)],
                              AS_OF + dt.timedelta(days=1)) == (0, 1)
    [insight] = Insight.objects.all()
    assert insight.reasons[1]["params"]["hours"] == 58.0  # the latest numbers
    assert insight.metric_at_raise == 56.0                 # the risk when it was raised
    assert (insight.raised_on, insight.last_seen_on) == (AS_OF, AS_OF + dt.timedelta(days=1))
    assert insight.audience_id == small_org.people["sales_head"].pk
    assert [(e.kind, e.subject_person_id) for e in raised] == [("overload", rep1.pk)]
    told = Notification.objects.filter(kind="insights.overload")
    assert [n.recipient.username for n in told] == ["manager"]  # once, to her manager
    assert told[0].url == f"/insights/{insight.pk}/"

    services.dismiss(actor=f.actor(small_org.users["manager"]), insight_id=insight.pk,
                     reason="项目收尾")
    # within follow_up_weeks (4) of being raised: not raised again
    with django_capture_on_commit_callbacks(execute=True):
        assert raise_findings([overload_finding(rep1)], AS_OF + dt.timedelta(weeks=3)) == (0, 0)
        assert raise_findings([overload_finding(rep1)], AS_OF + dt.timedelta(weeks=4)) == (1, 0)
    assert list(Insight.objects.order_by("pk").values_list("status", flat=True)) == [
        Status.DISMISSED, Status.OPEN]
    assert len(raised) == 2


def test_team_insight_goes_to_the_manager_most_members_report_to(small_org: SmallOrg) -> None:
    se = small_org.units["SE"]
    raise_findings([Finding(Kind.TEAM_LAGGING, unit_id=se.pk, metric=0.5, reasons=(
        Reason("team_lagging_weeks", {"weeks": 3, "until": "2026-06-22"}),))])
    [insight] = Insight.objects.all()
    assert insight.audience_id == small_org.people["sales_head"].pk
    assert insight.subject_person_id is None


def _frame_from(rows: pl.DataFrame):  # type: ignore[no-untyped-def]
    def person_week_frame(person_ids: Sequence[int] | None, start: dt.date, end: dt.date
                          ) -> pl.DataFrame:
        picked = rows.filter((pl.col("week_start") >= start) & (pl.col("week_start") <= end))
        if person_ids is not None:
            picked = picked.filter(pl.col("person_id").is_in(list(person_ids)))
        return picked
    return person_week_frame


def test_follow_up_and_outcomes_exact(small_org: SmallOrg, monkeypatch: pytest.MonkeyPatch
                                      ) -> None:
    p = small_org.people
    manager = f.actor(small_org.users["manager"])
    raise_findings([overload_finding(p["rep1"], 56.0), overload_finding(p["rep2"], 54.0),
                    attrition_finding(p["rep2"], 0.6)])
    by_key = {i.key: i for i in Insight.objects.all()}
    rep1 = by_key[f"overload:person:{p['rep1'].pk}"]
    rep2 = by_key[f"overload:person:{p['rep2'].pk}"]
    services.act(actor=manager, insight_id=rep1.pk, action="rebalance")
    services.dismiss(actor=manager, insight_id=rep2.pk, reason="忙季")

    # four weeks later (follow-up day 28 July; the last complete week starts 20 July)
    follow = AS_OF + dt.timedelta(weeks=4)
    later = weeks_of(p["rep1"].pk, p["rep1"].unit_id, 4, hours=44.0)
    later += weeks_of(p["rep2"].pk, p["rep2"].unit_id, 4, hours=57.0)
    shifted = frame(later).with_columns(pl.col("week_start") + pl.duration(weeks=4))
    monkeypatch.setattr(refresh, "person_week_frame", _frame_from(shifted))
    monkeypatch.setattr(refresh, "predictions_service", lambda: SimpleNamespace(
        score_attrition=lambda ids, on: {p["rep2"].pk: Prediction(0.45, "medium", (), "a1")}))

    assert services.follow_up_due(actor=f.SYSTEM, as_of=follow - dt.timedelta(days=1)) == 0
    assert services.follow_up_due(actor=f.SYSTEM, as_of=follow) == 3
    assert services.follow_up_due(actor=f.SYSTEM, as_of=follow) == 0  # measured once
    got = {i.key: (i.metric_at_raise, i.metric_at_follow_up) for i in Insight.objects.all()}
    assert got == {rep1.key: (56.0, 44.0), rep2.key: (54.0, 57.0),
                   f"attrition_risk:person:{p['rep2'].pk}": (0.6, 0.45)}

    [overload, attrition] = selectors.outcomes(f.actor(small_org.users["hr_admin"]))
    assert (overload.outcome.kind, overload.outcome.acted, overload.outcome.not_acted) == (
        "overload", 1, 1)
    assert overload.outcome.mean_change_acted == -12.0
    assert overload.outcome.mean_change_not_acted == 3.0
    assert overload.outcome.difference == -15.0
    assert attrition.outcome.mean_change_not_acted == pytest.approx(-0.15)
    body = small_org.client("manager").get("/api/v1/insights/outcomes").json()
    assert [(r["kind"], r["acted"], r["not_acted"], r["mean_change_acted"],
             r["mean_change_not_acted"]) for r in body] == [
        ("overload", 1, 1, -12.0, 3.0),
        ("attrition_risk", 0, 1, None, pytest.approx(-0.15))]
    html = small_org.client("manager").get("/insights/outcomes/").content.decode()
    assert "-12" in html
    assert "<svg" in html


def _event(n: int, person: str, day: dt.date, hours: float) -> dict[str, object]:
    return {"external_id": f"W-{n}", "kind": "task_completed", "person": person,
            "occurred_at": f"{day.isoformat()}T10:00:00+08:00", "hours": hours,
            "due_on": day.isoformat(), "done_on": day.isoformat()}


def test_refresh_insights_end_to_end(small_org: SmallOrg, monkeypatch: pytest.MonkeyPatch
                                     ) -> None:
    from flexperf.signals.services import ingestion
    from flexperf.signals.services.sources import create_source

    p = small_org.people
    create_source(actor=f.SYSTEM, code="jira", name="Jira", kind="tracker", enabled=True)
    rows = []
    for i in range(4):  # the four weeks to Monday 22 June: 55 h (rep1), 40 h (rep2)
        monday = dt.date(2026, 6, 22) - dt.timedelta(weeks=i)
        rows.append(_event(2 * i, p["rep1"].employee_number, monday, 55.0))
        rows.append(_event(2 * i + 1, p["rep2"].employee_number, monday, 40.0))
    ingestion.ingest(actor=f.SYSTEM, source="jira", rows=list(enumerate(rows, 1)),
                     via="bulk_api", refresh=False)
    why = (ModelReason("hours", "Weekly hours", 0.4, 55.0),)
    monkeypatch.setattr(refresh, "predictions_service", lambda: SimpleNamespace(
        score_attrition=lambda ids, on: {p["rep1"].pk: Prediction(0.3, "medium", why, "a1"),
                                         p["rep2"].pk: Prediction(0.1, "low", (), "a1")},
        score_project_delay=lambda ids, on: {},
        score_target_miss=lambda ids, on: {}))
    report = services.refresh_insights(actor=f.SYSTEM, as_of=AS_OF)
    assert report.weeks_refreshed == 8  # the longest window any rule reads (the drought's)
    # nobody gave or received feedback: each of the 10 current people gets a nudge
    assert (report.insights_created, report.insights_updated) == (12, 0)
    assert {k: v for k, v in report.by_type.items() if v} == {
        "overload": 1, "attrition_risk": 1, "feedback_drought": 10}
    overload = Insight.objects.get(kind="overload")
    assert overload.subject_person_id == p["rep1"].pk
    assert overload.reasons[1]["params"] == {"hours": 55.0, "max": 55.0, "threshold": 50.0}
    attrition = Insight.objects.get(kind="attrition_risk")
    assert (attrition.probability, attrition.band) == (0.3, "medium")  # medium + overloaded
    assert attrition.model_reasons == [{"feature": "hours", "label": "Weekly hours",
                                        "contribution": 0.4, "value": 55.0}]
    told = sorted(Notification.objects.filter(recipient__username="manager")
                  .values_list("kind", flat=True))
    # her two reports' nudges and her own, rep1's overload and attrition risk
    assert told == ["insights.attrition_risk", "insights.feedback_drought",
                    "insights.feedback_drought", "insights.feedback_drought",
                    "insights.overload"]
    # the nudge also goes to the person (never the attrition risk)
    assert sorted(Notification.objects.filter(recipient__username="employee")
                  .values_list("kind", flat=True)) == ["insights.feedback_drought"]

    again = services.refresh_insights(actor=f.SYSTEM, as_of=AS_OF)
    assert (again.insights_created, again.insights_updated) == (0, 12)
    assert Notification.objects.filter(recipient__username="manager").count() == 5

    client = small_org.client("hr_admin")
    response = client.post("/api/v1/insights/refresh", {"as_of": "2026-06-30"},
                           content_type="application/json")
    assert response.status_code == 200
    assert response.json()["insights_updated"] == 12


def test_target_miss_only_for_goals_not_on_track(small_org: SmallOrg,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """The target-miss model is asked only about KPI goals the goals domain itself judges at
    risk or off track (here: 360 of 1,200 at mid-year), not about one on track (660)."""
    from decimal import Decimal

    from flexperf.goals.models import Goal, Measurement, Metric, Period
    from flexperf.insights.rules import RuleSettings

    rep1 = small_org.people["rep1"]
    period = Period.objects.create(code="2026", kind="year", start=dt.date(2026, 1, 1),
                                   end=dt.date(2026, 12, 31))
    goals = {}
    for name, monthly in (("ahead", 110), ("behind", 60)):
        goal = Goal.objects.create(period=period, paradigm="kpi", owner_kind="person",
                                   person=rep1, title=name, status="active")
        metric = Metric.objects.create(goal=goal, kind="kpi", name="Revenue",
                                       target=Decimal(1200), aggregation="sum")
        Measurement.objects.bulk_create(
            Measurement(metric=metric, on=dt.date(2026, m, 28), value=Decimal(monthly))
            for m in range(1, 7))
        goals[name] = goal.pk
    asked: list[list[int]] = []

    def miss(ids: Sequence[int], on: dt.date) -> dict[int, Prediction]:
        asked.append(list(ids))
        return {i: Prediction(0.9, "high", (), "tm") for i in ids}

    monkeypatch.setattr(refresh, "predictions_service", lambda: SimpleNamespace(
        score_attrition=lambda ids, on: {}, score_project_delay=lambda ids, on: {},
        score_target_miss=miss))
    found = refresh._model_findings({rep1.pk: rep1.unit_id}, {}, AS_OF, RuleSettings())
    assert asked == [[goals["behind"]]]
    assert [(f.kind, f.goal_id) for f in found] == [(Kind.TARGET_MISS, goals["behind"])]
