"""Who the signals demo tells its story about (the default demo: 600 people, seed 2026).

Shared with the insights demo (helper F) so its rules find the same people. With another size
or seed the loader picks stand-ins deterministically and returns their employee numbers in
its counts (``story_*`` keys are not counts; see `loader.StoryPeople`)."""

from __future__ import annotations

import datetime as dt

FIRST_WEEK = dt.date(2026, 1, 5)   # the first Monday of 2026
LAST_WEEK = dt.date(2026, 6, 29)   # the Monday of the demo's own date (2026-06-30)
WEEKS = 26

# The subset of the group that connected its tools: three sales regions/teams (≈144 people).
SUBSET_UNIT_CODES = ("HXS-EAST", "HXS-SOUTH", "HXS-KA")

# A lagging team: the reporting subtree of the demo "manager" login (陈婷静, Shanghai Branch):
# on-time rate falls to about 40 %, overdue tasks and missed milestones pile up from April.
LAGGING_MANAGER = "HX000108"
LAGGING_UNIT = "HXS-EAST-SHANGHAI"
LAGGING_FROM = dt.date(2026, 4, 6)

# An overloaded person: the demo "employee" login (贺兰丽), about 57 hours a week with about 37 %
# of events after hours or at weekends for the last 10 weeks (from 2026-04-20).
OVERLOADED = "HX000111"
OVERLOADED_FROM = dt.date(2026, 4, 20)

# A standout cross-team helper (沈博, Hangzhou Branch): reviews and answers colleagues of
# other units every week, 25–35 cross-unit interactions a week (others: 0–3).
HELPER = "HX000145"

SOURCES = (("jira", "Jira", "tracker"), ("feishu", "Feishu chat", "chat"),
           ("salesforce", "Salesforce", "crm"))
