"""API tokens page: list mine, create one (the secret shown once), revoke."""

from __future__ import annotations

import pytest

from flexperf.accounts import services
from flexperf.accounts.models import ApiToken
from flexperf.core.actors import Actor
from tests.conftest import SmallOrg
from tests.pages.conftest import field_errors, page, parse


def test_creating_a_token_shows_the_secret_once_and_it_works(small_org: SmallOrg) -> None:
    client = small_org.client("employee")
    response = client.post("/tokens/", {"name": "HR sync", "expires_days": 30,
                                        "scopes": ["read"]})
    root = page(response)
    assert response["Cache-Control"] == "no-store"
    secret = root.one("code", id="token-secret").text
    token = ApiToken.objects.get(user=small_org.users["employee"])
    assert (token.name, token.scopes) == ("HR sync", ["read"])
    assert secret.startswith(f"fpt_{token.prefix}_")
    api = client.__class__()
    me = api.get("/api/v1/me", headers={"authorization": f"Bearer {secret}"})
    assert me.json()["username"] == "employee"
    # The next visit lists the token but never shows the secret again.
    again = client.get("/tokens/")
    assert secret.encode() not in again.content
    rows = parse(again.content).one(id="tokens").one("tbody").find_all("tr")
    assert [[td.text for td in r.find_all("td")][:3] for r in rows] == [
        ["HR sync", f"{token.prefix}…", "read"]]


def test_the_api_docs_are_linked(small_org: SmallOrg) -> None:
    root = page(small_org.client("employee").get("/tokens/"))
    assert [a.attrs["href"] for a in root.find_all("a") if "/api/" in a.attrs["href"]] == [
        "/api/v1/docs"]


@pytest.mark.parametrize(("data", "errors"), [
    ({"name": "", "expires_days": 30, "scopes": ["read"]}, {"name": ["This field is required."]}),
    ({"name": "x", "expires_days": 0, "scopes": ["read"]},
     {"expires_days": ["Ensure this value is greater than or equal to 1."]}),
    ({"name": "x", "expires_days": 30, "scopes": ["admin"]},
     {"scopes": ["Select a valid choice. admin is not one of the available choices."]}),
    ({"name": "x", "expires_days": 30}, {"scopes": ["This field is required."]}),
])
def test_bad_input_comes_back_on_the_form_and_creates_nothing(
    small_org: SmallOrg, data: dict[str, object], errors: dict[str, list[str]]
) -> None:
    root = page(small_org.client("employee").post("/tokens/", data))
    assert field_errors(root) == errors
    assert root.find_all(id="new-token") == []
    assert not ApiToken.objects.exists()


def test_revoking_a_token(small_org: SmallOrg) -> None:
    user = small_org.users["employee"]
    issued = services.create_token(actor=Actor.system(), user=user, name="old", expires_days=5)
    client = small_org.client("employee")
    response = client.post(f"/tokens/{issued.token.pk}/revoke/", follow=True)
    root = page(response)
    assert root.texts(cls="message") == ["Token old was revoked."]
    issued.token.refresh_from_db()
    assert issued.token.revoked_at is not None
    row = root.one("tr", data_token=str(issued.token.pk))
    assert row.one(cls="badge").text == "Revoked"
    assert row.find_all("form") == []


def test_someone_elses_token_is_not_found(small_org: SmallOrg) -> None:
    other = services.create_token(actor=Actor.system(), user=small_org.users["manager"],
                                  name="theirs")
    response = small_org.client("employee").post(f"/tokens/{other.token.pk}/revoke/")
    assert response.status_code == 404
    other.token.refresh_from_db()
    assert other.token.revoked_at is None
    assert b"theirs" not in small_org.client("employee").get("/tokens/").content


def test_revoke_needs_a_post(small_org: SmallOrg) -> None:
    issued = services.create_token(actor=Actor.system(), user=small_org.users["employee"],
                                   name="t")
    assert small_org.client("employee").get(
        f"/tokens/{issued.token.pk}/revoke/").status_code == 405
