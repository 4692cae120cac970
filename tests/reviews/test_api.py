"""The reviews API: the role matrix of reads, 422 naming fields, the whole flow over HTTP."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from flexperf.reviews import services
from flexperf.reviews.models import Phase
from flexperf.reviews.services import ManagerReview
from tests.reviews.conftest import DATES, ReviewOrg, spec

API = "/api/v1/reviews"
pytestmark = pytest.mark.usefixtures("reviews_api")


def post(review_org: ReviewOrg, role: str, url: str, body: dict[str, Any]) -> Any:
    return review_org.client(role).post(url, body, content_type="application/json")


def fields(response: Any) -> set[str]:
    return {d["field"] for d in response.json()["detail"]}


def test_creating_a_cycle_with_bad_input_is_a_422_naming_each_field(
        review_org: ReviewOrg) -> None:
    body = {"code": "2026-annual", "name": "", "period": "1999", "units": [],
            "dates": {**{k: str(v) for k, v in DATES.items()}, "finalise_on": "2026-01-01"}}
    response = post(review_org, "hr_admin", f"{API}/cycles", body)
    assert response.status_code == 422
    assert fields(response) == {"code", "name", "period", "units", "finalise_on"}
    response = post(review_org, "hr_admin", f"{API}/cycles",
                    {"code": "x", "name": "x", "period": "2026", "units": ["S"],
                     "max_adjustment": "abc"})
    assert response.status_code == 422
    assert fields(response) == {"max_adjustment"}
    response = post(review_org, "employee", f"{API}/cycles",
                    {"code": "x", "name": "x", "period": "2026", "units": ["S"]})
    assert response.status_code == 403


def test_the_whole_flow_over_http(review_org: ReviewOrg) -> None:
    cycle = review_org.cycle.pk
    created = post(review_org, "hr_admin", f"{API}/cycles",
                   {"code": "h2", "name": "下半年", "period": "2026", "units": ["R"],
                    "start": "2026-07-01"})
    assert created.status_code == 201
    assert created.json()["self_review_deadline"] == "2026-07-14"
    assert post(review_org, "hr_admin", f"{API}/cycles/{cycle}/advance", {}).json()["phase"] \
        == "self_review"
    rep1 = review_org.evaluation("rep1").pk
    done = post(review_org, "employee", f"{API}/evaluations/{rep1}/self-review",
                {"text": "我完成了目标", "rating": "A"})
    assert done.status_code == 200
    assert (done.json()["self_rating"], done.json()["rating"]) == ("A", None)
    post(review_org, "hr_admin", f"{API}/cycles/{cycle}/advance", {})
    bad = post(review_org, "manager", f"{API}/evaluations/{rep1}/manager-review",
               {"text": "好", "potential": "high", "adjustment": 11, "reason": ""})
    assert bad.status_code == 422
    assert fields(bad) == {"adjustment", "adjustment_reason"}
    ok = post(review_org, "manager", f"{API}/evaluations/{rep1}/manager-review",
              {"text": "好", "potential": "high", "adjustment": -2.5, "reason": "一次性订单"})
    # 110.00 − 2.50 = 107.50 → A
    assert (ok.json()["score"], ok.json()["rating"]) == ("107.50", "A")
    missing = review_org.client("hr_admin").get(f"{API}/cycles/{cycle}/missing").json()
    # 3 people; rep2 has no goals; only rep1 wrote a self review and got a manager review
    assert missing == {"people": 3, "without_goals": 1, "without_self_review": 2,
                       "without_manager_review": 2}
    post(review_org, "hr_admin", f"{API}/cycles/{cycle}/advance", {})
    session = post(review_org, "hr_admin", f"{API}/cycles/{cycle}/sessions",
                   {"name": "销售", "units": ["S"],
                    "calibrators": [review_org.people["sales_head"].pk]})
    assert session.status_code == 201
    sid = session.json()["id"]
    change = post(review_org, "manager", f"{API}/sessions/{sid}/changes",
                  {"evaluation_id": rep1, "rating": "S", "reason": ""})
    assert (change.status_code, fields(change)) == (422, {"reason"})
    change = post(review_org, "manager", f"{API}/sessions/{sid}/changes",
                  {"evaluation_id": rep1, "rating": "S", "reason": "全区第一"})
    assert (change.json()["before"], change.json()["after"], change.json()["steps"]) == \
        ("A", "S", 1)
    board = review_org.client("manager").get(f"{API}/sessions/{sid}").json()
    assert [(h["before"], h["after"]) for h in board["history"]] == [("A", "S")]
    assert {(b["performance"], b["potential"]): b["count"] for b in board["nine_box"]
            if b["count"]} == {("top", "high"): 1}
    closed = post(review_org, "hr_admin", f"{API}/cycles/{cycle}/close", {})
    assert (closed.status_code, fields(closed)) == (422, {"phase"})
    post(review_org, "hr_admin", f"{API}/sessions/{sid}/close", {})
    assert post(review_org, "hr_admin", f"{API}/cycles/{cycle}/close", {}).json()["phase"] == \
        "published"
    shift = review_org.client("hr_admin").get(f"{API}/cycles/{cycle}/calibrator-shift").json()
    assert shift == [{"calibrator": "陈经理", "changes": 1, "mean_steps": "1.00",
                      "mean_moved": "1.00", "up": 1, "down": 0}]
    mine = review_org.client("employee").get(f"{API}/evaluations/{rep1}").json()
    assert (mine["rating"], mine["score"], mine["potential"]) == ("S", "107.50", "high")


def reviewed_to(review_org: ReviewOrg, phase: str) -> int:
    review_org.advance(Phase.MANAGER_REVIEW)
    rep1 = review_org.evaluation("rep1").pk
    services.submit_manager_review(actor=review_org.actor("manager"), evaluation_id=rep1,
                                   review=ManagerReview("好", "high", Decimal(0)))
    review_org.advance(phase)
    return rep1


@pytest.mark.parametrize(("role", "status"), [
    ("employee", 200), ("manager", 200), ("hrbp", 200), ("hr_admin", 200),
    ("executive", 404), ("auditor", 404), ("partner", 404)])
def test_who_reads_an_evaluation(review_org: ReviewOrg, role: str, status: int) -> None:
    rep1 = reviewed_to(review_org, Phase.CALIBRATION)
    response = review_org.client(role).get(f"{API}/evaluations/{rep1}")
    assert response.status_code == status


def test_the_person_sees_their_result_only_once_published(review_org: ReviewOrg) -> None:
    rep1 = reviewed_to(review_org, Phase.FINALISED)
    before = review_org.client("employee").get(f"{API}/evaluations/{rep1}").json()
    assert (before["rating"], before["score"], before["manager_text"],
            before["engine_score"]) == (None, None, None, None)
    assert review_org.client("manager").get(f"{API}/evaluations/{rep1}").json()["rating"] == "S"
    review_org.advance(Phase.PUBLISHED)
    after = review_org.client("employee").get(f"{API}/evaluations/{rep1}").json()
    assert (after["rating"], after["score"], after["manager_text"], after["engine_score"]) == (
        "S", "110.00", "好", "110.00")
    assert [c["key"] for c in after["components"]] == ["kpi", "behaviour"]


@pytest.mark.parametrize(("role", "visible"), [
    ("employee", {"rep1"}), ("manager", {"sales_head", "rep1", "rep2"}),
    ("hrbp", {"sales_head", "rep1", "rep2"}), ("hr_admin", {"sales_head", "rep1", "rep2"}),
    ("executive", set()), ("auditor", set()), ("partner", set())])
def test_each_role_reads_only_its_evaluations(review_org: ReviewOrg, role: str,
                                              visible: set[str]) -> None:
    reviewed_to(review_org, Phase.CALIBRATION)
    client = review_org.client(role)
    readable = {who for who in ("sales_head", "rep1", "rep2")
                if client.get(f"{API}/evaluations/{review_org.evaluation(who).pk}")
                .status_code == 200}
    assert readable == visible


@pytest.mark.parametrize(("role", "status", "rated"), [
    ("hr_admin", 200, 2), ("hrbp", 200, 2), ("executive", 200, 2), ("manager", 200, 2),
    ("employee", 403, None), ("auditor", 404, None), ("partner", 404, None)])
def test_aggregates_of_a_cycle(review_org: ReviewOrg, role: str, status: int,
                               rated: int | None) -> None:
    """The executive of G sees the distribution (2 rated: rep1 S, 陈经理 C) but no one's
    evaluation; auditors and partners do not see the cycle at all."""
    reviewed_to(review_org, Phase.CALIBRATION)
    response = review_org.client(role).get(f"{API}/cycles/{review_org.cycle.pk}/distribution")
    assert response.status_code == status
    if rated is not None:
        assert response.json()["rated"] == rated


@pytest.mark.parametrize(("role", "status"), [
    ("hr_admin", 200), ("hrbp", 200), ("manager", 403), ("executive", 403),
    ("employee", 403), ("auditor", 404), ("partner", 404)])
def test_the_shift_report_is_for_hr(review_org: ReviewOrg, role: str, status: int) -> None:
    reviewed_to(review_org, Phase.CALIBRATION)
    response = review_org.client(role).get(
        f"{API}/cycles/{review_org.cycle.pk}/calibrator-shift")
    assert response.status_code == status


def test_the_api_is_in_the_openapi_schema(review_org: ReviewOrg, settings: Any) -> None:
    from flexperf.api import api

    settings.ROOT_URLCONF = "flexperf.urls"  # the real API, as mounted
    paths = api.get_openapi_schema()["paths"]
    assert {"/api/v1/reviews/cycles", "/api/v1/reviews/evaluations/{evaluation_id}/manager-review",
            "/api/v1/reviews/sessions/{session_id}/changes"} <= set(paths)


@pytest.mark.parametrize(("role", "status"), [
    ("employee", 404), ("manager", 404), ("hrbp", 404), ("hr_admin", 200),
    ("executive", 404), ("auditor", 404), ("partner", 404)])
def test_an_evaluation_in_r_is_read_by_its_people_and_hr_admins_only(
        review_org: ReviewOrg, role: str, status: int) -> None:
    """The HRBP covers S, the manager leads S: 郑工 in R is outside both. The executive of G
    knows the cycle (its aggregates) but reads no one's evaluation."""
    cycle = services.create_cycle(actor=review_org.actor("hr_admin"), spec=spec(
        code="rnd", units=["R"]))
    services.advance_cycle(actor=review_org.actor("hr_admin"), cycle_id=cycle.pk)
    engineer = cycle.evaluations.get(person=review_org.people["engineer"]).pk
    assert review_org.client(role).get(f"{API}/evaluations/{engineer}").status_code == status
    cycles = {c["code"] for c in review_org.client(role).get(f"{API}/cycles").json()}
    assert ("rnd" in cycles) == (role in ("hr_admin", "executive"))
