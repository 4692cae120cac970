"""Points rules: events earn points up to a cap per person per month, once per source event
(source key "rule:<code>:<event key>"). HR edits points, caps and whether a rule is active."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from flexperf.audit import services as audit
from flexperf.audit.models import Action
from flexperf.core import clock
from flexperf.core.actors import Actor, Via
from flexperf.core.errors import NotFound, Problem, ServiceError
from flexperf.recognition import antigaming, periods
from flexperf.recognition.models import Entry, Rule, Txn
from flexperf.recognition.rules import rule_label
from flexperf.recognition.services.common import require_hr_admin, whole
from flexperf.recognition.services.ledger import grant

RULES_ACTOR = Actor.system(via=Via.SYSTEM, username="system:recognition-rules")
RULE_FIELDS = ("points", "cap_per_period", "active")


def apply_rule(*, code: str, person_id: int, event_key: str, on: dt.date | None = None,
               actor: Actor = RULES_ACTOR) -> int | None:
    """Grant the rule's points for one event (trimmed to the monthly cap); the txn id, or None
    when the rule is inactive or the cap is reached. The same event never pays twice."""
    key = f"rule:{code}:{event_key}"
    earlier = Txn.objects.filter(source_key=key).values_list("pk", flat=True).first()
    if earlier is not None:
        return int(earlier)
    rule = Rule.objects.filter(code=code, active=True).first()
    if rule is None:
        return None
    day = on or clock.today()
    start, end = periods.bounds(periods.period_of(day))
    with transaction.atomic():
        used = (Entry.objects.filter(txn__rule=rule, txn__on__gte=start, txn__on__lte=end,
                                     account__person_id=person_id, amount__gt=0)
                .aggregate(s=Sum("amount"))["s"] or 0)
        points = antigaming.rule_room(used, rule.points, cap=rule.cap_per_period)
        if points <= 0:
            return None
        return grant(actor=actor, person_id=person_id, points=points,
                     reason=rule_label(code), source="rule", source_key=key, on=day, rule=rule)


def update_rule(*, actor: Actor, code: str, points: int | None = None,
                cap_per_period: int | None = None, active: bool | None = None) -> Rule:
    require_hr_admin(actor)
    with transaction.atomic():
        rule = Rule.objects.select_for_update().filter(code=code).first()
        if rule is None:
            raise NotFound
        before = audit.snapshot(rule, RULE_FIELDS)
        if points is not None:
            rule.points = whole(points, "points", low=0, high=100000)
        if cap_per_period is not None:
            rule.cap_per_period = whole(cap_per_period, "cap_per_period", low=0, high=1000000)
        if active is not None:
            if not isinstance(active, bool):
                raise ServiceError(Problem("active", _("Give true or false.")))
            rule.active = active
        rule.save()
        audit.record(actor, audit.draft_for(rule, Action.UPDATE, changes=audit.diff(
            before, audit.snapshot(rule, RULE_FIELDS))))
    return rule
