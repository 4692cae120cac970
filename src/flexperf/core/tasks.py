"""Jobs of the core: a heartbeat that proves the queue works end to end."""

from __future__ import annotations

import os
import socket

from django.utils import timezone

from flexperf.core.queue import backend_name, task


@task(retries=0)
def heartbeat(token: str) -> dict[str, str | int]:
    """Echo `token` with where and when the job ran. Its result, read back through the queue's
    result store, shows that a worker (in this process or another) took the job and ran it."""
    return {
        "token": token,
        "pid": os.getpid(),
        "host": socket.gethostname(),
        "queue": backend_name(),
        "finished_at": timezone.now().isoformat(),
    }
