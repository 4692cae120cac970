"""The dynamic-goals API: series, points (bulk JSON and CSV), signal links, adjustments (queue,
propose, approve, reject, cancel), history and the period report. The router is mounted here
on its own API until flexperf/api.py registers it; the error handlers are the real ones."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import path
from django.utils import timezone
from ninja import NinjaAPI

from flexperf.accounts.api_auth import SessionActorAuth, TokenAuth
from flexperf.api import api as main_api
from flexperf.goals.api.dynamic import router
from flexperf.goals.models import Adjustment, ExternalSeries, Goal, SeriesPoint
from tests.goals import factories as f
from tests.goals.conftest import GoalOrg

test_api = NinjaAPI(auth=[TokenAuth(), SessionActorAuth()], urls_namespace="dynamic-test")
test_api.add_router("", router)
for exception, handler in main_api._exception_handlers.items():
    test_api.add_exception_handler(exception, handler)
urlpatterns = [path("api/v1/", test_api.urls)]

pytestmark = pytest.mark.urls(__name__)
YEAR = str(timezone.localdate().year)


def post(client: Client, url: str, body: Any = None) -> Any:
    return client.post(url, body if body is not None else {}, content_type="application/json")


def copper(goal_org: GoalOrg) -> int:
    response = post(goal_org.org.client("hr_admin"), "/api/v1/series",
                    {"code": "copper", "name": "Copper price", "unit_label": "USD/t"})
    assert response.status_code == 201
    return int(response.json()["id"])


def revenue_goal(goal_org: GoalOrg) -> Goal:
    return f.kpi_goal(goal_org.people["rep1"], period_code=YEAR, title="营业收入",
                      activate=True)


# --- series --------------------------------------------------------------------------------


def test_hr_admin_creates_a_series_others_get_403_and_bad_bodies_422(goal_org: GoalOrg) -> None:
    series_id = copper(goal_org)
    assert ExternalSeries.objects.get().pk == series_id
    forbidden = post(goal_org.org.client("manager"), "/api/v1/series",
                     {"code": "x", "name": "X"})
    assert forbidden.status_code == 403
    bad = post(goal_org.org.client("hr_admin"), "/api/v1/series",
               {"code": "copper", "name": "Again", "frequency": "weekly"})
    assert bad.status_code == 422
    assert [d["field"] for d in bad.json()["detail"]] == ["frequency"]
    duplicate = post(goal_org.org.client("hr_admin"), "/api/v1/series",
                     {"code": "copper", "name": "Again"})
    assert duplicate.json()["detail"][0]["field"] == "code"


def test_bulk_points_load_idempotently_and_read_back_oldest_first(goal_org: GoalOrg) -> None:
    series_id = copper(goal_org)
    hr = goal_org.org.client("hr_admin")
    points = [{"on": "2026-02-28", "value": 8510}, {"on": "2026-01-31", "value": 8420.5}]
    url = f"/api/v1/series/{series_id}/points"
    assert post(hr, url, points).json() == {"created": 2, "updated": 0, "unchanged": 0}
    assert post(hr, url, points).json() == {"created": 0, "updated": 0, "unchanged": 2}
    read = goal_org.org.client("employee").get(url).json()
    assert read["count"] == 2
    assert [(p["on"], p["value"]) for p in read["items"]] == [
        ("2026-01-31", "8420.5000"), ("2026-02-28", "8510.0000")]
    since = goal_org.org.client("employee").get(url + "?since=2026-02-01").json()
    assert [p["on"] for p in since["items"]] == ["2026-02-28"]


def test_bad_points_answer_422_naming_the_item_and_write_nothing(goal_org: GoalOrg) -> None:
    series_id = copper(goal_org)
    hr = goal_org.org.client("hr_admin")
    url = f"/api/v1/series/{series_id}/points"
    malformed = post(hr, url, [{"on": "2026-01-31", "value": 1}, {"on": "soon", "value": 2}])
    assert malformed.status_code == 422
    assert [d["field"] for d in malformed.json()["detail"]] == ["1.on"]
    twice = post(hr, url, [{"on": "2026-01-31", "value": 1}, {"on": "2026-01-31", "value": 2}])
    assert twice.status_code == 422
    assert twice.json()["detail"][0]["field"] == "1.on"
    assert SeriesPoint.objects.count() == 0
    assert post(goal_org.org.client("manager"), url, [{"on": "2026-01-31", "value": 1}]
                ).status_code == 403


def test_partners_see_no_series(goal_org: GoalOrg) -> None:
    series_id = copper(goal_org)
    partner = goal_org.org.client("partner")
    assert partner.get("/api/v1/series").json()["count"] == 0
    assert partner.get(f"/api/v1/series/{series_id}").status_code == 404


def test_a_csv_upload_reports_counts_or_rows_with_problems(goal_org: GoalOrg) -> None:
    copper(goal_org)
    hr = goal_org.org.client("hr_admin")
    good = hr.post("/api/v1/series/import", {"file": SimpleUploadedFile(
        "copper.csv", b"date,value\n2026-01-31,8420\n2026-02-28,8510\n"), "series": "copper"})
    assert good.status_code == 200
    assert good.json() == {"ok": True, "rows": 2, "problems": [], "counts": {
        "copper": {"created": 2, "updated": 0, "unchanged": 0}}}
    bad = hr.post("/api/v1/series/import", {"file": SimpleUploadedFile(
        "copper.csv", b"series,date,value\ncopper,2026-03-31,8600\ngold,2026-03-31,1\n")})
    assert bad.status_code == 422
    assert bad.json()["problems"] == [
        {"row": 3, "column": "series", "message": "No series with code gold."}]
    assert SeriesPoint.objects.count() == 2


# --- signal links --------------------------------------------------------------------------


def test_a_manager_links_a_goal_and_loading_points_puts_it_under_discussion(
    goal_org: GoalOrg, django_capture_on_commit_callbacks: Any,
) -> None:
    series_id = copper(goal_org)
    goal = revenue_goal(goal_org)
    body = {"goal_id": goal.pk, "series_id": series_id, "plan_value": 7000,
            "threshold_pct": 15, "consecutive_periods": 2}
    assert post(goal_org.org.client("employee"), "/api/v1/signal-links", body
                ).status_code == 403
    created = post(goal_org.org.client("manager"), "/api/v1/signal-links", body)
    assert created.status_code == 201
    link = created.json()
    assert (link["series_code"], link["plan_value"], link["active"]) == (
        "copper", "7000.0000", True)
    with django_capture_on_commit_callbacks(execute=True):
        post(goal_org.org.client("hr_admin"), f"/api/v1/series/{series_id}/points",
             [{"on": "2026-01-31", "value": 8420}, {"on": "2026-02-28", "value": 8510}])
    goal.refresh_from_db()
    assert goal.status == "under_discussion"
    mine = goal_org.org.client("employee").get(f"/api/v1/signal-links?goal={goal.pk}").json()
    assert [(x["id"], x["series_code"], x["last_fired_on"]) for x in mine["items"]] == [
        (link["id"], "copper", "2026-02-28")]
    off = post(goal_org.org.client("manager"), f"/api/v1/signal-links/{link['id']}/deactivate")
    assert off.json()["active"] is False
    bad = post(goal_org.org.client("manager"), "/api/v1/signal-links", body | {
        "threshold_pct": 0, "consecutive_periods": 99})
    assert sorted(d["field"] for d in bad.json()["detail"]) == ["consecutive_periods",
                                                                "threshold_pct"]


# --- adjustments ---------------------------------------------------------------------------


def test_propose_queue_approve_and_read_the_history(goal_org: GoalOrg) -> None:
    goal = revenue_goal(goal_org)
    metric_id = goal.metrics.get().pk
    employee, manager = goal_org.org.client("employee"), goal_org.org.client("manager")
    proposed = post(employee, f"/api/v1/goals/{goal.pk}/adjustments", {
        "changes": {"metrics": {str(metric_id): {"target": 110}}, "weight": 2},
        "reason": "A new competitor", "evidence": "Market report"})
    assert proposed.status_code == 201
    adjustment = proposed.json()
    assert (adjustment["status"], adjustment["approver_role"], adjustment["can_decide"],
            adjustment["can_cancel"]) == ("pending", "manager", False, True)
    assert [(c["field"], c["old"], c["new"]) for c in adjustment["changes"]] == [
        ("weight", "1.00", "2.00"), (f"metrics.{metric_id}.target", "100.0000", "110.0000")]
    queue = manager.get("/api/v1/adjustments/queue").json()
    assert [(a["id"], a["can_decide"]) for a in queue] == [(adjustment["id"], True)]
    assert employee.get("/api/v1/adjustments/queue").json() == []
    url = f"/api/v1/adjustments/{adjustment['id']}"
    assert post(employee, url + "/approve").status_code == 403
    approved = post(manager, url + "/approve", {"note": "ok"})
    assert approved.status_code == 200
    assert (approved.json()["status"], approved.json()["version"]) == ("approved", 2)
    history = employee.get(f"/api/v1/goals/{goal.pk}/history").json()
    assert (history["version"], history["status"]) == (2, "active")
    assert [(v["number"], v["approved_by"], v["adjustment_id"]) for v in history["versions"]
            ] == [(1, "", None), (2, "manager", adjustment["id"])]
    assert [(c["field"], c["old"], c["new"]) for c in history["versions"][1]["changes"]] == [
        ("weight", "1.00", "2.00"), (f"metrics.{metric_id}.target", "100.0000", "110.0000")]
    assert [a["id"] for a in history["adjustments"]] == [adjustment["id"]]


def test_a_proposal_with_bad_values_answers_422_naming_each_field(goal_org: GoalOrg) -> None:
    goal = revenue_goal(goal_org)
    metric_id = goal.metrics.get().pk
    response = post(goal_org.org.client("employee"), f"/api/v1/goals/{goal.pk}/adjustments", {
        "changes": {"metrics": {str(metric_id): {"threshold": 150}}},
        "reason": "", "evidence": "x"})
    assert response.status_code == 422
    assert [d["field"] for d in response.json()["detail"]] == [
        "reason", f"changes.metrics.{metric_id}.threshold"]
    typo = post(goal_org.org.client("employee"), f"/api/v1/goals/{goal.pk}/adjustments", {
        "changes": {"metrics": {str(metric_id): {"taget": 150}}}, "reason": "r",
        "evidence": "x"})
    assert typo.status_code == 422
    assert typo.json()["detail"][0]["field"] == f"changes.metrics.{metric_id}.taget"
    assert Adjustment.objects.count() == 0


def test_reject_needs_a_note_and_cancel_is_for_the_proposer(goal_org: GoalOrg) -> None:
    goal = revenue_goal(goal_org)
    employee, manager = goal_org.org.client("employee"), goal_org.org.client("manager")
    first = post(employee, f"/api/v1/goals/{goal.pk}/adjustments", {
        "kind": "withdraw", "reason": "r", "evidence": "e"}).json()
    url = f"/api/v1/adjustments/{first['id']}"
    assert post(manager, url + "/reject", {"note": ""}).status_code == 422
    rejected = post(manager, url + "/reject", {"note": "Keep going"}).json()
    assert (rejected["status"], rejected["decision_note"]) == ("rejected", "Keep going")
    second = post(employee, f"/api/v1/goals/{goal.pk}/adjustments", {
        "kind": "withdraw", "reason": "r", "evidence": "e"}).json()
    assert post(manager, f"/api/v1/adjustments/{second['id']}/cancel").status_code == 403
    cancelled = post(employee, f"/api/v1/adjustments/{second['id']}/cancel")
    assert cancelled.json()["status"] == "cancelled"


def test_adjustments_of_goals_you_cannot_see_are_404(goal_org: GoalOrg) -> None:
    other = f.okr_goal(goal_org.people["engineer"], period_code="2026-H2", activate=True)
    hr = goal_org.org.client("hr_admin")
    made = post(hr, f"/api/v1/goals/{other.pk}/adjustments",
                {"kind": "withdraw", "reason": "r", "evidence": "e"}).json()
    manager = goal_org.org.client("manager")
    assert manager.get(f"/api/v1/adjustments/{made['id']}").status_code == 404
    assert post(manager, f"/api/v1/adjustments/{made['id']}/approve").status_code == 404
    assert manager.get(f"/api/v1/goals/{other.pk}/history").status_code == 404
    assert post(manager, f"/api/v1/goals/{other.pk}/adjustments",
                {"kind": "withdraw", "reason": "r", "evidence": "e"}).status_code == 404


def test_the_period_report_as_json_and_csv(goal_org: GoalOrg) -> None:
    goal = revenue_goal(goal_org)
    post(goal_org.org.client("employee"), f"/api/v1/goals/{goal.pk}/adjustments",
         {"changes": {"weight": 3}, "reason": "r", "evidence": "e"})
    hr = goal_org.org.client("hr_admin")
    rows = hr.get(f"/api/v1/adjustments/report?period={YEAR}").json()
    assert [(r["owner"], r["period"], r["goal_title"], r["status"]) for r in rows] == [
        ("林小雨", YEAR, "营业收入", "pending")]
    download = hr.get(f"/api/v1/adjustments/report?period={YEAR}&format=csv")
    assert download["Content-Type"] == "text/csv"
    assert download["Content-Disposition"] == f'attachment; filename="adjustments-{YEAR}.csv"'
    table = list(csv.DictReader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert [(r["owner"], r["changes"]) for r in table] == [("林小雨", "Weight: 1 → 3")]
    assert goal_org.org.client("employee").get(
        f"/api/v1/adjustments/report?period={YEAR}").status_code == 403
    wrong = hr.get("/api/v1/adjustments/report?period=someday")
    assert wrong.status_code == 422
    assert wrong.json()["detail"][0]["field"] == "period"


def test_the_schema_documents_every_dynamic_goals_endpoint(goal_org: GoalOrg) -> None:
    paths = test_api.get_openapi_schema()["paths"]
    expected = {
        "/api/v1/series": {"get", "post"}, "/api/v1/series/{series_id}": {"get"},
        "/api/v1/series/{series_id}/points": {"get", "post"},
        "/api/v1/series/import": {"post"},
        "/api/v1/signal-links": {"get", "post"},
        "/api/v1/signal-links/{link_id}/deactivate": {"post"},
        "/api/v1/goals/{goal_id}/adjustments": {"post"},
        "/api/v1/goals/{goal_id}/history": {"get"},
        "/api/v1/adjustments/queue": {"get"}, "/api/v1/adjustments/report": {"get"},
        "/api/v1/adjustments/{adjustment_id}": {"get"},
        "/api/v1/adjustments/{adjustment_id}/approve": {"post"},
        "/api/v1/adjustments/{adjustment_id}/reject": {"post"},
        "/api/v1/adjustments/{adjustment_id}/cancel": {"post"},
    }
    for url, methods in expected.items():
        assert methods <= set(paths[url]), url
