"""Goals import: goals (with their metrics and milestones) and measurements from an XLSX
workbook (sheets ``goals`` and ``measurements``), CSV files of one of those, or a zip of them.

**goals** — one row per metric or milestone; the rows of one goal share its ``goal_code`` (the
file's own key for the goal). Goal columns (``period``, ``owner`` = person|unit|company,
``owner_code`` = employee number, unit code or company code, ``paradigm``, ``title``,
``component``, ``description``, ``weight``, ``okr_type``, ``due_date``, ``status`` =
draft|active, ``parent_goal_code`` and ``contribution`` for alignment) are read from the goal's
first row; a later row may leave them blank or repeat them, never contradict them. Metric
columns: ``metric`` (its name), ``kind`` (default from the paradigm), ``unit_label``,
``direction``, ``baseline``, ``threshold``, ``target``, ``stretch``, ``start``,
``metric_weight``, ``perspective``, ``perspective_weight``, ``aggregation``, ``confidence``.
Milestone columns: ``milestone``, ``milestone_due``, ``milestone_weight``.

**measurements** — ``goal_code``, then ``metric`` (a metric's name) with ``value``, or
``milestone`` (accepted on ``on``); ``on`` (the date); ``by`` (employee number of the rater
of a behaviour rating or the respondent of a survey answer); ``note``.

Goals are created through the goal services, so every rule of a goal applies and each problem
is reported with its sheet, row (as Excel shows it) and column; if there is any, nothing is
written. A goal's ``goal_code`` goes into the audit entry of its creation. Importing the same
file again matches each goal — by that code, else by (period, owner, title) — and leaves a
matched goal as it is (change drafts on their page or through the API, active goals through
adjustments); a measurement identical to one already recorded is matched too, not repeated.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from flexperf.audit.models import AuditEntry
from flexperf.core import tabular
from flexperf.core.actors import Actor
from flexperf.core.errors import Forbidden, NotFound, Problem, ServiceError
from flexperf.core.tabular import ImportProblem
from flexperf.goals.models import (
    Aggregation,
    Direction,
    Goal,
    Measurement,
    MeasurementSource,
    MetricKind,
    OkrType,
    OwnerKind,
    Paradigm,
    Perspective,
)
from flexperf.goals.selectors.goals import period_by_code
from flexperf.goals.services import alignment as alignment_services
from flexperf.goals.services import goals as goal_services
from flexperf.goals.services import measurements as measurement_services
from flexperf.goals.services.goals import MetricSpec, MilestoneSpec
from flexperf.org.models import Company, Person, Unit

SHEETS = ("goals", "measurements")
MAX_PROBLEMS = 1000
MAX_ROWS = 200_000


@dataclass(frozen=True)
class Col:
    kind: str  # text | choice | date | number
    max_length: int = 0
    choices: tuple[str, ...] = ()


def _text(n: int) -> Col:
    return Col("text", n)


def _choice(values: Sequence[str]) -> Col:
    return Col("choice", choices=tuple(values))


NUMBER, DATE = Col("number"), Col("date")
COLUMNS: dict[str, dict[str, Col]] = {
    "goals": {
        "goal_code": _text(60), "period": _text(16),
        "owner": _choice(OwnerKind.values), "owner_code": _text(32),
        "paradigm": _choice(Paradigm.values), "component": _text(40), "title": _text(300),
        "description": _text(20_000), "weight": NUMBER, "okr_type": _choice(OkrType.values),
        "due_date": DATE, "status": _choice(("draft", "active")),
        "parent_goal_code": _text(60), "contribution": NUMBER,
        "metric": _text(300), "kind": _choice(MetricKind.values), "unit_label": _text(40),
        "direction": _choice(Direction.values), "baseline": NUMBER, "threshold": NUMBER,
        "target": NUMBER, "stretch": NUMBER, "start": NUMBER, "metric_weight": NUMBER,
        "perspective": _choice(Perspective.values), "perspective_weight": NUMBER,
        "aggregation": _choice(Aggregation.values), "confidence": NUMBER,
        "milestone": _text(300), "milestone_due": DATE, "milestone_weight": NUMBER,
    },
    "measurements": {
        "goal_code": _text(60), "metric": _text(300), "milestone": _text(300), "on": DATE,
        "value": NUMBER, "by": _text(32), "note": _text(500),
    },
}
REQUIRED_COLUMNS = {"goals": ("goal_code", "period", "owner_code", "paradigm", "title"),
                    "measurements": ("goal_code", "on")}
GOAL_LEVEL = ("period", "owner", "owner_code", "paradigm", "component", "title", "description",
              "weight", "okr_type", "due_date", "status", "parent_goal_code", "contribution")
DEFAULT_KIND: dict[str, str] = {Paradigm.KPI: MetricKind.KPI, Paradigm.OKR: MetricKind.KEY_RESULT,
                Paradigm.BSC: MetricKind.BSC_MEASURE, Paradigm.BEHAVIOUR: MetricKind.BEHAVIOUR}
# Where a service's field lands in the file.
GOAL_FIELD_COLUMN = {"person_id": "owner_code", "unit_id": "owner_code",
                     "company_id": "owner_code", "owner_kind": "owner", "scheme": "owner_code",
                     "perspective_weights": "perspective_weight", "metrics": "metric",
                     "milestones": "milestone", "links": "metric"}
METRIC_FIELD_COLUMN = {"name": "metric", "weight": "metric_weight", "anchors": "metric"}
MILESTONE_FIELD_COLUMN = {"name": "milestone", "due": "milestone_due",
                          "weight": "milestone_weight"}
MEASUREMENT_FIELD_COLUMN = {"rating": "value", "score": "value", "rater_id": "by",
                            "respondent_id": "by", "accepted_on": "on", "goal": "goal_code",
                            "metric": "metric", "source": "value"}


# --- the report ------------------------------------------------------------------------------


@dataclass
class ImportReport:
    ok: bool
    dry_run: bool
    created: dict[str, int] = field(default_factory=dict)
    matched: dict[str, int] = field(default_factory=dict)
    problems: list[ImportProblem] = field(default_factory=list)


class Problems(tabular.Problems):
    """The goals import's problems, in its sheet and column order."""

    def __init__(self) -> None:
        super().__init__(SHEETS, COLUMNS, limit=MAX_PROBLEMS)


