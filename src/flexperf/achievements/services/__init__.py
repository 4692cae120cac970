"""Writes of the achievements domain: quests, rewards and redemptions, personal settings."""

from flexperf.achievements.services.quests import (
    LevelIn,
    QuestIn,
    RecomputeSummary,
    TaskIn,
    create_quest,
    join_quest,
    recompute,
    record_activity,
    refresh_person,
    refresh_quest,
    update_quest,
)
from flexperf.achievements.services.rewards import (
    RewardIn,
    approve_redemption,
    create_reward,
    redeem,
    reject_redemption,
    update_reward,
)
from flexperf.achievements.services.settings import set_leaderboard_opt_out

__all__ = [
    "LevelIn", "QuestIn", "RecomputeSummary", "RewardIn", "TaskIn", "approve_redemption",
    "create_quest", "create_reward", "join_quest", "recompute", "record_activity", "redeem",
    "refresh_person", "refresh_quest", "reject_redemption", "set_leaderboard_opt_out",
    "update_quest", "update_reward",
]
