"""My goals and a colleague's goals: component cards with their weight and pay-linked flag,
each goal's points and status, the score and rating so far with the engine's explanation."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.test import Client

from flexperf.audit.models import AuditEntry
from flexperf.goals import evaluation
from flexperf.goals.selectors.goals import period_by_code
from tests.goals import factories as f
from tests.goals.conftest import GoalOrg
from tests.goals.pages.conftest import Scored
from tests.pages.conftest import page


def test_the_employee_sees_their_score_rating_and_how_it_is_worked_out(scored: Scored) -> None:
    root = page(scored.org.org.client("employee").get("/goals/"))
    assert root.one("h1").text == "My goals"
    assert root.one(id="scheme-line").text == (
        "Measured by the scheme Profit centre · the group default")
    score = root.one(id="score")
    assert score.one(data_score=True).text == "107.0"
    assert score.one(data_rating=True).text == "A"
    assert score.texts("li") == [
        "Component 'Business KPIs' (weight 70): weighted mean of 1 scored goal = 110.0 points.",
        "Component 'Behaviour and competency' (weight 30): weighted mean of 1 scored goal = "
        "100.0 points.",
        "Score = (70 × 110.0 + 30 × 100.0) / 100 = 107.0 → rating A (from 100).",
    ]
    assert root.find_all(id="flags") == []


def test_cards_per_component_with_weight_pay_link_and_each_goals_points(scored: Scored) -> None:
    root = page(scored.org.org.client("employee").get("/goals/?period=2026"))
    cards = root.find_all("section", cls="component-card")
    assert [c.attrs["data-component"] for c in cards] == ["kpi", "behaviour"]
    kpi, behaviour = cards
    assert kpi.one("h2").text == "Business KPIs"
    assert kpi.one(cls="component-meta").text == "KPI weight 70 Pay-linked"
    assert kpi.one("p", cls="component-points").text == "110.0"
    rows = kpi.find_all("li", cls="goal-row")
    assert [r.one(cls="goal-title").text for r in rows] == ["营业收入", "新客户数 Draft"]
    assert [r.one(cls="goal-points").text for r in rows] == ["110.0", "—"]
    assert rows[0].one(cls="progress-line").attrs["data-status"] == "on_track"
    assert rows[0].one("a").attrs["href"] == f"/goals/{scored.kpi1.pk}/"
    assert "Draft: not scored until it is activated." in rows[1].text
    assert behaviour.one("p", cls="component-points").text == "100.0"


def test_the_status_rule_is_shown_on_hover_and_when_expanded(scored: Scored) -> None:
    root = page(scored.org.org.client("employee").get("/goals/"))
    row = root.one("li", data_goal=str(scored.kpi1.pk))
    period = period_by_code("2026")
    assert period is not None
    verdict = evaluation.score_goal(scored.org.actor("employee"), scored.kpi1).progress
    rule = row.one("details", cls="status-rule")
    assert rule.one("summary").attrs["title"] == verdict.rule
    assert rule.one("p").text == verdict.rule
    assert rule.one(cls="status").text == "On track"


def test_a_missing_component_is_flagged_on_the_managers_view_of_a_report(scored: Scored) -> None:
    rep2 = scored.org.people["rep2"]
    root = page(scored.org.org.client("manager").get(f"/goals/people/{rep2.pk}/"))
    assert root.one("h1").text == "Goals of 赵磊"
    assert root.one(id="score").one(data_score=True).text == "80.0"
    assert root.one(id="flags").texts("p") == [
        "Component 'Behaviour and competency' has no scored goals: left out of the score."]
    behaviour = root.one("section", data_component="behaviour")
    assert "is-flagged" in behaviour.classes()
    assert behaviour.one(cls="flag-note").text.startswith("No scored goals yet")
    # A manager may set goals for the report: one button per paradigm of the scheme.
    buttons = root.one(cls="new-goal").find_all("a")
    assert [b.attrs["href"] for b in buttons] == [
        f"/goals/new/?paradigm=kpi&person={rep2.pk}&period=2026",
        f"/goals/new/?paradigm=behaviour&person={rep2.pk}&period=2026"]


def test_reading_a_colleagues_goals_is_audited_and_outside_scope_is_404(scored: Scored) -> None:
    rep1, rep2 = scored.org.people["rep1"], scored.org.people["rep2"]
    before = AuditEntry.objects.filter(action="read", object_id=str(rep1.pk)).count()
    assert scored.org.org.client("manager").get(f"/goals/people/{rep1.pk}/").status_code == 200
    assert AuditEntry.objects.filter(action="read", object_id=str(rep1.pk)).count() == before + 1
    assert scored.org.org.client("employee").get(f"/goals/people/{rep2.pk}/").status_code == 404
    assert scored.org.org.client("employee").get("/goals/people/999999/").status_code == 404


def test_who_may_open_my_goals(scored: Scored) -> None:
    assert scored.org.org.client("partner").get("/goals/").status_code == 403
    assert Client().get("/goals/").status_code == 302  # sign in first
    # Another period: its own (empty) view, with the period picked.
    root = page(scored.org.org.client("employee").get("/goals/?period=2026-H1"))
    assert root.one(id="no-goals").text == "No goals in 2026-H1 yet."
    assert root.one("select", id="id_period").one("option", selected=True).text == "2026-H1"


def test_while_the_period_runs_the_score_can_be_judged_on_pace(goal_org: GoalOrg,
                                                                settings: Any) -> None:
    settings.FLEXPERF_TODAY = dt.date(2026, 7, 2)  # exactly half of 2026 has passed
    goal = f.kpi_goal(goal_org.people["rep1"], activate=True, metrics=[
        f.kpi("回款", threshold=80, target=100, stretch=120, aggregation="sum")])
    f.measure(goal.metrics.get(), "2026-06-30", 50)
    client = goal_org.org.client("employee")
    # Year to date 50 against the year's threshold 80: 0 points; on pace the target is
    # 100 × 1/2 = 50 by Jul 2: 100 points (the behaviour component has nothing scored).
    full = page(client.get("/goals/?period=2026")).one(id="score")
    assert full.one(data_score=True).text == "0.0"
    assert full.one(id="basis").one("a").attrs["href"] == "?period=2026&basis=paced"
    paced = page(client.get("/goals/?period=2026&basis=paced")).one(id="score")
    assert paced.one(data_score=True).text == "100.0"
    assert paced.one(id="basis").one("strong").text == "On pace to date"
    # Once the period is over there is nothing to pace: no switch.
    settings.FLEXPERF_TODAY = dt.date(2027, 1, 15)
    assert page(client.get("/goals/?period=2026")).one(id="score").find_all(id="basis") == []
