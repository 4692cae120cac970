"""The adjustment queue (approve or reject from the page) and the period report with its CSV."""

from __future__ import annotations

import csv
import io

from django.utils import timezone

from flexperf.goals.models import Adjustment, AdjustmentStatus, GoalStatus
from flexperf.goals.services import adjustments as services
from flexperf.notifications.models import Notification
from tests.goals.pages.conftest import Scored
from tests.pages.conftest import field_errors, page


def _proposal(scored: Scored) -> Adjustment:
    metric = scored.kpi1.metrics.get()
    return services.propose_adjustment(
        actor=scored.org.actor("employee"), goal_id=scored.kpi1.pk, reason="市场萎缩",
        evidence="行业报告 2026-05", changes={"metrics": {str(metric.pk): {"target": "105"}}})


def test_the_manager_sees_the_proposal_with_old_and_new_values(scored: Scored) -> None:
    adjustment = _proposal(scored)
    root = page(scored.org.org.client("manager").get("/goals/adjustments/"))
    assert root.one(cls="result-count").text == "1 proposal waiting"
    item = root.one("article", data_adjustment=str(adjustment.pk))
    assert item.one("ul", cls="changes").text == "营业收入 · target 100 → 105"
    facts = dict(zip(item.texts("dt"), item.texts("dd"), strict=True))
    assert facts == {"Reason": "市场萎缩", "Evidence": "行业报告 2026-05"}
    assert item.one("a").attrs["href"] == f"/goals/{scored.kpi1.pk}/"
    # The nav shows the count to the approver.
    assert root.one("a", href="/goals/adjustments/").one(cls="nav-count").text == "(1 waiting)"
    # The proposer is not asked to decide their own proposal; an employee has no queue.
    assert scored.org.org.client("employee").get("/goals/adjustments/").status_code == 403


def test_approving_from_the_page_makes_a_new_version(scored: Scored) -> None:
    adjustment = _proposal(scored)
    client = scored.org.org.client("manager")
    response = client.post(f"/goals/adjustments/{adjustment.pk}/approve/", {
        f"approve-{adjustment.pk}-note": "同意", f"approve-{adjustment.pk}-effective_from": ""})
    assert response.status_code == 302
    adjustment.refresh_from_db()
    goal = scored.kpi1
    goal.refresh_from_db()
    assert (adjustment.status, adjustment.decided_by_username) == (AdjustmentStatus.APPROVED,
                                                                  "manager")
    assert (goal.version, goal.status, goal.metrics.get().target) == (2, GoalStatus.ACTIVE, 105)
    # Told: the proposer (the owner too) gets the decision.
    assert Notification.objects.filter(recipient=scored.org.org.users["employee"],
                                       kind="adjustment_decided").count() == 1
    history = page(client.get(f"/goals/{goal.pk}/")).one(id="versions")
    row = [td.text for td in history.one("tr", data_version="2").find_all("td")]
    assert row[0:2] == ["2", timezone.localdate().isoformat()]
    assert row[2].startswith("市场萎缩")
    assert row[3:5] == ["employee", "manager"]
    assert row[6] == "营业收入 · target 100 → 105"
    assert page(client.get("/goals/adjustments/")).one(cls="result-count").text == (
        "0 proposals waiting")


def test_rejecting_needs_a_note(scored: Scored) -> None:
    adjustment = _proposal(scored)
    client = scored.org.org.client("manager")
    url = f"/goals/adjustments/{adjustment.pk}/reject/"
    root = page(client.post(url, {f"reject-{adjustment.pk}-note": ""}), 422)
    assert field_errors(root) == {f"reject-{adjustment.pk}-note": ["This field is required."]}
    adjustment.refresh_from_db()
    assert adjustment.status == AdjustmentStatus.PENDING
    assert client.post(url, {f"reject-{adjustment.pk}-note": "目标不变"}).status_code == 302
    adjustment.refresh_from_db()
    assert (adjustment.status, adjustment.decision_note) == (AdjustmentStatus.REJECTED, "目标不变")


def test_the_proposer_takes_a_proposal_back(scored: Scored) -> None:
    adjustment = _proposal(scored)
    client = scored.org.org.client("employee")
    assert client.post(f"/goals/adjustments/{adjustment.pk}/cancel/").status_code == 302
    adjustment.refresh_from_db()
    assert adjustment.status == AdjustmentStatus.CANCELLED
    # Someone else's proposal: not theirs to take back.
    other = _proposal(scored)
    assert scored.org.org.client("manager").post(
        f"/goals/adjustments/{other.pk}/cancel/").status_code == 403


def test_the_period_report_and_its_csv(scored: Scored) -> None:
    adjustment = _proposal(scored)
    client = scored.org.org.client("hr_admin")
    root = page(client.get("/goals/adjustments/report/?period=2026"))
    row = root.one(id="report").one("tr", data_adjustment=str(adjustment.pk))
    cells = row.find_all("td")
    assert cells[1].one("a").text == "营业收入"
    assert cells[2].one("span", cls="badge").text == "Pending"
    assert cells[3].text == "营业收入 · target 100 → 105"
    response = client.get("/goals/adjustments/report/?period=2026&format=csv")
    assert response["Content-Disposition"] == 'attachment; filename="adjustments-2026.csv"'
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [(r["adjustment"], r["goal_title"], r["status"], r["changes"]) for r in rows] == [
        (str(adjustment.pk), "营业收入", "pending", "营业收入 · target: 100 → 105")]
    assert scored.org.org.client("employee").get(
        "/goals/adjustments/report/").status_code == 403
