"""External signals: named series and their points (loaded by API or CSV, idempotently), goals
that watch a series (signal links), and checking the triggers, which put a goal under
discussion and tell its owner and manager."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from flexperf.audit import services as audit
from flexperf.audit.models import Action
from flexperf.core import tabular
from flexperf.core.actors import Actor, Via
from flexperf.core.errors import Forbidden, NotFound, Problem
from flexperf.core.events import emit
from flexperf.goals import triggers
from flexperf.goals.events import GoalUnderDiscussion
from flexperf.goals.models import (
    ExternalSeries,
    Goal,
    GoalStatus,
    PeriodKind,
    SeriesPoint,
    SignalLink,
)
from flexperf.goals.selectors import access_goal, can_manage_goal
from flexperf.goals.selectors.dynamic import (
    access_series,
    access_signal_link,
    goal_for_telling,
    owner_and_managers,
)
from flexperf.goals.services import Checks
from flexperf.notifications.services import message, notify

# Background jobs (point loads, the daily check) act as this operator in the audit trail.
SIGNALS_ACTOR = Actor.system(via=Via.SYSTEM, username="system:signals")
_CODE = re.compile(r"^[-a-zA-Z0-9_]+$")
MAX_ROWS = 200_000
MAX_PERIODS = 24
WATCHED = (GoalStatus.ACTIVE, GoalStatus.UNDER_DISCUSSION)
SERIES_FIELDS = ("code", "name", "name_en", "unit_label", "frequency", "description")
LINK_FIELDS = ("goal", "series", "plan_value", "threshold_pct", "consecutive_periods", "active")


def _require_hr_admin(actor: Actor) -> None:
    if not actor.is_hr_admin:
        raise Forbidden


# --- series --------------------------------------------------------------------------------


def create_series(*, actor: Actor, code: str, name: str, name_en: str = "",
                  unit_label: str = "", frequency: str = PeriodKind.MONTH,
                  description: str = "") -> ExternalSeries:
    """A named external series (HR admin)."""
    _require_hr_admin(actor)
    checks = Checks()
    code = checks.text(code, "code", max_length=60, required=True)
    if code and not _CODE.match(code):
        checks.add("code", _("Use letters, digits, '-' and '_' only."))
    elif code and ExternalSeries.objects.filter(code=code).exists():
        checks.add("code", _("A series with code %(code)s already exists.") % {"code": code})
    values = {
        "code": code,
        "name": checks.text(name, "name", max_length=200, required=True),
        "name_en": checks.text(name_en, "name_en", max_length=200),
        "unit_label": checks.text(unit_label, "unit_label", max_length=40),
        "frequency": checks.choice(frequency, "frequency", list(PeriodKind.values),
                                   default=PeriodKind.MONTH),
        "description": checks.text(description, "description", max_length=5000),
    }
    checks.raise_if_any()
    with transaction.atomic():
        series = ExternalSeries.objects.create(**values)
        audit.record(actor, audit.draft_for(series, Action.CREATE, changes=audit.diff(
            {}, audit.snapshot(series, SERIES_FIELDS))))
    return series


# --- points --------------------------------------------------------------------------------


@dataclass
class LoadCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def changed(self) -> int:
        return self.created + self.updated


@dataclass
class SeriesImportReport:
    """A CSV load: counts per series code, or the problems (row, column) and nothing written."""

    rows: int = 0
    counts: dict[str, LoadCounts] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


Where = Callable[[int, str], tuple[str, int | None]]


def _read_point(checks: Checks, index: int, on: Any, value: Any,
                where: Where) -> tuple[dt.date, Decimal] | None:
    """One point's date and value (typed values or spreadsheet cells), or problems at
    `where(index, column)`."""
    day_field, row = where(index, "on")
    value_field, _row = where(index, "value")
    found: list[Problem] = []
    day = tabular.date_of(on)
    if day is None:
        found.append(Problem(day_field, _("This field is required."), row))
    elif day is False:
        found.append(Problem(day_field, _("'%(value)s' is not a date (YYYY-MM-DD).")
                             % {"value": tabular.text_of(on)}, row))
    raw = value if isinstance(value, Decimal) else tabular.decimal_of(value)
    number = None
    if raw is False:
        found.append(Problem(value_field, _("'%(value)s' is not a number.")
                             % {"value": tabular.text_of(value)}, row))
    else:
        number_checks = Checks(row)
        number = number_checks.number(raw, value_field, required=True)
        found += number_checks.problems
    checks.extend(found)
    if found or not isinstance(day, dt.date) or number is None:
        return None
    return day, number


def _no_twice(checks: Checks, seen: dict[dt.date, int], day: dt.date, index: int,
              where: Where, label: Callable[[int], str]) -> None:
    if day in seen:
        name, row = where(index, "on")
        checks.problems.append(Problem(name, _("%(date)s is given twice (also %(other)s).")
                                   % {"date": day.isoformat(), "other": label(seen[day])}, row))
    else:
        seen[day] = index


def load_points(*, actor: Actor, series_id: int,
                points: Sequence[Mapping[str, Any]]) -> LoadCounts:
    """Upsert points ({"on": date, "value": number}) of one series by date: a point already
    stored with the same value is left alone, so loading the same data twice changes nothing.
    HR admin. After commit, the goals watching the series are checked."""
    _require_hr_admin(actor)
    series = access_series(actor, series_id)

    def where(index: int, column: str) -> tuple[str, int | None]:
        return f"{index}.{column}", None

    checks = Checks()
    if not points:
        checks.add("points", _("Send at least one point."))
    if len(points) > MAX_ROWS:
        checks.add("points", _("At most %(n)d points at once.") % {"n": MAX_ROWS})
        checks.raise_if_any()
    parsed: dict[dt.date, Decimal] = {}
    seen: dict[dt.date, int] = {}
    for index, point in enumerate(points):
        read = _read_point(checks, index, point.get("on"), point.get("value"), where)
        if read is not None:
            _no_twice(checks, seen, read[0], index, where, lambda i: _("item %(i)d") % {"i": i})
            parsed[read[0]] = read[1]
    checks.raise_if_any()
    with transaction.atomic():
        counts, drafts = _upsert(series, parsed)
        audit.record_many(actor, drafts)
        if counts.changed:
            transaction.on_commit(partial(_enqueue_check, [series.pk]))
    return counts


class _Sink:
    """Problems found while reading the file, as report problems (column in `field`)."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems

    def add(self, sheet: str, row: int | None, column: str, message: str) -> None:
        self.problems.append(Problem(column, message, row))


