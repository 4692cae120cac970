"""The API: who may read a person's attrition risk (and that it is audited), model cards by
role, training by HR admins only, goal risks for whoever sees the goal."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from flexperf.audit.models import AuditEntry
from flexperf.core.actors import Actor
from flexperf.goals.models import Goal, Measurement, Metric, Milestone, Period
from flexperf.predictions.services import train_attrition_from_history
from tests.conftest import SmallOrg
from tests.predictions.conftest import AS_OF

SYSTEM = Actor.system()
API = "/api/v1/predictions"


@pytest.fixture
def trained(history_org: SmallOrg) -> SmallOrg:
    train_attrition_from_history(actor=SYSTEM, as_of=AS_OF)
    return history_org


def _reads(person_id: int) -> int:
    return AuditEntry.objects.filter(object_type="org.person", object_id=str(person_id),
                                     action="read", context__what="attrition_risk").count()


ATTRITION_MATRIX = [
    ("employee", "rep1", 403),      # nobody reads their own risk
    ("employee", "rep2", 404),      # a colleague is outside an employee's scope
    ("manager", "rep1", 200),       # manager chain
    ("manager", "sales_head", 403),  # the manager's own
    ("manager", "engineer", 404),   # another line
    ("hrbp", "rep1", 200),          # HR business partner for S
    ("hrbp", "engineer", 404),      # R is not theirs
    ("hr_admin", "engineer", 200),
    ("executive", "rep1", 404),     # aggregates only
    ("auditor", "rep1", 404),
    ("partner", "rep1", 404),
]


def test_attrition_role_matrix(trained: SmallOrg) -> None:
    """One model, every role (one training for the whole matrix: tests are kept fast)."""
    for role, person, status in ATTRITION_MATRIX:
        person_id = trained.people[person].pk
        before = _reads(person_id)
        response = trained.client(role).get(f"{API}/people/{person_id}/attrition",
                                            {"as_of": AS_OF.isoformat()})
        assert response.status_code == status, (role, person)
        assert _reads(person_id) == before + (1 if status == 200 else 0), (role, person)
        if status == 200:
            body = response.json()
            assert body["available"] is True
            assert body["model_version"] == "attrition-v1"
            assert 0 <= body["probability"] <= 1
            assert body["band"] in {"low", "medium", "high"}
            assert body["reasons"]
            assert {"feature", "label", "contribution", "value"} <= set(
                body["reasons"][0])


def test_attrition_without_a_model_says_so(history_org: SmallOrg) -> None:
    response = history_org.client("manager").get(
        f"{API}/people/{history_org.people['rep1'].pk}/attrition")
    assert response.status_code == 200
    assert response.json() == {
        "available": False, "probability": None, "band": None, "reasons": [],
        "model_version": None}


def test_model_list_and_card_by_role(trained: SmallOrg) -> None:
    for role, status in (("hr_admin", 200), ("hrbp", 200), ("executive", 200),
                         ("manager", 200), ("employee", 403), ("auditor", 403),
                         ("partner", 403)):
        client = trained.client(role)
        response = client.get(f"{API}/models")
        assert response.status_code == status, role
        if status == 200:
            models = response.json()
            assert len(models) == 1
            card = client.get(f"{API}/models/{models[0]['id']}").json()
            assert card["label"] == "attrition-v1"
            assert card["positives"] == 6
            assert set(card["metrics"]) >= {"roc_auc", "pr_auc", "brier", "folds"}
            assert {g["dimension"] for g in card["groups"]} == {"gender", "age_band", "unit"}
            assert all(g["too_few"] for g in card["groups"])  # a tiny org: nothing to judge
        else:
            assert client.get(f"{API}/models/1").status_code == 403


def test_train_is_for_hr_admins(history_org: SmallOrg) -> None:
    url = f"{API}/models/train"
    assert history_org.client("manager").post(
        url, {"as_of": AS_OF.isoformat()}, content_type="application/json").status_code == 403
    assert history_org.client("hrbp").post(
        url, {"as_of": AS_OF.isoformat()}, content_type="application/json").status_code == 403
    response = history_org.client("hr_admin").post(url, {"as_of": AS_OF.isoformat()},
                                                   content_type="application/json")
    assert response.status_code == 201
    body = response.json()
    assert body["is_active"]
    assert body["rows"] == 22
    assert body["window_end"] == "2026-06-30"


def test_train_with_too_few_leavers_is_422(small_org: SmallOrg) -> None:
    response = small_org.client("hr_admin").post(f"{API}/models/train", {"as_of": "2026-06-30"},
                                                 content_type="application/json")
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "target"


@pytest.fixture
def goals(small_org: SmallOrg) -> dict[str, Goal]:
    period = Period.objects.create(code="2026", kind="year", start=dt.date(2026, 1, 1),
                                   end=dt.date(2026, 12, 31))
    rep1 = small_org.people["rep1"]
    project = Goal.objects.create(period=period, paradigm="project", owner_kind="person",
                                  person=rep1, title="CRM rollout", status="active")
    for due, accepted in ((dt.date(2026, 2, 28), dt.date(2026, 4, 15)),
                          (dt.date(2026, 5, 31), None), (dt.date(2026, 10, 31), None)):
        Milestone.objects.create(goal=project, name=f"M {due}", due=due, accepted_on=accepted)
    kpi = Goal.objects.create(period=period, paradigm="kpi", owner_kind="person", person=rep1,
                              title="Sales", status="active")
    metric = Metric.objects.create(goal=kpi, kind="kpi", name="Revenue", target=Decimal(1200),
                                   aggregation="sum")
    for month, value in enumerate((80, 90, 85, 95, 88, 92), start=1):
        Measurement.objects.create(metric=metric, on=dt.date(2026, month, 28),
                                   value=Decimal(value))
    return {"project": project, "kpi": kpi}


@pytest.mark.parametrize(("role", "status"), [("employee", 200), ("auditor", 404)])
def test_goal_risks_for_whoever_sees_the_goal(goals: dict[str, Goal], small_org: SmallOrg,
                                              role: str, status: int) -> None:
    client = small_org.client(role)
    delay = client.get(f"{API}/goals/{goals['project'].pk}/delay", {"as_of": "2026-06-30"})
    miss = client.get(f"{API}/goals/{goals['kpi'].pk}/target-miss", {"as_of": "2026-06-30"})
    assert (delay.status_code, miss.status_code) == (status, status)
    for other in ("manager", "hr_admin", "partner"):
        assert small_org.client(other).get(
            f"{API}/goals/{goals['project'].pk}/delay").status_code == (
            404 if other == "partner" else 200)
    if status == 200:
        assert delay.json()["band"] == "high"  # two milestones late, one still open
        assert delay.json()["model_version"] == "project-delay-logit-1"
        body = miss.json()
        # 530 in six months at ~88/month against 1,200: needs 111.7/month
        assert body["probability"] > 0.95
        assert body["band"] == "high"
        assert body["reasons"][0]["feature"] == "run_rate_gap"


def test_goal_risk_of_the_wrong_paradigm_is_422(goals: dict[str, Goal],
                                                 small_org: SmallOrg) -> None:
    response = small_org.client("hr_admin").get(f"{API}/goals/{goals['kpi'].pk}/delay")
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "goal"
