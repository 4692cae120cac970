"""Awarding (who may award what to whom), idempotency, classes, revocation with two approvers."""

from __future__ import annotations

import json
from typing import Any

import pytest

from flexperf.accounts.models import User
from flexperf.audit.models import AuditEntry
from flexperf.badges import events, selectors, services
from flexperf.badges.models import BadgeAward, ChainEntry, RevocationRequest
from flexperf.core import events as core_events
from flexperf.core.actors import Actor
from flexperf.core.errors import Forbidden, NotFound, ServiceError
from flexperf.notifications.models import Notification
from tests import factories as f
from tests.conftest import SmallOrg


def actor(small_org: SmallOrg, role: str) -> Actor:
    return f.actor(small_org.users[role])


def field_of(error: pytest.ExceptionInfo[ServiceError]) -> str:
    return error.value.problems[0].field


# who may award "mentor" (manager, hrbp, hr_admin) to whom
@pytest.mark.parametrize(("role", "recipient", "allowed"), [
    ("manager", "rep1", True),          # own reporting line
    ("manager", "rep2", True),
    ("manager", "engineer", False),     # another line
    ("hrbp", "rep1", True),             # HRBP for S
    ("hrbp", "engineer", False),
    ("hr_admin", "engineer", True),
    ("employee", "rep2", False),
    ("executive", "rep1", False),       # mentor does not name executives
    ("auditor", "rep1", False),
])
def test_award_matrix(small_org: SmallOrg, role: str, recipient: str, allowed: bool) -> None:
    person_id = small_org.people[recipient].pk
    if allowed:
        view = services.award_badge(actor=actor(small_org, role), badge_code="mentor",
                                    person_id=person_id, evidence="带了新人")
        assert (view.person_id, view.code, view.revoked) == (person_id, "mentor", False)
    else:
        with pytest.raises(ServiceError) as error:
            services.award_badge(actor=actor(small_org, role), badge_code="mentor",
                                 person_id=person_id)
        assert field_of(error) == "person_id"
        assert not BadgeAward.objects.exists()


def test_executive_awards_a_class_naming_executives_in_their_units(small_org: SmallOrg) -> None:
    view = services.award_badge(actor=actor(small_org, "executive"),
                                badge_code="customer-hero",
                                person_id=small_org.people["rep1"].pk)
    assert view.awarded_by == "韩策"


def test_refusals_name_the_field(small_org: SmallOrg) -> None:
    hr = actor(small_org, "hr_admin")
    cases = [
        ({"badge_code": "nope", "person_id": small_org.people["rep1"].pk}, "badge_code"),
        ({"badge_code": "mentor", "person_id": 999999}, "person_id"),
        ({"badge_code": "mentor", "person_id": small_org.people["leaver"].pk}, "person_id"),
        ({"badge_code": "mentor", "person_id": small_org.people["hr_admin_p"].pk}, "person_id"),
        ({"badge_code": "quest-finisher", "person_id": small_org.people["rep1"].pk},
         "badge_code"),
        ({"badge_code": "mentor", "person_id": small_org.people["rep1"].pk,
          "evidence": "x" * 2001}, "evidence"),
    ]
    for kwargs, field in cases:
        with pytest.raises(ServiceError) as error:
            services.award_badge(actor=hr, **kwargs)  # type: ignore[arg-type]
        assert field_of(error) == field, kwargs
    assert ChainEntry.objects.count() == 0


def test_system_awards_auto_only_classes_idempotently(small_org: SmallOrg) -> None:
    system = Actor.system()
    rep = small_org.people["rep1"].pk
    first = services.award_badge(actor=system, badge_code="quest-finisher", person_id=rep,
                                 source_key=f"quest:1:level:2:{rep}")
    again = services.award_badge(actor=system, badge_code="quest-finisher", person_id=rep,
                                 source_key=f"quest:1:level:2:{rep}")
    assert first.id == again.id
    assert (BadgeAward.objects.count(), ChainEntry.objects.count()) == (1, 1)
    payload = json.loads(ChainEntry.objects.get().payload)
    assert payload["source_key"] == f"quest:1:level:2:{rep}"
    assert payload["awarded_by"]["username"] == "system"


