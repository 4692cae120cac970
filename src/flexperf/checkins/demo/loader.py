"""The demo group's conversations: January to June 2026 (the demo is dated 2026-06-30) of
monthly or quarterly check-ins per each person's scheme — most submitted and discussed, some
overdue, some awaiting discussion, the June / Q2 ones just opened — their lines linked to the
goals demo's measurements, a share of accepted milestones reviewed, and analyses of a few
missed half-year goals. Deterministic for a seed; rows are inserted in bulk with ids assigned
here, one audit entry for the whole load. Call after the org and goals demo loaders."""

from __future__ import annotations

import datetime as dt
import random
import time
from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal

from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils.translation import gettext as _

from flexperf.audit import services as audit
from flexperf.audit.models import Action
from flexperf.checkins import windows
from flexperf.checkins.demo import texts
from flexperf.checkins.demo.rows import AnalysisRow, CheckinRow, LineRow, ReviewRow
from flexperf.checkins.models import Checkin, CheckinLine, CheckinStatus, MilestoneReview
from flexperf.core.actors import Actor
from flexperf.core.errors import Problem, ServiceError
from flexperf.goals.demo.loader import goals_demo_loaded, insert_rows
from flexperf.goals.evaluation import score_goals
from flexperf.goals.models import (
    Goal,
    GoalStatus,
    Measurement,
    MetricKind,
    Milestone,
    MissAnalysis,
    OwnerKind,
)
from flexperf.goals.scoring import FULL
from flexperf.goals.selectors import schemes_for_units
from flexperf.org.demo.generator import AS_OF
from flexperf.org.demo.loader import LoadResult, demo_loaded, next_id
from flexperf.org.models import Person, Status

START = dt.date(2026, 1, 1)
MEASURED = (MetricKind.KPI, MetricKind.KEY_RESULT, MetricKind.BSC_MEASURE, MetricKind.SLA)
SCORED = (GoalStatus.ACTIVE, GoalStatus.UNDER_DISCUSSION, GoalStatus.CLOSED)
MAX_ANALYSES = 12
ANALYSIS_CANDIDATES = 300


def checkins_demo_loaded() -> bool:
    """Any check-in at all: the demo is loaded into a database that holds only the demo."""
    return Checkin.objects.exists()


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=dt.UTC)


class _Reader:
    """The demo group's people, goals and measurements, read once."""

    def __init__(self) -> None:
        self.people = list(Person.objects.filter(status=Status.ACTIVE)
            .order_by("pk").values_list("pk", "unit__path", "hire_date", "manager_id"))
        schemes = schemes_for_units({path for _pk, path, _h, _m in self.people})
        self.cadence = {pk: schemes[path].checkin_cadence for pk, path, _h, _m in self.people}
        ids = [pk for pk, *_rest in self.people]
        self.goals: dict[int, list[tuple[int, dt.date, dt.date]]] = defaultdict(list)
        for goal_id, person_id, start, end in (
                Goal.objects.filter(owner_kind=OwnerKind.PERSON, person_id__in=ids,
                                    status__in=SCORED)
                .order_by("person_id", "pk")
                .values_list("pk", "person_id", "period__start", "period__end")):
            self.goals[person_id].append((goal_id, start, end))
        # The latest measured value per goal and month, from the goals demo.
        self.latest: dict[tuple[int, int], tuple[int, int, Decimal, dt.date]] = {}
        for pk, metric_id, goal_id, on, value in (
                Measurement.objects.filter(metric__goal__person_id__in=ids,
                                           metric__kind__in=MEASURED, on__gte=START,
                                           on__lte=AS_OF)
                .order_by("on", "pk")
                .values_list("pk", "metric_id", "metric__goal_id", "on", "value")):
            self.latest[(goal_id, on.month)] = (pk, metric_id, value, on)

    def measured(self, goal_id: int, window: windows.Window) -> tuple[int, int, Decimal] | None:
        for month in range(window.end.month, window.start.month - 1, -1):
            found = self.latest.get((goal_id, month))
            if found is not None:
                return found[0], found[1], found[2]
        return None