# --- reading ---------------------------------------------------------------------------------


@dataclass
class Row:
    sheet: str
    number: int
    values: dict[str, Any]
    bad: set[str] = field(default_factory=set)  # columns whose cells could not be read

    def get(self, name: str) -> Any:
        return self.values.get(name)


def _sheet_of(header: Sequence[str]) -> str | None:
    present = set(header)
    if {"goal_code", "paradigm"} <= present:
        return "goals"
    if {"goal_code", "on"} <= present:
        return "measurements"
    return None


def _read(files: Sequence[tuple[str, bytes]], problems: Problems
          ) -> tuple[dict[str, list[Row]], bool]:
    """The rows of each sheet, and whether the files are readable at all (every table found,
    with its required columns). Cells that cannot be read are reported on their rows."""
    layout = tabular.Layout(
        sheets=SHEETS, sheet_of_header=_sheet_of, max_rows=MAX_ROWS,
        unknown_header=_("%(file)s: the header matches neither the goals columns (goal_code, "
                         "paradigm …) nor the measurements columns (goal_code, on …)."))
    rows: dict[str, list[Row]] = {sheet: [] for sheet in SHEETS}
    tables = tabular.read_files(files, problems, layout)
    if not tables and not problems:
        problems.add("", None, "", _("No goals or measurements found in the file."))
    readable = not problems
    for table in tables:
        before = len(problems.items)
        rows[table.sheet] = _parse(table, problems)
        readable = readable and not any(p.row == 1 for p in problems.items[before:])
    return rows, readable


def _parse(table: tabular.RawTable, problems: Problems) -> list[Row]:
    spec = COLUMNS[table.sheet]
    positions: dict[str, int] = {}
    for index, name in enumerate(table.columns):
        if not name:
            continue
        if name not in spec:
            problems.add(table.sheet, 1, name, _("Unknown column."))
        elif name in positions:
            problems.add(table.sheet, 1, name, _("The column appears twice."))
        else:
            positions[name] = index
    missing = [n for n in REQUIRED_COLUMNS[table.sheet] if n not in positions]
    for name in missing:
        problems.add(table.sheet, 1, name, _("Required column is missing."))
    if missing:
        return []
    rows = []
    for number, cells in table.raw_rows:
        row = Row(table.sheet, number, {})
        for name, index in positions.items():
            cell = cells[index] if index < len(cells) else None
            value = _cell(spec[name], cell)
            if isinstance(value, Problem):
                problems.add(table.sheet, number, name, value.message)
                row.bad.add(name)
            elif value is not None and value != "":
                row.values[name] = value
        rows.append(row)
    return rows


