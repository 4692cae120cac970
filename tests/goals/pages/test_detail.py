"""A goal's page: definition, chart, points with the explanation, status with its rule, the
actions each role may take (values, ratings, survey answers, milestones, alignment, signals,
adjustments), the discussion banner and the history."""

from __future__ import annotations

from decimal import Decimal

from flexperf.goals import evaluation
from flexperf.goals.models import Adjustment, GoalAlignment, GoalStatus, Measurement
from flexperf.goals.services import series as series_services
from tests.goals import factories as f
from tests.goals.pages.conftest import Scored
from tests.pages.conftest import field_errors, page


def test_the_owner_sees_points_explanation_status_and_the_chart(scored: Scored) -> None:
    goal = scored.kpi1
    root = page(scored.org.org.client("employee").get(f"/goals/{goal.pk}/"))
    assert root.one("h1").text == "营业收入"
    assert root.one(id="points").one(data_points=True).text == "110.0"
    assert root.one(id="explanation").texts("li") == [
        "营业收入: Actual 110 is between target 100 and stretch 120: "
        "100 + (110 − 100) / (120 − 100) × 20 = 110.0 points."]
    verdict = evaluation.score_goal(scored.org.actor("employee"), goal).progress
    assert root.one(id="points").one("details", cls="status-rule").one("p").text == verdict.rule
    metric = goal.metrics.get()
    card = root.one("article", data_metric=str(metric.pk))
    chart = card.one("figure", data_chart=str(metric.pk))
    # Two values on two days, the expected path from the threshold to the target, the target.
    assert [c.one("title").text for c in chart.find_all("circle")] == [
        "2026-02-28: 95", "2026-03-31: 110"]
    assert len(chart.find_all("line", cls="chart-expected")) == 1
    assert len(chart.find_all("line", cls="chart-target")) == 1
    assert card.one("dd", data_latest=True).text == "110"
    # The owner records values; rating their own behaviour is not theirs to do.
    assert card.one("form").attrs["action"] == f"/goals/{goal.pk}/metrics/{metric.pk}/values/"
    behaviour = root_of_behaviour = page(scored.org.org.client("employee").get(
        f"/goals/{scored.behaviour1.pk}/"))
    assert root_of_behaviour.one("article", cls="metric-card").find_all("form") == []
    assert behaviour.one(id="definition-title").text == "Definition"


def test_recording_a_value_from_the_page_changes_the_points(scored: Scored) -> None:
    goal = scored.kpi1
    metric = goal.metrics.get()
    client = scored.org.org.client("employee")
    response = client.post(f"/goals/{goal.pk}/metrics/{metric.pk}/values/", {
        f"metric-{metric.pk}-on": "2026-04-30", f"metric-{metric.pk}-value": "120",
        f"metric-{metric.pk}-note": "April close"})
    assert response.status_code == 302
    assert response["Location"] == f"/goals/{goal.pk}/#metric-{metric.pk}"
    root = page(client.get(f"/goals/{goal.pk}/"))
    assert root.one(id="points").one(data_points=True).text == "120.0"
    assert root.one("p", cls="message-success").text == "The value was recorded."


def test_a_bad_value_comes_back_under_its_field_and_nothing_is_written(scored: Scored) -> None:
    goal = scored.kpi1
    metric = goal.metrics.get()
    count = Measurement.objects.count()
    client = scored.org.org.client("employee")
    root = page(client.post(f"/goals/{goal.pk}/metrics/{metric.pk}/values/", {
        f"metric-{metric.pk}-on": "2025-12-31", f"metric-{metric.pk}-value": "abc"}), 422)
    assert field_errors(root) == {
        f"metric-{metric.pk}-on": ["2025-12-31 is outside the period (2026-01-01 to "
                                   "2026-12-31)."],
        f"metric-{metric.pk}-value": ["'abc' is not a number."]}
    assert Measurement.objects.count() == count
    # The value typed is kept in the form shown again.
    assert root.one("input", name=f"metric-{metric.pk}-value").attrs["value"] == "abc"


