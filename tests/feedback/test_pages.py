"""The feedback pages: each renders for the roles that use it, and a bad form comes back with
the message under the field and nothing written."""

from __future__ import annotations

import pytest

from flexperf.feedback.models import (
    Campaign,
    DevelopmentPlan,
    Feedback,
    FeedbackRequest,
    Nomination,
    Question,
)
from flexperf.feedback.services.nominations import NominationIn, decide_nomination, nominate
from tests.feedback.conftest import FbOrg, open_campaign
from tests.pages.conftest import field_errors, page


def errors_text(response: object) -> str:
    root = page(response, status=422)  # type: ignore[arg-type]
    found = field_errors(root)
    return " ".join(" ".join(v) for v in found.values()) + " ".join(
        root.texts(cls="form-errors"))


def test_give_feedback_page(fb_org: FbOrg) -> None:
    client = fb_org.client("employee")
    assert client.get("/feedback/give/").status_code == 200
    rep2 = fb_org.people["rep2"].pk
    response = client.post("/feedback/give/", {"recipient": rep2, "kind": "praise", "text": "",
                                                "visibility": "public"})
    assert response.status_code == 422
    assert "text" in field_errors(page(response, status=422))
    response = client.post("/feedback/give/", {"recipient": fb_org.people["rep1"].pk,
                                                "kind": "praise", "text": "自夸",
                                                "visibility": "public"})
    assert "yourself" in " ".join(field_errors(page(response, status=422))["recipient"])
    assert Feedback.objects.count() == 0
    response = client.post("/feedback/give/", {"recipient": rep2, "kind": "praise",
                                                "text": "谢谢", "visibility": "public"})
    assert response.status_code == 302
    assert Feedback.objects.count() == 1


def test_partner_users_have_no_feedback_pages(fb_org: FbOrg) -> None:
    client = fb_org.client("partner")
    for url in ("/feedback/", "/feedback/give/", "/feedback/requests/", "/feedback360/",
                "/development/"):
        assert client.get(url).status_code == 403, url


def test_requests_page_ask_answer_decline(fb_org: FbOrg) -> None:
    client = fb_org.client("employee")
    response = client.post("/feedback/requests/", {"requested": fb_org.people["rep1"].pk,
                                                    "question": "?"})
    assert response.status_code == 422
    assert "requested" in field_errors(page(response, status=422))
    assert client.post("/feedback/requests/", {"requested": fb_org.people["rep2"].pk,
                                               "question": "我的汇报?"}).status_code == 302
    req = FeedbackRequest.objects.get()
    rep2 = fb_org.client("rep2")
    incoming = page(rep2.get("/feedback/requests/")).one(id="incoming")
    assert "我的汇报?" in incoming.text
    response = rep2.post(f"/feedback/requests/{req.pk}/answer/", {"kind": "praise", "text": "",
                                                                  "visibility": "private"})
    assert response.status_code == 422
    assert rep2.post(f"/feedback/requests/{req.pk}/answer/", {
        "kind": "praise", "text": "很清楚", "visibility": "private"}).status_code == 302
    assert Feedback.objects.get().request == req
    assert client.get(f"/feedback/requests/{req.pk}/answer/").status_code == 200  # requester
    assert fb_org.client("manager").get(
        f"/feedback/requests/{req.pk}/answer/").status_code == 404


def test_campaign_pages_hr_form_and_nomination_errors(fb_org: FbOrg,
                                                      questions: list[Question]) -> None:
    hr = fb_org.client("hr_admin")
    assert page(hr.get("/feedback360/")).one(id="campaign-form")
    assert not page(fb_org.client("employee").get("/feedback360/")).find_all(
        id="campaign-form")
    response = hr.post("/feedback360/", {"name": "x", "period": "1999", "units": "S",
                                          "opens_on": "2026-01-01", "closes_on": "2026-02-01",
                                          "max_requests_per_rater": 3})
    assert "period" in field_errors(page(response, status=422))
    assert Campaign.objects.count() == 0
    campaign = open_campaign(fb_org, cap=1)
    employee = fb_org.client("employee")
    assert page(employee.get(f"/feedback360/{campaign.pk}/")).one(id="nominate-form")
    engineer = fb_org.people["engineer"].pk
    assert employee.post(f"/feedback360/{campaign.pk}/nominate/", {
        "relationship": "cross_team", "rater_id": engineer}).status_code == 302
    response = fb_org.client("rep2").post(f"/feedback360/{campaign.pk}/nominate/", {
        "relationship": "cross_team", "rater_id": engineer})
    assert "郑工" in errors_text(response)
    assert Nomination.objects.count() == 1


