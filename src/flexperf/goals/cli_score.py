"""`flexperf goals score --period P [--json] [--unit CODE] [--as-of DATE] [--paced]`: scheme
scores of a period as a table or JSON, for the operator (everyone, or one unit and the units
below it); full-period targets, or paced to the day.

The `goals` command calls :func:`run` inside `core.management.service_errors()`, so an unknown
period or unit is the usual one-line error naming the option.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, TextIO

from django.utils.translation import gettext as _

from flexperf.core import tree
from flexperf.core.errors import Problem, ServiceError
from flexperf.core.management import cli_actor, table
from flexperf.goals import evaluation
from flexperf.goals.evaluation import PersonScore
from flexperf.org.models import Person, Unit


def run(*, period: str, as_json: bool, unit: str | None, stdout: TextIO,
        as_of: str | None = None, paced: bool = False) -> None:
    found = evaluation.require_period(period)
    day = None
    if as_of:
        try:
            day = dt.date.fromisoformat(as_of.strip())
        except ValueError:
            raise ServiceError(Problem("as_of", _("'%(value)s' is not a date (YYYY-MM-DD).")
                                       % {"value": as_of})) from None
    people = None
    if unit:
        chosen = Unit.objects.filter(code=unit.strip()).first()
        if chosen is None:
            raise ServiceError(Problem("unit", _("There is no unit '%(code)s'.")
                                       % {"code": unit}))
        people = Person.objects.filter(tree.subtree_q("unit__path", chosen.path))
    basis = evaluation.Basis.PACED if paced else evaluation.Basis.FULL
    scores = evaluation.score_period(cli_actor(), found, people=people, as_of=day,
                                     basis=basis, sub_periods=paced)
    if as_json:
        payload = {"period": found.code, "as_of": scores.as_of.isoformat(),
                   "basis": basis.value, "people": [_row(p) for p in scores.people]}
        stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
        return
    header = [_("Employee number"), _("Name"), _("Scheme"), _("Score"), _("Rating"),
              _("Missing components")]
    rows = [[p.employee_number, p.name, p.scheme_name,
             "—" if p.score is None else f"{p.score:.1f}", p.rating or "—",
             ", ".join(p.missing)] for p in scores.people]
    stdout.write(table(header, rows) + "\n")
    stdout.write(_("%(n)d people, period %(period)s as of %(day)s.")
                 % {"n": len(rows), "period": found.code, "day": scores.as_of.isoformat()}
                 + "\n")


def _row(person: PersonScore) -> dict[str, Any]:
    return {
        "employee_number": person.employee_number, "name": person.name,
        "scheme": person.scheme_code, "score": person.score, "rating": person.rating,
        "components": [
            {"key": c.key, "label": c.label, "paradigm": c.paradigm, "weight": float(c.weight),
             "points": c.points, "goals": c.goals, "scored_goals": c.scored_goals,
             "flagged": c.flagged}
            for c in person.components],
        "missing": list(person.missing),
        "flags": person.flags,
    }