def _cell(col: Col, cell: Any) -> Any:
    if col.kind == "date":
        day = tabular.date_of(cell)
        if day is False:
            return Problem("", _("'%(value)s' is not a date: use YYYY-MM-DD.") % {"value": cell})
        return day
    if col.kind == "number":
        number = tabular.decimal_of(cell)
        if number is False:
            return Problem("", _("'%(value)s' is not a number.") % {"value": cell})
        return number
    text = tabular.text_of(cell)
    if col.max_length and len(text) > col.max_length:
        return Problem("", _("Longer than %(n)d characters.") % {"n": col.max_length})
    if col.kind == "choice" and text:
        if text.lower() not in col.choices:
            return Problem("", _("'%(value)s' is not one of: %(allowed)s")
                           % {"value": text, "allowed": ", ".join(col.choices)})
        return text.lower()
    return text


# --- goals -----------------------------------------------------------------------------------


@dataclass
class GoalRows:
    code: str
    rows: list[Row]
    metric_rows: list[Row] = field(default_factory=list)
    milestone_rows: list[Row] = field(default_factory=list)

    @property
    def first(self) -> Row:
        return self.rows[0]

    def value(self, name: str) -> Any:
        return self.first.get(name)


def _group(rows: list[Row], problems: Problems) -> list[GoalRows]:
    groups: dict[str, GoalRows] = {}
    for row in rows:
        code = row.get("goal_code")
        if not code:
            problems.add("goals", row.number, "goal_code", _("This field is required."))
            continue
        group = groups.setdefault(code, GoalRows(code, []))
        if group.rows:
            for name in GOAL_LEVEL:
                value, first = row.get(name), group.value(name)
                if value is not None and value != first:
                    problems.add("goals", row.number, name,
                                 _("Differs from row %(row)d of goal %(code)s (%(value)s).")
                                 % {"row": group.first.number, "code": code,
                                    "value": "" if first is None else first})
        group.rows.append(row)
        if row.get("metric") is not None:
            group.metric_rows.append(row)
        if row.get("milestone") is not None:
            group.milestone_rows.append(row)
    return list(groups.values())


def _owner(group: GoalRows, problems: Problems) -> dict[str, Any] | None:
    kind = group.value("owner") or OwnerKind.PERSON
    code = group.value("owner_code")
    number = group.first.number
    if not code:
        problems.add("goals", number, "owner_code", _("This field is required."))
        return None
    found: Person | Unit | Company | None
    if kind == OwnerKind.PERSON:
        found = Person.objects.filter(employee_number=code).first()
        message = _("No person with employee number %(code)s.")
    elif kind == OwnerKind.UNIT:
        found = Unit.objects.filter(code=code).first()
        message = _("No unit with code %(code)s.")
    else:
        found = Company.objects.filter(code=code).first()
        message = _("No company with code %(code)s.")
    if found is None:
        problems.add("goals", number, "owner_code", message % {"code": code})
        return None
    return {"owner_kind": kind, f"{kind}_id": found.pk}


def _existing(group: GoalRows, owner: dict[str, Any]) -> Goal | None:
    """The goal an earlier import created for this code, else the goal with the same period,
    owner and title."""
    by_code = _goal_by_code(group.code)
    if by_code is not None:
        return by_code
    period = period_by_code(str(group.value("period") or ""))
    if period is None or not group.value("title"):
        return None
    owner_filter = {k: v for k, v in owner.items() if k != "owner_kind"}
    return Goal.objects.filter(period=period, owner_kind=owner["owner_kind"],
                               title=group.value("title"), **owner_filter).first()


def _goal_by_code(code: str) -> Goal | None:
    ids = (AuditEntry.objects.filter(object_type="goals.goal", action="create",
                                     context__import__goal_code=code)
           .order_by("-seq").values_list("object_id", flat=True))
    for object_id in ids:
        goal = Goal.objects.filter(pk=int(object_id)).first()
        if goal is not None:
            return goal
    return None


