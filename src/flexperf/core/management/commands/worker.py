"""`flexperf worker`: background-job workers for the Redis queue (huey's consumer)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.core.management import BaseCommand, CommandError, CommandParser, call_command
from django.utils.translation import gettext as _
from huey.contrib.djhuey import HUEY
from redis.exceptions import RedisError

from flexperf.core import queue


class Command(BaseCommand):
    help = _("Run background-job workers that take jobs from the Redis queue "
             "(FLEXPERF_QUEUE=redis, REDIS_URL, FLEXPERF_QUEUE_NAME). On the embedded default "
             "the jobs run inside `flexperf serve` and this command has nothing to do.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--workers", type=int, default=None, metavar="N",
                            help=_("Worker processes (default FLEXPERF_WORKERS, else 2)."))

    def handle(self, *args: Any, **options: Any) -> None:
        backend = queue.backend_name()
        if backend != "RedisHuey":
            self.stdout.write(_(
                "Background jobs run inside `flexperf serve` with the %(backend)s queue, so no "
                "separate worker is needed. For separate workers set FLEXPERF_QUEUE=redis and "
                "REDIS_URL (and run `flexperf serve` with the same settings).")
                % {"backend": backend})
            return
        workers = options["workers"]
        if workers is not None and workers < 1:
            raise CommandError(_("--workers must be at least 1."))
        url = _without_password(settings.HUEY["url"])
        try:
            HUEY.storage.conn.ping()
        except RedisError as exc:
            raise CommandError(_("Cannot reach Redis at %(url)s: %(why)s")
                               % {"url": url, "why": exc}) from exc
        count = workers or settings.HUEY["consumer"]["workers"]
        self.stdout.write(_("Taking jobs from queue %(name)s on %(url)s with %(workers)d "
                            "worker(s). Press Ctrl+C to stop.")
                          % {"name": settings.HUEY["name"], "url": url, "workers": count})
        self.stdout.flush()
        # huey's own consumer command does the work; our command owns the help and the checks.
        call_command("run_huey", workers=count)


def _without_password(url: str) -> str:
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.rsplit("@", 1)[-1]
    user = f"{parts.username}:***@" if parts.username else ":***@"
    return urlunsplit(parts._replace(netloc=user + netloc))
