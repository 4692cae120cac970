from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from flexperf.accounts import services
from flexperf.accounts.models import ApiToken
from tests.conftest import SmallOrg


def token(*args: str) -> str:
    out = io.StringIO()
    call_command("token", *args, stdout=out)
    return out.getvalue()


def test_create_prints_only_the_token_which_then_authenticates(small_org: SmallOrg) -> None:
    out = token("create", "manager", "--expires", "7", "--name", "report bot", "--scope", "read")
    secret = out.strip()
    assert out == secret + "\n"
    found = services.authenticate_token(secret)
    assert found is not None
    assert (found.user.username, found.name, found.scopes) == ("manager", "report bot", ["read"])
    assert found.expires_at is not None
    days = (found.expires_at - timezone.now()) / dt.timedelta(days=1)
    assert 6.99 < days <= 7


def test_create_defaults_to_both_scopes(small_org: SmallOrg) -> None:
    secret = token("create", "employee").strip()
    found = services.authenticate_token(secret)
    assert found is not None
    assert found.scopes == ["read", "write"]


def test_an_unknown_user_or_a_bad_expiry_is_a_one_line_error(small_org: SmallOrg) -> None:
    with pytest.raises(CommandError) as caught:
        token("create", "ghost")
    assert (str(caught.value), caught.value.returncode) == ("No user named ghost.", 1)
    with pytest.raises(CommandError, match=r"^expires: Expiry must be between 1 and 3650 days\.$"):
        token("create", "manager", "--expires", "0")
    assert ApiToken.objects.count() == 0


def test_list_shows_every_token_or_one_users(small_org: SmallOrg) -> None:
    token("create", "manager", "--name", "a")
    token("create", "employee", "--name", "b")
    lines = token("list").splitlines()
    assert lines[0].split()[:3] == ["id", "user", "name"]
    assert [line.split()[1] for line in lines[1:]] == ["employee", "manager"]
    assert all(line.rstrip().endswith("active") for line in lines[1:])
    only = token("list", "manager").splitlines()
    assert [line.split()[1] for line in only[1:]] == ["manager"]


def test_revoke_by_id_and_an_unknown_id(small_org: SmallOrg) -> None:
    secret = token("create", "manager").strip()
    issued = ApiToken.objects.get()
    out = token("revoke", str(issued.pk))
    assert out.strip() == f"Revoked token {issued.pk} (cli) of manager."
    assert services.authenticate_token(secret) is None
    assert token("list").splitlines()[1].rstrip().endswith("revoked")
    with pytest.raises(CommandError, match=r"^No API token with id 99999\.$"):
        token("revoke", "99999")