def test_award_writes_chain_audit_notification_and_event(
        small_org: SmallOrg, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[core_events.Event] = []
    monkeypatch.setattr(services, "emit", seen.append)
    view = services.award_badge(actor=actor(small_org, "manager"), badge_code="mentor",
                                person_id=small_org.people["rep1"].pk, evidence="私下的证据")
    assert seen == [events.BadgeAwarded(view.id, small_org.people["rep1"].pk, "mentor")]
    entry = ChainEntry.objects.get()
    payload = json.loads(entry.payload)
    assert (payload["award_id"], payload["seq"], payload["kind"]) == (view.id, 1, "award")
    assert payload["recipient"]["person_id"] == small_org.people["rep1"].pk
    assert payload["recipient"]["identity_hash"].startswith("sha256$")
    trail = AuditEntry.objects.get(object_type="badges.badgeaward")
    assert "私下的证据" not in json.dumps(trail.changes, ensure_ascii=False)
    note = Notification.objects.get(recipient=small_org.users["employee"])
    assert note.kind == "badges.awarded"
    assert "导师之星" in note.title


def test_badges_of_scope(small_org: SmallOrg) -> None:
    rep = small_org.people["rep1"].pk
    hr = actor(small_org, "hr_admin")
    services.award_badge(actor=hr, badge_code="mentor", person_id=rep, evidence="e")
    services.award_badge(actor=hr, badge_code="knowledge-sharer", person_id=rep)
    # full: self, manager, HRBP in scope
    for role in ("employee", "manager", "hrbp", "hr_admin"):
        views = selectors.badges_of(actor(small_org, role), rep)
        assert [v.code for v in views] == ["knowledge-sharer", "mentor"], role
        assert all(v.full for v in views)
    # a colleague outside the line sees the standing badges without evidence
    colleague = f.user("eng", small_org.people["engineer"])
    views = selectors.badges_of(f.actor(colleague), rep)
    assert len(views) == 2
    assert not any(v.full or v.evidence for v in views)
    with pytest.raises(NotFound):
        selectors.badges_of(actor(small_org, "partner"), rep)
    with pytest.raises(NotFound):
        selectors.badges_of(f.actor(colleague), small_org.people["leaver"].pk)
    # the award list (full records) is scoped
    assert selectors.list_awards(f.actor(colleague)).count() == 0
    assert selectors.list_awards(actor(small_org, "manager")).count() == 2
    with pytest.raises(NotFound):
        selectors.access_award(f.actor(colleague), views[0].id)


def test_create_badge_class(small_org: SmallOrg) -> None:
    hr = actor(small_org, "hrbp")
    row = services.create_badge_class(actor=hr, code="Safety-First", name="安全卫士",
                                      description="d", criteria="c", image="shield",
                                      awarder_roles=["manager", "manager"])
    assert (row.code, row.awarder_roles) == ("safety-first", ["manager"])
    assert "safety-first" in [c.code for c in selectors.badge_classes()]
    bad: list[tuple[dict[str, Any], str]] = [
        ({"code": "safety-first"}, "code"), ({"code": "x y"}, "code"),
        ({"image": "unicorn"}, "image"), ({"awarder_roles": ["ceo"]}, "awarder_roles"),
        ({"awarder_roles": []}, "awarder_roles"), ({"criteria": " "}, "criteria")]
    base: dict[str, Any] = {"code": "new-one", "name": "n", "description": "d",
                            "criteria": "c", "image": "star", "awarder_roles": ["hr_admin"]}
    for change, field in bad:
        with pytest.raises(ServiceError) as error:
            services.create_badge_class(actor=hr, **{**base, **change})
        assert field_of(error) == field
    with pytest.raises(Forbidden):
        services.create_badge_class(actor=actor(small_org, "manager"), **base)


def test_revocation_needs_a_second_hr_admin(small_org: SmallOrg, second_admin: User,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    rep = small_org.people["rep1"].pk
    hr = actor(small_org, "hr_admin")
    view = services.award_badge(actor=actor(small_org, "manager"), badge_code="mentor",
                                person_id=rep)
    with pytest.raises(Forbidden):
        services.request_revocation(actor=actor(small_org, "manager"), award_id=view.id,
                                    reason="r")
    other = services.award_badge(actor=hr, badge_code="mentor",
                                 person_id=small_org.people["engineer"].pk)
    with pytest.raises(NotFound):  # HRBP for S only; engineer is outside
        services.request_revocation(actor=actor(small_org, "hrbp"), award_id=other.id,
                                    reason="r")
    request = services.request_revocation(actor=actor(small_org, "hrbp"), award_id=view.id,
                                          reason="证据不实")
    with pytest.raises(ServiceError) as error:
        services.request_revocation(actor=hr, award_id=view.id, reason="again")
    assert field_of(error) == "award_id"
    with pytest.raises(Forbidden):  # an HRBP cannot approve
        services.approve_revocation(actor=actor(small_org, "hrbp"), request_id=request.pk)
    assert not selectors.is_revoked(view.id)
    # the requester cannot approve their own request
    own = services.request_revocation(actor=hr, award_id=other.id, reason="dup")
    with pytest.raises(ServiceError) as error:
        services.approve_revocation(actor=hr, request_id=own.pk)
    assert field_of(error) == "approver"
    seen: list[core_events.Event] = []
    monkeypatch.setattr(services, "emit", seen.append)
    done = services.approve_revocation(actor=hr, request_id=request.pk, note="ok")
    assert seen == [events.BadgeRevoked(view.id, rep, "mentor")]
    assert done.status == "approved"
    assert done.entry_seq == 3
    entry = ChainEntry.objects.get(seq=3)
    payload = json.loads(entry.payload)
    assert (entry.kind, payload["award_id"], payload["reason"]) == ("revocation", view.id,
                                                                    "证据不实")
    assert (payload["requested_by"], payload["approved_by"]) == ("hrbp", "hr_admin")
    assert BadgeAward.objects.filter(pk=view.id).exists()  # never deleted
    mine = selectors.badges_of(actor(small_org, "employee"), rep)
    assert (mine[0].revoked, mine[0].revoked_reason) == (True, "证据不实")
    with pytest.raises(ServiceError):
        services.approve_revocation(actor=hr, request_id=request.pk)
    # the second admin approves the other one
    second = services.approve_revocation(actor=f.actor(second_admin), request_id=own.pk)
    assert second.decided_by_name == "hr_admin2"
    assert selectors.audit_chain().ok
    assert RevocationRequest.objects.filter(status="approved").count() == 2
    assert Notification.objects.filter(kind="badges.revoked").count() == 1  # engineer: no user


def test_rejected_request_changes_nothing(small_org: SmallOrg, second_admin: User) -> None:
    view = services.award_badge(actor=Actor.system(), badge_code="mentor",
                                person_id=small_org.people["rep2"].pk)
    request = services.request_revocation(actor=actor(small_org, "hr_admin"),
                                          award_id=view.id, reason="r")
    services.reject_revocation(actor=f.actor(second_admin), request_id=request.pk, note="no")
    assert ChainEntry.objects.count() == 1
    assert not selectors.is_revoked(view.id)
    # a new request is possible after a rejection
    services.request_revocation(actor=actor(small_org, "hr_admin"), award_id=view.id,
                                reason="r2")
