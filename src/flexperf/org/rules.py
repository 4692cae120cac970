"""Pure checks of org data shared by the services (one record) and the importer (a file).

No ORM here: plain values in, problems out, so the same rule gives the same message everywhere.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.utils.translation import gettext as _

from flexperf.core.errors import Problem

EARLIEST_DATE = dt.date(1900, 1, 1)


def person_dates(
    *,
    hire_date: dt.date | None,
    status: str,
    leave_date: dt.date | None,
    leave_reason: str,
    birth_date: dt.date | None = None,
    today: dt.date,
    row: int | None = None,
) -> list[Problem]:
    problems: list[Problem] = []
    if hire_date is None:
        problems.append(Problem("hire_date", _("Hire date is required."), row))
    elif not EARLIEST_DATE <= hire_date <= today + dt.timedelta(days=366):
        problems.append(Problem("hire_date", _("Hire date %(date)s is not plausible.")
                                % {"date": hire_date.isoformat()}, row))
    if status == "left":
        if leave_date is None:
            problems.append(Problem("leave_date", _("A leaver needs a leave date."), row))
        if not leave_reason:
            problems.append(Problem("leave_reason", _("A leaver needs a leave reason."), row))
    elif leave_date is not None or leave_reason:
        problems.append(Problem("status", _("Leave date and reason are only for leavers "
                                            "(status 'left')."), row))
    if hire_date and leave_date and leave_date < hire_date:
        problems.append(Problem("leave_date", _("Leave date is before the hire date."), row))
    if birth_date is not None:
        if not EARLIEST_DATE <= birth_date <= today:
            problems.append(Problem("birth_date", _("Birth date is not plausible."), row))
        elif hire_date and (hire_date - birth_date).days < 14 * 365:
            problems.append(Problem("birth_date", _("Birth date is less than 14 years before "
                                                    "the hire date."), row))
    return problems


def reporting_cycles(manager_of: Mapping[str, str | None]) -> list[list[str]]:
    """Cycles in reporting lines, each as the list of keys around it (smallest key first).

    `manager_of` maps a person's key to their manager's key (or None).
    """
    cycles: list[list[str]] = []
    state: dict[str, int] = {}  # 1 = on the current walk, 2 = done
    for start in sorted(manager_of):
        walk: list[str] = []
        node: str | None = start
        while node is not None and node in manager_of and state.get(node) is None:
            state[node] = 1
            walk.append(node)
            node = manager_of[node]
        if node is not None and state.get(node) == 1:
            cycle = walk[walk.index(node):]
            pivot = cycle.index(min(cycle))
            cycles.append(cycle[pivot:] + cycle[:pivot])
        for visited in walk:
            state[visited] = 2
    return cycles
