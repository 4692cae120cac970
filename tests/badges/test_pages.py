"""Badge pages: who may open what, forms re-rendering with the service's message, the public
verify page (paste and upload)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from flexperf.accounts.models import User
from flexperf.badges import services
from flexperf.badges.models import BadgeAward, RevocationRequest
from flexperf.core.actors import Actor
from tests.conftest import SmallOrg


@pytest.mark.parametrize(("url", "allowed"), [
    ("/badges/", {"employee", "manager", "hrbp", "hr_admin", "executive", "auditor"}),
    ("/badges/award/", {"manager", "hrbp", "hr_admin", "executive"}),
    ("/badges/mine/", {"employee", "manager", "hrbp", "hr_admin", "executive", "auditor"}),
    ("/badges/revocations/", {"hrbp", "hr_admin"}),
    ("/badges/chain/", {"hr_admin", "auditor"}),
])
def test_page_roles(small_org: SmallOrg, url: str, allowed: set[str]) -> None:
    for role in ("employee", "manager", "hrbp", "hr_admin", "executive", "auditor", "partner"):
        status = small_org.client(role).get(url).status_code
        assert status == (200 if role in allowed else 403), (url, role, status)


def test_award_form_and_my_badges(small_org: SmallOrg) -> None:
    client = small_org.client("manager")
    page = client.get("/badges/award/").content.decode()
    assert "林小雨" in page
    assert "郑工" not in page
    response = client.post("/badges/award/", {"badge": "mentor",
                                              "person": small_org.people["rep1"].pk,
                                              "evidence": "带新人"})
    award = BadgeAward.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/badges/awards/{award.pk}/"
    mine = small_org.client("employee").get("/badges/mine/").content.decode()
    assert "Mentor" in mine
    assert f"/badges/awards/{award.pk}/credential/" in mine
    download = small_org.client("employee").get(f"/badges/awards/{award.pk}/credential/")
    assert download["Content-Type"] == "application/vc+jwt"
    assert download.content.count(b".") == 2
    # the colleague view: no link to the record, no download
    colleague = small_org.client("executive").get(
        f"/badges/people/{small_org.people['rep1'].pk}/").content.decode()
    assert "Mentor" in colleague
    assert "/credential/" not in colleague


def test_award_form_rerenders_with_the_problem(small_org: SmallOrg) -> None:
    response = small_org.client("manager").post("/badges/award/", {
        "badge": "mentor", "person": small_org.people["rep1"].pk, "evidence": "x" * 2001})
    assert response.status_code == 422
    assert not BadgeAward.objects.exists()


def test_catalogue_create_class(small_org: SmallOrg) -> None:
    client = small_org.client("hr_admin")
    bad = client.post("/badges/", {"code": "s", "name": "n", "description": "d",
                                   "criteria": "c", "image": "star"})
    assert bad.status_code == 422
    assert "awarded by rules" in bad.content.decode() or "code" in bad.content.decode()
    good = client.post("/badges/", {"code": "safety", "name": "安全卫士", "description": "d",
                                    "criteria": "c", "image": "shield",
                                    "awarder_roles": ["manager"]})
    assert good.status_code == 302
    assert "安全卫士" in client.get("/badges/").content.decode()
    assert small_org.client("manager").post("/badges/", {"code": "x"}).status_code == 403
    assert Client().get("/badges/classes/safety/").status_code == 200  # public


def test_revocation_pages(small_org: SmallOrg, second_admin: User) -> None:
    award = services.award_badge(actor=Actor.system(), badge_code="mentor",
                                 person_id=small_org.people["rep1"].pk)
    hrbp = small_org.client("hrbp")
    empty = hrbp.post(f"/badges/awards/{award.id}/", {"reason": ""})
    assert empty.status_code == 422
    assert hrbp.post(f"/badges/awards/{award.id}/", {"reason": "重复授予"}).status_code == 302
    request = RevocationRequest.objects.get()
    assert "重复授予" in hrbp.get("/badges/revocations/").content.decode()
    # an HRBP cannot decide; the HR admin can
    hrbp.post(f"/badges/revocations/{request.pk}/approve/")
    request.refresh_from_db()
    assert request.status == "pending"
    small_org.client("hr_admin").post(f"/badges/revocations/{request.pk}/approve/",
                                      {"note": "ok"})
    request.refresh_from_db()
    assert request.status == "approved"
    assert "badge-adjustment-rejected" in small_org.client("employee").get(
        "/badges/mine/").content.decode()
    chain = small_org.client("auditor").get("/badges/chain/").content.decode()
    assert "notice-ok" in chain


def test_public_verify_page(small_org: SmallOrg) -> None:
    award = services.award_badge(actor=Actor.system(), badge_code="mentor",
                                 person_id=small_org.people["rep1"].pk)
    token = services.credential_token(BadgeAward.objects.get(pk=award.id))
    client = Client()
    assert client.get("/badges/verify/").status_code == 200
    pasted = client.post("/badges/verify/", {"credential": token}).content.decode()
    assert 'data-status="valid"' in pasted
    assert "导师之星" in pasted
    upload = SimpleUploadedFile("badge.jwt", token[:-4].encode() + b"AAAA")
    uploaded = client.post("/badges/verify/", {"file": upload}).content.decode()
    assert 'data-status="invalid_signature"' in uploaded
    assert client.post("/badges/verify/", {}).status_code == 422
