"""Writing the demo group's goals: read the demo group, generate, insert, one audit entry.

Rows come from :func:`generator.generate` with their primary keys assigned (after the current
maximum), so nothing is looked up per row. They are inserted with `executemany` on the
model's own table and columns, values adapted by the connection exactly as the ORM adapts
them: several hundred thousand measurements are the bulk of a large demo, and `bulk_create`
took five times as long for them (23 s against 5 s for 300,000 on SQLite).
"""

from __future__ import annotations

import gc
import operator
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.backends.base.operations import BaseDatabaseOperations
from django.utils.translation import gettext as _

from flexperf.accounts.models import User
from flexperf.audit import services as audit
from flexperf.audit.models import Action
from flexperf.core.actors import Actor
from flexperf.core.errors import Problem, ServiceError
from flexperf.goals import scheme_templates
from flexperf.goals.demo import generator, plan
from flexperf.goals.demo.rows import (
    Component,
    DemoGoals,
    DemoUser,
    FirstIds,
    Inputs,
    OrgPerson,
    OrgUnit,
    SchemeInfo,
)
from flexperf.goals.models import (
    Adjustment,
    ExternalSeries,
    Goal,
    GoalAlignment,
    GoalVersion,
    Measurement,
    Metric,
    MetricLink,
    Milestone,
    Period,
    Scheme,
    SchemeAssignment,
    SchemeComponent,
    SeriesPoint,
    SignalLink,
)
from flexperf.goals.selectors import default_scheme
from flexperf.goals.services.schemes import create_scheme_from_template, set_default_scheme
from flexperf.notifications.models import Notification
from flexperf.org.demo.loader import DEMO_USERNAMES, LoadResult, demo_loaded, next_id
from flexperf.org.models import Company, Person, Status, Unit

CHUNK = 5000  # rows per executemany call
# (model, attribute of DemoGoals), in an order that satisfies every foreign key.
TABLES: tuple[tuple[type[models.Model], str], ...] = (
    (Period, "periods"), (SchemeAssignment, "assignments"), (Goal, "goals"),
    (Metric, "metrics"), (MetricLink, "metric_links"), (Measurement, "measurements"),
    (Milestone, "milestones"), (GoalAlignment, "alignments"), (ExternalSeries, "series"),
    (SeriesPoint, "points"), (SignalLink, "signals"), (Adjustment, "adjustments"),
    (GoalVersion, "versions"), (Notification, "notifications"),
)


def goals_demo_loaded() -> bool:
    """The demo group's own goals are there (the group's scorecard is a company goal)."""
    return Goal.objects.filter(company__code=plan.DEMO_COMPANY_CODE).exists()


def install_builtin_schemes(*, actor: Actor) -> int:
    """Install the built-in scheme templates that are missing, as the migration does on a new
    database (a wiped one has none), through the scheme services; the profit-centre one becomes
    the group default when there is none. Returns how many were installed."""
    installed = 0
    with transaction.atomic():
        for spec in scheme_templates.TEMPLATES:
            if not Scheme.objects.filter(code=spec["key"]).exists():
                create_scheme_from_template(actor=actor, template_key=spec["key"],
                                            code=spec["key"])
                installed += 1
        if not Scheme.objects.filter(is_default=True).exists():
            default = Scheme.objects.get(code=scheme_templates.DEFAULT_TEMPLATE)
            set_default_scheme(actor=actor, scheme_id=default.pk)
    return installed


def load_goals_demo(*, actor: Actor, seed: int) -> LoadResult:
    """Give the loaded demo group its goals; ServiceError (nothing written) if the group is
    not there, already has them, or the demo's series codes are taken."""
    started = time.perf_counter()
    with transaction.atomic():
        if not demo_loaded():
            raise ServiceError(Problem("demo", _("Load the demo group first.")))
        if goals_demo_loaded():
            raise ServiceError(Problem("demo", _("The demo group already has its goals.")))
        installed = install_builtin_schemes(actor=actor)
        inputs = read_inputs()
        _check_clashes(inputs)
        with _collector_paused():
            demo = generator.generate(inputs, seed=seed, first=_first_ids())
            write(demo)
        counts = demo.counts()
        audit.record(actor, audit.Draft(
            action=Action.IMPORT, object_type="goals.demo", object_id=str(seed),
            object_repr=f"华信集团 Huaxin Group demo goals (seed {seed})",
            context={"seed": seed, "people": len(inputs.people), "detail": demo.detail,
                     "schemes_installed": installed, **counts},
        ))
    return LoadResult(counts=counts, seconds=time.perf_counter() - started)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Millions of new rows, all kept until written: the cyclic garbage collector would scan
    them again and again and find nothing to free (a fifth of the time at 100,000 people)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def read_inputs() -> Inputs:
    """The demo group as it stands: its companies, units, active people, demo users, the
    schemes the demo assigns and the periods of the year that already exist."""
    companies = dict(Company.objects.filter(code__in=plan.DEMO_COMPANIES)
                     .values_list("code", "id"))
    units = [OrgUnit(*row) for row in Unit.objects.filter(company__code__in=plan.DEMO_COMPANIES)
             .order_by("path").values_list("id", "code", "name", "parent_id", "path",
                                           "company__code", "head_id")]
    people = [OrgPerson(*row) for row in Person.objects.filter(
        unit__company__code__in=plan.DEMO_COMPANIES, status=Status.ACTIVE).order_by("id")
        .values_list("id", "employee_number", "name", "unit_id", "manager_id", "job_family",
                     "level")]
    person_of_user = dict(Person.objects.filter(user__username__in=DEMO_USERNAMES)
                          .values_list("user_id", "id"))
    users = {username: DemoUser(username, user_id, person_of_user.get(user_id))
             for username, user_id in User.objects.filter(username__in=DEMO_USERNAMES)
             .values_list("username", "id")}
    default = default_scheme().code
    codes = {*plan.SCHEME_BY_UNIT.values(), default}
    components: dict[int, list[Component]] = {}
    for scheme_id, component_id, key, paradigm in (
            SchemeComponent.objects.filter(scheme__code__in=codes).order_by("order", "pk")
            .values_list("scheme_id", "id", "key", "paradigm")):
        components.setdefault(scheme_id, []).append(Component(component_id, key, paradigm))
    schemes = {code: SchemeInfo(scheme_id, code, tuple(components.get(scheme_id, ())),
                                review, approver, min_days, max_count)
               for scheme_id, code, review, approver, min_days, max_count in
               Scheme.objects.filter(code__in=codes).values_list(
                   "id", "code", "review_period", "adjustment_approver",
                   "min_days_between_adjustments", "max_adjustments_per_period")}
    periods = dict(Period.objects.filter(code__in=[p[0] for p in plan.periods()])
                   .values_list("code", "id"))
    return Inputs(companies=companies, units=units, people=people, users=users,
                  schemes=schemes, default_scheme=default, periods=periods)


