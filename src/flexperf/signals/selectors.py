"""Reads of signals: the unscoped feature frame for the insights and predictions services, and
scoped reads for pages and the API (a person's weeks, a team's weeks, sources, batches)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

import polars as pl
from django.db.models import QuerySet

from flexperf.audit import services as audit
from flexperf.audit.models import Action
from flexperf.core import clock, tree
from flexperf.core.actors import Actor, Role
from flexperf.core.errors import Forbidden, NotFound
from flexperf.org import selectors as org
from flexperf.org.models import Person, Unit
from flexperf.signals.features import FEATURE_COLUMNS, monday, team_aggregate
from flexperf.signals.models import IngestionBatch, PersonWeekFeatures, Source

__all__ = ["FEATURE_COLUMNS", "person_signals", "person_week_frame", "team_signals"]

# Thresholds of the dashboard's highlights (the insights app has its own, configurable rules).
OVERLOAD_HOURS = 50.0
OVERLOAD_AFTER_HOURS = 0.3
LAGGING_GAP = 0.15
LAGGING_ON_TIME = 0.6
RECENT_WEEKS = 4


def _frame(rows: QuerySet[PersonWeekFeatures]) -> pl.DataFrame:
    names = ["person_id", "week_start", "unit_id", *FEATURE_COLUMNS]
    schema: dict[str, pl.DataType | type[pl.DataType]] = {
        "person_id": pl.Int64, "week_start": pl.Date, "unit_id": pl.Int64}
    schema.update({c: pl.Float64 for c in FEATURE_COLUMNS})
    return pl.DataFrame(list(rows.values_list(*names)), schema=schema, orient="row")


def person_week_frame(person_ids: Sequence[int] | None, start: dt.date, end: dt.date
                      ) -> pl.DataFrame:
    """Stored weekly features of these people (None: everyone) for the weeks from `start`'s
    Monday to `end`: person_id, week_start, unit_id, *FEATURE_COLUMNS, sorted by person and
    week. Unscoped: for the insights and predictions services only."""
    rows = PersonWeekFeatures.objects.filter(week_start__gte=monday(start), week_start__lte=end)
    if person_ids is not None:
        rows = rows.filter(person_id__in=list(person_ids))
    return _frame(rows.order_by("person_id", "week_start"))


def default_window(end: dt.date | None = None, weeks: int = 12) -> tuple[dt.date, dt.date]:
    last = monday(end or clock.today())
    return last - dt.timedelta(weeks=weeks - 1), last


@dataclass(frozen=True)
class PersonSignals:
    person: Person
    start: dt.date
    end: dt.date
    weeks: list[dict[str, object]]  # one dict per week: week_start and every feature


def person_signals(actor: Actor, person_id: int, *, start: dt.date | None = None,
                   end: dt.date | None = None) -> PersonSignals:
    """A person's weekly features: for themselves, their manager chain and HR in scope
    (others: NotFound). Reading someone else's signals is audited."""
    person = org.access_person(actor, person_id, record_read=False)
    if start is None or end is None:
        start, end = default_window(end)
    if person.pk != actor.person_id:
        audit.record(actor, audit.Draft(
            action=Action.READ, object_type="signals.personweekfeatures",
            object_id=str(person.pk), object_repr=person.name[:200],
            context={"start": start.isoformat(), "end": end.isoformat()}))
    frame = person_week_frame([person.pk], start, end)
    return PersonSignals(person=person, start=monday(start), end=end, weeks=frame.to_dicts())


@dataclass(frozen=True)
class MemberRow:
    person_id: int
    name: str
    unit_id: int | None
    latest: dict[str, object]
    overloaded_weeks: int
    lagging: bool
    series: dict[str, list[float | None]] = field(default_factory=dict)


@dataclass(frozen=True)
class TeamSignals:
    title: str
    manager: Person | None
    unit: Unit | None
    start: dt.date
    end: dt.date
    weeks: list[dict[str, object]]  # the team's weekly aggregates
    members: list[MemberRow]
    series: dict[str, list[float | None]]

    @property
    def overloaded(self) -> list[MemberRow]:
        return [m for m in self.members if m.overloaded_weeks >= 3]

    @property
    def lagging(self) -> list[MemberRow]:
        return [m for m in self.members if m.lagging]


def team_members(actor: Actor, *, manager_id: int | None = None, unit_id: int | None = None
                 ) -> tuple[QuerySet[Person], Person | None, Unit | None]:
    """The people of a manager's reporting subtree (without the manager) or of a unit's
    subtree, as far as the caller may see them; the manager (or unit) must be visible too."""
    visible = org.people_visible_to(actor).filter(status__in=org.CURRENT_STATUSES)
    if manager_id is not None:
        manager = org.access_person(actor, manager_id, record_read=False)
        return (visible.filter(tree.subtree_q("path", manager.path, include_self=False)),
                manager, None)
    if unit_id is not None:
        if not (actor.is_hr or actor.has(Role.MANAGER)):
            raise Forbidden
        unit = org.access_unit(actor, unit_id)
        people = visible.filter(tree.subtree_q("unit__path", unit.path))
        if not people.exists() and not actor.is_hr_admin:
            raise NotFound
        return people, None, unit
    raise NotFound


