"""Quest progress: a pure function from a quest's levels and a person's activity counts.

Counts are cumulative over the quest's window: a level's tasks are checked against every
activity of the window (a task of level 3 asking for ten pieces of feedback counts the same
feedback a task of level 1 may have counted). Levels are reached in order: level n is reached
when its tasks and those of every level before it are met.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from flexperf.achievements.kinds import kind_label


@dataclass(frozen=True)
class TaskSpec:
    kind: str
    count: int


@dataclass(frozen=True)
class LevelSpec:
    number: int
    title: str
    points: int
    tasks: tuple[TaskSpec, ...]


@dataclass(frozen=True)
class TaskProgress:
    kind: str
    needed: int
    done: int  # capped at `needed`

    @property
    def met(self) -> bool:
        return self.done >= self.needed

    @property
    def label(self) -> str:
        return kind_label(self.kind)


@dataclass(frozen=True)
class LevelProgress:
    number: int
    title: str
    points: int
    tasks: tuple[TaskProgress, ...]
    reached: bool

    @property
    def fraction(self) -> float:
        needed = sum(t.needed for t in self.tasks)
        return 1.0 if needed == 0 else sum(t.done for t in self.tasks) / needed


@dataclass(frozen=True)
class QuestProgress:
    levels: tuple[LevelProgress, ...]

    @property
    def reached(self) -> int:
        """The highest level reached (0: none)."""
        return max((lv.number for lv in self.levels if lv.reached), default=0)

    @property
    def finished(self) -> bool:
        return bool(self.levels) and all(lv.reached for lv in self.levels)

    @property
    def percent(self) -> int:
        """Progress over the whole quest: tasks done over tasks needed, 0–100."""
        needed = sum(t.needed for lv in self.levels for t in lv.tasks)
        done = sum(t.done for lv in self.levels for t in lv.tasks)
        return 100 if needed == 0 else round(100 * done / needed)

    @property
    def current(self) -> LevelProgress | None:
        """The first level not reached yet (None once finished)."""
        return next((lv for lv in self.levels if not lv.reached), None)


def evaluate(levels: Sequence[LevelSpec], counts: Mapping[str, int]) -> QuestProgress:
    out: list[LevelProgress] = []
    still = True
    for spec in sorted(levels, key=lambda lv: lv.number):
        tasks = tuple(TaskProgress(t.kind, t.count, min(counts.get(t.kind, 0), t.count))
                      for t in spec.tasks)
        reached = still and all(t.met for t in tasks)
        still = reached
        out.append(LevelProgress(spec.number, spec.title, spec.points, tasks, reached))
    return QuestProgress(tuple(out))
