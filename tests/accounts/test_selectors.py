from __future__ import annotations

from collections.abc import Iterable

from flexperf.accounts import selectors, services
from flexperf.accounts.models import ApiToken
from flexperf.core.actors import Actor, Role
from tests import factories as f
from tests.conftest import SmallOrg

SYSTEM = Actor.system()


def _issue(small_org: SmallOrg, role: str, name: str) -> ApiToken:
    return services.create_token(actor=SYSTEM, user=small_org.users[role], name=name).token


def _listed(tokens: Iterable[ApiToken]) -> list[tuple[str, str]]:
    return [(t.user.username, t.name) for t in tokens]


def test_the_operator_lists_every_token_by_username_then_id(small_org: SmallOrg) -> None:
    _issue(small_org, "manager", "m1")
    _issue(small_org, "employee", "e1")
    _issue(small_org, "manager", "m2")
    assert _listed(selectors.list_tokens(SYSTEM)) == [("employee", "e1"), ("manager", "m1"),
                                                      ("manager", "m2")]
    hr_admin = f.actor(small_org.users["hr_admin"])
    assert _listed(selectors.list_tokens(hr_admin)) == _listed(selectors.list_tokens(SYSTEM))


def test_one_users_tokens(small_org: SmallOrg) -> None:
    _issue(small_org, "manager", "m1")
    _issue(small_org, "employee", "e1")
    assert _listed(selectors.list_tokens(SYSTEM, user=small_org.users["manager"])) == [
        ("manager", "m1")]


def test_anyone_else_sees_only_their_own_tokens(small_org: SmallOrg) -> None:
    _issue(small_org, "manager", "m1")
    _issue(small_org, "employee", "e1")
    manager = f.actor(small_org.users["manager"])
    assert _listed(selectors.list_tokens(manager)) == [("manager", "m1")]
    assert _listed(selectors.list_tokens(manager, user=small_org.users["employee"])) == []
    auditor = f.actor(small_org.users["auditor"])
    assert _listed(selectors.list_tokens(auditor)) == []
    nobody = Actor(user_id=None, username="job", roles=frozenset({Role.AUDITOR}))
    assert _listed(selectors.list_tokens(nobody)) == []