def write(demo: DemoGoals) -> None:
    """Insert every row (inside the caller's transaction) and move the id sequences on."""
    for model, name in TABLES:
        insert_rows(model, getattr(demo, name))
    statements = connection.ops.sequence_reset_sql(no_style(), [m for m, _ in TABLES])
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


def insert_rows(model: type[models.Model], rows: Sequence[Any]) -> None:
    """INSERT `rows` (slotted dataclasses named after the model's column attributes) into the
    model's table; columns the rows lack get the field's default."""
    if not rows:
        return
    names: tuple[str, ...] = rows[0].__slots__
    fields = {f.attname: f for f in model._meta.concrete_fields}
    unknown = sorted(set(names) - set(fields))
    if unknown:
        raise ValueError(f"{model._meta.label} has no columns {unknown}")
    missing = [f for f in fields.values() if f.attname not in names]
    defaults = tuple(f.get_db_prep_save(f.get_default(), connection) for f in missing)
    columns = [fields[name].column for name in names] + [f.column for f in missing]
    quote = connection.ops.quote_name
    # Names from the model's own metadata, values as parameters.
    sql = (f"INSERT INTO {quote(model._meta.db_table)} "  # noqa: S608
           f"({', '.join(quote(c) for c in columns)}) "
           f"VALUES ({', '.join(['%s'] * len(columns))})")
    adapters = [(index, adapter) for index, name in enumerate(names)
                if (adapter := _adapter(fields[name])) is not None]
    values_of = operator.attrgetter(*names)
    with connection.cursor() as cursor:
        for start in range(0, len(rows), CHUNK):
            batch = []
            for row in rows[start : start + CHUNK]:
                values = list(values_of(row))
                for index, adapter in adapters:
                    values[index] = adapter(values[index])
                batch.append((*values, *defaults))
            cursor.executemany(sql, batch)


def _adapter(field: models.Field[Any, Any]) -> Callable[[Any], Any] | None:
    """How the ORM turns a Python value of this field into a database parameter."""
    ops = connection.ops
    if isinstance(field, models.DateTimeField):
        return _remembered(ops.adapt_datetimefield_value)
    if isinstance(field, models.DateField):
        return _remembered(ops.adapt_datefield_value)
    if isinstance(field, models.DecimalField):
        if type(ops).adapt_decimalfield_value is BaseDatabaseOperations.adapt_decimalfield_value:
            return None  # SQLite's and PostgreSQL's: the Decimal as it is
        digits, places = field.max_digits, field.decimal_places
        return lambda value: ops.adapt_decimalfield_value(value, digits, places)
    if isinstance(field, models.JSONField):
        empty = field.get_db_prep_save({}, connection)
        return lambda value: field.get_db_prep_save(value, connection) if value else empty
    return None


def _remembered(adapt: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """`adapt` once per distinct value: the demo's dates and times repeat a great deal, and
    converting an aware datetime for the database is not cheap."""
    seen: dict[Any, Any] = {}

    def adapted(value: Any) -> Any:
        try:
            return seen[value]
        except KeyError:
            seen[value] = result = adapt(value)
            return result

    return adapted


def _first_ids() -> FirstIds:
    return FirstIds(
        period=next_id(Period), assignment=next_id(SchemeAssignment), goal=next_id(Goal),
        metric=next_id(Metric), metric_link=next_id(MetricLink),
        measurement=next_id(Measurement), milestone=next_id(Milestone),
        alignment=next_id(GoalAlignment), version=next_id(GoalVersion),
        series=next_id(ExternalSeries), point=next_id(SeriesPoint),
        signal=next_id(SignalLink), adjustment=next_id(Adjustment),
        notification=next_id(Notification))


def _check_clashes(inputs: Inputs) -> None:
    problems = []
    taken = sorted(ExternalSeries.objects.filter(code__in=[s[0] for s in plan.SERIES])
                   .values_list("code", flat=True))
    if taken:
        problems.append(Problem("series", _("Already used in this database: %(values)s")
                                % {"values": ", ".join(taken)}))
    assigned = sorted(SchemeAssignment.objects.filter(unit_id__in=[u.id for u in inputs.units])
                      .values_list("unit__code", flat=True))
    if assigned:
        problems.append(Problem("scheme", _("These demo units already have a scheme: "
                                            "%(values)s") % {"values": ", ".join(assigned[:5])}))
    if problems:
        raise ServiceError(problems)
