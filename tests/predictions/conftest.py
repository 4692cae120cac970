from __future__ import annotations

import datetime as dt

import pytest

from flexperf.org.models import Person
from tests import factories as f
from tests.conftest import SmallOrg

AS_OF = dt.date(2026, 6, 30)


@pytest.fixture
def history_org(small_org: SmallOrg) -> SmallOrg:
    """small_org plus six recent leavers (short tenure, junior) and six long-serving seniors,
    so the own-history model has a signal: tenure and level."""
    se, r = small_org.units["SE"], small_org.units["R"]
    head = small_org.people["sales_head"]
    for i in range(6):
        f.person(f"离职{i}", se if i % 2 else r, head, status="left", level="P1",
                 hire_date=dt.date(2025, 1, 1) + dt.timedelta(days=20 * i),
                 leave_date=dt.date(2026, 1, 5) + dt.timedelta(days=15 * i),
                 leave_reason="career", gender="female" if i % 2 else "male")
    for i in range(6):
        f.person(f"老员工{i}", se if i % 2 else r, head, level="P5",
                 hire_date=dt.date(2012, 1, 1) + dt.timedelta(days=90 * i),
                 gender="male" if i % 2 else "female")
    Person.objects.filter(pk=small_org.people["rep1"].pk).update(level="P2",
                                                                 hire_date=dt.date(2025, 9, 1))
    return small_org