def import_points(*, actor: Actor, data: bytes, filename: str = "points.csv",
                  series_code: str | None = None) -> SeriesImportReport:
    """Points from a CSV file (or an XLSX workbook's sheet "points") with columns series,
    date, value (or date, value and `series_code`). Every row is checked first; if any is bad,
    the report names the row and column of each problem and nothing is written. HR admin."""
    _require_hr_admin(actor)
    report = SeriesImportReport()
    code = series_code.strip() if series_code else ""
    layout = tabular.Layout(
        sheets={"points"}, sheet_of_header=lambda header: "points" if any(header) else None,
        unknown_header=_("%(file)s is empty; the first row must name the columns."),
        max_rows=MAX_ROWS)
    tables = tabular.read_files([(filename, data)], _Sink(report.problems), layout)
    if not tables and not report.problems:
        report.problems.append(Problem("", _("No points found: send a CSV file, or a workbook "
                                             "with a sheet named points.")))
    if report.problems:
        return report
    table = tables[0]
    columns = {name: i for i, name in enumerate(table.columns)}
    needed = ["date", "value"] + ([] if code else ["series"])
    missing = [name for name in needed if name not in columns]
    if missing:
        report.problems.append(Problem("", _("Missing columns: %(names)s (the first row must "
                                             "name the columns).")
                                       % {"names": ", ".join(missing)}, 1))
        return report

    def cell(cells: Sequence[Any], name: str) -> Any:
        index = columns.get(name)
        return cells[index] if index is not None and index < len(cells) else None

    rows = table.raw_rows
    report.rows = len(rows)
    wanted = {code} if code else {tabular.text_of(cell(c, "series")) for _n, c in rows} - {""}
    known = {s.code: s for s in ExternalSeries.objects.filter(code__in=wanted)}
    checks = Checks()
    if code and code not in known:
        checks.problems.append(Problem("series", _("No series with code %(code)s.")
                                       % {"code": code}))

    def where(row_number: int, column: str) -> tuple[str, int | None]:
        return ("date" if column == "on" else column), row_number

    parsed: dict[str, dict[dt.date, Decimal]] = defaultdict(dict)
    seen: dict[str, dict[dt.date, int]] = defaultdict(dict)
    for row_number, cells in rows:
        named = tabular.text_of(cell(cells, "series"))
        row_code = code or named
        if code:  # an unknown code was reported once, above
            if named and named != code:
                checks.problems.append(Problem("series", _("This row is for %(named)s, but the "
                                                           "import is for %(code)s.")
                                               % {"named": named, "code": code}, row_number))
        elif not row_code:
            checks.problems.append(Problem("series", _("This field is required."), row_number))
        elif row_code not in known:
            checks.problems.append(Problem("series", _("No series with code %(code)s.")
                                           % {"code": row_code}, row_number))
        read = _read_point(checks, row_number, cell(cells, "date"), cell(cells, "value"), where)
        if read is not None and row_code:
            _no_twice(checks, seen[row_code], read[0], row_number, where,
                      lambda n: _("row %(n)d") % {"n": n})
            parsed[row_code][read[0]] = read[1]
    report.problems = sorted(checks.problems, key=lambda p: (p.row or 0, p.field))
    if report.problems:
        return report
    with transaction.atomic():
        drafts: list[audit.Draft] = []
        for each in sorted(parsed):  # one order of series locks for every import
            counts, series_drafts = _upsert(known[each], parsed[each])
            report.counts[each] = counts
            drafts += series_drafts
        drafts.append(audit.Draft(Action.IMPORT, "goals.seriespoint", "",
                                  f"series points: {filename}"[:200],
                                  context={"rows": report.rows, "counts": {
                                      each: vars(c) for each, c in report.counts.items()}}))
        audit.record_many(actor, drafts)
        changed = [known[each].pk for each, c in report.counts.items() if c.changed]
        if changed:
            transaction.on_commit(partial(_enqueue_check, changed))
    return report


