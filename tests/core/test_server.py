"""`flexperf serve`: gunicorn answering real HTTP, with the security headers, and refusing
setups it cannot serve correctly."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

from flexperf.core import server
from flexperf.core.errors import ServiceError
from tests.services import need_postgres, need_redis, need_sqlite_run


def _env(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL", "FLEXPERF_QUEUE"}}
    env["FLEXPERF_DATA_DIR"] = str(data_dir)
    env.update(extra)
    return env


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _get(url: str) -> tuple[int, dict[str, str]]:
    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (our own server)
        return response.status, dict(response.headers)


def _wait_until_up(process: subprocess.Popen[bytes], url: str, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"serve exited with {process.returncode}:\n{log.read_text()}")
        try:
            _get(url)
            return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    pytest.fail(f"serve did not answer within 60 s:\n{log.read_text()}")


def _serve_and_check(env: dict[str, str], log_path: Path, *extra: str) -> str:
    """Start `flexperf serve`, check the answers, stop it with SIGTERM; return its log."""
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "flexperf", "serve", "--port", str(port), *extra],
            env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            _wait_until_up(process, f"{base}/api/v1/openapi.json", log_path)
            status, _ = _get(f"{base}/api/v1/openapi.json")
            assert status == 200
            status, headers = _get(f"{base}/login/")
            assert status == 200
            assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
            assert headers["X-Content-Type-Options"] == "nosniff"
            assert headers["X-Frame-Options"] == "DENY"
            assert headers["Referrer-Policy"] == "same-origin"
            request = urllib.request.Request(  # noqa: S310 (our own server)
                f"{base}/static/admin/css/base.css", headers={"Accept-Encoding": "gzip"})
            with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
                assert response.headers["Content-Encoding"] == "gzip"  # collected, compressed
        finally:
            process.send_signal(signal.SIGTERM)
            code = process.wait(timeout=30)
    output = log_path.read_text()
    assert code == 0, output
    return output


def test_serve_answers_with_security_headers_and_stops_cleanly(tmp_path: Path) -> None:
    need_sqlite_run()
    env = _env(tmp_path, FLEXPERF_QUEUE="inprocess")
    subprocess.run([sys.executable, "-m", "flexperf", "migrate", "--verbosity", "0"],
                   env=env, check=True, timeout=120)
    output = _serve_and_check(env, tmp_path / "serve.log")
    assert "flexperf is running at http://127.0.0.1:" in output
    assert "1 worker(s) × 8 threads, jobs: in-process" in output
    assert "in-process queue workers started" in output  # inside the gunicorn worker
    assert (tmp_path / "static" / "admin" / "css" / "base.css.gz").exists()


@pytest.mark.django_db
def test_serve_runs_several_workers_on_postgresql_with_redis(tmp_path: Path) -> None:
    need_postgres()
    redis_url = need_redis()
    db = connection.settings_dict
    url = (f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:"
           f"{db['PORT'] or 5432}/{db['NAME']}")
    env = _env(tmp_path, DATABASE_URL=url, FLEXPERF_QUEUE="redis", REDIS_URL=redis_url)
    output = _serve_and_check(env, tmp_path / "serve.log", "--workers", "2")
    assert "2 worker(s) × 4 threads, jobs: RedisHuey" in output
    assert output.count("Booting worker with pid") == 2
    assert "in-process queue workers started" not in output


def test_several_workers_on_sqlite_are_refused_in_one_line(tmp_path: Path) -> None:
    need_sqlite_run()
    done = subprocess.run([sys.executable, "-m", "flexperf", "serve", "--workers", "2"],
                          env=_env(tmp_path), capture_output=True, text=True, timeout=60,
                          check=False)
    assert done.returncode == 1
    assert done.stderr.strip() == (
        "CommandError: workers: SQLite is served by one worker process (with threads); use "
        "PostgreSQL (DATABASE_URL) for several.")


def test_a_port_in_use_is_refused_before_starting(tmp_path: Path) -> None:
    need_sqlite_run()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run([sys.executable, "-m", "flexperf", "serve", "--port", str(port)],
                              env=_env(tmp_path), capture_output=True, text=True, timeout=60,
                              check=False)
    assert done.returncode == 1
    assert done.stderr.startswith(f"CommandError: port: Cannot listen on 127.0.0.1:{port}")


def test_plan_checks_port_and_workers() -> None:
    with pytest.raises(ServiceError, match="port: The port must be between 1 and 65535"):
        server.plan(host="127.0.0.1", port=70000, workers=None)
    with pytest.raises(ServiceError, match="workers: At least one worker"):
        server.plan(host="127.0.0.1", port=_free_port(), workers=0)
    one = server.plan(host="127.0.0.1", port=_free_port(), workers=1)
    assert (one.workers, one.threads) == (1, server.THREADS)
    ipv6 = server.ServerPlan(host="::1", port=8000, workers=1, threads=8, inprocess_queue=True)
    assert ipv6.url == "http://[::1]:8000/"
    assert server.gunicorn_options(ipv6)["bind"] == "[::1]:8000"
