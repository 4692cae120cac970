from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from flexperf.audit.models import AuditEntry
from flexperf.signals.models import Source, WorkEvent
from flexperf.signals.services import refresh_features
from tests.conftest import SmallOrg
from tests.signals.helpers import send, source

Q = "?end=2026-03-08&weeks=4"


def _features(org: SmallOrg) -> None:
    source()
    send("jira", *[{"external_id": f"h{i}", "kind": "task_completed",
                    "person": org.people["rep1"].employee_number,
                    "occurred_at": f"2026-03-0{i + 2}T21:00:00", "hours": 12} for i in range(5)])
    refresh_features()


@pytest.mark.parametrize(("role", "status"), [("hr_admin", 200), ("hrbp", 403),
                                              ("manager", 403), ("employee", 403)])
def test_admin_pages_are_for_hr_admins(small_org: SmallOrg, role: str, status: int) -> None:
    client = small_org.client(role)
    for url in ("/signals/sources/", "/signals/batches/", "/signals/upload/"):
        assert client.get(url).status_code == status, url


def test_adding_a_source_shows_its_secret_once_and_errors_rerender(small_org: SmallOrg) -> None:
    client = small_org.client("hr_admin")
    page = client.post("/signals/sources/", {"code": "jira", "name": "Jira", "kind": "tracker",
                                             "enabled": "on"})
    assert page.status_code == 200
    assert b"whsec_" in page.content
    assert b"whsec_" not in client.get("/signals/sources/").content
    again = client.post("/signals/sources/", {"code": "jira", "name": "J", "kind": "tracker"})
    assert again.status_code == 422
    client.post("/signals/sources/jira/disable/")
    assert not Source.objects.get().enabled


def test_upload_page_stores_good_rows_and_links_the_log(small_org: SmallOrg) -> None:
    source()
    number = small_org.people["rep1"].employee_number
    data = ("external_id,kind,person,occurred_at,hours,text\n"
            f"a,meeting,{number},2026-03-03T10:00:00,1,secret words\n"
            "b,meeting,nobody,2026-03-03T10:00:00,1,\n").encode()
    client = small_org.client("hr_admin")
    response = client.post("/signals/upload/", {
        "source": "jira", "format": "auto",
        "file": SimpleUploadedFile("events.csv", data, content_type="text/csv")})
    assert response.status_code == 302
    detail = client.get(response["Location"])
    assert b"nobody" in detail.content
    assert b"secret words" not in detail.content
    assert WorkEvent.objects.get().metadata == {}


@pytest.mark.parametrize(("role", "status"), [("employee", 200), ("manager", 200),
                                              ("hrbp", 200), ("hr_admin", 200),
                                              ("executive", 404), ("partner", 404)])
def test_person_page_role_matrix(small_org: SmallOrg, role: str, status: int) -> None:
    _features(small_org)
    rep1 = small_org.people["rep1"].pk
    before = AuditEntry.objects.filter(object_type="signals.personweekfeatures").count()
    response = small_org.client(role).get(f"/signals/people/{rep1}/{Q}")
    assert response.status_code == status
    after = AuditEntry.objects.filter(object_type="signals.personweekfeatures").count()
    assert after - before == (1 if status == 200 and role != "employee" else 0)
    if status == 200:
        assert b"<polyline" in response.content


def test_team_dashboard_flags_the_overloaded(small_org: SmallOrg) -> None:
    _features(small_org)
    response = small_org.client("manager").get(f"/signals/team/{Q}")
    assert response.status_code == 200
    assert b'id="overloaded"' in response.content
    assert "林小雨".encode() in response.content
    assert small_org.client("employee").get("/signals/team/").status_code == 403