def _upsert(series: ExternalSeries, points: Mapping[dt.date, Decimal]
            ) -> tuple[LoadCounts, list[audit.Draft]]:
    """Write points that are new or changed (inside the caller's transaction)."""
    counts = LoadCounts()
    if not points:
        return counts, []
    # One load of a series at a time: two at once would both insert a new date.
    ExternalSeries.objects.select_for_update().filter(pk=series.pk).first()
    stored = {p.on: p for p in SeriesPoint.objects.filter(
        series=series, on__gte=min(points), on__lte=max(points))}
    new: list[SeriesPoint] = []
    changed: list[tuple[SeriesPoint, Decimal]] = []
    for day in sorted(points):
        value = points[day]
        point = stored.get(day)
        if point is None:
            new.append(SeriesPoint(series=series, on=day, value=value))
        elif point.value != value:
            changed.append((point, point.value))
            point.value = value
        else:
            counts.unchanged += 1
    SeriesPoint.objects.bulk_create(new, batch_size=1000)
    SeriesPoint.objects.bulk_update([p for p, _old in changed], ["value"], batch_size=1000)
    counts.created, counts.updated = len(new), len(changed)
    drafts = [audit.Draft(Action.CREATE, "goals.seriespoint", str(p.pk),
                          f"{series.code} {p.on}", changes={"value": [None, p.value]})
              for p in new]
    drafts += [audit.Draft(Action.UPDATE, "goals.seriespoint", str(p.pk),
                           f"{series.code} {p.on}", changes={"value": [old, p.value]})
               for p, old in changed]
    return counts, drafts