def test_approvals_and_answer_pages(fb_org: FbOrg, questions: list[Question]) -> None:
    campaign = open_campaign(fb_org)
    nomination = nominate(actor=fb_org.actor("employee"), campaign_id=campaign.pk,
                          data=NominationIn("peer", fb_org.people["rep2"].pk))
    manager = fb_org.client("manager")
    assert f'data-id="{nomination.pk}"' in manager.get("/feedback360/approvals/").content.decode()
    assert manager.post(f"/feedback360/nominations/{nomination.pk}/decide/",
                        {"decision": "approve"}).status_code == 302
    rep2 = fb_org.client("rep2")
    url = f"/feedback360/nominations/{nomination.pk}/answer/"
    assert rep2.get(url).status_code == 200
    response = rep2.post(url, {f"q{questions[0].pk}-rating": "4"})
    assert response.status_code == 422
    assert "Rate every question" in page(response, status=422).one(cls="form-errors").text
    assert rep2.post(url, {f"q{q.pk}-rating": "4" for q in questions}).status_code == 302
    assert fb_org.client("engineer").get(url).status_code == 404


def test_questions_page_is_for_hr_admins(fb_org: FbOrg) -> None:
    assert fb_org.client("manager").get("/feedback360/questions/").status_code == 403
    hr = fb_org.client("hr_admin")
    response = hr.post("/feedback360/questions/", {"competency": "", "text": "x", "order": 0})
    assert "competency" in field_errors(page(response, status=422))
    assert hr.post("/feedback360/questions/", {"competency": "创新", "text": "x",
                                                "order": 0}).status_code == 302
    question = Question.objects.get()
    hr.post(f"/feedback360/questions/{question.pk}/active/", {"active": "0"})
    question.refresh_from_db()
    assert question.active is False


def test_development_plan_pages(fb_org: FbOrg) -> None:
    client = fb_org.client("employee")
    assert client.get("/development/new/").status_code == 200
    form = {"strengths": "韧性", "mentor_id": fb_org.people["rep1"].pk,
            "actions-TOTAL_FORMS": "2", "actions-INITIAL_FORMS": "0",
            "actions-0-title": "读书", "actions-0-status": "done",
            "actions-1-title": "", "actions-1-status": "planned"}
    response = client.post("/development/new/", form)
    assert "mentor_id" in field_errors(page(response, status=422))
    assert DevelopmentPlan.objects.count() == 0
    response = client.post("/development/new/", {**form, "mentor_id": ""})
    assert response.status_code == 302
    plan = DevelopmentPlan.objects.get()
    html = page(client.get(f"/development/{plan.pk}/"))
    assert "100.0%" in html.one(id="progress").text  # 1 action, done
    manager = fb_org.client("manager")
    assert manager.get(f"/development/{plan.pk}/edit/").status_code == 200
    assert fb_org.client("hr_admin").get(f"/development/{plan.pk}/").status_code == 200
    assert fb_org.client("hr_admin").get(f"/development/{plan.pk}/edit/").status_code == 404
    assert fb_org.client("rep2").get(f"/development/{plan.pk}/").status_code == 404
    assert fb_org.client("rep2").get(
        f"/development/new/?person={fb_org.people['rep1'].pk}").status_code == 404


@pytest.mark.parametrize("who", ["employee", "manager", "hr_admin", "executive", "auditor"])
def test_list_pages_render(fb_org: FbOrg, who: str) -> None:
    client = fb_org.client(who)
    for url in ("/feedback360/", "/feedback360/approvals/", "/development/"):
        assert client.get(url).status_code == 200, url
    decide_nomination  # noqa: B018 (imported for the approvals test)
