"""The production-style web server: gunicorn serving ``flexperf.wsgi``.

On the embedded default (SQLite, in-process queue) it runs ONE worker process with threads,
and that worker also drains the job queue (:func:`flexperf.core.queue.start_inprocess_workers`):
SQLite wants a single writing process, and the in-process queue must run exactly once. With
PostgreSQL and the Redis queue (``flexperf worker`` drains it) it runs N worker processes.
"""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass
from typing import Any, Protocol

from django.conf import settings
from django.core.management import call_command
from django.db import connections
from django.utils.translation import gettext as _
from gunicorn.app.base import BaseApplication

from flexperf.core import queue
from flexperf.core.errors import Problem, ServiceError

THREADS = 8


class Output(Protocol):
    def write(self, text: str) -> Any: ...

    def flush(self) -> Any: ...


@dataclass(frozen=True)
class ServerPlan:
    host: str
    port: int
    workers: int
    threads: int
    inprocess_queue: bool

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/"


def plan(*, host: str, port: int, workers: int | None) -> ServerPlan:
    """Decide worker processes and threads for this deployment, or explain why not."""
    if not 1 <= port <= 65535:
        raise ServiceError(Problem("port", _("The port must be between 1 and 65535.")))
    inprocess = queue.backend_name() == "SqliteHuey"
    postgres = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
    if workers is None:
        workers = min(2 * (os.cpu_count() or 1) + 1, 9) if postgres and not inprocess else 1
    if workers < 1:
        raise ServiceError(Problem("workers", _("At least one worker is needed.")))
    if workers > 1 and not postgres:
        raise ServiceError(Problem("workers", _(
            "SQLite is served by one worker process (with threads); use PostgreSQL "
            "(DATABASE_URL) for several.")))
    if workers > 1 and inprocess:
        raise ServiceError(Problem("workers", _(
            "Several workers need the Redis queue (FLEXPERF_QUEUE=redis and `flexperf "
            "worker`): the in-process queue runs inside a single worker.")))
    _check_port_free(host, port)
    return ServerPlan(host=host, port=port, workers=workers,
                      threads=THREADS if workers == 1 else 4, inprocess_queue=inprocess)


def _check_port_free(host: str, port: int) -> None:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise ServiceError(Problem("port", _("Cannot listen on %(host)s:%(port)d: %(why)s")
                                       % {"host": host, "port": port,
                                          "why": exc.strerror or exc})) from exc


def _post_worker_init(worker: Any) -> None:
    queue.start_inprocess_workers()


def _worker_exit(server: Any, worker: Any) -> None:
    queue.stop_inprocess_workers()


class FlexperfServer(BaseApplication):
    """gunicorn configured in code: no config file, no command-line parsing of its own."""

    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        from flexperf.wsgi import application

        return application


def gunicorn_options(server: ServerPlan) -> dict[str, Any]:
    options: dict[str, Any] = {
        "bind": f"{server.host}:{server.port}" if ":" not in server.host
        else f"[{server.host}]:{server.port}",
        "workers": server.workers,
        "worker_class": "gthread",
        "threads": server.threads,
        "timeout": 60,
        "graceful_timeout": 10,
        "accesslog": "-",
        "errorlog": "-",
        "proc_name": "flexperf",
        # One server per data folder, several per machine: no shared control socket.
        "control_socket_disable": True,
    }
    if server.inprocess_queue:
        options["post_worker_init"] = _post_worker_init
        options["worker_exit"] = _worker_exit
    return options


def serve(server: ServerPlan, *, stdout: Output) -> None:
    """Collect static files (quietly), then run gunicorn until it is stopped."""
    call_command("collectstatic", interactive=False, verbosity=0)
    # Serve the collected (and pre-compressed) copies rather than the originals found in the
    # packages; workers fork from this process and start WhiteNoise with this value.
    settings.WHITENOISE_USE_FINDERS = False
    # Workers are forked: they must not inherit this process's database connections.
    connections.close_all()
    stdout.write(_("flexperf is running at %(url)s (%(workers)d worker(s) × %(threads)d "
                   "threads, jobs: %(queue)s). Press Ctrl+C to stop.\n")
                 % {"url": server.url, "workers": server.workers, "threads": server.threads,
                    "queue": _("in-process") if server.inprocess_queue
                    else queue.backend_name()})
    stdout.flush()
    FlexperfServer(gunicorn_options(server)).run()
