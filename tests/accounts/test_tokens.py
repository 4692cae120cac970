from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from flexperf.accounts import services
from flexperf.accounts.models import ApiToken
from flexperf.audit.models import Action, AuditEntry
from flexperf.core.actors import Actor
from flexperf.core.errors import ServiceError
from tests.conftest import SmallOrg

SYSTEM = Actor.system()


def _bearer(secret: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


def _issue(small_org: SmallOrg, role: str, **kw: object) -> str:
    return services.create_token(actor=SYSTEM, user=small_org.users[role], name="ci",
                                 **kw).secret  # type: ignore[arg-type]


def test_a_token_is_stored_only_as_its_hash(small_org: SmallOrg) -> None:
    secret = _issue(small_org, "employee")
    token = ApiToken.objects.get()
    assert secret.startswith(f"fpt_{token.prefix}_")
    assert token.key_hash == services.hash_token(secret)
    assert secret not in str(list(ApiToken.objects.values()))


def test_a_token_carries_its_users_scope(small_org: SmallOrg) -> None:
    client = _bearer(_issue(small_org, "manager"))
    names = {p["name"] for p in client.get("/api/v1/people?page_size=50").json()["items"]}
    assert names == {"陈经理", "林小雨", "赵磊", "钱进"}
    assert client.get("/api/v1/me").json()["roles"] == ["employee", "manager"]


def test_no_token_or_a_wrong_one_is_401(small_org: SmallOrg) -> None:
    assert Client().get("/api/v1/people").status_code == 401
    wrong = _bearer("fpt_deadbeef_not-a-real-token").get("/api/v1/people")
    assert wrong.status_code == 401
    assert wrong["WWW-Authenticate"] == 'Bearer realm="flexperf"'


def test_an_expired_token_is_refused(small_org: SmallOrg) -> None:
    secret = _issue(small_org, "employee", expires_days=1)
    ApiToken.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert _bearer(secret).get("/api/v1/me").status_code == 401


def test_a_revoked_token_is_refused_and_the_revocation_audited(small_org: SmallOrg) -> None:
    secret = _issue(small_org, "employee")
    token = ApiToken.objects.get()
    client = _bearer(secret)
    assert client.get("/api/v1/me").status_code == 200
    assert client.delete(f"/api/v1/tokens/{token.pk}").status_code == 204
    assert client.get("/api/v1/me").status_code == 401
    entry = AuditEntry.objects.filter(object_type="accounts.apitoken").order_by("seq").last()
    assert entry is not None
    assert (entry.action, list(entry.changes)) == (Action.UPDATE, ["revoked_at"])


def test_a_token_of_a_deactivated_user_is_refused(small_org: SmallOrg) -> None:
    secret = _issue(small_org, "employee")
    small_org.users["employee"].is_active = False
    small_org.users["employee"].save(update_fields=["is_active"])
    assert _bearer(secret).get("/api/v1/me").status_code == 401


def test_a_read_only_token_cannot_write(small_org: SmallOrg) -> None:
    client = _bearer(_issue(small_org, "hr_admin", scopes=["read"]))
    rep1 = small_org.people["rep1"]
    assert client.get(f"/api/v1/people/{rep1.pk}").status_code == 200
    response = client.patch(f"/api/v1/people/{rep1.pk}", {"level": "P9"},
                            content_type="application/json")
    assert response.status_code == 403


def test_nobody_revokes_someone_elses_token(small_org: SmallOrg) -> None:
    _issue(small_org, "manager")
    token = ApiToken.objects.get()
    response = small_org.client("employee").delete(f"/api/v1/tokens/{token.pk}")
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_creating_a_token_through_the_api_shows_the_secret_once(small_org: SmallOrg) -> None:
    client = small_org.client("employee")
    created = client.post("/api/v1/tokens", {"name": "chat bot", "expires_days": 30,
                                             "scopes": ["read"]},
                          content_type="application/json")
    assert created.status_code == 201
    body = created.json()
    assert body["scopes"] == ["read"]
    listed = client.get("/api/v1/tokens").json()
    assert [t["name"] for t in listed] == ["chat bot"]
    assert "token" not in listed[0]
    assert _bearer(body["token"]).get("/api/v1/me").json()["token_scopes"] == ["read"]


@pytest.mark.parametrize(("payload", "field"), [
    ({"name": "", "expires_days": 30}, "name"),
    ({"name": "x", "expires_days": 0}, "expires_days"),
    ({"name": "x", "expires_days": 99999}, "expires_days"),
])
def test_bad_token_requests_name_the_field(small_org: SmallOrg, payload: dict[str, object],
                                           field: str) -> None:
    response = small_org.client("employee").post("/api/v1/tokens", payload,
                                                  content_type="application/json")
    assert response.status_code == 422
    assert [d["field"] for d in response.json()["detail"]] == [field]
    assert ApiToken.objects.count() == 0


def test_unknown_scopes_are_refused_by_the_service(small_org: SmallOrg) -> None:
    with pytest.raises(ServiceError) as caught:
        services.create_token(actor=SYSTEM, user=small_org.users["employee"], name="x",
                              scopes=["admin"])
    assert [p.field for p in caught.value.problems] == ["scopes"]
