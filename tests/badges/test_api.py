"""The badges API: role matrix for reads, 422 naming the field, 403 for roles, public verify."""

from __future__ import annotations

import pytest
from django.test import Client

from flexperf.accounts.models import User
from flexperf.badges import services
from flexperf.core.actors import Actor
from tests.conftest import SmallOrg


@pytest.fixture
def awards(small_org: SmallOrg) -> dict[str, int]:
    system = Actor.system()
    return {key: services.award_badge(actor=system, badge_code="mentor",
                                      person_id=small_org.people[key].pk, evidence="e").id
            for key in ("rep1", "engineer")}


@pytest.mark.parametrize(("role", "visible"), [
    ("employee", {"rep1"}), ("manager", {"rep1"}), ("hrbp", {"rep1"}),
    ("hr_admin", {"rep1", "engineer"}), ("executive", set()), ("auditor", set()),
    ("partner", set()),
])
def test_award_list_is_scoped(small_org: SmallOrg, awards: dict[str, int], role: str,
                              visible: set[str]) -> None:
    rows = small_org.client(role).get("/api/v1/badges/awards").json()
    assert {r["id"] for r in rows} == {awards[k] for k in visible}
    for key, award_id in awards.items():
        status = small_org.client(role).get(f"/api/v1/badges/awards/{award_id}").status_code
        assert status == (200 if key in visible else 404), (role, key)


def test_person_badges_for_colleagues(small_org: SmallOrg, awards: dict[str, int]) -> None:
    rep1 = small_org.people["rep1"].pk
    rows = small_org.client("executive").get(f"/api/v1/badges/people/{rep1}").json()
    assert [(r["code"], r["evidence"], r["credential_url"]) for r in rows] == [
        ("mentor", "", None)]
    assert small_org.client("partner").get(
        f"/api/v1/badges/people/{rep1}").status_code == 404


def test_award_via_api(small_org: SmallOrg) -> None:
    client = small_org.client("manager")
    rep2 = small_org.people["rep2"].pk
    response = client.post("/api/v1/badges/awards", {"badge_code": "mentor", "person_id": rep2,
                                                      "evidence": "好"},
                           content_type="application/json")
    assert response.status_code == 201
    body = response.json()
    assert (body["person_id"], body["awarded_by"], body["entry_seq"]) == (rep2, "陈经理", 1)
    bad = client.post("/api/v1/badges/awards",
                      {"badge_code": "mentor", "person_id": small_org.people["engineer"].pk},
                      content_type="application/json")
    assert bad.status_code == 422
    assert bad.json()["detail"][0]["field"] == "person_id"
    extra = client.post("/api/v1/badges/awards", {"badge_code": "mentor", "person_id": rep2,
                                                   "points": 5},
                        content_type="application/json")
    assert extra.status_code == 422


def test_classes_api(small_org: SmallOrg) -> None:
    codes = [c["code"] for c in small_org.client("employee").get(
        "/api/v1/badges/classes").json()]
    assert codes == ["cross-team-helper", "customer-hero", "knowledge-sharer", "mentor",
                     "quest-finisher"]
    assert small_org.client("partner").get("/api/v1/badges/classes").status_code == 403
    body = {"code": "safety", "name": "安全卫士", "description": "d", "criteria": "c",
            "image": "shield", "awarder_roles": ["manager"]}
    assert small_org.client("manager").post("/api/v1/badges/classes", body,
                                            content_type="application/json").status_code == 403
    created = small_org.client("hr_admin").post("/api/v1/badges/classes", body,
                                                content_type="application/json")
    assert created.status_code == 201
    again = small_org.client("hr_admin").post("/api/v1/badges/classes", {**body, "image": "x"},
                                              content_type="application/json")
    assert again.status_code == 422
    assert {d["field"] for d in again.json()["detail"]} <= {"code", "image"}


def test_revocation_api(small_org: SmallOrg, awards: dict[str, int],
                        second_admin: User) -> None:
    url = f"/api/v1/badges/awards/{awards['rep1']}/revocation-requests"
    assert small_org.client("manager").post(url, {"reason": "x"},
                                            content_type="application/json").status_code == 403
    missing = small_org.client("hrbp").post(url, {"reason": ""},
                                            content_type="application/json")
    assert missing.status_code == 422
    assert missing.json()["detail"][0]["field"] == "reason"
    created = small_org.client("hrbp").post(url, {"reason": "重复"},
                                            content_type="application/json")
    assert created.status_code == 201
    request_id = created.json()["id"]
    listed = small_org.client("hrbp").get("/api/v1/badges/revocation-requests").json()
    assert [r["id"] for r in listed] == [request_id]
    approve = f"/api/v1/badges/revocation-requests/{request_id}/approve"
    assert small_org.client("hrbp").post(approve, {},
                                         content_type="application/json").status_code == 403
    done = small_org.client("hr_admin").post(approve, {"note": "同意"},
                                             content_type="application/json")
    assert done.status_code == 200
    assert done.json()["status"] == "approved"
    row = small_org.client("employee").get(f"/api/v1/badges/awards/{awards['rep1']}").json()
    assert (row["revoked"], row["revoked_reason"]) == (True, "重复")


def test_chain_api(small_org: SmallOrg, awards: dict[str, int]) -> None:
    for role in ("auditor", "hr_admin"):
        body = small_org.client(role).get("/api/v1/badges/chain").json()
        assert (body["ok"], body["checked"], body["head_seq"]) == (True, 2, 2)
    for role in ("employee", "manager", "hrbp"):
        assert small_org.client(role).get("/api/v1/badges/chain").status_code == 403


def test_public_endpoints_need_no_login(db: None) -> None:
    client = Client(enforce_csrf_checks=True)
    assert client.post("/api/v1/badges/verify", {"credential": "x.y.z"},
                       content_type="application/json").json()["status"] == "malformed"
    assert client.get("/api/v1/badges/status/not-a-uuid").status_code == 404
    assert client.get("/.well-known/jwks.json")["Content-Type"] == "application/jwk-set+json"
    issuer = client.get("/badges/issuer/").json()
    assert issuer["type"] == ["Profile"]
