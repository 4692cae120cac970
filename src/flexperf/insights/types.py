"""Types other domains see (the CLI prints a RefreshReport)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class RefreshReport:
    weeks_refreshed: int
    insights_created: int
    insights_updated: int
    by_type: dict[str, int] = field(default_factory=dict)  # findings of this run per kind
    followed_up: int = 0
