"""Achievements demo data: three quests (one "Mentor path" with three levels), people at
different levels (their progress counted by the recompute service from the feedback demo's
feedback and from contributions logged through recognition's own service), a few
leaderboard opt-outs, a catalogue of eight rewards and some redemptions (one awaiting HR).

Runs after the org and feedback demo loaders (and the recognition demo when there is one).
"""

from __future__ import annotations

import datetime as dt
import random
import time

from django.utils.translation import gettext as _

from flexperf.achievements import services as svc
from flexperf.achievements.models import PersonSettings, Quest, RedemptionStatus, Reward
from flexperf.audit import services as audit
from flexperf.audit.models import Action
from flexperf.core import clock
from flexperf.core.actors import Actor
from flexperf.core.errors import Problem, ServiceError
from flexperf.org.models import Person, Status

YEAR_START, YEAR_END = dt.date(2026, 1, 1), dt.date(2026, 12, 31)
AS_OF = dt.date(2026, 6, 30)
MENTOR_PATH = "导师之路 Mentor path"

REWARDS = [  # name, description, cost, stock, approval
    ("咖啡券", "公司咖啡吧任意饮品一杯", 30, None, False),
    ("图书卡", "50 元图书卡，线上线下书店通用", 80, 40, False),
    ("定制周边礼包", "华信定制保温杯与帆布袋", 60, 25, False),
    ("健身房月卡", "合作健身房一个月通卡", 200, 10, False),
    ("额外半天假", "与主管商定日期的半天带薪假", 150, None, True),
    ("与高管共进午餐", "与一位事业部负责人午餐交流", 300, 4, True),
    ("在线课程券", "学习平台任选一门课程", 120, 30, False),
    ("团队下午茶", "为所在团队订一次下午茶", 250, 8, True),
]


def achievements_demo_loaded() -> bool:
    return Quest.objects.filter(title=MENTOR_PATH).exists()


def _as(person: Person) -> Actor:
    return Actor(user_id=person.user_id, username=f"demo-{person.pk}", person_id=person.pk,
                 reporting_path=person.path)


def _quests(actor: Actor) -> list[Quest]:
    level, task = svc.LevelIn, svc.TaskIn
    specs = [
        svc.QuestIn(title=MENTOR_PATH, starts_on=YEAR_START, ends_on=YEAR_END,
                    description="带教新同事、分享知识、给出反馈：成为团队的导师。",
                    badge_code="mentor", levels=[
                        level("带教一位新同事", 20, [task("mentoring", 1)]),
                        level("分享三篇知识文章", 30, [task("knowledge_shared", 3)]),
                        level("给出十条反馈", 50, [task("feedback_given", 10)])]),
        svc.QuestIn(title="跨团队援手 Cross-team helper", starts_on=YEAR_START,
                    ends_on=YEAR_END, description="走出自己的部门，帮助其他团队。",
                    badge_code="cross-team-helper", levels=[
                        level("帮助另一个团队", 20, [task("cross_team_help", 1)]),
                        level("再帮两次，并认可一位同事", 40,
                              [task("cross_team_help", 3), task("recognition_given", 1)])]),
        svc.QuestIn(title="反馈达人 Feedback habit", starts_on=dt.date(2026, 4, 1),
                    ends_on=dt.date(2026, 9, 30), description="本季度养成经常反馈的习惯。",
                    badge_code="quest-finisher", levels=[
                        level("给出三条反馈", 10, [task("feedback_given", 3)]),
                        level("给出八条反馈", 30, [task("feedback_given", 8)])]),
    ]
    return [svc.create_quest(actor=actor, data=s) for s in specs]


