"""The inbox: acknowledge, act (which action), dismiss (reason required) — through the services,
the API (422 naming the field) and the pages (the form again with the message); final states
stay final; the person an insight is about cannot decide it; every change is audited without
the note or the reason."""

from __future__ import annotations

import pytest

from flexperf.audit.models import AuditEntry
from flexperf.core.errors import Forbidden, NotFound, ServiceError
from flexperf.insights import services
from flexperf.insights.models import Insight, Status
from tests.insights.conftest import InsightOrg
from tests.pages.conftest import field_errors, page


def _problem_fields(error: pytest.ExceptionInfo[ServiceError]) -> set[str]:
    return {p.field for p in error.value.problems}


def test_transitions_and_refusals(io: InsightOrg) -> None:
    manager = io.actor("manager")
    overload = io.insights["overload"]
    acknowledged = services.acknowledge(actor=manager, insight_id=overload.pk)
    assert acknowledged.status == Status.ACKNOWLEDGED
    assert acknowledged.acknowledged_at is not None
    with pytest.raises(ServiceError) as caught:
        services.acknowledge(actor=manager, insight_id=overload.pk)
    assert _problem_fields(caught) == {"status"}
    with pytest.raises(ServiceError) as caught:
        services.act(actor=manager, insight_id=overload.pk, action="pray")
    assert _problem_fields(caught) == {"action"}
    acted = services.act(actor=manager, insight_id=overload.pk, action="rebalance",
                         note="把两个项目移交给赵磊")
    assert (acted.status, acted.action, acted.note) == (Status.ACTED, "rebalance",
                                                        "把两个项目移交给赵磊")
    assert acted.decided_by_id == io.users["manager"].pk
    for call in (lambda: services.dismiss(actor=manager, insight_id=overload.pk, reason="x"),
                 lambda: services.act(actor=manager, insight_id=overload.pk,
                                      action="check_in")):
        with pytest.raises(ServiceError) as caught:
            call()
        assert _problem_fields(caught) == {"status"}

    team = io.insights["team"]
    for reason in ("", "   "):
        with pytest.raises(ServiceError) as caught:
            services.dismiss(actor=manager, insight_id=team.pk, reason=reason)
        assert _problem_fields(caught) == {"reason"}
    dismissed = services.dismiss(actor=manager, insight_id=team.pk, reason="季节性波动")
    assert (dismissed.status, dismissed.dismiss_reason) == (Status.DISMISSED, "季节性波动")

    # the changes are audited: status and action, never the note or the reason
    entries = AuditEntry.objects.filter(object_type="insights.insight", action="update",
                                        actor_username="manager").order_by("seq")
    assert [e.changes for e in entries] == [
        {"status": ["open", "acknowledged"]},
        {"status": ["acknowledged", "acted"], "action": ["", "rebalance"]},
        {"status": ["open", "dismissed"]},
    ]
    assert "移交" not in str([e.context for e in entries])
    assert "季节性" not in str([e.context for e in entries])


def test_who_may_decide(io: InsightOrg) -> None:
    overload = io.insights["overload"]
    # the person it is about sees it but cannot decide it
    with pytest.raises(Forbidden):
        services.acknowledge(actor=io.actor("employee"), insight_id=overload.pk)
    # someone outside the scope does not find it
    for who in ("rep2", "engineer", "executive", "auditor"):
        with pytest.raises(NotFound):
            services.dismiss(actor=io.actor(who), insight_id=overload.pk, reason="no")
    # HR in scope and the manager chain may
    services.acknowledge(actor=io.actor("hrbp"), insight_id=overload.pk)
    services.act(actor=io.actor("ceo"), insight_id=overload.pk, action="support")
    assert Insight.objects.get(pk=overload.pk).status == Status.ACTED


