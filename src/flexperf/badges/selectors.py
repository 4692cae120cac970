"""Reads of badges, always scoped to the caller.

Who sees whose badges: a person's full record of awards (including revoked ones and the
evidence) is read by the person, their managers up the reporting line and HR in scope
(`org.people_visible_to`). Badges are public recognition inside the group, so any other
colleague sees a current person's badges that stand (not revoked, no evidence). Partners see
none. The chain status is for HR admins and auditors.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import translation

from flexperf.badges import chain, keys
from flexperf.badges.images import image_url
from flexperf.badges.models import (
    BadgeAward,
    BadgeClass,
    ChainEntry,
    ChainHead,
    EntryKind,
    RequestStatus,
    RevocationRequest,
)
from flexperf.core import tree
from flexperf.core.actors import Actor, Role
from flexperf.core.errors import Forbidden, NotFound
from flexperf.org.models import Person, Status
from flexperf.org.selectors import hr_scope, people_visible_to

CURRENT = (Status.ACTIVE, Status.ON_LEAVE)


@dataclass(frozen=True)
class BadgeClassView:
    id: int
    code: str
    name: str
    name_en: str
    description: str
    criteria: str
    image: str
    image_url: str
    awarder_roles: tuple[str, ...]
    auto_only: bool

    @property
    def display_name(self) -> str:
        return display_name(self.name, self.name_en)


@dataclass(frozen=True)
class BadgeAwardView:
    id: int
    code: str
    name: str
    image_url: str
    issued_on: dt.date
    awarded_by: str
    revoked: bool
    revoked_reason: str
    person_id: int = 0
    person_name: str = ""
    uid: str = ""
    evidence: str = ""
    entry_seq: int = 0
    full: bool = True  # False: the colleague view (no evidence, no credential)


def display_name(name: str, name_en: str) -> str:
    language = translation.get_language() or ""
    return name_en if name_en and language.startswith("en") else name


def class_view(row: BadgeClass) -> BadgeClassView:
    return BadgeClassView(
        id=row.pk, code=row.code, name=row.name, name_en=row.name_en,
        description=row.description, criteria=row.criteria, image=row.image,
        image_url=image_url(row.image), awarder_roles=tuple(row.awarder_roles or ()),
        auto_only=row.auto_only)


def badge_classes() -> list[BadgeClassView]:
    return [class_view(row) for row in BadgeClass.objects.order_by("code")]


def access_class(code: str) -> BadgeClass:
    found = BadgeClass.objects.filter(code=code).first()
    if found is None:
        raise NotFound
    return found


def revocation_exists() -> Exists:
    return Exists(ChainEntry.objects.filter(kind=EntryKind.REVOCATION, award_id=OuterRef("pk")))


def with_state(awards: QuerySet[BadgeAward]) -> QuerySet[BadgeAward]:
    return awards.select_related("badge_class", "person").annotate(revoked=revocation_exists())


def _reasons(award_ids: Iterable[int]) -> dict[int, str]:
    rows = RevocationRequest.objects.filter(award_id__in=list(award_ids),
                                            status=RequestStatus.APPROVED)
    return dict(rows.values_list("award_id", "reason"))


def award_views(awards: Iterable[BadgeAward], *, full: bool = True,
                fresh: bool = False) -> list[BadgeAwardView]:
    """Views of awards read through `with_state` (or, `fresh`, just created: not revoked)."""
    rows = list(awards)
    reasons = _reasons([a.pk for a in rows if getattr(a, "revoked", False)]) if full else {}
    views = []
    for award in rows:
        badge = award.badge_class
        revoked = False if fresh else bool(getattr(award, "revoked", False))
        views.append(BadgeAwardView(
            id=award.pk, code=badge.code, name=display_name(badge.name, badge.name_en),
            image_url=image_url(badge.image), issued_on=award.issued_on,
            awarded_by=award.awarded_by_name, revoked=revoked,
            revoked_reason=reasons.get(award.pk, "") if revoked else "",
            person_id=award.person_id, person_name=award.person.name, uid=str(award.uid),
            evidence=award.evidence if full else "", entry_seq=award.entry_seq, full=full))
    return views


def awards_visible_to(actor: Actor) -> QuerySet[BadgeAward]:
    """Awards whose full record the caller may read (self, reporting line, HR in scope)."""
    return with_state(BadgeAward.objects.filter(person__in=people_visible_to(actor)))


def list_awards(actor: Actor, *, person_id: int | None = None, code: str | None = None,
                revoked: bool | None = None) -> QuerySet[BadgeAward]:
    awards = awards_visible_to(actor)
    if person_id is not None:
        awards = awards.filter(person_id=person_id)
    if code:
        awards = awards.filter(badge_class__code=code)
    if revoked is True:
        awards = awards.filter(revocation_exists())
    elif revoked is False:
        awards = awards.exclude(revocation_exists())
    return awards.order_by("-issued_on", "-pk")


def badges_of(actor: Actor, person_id: int) -> list[BadgeAwardView]:
    """A person's badges, newest first. NotFound when the caller may not see the person."""
    if people_visible_to(actor).filter(pk=person_id).exists():
        return award_views(list_awards(actor, person_id=person_id))
    if not actor.is_internal:
        raise NotFound
    if not Person.objects.filter(pk=person_id, status__in=CURRENT).exists():
        raise NotFound
    standing = with_state(BadgeAward.objects.filter(person_id=person_id)).exclude(
        revocation_exists())
    return award_views(standing.order_by("-issued_on", "-pk"), full=False)


