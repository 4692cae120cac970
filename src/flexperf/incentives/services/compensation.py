"""Base salaries (HR admin): one at a time, or a CSV file all-or-nothing.

The CSV file has a header row with the columns ``employee_number, amount, currency,
effective_from`` (currency may be left empty: CNY). Every row is checked first; any problem is
reported with its row number (as a spreadsheet shows it: the header is row 1) and column, and
nothing is written unless all rows are good. A row for a person and date already on file
replaces that salary.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from flexperf.audit import services as audit
from flexperf.audit.models import Action
from flexperf.core import tabular
from flexperf.core.actors import Actor
from flexperf.core.errors import Problem, ServiceError
from flexperf.incentives.access import require_hr_admin
from flexperf.incentives.models import BaseSalary
from flexperf.incentives.money import DEFAULT_CURRENCY
from flexperf.org.models import Person

COLUMNS = ("employee_number", "amount", "currency", "effective_from")
MAX_AMOUNT = Decimal("999999999999.99")


@dataclass(frozen=True)
class SalaryRow:
    person_id: int
    amount: Decimal
    currency: str
    effective_from: dt.date


@dataclass(frozen=True)
class ImportReport:
    created: int
    updated: int


def _amount(raw: str, problems: list[Problem], row: int | None, field: str = "amount"
            ) -> Decimal:
    try:
        value = Decimal(raw.replace(",", "").strip())
        if not value.is_finite():
            raise InvalidOperation
    except InvalidOperation:
        problems.append(Problem(field, _("Must be a number."), row))
        return Decimal(0)
    if value < 0 or value > MAX_AMOUNT:
        problems.append(Problem(field, _("Must be a positive amount."), row))
    elif value != value.quantize(Decimal("0.01")):
        problems.append(Problem(field, _("Give at most two decimal places."), row))
    return value


def _currency(raw: str, problems: list[Problem], row: int | None) -> str:
    code = (raw or DEFAULT_CURRENCY).strip().upper()
    if len(code) != 3 or not code.isalpha():
        problems.append(Problem("currency", _("Give a three-letter currency code (CNY)."), row))
    return code


def _date(raw: str, problems: list[Problem], row: int | None) -> dt.date:
    try:
        return dt.date.fromisoformat(raw.strip())
    except ValueError:
        problems.append(Problem("effective_from", _("Give a date as YYYY-MM-DD."), row))
        return dt.date.min


def set_base_salary(*, actor: Actor, person_id: int, amount: Decimal | str,
                    effective_from: dt.date, currency: str = DEFAULT_CURRENCY) -> BaseSalary:
    require_hr_admin(actor)
    problems: list[Problem] = []
    value = _amount(str(amount), problems, None)
    code = _currency(currency, problems, None)
    if not Person.objects.filter(pk=person_id).exists():
        problems.append(Problem("person", _("No such person.")))
    if problems:
        raise ServiceError(problems)
    _write(actor, [SalaryRow(person_id, value, code, effective_from)], source="api")
    return BaseSalary.objects.get(person_id=person_id, effective_from=effective_from)


def import_salaries(*, actor: Actor, data: bytes, filename: str = "salaries.csv"
                    ) -> ImportReport:
    require_hr_admin(actor)
    rows = _read(data)
    problems: list[Problem] = []
    numbers = [r.get("employee_number", "").strip() for _n, r in rows]
    people = dict(Person.objects.filter(employee_number__in=numbers)
                  .values_list("employee_number", "pk"))
    parsed: list[SalaryRow] = []
    seen: dict[tuple[int, dt.date], int] = {}
    for number, row in rows:
        person = people.get(row.get("employee_number", "").strip())
        if person is None:
            problems.append(Problem("employee_number", _("No person with this employee "
                                                         "number."), number))
        amount = _amount(row.get("amount", ""), problems, number)
        code = _currency(row.get("currency", ""), problems, number)
        day = _date(row.get("effective_from", ""), problems, number)
        if person is not None:
            key = (person, day)
            if key in seen:
                problems.append(Problem("effective_from", _("The same person and date are on "
                                                            "row %(row)s too.")
                                        % {"row": seen[key]}, number))
            seen[key] = number
            parsed.append(SalaryRow(person, amount, code, day))
    if not rows:
        problems.append(Problem("file", _("The file has no rows.")))
    if problems:
        raise ServiceError(problems)
    return _write(actor, parsed, source=filename)


def _read(data: bytes) -> list[tuple[int, dict[str, str]]]:
    text = tabular.decode(data)
    if text is None:
        raise ServiceError(_("The file is not UTF-8 or GB18030 text."), field="file")
    reader = csv.reader(io.StringIO(text))
    lines = [line for line in reader]
    if not lines:
        raise ServiceError(_("The file is empty."), field="file")
    header = [h.strip().lower() for h in lines[0]]
    rows = []
    for i, line in enumerate(lines[1:], start=2):
        if not any(cell.strip() for cell in line):
            continue
        rows.append((i, {h: (line[j] if j < len(line) else "") for j, h in enumerate(header)}))
    _check_header(header)
    return rows


def _check_header(header: list[str]) -> None:
    missing = [c for c in ("employee_number", "amount", "effective_from") if c not in header]
    if missing:
        raise ServiceError([Problem(c, _("The file has no %(column)s column.")
                                    % {"column": c}, 1) for c in missing])


def _write(actor: Actor, rows: list[SalaryRow], *, source: str) -> ImportReport:
    with transaction.atomic():
        existing = {(s.person_id, s.effective_from): s for s in BaseSalary.objects.filter(
            person_id__in={r.person_id for r in rows})}
        created, updated = [], []
        for row in rows:
            old = existing.get((row.person_id, row.effective_from))
            if old is None:
                created.append(BaseSalary(person_id=row.person_id, amount=row.amount,
                                          currency=row.currency,
                                          effective_from=row.effective_from))
            elif (old.amount, old.currency) != (row.amount, row.currency):
                old.amount, old.currency = row.amount, row.currency
                updated.append(old)
        BaseSalary.objects.bulk_create(created, batch_size=1000)
        BaseSalary.objects.bulk_update(updated, ["amount", "currency"], batch_size=1000)
        audit.record(actor, audit.Draft(
            action=Action.IMPORT, object_type="incentives.basesalary",
            object_repr=source[:200],
            changes={"created": len(created), "updated": len(updated)},
            context={"people": sorted({r.person_id for r in rows})[:1000]}))
    return ImportReport(len(created), len(updated))
