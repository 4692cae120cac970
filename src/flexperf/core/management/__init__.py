"""What every flexperf management command shares: who the operator is, and how a service's
refusal becomes the one-line error (and exit status 1) of the command line."""

from __future__ import annotations

import getpass
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import NoReturn, TextIO

from django.core.management import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from flexperf.core.actors import Actor, Via
from flexperf.core.errors import Forbidden, NotFound, ServiceError
from flexperf.core.tabular import ImportProblem


def os_user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name and no passwd entry (e.g. in a container)
        return f"uid{os.getuid()}" if hasattr(os, "getuid") else "unknown"


def cli_actor() -> Actor:
    """The operator at the command line: full rights, audited as ``cli:<os user>``."""
    return Actor.system(via=Via.CLI, username=f"cli:{os_user()}"[:150])


def one_line(exc: ServiceError) -> str:
    return "; ".join(
        p.message if p.field in {"__all__", "file"} else f"{p.field}: {p.message}"
        for p in exc.problems
    )


@contextmanager
def service_errors() -> Iterator[None]:
    """Render a service's ServiceError, NotFound or Forbidden as a CommandError."""
    try:
        yield
    except ServiceError as exc:
        raise CommandError(one_line(exc)) from exc
    except NotFound as exc:
        raise CommandError(_("Not found.")) from exc
    except Forbidden as exc:
        raise CommandError(_("This needs an HR admin.")) from exc


def table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """Columns padded to their widest cell, two spaces apart (no trailing blanks)."""
    widths = [max(len(cell) for cell in column) for column in zip(header, *rows, strict=False)]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip()
        for line in (header, *rows)
    )


def refuse_with_problems(stdout: TextIO, header: Sequence[str],
                         rows: Sequence[Sequence[str]]) -> NoReturn:
    """An import refused row by row: the problems as a table, then the one-line error (and a
    non-zero exit) saying nothing was written."""
    stdout.write(table(header, rows))
    raise CommandError(ngettext("%(n)d problem: nothing was written.",
                                "%(n)d problems: nothing was written.",
                                len(rows)) % {"n": len(rows)})


def refuse_import_problems(stdout: TextIO, problems: Sequence[ImportProblem]) -> NoReturn:
    """`refuse_with_problems` for a spreadsheet import's report (sheet, row, column)."""
    refuse_with_problems(stdout, (_("sheet"), _("row"), _("column"), _("message")),
                         [(p.sheet, "" if p.row is None else str(p.row), p.column, p.message)
                          for p in problems])
