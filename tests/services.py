"""Real services the suite talks to (PostgreSQL, Redis, Chromium).

On a developer's machine without one, its tests skip with the reason. CI sets
FLEXPERF_REQUIRE_SERVICES=1, which turns such a skip into a failure.
"""

from __future__ import annotations

import os
import shutil
import socket

import pytest

CHROMIUM = "/usr/bin/chromium"


def required() -> bool:
    return os.environ.get("FLEXPERF_REQUIRE_SERVICES", "") not in {"", "0"}


def need(available: bool, reason: str) -> None:
    """Skip (or, under CI, fail) the calling test when a real service is missing."""
    if available:
        return
    if required():
        pytest.fail(f"required service missing: {reason}", pytrace=False)
    pytest.skip(reason)


def port_open(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


def redis_url() -> str:
    return os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15")


def need_redis() -> str:
    from urllib.parse import urlparse

    url = urlparse(redis_url())
    need(port_open(url.hostname or "127.0.0.1", url.port or 6379),
         f"no Redis at {redis_url()} (set REDIS_URL)")
    return redis_url()


def need_chromium() -> str:
    need(os.path.exists(CHROMIUM) or shutil.which("chromium") is not None,
         "Debian's chromium is not installed (apt-get install chromium fonts-noto-cjk)")
    return CHROMIUM


def on_postgres() -> bool:
    from django.db import connection

    return connection.vendor == "postgresql"


def need_postgres() -> None:
    """PostgreSQL-only behaviour: skipped on the SQLite run (never a failure there, because
    `.ci/run` runs the whole suite on PostgreSQL too)."""
    if not on_postgres():
        pytest.skip("PostgreSQL-only; covered by the PostgreSQL run (DATABASE_URL=postgres://…)")


def need_sqlite_run() -> None:
    """A test that starts its own embedded installation (SQLite in a temporary folder) in
    subprocesses, whatever DATABASE_URL says, is the very same test in both runs of `.ci/run`:
    the SQLite run performs it and the PostgreSQL run skips it (never a failure there)."""
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        pytest.skip("runs its own embedded SQLite installation; covered by the SQLite run")