def test_the_manager_rates_behaviour_and_the_owner_may_not(scored: Scored) -> None:
    goal = scored.behaviour1
    metric = goal.metrics.get()
    manager = scored.org.org.client("manager")
    card = page(manager.get(f"/goals/{goal.pk}/")).one("article", cls="metric-card")
    assert card.one("form").attrs["action"] == f"/goals/{goal.pk}/metrics/{metric.pk}/ratings/"
    data = {f"metric-{metric.pk}-on": "2026-06-30", f"metric-{metric.pk}-rating": "3"}
    assert manager.post(f"/goals/{goal.pk}/metrics/{metric.pk}/ratings/", data
                        ).status_code == 302
    # Ratings 5 and 3 by the same rater on two days: the mean 4 → (4 − 1) / 4 × 100 = 75.
    assert page(manager.get(f"/goals/{goal.pk}/")).one(id="points").one(
        data_points=True).text == "75.0"
    employee = scored.org.org.client("employee")
    assert employee.post(f"/goals/{goal.pk}/metrics/{metric.pk}/ratings/", data
                         ).status_code == 403


def test_an_internal_customer_answers_the_survey_from_the_page(scored: Scored) -> None:
    owner = scored.org.people["hrbp_p"]  # support function: KPI + service + behaviour
    goal = f.goal("service", person=owner, activate=True, title="HR 服务")
    sla, csat = goal.metrics.order_by("order")
    hr_admin = scored.org.org.client("hr_admin")
    card = page(hr_admin.get(f"/goals/{goal.pk}/")).one("article", data_metric=str(csat.pk))
    assert card.one("form", cls="survey-form").attrs["action"] == (
        f"/goals/{goal.pk}/metrics/{csat.pk}/survey/")
    response = hr_admin.post(f"/goals/{goal.pk}/metrics/{csat.pk}/survey/",
                             {f"metric-{csat.pk}-score": "4"})
    assert response.status_code == 302
    answer = Measurement.objects.get(metric=csat)
    assert (answer.value, answer.recorded_by_id) == (Decimal(4), scored.org.people[
        "hr_admin_p"].pk)
    # The owner answers no survey about themselves: no form on their page.
    own = page(scored.org.org.client("hrbp").get(f"/goals/{goal.pk}/"))
    assert own.find_all("form", cls="survey-form") == []
    assert sla.kind == "sla"


def test_accepting_a_milestone_and_a_date_outside_the_period(scored: Scored) -> None:
    engineer = scored.org.people["engineer"]  # innovation unit: reviewed by half year
    goal = f.goal("project", person=engineer, period_code="2026-H1", activate=True)
    first = goal.milestones.order_by("due").first()
    assert first is not None
    hr_admin = scored.org.org.client("hr_admin")
    url = f"/goals/{goal.pk}/milestones/{first.pk}/accept/"
    root = page(hr_admin.post(url, {f"milestone-{first.pk}-accepted_on": "2026-07-02"}), 422)
    assert field_errors(root) == {f"milestone-{first.pk}-accepted_on": [
        "2026-07-02 is outside the period (2026-01-01 to 2026-06-30)."]}
    assert hr_admin.post(url, {f"milestone-{first.pk}-accepted_on": first.due.isoformat()}
                         ).status_code == 302
    first.refresh_from_db()
    assert first.accepted_on == first.due
    # The engineer (the owner) sees the milestones but cannot accept them.
    own = page(scored.org.org.client("hr_admin").get(f"/goals/{goal.pk}/"))
    assert own.one(id="milestone-table").one("tr", data_milestone=str(first.pk)).one(
        cls="status").text == first.due.isoformat()


def test_aligning_to_a_unit_goal_and_unlinking(scored: Scored) -> None:
    unit_goal = f.unit_goal(scored.org.org.units["S"], title="销售事业部收入", activate=True)
    goal = scored.kpi1
    client = scored.org.org.client("employee")
    form = page(client.get(f"/goals/{goal.pk}/")).one(id="alignment").one(
        "form", action=f"/goals/{goal.pk}/parents/")
    assert [o.text for o in form.find_all("option")] == ["销售事业部收入 · 2026"]
    response = client.post(f"/goals/{goal.pk}/parents/", {
        "align-parent_id": str(unit_goal.pk), "align-contribution": "0"})
    assert field_errors(page(response, 422)) == {"align-contribution": ["Must be greater than 0."]}
    assert client.post(f"/goals/{goal.pk}/parents/", {
        "align-parent_id": str(unit_goal.pk), "align-contribution": "2"}).status_code == 302
    link = GoalAlignment.objects.get(child=goal)
    assert (link.parent_id, link.contribution) == (unit_goal.pk, Decimal(2))
    parents = page(client.get(f"/goals/{goal.pk}/")).one(id="parents")
    assert parents.one("a").text == "销售事业部收入"
    assert client.post(f"/goals/{goal.pk}/parents/{unit_goal.pk}/unlink/").status_code == 302
    assert not GoalAlignment.objects.filter(child=goal).exists()


