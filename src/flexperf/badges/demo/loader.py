"""Badges demo data: about 2 % of the active people hold a badge, awarded over the demo's past
year by their manager or by HR, signed into the chain; one award was revoked after a request by
the HR business partner and the HR admin's approval (two different people). The chain audits
clean. Deterministic for the seed (award ids, salts and times; the signatures depend on the
installation's key).

Runs after the org demo (it needs people, managers and the demo HR accounts).
"""

from __future__ import annotations

import datetime as dt
import random
import uuid

from django.db import transaction
from django.utils import timezone

from flexperf.accounts.models import User
from flexperf.accounts.selectors import actor_for_user
from flexperf.badges import services
from flexperf.badges.models import BadgeAward, BadgeClass
from flexperf.core.actors import Actor
from flexperf.org.models import Person, Status
from flexperf.org.selectors import hr_scope

AS_OF = dt.date(2026, 6, 30)
SHARE = 0.02
MANUAL = ("mentor", "knowledge-sharer", "customer-hero", "cross-team-helper")
EVIDENCE = {
    "mentor": "带教两位新同事顺利度过试用期。",
    "knowledge-sharer": "整理并分享了客户对接手册，被多个团队采用。",
    "customer-hero": "周末驻场协助客户完成系统切换，获客户书面表扬。",
    "cross-team-helper": "协助研发中心完成跨部门联调，提前一周上线。",
    "quest-finisher": "完成“导师之路”全部关卡。",
}
REVOKE_REASON = "复核发现同一事迹已由其他奖项表彰，按规定撤销重复授予。"


def badges_demo_loaded() -> bool:
    return BadgeAward.objects.exists()


def _moment(day: dt.date, rng: random.Random) -> dt.datetime:
    naive = dt.datetime.combine(day, dt.time(9 + rng.randrange(9), rng.randrange(60)))
    return timezone.make_aware(naive)


def load_badges_demo(*, actor: Actor, seed: int) -> dict[str, int]:
    rng = random.Random(seed * 7919 + 5)
    people = list(Person.objects.filter(status=Status.ACTIVE).select_related("manager")
                  .order_by("pk"))
    if not people or not BadgeClass.objects.filter(code__in=MANUAL).exists():
        return {"awards": 0, "people": 0, "revoked": 0, "chain_entries": 0}
    count = max(3, round(len(people) * SHARE))
    chosen = rng.sample(people, min(count, len(people)))
    users = {u.username: u for u in User.objects.filter(username__in=("hr_admin", "hrbp"))}
    hr_person = Person.objects.filter(user=users.get("hr_admin")).first() \
        if "hr_admin" in users else None
    start = AS_OF - dt.timedelta(days=364)
    plan = []
    for person in chosen:
        day = start + dt.timedelta(days=rng.randrange(365))
        code = rng.choice(MANUAL) if rng.random() < 0.85 else "quest-finisher"
        by_manager = code != "quest-finisher" and person.manager is not None \
            and rng.random() < 0.8
        awarder = person.manager if by_manager else (
            None if code == "quest-finisher" else hr_person)
        plan.append((day, person, code, awarder))
    plan.sort(key=lambda item: (item[0], item[1].pk))
    awards: list[BadgeAward] = []
    with transaction.atomic():
        for day, person, code, awarder in plan:
            who = actor if awarder is None else Actor(
                user_id=None, username=f"demo:{awarder.employee_number}",
                person_id=awarder.pk, via=actor.via)
            stamp = services.Stamp(at=_moment(day, rng), on=day, awarder=awarder,
                                   uid=uuid.UUID(int=rng.getrandbits(128), version=4),
                                   salt=f"{rng.getrandbits(64):016x}")
            awards.append(services.record_dated_award(
                actor=who, badge_code=code, person_id=person.pk, stamp=stamp,
                evidence=EVIDENCE[code]))
        revoked = _revoke_one(awards, users, rng)
    return {"awards": len(awards), "people": len({a.person_id for a in awards}),
            "revoked": revoked, "chain_entries": len(awards) + revoked}


def _revoke_one(awards: list[BadgeAward], users: dict[str, User], rng: random.Random) -> int:
    """The HRBP (or the operator) asks, the HR admin approves: two different people."""
    admin_user = users.get("hr_admin")
    if admin_user is None or not awards:
        return 0
    approver = actor_for_user(admin_user)
    requester: Actor | None = None
    target = None
    if "hrbp" in users:
        hrbp = actor_for_user(users["hrbp"])
        in_scope = set(Person.objects.filter(hr_scope(hrbp), pk__in=[a.person_id for a in awards])
                       .values_list("pk", flat=True))
        target = next((a for a in awards if a.person_id in in_scope), None)
        requester = hrbp if target is not None else None
    if target is None:
        target = awards[len(awards) // 2]
        requester = Actor.system(username="demo:hr-reviewer")
    assert requester is not None
    asked = max(target.issued_on + dt.timedelta(days=14), AS_OF - dt.timedelta(days=20))
    asked_at = _moment(min(asked, AS_OF - dt.timedelta(days=2)), rng)
    request = services.request_revocation(actor=requester, award_id=target.pk,
                                          reason=REVOKE_REASON, at=asked_at)
    services.approve_revocation(actor=approver, request_id=request.pk,
                                note="已与直属经理确认。", at=asked_at + dt.timedelta(days=1))
    return 1