def _checkins(reader: _Reader, rng: random.Random, first_id: int
              ) -> tuple[list[CheckinRow], list[LineRow]]:
    due_days, open_days = windows.due_days(), windows.open_days()
    rows: list[CheckinRow] = []
    lines: list[LineRow] = []
    next_id = first_id
    for pk, _path, hired, manager_id in reader.people:
        for window in windows.windows_between(reader.cadence[pk], START, AS_OF + dt.timedelta(
                days=open_days)):
            if window.opens(open_days) > AS_OF or hired > window.end:
                continue
            due = window.due(due_days)
            roll = rng.random()
            if due < AS_OF:
                status = (CheckinStatus.DISCUSSED if roll < 0.8 else
                          CheckinStatus.SUBMITTED if roll < 0.9 else CheckinStatus.DUE)
            else:
                status = CheckinStatus.SUBMITTED if roll < 0.35 else CheckinStatus.DUE
            if status == CheckinStatus.DISCUSSED and manager_id is None:
                status = CheckinStatus.SUBMITTED
            submitted_on = min(AS_OF, window.end + dt.timedelta(days=rng.randint(0, 6)))
            discussed_on = min(AS_OF, submitted_on + dt.timedelta(days=rng.randint(1, 10)))
            done = status != CheckinStatus.DUE
            row = CheckinRow(
                id=next_id, person_id=pk, cadence=window.cadence, window=window.code,
                window_start=window.start, window_end=window.end, due_date=due,
                status=status,
                obstacles=rng.choice(texts.OBSTACLES) if done else "",
                resource_needs=rng.choice(texts.RESOURCE_NEEDS) if done else "",
                context=rng.choice(texts.CONTEXT) if done else "",
                submitted_at=_at(submitted_on) if done else None,
                coaching_note=(rng.choice(texts.COACHING)
                               if status == CheckinStatus.DISCUSSED else ""),
                discussed_at=(_at(discussed_on, 16)
                              if status == CheckinStatus.DISCUSSED else None),
                discussed_by_id=manager_id if status == CheckinStatus.DISCUSSED else None,
                due_reminded_at=_at(window.opens(open_days), 7),
                overdue_reminded_at=(_at(due + dt.timedelta(days=1), 7)
                                     if not done and due < AS_OF else None),
                created_at=_at(window.opens(open_days), 7))
            rows.append(row)
            next_id += 1
            if not done:
                continue
            for goal_id, start, end in reader.goals.get(pk, ()):
                if start > window.end or end < window.start:
                    continue
                confidence = rng.randint(2, 4) if rng.random() < 0.1 else rng.randint(5, 10)
                measured = reader.measured(goal_id, window)
                lines.append(LineRow(
                    id=0, checkin_id=row.id, goal_id=goal_id,
                    metric_id=measured[1] if measured else None,
                    value=measured[2] if measured else None, confidence=confidence,
                    note=rng.choice(texts.LINE_NOTES),
                    measurement_id=measured[0] if measured else None))
    return rows, lines


def _reviews(reader: _Reader, rng: random.Random) -> list[ReviewRow]:
    people = {pk: manager for pk, _p, _h, manager in reader.people}
    reviews = []
    for milestone_id, goal_id, person_id, accepted in (
            Milestone.objects.filter(goal__person_id__in=list(people),
                                     accepted_on__isnull=False, accepted_on__lte=AS_OF)
            .order_by("pk").values_list("pk", "goal_id", "goal__person_id", "accepted_on")):
        if rng.random() >= 0.5 or accepted is None:
            continue
        quality = rng.choice((2, 3, 3, 4, 4, 4, 5, 5))
        rating = "exceeds" if quality == 5 else "below" if quality == 2 else "meets"
        reviews.append(ReviewRow(
            id=0, milestone_id=milestone_id, goal_id=goal_id, delivered=rng.choice(texts.DELIVERED),
            quality=quality, lessons=rng.choice(texts.LESSONS), stage_rating=rating,
            reviewed_by_id=people.get(person_id), reviewed_by_username="demo",
            reviewed_on=min(AS_OF, accepted + dt.timedelta(days=rng.randint(0, 5))),
            created_at=_at(min(AS_OF, accepted + dt.timedelta(days=5)))))
    return reviews


