"""GET /api/v1/notifications, POST …/{id}/read, POST …/read-all (router mounted here until
flexperf/api.py registers it)."""

from __future__ import annotations

import pytest
from django.urls import path
from ninja import NinjaAPI

from flexperf.accounts.api_auth import SessionActorAuth, TokenAuth
from flexperf.api import api as main_api
from flexperf.notifications.api import router
from flexperf.notifications.services import notify
from tests.conftest import SmallOrg

test_api = NinjaAPI(auth=[TokenAuth(), SessionActorAuth()], urls_namespace="notifications-test")
test_api.add_router("", router)
for exception, handler in main_api._exception_handlers.items():
    test_api.add_exception_handler(exception, handler)
urlpatterns = [path("api/v1/", test_api.urls)]

pytestmark = pytest.mark.urls(__name__)


def test_you_page_through_your_own_notifications_newest_first(small_org: SmallOrg) -> None:
    for i in range(3):
        notify(recipients=[small_org.users["employee"]], kind="test", title=f"n{i}",
               url=f"/goals/{i}/")
    notify(recipients=[small_org.users["manager"]], kind="test", title="not yours")
    client = small_org.client("employee")
    page = client.get("/api/v1/notifications?page_size=2").json()
    assert page["count"] == 3
    assert [n["title"] for n in page["items"]] == ["n2", "n1"]
    assert page["items"][0]["url"] == "/goals/2/"
    assert client.get("/api/v1/notifications/unread-count").json() == {"unread": 3}


def test_reading_one_then_all(small_org: SmallOrg) -> None:
    rows = [notify(recipients=[small_org.users["employee"]], kind="test", title=f"n{i}")[0]
            for i in range(3)]
    client = small_org.client("employee")
    read = client.post(f"/api/v1/notifications/{rows[0].pk}/read")
    assert read.status_code == 200
    assert read.json()["read_at"] is not None
    unread = client.get("/api/v1/notifications?unread=true").json()["items"]
    assert [n["title"] for n in unread] == ["n2", "n1"]
    already = client.get("/api/v1/notifications?unread=false").json()["items"]
    assert [n["title"] for n in already] == ["n0"]
    assert client.post("/api/v1/notifications/read-all").json() == {"marked": 2}
    assert client.get("/api/v1/notifications/unread-count").json() == {"unread": 0}


def test_someone_elses_notification_is_404(small_org: SmallOrg) -> None:
    theirs = notify(recipients=[small_org.users["manager"]], kind="test", title="x")[0]
    response = small_org.client("employee").post(f"/api/v1/notifications/{theirs.pk}/read")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_signed_out_callers_get_401(small_org: SmallOrg) -> None:
    from django.test import Client

    assert Client().get("/api/v1/notifications").status_code == 401
