"""Run-time configuration read from the environment, before Django starts.

Everything a deployment can change lives here, so `settings.py` stays declarative:
the data folder, the secret key, the database and the queue backend.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
from pathlib import Path
from typing import Any

import dj_database_url
import platformdirs

DATA_DIR_ENV = "FLEXPERF_DATA_DIR"


def data_dir() -> Path:
    """The folder that holds the embedded database, the secret key and uploads."""
    configured = os.environ.get(DATA_DIR_ENV)
    path = Path(configured) if configured else Path(platformdirs.user_data_dir("flexperf"))
    path = path.expanduser().resolve()
    path.mkdir(parents=True, exist_ok=True)
    return path


def secret_key(folder: Path) -> str:
    """FLEXPERF_SECRET_KEY if given, else a key generated once and kept in the data folder."""
    configured = os.environ.get("FLEXPERF_SECRET_KEY")
    if configured:
        return configured
    key_file = folder / "secret_key"
    if not key_file.exists():
        # O_EXCL: two processes starting at once must not write two different keys.
        try:
            fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_urlsafe(50))
    return key_file.read_text().strip()


def database(folder: Path) -> dict[str, Any]:
    """DATABASE_URL (PostgreSQL in production) or the embedded SQLite file."""
    url = os.environ.get("DATABASE_URL")
    if url:
        return dict(dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True))
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(folder / "flexperf.sqlite3"),
        "OPTIONS": {
            # WAL lets readers proceed during a write; IMMEDIATE avoids lock-upgrade deadlocks
            # between the web threads and the in-process workers.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        },
    }


def is_postgres() -> bool:
    return os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))


def queue(folder: Path) -> dict[str, Any]:
    """Huey settings: in-process on SQLite storage by default, Redis when FLEXPERF_QUEUE=redis."""
    backend = os.environ.get("FLEXPERF_QUEUE", "inprocess")
    name = os.environ.get("FLEXPERF_QUEUE_NAME", "flexperf")
    if backend == "redis":
        return {
            "huey_class": "huey.RedisHuey",
            "name": name,
            "immediate": False,
            "url": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
            "consumer": {"workers": int(os.environ.get("FLEXPERF_WORKERS", "2")),
                         "worker_type": "process"},
        }
    if backend == "immediate":
        return {"huey_class": "huey.MemoryHuey", "name": name, "immediate": True}
    if backend != "inprocess":
        raise ValueError(f"FLEXPERF_QUEUE must be inprocess, redis or immediate, not {backend!r}")
    return {
        "huey_class": "huey.SqliteHuey",
        "name": name,
        "immediate": False,
        "filename": str(folder / "tasks.sqlite3"),
        "consumer": {"workers": 2, "worker_type": "thread"},
    }


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def pinned_today(value: str | None) -> dt.date | None:
    """`FLEXPERF_TODAY` (see core/clock.py): a YYYY-MM-DD date, or unset/empty for the real
    day. A malformed value stops the start with a clear message rather than being ignored."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise SystemExit(f"FLEXPERF_TODAY must be a date (YYYY-MM-DD), not {value!r}") from None
