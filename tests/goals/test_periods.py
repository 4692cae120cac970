"""Period codes (flexperf.goals.periods) and creating periods (goals.services.periods)."""

from __future__ import annotations

import datetime as dt

import pytest

from flexperf.audit.models import AuditEntry
from flexperf.core.actors import Actor
from flexperf.core.errors import Forbidden, ServiceError
from flexperf.goals import periods
from flexperf.goals.models import Period
from flexperf.goals.services.periods import create_period
from tests import factories as org_factories
from tests.conftest import SmallOrg

D = dt.date


@pytest.mark.parametrize(("code", "kind", "start", "end"), [
    ("2026", "year", D(2026, 1, 1), D(2026, 12, 31)),
    ("2026-H1", "half", D(2026, 1, 1), D(2026, 6, 30)),
    ("2026-h2", "half", D(2026, 7, 1), D(2026, 12, 31)),
    ("2026-Q1", "quarter", D(2026, 1, 1), D(2026, 3, 31)),
    ("2026-Q3", "quarter", D(2026, 7, 1), D(2026, 9, 30)),
    ("2026-Q4", "quarter", D(2026, 10, 1), D(2026, 12, 31)),
    ("2028-02", "month", D(2028, 2, 1), D(2028, 2, 29)),  # a leap year
    ("2026-02", "month", D(2026, 2, 1), D(2026, 2, 28)),
    (" 2026-11 ", "month", D(2026, 11, 1), D(2026, 11, 30)),
])
def test_each_kind_of_code_names_its_days(code: str, kind: str, start: dt.date,
                                          end: dt.date) -> None:
    span = periods.parse(code)
    assert (span.code, span.kind, span.start, span.end) == (code.strip().upper(), kind, start,
                                                            end)


@pytest.mark.parametrize("code", ["", "26", "2026-H3", "2026-Q5", "2026-13", "2026-00",
                                  "2026-1", "2026/Q1", "2026-W01", "二〇二六", "٢٠٢٦"])
def test_anything_else_is_refused_with_the_forms_that_work(code: str) -> None:
    with pytest.raises(periods.PeriodCodeError) as caught:
        periods.parse(code)
    assert str(caught.value) == (f"'{code}' is not a period: use 2026, 2026-H1, 2026-Q3 or "
                                 "2026-11.")


def test_a_year_far_from_now_is_refused() -> None:
    with pytest.raises(periods.PeriodCodeError) as caught:
        periods.parse("1899")
    assert str(caught.value) == "The year must be between 1900 and 2999."


def test_the_code_of_the_period_containing_a_day() -> None:
    day = D(2026, 8, 15)
    assert [periods.code_for(k, day) for k in ("year", "half", "quarter", "month")] == [
        "2026", "2026-H2", "2026-Q3", "2026-08"]


def test_a_period_encloses_itself_and_the_periods_inside_it() -> None:
    year, q3, aug = periods.parse("2026"), periods.parse("2026-Q3"), periods.parse("2026-08")
    assert year.encloses(q3)
    assert q3.encloses(aug)
    assert year.encloses(year)
    assert not q3.encloses(year)
    assert not periods.parse("2026-H1").encloses(q3)


@pytest.mark.django_db
def test_an_hr_admin_creates_a_period_once_and_it_is_audited() -> None:
    period = create_period(actor=Actor.system(), code="2026-q2")
    assert (period.code, period.kind, period.start, period.end) == (
        "2026-Q2", "quarter", D(2026, 4, 1), D(2026, 6, 30))
    entry = AuditEntry.objects.get(object_type="goals.period")
    assert entry.changes["code"] == [None, "2026-Q2"]
    with pytest.raises(ServiceError) as caught:
        create_period(actor=Actor.system(), code="2026-Q2")
    assert [(p.field, p.message) for p in caught.value.problems] == [
        ("code", "Period 2026-Q2 already exists.")]
    with pytest.raises(ServiceError) as bad:
        create_period(actor=Actor.system(), code="2026-Q9")
    assert bad.value.problems[0].field == "code"
    assert Period.objects.count() == 1


def test_only_hr_admins_create_periods(small_org: SmallOrg) -> None:
    for role in ("hrbp", "manager", "employee", "executive", "partner"):
        with pytest.raises(Forbidden):
            create_period(actor=org_factories.actor(small_org.users[role]), code="2027")
    assert not Period.objects.exists()
