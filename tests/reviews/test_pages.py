"""The reviews pages: every page per role, exact numbers from the engine, forms re-rendered
with the field's error and nothing written."""

from __future__ import annotations

from decimal import Decimal

import pytest

from flexperf.reviews import services
from flexperf.reviews.models import Cycle, Evaluation, Phase, RatingChange
from flexperf.reviews.services import ManagerReview
from tests.pages.conftest import field_errors, page
from tests.reviews.conftest import ReviewOrg


def test_my_reviews_and_the_self_review_form(review_org: ReviewOrg,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from flexperf.core import evidence

    monkeypatch.setattr(evidence, "_providers", {})  # the page works with no provider at all
    review_org.advance(Phase.SELF_REVIEW)
    client = review_org.client("employee")
    rep1 = review_org.evaluation("rep1")
    root = page(client.get("/reviews/"))
    assert [tr.one("a").text for tr in root.one(id="my-reviews").find_all(
        "tr", data_evaluation=True)] == ["2026 年度评估"]
    root = page(client.get(f"/reviews/evaluations/{rep1.pk}/"))
    assert root.find_all(id="score") == []  # no score for the person before publishing
    assert root.one(id="result-later")
    assert root.one(id="no-evidence")
    bad = page(client.post(f"/reviews/evaluations/{rep1.pk}/self/", {"text": "", "rating": "A"}),
               422)
    assert field_errors(bad) == {"text": ["This field is required."]}
    page(client.post(f"/reviews/evaluations/{rep1.pk}/self/",
                     {"text": "我超额完成了", "rating": "S"}), 302)
    rep1.refresh_from_db()
    assert (rep1.self_text, rep1.self_rating) == ("我超额完成了", "S")


def test_the_manager_sees_the_breakdown_and_submits_a_bounded_adjustment(
        review_org: ReviewOrg) -> None:
    review_org.advance(Phase.MANAGER_REVIEW)
    client = review_org.client("manager")
    rep1 = review_org.evaluation("rep1")
    root = page(client.get(f"/reviews/evaluations/{rep1.pk}/"))
    # rep1: 110.00 (KPI alone; behaviour missing and flagged) → S
    assert root.one(data_engine_score=True).text == "110"
    assert root.one(data_engine_rating=True).text == "S"
    assert [tr.attrs["data-component"] for tr in root.one(id="breakdown").find_all(
        "tr", data_component=True)] == ["kpi", "behaviour"]
    assert root.one(id="breakdown").one("tr", data_component="behaviour").one(
        data_points=True).text == "—"
    bad = page(client.post(f"/reviews/evaluations/{rep1.pk}/manager/", {
        "text": "不错", "potential": "high", "adjustment": "12", "reason": ""}), 422)
    assert field_errors(bad) == {
        "adjustment": ["An adjustment may move the score by at most 10 points either way."],
        "reason": ["Say why you adjust the score."]}
    rep1.refresh_from_db()
    assert rep1.manager_submitted_at is None
    page(client.post(f"/reviews/evaluations/{rep1.pk}/manager/", {
        "text": "不错", "potential": "high", "adjustment": "-4", "reason": "一次性订单"}), 302)
    root = page(client.get(f"/reviews/evaluations/{rep1.pk}/"))
    # 110 − 4 = 106.00 → A
    assert (root.one(id="result").one(data_score=True).text,
            root.one(id="result").one(data_rating=True).text) == ("106", "A")


def test_team_reviews_show_the_missing_counts(review_org: ReviewOrg) -> None:
    review_org.advance(Phase.MANAGER_REVIEW)
    root = page(review_org.client("manager").get("/reviews/team/"))
    rows = root.one(id="team-reviews").find_all("tr", data_evaluation=True)
    assert [tr.one("a").text for tr in rows] == ["林小雨", "赵磊"]
    # The manager's team: rep1 and rep2; rep2 has no goals; nobody wrote anything yet.
    assert {node.attrs["data-missing"]: node.text for node in
            root.one(id="missing").find_all(data_missing=True)} == {
        "people": "2", "goals": "1", "self": "2", "manager": "2"}


def test_hr_creates_and_advances_a_cycle_from_the_pages(review_org: ReviewOrg) -> None:
    client = review_org.client("hr_admin")
    root = page(client.get("/reviews/cycles/"))
    assert [tr.attrs["data-cycle"] for tr in root.one(id="cycles").find_all(
        "tr", data_cycle=True)] == ["2026-annual"]
    bad = page(client.post("/reviews/cycles/", {
        "code": "2026-annual", "name": "x", "period": "2026", "units": ["R"],
        "max_adjustment": "10", "tolerance": "5"}), 422)
    assert field_errors(bad) == {"code": ["A cycle '2026-annual' already exists."]}
    assert Cycle.objects.count() == 1
    response = client.post("/reviews/cycles/", {
        "code": "rnd", "name": "研发", "period": "2026", "units": ["R"],
        "max_adjustment": "5", "tolerance": "5", "start": "2026-07-01"})
    cycle = Cycle.objects.get(code="rnd")
    assert response.status_code == 302
    assert response["Location"] == f"/reviews/cycles/{cycle.pk}/"
    page(client.post(f"/reviews/cycles/{cycle.pk}/advance/"), 302)
    root = page(client.get(f"/reviews/cycles/{cycle.pk}/"))
    assert root.one("h2", id="phases-title").one(data_phase=True).text == "Self review"
    # R: 吴博士 and 郑工, neither with goals or reviews
    assert {n.attrs["data-missing"]: n.text for n in root.find_all(data_missing=True)} == {
        "people": "2", "goals": "2", "self": "2", "manager": "2"}


def test_the_calibration_page_changes_a_rating_with_a_reason(review_org: ReviewOrg) -> None:
    review_org.advance(Phase.MANAGER_REVIEW)
    services.submit_manager_review(actor=review_org.actor("manager"),
                                   evaluation_id=review_org.evaluation("rep1").pk,
                                   review=ManagerReview("好", "high", Decimal(0)))
    review_org.advance(Phase.CALIBRATION)
    client = review_org.client("hr_admin")
    cycle = review_org.cycle
    bad = page(client.post(f"/reviews/cycles/{cycle.pk}/sessions/", {"name": "", "units": ["S"],
               "calibrators": [review_org.people["sales_head"].pk]}), 422)
    assert field_errors(bad) == {"name": ["This field is required."]}
    page(client.post(f"/reviews/cycles/{cycle.pk}/sessions/", {
        "name": "销售", "units": ["S"], "calibrators": [review_org.people["sales_head"].pk]}),
        302)
    session = cycle.sessions.get()
    manager = review_org.client("manager")
    rep1 = review_org.evaluation("rep1")
    root = page(manager.get(f"/reviews/sessions/{session.pk}/"))
    assert root.one(data_box="top-high").one(data_count=True).text == "1"
    assert root.one("tr", data_group="top").one(data_actual=True).text == "50"
    bad = page(manager.post(f"/reviews/sessions/{session.pk}/change/", {
        "evaluation": rep1.pk, "rating": "A", "reason": ""}), 422)
    assert field_errors(bad) == {"reason": ["This field is required."]}
    assert RatingChange.objects.count() == 0
    page(manager.post(f"/reviews/sessions/{session.pk}/change/", {
        "evaluation": rep1.pk, "rating": "A", "reason": "对齐同级"}), 302)
    root = page(manager.get(f"/reviews/sessions/{session.pk}/"))
    assert [td.text for td in root.one(id="history").one("tr", data_change=True)
            .find_all("td")][1:] == ["林小雨", "S → A", "陈经理", "对齐同级"]
    root = page(client.get(f"/reviews/cycles/{cycle.pk}/shift/"))
    assert root.one("tr", data_calibrator="陈经理").one(data_mean=True).text == "-1.00"


@pytest.mark.parametrize(("role", "status"), [
    ("employee", 403), ("manager", 200), ("hrbp", 200), ("hr_admin", 200),
    ("executive", 200), ("auditor", 403), ("partner", 403)])
def test_who_opens_the_cycles_list(review_org: ReviewOrg, role: str, status: int) -> None:
    assert review_org.client(role).get("/reviews/cycles/").status_code == status


@pytest.mark.parametrize(("role", "status"), [
    ("employee", 200), ("manager", 200), ("hrbp", 200), ("hr_admin", 200),
    ("executive", 404), ("auditor", 404), ("partner", 404)])
def test_who_opens_an_evaluation_page(review_org: ReviewOrg, role: str, status: int) -> None:
    review_org.advance(Phase.SELF_REVIEW)
    rep1 = Evaluation.objects.get(person=review_org.people["rep1"])
    assert review_org.client(role).get(f"/reviews/evaluations/{rep1.pk}/").status_code == status


def test_the_executive_sees_the_distribution_but_no_one_evaluation(
        review_org: ReviewOrg) -> None:
    review_org.advance(Phase.MANAGER_REVIEW)
    root = page(review_org.client("executive").get(f"/reviews/cycles/{review_org.cycle.pk}/"))
    # 2 rated: rep1 S (top), 陈经理 C (bottom)
    assert root.one("tr", data_group="top").one(data_count=True).text == "1"
    assert root.find_all(id="missing") == []
    assert root.find_all(id="advance") == []


def test_the_evaluation_shows_the_evidence_the_providers_give(review_org: ReviewOrg) -> None:
    from flexperf.core import evidence

    review_org.advance(Phase.MANAGER_REVIEW)
    rep1 = review_org.evaluation("rep1")
    asked: list[tuple[int, str, str]] = []

    def checkins(actor: object, query: evidence.EvidenceQuery) -> list[evidence.EvidenceItem]:
        asked.append((query.person_id, str(query.start), str(query.end)))
        return [evidence.EvidenceItem(kind="zz-test", title="3 月检查", lines=("进展顺利",))]

    evidence.register("zz-test", checkins)
    try:
        root = page(review_org.client("manager").get(f"/reviews/evaluations/{rep1.pk}/"))
    finally:
        evidence._providers.pop("zz-test")
    assert asked == [(rep1.person_id, "2026-01-01", "2026-12-31")]
    assert root.one(id="evidence").one(data_kind="zz-test").text == "3 月检查 进展顺利"


def test_every_page_renders_in_chinese(review_org: ReviewOrg) -> None:
    review_org.advance(Phase.CALIBRATION)
    session = services.create_session(actor=review_org.actor("hr_admin"),
                                      cycle_id=review_org.cycle.pk, name="销售", units=["S"],
                                      calibrators=[review_org.people["sales_head"].pk])
    client = review_org.client("hr_admin")
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/reviews/"})
    cycle = review_org.cycle.pk
    for url in ("/reviews/", "/reviews/team/", "/reviews/cycles/", f"/reviews/cycles/{cycle}/",
                f"/reviews/cycles/{cycle}/shift/", f"/reviews/sessions/{session.pk}/",
                f"/reviews/evaluations/{review_org.evaluation('rep1').pk}/"):
        assert page(client.get(url)).one("html").attrs["lang"] == "zh-Hans", url


def test_the_guidance_is_configured_on_the_create_form(review_org: ReviewOrg) -> None:
    client = review_org.client("hr_admin")
    form = {"code": "g", "name": "g", "period": "2026", "units": ["R"], "max_adjustment": "5",
            "tolerance": "5"}
    bad = page(client.post("/reviews/cycles/", {**form, "guidance": "top S 20"}), 422)
    assert list(field_errors(bad)) == ["guidance"]
    bad = page(client.post("/reviews/cycles/", {**form, "guidance": "top: S 30; rest: A B 60"}),
               422)
    assert field_errors(bad) == {"guidance": ["Weights add up to 90; they must add up to 100."]}
    page(client.post("/reviews/cycles/", {**form, "guidance": "top: S A 25; rest: B C D 75"}),
         302)
    assert Cycle.objects.get(code="g").guidance == [
        {"group": "top", "ratings": ["S", "A"], "share": 25.0},
        {"group": "rest", "ratings": ["B", "C", "D"], "share": 75.0}]