def _contribute(people: list[Person], rng: random.Random, today: dt.date) -> int:
    from flexperf.recognition.services.contributions import ContributionIn, log_contribution

    made = 0
    by_unit: dict[int, list[Person]] = {}
    for p in people:
        by_unit.setdefault(p.unit_id, []).append(p)
    for i, person in enumerate(people[:60]):
        me = _as(person)
        mates = [p for p in by_unit[person.unit_id] if p.pk != person.pk]
        others = [p for p in people if p.unit_id != person.unit_id]

        def day() -> dt.date:
            return today - dt.timedelta(days=rng.randrange(5, 170))

        if i % 4 != 3 and mates:  # three in four mentored someone
            log_contribution(actor=me, data=ContributionIn(
                kind="mentoring", title="带教新同事熟悉业务流程",
                other_person_id=rng.choice(mates).pk, on=day()))
            made += 1
        for k in range(i % 5):  # 0–4 knowledge articles
            log_contribution(actor=me, data=ContributionIn(
                kind="knowledge", title=f"经验分享第 {k + 1} 篇",
                link=f"https://wiki.huaxin.example/articles/{person.pk}-{k}", on=day()))
            made += 1
        for _k in range(i % 3 if others else 0):
            log_contribution(actor=me, data=ContributionIn(
                kind="cross_team_help", title="协助兄弟部门排查问题",
                other_person_id=rng.choice(others).pk, on=day()))
            made += 1
    return made


def _redeem(actor: Actor, people: list[Person], rewards: list[Reward]) -> dict[str, int]:
    from flexperf.recognition.selectors import available_balance

    counts = {"redemptions": 0, "pending": 0}
    by_name = {r.name: r for r in rewards}
    rich = sorted(people, key=lambda p: (-available_balance(p.pk), p.pk))[:12]
    plan = ["咖啡券", "额外半天假", "图书卡", "咖啡券", "定制周边礼包", "额外半天假",
            "咖啡券", "在线课程券"]
    for person, name in zip(rich, plan, strict=False):
        reward = by_name[name]
        if available_balance(person.pk) < reward.cost:
            continue
        found = svc.redeem(actor=_as(person), reward_id=reward.pk)
        counts["redemptions"] += 1
        if found.status == RedemptionStatus.PENDING:
            if counts["pending"]:  # the first waits for HR; HR has approved the others
                svc.approve_redemption(actor=actor, redemption_id=found.pk, note="已安排")
            else:
                counts["pending"] += 1
    return counts


def load_achievements_demo(*, actor: Actor, seed: int) -> dict[str, int]:
    """Load the achievements demo; returns counts. ServiceError (nothing written) when there
    are no people or it is loaded already."""
    started = time.perf_counter()
    if achievements_demo_loaded():
        raise ServiceError(Problem("demo", _("The achievements demo is already loaded.")))
    people = list(Person.objects.filter(status=Status.ACTIVE).order_by("pk"))
    if len(people) < 10:
        raise ServiceError(Problem("demo", _("Load the demo group first.")))
    rng = random.Random(seed)
    today = min(clock.today(), AS_OF)
    quests = _quests(actor)
    enrolled = people[:80]
    from flexperf.achievements.models import Enrolment

    Enrolment.objects.bulk_create(
        [Enrolment(quest=q, person=p) for q in quests[:2] for p in enrolled]
        + [Enrolment(quest=quests[2], person=p) for p in people[:40]], ignore_conflicts=True)
    contributions = _contribute(enrolled, rng, today)
    summary = svc.recompute(actor=actor)
    for person in rng.sample(people, 3):
        svc.set_leaderboard_opt_out(actor=_as(person), opt_out=True)
    rewards = [svc.create_reward(actor=actor, data=svc.RewardIn(
        name=n, description=d, cost=c, stock=s, approval_required=a))
        for n, d, c, s, a in REWARDS]
    counts = {"quests": len(quests), "enrolments": Enrolment.objects.count(),
              "contributions": contributions, "levels": summary.levels_awarded,
              "opt_outs": PersonSettings.objects.filter(leaderboard_opt_out=True).count(),
              "rewards": len(rewards), **_redeem(actor, people, rewards)}
    audit.record(actor, audit.Draft(
        action=Action.IMPORT, object_type="achievements.demo", object_id=str(seed),
        object_repr=f"华信集团 Huaxin Group demo achievements (seed {seed})",
        context={"seed": seed, "seconds": round(time.perf_counter() - started, 2), **counts}))
    return counts
