"""Reads of the goals domain, always scoped to the caller."""

from flexperf.goals.selectors.access import (
    access_goal,
    can_edit_goal,
    can_manage_goal,
    can_record,
    goals_visible_to,
    hr_covers,
    is_owner,
)
from flexperf.goals.selectors.context import goals_missing_analysis, miss_analyses
from flexperf.goals.selectors.schemes import (
    access_scheme,
    components_of,
    default_scheme,
    scheme_for_person,
    scheme_for_unit,
    schemes_for_units,
    schemes_visible_to,
    where_scheme_comes_from,
)

__all__ = [
    "access_goal", "access_scheme", "can_edit_goal", "can_manage_goal", "can_record",
    "components_of", "default_scheme", "goals_missing_analysis", "goals_visible_to",
    "hr_covers", "is_owner", "miss_analyses",
    "scheme_for_person", "scheme_for_unit", "schemes_for_units", "schemes_visible_to",
    "where_scheme_comes_from",
]