def _metric_specs(group: GoalRows, problems: Problems) -> list[MetricSpec]:
    paradigm = group.value("paradigm") or ""
    specs = []
    for row in group.metric_rows:
        kind = row.get("kind") or DEFAULT_KIND.get(paradigm, "")
        if not kind:
            problems.add("goals", row.number, "kind", _("Say which kind of measure this is: "
                                                        "sla or csat."))
        specs.append(MetricSpec(
            kind=kind, name=row.get("metric") or "", unit_label=row.get("unit_label") or "",
            direction=row.get("direction") or Direction.HIGHER, baseline=row.get("baseline"),
            threshold=row.get("threshold"), target=row.get("target"),
            stretch=row.get("stretch"), start=row.get("start"),
            confidence=row.get("confidence"),
            weight=row.get("metric_weight") if row.get("metric_weight") is not None else 1,
            perspective=row.get("perspective") or "",
            aggregation=row.get("aggregation") or ""))
    return specs


def _perspective_weights(group: GoalRows, problems: Problems) -> dict[str, Decimal]:
    weights: dict[str, Decimal] = {}
    first_row: dict[str, int] = {}
    for row in group.metric_rows:
        perspective, weight = row.get("perspective"), row.get("perspective_weight")
        if weight is None:
            continue
        if not perspective:
            problems.add("goals", row.number, "perspective_weight",
                         _("A perspective weight belongs to a row with a perspective."))
        elif perspective in weights and weights[perspective] != weight:
            problems.add("goals", row.number, "perspective_weight",
                         _("Differs from row %(row)d (%(value)s).")
                         % {"row": first_row[perspective], "value": weights[perspective]})
        else:
            weights[perspective] = weight
            first_row.setdefault(perspective, row.number)
    return weights


def _report_goal_problems(group: GoalRows, exc: ServiceError, problems: Problems) -> None:
    for problem in exc.problems:
        head, _dot, rest = problem.field.partition(".")
        row, column = group.first, GOAL_FIELD_COLUMN.get(head, head)
        index, _dot2, sub = rest.partition(".")
        if head in {"metrics", "milestones"} and index.isdigit():
            rows = group.metric_rows if head == "metrics" else group.milestone_rows
            mapping = METRIC_FIELD_COLUMN if head == "metrics" else MILESTONE_FIELD_COLUMN
            if int(index) < len(rows):
                row = rows[int(index)]
            column = mapping.get(sub.split(".")[0], sub.split(".")[0]) or column
        elif head == "perspective_weights" and rest:
            row = next((r for r in group.metric_rows if r.get("perspective") == rest
                        and r.get("perspective_weight") is not None), row)
        if column not in COLUMNS["goals"]:
            column = ""
        problems.add("goals", row.number, column, problem.message)


def _import_goals(actor: Actor, rows: list[Row], filename: str, problems: Problems,
                  report: ImportReport) -> dict[str, Goal]:
    """Create (or match) the file's goals; {goal_code: goal} of those that exist now."""
    by_code: dict[str, Goal] = {}
    groups = _group(rows, problems)
    created: set[str] = set()
    for group in groups:
        if any(row.bad for row in group.rows):
            continue  # its unreadable cells are reported; the rules need readable values
        owner = _owner(group, problems)
        if owner is None:
            continue
        existing = _existing(group, owner)
        if existing is not None:
            by_code[group.code] = existing
            report.matched["goals"] += 1
            continue
        before = len(problems.items)
        metrics = _metric_specs(group, problems)
        weights = _perspective_weights(group, problems)
        if len(problems.items) > before:
            continue
        try:
            goal = goal_services.create_goal(
                actor=actor, period=str(group.value("period") or ""),
                paradigm=group.value("paradigm") or "", title=group.value("title") or "",
                component=group.value("component") or "",
                description=group.value("description") or "",
                weight=group.value("weight") if group.value("weight") is not None else 1,
                okr_type=group.value("okr_type") or "",
                perspective_weights=weights, due_date=group.value("due_date"),
                metrics=metrics,
                milestones=[MilestoneSpec(r.get("milestone") or "", r.get("milestone_due"),
                                          r.get("milestone_weight")
                                          if r.get("milestone_weight") is not None else 1)
                            for r in group.milestone_rows],
                row=group.first.number,
                audit_context={"import": {"file": filename, "goal_code": group.code}},
                **owner)
            if group.value("status") == "active":
                goal = goal_services.activate_goal(actor=actor, goal_id=goal.pk)
        except ServiceError as exc:
            _report_goal_problems(group, exc, problems)
            continue
        except (NotFound, Forbidden):
            problems.add("goals", group.first.number, "owner_code",
                         _("Outside your scope: you may not set goals for %(code)s.")
                         % {"code": group.value("owner_code")})
            continue
        by_code[group.code] = goal
        created.add(group.code)
        report.created["goals"] += 1
    for group in groups:
        if group.code in created and group.value("parent_goal_code"):
            _align(actor, group, by_code, problems, report)
    return by_code


