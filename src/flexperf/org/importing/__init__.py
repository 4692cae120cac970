"""Org import: read a workbook or CSV files, check every row, then write all or nothing.

Input is what :mod:`flexperf.org.exporting` writes: an XLSX workbook with any of the sheets
``companies``, ``units``, ``positions``, ``people``, or CSV files holding one of those tables each
(told apart by their header), or a zip of such CSV files. Rows refer to each other by code
(company code, unit code, position code, employee number), never by database id; a reference may
point to a row of the same import or to a record already in the database.

Every row is checked before anything is written, and each problem is reported with its sheet,
its row number as Excel shows it (the header is row 1) and its column. If there is any problem,
nothing is written.

Records are matched by their natural key: a key not yet in the database creates a record, a known
key updates the columns present in the file (a column missing from the file leaves that field
alone; a blank cell clears it, or sets the field's default: status ``active``, country ``CN`` …).
Records in the database that the file does not mention are left alone: an import never deletes
or archives anything.

The steps live in their own modules: :mod:`.reading` (files into tables, cells into values),
:mod:`.checking` (rows against each other and the database, then the plan), :mod:`.writing`
(the bulk upsert with paths and audit entries); :mod:`.spec` holds the columns and the report.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from flexperf.core.actors import Actor
from flexperf.core.errors import Forbidden
from flexperf.core.events import emit
from flexperf.core.tabular import ImportProblem
from flexperf.org import events
from flexperf.org.importing.checking import check
from flexperf.org.importing.reading import read_tables
from flexperf.org.importing.spec import MAX_DEPTH, ImportReport, Problems
from flexperf.org.importing.writing import write

__all__ = ["MAX_DEPTH", "ImportProblem", "ImportReport", "import_files", "import_org"]


def import_org(*, actor: Actor, data: bytes, filename: str, dry_run: bool = False) -> ImportReport:
    """Import one file: an XLSX workbook, a CSV of one table, or a zip of CSV files."""
    return import_files(actor=actor, files=[(filename, data)], dry_run=dry_run)


def import_files(*, actor: Actor, files: Sequence[tuple[str, bytes]], dry_run: bool = False
                 ) -> ImportReport:
    """Import several files together (e.g. units.csv and people.csv), in one transaction.

    HR admins only. With ``dry_run`` everything is checked and counted, nothing is written.
    """
    if not actor.is_hr_admin:
        raise Forbidden
    problems = Problems()
    tables = read_tables(files, problems)
    if problems:
        return ImportReport(ok=False, dry_run=dry_run, problems=problems.report())
    try:
        with transaction.atomic():
            plan, db = check(tables, problems)
            if problems:
                return ImportReport(ok=False, dry_run=dry_run, problems=problems.report())
            created, updated = plan.create_counts, plan.update_counts
            report = ImportReport(ok=True, dry_run=dry_run, created=created, updated=updated)
            if dry_run or not (sum(created.values()) + sum(updated.values())):
                return report
            write(actor=actor, plan=plan, db=db, filenames=[name for name, _data in files])
            emit(events.OrgImported(created=sum(created.values()),
                                    updated=sum(updated.values())))
    except IntegrityError:
        # Someone else wrote the same codes between our checks and our writes.
        problems.add("", None, "", _("The organisation changed while the file was being "
                                     "imported; nothing was written. Import it again."))
        return ImportReport(ok=False, dry_run=dry_run, problems=problems.report())
    return report