# --- signal links --------------------------------------------------------------------------


def create_signal_link(*, actor: Actor, goal_id: int, series_id: int, plan_value: Any,
                       threshold_pct: Any, consecutive_periods: Any = 2) -> SignalLink:
    """A goal watches a series (manager-level on the goal). Linking the same series again
    after a link was deactivated reactivates it with the new numbers."""
    goal = access_goal(actor, goal_id)
    if not can_manage_goal(actor, goal):
        raise Forbidden
    checks = Checks()
    if goal.status in (GoalStatus.CLOSED, GoalStatus.WITHDRAWN):
        checks.add("goal", _("The goal is %(status)s; it watches no signals any more.")
                   % {"status": goal.get_status_display()})
    try:
        series = access_series(actor, int(series_id))
    except (NotFound, TypeError, ValueError):
        checks.add("series_id", _("No such series."))
        series = None
    plan = checks.number(plan_value, "plan_value", required=True)
    if plan is not None and plan == 0:
        checks.add("plan_value", _("The plan value must not be 0: deviations are measured "
                                   "in % of it."))
    threshold = checks.number(threshold_pct, "threshold_pct", places=2, max_digits=6,
                              required=True, positive=True)
    periods = _periods(checks, consecutive_periods)
    existing = (SignalLink.objects.filter(goal=goal, series=series).first()
                if series is not None else None)
    if existing is not None and existing.active:
        checks.add("series_id", _("This goal already watches this series."))
    checks.raise_if_any()
    assert series is not None
    assert plan is not None
    assert threshold is not None
    with transaction.atomic():
        link = existing or SignalLink(goal=goal, series=series)
        before = audit.snapshot(link, LINK_FIELDS) if existing else {}
        link.plan_value, link.threshold_pct = plan, threshold
        link.consecutive_periods, link.active = periods, True
        link.save()
        audit.record(actor, audit.draft_for(
            link, Action.UPDATE if existing else Action.CREATE,
            changes=audit.diff(before, audit.snapshot(link, LINK_FIELDS))))
        transaction.on_commit(partial(_enqueue_check, [series.pk]))
    return link


def _periods(checks: Checks, value: Any) -> int:
    try:
        periods = int(str(value).strip())
    except (TypeError, ValueError):
        periods = 0
    if not 1 <= periods <= MAX_PERIODS:
        checks.add("consecutive_periods", _("Give a whole number from 1 to %(max)d.")
                   % {"max": MAX_PERIODS})
    return periods


def deactivate_signal_link(*, actor: Actor, link_id: int) -> SignalLink:
    """Stop watching (manager-level on the goal); the link and its firings stay on record."""
    link = access_signal_link(actor, link_id)
    goal = access_goal(actor, link.goal_id)
    if not can_manage_goal(actor, goal):
        raise Forbidden
    if not link.active:
        return link
    with transaction.atomic():
        link.active = False
        link.save(update_fields=["active"])
        audit.record(actor, audit.draft_for(link, Action.UPDATE,
                                            changes={"active": [True, False]}))
    return link


# --- triggers ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Firing:
    link_id: int
    goal_id: int
    on: dt.date
    detail: str
    moved_to_discussion: bool  # False when the goal was already under discussion


def _rule(link: SignalLink) -> triggers.Rule:
    return triggers.Rule(plan=link.plan_value, threshold_pct=link.threshold_pct,
                         periods=link.consecutive_periods)


