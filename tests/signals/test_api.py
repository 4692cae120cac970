from __future__ import annotations

import json
import time
from typing import Any

import pytest

from flexperf.signals import secrets
from flexperf.signals.models import IngestionBatch, WebhookDelivery, WorkEvent
from flexperf.signals.services import refresh_features
from tests.conftest import SmallOrg
from tests.signals.helpers import send, source


def line(n: int, person: str, **kw: object) -> str:
    row = {"external_id": f"e{n}", "kind": "task_completed", "person": person,
           "occurred_at": "2026-03-03T10:00:00+08:00", "hours": 1, **kw}
    return json.dumps(row)


def test_bulk_ndjson_is_stored_once_and_bad_lines_named(small_org: SmallOrg) -> None:
    source()
    number = small_org.people["rep1"].employee_number
    body = "\n".join([line(1, number), line(2, "nobody"), "", line(3, number)]) + "\n"
    client = small_org.client("hr_admin")
    url = "/api/v1/signals/events/bulk?source=jira"
    first = client.post(url, body, content_type="application/x-ndjson")
    assert first.status_code == 200, first.content
    data = first.json()
    assert (data["accepted"], data["rejected"]) == (2, 1)
    assert data["rejects"][0]["line"] == 2
    assert data["rejects"][0]["field"] == "person"
    again = client.post(url, body, content_type="application/x-ndjson").json()
    assert (again["accepted"], again["duplicates"]) == (0, 2)
    assert WorkEvent.objects.count() == 2
    atomic = client.post(url + "&atomic=true", body, content_type="application/x-ndjson")
    assert atomic.status_code == 422
    assert atomic.json()["detail"][0]["row"] == 2


@pytest.mark.parametrize("role", ["employee", "manager", "hrbp", "auditor", "partner"])
def test_only_hr_admins_use_sources_and_ingestion(small_org: SmallOrg, role: str) -> None:
    source()
    client = small_org.client(role)
    assert client.get("/api/v1/signals/sources").status_code == 403
    assert client.get("/api/v1/signals/batches").status_code == 403
    assert client.post("/api/v1/signals/events/bulk?source=jira", "",
                       content_type="application/x-ndjson").status_code == 403


def test_sources_api_shows_the_secret_once(small_org: SmallOrg) -> None:
    client = small_org.client("hr_admin")
    made = client.post("/api/v1/signals/sources", {"code": "crm", "name": "CRM",
                                                   "kind": "crm"}, content_type="application/json")
    assert made.status_code == 201
    assert made.json()["secret"].startswith("whsec_")
    listed = client.get("/api/v1/signals/sources").json()
    assert listed[0]["code"] == "crm"
    assert "secret" not in listed[0]
    bad = client.post("/api/v1/signals/sources", {"code": "CRM!", "name": "", "kind": "x"},
                      content_type="application/json")
    assert bad.status_code == 422
    assert sorted(d["field"] for d in bad.json()["detail"]) == ["code", "kind", "name"]
    assert client.post("/api/v1/signals/sources/crm/disable").json()["enabled"] is False
    rotated = client.post("/api/v1/signals/sources/crm/rotate-secret").json()
    assert rotated["secret"] != made.json()["secret"]


def _signed(secret: str, body: bytes, ts: int | None = None) -> dict[str, Any]:
    stamp = str(ts if ts is not None else int(time.time()))
    return {"HTTP_X_FLEXPERF_TIMESTAMP": stamp,
            "HTTP_X_FLEXPERF_SIGNATURE": secrets.sign(secret, stamp, body)}


def test_webhook_signature_staleness_and_replay(small_org: SmallOrg, client: object) -> None:
    from django.test import Client

    _src, secret = source("hook")
    body = json.dumps({"external_id": "w1", "kind": "meeting", "hours": 1.5,
                       "person": small_org.people["rep2"].employee_number,
                       "occurred_at": "2026-03-04T15:00:00+08:00"}).encode()
    anonymous = Client()
    url = "/api/v1/signals/webhook/hook"
    ok = anonymous.post(url, body, content_type="application/json", **_signed(secret, body))
    assert ok.status_code == 200
    assert ok.json()["accepted"] == 1
    replay = anonymous.post(url, body, content_type="application/json",
                            **_signed(secret, body, int(ok.request["HTTP_X_FLEXPERF_TIMESTAMP"])))
    assert replay.status_code == 409
    wrong = anonymous.post(url, body, content_type="application/json",
                           **_signed("whsec_wrong", body))
    assert wrong.status_code == 401
    stale = anonymous.post(url, body, content_type="application/json",
                           **_signed(secret, body, int(time.time()) - 301))
    assert stale.status_code == 401
    tampered = _signed(secret, body)
    assert anonymous.post(url, body + b" ", content_type="application/json",
                          **tampered).status_code == 401
    assert anonymous.post("/api/v1/signals/webhook/nope", body, content_type="application/json",
                          **_signed(secret, body)).status_code == 404
    assert WorkEvent.objects.count() == 1
    assert WebhookDelivery.objects.count() == 1
    assert IngestionBatch.objects.get().actor_username == "webhook:hook"


def test_webhook_of_a_disabled_source_is_refused(small_org: SmallOrg) -> None:
    from django.test import Client

    _src, secret = source("off", enabled=False)
    body = b"{}"
    response = Client().post("/api/v1/signals/webhook/off", body,
                             content_type="application/json", **_signed(secret, body))
    assert response.status_code == 403
    assert "switched off" in response.json()["detail"]


WEEK = {"start": "2026-03-02", "end": "2026-03-08"}


def _with_features(org: SmallOrg) -> None:
    source()
    send("jira", {"external_id": "a", "kind": "task_completed",
                  "person": org.people["rep1"].employee_number,
                  "occurred_at": "2026-03-03T10:00:00", "hours": 3})
    refresh_features()


@pytest.mark.parametrize(("role", "status"), [
    ("employee", 200), ("manager", 200), ("hrbp", 200), ("hr_admin", 200),
    ("executive", 404), ("auditor", 404), ("partner", 404)])
def test_person_weeks_role_matrix(small_org: SmallOrg, role: str, status: int) -> None:
    _with_features(small_org)
    rep1 = small_org.people["rep1"].pk
    response = small_org.client(role).get(f"/api/v1/signals/people/{rep1}/weeks", WEEK)
    assert response.status_code == status
    if status == 200:
        assert response.json()["weeks"][0]["hours"] == 3.0


def test_a_colleague_cannot_read_another_persons_signals(small_org: SmallOrg) -> None:
    _with_features(small_org)
    rep2 = small_org.people["rep2"].pk
    assert small_org.client("employee").get(
        f"/api/v1/signals/people/{rep2}/weeks", WEEK).status_code == 404


@pytest.mark.parametrize(("role", "status"), [
    ("manager", 200), ("hr_admin", 200), ("hrbp", 200), ("employee", 404), ("executive", 404)])
def test_team_weeks_role_matrix(small_org: SmallOrg, role: str, status: int) -> None:
    _with_features(small_org)
    head = small_org.people["sales_head"].pk
    response = small_org.client(role).get(f"/api/v1/signals/teams/{head}/weeks", WEEK)
    assert response.status_code == status
    if status == 200:
        body = response.json()
        assert body["weeks"][0]["people"] == 2  # rep1 and rep2 (the leaver had left)
        assert body["weeks"][0]["hours"] == 1.5
