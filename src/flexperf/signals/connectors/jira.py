"""An issue tracker's issue export (Jira-like CSV): each issue → ``task_created`` at Created
and, once resolved, ``task_completed`` at Resolved with its due date (on-time rate). The
summary and description are never read.

Columns: Issue key, Assignee (employee number or e-mail), Created; optional Resolved,
Due date, Time Spent (seconds), Quality (1–5), Reporter, Watchers (";"-separated)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from flexperf.signals.connectors import records, require, stamp
from flexperf.signals.drafts import EventDraft


def _day(value: Any) -> dt.date | str | None:
    found = stamp(value)
    if isinstance(found, dt.datetime):
        return found.date()
    return found


class JiraIssues:
    code = "jira"

    def parse(self, data: bytes, filename: str) -> Iterator[EventDraft]:
        first = True
        for line, row in records(data, filename):
            if first:
                require(row, ("issue key", "assignee", "created"), filename)
                first = False
            key = str(row.get("issue key") or "").strip()
            person = str(row.get("assignee") or "").strip()
            others = [str(row.get("reporter") or "").strip(),
                      *str(row.get("watchers") or "").replace(",", ";").split(";")]
            counterparts = tuple(o.strip() for o in others if o and o.strip())
            meta = {k: row.get(k) for k in ("issue type", "status", "priority", "project")
                    if row.get(k) not in (None, "")}
            yield EventDraft(line=line, external_id=f"{key}:created", kind="task_created",
                             person=person, occurred_at=stamp(row.get("created")),
                             counterparts=counterparts, metadata=meta,
                             due_on=_day(row.get("due date")))
            if row.get("resolved") not in (None, ""):
                spent = row.get("time spent")
                hours = float(str(spent)) / 3600 if _numeric(spent) else None
                yield EventDraft(line=line, external_id=f"{key}:done", kind="task_completed",
                                 person=person, occurred_at=stamp(row.get("resolved")),
                                 hours=hours, quality=row.get("quality") or None,
                                 due_on=_day(row.get("due date")),
                                 done_on=_day(row.get("resolved")),
                                 counterparts=counterparts, metadata=meta)


def _numeric(value: Any) -> bool:
    try:
        float(value)
    except (TypeError, ValueError):
        return False
    return True
