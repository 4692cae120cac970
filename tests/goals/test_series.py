"""External series, idempotent point loads (JSON and CSV), signal links, and triggers that put
a goal under discussion and tell its owner and manager."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.core import mail

from flexperf.audit.models import AuditEntry
from flexperf.core.errors import Forbidden, ServiceError
from flexperf.core.events import Event
from flexperf.goals import tasks
from flexperf.goals.events import GoalUnderDiscussion
from flexperf.goals.models import ExternalSeries, Goal, GoalStatus, SeriesPoint, SignalLink
from flexperf.goals.services import series as services
from flexperf.notifications.models import Notification
from tests.goals import factories as f
from tests.goals.conftest import GoalOrg

Capture = Callable[..., Any]
MONTH_ENDS = ["2026-01-31", "2026-02-28", "2026-03-31", "2026-04-30"]


def copper(goal_org: GoalOrg) -> ExternalSeries:
    return services.create_series(actor=goal_org.actor("hr_admin"), code="copper",
                                  name="Copper price", unit_label="USD/t")


def load(goal_org: GoalOrg, series: ExternalSeries, *values: int | str,
         days: list[str] = MONTH_ENDS) -> services.LoadCounts:
    return services.load_points(actor=goal_org.actor("hr_admin"), series_id=series.pk,
                                points=[{"on": d, "value": v}
                                        for d, v in zip(days, values, strict=False)])


def watched_goal(goal_org: GoalOrg, series: ExternalSeries, *, periods: int = 3) -> Goal:
    """林小雨's active KPI goal, watching copper against a plan of 7,000 (±15 %)."""
    goal = f.kpi_goal(goal_org.people["rep1"], title="铜材采购成本", activate=True)
    services.create_signal_link(actor=goal_org.actor("manager"), goal_id=goal.pk,
                                series_id=series.pk, plan_value=7000, threshold_pct=15,
                                consecutive_periods=periods)
    return goal


def emails(goal_org: GoalOrg) -> None:
    for role, address in (("employee", "lin@example.com"), ("manager", "chen@example.com")):
        user = goal_org.org.users[role]
        user.email = address
        user.save(update_fields=["email"])


# --- series --------------------------------------------------------------------------------


def test_hr_admin_creates_a_series_and_it_is_audited(goal_org: GoalOrg) -> None:
    series = copper(goal_org)
    assert (series.code, series.frequency, series.unit_label) == ("copper", "month", "USD/t")
    entry = AuditEntry.objects.get(object_type="goals.externalseries")
    assert entry.changes["code"] == [None, "copper"]


def test_only_hr_admin_creates_series(goal_org: GoalOrg) -> None:
    for role in ("manager", "hrbp", "employee"):
        with pytest.raises(Forbidden):
            services.create_series(actor=goal_org.actor(role), code="x", name="X")


def test_a_series_code_is_unique_and_plain(goal_org: GoalOrg) -> None:
    copper(goal_org)
    with pytest.raises(ServiceError) as error:
        services.create_series(actor=goal_org.actor("hr_admin"), code="copper", name="",
                               frequency="weekly")
    assert [(p.field, p.message) for p in error.value.problems] == [
        ("code", "A series with code copper already exists."),
        ("name", "This field is required."),
        ("frequency", "'weekly' is not one of: year, half, quarter, month"),
    ]
    with pytest.raises(ServiceError, match="Use letters, digits"):
        services.create_series(actor=goal_org.actor("hr_admin"), code="铜 价", name="x")


# --- loading points ------------------------------------------------------------------------


def test_loading_the_same_points_twice_changes_nothing(goal_org: GoalOrg) -> None:
    series = copper(goal_org)
    assert load(goal_org, series, 8420, "8510.5", 8600) == services.LoadCounts(3, 0, 0)
    entries = AuditEntry.objects.filter(object_type="goals.seriespoint").count()
    assert load(goal_org, series, 8420, "8510.50", 8600.0) == services.LoadCounts(0, 0, 3)
    assert AuditEntry.objects.filter(object_type="goals.seriespoint").count() == entries == 3
    # One changed value, one new date.
    assert load(goal_org, series, 8420, 8500, 8600, 8700) == services.LoadCounts(1, 1, 2)
    assert [(p.on.isoformat(), p.value) for p in SeriesPoint.objects.order_by("on")] == [
        ("2026-01-31", Decimal("8420.0000")), ("2026-02-28", Decimal("8500.0000")),
        ("2026-03-31", Decimal("8600.0000")), ("2026-04-30", Decimal("8700.0000"))]
    update = AuditEntry.objects.get(object_type="goals.seriespoint", action="update")
    assert update.changes == {"value": ["8510.5000", "8500.0000"]}


