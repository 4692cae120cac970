"""Errors that services raise and every edge (API, page, CLI) renders the same way."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input: which field (and row, for files) and why."""

    field: str
    message: str
    row: int | None = None

    def as_dict(self) -> dict[str, object]:
        data: dict[str, object] = {"field": self.field, "message": self.message}
        if self.row is not None:
            data["row"] = self.row
        return data

    def __str__(self) -> str:
        where = f"row {self.row}, " if self.row is not None else ""
        return f"{where}{self.field}: {self.message}"


class ServiceError(Exception):
    """Bad input or a broken rule. Nothing was written."""

    status = 422

    def __init__(self, problems: Iterable[Problem] | Problem | str, field: str = "__all__"):
        if isinstance(problems, str):
            problems = [Problem(field, problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems = list(problems)
        super().__init__("; ".join(str(p) for p in self.problems))


class NotFound(Exception):
    """The record does not exist, or the caller may not see it: the two are indistinguishable."""


class Forbidden(Exception):
    """The caller's role cannot use this capability at all (a whole page or endpoint)."""


def checked_text(value: str | None, field: str, *, limit: int, required: bool = True) -> str:
    """`value` stripped; a problem naming `field` when it is required and empty, or too long."""
    cleaned = (value or "").strip()
    if required and not cleaned:
        raise ServiceError(Problem(field, _("This field is required.")))
    if len(cleaned) > limit:
        raise ServiceError(Problem(field, _("At most %(n)d characters.") % {"n": limit}))
    return cleaned
