"""`flexperf serve`: the production-style web server (gunicorn)."""

from __future__ import annotations

from typing import Any

from django.core.management import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from flexperf.core import server
from flexperf.core.management import service_errors


class Command(BaseCommand):
    help = _("Run the production-style web server (gunicorn) for flexperf. On the embedded "
             "default (SQLite, in-process jobs) one worker process with threads also runs the "
             "background jobs; with PostgreSQL and FLEXPERF_QUEUE=redis it runs several workers "
             "and `flexperf worker` runs the jobs.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1", metavar="H",
                            help=_("Address to listen on (default 127.0.0.1; 0.0.0.0 for all)."))
        parser.add_argument("--port", type=int, default=8000, metavar="P",
                            help=_("Port to listen on (default 8000)."))
        parser.add_argument("--workers", type=int, default=None, metavar="N",
                            help=_("Worker processes (default: 1 on SQLite or with in-process "
                                   "jobs, else 2 × CPUs + 1, at most 9)."))

    def handle(self, *args: Any, **options: Any) -> None:
        with service_errors():
            plan = server.plan(host=options["host"], port=options["port"],
                               workers=options["workers"])
        server.serve(plan, stdout=self.stdout)