def _analyses(actor: Actor, reader: _Reader, rng: random.Random) -> list[AnalysisRow]:
    """A few half-year goals that ended on 06-30 below 100 points (by the scoring engine)."""
    ended = [goal_id for goals in reader.goals.values() for goal_id, _s, end in goals
             if end == AS_OF]
    sample = sorted(rng.sample(ended, min(len(ended), ANALYSIS_CANDIDATES)))
    scores = score_goals(actor, sample, as_of=AS_OF)
    missed = [pk for pk in sample if (s := scores.get(pk)) is not None
              and s.points is not None and s.points < FULL][:MAX_ANALYSES]
    now = _at(AS_OF, 18)
    return [AnalysisRow(
        id=0, goal_id=pk, premature=rng.choice(("yes", "no", "partly")),
        premature_note=rng.choice(texts.PREMATURE_NOTES),
        resources_matched=rng.choice(("yes", "no", "partly")),
        resources_note=rng.choice(texts.RESOURCE_NOTES), learned=rng.choice(texts.LEARNED),
        recorded_by_username="demo", created_at=now, updated_at=now) for pk in missed]


def _write(model: type[models.Model], rows: Sequence[LineRow | ReviewRow | AnalysisRow]
           ) -> None:
    """Insert with ids from the table's next one (the database does not number them)."""
    first = next_id(model)
    for offset, row in enumerate(rows):
        row.id = first + offset
    insert_rows(model, rows)


def load_checkins_demo(*, actor: Actor, seed: int) -> LoadResult:
    """Give the loaded demo group (with its goals) its check-ins, milestone reviews and
    missed-goal analyses; ServiceError (nothing written) if the group or its goals are not
    there, or it already has check-ins."""
    started = time.perf_counter()
    with transaction.atomic():
        if not demo_loaded() or not goals_demo_loaded():
            raise ServiceError(Problem("demo", _("Load the demo group and its goals first.")))
        if checkins_demo_loaded():
            raise ServiceError(Problem("demo", _("The demo group already has its check-ins.")))
        rng = random.Random(f"checkins-{seed}")
        reader = _Reader()
        checkins, lines = _checkins(reader, rng, next_id(Checkin))
        reviews = _reviews(reader, rng)
        analyses = _analyses(actor, reader, rng)
        insert_rows(Checkin, checkins)
        _write(CheckinLine, lines)
        _write(MilestoneReview, reviews)
        _write(MissAnalysis, analyses)
        statements = connection.ops.sequence_reset_sql(
            no_style(), [Checkin, CheckinLine, MilestoneReview, MissAnalysis])
        if statements:
            with connection.cursor() as cursor:
                for sql in statements:
                    cursor.execute(sql)
        states: dict[str, int] = defaultdict(int)
        for row in checkins:
            state = ("overdue" if row.status == CheckinStatus.DUE and row.due_date < AS_OF
                     else row.status)
            states[state] += 1
        counts = {"checkins": len(checkins), "lines": len(lines),
                  "discussed": states["discussed"], "submitted": states["submitted"],
                  "due": states["due"], "overdue": states["overdue"],
                  "milestone_reviews": len(reviews), "miss_analyses": len(analyses)}
        audit.record(actor, audit.Draft(
            action=Action.IMPORT, object_type="checkins.demo", object_id=str(seed),
            object_repr=f"华信集团 Huaxin Group demo check-ins (seed {seed})",
            context={"seed": seed, "people": len(reader.people), **counts}))
    return LoadResult(counts=counts, seconds=time.perf_counter() - started)
