"""`flexperf goals score`: the table, the JSON, a unit's people only, and refusals naming the
option."""

from __future__ import annotations

import io
import json

import pytest

from flexperf.core.errors import ServiceError
from flexperf.goals import cli_score
from tests.goals import factories as f
from tests.goals.conftest import GoalOrg


def scored_sales_team(goal_org: GoalOrg) -> None:
    people = goal_org.people
    rep = people["rep1"]
    goal = f.kpi_goal(rep, activate=True)
    f.measure(goal.metrics.get(), "2026-06-30", 110)                    # 110
    rated = f.behaviour_goal(rep, activate=True)
    f.rate(rated.metrics.get(), "2026-06-15", 4, rater=people["sales_head"])  # 75


def run(**options: object) -> str:
    out = io.StringIO()
    cli_score.run(stdout=out, **{"as_json": False, "unit": None, **options})  # type: ignore[arg-type]
    return out.getvalue()


def test_a_table_of_a_units_people(goal_org: GoalOrg) -> None:
    scored_sales_team(goal_org)
    rep1, rep2 = goal_org.people["rep1"], goal_org.people["rep2"]
    lines = run(period="2026", unit="SE").splitlines()
    assert lines[0].split() == ["Employee", "number", "Name", "Scheme", "Score", "Rating",
                                "Missing", "components"]
    # (70 × 110 + 30 × 75) / 100 = 99.5 → B; 赵磊 has no goals: no score, both missing
    assert lines[1].split() == [rep1.employee_number, "林小雨", "Profit", "centre", "99.5", "B"]
    assert lines[2].split() == [rep2.employee_number, "赵磊", "Profit", "centre", "—", "—",
                                "Business", "KPIs,", "Behaviour", "and", "competency"]
    assert lines[3].startswith("2 people, period 2026 as of ")
    assert len(lines) == 4   # the leaver 钱进 has no goals: not listed


def test_json_lists_every_person_with_components_and_flags(goal_org: GoalOrg) -> None:
    scored_sales_team(goal_org)
    data = json.loads(run(period="2026", as_json=True))
    assert data["period"] == "2026"
    by_name = {p["name"]: p for p in data["people"]}
    assert len(by_name) == 10   # every current person of the group
    rep = by_name["林小雨"]
    assert (rep["scheme"], rep["score"], rep["rating"], rep["missing"]) == (
        "profit_centre", 99.5, "B", [])
    assert [(c["key"], c["points"], c["flagged"]) for c in rep["components"]] == [
        ("kpi", 110.0, False), ("behaviour", 75.0, False)]
    engineer = by_name["郑工"]
    assert engineer["scheme"] == "innovation_unit"
    assert engineer["score"] is None
    assert engineer["flags"] == [
        "Component 'OKRs' has no scored goals: left out of the score.",
        "Component 'Project milestones' has no scored goals: left out of the score."]


@pytest.mark.parametrize(("options", "field"), [
    ({"period": "1999"}, "period"),
    ({"period": "next year"}, "period"),
    ({"period": "2026", "unit": "NOPE"}, "unit"),
])
def test_an_unknown_period_or_unit_is_refused_naming_the_option(
        goal_org: GoalOrg, options: dict[str, str], field: str) -> None:
    with pytest.raises(ServiceError) as caught:
        run(**options)
    assert [p.field for p in caught.value.problems] == [field]


def test_as_of_a_day_and_paced(goal_org: GoalOrg) -> None:
    rep = goal_org.people["rep1"]
    goal = f.kpi_goal(rep, activate=True, metrics=[
        f.kpi("回款", threshold=80, target=100, stretch=120, aggregation="sum")])
    for on, value in (("2026-03-31", 20), ("2026-06-30", 30)):
        f.measure(goal.metrics.get(), on, value)
    # On Jul 2, half of 2026 has passed (182/364). Year to date 50 against the year's
    # threshold 80: 0 points; paced, 50 is on the expected path (target 100 × 1/2): 100.
    full = json.loads(run(period="2026", unit="SE", as_json=True, as_of="2026-07-02"))
    paced = json.loads(run(period="2026", unit="SE", as_json=True, as_of="2026-07-02",
                           paced=True))
    assert (full["as_of"], full["basis"], paced["basis"]) == ("2026-07-02", "full", "paced")
    assert [c["points"] for c in full["people"][0]["components"]] == [0.0, None]
    assert [c["points"] for c in paced["people"][0]["components"]] == [100.0, None]


def test_a_bad_day_is_refused_naming_the_option(goal_org: GoalOrg) -> None:
    with pytest.raises(ServiceError) as caught:
        run(period="2026", as_of="2026-13-01")
    assert [p.field for p in caught.value.problems] == ["as_of"]