def test_bad_points_are_all_named_and_nothing_is_written(goal_org: GoalOrg) -> None:
    series = copper(goal_org)
    with pytest.raises(ServiceError) as error:
        services.load_points(actor=goal_org.actor("hr_admin"), series_id=series.pk, points=[
            {"on": "2026-01-31", "value": 1}, {"on": "31/01/2026", "value": 2},
            {"on": "2026-02-28", "value": "lots"}, {"on": "2026-01-31", "value": 3},
            {"on": "2026-03-31"}])
    assert [(p.field, p.message) for p in error.value.problems] == [
        ("1.on", "'31/01/2026' is not a date (YYYY-MM-DD)."),
        ("2.value", "'lots' is not a number."),
        ("3.on", "2026-01-31 is given twice (also item 0)."),
        ("4.value", "This field is required."),
    ]
    assert SeriesPoint.objects.count() == 0


def test_only_hr_admin_loads_points(goal_org: GoalOrg) -> None:
    series = copper(goal_org)
    with pytest.raises(Forbidden):
        services.load_points(actor=goal_org.actor("manager"), series_id=series.pk,
                             points=[{"on": "2026-01-31", "value": 1}])


# --- CSV -----------------------------------------------------------------------------------

CSV = ("series,date,value\r\n"
       "copper,2026-01-31,8420\r\n"
       "copper,2026-02-28,8510\r\n"
       "\r\n"
       "csat,2026-01-31,4.2\r\n")


def test_a_csv_of_two_series_loads_and_loads_again_without_change(goal_org: GoalOrg) -> None:
    copper(goal_org)
    services.create_series(actor=goal_org.actor("hr_admin"), code="csat", name="客户满意度")
    report = services.import_points(actor=goal_org.actor("hr_admin"), data=CSV.encode())
    assert report.ok
    assert (report.rows, report.counts) == (3, {"copper": services.LoadCounts(2, 0, 0),
                                                "csat": services.LoadCounts(1, 0, 0)})
    again = services.import_points(actor=goal_org.actor("hr_admin"),
                                       data=("\ufeff" + CSV).encode())
    assert again.counts == {"copper": services.LoadCounts(0, 0, 2),
                            "csat": services.LoadCounts(0, 0, 1)}
    assert SeriesPoint.objects.count() == 3
    imports = AuditEntry.objects.filter(action="import", object_type="goals.seriespoint")
    assert [e.context["rows"] for e in imports.order_by("seq")] == [3, 3]


def test_a_csv_with_bad_rows_reports_row_and_column_and_writes_nothing(
    goal_org: GoalOrg,
) -> None:
    copper(goal_org)
    data = ("series,date,value\n"
            "copper,2026-01-31,8420\n"      # row 2: fine
            "gold,2026-01-31,1\n"           # row 3: unknown series
            "copper,2026-02-30,8510\n"      # row 4: no such day
            "copper,2026-01-31,8421\n"      # row 5: January again
            ",2026-03-31,\n")               # row 6: no series, no value
    report = services.import_points(actor=goal_org.actor("hr_admin"), data=data.encode())
    assert not report.ok
    assert [(p.row, p.field, p.message) for p in report.problems] == [
        (3, "series", "No series with code gold."),
        (4, "date", "'2026-02-30' is not a date (YYYY-MM-DD)."),
        (5, "date", "2026-01-31 is given twice (also row 2)."),
        (6, "series", "This field is required."),
        (6, "value", "This field is required."),
    ]
    assert SeriesPoint.objects.count() == 0


def test_a_csv_for_one_named_series_needs_only_date_and_value(goal_org: GoalOrg) -> None:
    copper(goal_org)
    data = "日期;value\n".replace("日期", "Date") + "2026-01-31;8420,5\n"
    report = services.import_points(actor=goal_org.actor("hr_admin"),
                                        data=data.encode("gb18030"), series_code="copper")
    # a semicolon file: the decimal comma is not a number we guess at
    assert [(p.row, p.field) for p in report.problems] == [(2, "value")]
    good = services.import_points(actor=goal_org.actor("hr_admin"),
                                      data=b"date;value\n2026-01-31;8420.5\n",
                                      series_code="copper")
    assert good.counts == {"copper": services.LoadCounts(1, 0, 0)}


def test_a_csv_without_the_columns_it_needs_says_which(goal_org: GoalOrg) -> None:
    report = services.import_points(actor=goal_org.actor("hr_admin"),
                                        data=b"when,amount\n2026-01-31,1\n")
    assert [(p.row, p.message) for p in report.problems] == [
        (1, "Missing columns: date, value, series (the first row must name the columns).")]
    named = services.import_points(actor=goal_org.actor("hr_admin"),
                                       data=b"date,value\n2026-01-31,1\n", series_code="nope")
    assert [(p.row, p.field, p.message) for p in named.problems] == [
        (None, "series", "No series with code nope.")]


