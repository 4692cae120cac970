"""The rewards catalogue (HR) and redemption (everyone with a person record).

Redeeming locks the reward's row, takes stock (never below zero), creates the redemption and
spends the points (recognition.spend_points, source key "redemption:<id>") in one
transaction: a short balance rolls the stock back too. A reward that needs approval waits
for HR; rejecting refunds the points (recognition.refund_points) and puts the stock back.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from flexperf.achievements import events
from flexperf.achievements.access import require_hr, require_person
from flexperf.achievements.models import Redemption, RedemptionStatus, Reward
from flexperf.audit import services as audit
from flexperf.audit.models import Action
from flexperf.core.actors import Actor
from flexperf.core.errors import NotFound, Problem, ServiceError
from flexperf.core.events import emit
from flexperf.notifications.services import notify
from flexperf.org.models import Person
from flexperf.org.selectors import hr_scope, people_visible_to

REWARD_FIELDS = ("name", "description", "cost", "stock", "active", "approval_required")
MAX_QUANTITY = 10


@dataclass(frozen=True)
class RewardIn:
    name: str
    cost: int | None
    description: str = ""
    stock: int | None = None
    active: bool = True
    approval_required: bool = False


def _validate(data: RewardIn) -> None:
    problems: list[Problem] = []
    name = (data.name or "").strip()
    if not name:
        problems.append(Problem("name", _("This field is required.")))
    elif len(name) > 200:
        problems.append(Problem("name", _("At most %(n)d characters.") % {"n": 200}))
    if data.cost is None:
        problems.append(Problem("cost", _("This field is required.")))
    elif data.cost < 1 or data.cost > 1_000_000:
        problems.append(Problem("cost", _("Between 1 and 1,000,000 points.")))
    if data.stock is not None and (data.stock < 0 or data.stock > 1_000_000):
        problems.append(Problem("stock", _("Between 0 and 1,000,000, or empty for unlimited.")))
    if len(data.description or "") > 2000:
        problems.append(Problem("description", _("At most %(n)d characters.") % {"n": 2000}))
    if problems:
        raise ServiceError(problems)


def create_reward(*, actor: Actor, data: RewardIn) -> Reward:
    require_hr(actor)
    _validate(data)
    assert data.cost is not None
    with transaction.atomic():
        reward = Reward.objects.create(
            name=data.name.strip(), description=(data.description or "").strip(),
            cost=data.cost, stock=data.stock, active=data.active,
            approval_required=data.approval_required)
        audit.record(actor, audit.draft_for(reward, Action.CREATE, changes=audit.diff(
            {}, audit.snapshot(reward, REWARD_FIELDS))))
    return reward


def update_reward(*, actor: Actor, reward_id: int, data: RewardIn) -> Reward:
    require_hr(actor)
    _validate(data)
    assert data.cost is not None
    with transaction.atomic():
        reward = Reward.objects.select_for_update().filter(pk=reward_id).first()
        if reward is None:
            raise NotFound
        before = audit.snapshot(reward, REWARD_FIELDS)
        reward.name, reward.description = data.name.strip(), (data.description or "").strip()
        reward.cost, reward.stock, reward.active = data.cost, data.stock, data.active
        reward.approval_required = data.approval_required
        reward.updated_at = timezone.now()
        reward.save()
        audit.record(actor, audit.draft_for(reward, Action.UPDATE, changes=audit.diff(
            before, audit.snapshot(reward, REWARD_FIELDS))))
    return reward


def redemption_key(redemption_id: int) -> str:
    return f"redemption:{redemption_id}"


def redeem(*, actor: Actor, reward_id: int | None, quantity: int = 1) -> Redemption:
    from flexperf.recognition import services as recognition

    person_id = require_person(actor)
    if reward_id is None:
        raise ServiceError(Problem("reward_id", _("Choose a reward.")))
    if quantity < 1 or quantity > MAX_QUANTITY:
        raise ServiceError(Problem("quantity", _("Between 1 and %(n)d.") % {"n": MAX_QUANTITY}))
    with transaction.atomic():
        reward = Reward.objects.select_for_update().filter(pk=reward_id, active=True).first()
        if reward is None:
            raise ServiceError(Problem("reward_id", _("No reward with this id in the store.")))
        if reward.stock is not None:
            if reward.stock < quantity:
                raise ServiceError(Problem("quantity", _(
                    "Only %(n)d left in stock.") % {"n": reward.stock}))
            taken = Reward.objects.filter(pk=reward.pk, stock__gte=quantity).update(
                stock=F("stock") - quantity)
            if taken != 1:  # pragma: no cover - the row lock makes this impossible
                raise ServiceError(Problem("quantity", _("Out of stock.")))
        points = reward.cost * quantity
        status = RedemptionStatus.PENDING if reward.approval_required \
            else RedemptionStatus.APPROVED
        redemption = Redemption.objects.create(reward=reward, person_id=person_id,
                                               quantity=quantity, points=points, status=status)
        redemption.spend_txn_id = recognition.spend_points(
            actor=actor, person_id=person_id, points=points,
            reason=_("Reward: %(name)s × %(n)d") % {"name": reward.name, "n": quantity},
            source_key=redemption_key(redemption.pk))
        redemption.save(update_fields=["spend_txn_id"])
        audit.record(actor, audit.draft_for(redemption, Action.CREATE, changes={
            "reward": [None, reward.pk], "person": [None, person_id],
            "quantity": [None, quantity], "points": [None, points], "status": [None, status]}))
        if status == RedemptionStatus.PENDING:
            _tell_hr(redemption, reward)
        emit(events.RewardRedeemed(redemption.pk, person_id, reward.pk, status))
    return redemption


def _tell_hr(redemption: Redemption, reward: Reward) -> None:
    from flexperf.accounts.models import User
    from flexperf.core.actors import Role

    hr = User.objects.filter(is_active=True,
                             role_assignments__role=Role.HR_ADMIN.value).distinct()[:20]
    notify(recipients=list(hr), kind="achievements.redemption",
           title=_("A reward redemption awaits approval: %(name)s") % {"name": reward.name},
           url=reverse("achievements_redemption_queue"), email=False)


def _access_for_decision(actor: Actor, redemption_id: int) -> Redemption:
    require_hr(actor)
    found = (Redemption.objects.select_for_update().filter(pk=redemption_id).first())
    if found is None:
        raise NotFound
    person = people_visible_to(actor).filter(hr_scope(actor), pk=found.person_id).first()
    if person is None:
        raise NotFound
    if found.person_id == actor.person_id:
        raise ServiceError(Problem("redemption", _(
            "Your own redemption is decided by another HR colleague.")))
    if found.status != RedemptionStatus.PENDING:
        raise ServiceError(Problem("status", _("This redemption was already decided.")))
    return found


def approve_redemption(*, actor: Actor, redemption_id: int, note: str = "") -> Redemption:
    with transaction.atomic():
        found = _access_for_decision(actor, redemption_id)
        return _decide(actor, found, RedemptionStatus.APPROVED, note)


def reject_redemption(*, actor: Actor, redemption_id: int, note: str = "") -> Redemption:
    """Refund the points and put the stock back."""
    from flexperf.recognition import services as recognition

    with transaction.atomic():
        found = _access_for_decision(actor, redemption_id)
        found.refund_txn_id = recognition.refund_points(
            actor=actor, source_key=redemption_key(found.pk),
            reason=_("Redemption rejected: %(name)s") % {"name": found.reward.name})
        Reward.objects.filter(pk=found.reward_id, stock__isnull=False).update(
            stock=F("stock") + found.quantity)
        return _decide(actor, found, RedemptionStatus.REJECTED, note)


def _decide(actor: Actor, found: Redemption, status: str, note: str) -> Redemption:
    note = (note or "").strip()
    if len(note) > 500:
        raise ServiceError(Problem("note", _("At most %(n)d characters.") % {"n": 500}))
    found.status, found.decided_at = status, timezone.now()
    found.decided_by_id, found.decision_note = actor.user_id, note
    found.save(update_fields=["status", "decided_at", "decided_by", "decision_note",
                              "refund_txn_id"])
    audit.record(actor, audit.draft_for(found, Action.UPDATE, changes={
        "status": [RedemptionStatus.PENDING.value, status]}))
    person = Person.objects.select_related("user").get(pk=found.person_id)
    title = (_("Your redemption of %(name)s was approved") if status == RedemptionStatus.APPROVED
             else _("Your redemption of %(name)s was rejected; the points are back"))
    notify(recipients=[person.user], kind="achievements.redemption",
           title=title % {"name": found.reward.name}, body=note,
           url=reverse("achievements_my_redemptions"))
    emit(events.RewardRedeemed(found.pk, found.person_id, found.reward_id, status))
    return found
