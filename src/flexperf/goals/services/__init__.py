"""Writes of the goals domain, one module per part: periods, schemes, goals, measurements,
alignment (and adjustments, signals). Each service takes the caller's `Actor`, checks every
input and raises `ServiceError` listing all problems, writes in one transaction, records the
change in the audit trail and announces events after commit.

Import the part you need: ``from flexperf.goals.services import goals as goal_services``.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from flexperf.core.errors import Problem, ServiceError


class Checks:
    """Problems found while checking one input (optionally one row of a file), and readers
    that turn loose values (numbers as text, floats) into what the database holds."""

    def __init__(self, row: int | None = None) -> None:
        self.row = row
        self.problems: list[Problem] = []

    def add(self, field: str, message: str) -> None:
        self.problems.append(Problem(field, message, self.row))

    def extend(self, problems: list[Problem]) -> None:
        self.problems.extend(problems)

    def has(self, field: str) -> bool:
        return any(p.field == field or p.field.startswith(f"{field}.") for p in self.problems)

    def raise_if_any(self) -> None:
        if self.problems:
            raise ServiceError(self.problems)

    def number(self, value: Any, field: str, *, places: int = 4, max_digits: int = 18,
               required: bool = False, positive: bool = False) -> Decimal | None:
        """A decimal rounded to `places`, within what a `max_digits` column holds."""
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.add(field, _("This field is required."))
            return None
        if isinstance(value, bool):
            self.add(field, _("Must be a number."))
            return None
        try:
            number = Decimal(str(value).strip()) if not isinstance(value, Decimal) else value
        except (InvalidOperation, ValueError):
            self.add(field, _("'%(value)s' is not a number.") % {"value": value})
            return None
        if not number.is_finite():
            self.add(field, _("Must be a finite number."))
            return None
        limit = Decimal(10) ** (max_digits - places)
        if abs(number) >= limit:
            self.add(field, _("Must be smaller than %(limit)s in size.") % {"limit": limit})
            return None
        number = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
        if positive and number <= 0:
            self.add(field, _("Must be greater than 0."))
            return None
        return number

    def text(self, value: Any, field: str, *, max_length: int, required: bool = False) -> str:
        text = "" if value is None else str(value).strip()
        if required and not text:
            self.add(field, _("This field is required."))
        elif len(text) > max_length:
            self.add(field, _("Longer than %(n)d characters.") % {"n": max_length})
        return text

    def choice(self, value: Any, field: str, allowed: list[str], *, default: str = "") -> str:
        text = "" if value is None else str(value).strip().lower()
        if not text:
            return default
        if text not in allowed:
            self.add(field, _("'%(value)s' is not one of: %(allowed)s")
                     % {"value": value, "allowed": ", ".join(allowed)})
            return default
        return text

    def within(self, day: dt.date | None, field: str, start: dt.date, end: dt.date) -> None:
        if day is not None and not start <= day <= end:
            self.add(field, _("%(day)s is outside the period (%(start)s to %(end)s).")
                     % {"day": day.isoformat(), "start": start.isoformat(),
                        "end": end.isoformat()})
