"""Writing badges: classes, awards, revocation requests and their approval.

Every award and every revocation appends one signed entry to the chain, in the same
transaction as its row, under the chain head's row lock (so concurrent awards cannot fork the
chain). The audit trail records who did what; evidence and reasons stay out of it.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import secrets
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from flexperf.audit import services as audit
from flexperf.audit.models import Action
from flexperf.badges import chain, credentials, events, keys, selectors
from flexperf.badges.images import IMAGES
from flexperf.badges.labels import AWARDER_ROLES
from flexperf.badges.models import (
    BadgeAward,
    BadgeClass,
    ChainEntry,
    ChainHead,
    EntryKind,
    RequestStatus,
    RevocationRequest,
)
from flexperf.badges.selectors import BadgeAwardView
from flexperf.core import clock
from flexperf.core.actors import Actor
from flexperf.core.errors import Forbidden, NotFound, Problem, ServiceError, checked_text
from flexperf.core.events import emit
from flexperf.notifications.services import message, notify
from flexperf.org.models import Company, Person

CODE = re.compile(r"^[a-z0-9][a-z0-9_-]{1,59}$")


# --- classes ------------------------------------------------------------------------------


def create_badge_class(*, actor: Actor, code: str, name: str, description: str, criteria: str,
                       image: str, awarder_roles: Sequence[str], auto_only: bool = False,
                       name_en: str = "") -> BadgeClass:
    """A new badge class (HR). `awarder_roles` may be empty only for an auto-only class."""
    if not actor.is_hr:
        raise Forbidden
    code = (code or "").strip().lower()
    if not CODE.match(code):
        raise ServiceError(Problem("code", _(
            "Use 2–60 lower-case letters, digits, hyphens or underscores.")))
    if BadgeClass.objects.filter(code=code).exists():
        raise ServiceError(Problem("code", _("A badge class with this code exists.")))
    name = checked_text(name, "name", limit=200)
    name_en = checked_text(name_en, "name_en", limit=200, required=False)
    description = checked_text(description, "description", limit=2000)
    criteria = checked_text(criteria, "criteria", limit=2000)
    if image not in IMAGES:
        raise ServiceError(Problem("image", _("Choose one of: %(values)s.")
                                   % {"values": ", ".join(IMAGES)}))
    roles = list(dict.fromkeys(str(r) for r in awarder_roles))
    unknown = [r for r in roles if r not in AWARDER_ROLES]
    if unknown:
        raise ServiceError(Problem("awarder_roles", _("Choose among: %(values)s.")
                                   % {"values": ", ".join(AWARDER_ROLES)}))
    if not roles and not auto_only:
        raise ServiceError(Problem("awarder_roles", _(
            "Name who may award it, or make it awarded by rules and quests only.")))
    with transaction.atomic():
        try:
            with transaction.atomic():
                row = BadgeClass.objects.create(
                    code=code, name=name, name_en=name_en, description=description,
                    criteria=criteria, image=image, awarder_roles=[] if auto_only else roles,
                    auto_only=auto_only)
        except IntegrityError:
            raise ServiceError(Problem("code", _("A badge class with this code exists."))
                               ) from None
        audit.record(actor, audit.draft_for(row, Action.CREATE, changes=audit.diff({}, {
            "code": code, "name": name, "image": image, "awarder_roles": row.awarder_roles,
            "auto_only": auto_only})))
    return row


# --- the chain ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Stamp:
    """When and by whom an award is recorded; the demo loader back-dates its awards."""

    at: dt.datetime
    on: dt.date
    awarder: Person | None = None
    uid: uuid.UUID | None = None
    salt: str = ""


def _append(kind: str, award_id: int, seq: int, previous: str,
            payload: Mapping[str, Any], *, at: dt.datetime | None = None) -> ChainEntry:
    """One signed entry; the caller holds the head lock and moves the head afterwards."""
    text = chain.canonical({**payload, "seq": seq, "kind": kind, "award_id": award_id})
    digest = chain.entry_hash(previous, text)
    signer = keys.key_set().current
    return ChainEntry.objects.create(
        seq=seq, kind=kind, award_id=award_id, payload=text, prev_hash=previous, hash=digest,
        signature=chain.sign(signer.private, digest), kid=signer.kid,
        created_at=at or timezone.now())


def _locked_head() -> ChainHead:
    ChainHead.objects.get_or_create(pk=1, defaults={"seq": 0, "hash": chain.GENESIS_HASH})
    return ChainHead.objects.select_for_update().get(pk=1)


def _move_head(head: ChainHead, entry: ChainEntry) -> None:
    head.seq, head.hash = entry.seq, entry.hash
    head.save(update_fields=["seq", "hash"])


def issuer_name() -> str:
    company = Company.objects.order_by("pk").only("name").first()
    return company.name if company is not None else "flexperf"


# --- awards -------------------------------------------------------------------------------


def _identity(person: Person) -> tuple[str, str]:
    if person.email:
        return person.email, "emailAddress"
    return person.employee_number, "identifier"


def _view(award_id: int) -> BadgeAwardView:
    award = selectors.with_state(BadgeAward.objects.filter(pk=award_id)).get()
    return selectors.award_views([award])[0]


def award_badge(*, actor: Actor, badge_code: str, person_id: int, evidence: str = "",
                source_key: str | None = None) -> BadgeAwardView:
    """Award a badge: by someone the class allows (see selectors.may_award) or by the system
    actor for rules and quests. With `source_key`, a second call returns the first award."""
    source_key = (source_key or "").strip() or None
    if source_key and len(source_key) > 200:
        raise ServiceError(Problem("source_key", _("At most %(n)d characters.") % {"n": 200}))
    if source_key:
        earlier = BadgeAward.objects.filter(source_key=source_key).values_list("pk", flat=True)
        if earlier:
            return _view(earlier[0])
    badge = BadgeClass.objects.filter(code=(badge_code or "").strip()).first()
    if badge is None:
        raise ServiceError(Problem("badge_code", _("No badge class with this code.")))
    person = (Person.objects.select_related("user")
              .filter(pk=person_id, status__in=selectors.CURRENT).first())
    if person is None:
        raise ServiceError(Problem("person_id", _("No current colleague with this id.")))
    if badge.auto_only and actor.user_id is not None:
        raise ServiceError(Problem("badge_code", _(
            "This badge is awarded by rules and quests only.")))
    if person.pk == actor.person_id:
        raise ServiceError(Problem("person_id", _("You cannot award a badge to yourself.")))
    if not selectors.may_award(actor, badge, person):
        raise ServiceError(Problem("person_id", _(
            "You may not award this badge to this person.")))
    evidence = checked_text(evidence, "evidence", limit=2000, required=False)
    try:
        with transaction.atomic():
            award, created = _award_locked(actor, badge, person, evidence, source_key)
    except IntegrityError:  # the same source key at the same moment
        earlier = BadgeAward.objects.filter(source_key=source_key).values_list("pk", flat=True)
        if not source_key or not earlier:
            raise
        return _view(earlier[0])
    if not created:
        return _view(award.pk)  # an earlier award with this source key
    award.badge_class, award.person = badge, person
    return selectors.award_views([award], fresh=True)[0]


def _award_locked(actor: Actor, badge: BadgeClass, person: Person, evidence: str,
                  source_key: str | None, *, stamp: Stamp | None = None
                  ) -> tuple[BadgeAward, bool]:
    head = _locked_head()
    if source_key:  # decided again under the lock: concurrent quests award once
        earlier = BadgeAward.objects.filter(source_key=source_key).first()
        if earlier is not None:
            return earlier, False
    stamp = stamp or Stamp(at=timezone.now(), on=clock.today())
    seq = head.seq + 1
    awarder = stamp.awarder
    if awarder is None and actor.person_id:
        awarder = Person.objects.filter(pk=actor.person_id).only("name").first()
    awarder_name = awarder.name if awarder else actor.username
    identifier, identity_type = _identity(person)
    salt = stamp.salt or secrets.token_hex(8)
    award = BadgeAward.objects.create(
        uid=stamp.uid or uuid.uuid4(), badge_class=badge, person=person, issued_on=stamp.on,
        issued_at=stamp.at, awarded_by=awarder, awarded_by_name=awarder_name,
        evidence=evidence, identity_hash=credentials.identity_hash(identifier, salt),
        identity_type=identity_type, salt=salt, source_key=source_key, entry_seq=seq)
    entry = _append(EntryKind.AWARD, award.pk, seq, head.hash, award_payload(award, actor),
                    at=stamp.at)
    _move_head(head, entry)
    audit.record(actor, audit.draft_for(award, Action.CREATE, changes=audit.diff({}, {
        "badge": badge.code, "person": person.pk, "issued_on": award.issued_on.isoformat(),
        "source_key": source_key or "", "entry_seq": seq}), context={"chain_hash": entry.hash}))
    if person.user is not None:
        notify(recipients=[person.user], kind="badges.awarded",
               title=message(gettext_lazy("You received the badge “%(badge)s”"),
                             badge=badge.name),
               url=reverse("badges_mine"))
    emit(events.BadgeAwarded(award.pk, person.pk, badge.code))
    return award, True


def award_payload(award: BadgeAward, actor: Actor) -> dict[str, Any]:
    badge = award.badge_class
    return {
        "uid": str(award.uid),
        "badge": {"code": badge.code, "name": badge.name, "image": badge.image},
        "recipient": {"person_id": award.person_id, "identity_hash": award.identity_hash,
                      "identity_type": award.identity_type, "salt": award.salt},
        "issued_on": award.issued_on.isoformat(),
        "issued_at": credentials_time(award.issued_at),
        "awarded_by": {"person_id": award.awarded_by_id, "name": award.awarded_by_name,
                       "username": actor.username, "via": str(actor.via)},
        "evidence": award.evidence,
        "source_key": award.source_key or "",
    }


def credentials_time(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# --- credentials --------------------------------------------------------------------------


def award_credential(*, actor: Actor, award_id: int) -> str:
    """The award as a signed OpenBadgeCredential (compact JWS). Reading someone else's is
    recorded in the audit trail."""
    award = selectors.access_award(actor, award_id)
    token = credential_token(award)
    if award.person_id != actor.person_id:
        audit.record(actor, audit.draft_for(award, Action.EXPORT,
                                            context={"format": "vc+jwt"}))
    return token


def credential_token(award: BadgeAward) -> str:
    entry = ChainEntry.objects.get(seq=award.entry_seq)
    payload = json.loads(entry.payload)
    badge = award.badge_class
    credential = credentials.build_credential(payload, {
        "code": badge.code, "name": payload["badge"]["name"], "description": badge.description,
        "criteria": badge.criteria, "image": payload["badge"]["image"]}, issuer_name())
    return credentials.sign_credential(credential)


# --- revocation ---------------------------------------------------------------------------


def request_revocation(*, actor: Actor, award_id: int, reason: str,
                       at: dt.datetime | None = None) -> RevocationRequest:
    """HR asks for an award to be revoked; a second HR admin must approve it."""
    if not actor.is_hr:
        raise Forbidden
    award = selectors.revocation_scope_award(actor, award_id)
    reason = checked_text(reason, "reason", limit=2000)
    if selectors.is_revoked(award.pk):
        raise ServiceError(Problem("award_id", _("This badge is already revoked.")))
    try:
        with transaction.atomic():
            row = RevocationRequest.objects.create(
                award=award, reason=reason, requested_by_id=actor.user_id,
                requested_by_name=actor.username, requested_at=at or timezone.now())
            audit.record(actor, audit.draft_for(row, Action.CREATE, changes={
                "award": [None, award.pk], "status": [None, RequestStatus.PENDING]}))
    except IntegrityError:
        raise ServiceError(Problem("award_id", _(
            "A revocation of this badge is already waiting for approval."))) from None
    return row


def _pending(actor: Actor, request_id: int) -> RevocationRequest:
    found = selectors.access_revocation_request(actor, request_id)
    locked = RevocationRequest.objects.select_for_update(of=("self",)).select_related(
        "award", "award__badge_class", "award__person__user").get(pk=found.pk)
    if locked.status != RequestStatus.PENDING:
        raise ServiceError(Problem("status", _("This request was already decided.")))
    return locked


def approve_revocation(*, actor: Actor, request_id: int, note: str = "",
                       at: dt.datetime | None = None) -> RevocationRequest:
    """A second HR admin (not the requester) approves: the signed revocation entry is
    appended and the credential verifies as revoked from then on."""
    if not actor.is_hr_admin:
        raise Forbidden
    note = checked_text(note, "note", limit=2000, required=False)
    with transaction.atomic():
        head = _locked_head()
        row = _pending(actor, request_id)
        if actor.username == row.requested_by_name or (
                actor.user_id is not None and actor.user_id == row.requested_by_id):
            raise ServiceError(Problem("approver", _(
                "A second person must approve: you asked for this revocation.")))
        award = row.award
        if selectors.is_revoked(award.pk):
            raise ServiceError(Problem("award_id", _("This badge is already revoked.")))
        now = at or timezone.now()
        day = timezone.localdate(now) if at else clock.today()
        entry = _append(EntryKind.REVOCATION, award.pk, head.seq + 1, head.hash, {
            "uid": str(award.uid), "award_seq": award.entry_seq, "reason": row.reason,
            "requested_by": row.requested_by_name, "approved_by": actor.username,
            "revoked_on": day.isoformat(), "revoked_at": credentials_time(now)}, at=now)
        _move_head(head, entry)
        row.status, row.decided_by_id, row.decided_by_name = (
            RequestStatus.APPROVED, actor.user_id, actor.username)
        row.decided_at, row.decision_note, row.entry_seq = now, note, entry.seq
        row.save(update_fields=["status", "decided_by", "decided_by_name", "decided_at",
                                "decision_note", "entry_seq"])
        audit.record_many(actor, [
            audit.draft_for(row, Action.UPDATE, changes={
                "status": [RequestStatus.PENDING, RequestStatus.APPROVED]}),
            audit.draft_for(award, Action.UPDATE, changes={"revoked": [False, True]},
                            context={"entry_seq": entry.seq, "chain_hash": entry.hash}),
        ])
        person_user = award.person.user
        if person_user is not None:
            notify(recipients=[person_user], kind="badges.revoked",
                   title=message(gettext_lazy("Your badge “%(badge)s” was revoked"),
                                 badge=award.badge_class.name),
                   url=reverse("badges_mine"))
        emit(events.BadgeRevoked(award.pk, award.person_id, award.badge_class.code))
    return row


def reject_revocation(*, actor: Actor, request_id: int, note: str = "") -> RevocationRequest:
    if not actor.is_hr_admin:
        raise Forbidden
    note = checked_text(note, "note", limit=2000, required=False)
    with transaction.atomic():
        row = _pending(actor, request_id)
        row.status, row.decided_by_id, row.decided_by_name = (
            RequestStatus.REJECTED, actor.user_id, actor.username)
        row.decided_at, row.decision_note = timezone.now(), note
        row.save(update_fields=["status", "decided_by", "decided_by_name", "decided_at",
                                "decision_note"])
        audit.record(actor, audit.draft_for(row, Action.UPDATE, changes={
            "status": [RequestStatus.PENDING, RequestStatus.REJECTED]}))
    return row


def award_for_credential(uid: str) -> BadgeAward:
    found = selectors.award_by_uid(uid)
    if found is None:
        raise NotFound
    return found


def record_dated_award(*, actor: Actor, badge_code: str, person_id: int, stamp: Stamp,
                       evidence: str = "") -> BadgeAward:
    """An award recorded at a given moment by a given awarder, without the role check: for
    demo data and benchmarks only (the chain, audit entry and event are the same)."""
    badge = BadgeClass.objects.get(code=badge_code)
    person = Person.objects.select_related("user").get(pk=person_id)
    with transaction.atomic():
        return _award_locked(actor, badge, person, evidence, None, stamp=stamp)[0]