def test_api(io: InsightOrg) -> None:
    client = io.client("manager")
    attrition = io.insights["attrition"]
    url = f"/api/v1/insights/{attrition.pk}"
    body = client.get(url).json()
    assert body["kind"] == "attrition_risk"
    assert body["probability"] == 0.62
    assert body["recommended_actions"][0]["code"] == "check_in"
    assert body["reasons"][0]["params"] == {"percent": 62, "threshold": 50, "band": "high"}
    assert "62" in body["reasons"][0]["text"]

    response = client.post(f"{url}/dismiss", {}, content_type="application/json")
    assert response.status_code == 422
    assert [d["field"] for d in response.json()["detail"]] == ["reason"]
    response = client.post(f"{url}/act", {"action": "nothing"},
                           content_type="application/json")
    assert response.status_code == 422
    assert [d["field"] for d in response.json()["detail"]] == ["action"]
    response = client.post(f"{url}/acknowledge")
    assert response.status_code == 200
    assert response.json()["status"] == "acknowledged"
    response = client.post(f"{url}/act", {"action": "check_in", "note": "周五 1:1"},
                           content_type="application/json")
    assert response.json()["status"] == "acted"
    assert response.json()["action"] == "check_in"
    response = client.post(f"{url}/acknowledge")
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "status"
    # the person it is about may not act on their overload insight
    overload = io.insights["overload"]
    response = io.client("employee").post(f"/api/v1/insights/{overload.pk}/acknowledge")
    assert response.status_code == 403
    # filters
    rows = client.get("/api/v1/insights?status=acted").json()
    assert [r["id"] for r in rows] == [attrition.pk]


def test_pages_act_and_dismiss(io: InsightOrg) -> None:
    client = io.client("manager")
    help_ = io.insights["help"]
    inbox = client.get("/insights/")
    root = page(inbox)
    assert len(root.find_all("section", cls="insight")) == 4
    detail = f"/insights/{help_.pk}/"
    assert "Give recognition" in client.get(detail).content.decode()

    response = client.post(f"/insights/{help_.pk}/dismiss/", {"reason": "", "next": "/insights/"})
    errors = field_errors(page(response, status=422))
    assert "reason" in errors
    response = client.post(f"/insights/{help_.pk}/act/", {"action": "bogus"})
    assert "action" in field_errors(page(response, status=422))
    assert Insight.objects.get(pk=help_.pk).status == Status.OPEN

    response = client.post(f"/insights/{help_.pk}/acknowledge/", {"next": "/insights/"})
    assert response.status_code == 302
    assert response["Location"] == "/insights/"
    response = client.post(f"/insights/{help_.pk}/act/", {"action": "recognition",
                                                          "note": "在周会上表扬"})
    assert response.status_code == 302
    assert Insight.objects.get(pk=help_.pk).action == "recognition"
    # a second decision: the detail page again, with the message
    response = client.post(f"/insights/{help_.pk}/dismiss/", {"reason": "late"})
    assert response.status_code == 422
    assert "already" in response.content.decode()

    team = io.insights["team"]
    response = client.post(f"/insights/{team.pk}/dismiss/", {"reason": "已在处理",
                                                             "next": "https://evil.example/"})
    assert response.status_code == 302
    assert response["Location"] == f"/insights/{team.pk}/"  # no open redirect
    assert Insight.objects.get(pk=team.pk).status == Status.DISMISSED


def test_settings_api_and_page(io: InsightOrg) -> None:
    client = io.client("hr_admin")
    assert client.get("/api/v1/insights/settings").json()["overload_weeks"] == 4
    response = client.put("/api/v1/insights/settings", {"overload_weeks": 0, "lag_share": 2},
                          content_type="application/json")
    assert response.status_code == 422
    assert {d["field"] for d in response.json()["detail"]} == {"overload_weeks", "lag_share"}
    response = client.put("/api/v1/insights/settings", {"overload_hours": 48},
                          content_type="application/json")
    assert response.status_code == 200
    assert response.json()["overload_hours"] == 48
    assert response.json()["overload_weeks"] == 4
    assert io.client("manager").put("/api/v1/insights/settings", {"overload_hours": 40},
                                    content_type="application/json").status_code == 403

    response = client.post("/insights/settings/", {"drought_weeks": "99"})
    assert "drought_weeks" in field_errors(page(response, status=422))
    response = client.post("/insights/settings/", {"drought_weeks": "8"})
    assert response.status_code == 302
    body = client.get("/api/v1/insights/settings").json()
    assert (body["drought_weeks"], body["overload_hours"]) == (8, 48)
    assert AuditEntry.objects.filter(object_type="insights.insightsettings").count() == 2