def test_an_empty_binary_or_foreign_file_is_a_clear_problem(goal_org: GoalOrg) -> None:
    hr = goal_org.actor("hr_admin")
    empty = services.import_points(actor=hr, data=b"", filename="copper.csv")
    assert [(p.row, p.message) for p in empty.problems] == [
        (1, "copper.csv is empty; the first row must name the columns.")]
    binary = services.import_points(actor=hr, data=b"\xff\xfe\x81", filename="copper.csv")
    assert [p.message for p in binary.problems] == [
        "copper.csv is neither UTF-8 nor GB18030 text."]
    foreign = services.import_points(actor=hr, data=b"%PDF", filename="copper.pdf")
    assert [p.message for p in foreign.problems] == [
        "copper.pdf: use an XLSX workbook, CSV files or a zip of CSV files."]


def test_a_workbook_sheet_named_points_loads_like_a_csv(goal_org: GoalOrg) -> None:
    from openpyxl import Workbook

    copper(goal_org)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "points"
    sheet.append(["Series", "Date", "Value"])
    sheet.append(["copper", dt.datetime(2026, 1, 31), 8420.5])  # Excel keeps dates as times
    sheet.append(["copper", "2026-02-28", 8510])
    buffer = io.BytesIO()
    book.save(buffer)
    report = services.import_points(actor=goal_org.actor("hr_admin"), data=buffer.getvalue(),
                                    filename="copper.xlsx")
    assert report.counts == {"copper": services.LoadCounts(2, 0, 0)}
    assert [(p.on.isoformat(), p.value) for p in SeriesPoint.objects.order_by("on")] == [
        ("2026-01-31", Decimal("8420.5000")), ("2026-02-28", Decimal("8510.0000"))]


# --- signal links --------------------------------------------------------------------------


def test_a_manager_links_a_goal_to_a_series_and_the_owner_may_not(goal_org: GoalOrg) -> None:
    series = copper(goal_org)
    goal = f.kpi_goal(goal_org.people["rep1"], activate=True)
    with pytest.raises(Forbidden):
        services.create_signal_link(actor=goal_org.actor("employee"), goal_id=goal.pk,
                                    series_id=series.pk, plan_value=7000, threshold_pct=15)
    link = services.create_signal_link(actor=goal_org.actor("manager"), goal_id=goal.pk,
                                       series_id=series.pk, plan_value="7000",
                                       threshold_pct="15", consecutive_periods=3)
    assert (link.plan_value, link.threshold_pct, link.consecutive_periods, link.active) == (
        Decimal("7000.0000"), Decimal("15.00"), 3, True)
    assert AuditEntry.objects.filter(object_type="goals.signallink", action="create").exists()


def test_a_signal_link_needs_sensible_numbers(goal_org: GoalOrg) -> None:
    series = copper(goal_org)
    goal = f.kpi_goal(goal_org.people["rep1"], activate=True)
    with pytest.raises(ServiceError) as error:
        services.create_signal_link(actor=goal_org.actor("manager"), goal_id=goal.pk,
                                    series_id=series.pk + 99, plan_value=0, threshold_pct=-1,
                                    consecutive_periods=0)
    assert [p.field for p in error.value.problems] == [
        "series_id", "plan_value", "threshold_pct", "consecutive_periods"]


def test_one_active_link_per_goal_and_series_and_relinking_reactivates(
    goal_org: GoalOrg,
) -> None:
    series = copper(goal_org)
    goal = watched_goal(goal_org, series)
    manager = goal_org.actor("manager")
    with pytest.raises(ServiceError, match="already watches"):
        services.create_signal_link(actor=manager, goal_id=goal.pk, series_id=series.pk,
                                    plan_value=7000, threshold_pct=10)
    link = SignalLink.objects.get()
    services.deactivate_signal_link(actor=manager, link_id=link.pk)
    again = services.create_signal_link(actor=manager, goal_id=goal.pk, series_id=series.pk,
                                        plan_value=7200, threshold_pct=10)
    assert again.pk == link.pk
    assert (again.active, again.plan_value) == (True, Decimal("7200.0000"))


# --- triggers ------------------------------------------------------------------------------


