"""Feedback for the demo group (dated up to 2026-06-30): instant feedback of every kind and
visibility over January–June (some from "chat"), open, answered and declined requests, one
finished 360 campaign for the sales managers (rater groups above and below the threshold), and
development plans for about a quarter of the people. Run after the org and goals demo loaders.

Deterministic for a seed: people are read in primary-key order and every choice comes from one
`random.Random(seed)`. Rows go in with `bulk_create` (or `executemany` for the many that need
no id back); one audit entry records the load.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import connection, models, transaction
from django.utils.translation import gettext as _

from flexperf.audit import services as audit
from flexperf.audit.models import Action
from flexperf.core import tree
from flexperf.core.actors import Actor
from flexperf.core.errors import Problem, ServiceError
from flexperf.feedback.demo import texts
from flexperf.feedback.models import (
    ActionStatus,
    Answer,
    Campaign,
    CampaignStatus,
    DevelopmentAction,
    DevelopmentPlan,
    Feedback,
    FeedbackRequest,
    Kind,
    Nomination,
    NominationStatus,
    Question,
    Relationship,
    RequestStatus,
    Visibility,
)
from flexperf.goals.models import Period
from flexperf.org.models import Person, Status, Unit

SALES_ROOT = "HXS"
CAMPAIGN_NAME = "2026 上半年 360 · 销售管理者"
START = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
DAYS = 181  # 1 January – 30 June 2026
FEEDBACK_PER_PERSON = 3
SUBJECTS = 12
CAP = 5
BATCH = 2000
KINDS = ((Kind.PRAISE, 0.55), (Kind.CONSTRUCTIVE, 0.25), (Kind.SUGGESTION, 0.20))
VISIBILITIES = ((Visibility.PRIVATE, 0.2), (Visibility.MANAGER, 0.5), (Visibility.PUBLIC, 0.3))
SENTENCES: dict[str, tuple[str, ...]] = {
    Kind.PRAISE: texts.PRAISE, Kind.CONSTRUCTIVE: texts.CONSTRUCTIVE,
    Kind.SUGGESTION: texts.SUGGESTION}


@dataclass(frozen=True)
class DemoPerson:
    id: int
    manager_id: int | None
    unit_path: str
    has_user: bool


def feedback_demo_loaded() -> bool:
    return Campaign.objects.filter(name=CAMPAIGN_NAME).exists()


def _pick(rng: random.Random, weighted: tuple[tuple[str, float], ...]) -> str:
    roll, total = rng.random(), 0.0
    for value, weight in weighted:
        total += weight
        if roll < total:
            return value
    return weighted[-1][0]


def _moment(rng: random.Random, *, first_day: int = 0, days: int = DAYS) -> dt.datetime:
    # Working hours in China (UTC+8): 01:00–10:00 UTC.
    return START + dt.timedelta(days=first_day + rng.randrange(days), hours=1 + rng.randrange(9),
                                minutes=rng.randrange(60))


class _Builder:
    def __init__(self, people: list[DemoPerson], rng: random.Random) -> None:
        self.rng = rng
        self.people = people
        self.by_id = {p.id: p for p in people}
        self.position = {p.id: i for i, p in enumerate(people)}
        self.reports: dict[int, list[int]] = defaultdict(list)
        for p in people:
            if p.manager_id is not None and p.manager_id in self.by_id:
                self.reports[p.manager_id].append(p.id)

    def colleague_of(self, giver: DemoPerson) -> int:
        """A peer, the manager, a report, or anyone — never the giver."""
        roll = self.rng.random()
        pool: list[int] = []
        if roll < 0.45 and giver.manager_id is not None:
            pool = [i for i in self.reports[giver.manager_id] if i != giver.id]
        elif roll < 0.6 and giver.manager_id in self.by_id:
            pool = [giver.manager_id] if giver.manager_id is not None else []
        elif roll < 0.75:
            pool = self.reports[giver.id]
        if not pool:
            pool = [self.people[self.rng.randrange(len(self.people))].id]
        choice = self.rng.choice(pool)
        return choice if choice != giver.id else self.people[
            (self.position[giver.id] + 1) % len(self.people)].id

    def feedback(self, giver: DemoPerson, recipient: int, ident: str,
                 request: FeedbackRequest | None = None,
                 when: dt.datetime | None = None) -> Feedback:
        kind = _pick(self.rng, KINDS)
        chat = self.rng.random() < 0.2
        return Feedback(
            giver_id=giver.id, recipient_id=recipient, kind=kind,
            visibility=_pick(self.rng, VISIBILITIES), text=self.rng.choice(SENTENCES[kind]),
            behaviour=self.rng.choice(texts.BEHAVIOURS) if self.rng.random() < 0.4 else "",
            request=request, source="chat" if chat else "web",
            external_id=f"demo-{ident}" if chat else "", created_at=when or _moment(self.rng))


def _insert_many(model: type[models.Model], rows: Sequence[models.Model]) -> None:
    """INSERT rows that need no primary key back with `executemany`, values prepared by each
    field exactly as the ORM prepares them: `bulk_create` spends most of its time compiling
    SQL per small batch (SQLite's variable limit), five times slower for tens of thousands."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    quote = connection.ops.quote_name
    # Table and column names come from the model, quoted; values travel as parameters.
    sql = (f"INSERT INTO {quote(model._meta.db_table)} "  # noqa: S608
           f"({', '.join(quote(f.column) for f in fields)}) "
           f"VALUES ({', '.join(['%s'] * len(fields))})")
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            cursor.executemany(sql, [
                [f.get_db_prep_save(getattr(row, f.attname), connection) for f in fields]
                for row in rows[start:start + BATCH]])


def _read_people() -> list[DemoPerson]:
    rows = (Person.objects.filter(status__in=[Status.ACTIVE, Status.ON_LEAVE])
            .order_by("pk").values_list("pk", "manager_id", "unit__path", "user_id"))
    return [DemoPerson(pk, manager, path, user is not None) for pk, manager, path, user in rows]


def load_feedback_demo(*, actor: Actor, seed: int) -> dict[str, int]:
    """Load the feedback demo; returns how many rows of each kind. ServiceError (nothing
    written) when there are no people or it is loaded already."""
    started = time.perf_counter()
    with transaction.atomic():
        if feedback_demo_loaded():
            raise ServiceError(Problem("demo", _("The demo feedback is already loaded.")))
        people = _read_people()
        if len(people) < 10:
            raise ServiceError(Problem("demo", _("Load the demo group first.")))
        rng = random.Random(seed)
        build = _Builder(people, rng)
        counts = {"feedback": _load_feedback(build)}
        counts.update(_load_requests(build))
        counts.update(_load_review360(build))
        counts.update(_load_plans(build))
        audit.record(actor, audit.Draft(
            action=Action.IMPORT, object_type="feedback.demo", object_id=str(seed),
            object_repr=f"华信集团 Huaxin Group demo feedback (seed {seed})",
            context={"seed": seed, "seconds": round(time.perf_counter() - started, 2),
                     **counts}))
    return counts


def _load_feedback(build: _Builder) -> int:
    rows = []
    for n in range(len(build.people) * FEEDBACK_PER_PERSON):
        giver = build.people[build.rng.randrange(len(build.people))]
        rows.append(build.feedback(giver, build.colleague_of(giver), str(n)))
    # Everyone with a demo login hears something from a colleague.
    for person in build.people:
        if person.has_user:
            for k in range(3):
                giver_id = build.colleague_of(person)
                rows.append(build.feedback(build.by_id[giver_id], person.id,
                                           f"login-{person.id}-{k}"))
    _insert_many(Feedback, rows)
    return len(rows)


def _load_requests(build: _Builder) -> dict[str, int]:
    rng = build.rng
    each = max(4, len(build.people) // 50)
    made = []
    for n in range(each * 3):
        requester = build.people[rng.randrange(len(build.people))]
        requested = build.colleague_of(requester)
        status = (RequestStatus.OPEN, RequestStatus.ANSWERED, RequestStatus.DECLINED)[n % 3]
        created = _moment(rng, first_day=150, days=25)
        made.append(FeedbackRequest(
            requester_id=requester.id, requested_id=requested, question=rng.choice(
                texts.REQUESTS), status=status, created_at=created,
            closed_at=None if status == RequestStatus.OPEN else created + dt.timedelta(days=2),
            decline_reason="本周出差，稍后再聊" if status == RequestStatus.DECLINED else ""))
    # Demo logins have one open request waiting for them.
    for person in build.people:
        if person.has_user and person.manager_id is not None:
            made.append(FeedbackRequest(requester_id=person.manager_id, requested_id=person.id,
                                        question=texts.REQUESTS[0],
                                        created_at=_moment(rng, first_day=170, days=10)))
    FeedbackRequest.objects.bulk_create(made, batch_size=BATCH)
    answers = [build.feedback(build.by_id[r.requested_id], r.requester_id, f"request-{i}",
                              request=r, when=(r.closed_at or r.created_at))
               for i, r in enumerate(made) if r.status == RequestStatus.ANSWERED]
    _insert_many(Feedback, answers)
    return {"requests": len(made), "requests_open": sum(
        1 for r in made if r.status == RequestStatus.OPEN), "request_answers": len(answers)}


def _questions() -> list[Question]:
    existing = list(Question.objects.filter(active=True).order_by("competency", "order", "pk"))
    if existing:
        return existing
    return Question.objects.bulk_create([
        Question(competency=c, text=t, order=i) for i, (c, t) in enumerate(texts.QUESTIONS)])


def _load_review360(build: _Builder) -> dict[str, int]:
    rng = build.rng
    root = Unit.objects.filter(code=SALES_ROOT).first() or Unit.objects.order_by("path").first()
    period = Period.objects.filter(code="2026-H1").first()
    if root is None or period is None:
        return {"campaigns": 0, "nominations": 0, "answers_360": 0}
    in_sales = [p for p in build.people if tree.is_within(p.unit_path, root.path)]
    managers = [p for p in in_sales if len(build.reports[p.id]) >= 3]
    demo_first = sorted(managers, key=lambda p: (not p.has_user, p.id))
    subjects = demo_first[:2] + rng.sample(demo_first[2:], min(SUBJECTS - 2,
                                                                max(len(demo_first) - 2, 0)))
    questions = _questions()
    campaign = Campaign.objects.create(
        name=CAMPAIGN_NAME, period=period, opens_on=dt.date(2026, 5, 1),
        closes_on=dt.date(2026, 6, 15), max_requests_per_rater=CAP,
        status=CampaignStatus.CLOSED, created_at=START + dt.timedelta(days=110),
        closed_at=dt.datetime(2026, 6, 16, 2, 0, tzinfo=dt.UTC))
    campaign.units.set([root])
    campaign.questions.set(questions)
    asked: dict[int, int] = defaultdict(int)
    nominations: list[Nomination] = []
    for subject in subjects:
        peers = [i for i in build.reports.get(subject.manager_id or 0, []) if i != subject.id]
        reports = list(build.reports[subject.id])
        others = [p.id for p in build.people
                  if not tree.is_within(p.unit_path, root.path)][:200]
        groups = [
            (Relationship.MANAGER, [subject.manager_id] if subject.manager_id else []),
            (Relationship.PEER, rng.sample(peers, min(len(peers), rng.choice((2, 3, 4, 5))))),
            (Relationship.DIRECT_REPORT,
             rng.sample(reports, min(len(reports), rng.choice((2, 3, 4, 6))))),
            (Relationship.CROSS_TEAM, rng.sample(others, min(len(others), rng.choice((0, 2, 3))))),
        ]
        chosen: set[int] = set()  # one nomination per rater and subject (the subject's
        # manager can also be drawn as a cross-team rater when they sit outside the unit)
        for relationship, raters in groups:
            for rater in raters:
                if (rater is None or rater == subject.id or rater in chosen
                        or asked[rater] >= CAP):
                    continue
                chosen.add(rater)
                asked[rater] += 1
                roll = rng.random()
                status = (NominationStatus.REJECTED if roll < 0.03 else
                          NominationStatus.APPROVED if roll < 0.1 else
                          NominationStatus.SUBMITTED)
                nominations.append(Nomination(
                    campaign=campaign, subject_id=subject.id, relationship=relationship,
                    rater_id=rater, status=status, created_at=START + dt.timedelta(days=121),
                    submitted_at=(START + dt.timedelta(days=130 + rng.randrange(30))
                                  if status == NominationStatus.SUBMITTED else None)))
    Nomination.objects.bulk_create(nominations, batch_size=BATCH)
    base = {s.id: rng.uniform(3.0, 4.5) for s in subjects}
    answers = []
    for nomination in nominations:
        if nomination.status != NominationStatus.SUBMITTED:
            continue
        for index, question in enumerate(questions):
            rating = min(5, max(1, round(base[nomination.subject_id] + rng.gauss(0, 0.8))))
            comment = rng.choice(texts.COMMENTS) if index % 2 == 0 and rng.random() < 0.3 else ""
            answers.append(Answer(nomination=nomination, question=question, rating=rating,
                                  comment=comment))
    _insert_many(Answer, answers)
    return {"campaigns": 1, "subjects_360": len(subjects), "nominations": len(nominations),
            "answers_360": len(answers)}


def _load_plans(build: _Builder) -> dict[str, int]:
    rng = build.rng
    period = Period.objects.filter(code="2026").first()
    managers = [p.id for p in build.people if build.reports[p.id]]
    plans, actions_for = [], []
    for person in build.people:
        if not (person.has_user or rng.random() < 0.25):
            continue
        role, path = rng.choice(texts.PATHS)
        mentor = rng.choice(managers) if managers else None
        if mentor in (person.id, person.manager_id):
            mentor = None
        plans.append(DevelopmentPlan(
            person_id=person.id, period=period, strengths=rng.choice(texts.STRENGTHS),
            improvements=rng.choice(texts.IMPROVEMENTS), path=path, target_role=role,
            mentor_id=mentor, created_at=START + dt.timedelta(days=rng.randrange(40)),
            updated_at=START + dt.timedelta(days=60 + rng.randrange(100))))
        actions_for.append([
            (title, dt.date(2026, 2 + 2 * i, 28))
            for i, title in enumerate(rng.sample(texts.ACTIONS, rng.choice((2, 3, 4))))])
    DevelopmentPlan.objects.bulk_create(plans, batch_size=BATCH)
    actions = []
    for plan, items in zip(plans, actions_for, strict=True):
        for order, (title, due) in enumerate(items):
            past = due <= dt.date(2026, 6, 30)
            roll = rng.random()
            status = (ActionStatus.DONE if past and roll < 0.7 else
                      ActionStatus.IN_PROGRESS if roll < 0.85 else ActionStatus.PLANNED)
            actions.append(DevelopmentAction(plan=plan, title=title, due=due, status=status,
                                             order=order))
    _insert_many(DevelopmentAction, actions)
    return {"plans": len(plans), "plan_actions": len(actions)}


