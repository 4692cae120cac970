"""Sign-in and transport security: Argon2, throttling, CSRF, session expiry, headers."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth.hashers import identify_hasher
from django.test import Client, override_settings

import flexperf.settings as production
from flexperf.audit.models import Action, AuditEntry
from tests.conftest import SmallOrg


def test_production_settings_hash_passwords_with_argon2() -> None:
    assert production.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


@override_settings(PASSWORD_HASHERS=production.PASSWORD_HASHERS)
def test_a_password_set_in_production_is_stored_as_argon2(small_org: SmallOrg) -> None:
    user = small_org.users["employee"]
    user.set_password("a long enough passphrase")
    user.save(update_fields=["password"])
    assert identify_hasher(user.password).algorithm == "argon2"
    assert _post_login(Client(), "a long enough passphrase") == 302


def _post_login(client: Client, password: str) -> int:
    return client.post("/login/", {"username": "employee", "password": password}).status_code


def test_five_failed_sign_ins_lock_the_account_for_that_address(small_org: SmallOrg) -> None:
    user = small_org.users["employee"]
    user.set_password("right passphrase 1")
    user.save(update_fields=["password"])
    client = Client()
    assert [_post_login(client, "wrong") for _ in range(5)][:4] == [200, 200, 200, 200]
    # Locked now: even the right password is refused.
    assert _post_login(client, "right passphrase 1") == 429
    assert "_auth_user_id" not in client.session
    assert AuditEntry.objects.filter(action=Action.LOGIN_FAILED,
                                     object_repr="employee").count() >= 5


def test_a_successful_sign_in_is_audited_and_the_session_expires_when_idle(
    small_org: SmallOrg,
) -> None:
    user = small_org.users["employee"]
    user.set_password("right passphrase 1")
    user.save(update_fields=["password"])
    client = Client()
    assert _post_login(client, "right passphrase 1") == 302
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE == 7200
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert AuditEntry.objects.filter(action=Action.LOGIN, actor_username="employee").count() == 1


def test_api_writes_with_a_session_need_the_csrf_token(small_org: SmallOrg) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(small_org.users["employee"])
    without = client.post("/api/v1/tokens", {"name": "x"}, content_type="application/json")
    assert without.status_code == 403
    client.get("/login/")  # sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    with_token = client.post("/api/v1/tokens", {"name": "x"}, content_type="application/json",
                             HTTP_X_CSRFTOKEN=token)
    assert with_token.status_code == 201


@pytest.mark.parametrize("path", ["/login/", "/api/v1/openapi.json"])
def test_responses_carry_security_headers(db: None, path: str) -> None:
    response = Client().get(path)
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_pages_require_sign_in(db: None) -> None:
    response = Client().get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")