def test_points_beyond_the_plan_put_the_goal_under_discussion_and_tell_owner_and_manager(
    goal_org: GoalOrg, django_capture_on_commit_callbacks: Capture, announced: list[Event],
) -> None:
    emails(goal_org)
    series = copper(goal_org)
    goal = watched_goal(goal_org, series)
    with django_capture_on_commit_callbacks(execute=True):
        # the check runs as a job after the load commits
        load(goal_org, series, 8420, 8510, 8600)
    goal.refresh_from_db()
    detail = ("Copper price 8,420 / 8,510 / 8,600 vs plan 7,000: +20.3 %, +21.6 %, +22.9 %, "
              "beyond 15 % for 3 periods in a row")
    assert (goal.status, goal.discussion_reason) == (GoalStatus.UNDER_DISCUSSION, detail)
    assert goal.discussion_since is not None
    told = Notification.objects.select_related("recipient").order_by("recipient__username")
    assert [(n.recipient.username, n.kind, n.title, n.body, n.url) for n in told] == [
        ("employee", "goal_under_discussion", "Goal under discussion: 铜材采购成本", detail,
         f"/goals/{goal.pk}/"),
        ("manager", "goal_under_discussion", "Goal under discussion: 铜材采购成本", detail,
         f"/goals/{goal.pk}/")]
    assert sorted(m.to[0] for m in mail.outbox) == ["chen@example.com", "lin@example.com"]
    assert all(n.emailed_at is not None for n in told)
    assert [e for e in announced if isinstance(e, GoalUnderDiscussion)] == [
        GoalUnderDiscussion(goal_id=goal.pk, signal_link_id=SignalLink.objects.get().pk,
                            reason=detail)]
    entry = (AuditEntry.objects.filter(object_type="goals.goal", object_id=str(goal.pk))
             .order_by("seq").last())
    assert entry is not None
    assert entry.actor_username == "system:signals"
    assert entry.changes["status"] == ["active", "under_discussion"]
    assert entry.context["notified"] == ["employee", "manager"]


def test_a_link_fires_once_per_new_point(goal_org: GoalOrg) -> None:
    series = copper(goal_org)
    goal = watched_goal(goal_org, series)
    hr = goal_org.actor("hr_admin")
    load(goal_org, series, 8420, 8510, 8600)
    first = services.check_signals(actor=hr)
    assert [(x.goal_id, x.on, x.moved_to_discussion) for x in first] == [
        (goal.pk, dt.date(2026, 3, 31), True)]
    assert services.check_signals(actor=hr) == []  # the same point never fires twice
    assert Notification.objects.count() == 2
    # A new month still beyond the plan fires again; the goal is already under discussion,
    # so nobody is told twice.
    load(goal_org, series, 8420, 8510, 8600, 8700)
    second = services.check_signals(actor=hr)
    assert [(x.on, x.moved_to_discussion) for x in second] == [(dt.date(2026, 4, 30), False)]
    assert SignalLink.objects.get().last_fired_on == dt.date(2026, 4, 30)
    assert Notification.objects.count() == 2


def test_a_point_back_within_the_threshold_does_not_fire(goal_org: GoalOrg) -> None:
    series = copper(goal_org)
    goal = watched_goal(goal_org, series)
    load(goal_org, series, 8420, 8510, 7500)  # March: +7.1 %
    assert services.check_signals(actor=goal_org.actor("hr_admin")) == []
    goal.refresh_from_db()
    assert goal.status == GoalStatus.ACTIVE


def test_drafts_closed_goals_and_inactive_links_are_not_checked(goal_org: GoalOrg) -> None:
    series = copper(goal_org)
    manager = goal_org.actor("manager")
    draft = f.kpi_goal(goal_org.people["rep2"], title="draft")
    services.create_signal_link(actor=manager, goal_id=draft.pk, series_id=series.pk,
                                plan_value=7000, threshold_pct=15, consecutive_periods=1)
    goal = watched_goal(goal_org, series, periods=1)
    services.deactivate_signal_link(actor=manager,
                                    link_id=SignalLink.objects.get(goal=goal).pk)
    load(goal_org, series, 9000)
    assert services.check_signals(actor=goal_org.actor("hr_admin")) == []
    assert set(Goal.objects.values_list("status", flat=True)) == {"draft", "active"}


def test_the_daily_job_checks_every_link(goal_org: GoalOrg) -> None:
    series = copper(goal_org)
    goal = watched_goal(goal_org, series, periods=2)
    SeriesPoint.objects.bulk_create([  # written by some other path, without a check
        SeriesPoint(series=series, on=dt.date(2026, 1, 31), value=Decimal(9000)),
        SeriesPoint(series=series, on=dt.date(2026, 2, 28), value=Decimal(9100))])
    assert tasks.check_all_signals_daily.call_local() == 1
    goal.refresh_from_db()
    assert goal.status == GoalStatus.UNDER_DISCUSSION


def test_only_hr_admin_or_the_operator_runs_the_check(goal_org: GoalOrg) -> None:
    with pytest.raises(Forbidden):
        services.check_signals(actor=goal_org.actor("manager"))