def _align(actor: Actor, group: GoalRows, by_code: dict[str, Goal], problems: Problems,
           report: ImportReport) -> None:
    code = group.value("parent_goal_code")
    parent = by_code.get(code) or _goal_by_code(code)
    number = group.first.number
    if parent is None:
        problems.add("goals", number, "parent_goal_code",
                     _("Unknown goal %(code)s: not in the file nor imported before.")
                     % {"code": code})
        return
    contribution = group.value("contribution")
    try:
        alignment_services.link_goal(actor=actor, child_id=by_code[group.code].pk,
                                     parent_id=parent.pk,
                                     contribution=contribution if contribution is not None
                                     else 1)
    except ServiceError as exc:
        for problem in exc.problems:
            column = "contribution" if problem.field == "contribution" else "parent_goal_code"
            problems.add("goals", number, column, problem.message)
    except (NotFound, Forbidden):
        problems.add("goals", number, "parent_goal_code",
                     _("Unknown goal %(code)s: not in the file nor imported before.")
                     % {"code": code})
    else:
        report.created["alignments"] += 1


# --- measurements ----------------------------------------------------------------------------


def _import_measurements(actor: Actor, rows: list[Row], goals: dict[str, Goal],
                         failed: set[str], problems: Problems, report: ImportReport) -> None:
    people: dict[str, Person | None] = {}
    for row in rows:
        code = row.get("goal_code")
        if not code:
            problems.add("measurements", row.number, "goal_code", _("This field is required."))
            continue
        if code in failed or row.bad:
            continue  # the goal's own rows, or this row's cells, already carry the problems
        goal = goals.get(code) or _goal_by_code(code)
        if goal is None:
            problems.add("measurements", row.number, "goal_code",
                         _("Unknown goal %(code)s: not in the file nor imported before.")
                         % {"code": code})
            continue
        goals[code] = goal
        try:
            _measure(actor, goal, row, people, problems, report)
        except ServiceError as exc:
            for problem in exc.problems:
                column = MEASUREMENT_FIELD_COLUMN.get(problem.field, problem.field)
                problems.add("measurements", row.number,
                             column if column in COLUMNS["measurements"] else "",
                             problem.message)
        except (NotFound, Forbidden):
            problems.add("measurements", row.number, "goal_code",
                         _("Outside your scope: you may not record progress on %(code)s.")
                         % {"code": code})