def _overloaded(row: dict[str, object]) -> bool:
    hours = row.get("hours")
    share = row.get("after_hours_share")
    return ((isinstance(hours, float) and hours > OVERLOAD_HOURS)
            or (isinstance(share, float) and share > OVERLOAD_AFTER_HOURS))


def _lagging(rows: list[dict[str, object]]) -> bool:
    gaps = [r["goal_trajectory_gap"] for r in rows if r.get("goal_trajectory_gap") is not None]
    rates = [r["on_time_rate"] for r in rows if r.get("on_time_rate") is not None]
    gap = sum(gaps) / len(gaps) if gaps else None  # type: ignore[arg-type]
    rate = sum(rates) / len(rates) if rates else None  # type: ignore[arg-type]
    return bool((gap is not None and gap > LAGGING_GAP)
                or (rate is not None and rate < LAGGING_ON_TIME))


def team_signals(actor: Actor, target: int | None = None, *, manager_id: int | None = None,
                 unit_id: int | None = None, start: dt.date | None = None,
                 end: dt.date | None = None) -> TeamSignals:
    """A team's weekly aggregates and its members' recent state: by manager person id (their
    reporting subtree) or by unit (its subtree). `target` alone means a manager's person id.
    Managers see their own subtree, HR their scope; reads of the team are audited."""
    if target is not None and manager_id is None and unit_id is None:
        manager_id = target
    people, manager, unit = team_members(actor, manager_id=manager_id, unit_id=unit_id)
    if start is None or end is None:
        start, end = default_window(end)
    members = {p.pk: p for p in people.only("pk", "name", "unit_id")}
    frame = person_week_frame(list(members), start, end)
    audit.record(actor, audit.Draft(
        action=Action.READ, object_type="signals.team",
        object_id=f"manager:{manager.pk}" if manager else f"unit:{unit.pk if unit else ''}",
        object_repr=(manager.name if manager else unit.name if unit else "")[:200],
        context={"people": len(members), "start": start.isoformat(), "end": end.isoformat()}))
    team = team_aggregate(frame)
    week_list = [monday(start) + dt.timedelta(weeks=i)
                 for i in range(((monday(end) - monday(start)).days // 7) + 1)]
    by_week = {r["week_start"]: r for r in team.to_dicts()}
    series = {c: [_num(by_week.get(w, {}).get(c)) for w in week_list]
              for c in (*FEATURE_COLUMNS, "people")}
    rows: list[MemberRow] = []
    for (pid,), part in frame.sort("week_start").group_by(["person_id"], maintain_order=True):
        dicts = part.to_dicts()
        recent = dicts[-RECENT_WEEKS:]
        person = members[int(pid)]
        by = {r["week_start"]: r for r in dicts}
        rows.append(MemberRow(
            person_id=person.pk, name=person.name, unit_id=person.unit_id, latest=dicts[-1],
            overloaded_weeks=sum(1 for r in recent if _overloaded(r)),
            lagging=_lagging(recent),
            series={c: [_num(by.get(w, {}).get(c)) for w in week_list]
                    for c in ("hours", "throughput", "after_hours_share")}))
    rows.sort(key=lambda m: (-m.overloaded_weeks, not m.lagging, m.name))
    title = manager.name if manager else unit.name if unit else ""
    return TeamSignals(title=title, manager=manager, unit=unit, start=monday(start), end=end,
                       weeks=team.to_dicts(), members=rows, series=series)


def _num(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) else None


# --- sources and batches (HR admin) --------------------------------------------------------


def _hr_admin(actor: Actor) -> None:
    if not actor.is_hr_admin:
        raise Forbidden


def sources(actor: Actor) -> QuerySet[Source]:
    _hr_admin(actor)
    return Source.objects.all()


def access_source(actor: Actor, code: str) -> Source:
    _hr_admin(actor)
    found = Source.objects.filter(code=code).first()
    if found is None:
        raise NotFound
    return found


def batches(actor: Actor, *, source: str | None = None) -> QuerySet[IngestionBatch]:
    _hr_admin(actor)
    rows = IngestionBatch.objects.select_related("source")
    if source:
        rows = rows.filter(source_code=source)
    return rows


def access_batch(actor: Actor, batch_id: int) -> IngestionBatch:
    found = batches(actor).filter(pk=batch_id).first()
    if found is None:
        raise NotFound
    return found
