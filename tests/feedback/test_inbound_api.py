"""The inbound API a chat tool uses: POST /api/v1/feedback with a bearer token."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from flexperf.feedback.models import Feedback
from tests.feedback.conftest import FbOrg


def post(org: FbOrg, body: dict[str, Any], *, token: str | None = None) -> Any:
    return Client().post("/api/v1/feedback", body, content_type="application/json",
                         HTTP_AUTHORIZATION=f"Bearer {token or org.token('employee')}")


@pytest.mark.parametrize("by", ["id", "employee_number", "username"])
def test_recipient_by_id_employee_number_or_username(fb_org: FbOrg, by: str) -> None:
    rep2 = fb_org.people["rep2"]
    named = {"id": {"recipient_id": rep2.pk},
             "employee_number": {"recipient_employee_number": rep2.employee_number},
             "username": {"recipient_username": "rep2"}}[by]
    response = post(fb_org, {**named, "kind": "praise", "text": "👍 demo 讲得好",
                             "source": "chat"})
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["giver"]["id"], body["recipient"]["id"], body["source"]) == (
        fb_org.people["rep1"].pk, rep2.pk, "chat")


def test_the_same_chat_message_twice_is_one_feedback(fb_org: FbOrg) -> None:
    token = fb_org.token("employee")
    body = {"recipient_username": "rep2", "kind": "praise", "text": "谢谢支援",
            "source": "chat", "external_id": "msg-42"}
    first = post(fb_org, body, token=token)
    again = post(fb_org, {**body, "text": "edited text"}, token=token)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    assert again.json()["text"] == "谢谢支援"
    assert Feedback.objects.count() == 1
    # The same external id from another source is another message.
    other = post(fb_org, {**body, "source": "mail"}, token=token)
    assert other.status_code == 201
    assert Feedback.objects.count() == 2


def test_someone_else_cannot_reuse_an_external_id(fb_org: FbOrg) -> None:
    body = {"recipient_username": "rep2", "kind": "praise", "text": "x", "source": "chat",
            "external_id": "msg-1"}
    assert post(fb_org, body).status_code == 201
    response = post(fb_org, {**body, "recipient_username": "employee"},
                    token=fb_org.token("manager"))
    assert response.status_code == 422
    assert [d["field"] for d in response.json()["detail"]] == ["external_id"]


@pytest.mark.parametrize(("body", "field"), [
    ({"kind": "praise", "text": "x"}, "recipient"),
    ({"recipient_id": 1, "recipient_username": "rep2", "kind": "praise", "text": "x"},
     "recipient"),
    ({"recipient_username": "nobody", "kind": "praise", "text": "x"}, "recipient"),
    ({"recipient_username": "rep2", "kind": "gossip", "text": "x"}, "kind"),
    ({"recipient_username": "rep2", "kind": "praise", "text": ""}, "text"),
    ({"recipient_username": "rep2", "kind": "praise", "text": "x", "visibility": "all"},
     "visibility"),
    ({"recipient_username": "employee", "kind": "praise", "text": "x"}, "recipient"),
    ({"recipient_username": "rep2", "kind": "praise", "text": "x", "goal_id": 999999},
     "goal_id"),
])
def test_bad_input_is_422_naming_the_field(fb_org: FbOrg, body: dict[str, Any],
                                           field: str) -> None:
    response = post(fb_org, body)
    assert response.status_code == 422, response.content
    assert field in [d["field"] for d in response.json()["detail"]]
    assert Feedback.objects.count() == 0


def test_a_read_only_token_cannot_post_and_no_token_is_401(fb_org: FbOrg) -> None:
    body = {"recipient_username": "rep2", "kind": "praise", "text": "x"}
    assert post(fb_org, body, token=fb_org.token("employee", ["read"])).status_code == 403
    assert Client().post("/api/v1/feedback", body,
                         content_type="application/json").status_code == 401
    assert Feedback.objects.count() == 0


def test_a_partner_token_cannot_give_feedback(fb_org: FbOrg) -> None:
    body = {"recipient_username": "rep2", "kind": "praise", "text": "x"}
    assert post(fb_org, body, token=fb_org.token("partner")).status_code == 403


def test_requests_over_the_api(fb_org: FbOrg) -> None:
    auth = {"HTTP_AUTHORIZATION": f"Bearer {fb_org.token('employee')}"}
    created = Client().post("/api/v1/feedback/requests",
                            {"requested_id": fb_org.people["rep2"].pk, "question": "如何?"},
                            content_type="application/json", **auth)
    assert created.status_code == 201
    rid = created.json()["id"]
    rep2 = {"HTTP_AUTHORIZATION": f"Bearer {fb_org.token('rep2')}"}
    incoming = Client().get("/api/v1/feedback/requests?box=incoming", **rep2).json()
    assert [r["id"] for r in incoming] == [rid]
    answered = Client().post(f"/api/v1/feedback/requests/{rid}/answer",
                             {"kind": "suggestion", "text": "多举例"},
                             content_type="application/json", **rep2)
    assert answered.status_code == 201
    assert answered.json()["request_id"] == rid
    # The requester's own outgoing list shows it answered; a third person sees nothing.
    outgoing = Client().get("/api/v1/feedback/requests?box=outgoing", **auth).json()
    assert [r["status"] for r in outgoing] == ["answered"]
    manager = {"HTTP_AUTHORIZATION": f"Bearer {fb_org.token('manager')}"}
    assert Client().post(f"/api/v1/feedback/requests/{rid}/decline", {},
                         content_type="application/json", **manager).status_code == 404
