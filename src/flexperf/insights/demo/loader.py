"""Insights demo: the rules and models run as of two days of the signals demo's story, with a
manager's decisions in between, so the inbox has fresh prompts and the outcomes page has data.

* As of 19 May 2026 (rules and the attrition model): the lagging team's manager is prompted to
  hold a check-in and does (acted: check-in); the overloaded person's warning is acted on
  (rebalance); the cross-team helper's praise suggestion is dismissed; the feedback nudges are
  left open.
* As of 30 June 2026 (everything, models included): the insights of May are measured again
  (four weeks after they were raised) and the same people are prompted again where the
  signals still say so — the inbox shows the lagging team's check-in prompt, the overload
  warning and the praise suggestion.

Deterministic: no randomness; decisions are dated on the demo's calendar.
"""

from __future__ import annotations

import datetime as dt
import time

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from flexperf.accounts.selectors import actor_for_user
from flexperf.core.actors import Actor
from flexperf.core.errors import Problem, ServiceError
from flexperf.insights.models import Insight, Status
from flexperf.insights.rules import Kind, subject_key
from flexperf.insights.selectors import current_settings
from flexperf.insights.services import act, dismiss, refresh_insights
from flexperf.insights.services.refresh import evaluate, upsert
from flexperf.org.demo.generator import AS_OF
from flexperf.org.models import Person, Unit
from flexperf.signals.demo import story

EARLY = dt.date(2026, 5, 19)


def insights_demo_loaded() -> bool:
    return Insight.objects.exists()


def _decider(insight: Insight, fallback: Actor) -> Actor:
    """The manager the insight is addressed to, signed in; else the loader's actor."""
    audience = insight.audience
    if audience is not None and audience.user is not None:
        return actor_for_user(audience.user)
    return fallback


def _open(key: str) -> Insight | None:
    return (Insight.objects.select_related("audience", "audience__user")
            .filter(key=key, status=Status.OPEN).first())


def _story_insight(key: str, kind: Kind) -> Insight | None:
    """The open insight about the story's subject; with another size or seed (the signals
    demo then picks stand-ins), the open insight of that kind with the highest metric."""
    return _open(key) or (Insight.objects.select_related("audience", "audience__user")
                          .filter(kind=kind, status=Status.OPEN)
                          .order_by(F("metric_at_raise").desc(nulls_last=True), "pk").first())


def load_insights_demo(*, actor: Actor, seed: int) -> dict[str, int]:
    del seed  # nothing random: the story is the signals demo's
    started = time.perf_counter()
    if insights_demo_loaded():
        raise ServiceError(Problem("demo", _("The demo insights are already loaded.")))
    people = dict(Person.objects.filter(employee_number__in=[
        story.OVERLOADED, story.HELPER]).values_list("employee_number", "pk"))
    team = Unit.objects.filter(code=story.LAGGING_UNIT).values_list("pk", flat=True).first()
    s = current_settings()
    decided = {"acted": 0, "dismissed": 0}
    with transaction.atomic():
        upsert(actor=actor, findings=evaluate(EARLY, s, goal_models=False), as_of=EARLY, s=s)
        moment = dt.datetime.combine(EARLY + dt.timedelta(days=1), dt.time(10), tzinfo=dt.UTC)
        plan = [
            (subject_key(Kind.TEAM_LAGGING, None, team, None), Kind.TEAM_LAGGING, "act",
             "check_in"),
            (subject_key(Kind.OVERLOAD, people.get(story.OVERLOADED), None, None), Kind.OVERLOAD,
             "act", "rebalance"),
            (subject_key(Kind.CROSS_TEAM_HELP, people.get(story.HELPER), None, None),
             Kind.CROSS_TEAM_HELP, "dismiss", _("Already praised at the quarterly meeting.")),
        ]
        for key, kind, what, value in plan:
            insight = _story_insight(key, kind)
            if insight is None:
                continue
            who = _decider(insight, actor)
            if what == "act":
                act(actor=who, insight_id=insight.pk, action=value)
                Insight.objects.filter(pk=insight.pk).update(acted_at=moment)
                decided["acted"] += 1
            else:
                dismiss(actor=who, insight_id=insight.pk, reason=value)
                Insight.objects.filter(pk=insight.pk).update(dismissed_at=moment)
                decided["dismissed"] += 1
        report = refresh_insights(actor=actor, as_of=AS_OF)
    return {"insights": Insight.objects.count(),
            "open": Insight.objects.filter(status=Status.OPEN).count(),
            "acted": decided["acted"], "dismissed": decided["dismissed"],
            "followed_up": report.followed_up,
            "seconds": round(time.perf_counter() - started)}
