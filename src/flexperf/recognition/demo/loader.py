"""Recognition demo: a year of recognition (July 2025 – June 2026, the demo's date 30 June
2026). Monthly budgets for everyone active (unused budget expiring month by month), a stream of
peer awards with Chinese messages and tags, logged contributions and the rule points they earned,
points for on-time check-ins, and one reciprocal ping-pong pair in June whose points are held,
awaiting HR.

Peer awards and rule grants are written in bulk (transactions, their balanced entries and the
awards in a few statements per month), then the cached balances are recomputed from the entries;
the earned-points rollup is rebuilt from the entries; the ping-pong pair goes through the real
award service so its flag is the one detection raises.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict

from django.db import transaction
from django.utils import timezone

from flexperf.audit import services as audit
from flexperf.audit.models import Action
from flexperf.checkins.models import Checkin
from flexperf.core.actors import Actor
from flexperf.org.demo.generator import AS_OF
from flexperf.org.models import Person, Status
from flexperf.recognition import periods
from flexperf.recognition.models import (
    Account,
    AccountKind,
    Award,
    Contribution,
    ContributionKind,
    Entry,
    Flag,
    Rule,
    Txn,
    TxnKind,
    Visibility,
)
from flexperf.recognition.rules import CONTRIBUTION_RULES, rule_label
from flexperf.recognition.selectors.ledger import recompute_balances
from flexperf.recognition.services.awards import AwardIn, give_recognition
from flexperf.recognition.services.budgets import allocate_budgets
from flexperf.recognition.services.common import policy
from flexperf.recognition.services.ledger import pool
from flexperf.recognition.services.totals import rebuild_earned_totals

FIRST_PERIOD = "2025-07"
MESSAGES = {
    "customer_first": ["客户凌晨来电，你第一时间响应并解决了问题，客户专门写信表扬。",
                       "把客户的需求梳理得清清楚楚，方案一次就通过了。"],
    "teamwork": ["项目最紧张的那周，你主动接过了测试的工作，谢谢！",
                 "跨部门协调会你准备得很充分，大家的分歧很快就解决了。"],
    "knowledge_sharing": ["你整理的产品培训手册帮新同事少走了很多弯路。",
                          "周五的技术分享讲得深入浅出，受益匪浅。"],
    "mentoring": ["耐心带我熟悉了整个报价流程，谢谢师傅！",
                  "每周抽时间和新人一对一复盘，这份用心大家都看得到。"],
    "innovation": ["你提出的自动化对账方案每月节省了两天的人工。",
                   "新的门店陈列思路让试点店的转化率明显提升。"],
    "ownership": ["系统故障时你一直盯到凌晨恢复，真正做到了把事情当成自己的事。",
                  "没有人要求，你却把遗留的合同问题全部跟进到底。"],
    "cross_team_help": ["帮我们团队排查了数据接口的问题，省了好几天。",
                        "借调来支援大促，配合默契，感谢！"],
    "integrity": ["坚持按流程处理供应商的报价，守住了底线。"],
}
TAGS = list(MESSAGES)
KNOWLEDGE = [("大客户谈判十问", "https://wiki.example.com/sales/negotiation"),
             ("新版报销流程说明", "https://wiki.example.com/finance/claims"),
             ("接口联调排错清单", "https://wiki.example.com/rnd/api-debug"),
             ("季度复盘模板", "https://wiki.example.com/ops/review-template")]


def recognition_demo_loaded() -> bool:
    return Award.objects.exists()


def _day(rng: random.Random, period: str) -> dt.date:
    start, end = periods.bounds(period)
    end = min(end, AS_OF)
    return start + dt.timedelta(days=rng.randrange((end - start).days + 1))


def _post_bulk(rows: list[tuple[Txn, list[tuple[int, int]]]]) -> list[Txn]:
    txns = Txn.objects.bulk_create([t for t, _ in rows], batch_size=2000)
    Entry.objects.bulk_create([Entry(txn=t, account_id=acc, amount=amount)
                               for t, (_, legs) in zip(txns, rows, strict=True)
                               for acc, amount in legs], batch_size=4000)
    return txns


def _accounts(kind: str, people: list[int]) -> dict[int, int]:
    Account.objects.bulk_create([Account(code=f"{kind}:{pid}", kind=kind, person_id=pid)
                                 for pid in people], ignore_conflicts=True, batch_size=2000)
    return dict(Account.objects.filter(kind=kind, person_id__in=people)
                .values_list("person_id", "pk"))


def load_recognition_demo(*, actor: Actor, seed: int) -> dict[str, int]:
    rng = random.Random(seed * 7919 + 5)
    people = list(Person.objects.filter(status=Status.ACTIVE)
                  .values_list("pk", "unit_id", "manager_id").order_by("pk"))
    if len(people) < 4:
        return {"awards": 0, "contributions": 0, "grants": 0, "budgets": 0, "flags": 0}
    ids = [p[0] for p in people]
    unit_of = {p[0]: p[1] for p in people}
    by_unit: dict[int, list[int]] = defaultdict(list)
    for pid, unit_id, _ in people:
        by_unit[unit_id].append(pid)
    person_acc = _accounts(AccountKind.PERSON, ids)
    rules = {r.code: r for r in Rule.objects.all()}
    budget = policy().budget_per_period
    counts = {"awards": 0, "contributions": 0, "grants": 0, "budgets": 0, "flags": 0}
    months = periods.between(FIRST_PERIOD, periods.period_of(AS_OF))
    team = next((m for m in by_unit.values() if len(m) >= 2), [])
    pair = tuple(team[:2])  # the ping-pong pair: they give nothing else in the last month
    username = actor.username[:150]
    with transaction.atomic():
        for period in months:
            counts["budgets"] += allocate_budgets(actor=actor, period=period).allocated
            budgets = dict(Account.objects.filter(kind=AccountKind.BUDGET, period=period)
                           .values_list("person_id", "pk"))
            left = {pid: budget for pid in budgets}
            rows: list[tuple[Txn, list[tuple[int, int]]]] = []
            meta: list[tuple[int, int, int, str, dt.date]] = []
            for giver in ids:
                if giver not in budgets or rng.random() > 0.45 or (
                        giver in pair and period == months[-1]):
                    continue
                team = [p for p in by_unit[unit_of[giver]] if p != giver]
                for _ in range(rng.choice((1, 1, 2, 3))):
                    others = team if team and rng.random() < 0.7 else ids
                    recipient = rng.choice(others)
                    points = rng.choice((5, 10, 10, 15, 20, 30))
                    if recipient == giver or points > left[giver]:
                        continue
                    left[giver] -= points
                    tag = rng.choice(TAGS)
                    day = _day(rng, period)
                    rows.append((Txn(kind=TxnKind.AWARD, on=day, source="peer", reason=tag,
                                     actor_username=username),
                                 [(budgets[giver], -points), (person_acc[recipient], points)]))
                    meta.append((giver, recipient, points, tag, day))
            txns = _post_bulk(rows)
            Award.objects.bulk_create([
                Award(giver_id=g, recipient_id=r, points=p, asked_points=p, tag=tag,
                      message=rng.choice(MESSAGES[tag]), on=day, txn=t,
                      visibility=Visibility.PRIVATE if rng.random() < 0.1 else
                      Visibility.PUBLIC, cross_unit=unit_of[g] != unit_of[r])
                for t, (g, r, p, tag, day) in zip(txns, meta, strict=True)], batch_size=2000)
            counts["awards"] += len(txns)
            counts["contributions"] += _contributions(rng, period, ids, unit_of, rules,
                                                      person_acc, username, counts)
            recompute_balances()
        counts["grants"] += _checkins(rules.get("checkin_on_time"), person_acc, username)
        recompute_balances()
        rebuild_earned_totals()  # the bulk posts above bypassed the rollup
        counts["flags"] = _ping_pong(actor, pair)
        audit.record(actor, audit.Draft(action=Action.IMPORT, object_type="recognition.demo",
                                        object_repr="recognition demo", context=counts))
    return counts


def _contributions(rng: random.Random, period: str, ids: list[int], unit_of: dict[int, int],
                   rules: dict[str, Rule], person_acc: dict[int, int], username: str,
                   counts: dict[str, int]) -> int:
    rows: list[Contribution] = []
    for pid in rng.sample(ids, k=max(1, len(ids) // 12)):
        kind = rng.choice(ContributionKind.values)
        other = rng.choice([p for p in ids if p != pid])
        if kind == ContributionKind.KNOWLEDGE:
            title, link = rng.choice(KNOWLEDGE)
            rows.append(Contribution(person_id=pid, kind=kind, title=title, link=link,
                                     on=_day(rng, period)))
        elif kind == ContributionKind.MENTORING:
            rows.append(Contribution(person_id=pid, kind=kind, title="新人带教一对一",
                                     other_person_id=other, on=_day(rng, period)))
        else:
            others = [p for p in ids if unit_of[p] != unit_of[pid]]
            if not others:
                continue
            rows.append(Contribution(person_id=pid, kind=kind, title="支援兄弟团队",
                                     other_person_id=rng.choice(others), on=_day(rng, period)))
    made = Contribution.objects.bulk_create(rows)
    grants: list[tuple[Txn, list[tuple[int, int]]]] = []
    for c in made:
        rule = rules.get(CONTRIBUTION_RULES[c.kind])
        if rule is None or not rule.active:
            continue
        points = min(rule.points, rule.cap_per_period)  # one per person and month: within cap
        grants.append((Txn(kind=TxnKind.GRANT, on=c.on, source="rule", rule=rule,
                           source_key=f"rule:{rule.code}:contribution:{c.pk}",
                           reason=rule_label(rule.code), actor_username=username),
                       [(pool("rule").pk, -points), (person_acc[c.person_id], points)]))
    _post_bulk(grants)
    counts["grants"] += len(grants)
    return len(made)


def _checkins(rule: Rule | None, person_acc: dict[int, int], username: str) -> int:
    if rule is None or not rule.active:
        return 0
    rows: list[tuple[Txn, list[tuple[int, int]]]] = []
    for pk, person_id, due, submitted in (Checkin.objects.filter(submitted_at__isnull=False)
                                          .values_list("pk", "person_id", "due_date",
                                                       "submitted_at")):
        on = timezone.localdate(submitted)
        if on > due or person_id not in person_acc or on > AS_OF:
            continue
        points = min(rule.points, rule.cap_per_period)
        rows.append((Txn(kind=TxnKind.GRANT, on=on, source="rule", rule=rule,
                         source_key=f"rule:{rule.code}:checkin:{pk}",
                         reason=rule_label(rule.code), actor_username=username),
                     [(pool("rule").pk, -points), (person_acc[person_id], points)]))
    _post_bulk(rows)
    return len(rows)


def _ping_pong(actor: Actor, pair: tuple[int, ...]) -> int:
    """Two colleagues of one team thank each other three times each in late June."""
    if len(pair) != 2:
        return 0
    a, b = pair
    base = dt.date(2026, 6, 20)
    for n in range(6):
        giver, recipient = (a, b) if n % 2 == 0 else (b, a)
        give_recognition(actor=Actor(user_id=None, username=actor.username, person_id=giver),
                         data=AwardIn(recipient_id=recipient, points=10, tag="teamwork",
                                      message="互相支持，感谢！"), on=base + dt.timedelta(days=n))
    return Flag.objects.count()