def access_award(actor: Actor, award_id: int) -> BadgeAward:
    found = awards_visible_to(actor).filter(pk=award_id).first()
    if found is None:
        raise NotFound
    return found


def award_by_uid(uid: str) -> BadgeAward | None:
    try:
        parsed = uuid.UUID(uid)
    except (ValueError, TypeError):
        return None
    return with_state(BadgeAward.objects.filter(uid=parsed)).first()


def is_revoked(award_id: int) -> bool:
    return ChainEntry.objects.filter(kind=EntryKind.REVOCATION, award_id=award_id).exists()


def person_card(person_id: int) -> Person:
    """Name and unit for a page heading (call after a scoped read such as badges_of)."""
    return Person.objects.select_related("unit").only("id", "name", "unit__name").get(
        pk=person_id)


def in_hr_scope(actor: Actor, award: BadgeAward) -> bool:
    return Person.objects.filter(hr_scope(actor), pk=award.person_id).exists()


def pending_for(award_id: int) -> RevocationRequest | None:
    return RevocationRequest.objects.filter(award_id=award_id,
                                            status=RequestStatus.PENDING).first()


# --- who may award what ---------------------------------------------------------------------


def may_award(actor: Actor, badge: BadgeClass, person: Person) -> bool:
    """The system actor (rules, quests, the command line) may award anything; people only a
    class that names one of their roles, to someone inside that role's reach."""
    if actor.user_id is None:
        return True
    if badge.auto_only or person.pk == actor.person_id:
        return False
    roles = set(badge.awarder_roles or ())
    if "hr_admin" in roles and actor.is_hr_admin:
        return True
    reach = Q(pk__in=[])
    if "manager" in roles and actor.reporting_path:
        reach |= tree.subtree_q("path", actor.reporting_path, include_self=False)
    if "hrbp" in roles and actor.has(Role.HRBP):
        reach |= hr_scope(actor)
    if "executive" in roles and actor.has(Role.EXECUTIVE):
        for path in actor.executive_unit_paths:
            reach |= tree.subtree_q("unit__path", path)
    return Person.objects.filter(reach, pk=person.pk).exists()


def awardable_classes(actor: Actor) -> list[BadgeClass]:
    """Classes the caller could award to someone (for the award form)."""
    if actor.user_id is None:
        return list(BadgeClass.objects.order_by("code"))
    mine = {"hr_admin"} if actor.is_hr_admin else set()
    if actor.reporting_path and actor.has(Role.MANAGER):
        mine.add("manager")
    if actor.has(Role.HRBP):
        mine.add("hrbp")
    if actor.has(Role.EXECUTIVE):
        mine.add("executive")
    return [c for c in BadgeClass.objects.filter(auto_only=False).order_by("code")
            if mine & set(c.awarder_roles or ())]


def awardable_people(actor: Actor) -> QuerySet[Person]:
    """People the caller could award some badge to (for the form's choices)."""
    current = Person.objects.filter(status__in=CURRENT)
    if actor.is_hr_admin:
        return current.order_by("name")
    reach = Q(pk__in=[])
    if actor.reporting_path:
        reach |= tree.subtree_q("path", actor.reporting_path, include_self=False)
    reach |= hr_scope(actor)
    for path in actor.executive_unit_paths:
        reach |= tree.subtree_q("unit__path", path)
    return current.filter(reach).order_by("name")


# --- revocation ---------------------------------------------------------------------------


def can_request_revocation(actor: Actor) -> bool:
    return actor.is_hr


def revocation_scope_award(actor: Actor, award_id: int) -> BadgeAward:
    """An award of someone in the caller's HR scope (NotFound otherwise)."""
    found = with_state(BadgeAward.objects.filter(
        pk=award_id, person__in=Person.objects.filter(hr_scope(actor)))).first()
    if found is None:
        raise NotFound
    return found


def revocation_requests(actor: Actor, *, status: str | None = None
                        ) -> QuerySet[RevocationRequest]:
    """Requests about awards of people in the caller's HR scope."""
    if not actor.is_hr:
        raise Forbidden
    rows = RevocationRequest.objects.filter(award__person__in=Person.objects.filter(
        hr_scope(actor))).select_related("award", "award__badge_class", "award__person")
    if status:
        rows = rows.filter(status=status)
    return rows.order_by("-requested_at", "-pk")


def access_revocation_request(actor: Actor, request_id: int) -> RevocationRequest:
    found = revocation_requests(actor).filter(pk=request_id).first()
    if found is None:
        raise NotFound
    return found


# --- the chain ---------------------------------------------------------------------------


def can_read_chain(actor: Actor) -> bool:
    return actor.can_read_audit


def stored_entries(batch: int = 2000) -> Iterable[chain.StoredEntry]:
    fields = ("seq", "kind", "award_id", "payload", "prev_hash", "hash", "signature", "kid")
    last = 0
    while True:
        rows = list(ChainEntry.objects.filter(seq__gt=last).order_by("seq")
                    .values_list(*fields)[:batch])
        if not rows:
            return
        for row in rows:
            yield chain.StoredEntry(*row)
        last = rows[-1][0]


def audit_chain() -> chain.AuditResult:
    """Recompute every hash, link and signature (unscoped: the CLI, the status page)."""
    head = ChainHead.objects.filter(pk=1).values_list("seq", "hash").first()
    return chain.audit(stored_entries(), keys.key_set().public_keys, head)


def recent_entries(limit: int = 20) -> list[ChainEntry]:
    return list(ChainEntry.objects.order_by("-seq")[:limit])
