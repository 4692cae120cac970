"""Jobs of the notifications domain."""

from __future__ import annotations

from flexperf.core.queue import task
from flexperf.notifications import services


@task(retries=3, retry_delay=60)
def send_emails(notification_ids: list[int]) -> int:
    """E-mail notifications after the transaction that created them committed."""
    return services.send_emails(notification_ids)