def _measure(actor: Actor, goal: Goal, row: Row, people: dict[str, Person | None],
             problems: Problems, report: ImportReport) -> None:
    metric_name, milestone_name = row.get("metric"), row.get("milestone")
    number = row.number
    if bool(metric_name) == bool(milestone_name):
        problems.add("measurements", number, "metric",
                     _("Name either a metric (with a value) or a milestone (accepted on the "
                       "date)."))
        return
    on = row.get("on")
    if milestone_name:
        milestone = goal.milestones.filter(name=milestone_name).first()
        if milestone is None:
            problems.add("measurements", number, "milestone",
                         _("Goal %(code)s has no milestone %(name)s.")
                         % {"code": row.get("goal_code"), "name": milestone_name})
            return
        if milestone.accepted_on == on:
            report.matched["milestones"] += 1
            return
        measurement_services.accept_milestone(actor=actor, milestone_id=milestone.pk,
                                              accepted_on=on)
        report.created["milestones"] += 1
        return
    metrics = list(goal.metrics.filter(name=metric_name))
    if len(metrics) != 1:
        problems.add("measurements", number, "metric",
                     (_("Goal %(code)s has no metric %(name)s.") if not metrics else
                      _("Goal %(code)s has several metrics named %(name)s."))
                     % {"code": row.get("goal_code"), "name": metric_name})
        return
    metric = metrics[0]
    value, by_code = row.get("value"), row.get("by")
    by: Person | None = None
    if by_code:
        if by_code not in people:
            people[by_code] = Person.objects.filter(employee_number=by_code).first()
        by = people[by_code]
        if by is None:
            problems.add("measurements", number, "by",
                         _("No person with employee number %(code)s.") % {"code": by_code})
            return
    if value is None:
        problems.add("measurements", number, "value", _("This field is required."))
        return
    rated = metric.kind in (MetricKind.CSAT, MetricKind.BEHAVIOUR)
    same = Measurement.objects.filter(metric=metric, on=on, value=value)
    same = same.filter(recorded_by=by) if rated else same.filter(source=MeasurementSource.IMPORT)
    if on is not None and same.exists():
        report.matched["measurements"] += 1
        return
    note = row.get("note") or ""
    if metric.kind == MetricKind.BEHAVIOUR:
        if by is None:
            problems.add("measurements", number, "by", _("Name the rater (employee number)."))
            return
        measurement_services.rate_behaviour(actor=actor, metric_id=metric.pk, on=on,
                                            rating=value, note=note, rater_id=by.pk)
    elif metric.kind == MetricKind.CSAT:
        if by is None:
            problems.add("measurements", number, "by",
                         _("Name the respondent (employee number)."))
            return
        measurement_services.answer_survey(actor=actor, metric_id=metric.pk, on=on,
                                           score=value, note=note, respondent_id=by.pk)
    else:
        if by is not None:
            problems.add("measurements", number, "by",
                         _("Only ratings and survey answers name who gave them."))
            return
        measurement_services.record_measurement(actor=actor, metric_id=metric.pk, on=on,
                                                value=value, note=note,
                                                source=MeasurementSource.IMPORT)
    report.created["measurements"] += 1


# --- the import ------------------------------------------------------------------------------


def import_goals(*, actor: Actor, data: bytes, filename: str, dry_run: bool = False
                 ) -> ImportReport:
    return import_goal_files(actor=actor, files=[(filename, data)], dry_run=dry_run)


def import_goal_files(*, actor: Actor, files: Sequence[tuple[str, bytes]],
                      dry_run: bool = False) -> ImportReport:
    """HR admins anywhere, HR business partners for the people and units in their scope.
    Everything is checked and counted; with ``dry_run`` or any problem nothing is written."""
    if not actor.is_hr:
        raise Forbidden
    problems = Problems()
    rows, readable = _read(files, problems)
    report = ImportReport(ok=False, dry_run=dry_run,
                          created=defaultdict(int), matched=defaultdict(int))
    if not readable:
        return _finish(report, problems)
    filename = ", ".join(name for name, _data in files)
    try:
        with transaction.atomic():
            goals = _import_goals(actor, rows["goals"], filename, problems, report)
            failed = {row.get("goal_code") for row in rows["goals"]} - set(goals)
            _import_measurements(actor, rows["measurements"], goals, failed, problems, report)
            if problems or dry_run:
                # Nothing is kept: not the goals, their audit entries nor their events.
                transaction.set_rollback(True)
    except IntegrityError:
        problems.add("", None, "", _("The goals changed while the file was being imported; "
                                     "nothing was written. Import it again."))
    return _finish(report, problems)


def _finish(report: ImportReport, problems: Problems) -> ImportReport:
    report.ok = not problems
    report.problems = problems.report()
    keys = {"created": ("goals", "alignments", "measurements", "milestones"),
            "matched": ("goals", "measurements", "milestones")}
    report.created = {k: report.created.get(k, 0) for k in keys["created"]}
    report.matched = {k: report.matched.get(k, 0) for k in keys["matched"]}
    if not report.ok:
        report.created = dict.fromkeys(report.created, 0)
        report.matched = dict.fromkeys(report.matched, 0)
    return report

