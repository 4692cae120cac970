"""What the achievements domain announces (after commit)."""

from __future__ import annotations

from dataclasses import dataclass

from flexperf.core.events import Event


@dataclass(frozen=True)
class QuestCompleted(Event):
    """A person reached `level` of a quest. Announced once per level reached; the quest is
    finished when `level` is its last level."""

    quest_id: int
    person_id: int
    level: int


@dataclass(frozen=True)
class RewardRedeemed(Event):
    redemption_id: int
    person_id: int
    reward_id: int
    status: str
