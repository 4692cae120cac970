"""Giving feedback and asking for it (C3)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from flexperf.audit.models import AuditEntry
from flexperf.core.errors import Forbidden, NotFound, ServiceError
from flexperf.core.events import Event
from flexperf.feedback.events import FeedbackGiven
from flexperf.feedback.models import Feedback, FeedbackRequest, RequestStatus
from flexperf.feedback.services import feedback as services
from flexperf.feedback.services.feedback import FeedbackIn
from flexperf.notifications.models import Notification
from tests.feedback.conftest import FbOrg
from tests.goals import factories as gf


def give(org: FbOrg, who: str, to: str, **kw: Any) -> Feedback:
    data = {"kind": "praise", "text": "好样的", "visibility": "manager", **kw}
    return services.give_feedback(actor=org.actor(who), data=FeedbackIn(
        recipient_id=org.people[to].pk, **data)).feedback


def problem_fields(error: pytest.ExceptionInfo[ServiceError]) -> list[str]:
    return [p.field for p in error.value.problems]


def test_feedback_goes_from_giver_to_recipient_with_notification_and_event(
        fb_org: FbOrg, django_capture_on_commit_callbacks: Callable[..., Any]) -> None:
    seen: list[Event] = []
    from flexperf.core import events
    events.subscribe(FeedbackGiven)(seen.append)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            row = give(fb_org, "employee", "rep2", kind="constructive", behaviour="客户导向")
    finally:
        events._handlers[FeedbackGiven].remove(seen.append)
    assert (row.giver, row.recipient, row.kind, row.behaviour) == (
        fb_org.people["rep1"], fb_org.people["rep2"], "constructive", "客户导向")
    assert Notification.objects.filter(recipient=fb_org.users["rep2"],
                                       kind="feedback.received").count() == 1
    assert [(e.feedback_id, e.kind, e.visibility) for e in seen if
            isinstance(e, FeedbackGiven)] == [(row.pk, "constructive", "manager")]


def test_the_audit_entry_names_the_people_but_never_holds_the_text(fb_org: FbOrg) -> None:
    row = give(fb_org, "employee", "rep2", visibility="private", text="只给你看的秘密")
    entry = AuditEntry.objects.get(object_type="feedback.feedback", object_id=str(row.pk))
    assert entry.changes["visibility"] == [None, "private"]
    assert "只给你看的秘密" not in str(entry.changes) + entry.object_repr + str(entry.context)


def test_no_feedback_to_oneself(fb_org: FbOrg) -> None:
    with pytest.raises(ServiceError) as error:
        give(fb_org, "employee", "rep1")
    assert problem_fields(error) == ["recipient"]


@pytest.mark.parametrize(("field", "kw"), [
    ("kind", {"kind": "gossip"}), ("visibility", {"visibility": "everyone"}),
    ("text", {"text": "   "}),
])
def test_bad_input_names_its_field_and_writes_nothing(fb_org: FbOrg, field: str,
                                                      kw: dict[str, str]) -> None:
    with pytest.raises(ServiceError) as error:
        give(fb_org, "employee", "rep2", **kw)
    assert problem_fields(error) == [field]
    assert Feedback.objects.count() == 0


def test_a_leaver_or_unknown_person_is_not_a_recipient(fb_org: FbOrg) -> None:
    with pytest.raises(ServiceError) as error:
        give(fb_org, "employee", "leaver")
    assert problem_fields(error) == ["recipient"]


def test_someone_without_a_person_record_cannot_give(fb_org: FbOrg) -> None:
    with pytest.raises(Forbidden):
        give(fb_org, "partner", "rep2")


def test_the_goal_must_be_visible_to_the_giver(fb_org: FbOrg) -> None:
    # rep2's own goal: rep1 (a peer) cannot see it, the manager 陈经理 can.
    goal = gf.kpi_goal(fb_org.people["rep2"])
    with pytest.raises(ServiceError) as error:
        give(fb_org, "employee", "rep2", goal_id=goal.pk)
    assert problem_fields(error) == ["goal_id"]
    assert give(fb_org, "manager", "rep2", goal_id=goal.pk).goal == goal


def test_request_answer_links_the_feedback_and_notifies(fb_org: FbOrg) -> None:
    req = services.request_feedback(actor=fb_org.actor("employee"),
                                    requested_id=fb_org.people["rep2"].pk,
                                    question="我的季度汇报怎么样？")
    assert Notification.objects.filter(recipient=fb_org.users["rep2"],
                                       kind="feedback.requested").count() == 1
    # Only the asked colleague answers; anyone else does not even see the request.
    with pytest.raises(NotFound):
        services.answer_request(actor=fb_org.actor("manager"), request_id=req.pk,
                                kind="praise", text_="x")
    answer = services.answer_request(actor=fb_org.actor("rep2"), request_id=req.pk,
                                     kind="suggestion", text_="多用数据")
    req.refresh_from_db()
    assert (answer.request, answer.giver, answer.recipient, req.status) == (
        req, fb_org.people["rep2"], fb_org.people["rep1"], RequestStatus.ANSWERED)
    with pytest.raises(ServiceError) as error:
        services.answer_request(actor=fb_org.actor("rep2"), request_id=req.pk,
                                kind="praise", text_="again")
    assert problem_fields(error) == ["status"]
    assert Feedback.objects.count() == 1


def test_the_requester_cannot_answer_own_request_and_decline_closes_it(fb_org: FbOrg) -> None:
    req = services.request_feedback(actor=fb_org.actor("employee"),
                                    requested_id=fb_org.people["rep2"].pk, question="?")
    with pytest.raises(NotFound):
        services.decline_request(actor=fb_org.actor("employee"), request_id=req.pk)
    services.decline_request(actor=fb_org.actor("rep2"), request_id=req.pk, reason="太忙")
    assert FeedbackRequest.objects.get().status == RequestStatus.DECLINED
    assert Notification.objects.filter(recipient=fb_org.users["employee"],
                                       kind="feedback.declined").count() == 1


def test_no_request_to_oneself(fb_org: FbOrg) -> None:
    with pytest.raises(ServiceError) as error:
        services.request_feedback(actor=fb_org.actor("employee"),
                                  requested_id=fb_org.people["rep1"].pk, question="?")
    assert problem_fields(error) == ["requested"]