def test_a_goal_under_discussion_shows_why_and_the_series_points(scored: Scored) -> None:
    goal = scored.kpi1
    system = f.SYSTEM
    series = series_services.create_series(actor=system, code="copper", name="铜价")
    series_services.create_signal_link(actor=system, goal_id=goal.pk, series_id=series.pk,
                                       plan_value=100, threshold_pct=10, consecutive_periods=2)
    series_services.load_points(actor=system, series_id=series.pk, points=[
        {"on": "2026-04-30", "value": "120"}, {"on": "2026-05-31", "value": "125"}])
    series_services.check_signals(actor=system)
    goal.refresh_from_db()
    assert goal.status == GoalStatus.UNDER_DISCUSSION
    root = page(scored.org.org.client("employee").get(f"/goals/{goal.pk}/"))
    banner = root.one(id="discussion")
    assert banner.texts("p")[1] == goal.discussion_reason
    assert goal.discussion_reason == ("铜价 120 / 125 vs plan 100: +20.0 %, +25.0 %, beyond 10 % "
                                      "for 2 periods in a row")
    signal = root.one(id="signals").one(cls="signal")
    assert signal.one("table").texts("td") == ["2026-04-30", "120", "2026-05-31", "125"]
    # The owner may propose an adjustment, citing the signal.
    options = root.one(id="adjust").one("select", name="adjust-trigger_id").texts("option")
    assert options == ["No signal", "铜价 (copper)"]


def test_propose_from_the_goal_page_and_see_it_in_the_history(scored: Scored) -> None:
    goal = scored.kpi1
    metric = goal.metrics.get()
    client = scored.org.org.client("employee")
    bad = page(client.post(f"/goals/{goal.pk}/adjustments/", {
        "adjust-kind": "change", f"adjust-m{metric.pk}_target": "130"}), 422)
    assert field_errors(bad) == {
        # The new target passes the stretch of 120: the stretch is what must move.
        f"adjust-m{metric.pk}_stretch": [
            "With higher-is-better the stretch must be above the target (120 ≤ 130)."],
        "adjust-reason": ["This field is required."],
        "adjust-evidence": ["This field is required."]}
    assert not Adjustment.objects.exists()
    response = client.post(f"/goals/{goal.pk}/adjustments/", {
        "adjust-kind": "change", f"adjust-m{metric.pk}_target": "105",
        "adjust-reason": "市场萎缩", "adjust-evidence": "行业报告 2026-05"})
    assert response.status_code == 302
    adjustment = Adjustment.objects.get()
    assert adjustment.changes == {"metrics": {str(metric.pk): {"target": "105.0000"}}}
    root = page(client.get(f"/goals/{goal.pk}/"))
    assert root.one("div", data_pending=str(adjustment.pk)).one("p").text == (
        f"Adjustment #{adjustment.pk} proposed by employee is waiting for approval by: "
        "Manager.")
    entry = root.one(id="history").one("article", data_adjustment=str(adjustment.pk))
    assert entry.one("ul", cls="changes").text == "营业收入 · target 100 → 105"
    assert root.find_all(id="adjust") == []  # one pending proposal at a time


def test_the_manager_activates_a_draft_from_its_page(scored: Scored) -> None:
    goal = scored.draft1
    employee_view = page(scored.org.org.client("employee").get(f"/goals/{goal.pk}/"))
    assert employee_view.find_all("form", action=f"/goals/{goal.pk}/activate/") == []
    assert employee_view.one("a", href=f"/goals/{goal.pk}/edit/").text == "Edit draft"
    manager = scored.org.org.client("manager")
    assert manager.post(f"/goals/{goal.pk}/activate/").status_code == 302
    goal.refresh_from_db()
    assert (goal.status, goal.version) == (GoalStatus.ACTIVE, 1)
    history = page(manager.get(f"/goals/{goal.pk}/")).one(id="versions")
    assert [td.text for td in history.one("tr", data_version="1").find_all("td")][:5] == [
        "1", goal.versions.get().effective_from.isoformat(), "Activated", "manager", "—"]


def test_goals_outside_the_scope_are_404_and_partners_get_403(scored: Scored) -> None:
    assert scored.org.org.client("employee").get(f"/goals/{scored.kpi2.pk}/").status_code == 404
    assert scored.org.org.client("employee").post(
        f"/goals/{scored.kpi2.pk}/activate/").status_code == 404
    assert scored.org.org.client("partner").get(f"/goals/{scored.kpi1.pk}/").status_code == 403
    assert scored.org.org.client("employee").get("/goals/999999/").status_code == 404
