"""360 campaigns from opening to answers: HR opens, the subject nominates, the manager approves
within the cap, colleagues answer signed in and partners through a one-time link."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from flexperf.core.errors import Forbidden, NotFound, ServiceError
from flexperf.feedback.models import Answer, Nomination, NominationStatus, Question
from flexperf.feedback.services import answers, nominations
from flexperf.feedback.services.answers import AnswerIn
from flexperf.feedback.services.campaigns import CampaignIn, create_campaign
from flexperf.feedback.services.nominations import NominationIn
from flexperf.notifications.models import Notification
from tests import factories as f
from tests.feedback.conftest import FbOrg, open_campaign


def fields(error: pytest.ExceptionInfo[ServiceError]) -> list[str]:
    return [p.field for p in error.value.problems]


def nominate(org: FbOrg, who: str, campaign_id: int, rater: str | None = None,
             relationship: str = "peer", **kw: Any) -> Nomination:
    return nominations.nominate(actor=org.actor(who), campaign_id=campaign_id, data=NominationIn(
        relationship=relationship, rater_id=org.people[rater].pk if rater else None, **kw))


def all_fives(qs: list[Question]) -> list[AnswerIn]:
    return [AnswerIn(q.pk, 5, "") for q in qs]


def test_only_hr_opens_campaigns_within_their_scope(fb_org: FbOrg,
                                                    questions: list[Question]) -> None:
    today = timezone.localdate()
    data = CampaignIn(name="c", period="2026-H1", units=["R"], opens_on=today,
                      closes_on=today, max_requests_per_rater=3)
    with pytest.raises(Forbidden):
        create_campaign(actor=fb_org.actor("manager"), data=data)
    with pytest.raises(ServiceError) as error:  # the HRBP covers S only
        create_campaign(actor=fb_org.actor("hrbp"), data=data)
    assert fields(error) == ["units"]
    assert create_campaign(actor=fb_org.actor("hrbp"), data=CampaignIn(
        name="c", period="2026-H1", units=["SE"], opens_on=today, closes_on=today)).pk


@pytest.mark.parametrize(("change", "field"), [
    ({"period": "2031-H1"}, "period"), ({"units": ["NOPE"]}, "units"),
    ({"closes_on": dt.date(2020, 1, 1)}, "closes_on"),
    ({"max_requests_per_rater": 0}, "max_requests_per_rater"),
    ({"question_ids": [999999]}, "question_ids"),
])
def test_campaign_input_errors_name_the_field(fb_org: FbOrg, questions: list[Question],
                                              change: dict[str, Any], field: str) -> None:
    values: dict[str, Any] = {"name": "c", "period": "2026-H1", "units": ["S"],
                              "opens_on": dt.date(2026, 5, 1), "closes_on": dt.date(2026, 6, 1),
                              **change}
    with pytest.raises(ServiceError) as error:
        create_campaign(actor=fb_org.actor("hr_admin"), data=CampaignIn(**values))
    assert fields(error) == [field]


def test_nominate_approve_answer(fb_org: FbOrg, questions: list[Question]) -> None:
    campaign = open_campaign(fb_org)
    nomination = nominate(fb_org, "employee", campaign.pk, "rep2")
    assert nomination.status == NominationStatus.PENDING
    assert Notification.objects.filter(recipient=fb_org.users["manager"],
                                       kind="review360.nomination").count() == 1
    # A peer cannot decide; the subject's manager (and anyone above) can.
    with pytest.raises(NotFound):
        nominations.decide_nomination(actor=fb_org.actor("rep2"), nomination_id=nomination.pk,
                                      approve=True)
    with pytest.raises(NotFound):
        nominations.decide_nomination(actor=fb_org.actor("employee"),
                                      nomination_id=nomination.pk, approve=True)
    nominations.decide_nomination(actor=fb_org.actor("manager"), nomination_id=nomination.pk,
                                  approve=True)
    assert Notification.objects.filter(recipient=fb_org.users["rep2"],
                                       kind="review360.asked").count() == 1
    # Someone else cannot answer it; a missing rating names the answers.
    with pytest.raises(NotFound):
        answers.submit_answers(actor=fb_org.actor("engineer"), nomination_id=nomination.pk,
                               answers=all_fives(questions))
    with pytest.raises(ServiceError) as error:
        answers.submit_answers(actor=fb_org.actor("rep2"), nomination_id=nomination.pk,
                               answers=all_fives(questions)[:2])
    assert fields(error) == ["answers"]
    with pytest.raises(ServiceError) as error:
        answers.submit_answers(actor=fb_org.actor("rep2"), nomination_id=nomination.pk,
                               answers=[AnswerIn(questions[0].pk, 6), *all_fives(questions)[1:]])
    assert fields(error) == ["answers.0.rating"]
    assert Answer.objects.count() == 0
    answers.submit_answers(actor=fb_org.actor("rep2"), nomination_id=nomination.pk,
                           answers=all_fives(questions))
    assert Answer.objects.count() == 3
    with pytest.raises(ServiceError):  # once only
        answers.submit_answers(actor=fb_org.actor("rep2"), nomination_id=nomination.pk,
                               answers=all_fives(questions))


def test_nomination_rules(fb_org: FbOrg, questions: list[Question]) -> None:
    campaign = open_campaign(fb_org)
    with pytest.raises(ServiceError) as error:
        nominate(fb_org, "employee", campaign.pk, "rep1")
    assert fields(error) == ["rater_id"]
    nominate(fb_org, "employee", campaign.pk, "rep2")
    with pytest.raises(ServiceError) as error:
        nominate(fb_org, "employee", campaign.pk, "rep2")
    assert fields(error) == ["rater_id"]
    # 郑工 (R&D) is outside the campaign's units: he may rate but not be rated.
    with pytest.raises(ServiceError) as error:
        nominate(fb_org, "engineer", campaign.pk, "rep1")
    assert fields(error) == ["campaign"]


def test_the_cap_is_checked_at_nomination_naming_the_rater(fb_org: FbOrg,
                                                           questions: list[Question]) -> None:
    """Cap 1: 郑工 asked by 林小雨 already; 赵磊 asking him too is refused."""
    campaign = open_campaign(fb_org, cap=1)
    nominate(fb_org, "employee", campaign.pk, "engineer", "cross_team")
    with pytest.raises(ServiceError) as error:
        nominate(fb_org, "rep2", campaign.pk, "engineer", "cross_team")
    assert fields(error) == ["rater_id"]
    assert "郑工" in error.value.problems[0].message
    assert "1" in error.value.problems[0].message
    # Through the API: 422 naming the field, the message naming the rater.
    response = fb_org.client("rep2").post(
        f"/api/v1/feedback360/campaigns/{campaign.pk}/nominations",
        {"relationship": "cross_team", "rater_id": fb_org.people["engineer"].pk},
        content_type="application/json")
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "rater_id"
    assert "郑工" in response.json()["detail"][0]["msg"]


def test_the_cap_is_checked_again_at_approval(fb_org: FbOrg, questions: list[Question]) -> None:
    """Two pending requests for 郑工 under cap 2; HR lowers the cap to 1: the first approval
    fits, the second is refused and names him."""
    campaign = open_campaign(fb_org, cap=2)
    first = nominate(fb_org, "employee", campaign.pk, "engineer", "cross_team")
    second = nominate(fb_org, "rep2", campaign.pk, "engineer", "cross_team")
    campaign.max_requests_per_rater = 1
    campaign.save(update_fields=["max_requests_per_rater"])
    nominations.decide_nomination(actor=fb_org.actor("manager"), nomination_id=first.pk,
                                  approve=True)
    with pytest.raises(ServiceError) as error:
        nominations.decide_nomination(actor=fb_org.actor("manager"), nomination_id=second.pk,
                                      approve=True)
    assert fields(error) == ["rater_id"]
    assert "郑工" in error.value.problems[0].message
    second.refresh_from_db()
    assert second.status == NominationStatus.PENDING
    # Rejecting is always possible.
    nominations.decide_nomination(actor=fb_org.actor("manager"), nomination_id=second.pk,
                                  approve=False, note="够了")


def _partner_link(org: FbOrg, campaign_id: int) -> tuple[Nomination, str]:
    mail.outbox.clear()
    nomination = nominate(org, "employee", campaign_id, None, "external_partner",
                          external_name="王总 (客户)", external_email="Wang@Client.example")
    with_token = nominations.decide_nomination(actor=org.actor("manager"),
                                               nomination_id=nomination.pk, approve=True)
    return with_token.nomination, with_token.link


def test_a_partner_answers_once_through_the_link(
        fb_org: FbOrg, questions: list[Question],
        django_capture_on_commit_callbacks: Any) -> None:
    campaign = open_campaign(fb_org)
    with django_capture_on_commit_callbacks(execute=True):
        nomination, link = _partner_link(fb_org, campaign.pk)
    token = link.rstrip("/").rsplit("/", 1)[1]
    # Only the hash is stored, and the link went out by e-mail to the partner.
    nomination.refresh_from_db()
    assert nomination.token_hash == nominations.hash_token(token)
    assert token not in str(
        Nomination.objects.values().get(pk=nomination.pk))
    assert [m.to for m in mail.outbox] == [["wang@client.example"]]
    assert re.search(re.escape(link), mail.outbox[0].body)
    anonymous = Client()
    assert anonymous.get(link).status_code == 200
    bad = {f"q{questions[0].pk}-rating": "5"}
    assert anonymous.post(link, bad).status_code == 422  # two questions unanswered
    good = {f"q{q.pk}-rating": "4" for q in questions}
    assert anonymous.post(link, good).status_code == 200
    assert Answer.objects.filter(nomination=nomination).count() == 3
    # Used: the page says so and takes nothing more.
    assert anonymous.get(link).status_code == 410
    assert anonymous.post(link, good).status_code == 410
    assert Answer.objects.filter(nomination=nomination).count() == 3
    assert anonymous.get("/feedback360/partner/not-a-token/").status_code == 404


def test_an_expired_link_takes_nothing(fb_org: FbOrg, questions: list[Question]) -> None:
    campaign = open_campaign(fb_org)
    nomination, link = _partner_link(fb_org, campaign.pk)
    Nomination.objects.filter(pk=nomination.pk).update(
        token_expires_at=timezone.now() - dt.timedelta(minutes=1))
    good = {f"q{q.pk}-rating": "4" for q in questions}
    response = Client().post(link, good)
    assert response.status_code == 410
    assert Answer.objects.count() == 0
    token = link.rstrip("/").rsplit("/", 1)[1]
    with pytest.raises(ServiceError) as error:
        answers.submit_external(token=token, answers=all_fives(questions))
    assert fields(error) == ["token"]


def test_the_partner_cap_counts_by_email(fb_org: FbOrg, questions: list[Question]) -> None:
    campaign = open_campaign(fb_org, cap=1)
    nominate(fb_org, "employee", campaign.pk, None, "external_partner", external_name="王",
             external_email="wang@client.example")
    with pytest.raises(ServiceError) as error:
        nominate(fb_org, "rep2", campaign.pk, None, "external_partner", external_name="王",
                 external_email="WANG@client.example")
    assert fields(error) == ["external_email"]


def test_a_closed_campaign_takes_no_nominations_or_answers(fb_org: FbOrg,
                                                           questions: list[Question]) -> None:
    from flexperf.feedback.services.campaigns import close_campaign

    campaign = open_campaign(fb_org)
    nomination = nominate(fb_org, "employee", campaign.pk, "rep2")
    nominations.decide_nomination(actor=fb_org.actor("manager"), nomination_id=nomination.pk,
                                  approve=True)
    close_campaign(actor=fb_org.actor("hr_admin"), campaign_id=campaign.pk)
    with pytest.raises(ServiceError) as error:
        answers.submit_answers(actor=fb_org.actor("rep2"), nomination_id=nomination.pk,
                               answers=all_fives(questions))
    assert fields(error) == ["campaign"]
    with pytest.raises(ServiceError):
        nominate(fb_org, "employee", campaign.pk, "engineer")


def test_questions_are_managed_by_hr_admins_over_the_api(fb_org: FbOrg) -> None:
    hr = fb_org.client("hr_admin")
    created = hr.post("/api/v1/feedback360/questions",
                      {"competency": "创新", "text": "提出新办法"},
                      content_type="application/json")
    assert created.status_code == 201
    qid = created.json()["id"]
    assert hr.patch(f"/api/v1/feedback360/questions/{qid}", {"active": False},
                    content_type="application/json").json()["active"] is False
    assert fb_org.client("manager").post(
        "/api/v1/feedback360/questions", {"competency": "x", "text": "y"},
        content_type="application/json").status_code == 403
    bad = hr.post("/api/v1/feedback360/questions", {"competency": "", "text": "y"},
                  content_type="application/json")
    assert bad.status_code == 422
    assert bad.json()["detail"][0]["field"] == "competency"
    assert [q["id"] for q in fb_org.client("employee").get(
        "/api/v1/feedback360/questions").json()] == [qid]
    assert fb_org.client("partner").get("/api/v1/feedback360/questions").status_code == 403


def test_the_whole_flow_over_the_api(fb_org: FbOrg, questions: list[Question]) -> None:
    hr = fb_org.client("hr_admin")
    today = timezone.localdate()
    created = hr.post("/api/v1/feedback360/campaigns", {
        "name": "API 360", "period": "2026-H1", "units": ["SE"],
        "opens_on": today.isoformat(), "closes_on": today.isoformat(),
        "max_requests_per_rater": 2}, content_type="application/json")
    assert created.status_code == 201, created.content
    cid = created.json()["id"]
    nominated = fb_org.client("employee").post(
        f"/api/v1/feedback360/campaigns/{cid}/nominations",
        {"relationship": "peer", "rater_id": fb_org.people["rep2"].pk},
        content_type="application/json")
    assert nominated.status_code == 201
    nid = nominated.json()["id"]
    queue = fb_org.client("manager").get("/api/v1/feedback360/approvals").json()
    assert [n["id"] for n in queue] == [nid]
    decided = fb_org.client("manager").post(f"/api/v1/feedback360/nominations/{nid}/decision",
                                            {"approve": True}, content_type="application/json")
    assert decided.json()["status"] == "approved"
    rep2 = fb_org.client("rep2")
    assert [n["id"] for n in rep2.get("/api/v1/feedback360/assignments").json()] == [nid]
    answered = rep2.post(f"/api/v1/feedback360/nominations/{nid}/answers", {"answers": [
        {"question_id": q.pk, "rating": 3} for q in questions]},
        content_type="application/json")
    assert answered.status_code == 204
    bad = rep2.post(f"/api/v1/feedback360/nominations/{nid}/answers", {"answers": [
        {"question_id": questions[0].pk, "rating": 9}]}, content_type="application/json")
    assert bad.status_code == 422
    assert bad.json()["detail"][0]["field"] == "answers.0.rating"
    assert hr.post(f"/api/v1/feedback360/campaigns/{cid}/close").json()["status"] == "closed"
    # One peer answered: the results exist and show nothing.
    results = fb_org.client("employee").get(
        f"/api/v1/feedback360/campaigns/{cid}/results/{fb_org.people['rep1'].pk}").json()
    assert results["groups"] == []
    assert results["cells"] == []


def test_someone_new_under_the_manager_is_covered(fb_org: FbOrg,
                                                  questions: list[Question]) -> None:
    campaign = open_campaign(fb_org)
    newcomer = f.person("新人", fb_org.org.units["SE"], fb_org.people["sales_head"])
    f.user("newcomer", newcomer)
    fb_org.users["newcomer"] = newcomer.user  # type: ignore[assignment]
    assert nominate(fb_org, "newcomer", campaign.pk, "rep2").subject == newcomer


def test_a_rejected_rater_may_be_nominated_again_and_the_rejection_stays(
        fb_org: FbOrg, questions: list[Question]) -> None:
    campaign = open_campaign(fb_org)
    first = nominate(fb_org, "employee", campaign.pk, "rep2")
    nominations.decide_nomination(actor=fb_org.actor("manager"), nomination_id=first.pk,
                                  approve=False)
    again = nominate(fb_org, "employee", campaign.pk, "rep2")
    assert list(Nomination.objects.order_by("pk").values_list("status", flat=True)) == [
        "rejected", "pending"]
    assert again.pk != first.pk


def test_campaigns_past_their_last_day_are_closed_by_the_daily_job(
        fb_org: FbOrg, questions: list[Question]) -> None:
    from flexperf.feedback.models import Campaign
    from flexperf.feedback.services.campaigns import close_due_campaigns

    campaign = open_campaign(fb_org)  # closes in 30 days
    assert close_due_campaigns(actor=fb_org.actor("hr_admin"),
                               today=campaign.closes_on) == []
    assert close_due_campaigns(actor=fb_org.actor("hr_admin"),
                               today=campaign.closes_on + dt.timedelta(days=1)) == [campaign.pk]
    assert Campaign.objects.get().status == "closed"
