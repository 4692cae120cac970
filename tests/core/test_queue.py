"""Background jobs through the one task interface, and through a REAL Redis queue drained by a
separate `flexperf worker` process."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import uuid
from pathlib import Path

from huey import RedisHuey

from flexperf.core import tasks
from tests.services import need_redis, need_sqlite_run


def _env(data_dir: Path, **extra: str) -> dict[str, str]:
    """The environment of a separate flexperf process: production settings, no test settings
    and no database (the heartbeat does not touch it)."""
    env = {k: v for k, v in os.environ.items()
           if k not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL", "FLEXPERF_QUEUE"}}
    env["FLEXPERF_DATA_DIR"] = str(data_dir)
    env.update(extra)
    return env


def test_the_heartbeat_job_echoes_its_token_where_it_ran() -> None:
    result = tasks.heartbeat("hello")  # the suite's queue runs jobs at once
    value = result.get()
    assert value["token"] == "hello"
    assert value["pid"] == os.getpid()
    assert value["queue"] == "immediate"


def test_a_flexperf_worker_process_runs_a_job_from_redis(tmp_path: Path) -> None:
    need_sqlite_run()
    url = need_redis()
    name = f"flexperf-test-{uuid.uuid4().hex[:12]}"
    queue = RedisHuey(name, url=url)
    # The same job, registered under the same name on a queue of our own.
    heartbeat = queue.task(retries=0)(tasks.heartbeat.call_local)
    try:
        result = heartbeat("token-42")  # enqueued: nothing runs it yet
        assert len(queue) == 1
        log = (tmp_path / "worker.log").open("w")
        worker = subprocess.Popen(
            [sys.executable, "-m", "flexperf", "worker", "--workers", "1"],
            env=_env(tmp_path, FLEXPERF_QUEUE="redis", REDIS_URL=url,
                     FLEXPERF_QUEUE_NAME=name),
            stdout=log, stderr=subprocess.STDOUT,
        )
        try:
            value = result.get(blocking=True, timeout=60)
        finally:
            worker.send_signal(signal.SIGTERM)
            code = worker.wait(timeout=30)
            log.close()
        output = (tmp_path / "worker.log").read_text()
        assert value["token"] == "token-42"
        assert value["queue"] == "RedisHuey"
        assert value["pid"] not in {os.getpid(), None}  # another process ran it
        assert len(queue) == 0
        assert f"Taking jobs from queue {name}" in output
        assert code == 0, output
    finally:
        queue.storage.flush_all()


def test_worker_explains_that_in_process_jobs_need_no_worker(tmp_path: Path) -> None:
    need_sqlite_run()
    done = subprocess.run([sys.executable, "-m", "flexperf", "worker"],
                          env=_env(tmp_path, FLEXPERF_QUEUE="inprocess"),
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0
    assert "Background jobs run inside `flexperf serve`" in done.stdout


def test_worker_reports_an_unreachable_redis_in_one_line(tmp_path: Path) -> None:
    need_sqlite_run()
    done = subprocess.run([sys.executable, "-m", "flexperf", "worker"],
                          env=_env(tmp_path, FLEXPERF_QUEUE="redis",
                                   REDIS_URL="redis://:secret@127.0.0.1:1/0"),
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("CommandError: Cannot reach Redis at redis://:***@127.0.0.1:1/0")
    assert "secret" not in done.stderr
