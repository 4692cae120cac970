"""What the notifications domain announces: nothing yet. Notifications are themselves the
reaction to other domains' changes; a webhook channel (P7) would subscribe here later."""

from __future__ import annotations
