"""What other domains know about a person's week, read-only: check-ins, feedback, recognition
and goal progress, as frames for the feature engine.

Analytics read and never write. Check-ins and feedback are read as plain value rows (dates and
ids only, never text); recognition through its tables when that app is installed (else zeros);
goal progress through the goals engine (`goals.evaluation.scores.score_goals`), as of each
week's Sunday, for the most recent weeks only (``FLEXPERF_SIGNALS_GOAL_GAP_WEEKS``, default 2)
because each week is one engine run per period.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from typing import Any
from zoneinfo import ZoneInfo

import polars as pl
from django.apps import apps
from django.conf import settings
from django.db import DatabaseError
from django.db.models import Model

from flexperf.core import clock
from flexperf.core.actors import Actor
from flexperf.signals.features import DOMAIN_COLUMNS, pair_counts, recency_days

logger = logging.getLogger("flexperf.signals")


def local_tz() -> str:
    return str(getattr(settings, "TIME_ZONE", "UTC") or "UTC")


def _window(weeks: Sequence[dt.date]) -> tuple[dt.datetime, dt.datetime]:
    tz = ZoneInfo(local_tz())
    start = dt.datetime.combine(min(weeks), dt.time(), tzinfo=tz)
    end = dt.datetime.combine(max(weeks) + dt.timedelta(days=7), dt.time(), tzinfo=tz)
    return start, end


def stamps_to_weeks(frame: pl.DataFrame, column: str) -> pl.DataFrame:
    """Aware datetimes (UTC) in `column` → the local Monday in week_start."""
    local = pl.col(column).dt.convert_time_zone(local_tz()).dt.replace_time_zone(None).dt.date()
    return frame.with_columns((local - pl.duration(days=local.dt.weekday() - 1))
                              .alias("week_start")).drop(column)


def _pairs(rows: list[tuple[Any, ...]]) -> pl.DataFrame:
    frame = pl.DataFrame(rows, schema={"from_id": pl.Int64, "to_id": pl.Int64,
                                       "at": pl.Datetime("us", "UTC")}, orient="row")
    return stamps_to_weeks(frame, "at")


def feedback_frame(weeks: Sequence[dt.date]) -> pl.DataFrame:
    from flexperf.feedback.models import Feedback

    start, end = _window(weeks)
    rows = list(Feedback.objects.filter(created_at__gte=start, created_at__lt=end)
                .values_list("giver_id", "recipient_id", "created_at"))
    return pair_counts(_pairs(rows), given="feedback_given", received="feedback_received")


def _recognition_awards() -> type[Model] | None:
    """The recognition app's peer awards (giver, recipient, on: date), if installed."""
    try:
        model = apps.get_model("recognition", "Award")
    except LookupError:
        return None
    names = {f.name for f in model._meta.get_fields()}
    return model if {"giver", "recipient", "on"} <= names else None


def recognition_frame(weeks: Sequence[dt.date]) -> pl.DataFrame | None:
    """Peer awards given and received per person × week (read-only; None without the app)."""
    model = _recognition_awards()
    if model is None:
        return None
    try:
        rows = list(model._default_manager.filter(
            on__gte=min(weeks), on__lt=max(weeks) + dt.timedelta(days=7))
            .values_list("giver_id", "recipient_id", "on"))
    except DatabaseError:  # the table is not migrated yet
        logger.warning("recognition counts unavailable", exc_info=True)
        return None
    frame = pl.DataFrame(rows, schema={"from_id": pl.Int64, "to_id": pl.Int64,
                                       "on": pl.Date}, orient="row")
    frame = frame.with_columns((pl.col("on") - pl.duration(days=pl.col("on").dt.weekday() - 1))
                               .alias("week_start"))
    return pair_counts(frame, given="recognition_given", received="recognition_received")


def checkin_frame(person_ids: Sequence[int], weeks: Sequence[dt.date]) -> pl.DataFrame:
    from flexperf.checkins.models import Checkin

    _start, end = _window(weeks)
    rows = list(Checkin.objects.filter(submitted_at__isnull=False, submitted_at__lt=end)
                .values_list("person_id", "submitted_at"))
    frame = pl.DataFrame(rows, schema={"person_id": pl.Int64, "at": pl.Datetime("us", "UTC")},
                         orient="row")
    frame = frame.select("person_id", pl.col("at").dt.convert_time_zone(local_tz())
                         .dt.replace_time_zone(None).dt.date().alias("on"))
    return recency_days(frame, person_ids, weeks)


def goal_gap_frame(weeks: Sequence[dt.date]) -> pl.DataFrame:
    """Mean (expected − actual progress) over each person's scored goals, as of each recent
    week's Sunday (never after today)."""
    from flexperf.goals.evaluation.assembly import SCORED_STATUSES
    from flexperf.goals.evaluation.scores import score_goals
    from flexperf.goals.models import Goal

    today = clock.today()
    keep = int(getattr(settings, "FLEXPERF_SIGNALS_GOAL_GAP_WEEKS", 2))
    horizon = today - dt.timedelta(days=7 * keep)
    rows: list[tuple[int, dt.date, float]] = []
    system = Actor.system()
    for week in weeks:
        sunday = week + dt.timedelta(days=6)
        if sunday < horizon or week > today:
            continue
        as_of = min(sunday, today)
        goals = Goal.objects.filter(owner_kind="person", status__in=SCORED_STATUSES,
                                    period__start__lte=as_of, period__end__gte=week)
        owners = dict(goals.values_list("pk", "person_id"))
        if not owners:
            continue
        gaps: dict[int, list[float]] = {}
        for goal_id, score in score_goals(system, list(owners), as_of=as_of).items():
            verdict = score.progress
            if verdict.progress is None or verdict.expected is None:
                continue
            gaps.setdefault(owners[goal_id], []).append(verdict.expected - verdict.progress)
        rows += [(pid, week, sum(v) / len(v)) for pid, v in gaps.items() if pid is not None]
    return pl.DataFrame(rows, schema={"person_id": pl.Int64, "week_start": pl.Date,
                                      "goal_trajectory_gap": pl.Float64}, orient="row")


def domain_frame(person_ids: Sequence[int], weeks: Sequence[dt.date]) -> pl.DataFrame:
    """Every domain column for these people and weeks (missing person-weeks: no row)."""
    key = ["person_id", "week_start"]
    out = pl.DataFrame(schema={"person_id": pl.Int64, "week_start": pl.Date})
    if not weeks:
        return out
    frames = [checkin_frame(person_ids, weeks), feedback_frame(weeks), goal_gap_frame(weeks)]
    recognition = recognition_frame(weeks)
    if recognition is not None:
        frames.append(recognition)
    for frame in frames:
        out = out.join(frame, on=key, how="full", coalesce=True)
    missing = [c for c in DOMAIN_COLUMNS if c not in out.columns]
    return out.with_columns([pl.lit(None, dtype=pl.Float64).alias(c) for c in missing])