def check_signals(*, actor: Actor, series_ids: Iterable[int] | None = None) -> list[Firing]:
    """Check the active links of active and under-discussion goals (of the given series, or
    all): each that fires is recorded, and an active goal goes under discussion. The operator,
    a background job or HR admin."""
    _require_hr_admin(actor)
    links = (SignalLink.objects.filter(active=True, goal__status__in=WATCHED)
             .select_related("series").order_by("series_id", "pk"))
    if series_ids is not None:
        links = links.filter(series_id__in=list(series_ids))
    by_series: dict[int, list[SignalLink]] = defaultdict(list)
    for link in links:
        by_series[link.series_id].append(link)
    firings = []
    for series_id, watching in by_series.items():
        depth = max(link.consecutive_periods for link in watching)
        latest = [triggers.Point(p.on, p.value) for p in
                  SeriesPoint.objects.filter(series_id=series_id).order_by("-on")[:depth]]
        for link in watching:
            verdict = triggers.evaluate(latest, _rule(link), last_fired_on=link.last_fired_on)
            if verdict.fires:
                # Each firing commits on its own: one goal's trouble never holds back another's.
                firing = _fire(actor, link.pk, latest)
                if firing is not None:
                    firings.append(firing)
    return firings


def _fire(actor: Actor, link_id: int, points: list[triggers.Point]) -> Firing | None:
    with transaction.atomic():
        link = SignalLink.objects.select_for_update().select_related("series").get(pk=link_id)
        goal = Goal.objects.select_for_update().get(pk=link.goal_id)
        rule = _rule(link)
        verdict = triggers.evaluate(points, rule, last_fired_on=link.last_fired_on)
        if not (link.active and verdict.fires and goal.status in WATCHED):
            return None  # another worker fired it, or it changed meanwhile
        assert verdict.latest_on is not None
        with translation.override(settings.LANGUAGE_CODE):
            detail = triggers.explain(points, rule, series_name=link.series.name)
        now = timezone.now()
        drafts = [audit.draft_for(link, Action.UPDATE, changes={
            "last_fired_on": [link.last_fired_on, verdict.latest_on]},
            context={"detail": detail})]
        link.last_fired_on, link.last_fired_at = verdict.latest_on, now
        link.save(update_fields=["last_fired_on", "last_fired_at"])
        moved = goal.status == GoalStatus.ACTIVE
        if moved:
            fields = ("status", "discussion_reason", "discussion_since")
            before = audit.snapshot(goal, fields)
            goal.status, goal.discussion_reason, goal.discussion_since = (
                GoalStatus.UNDER_DISCUSSION, detail, now)
            goal.updated_at = now
            goal.save(update_fields=[*fields, "updated_at"])
            told = owner_and_managers(goal_for_telling(goal.pk))
            notify(recipients=told, kind="goal_under_discussion",
                   title=message(gettext_lazy("Goal under discussion: %(goal)s"),
                                 goal=goal.title),
                   body=_lazy_explain(points, rule, series_name=link.series.name),
                   url=goal_url(goal.pk))
            drafts.append(audit.draft_for(goal, Action.UPDATE, changes=audit.diff(
                before, audit.snapshot(goal, fields)), context={
                    "signal_link": link.pk, "notified": sorted(u.username for u in told)}))
            emit(GoalUnderDiscussion(goal_id=goal.pk, signal_link_id=link.pk, reason=detail))
        audit.record_many(actor, drafts)
    return Firing(link.pk, goal.pk, verdict.latest_on, detail, moved)


# Rendered per recipient, in their language, when the notification is stored.
_lazy_explain = lazy(triggers.explain, str)


def goal_url(goal_id: int) -> str:
    return f"/goals/{goal_id}/"


def _enqueue_check(series_ids: list[int]) -> None:
    from flexperf.goals import tasks  # the job module imports this one

    tasks.check_signals_job(series_ids)
