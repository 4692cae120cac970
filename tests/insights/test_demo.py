"""The insights demo on a small group (250 people; the one test that loads demos here): the
story's decisions in May, the inbox in June, a readable number of insights, in seconds."""

from __future__ import annotations

import time
from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from flexperf.core.actors import Actor
from flexperf.feedback.demo import loader as feedback_loader
from flexperf.goals.demo import loader as goals_loader
from flexperf.insights.demo import loader
from flexperf.insights.models import Insight, Status
from flexperf.insights.rules import Kind
from flexperf.org.demo import loader as org_loader
from flexperf.predictions.demo import loader as predictions_loader
from flexperf.signals.demo import loader as signals_loader


@pytest.mark.django_db
def test_insights_demo_tells_its_story() -> None:
    actor = Actor.system()
    org_loader.load_demo(actor=actor, size=250, seed=2026)
    goals_loader.load_goals_demo(actor=actor, seed=2026)
    feedback_loader.load_feedback_demo(actor=actor, seed=2026)
    signals_loader.load_signals_demo(actor=actor, seed=2026)
    predictions_loader.load_predictions_demo(actor=actor, seed=2026)
    assert not loader.insights_demo_loaded()
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        counts = loader.load_insights_demo(actor=actor, seed=2026)
    seconds = time.perf_counter() - started
    assert loader.insights_demo_loaded()
    assert (counts["acted"], counts["dismissed"]) == (2, 1)
    decided = {(i.kind, i.status, i.action) for i in Insight.objects.exclude(
        status=Status.OPEN)}
    assert decided == {(Kind.TEAM_LAGGING, Status.ACTED, "check_in"),
                       (Kind.OVERLOAD, Status.ACTED, "rebalance"),
                       (Kind.CROSS_TEAM_HELP, Status.DISMISSED, "")}
    lagging, overload, helper = (Insight.objects.exclude(status=Status.OPEN).get(kind=k)
                                 for k in (Kind.TEAM_LAGGING, Kind.OVERLOAD,
                                           Kind.CROSS_TEAM_HELP))
    # June: the same three subjects are prompted again (check-in, overload warning, praise),
    # addressed to a manager; the May ones measured again four weeks after being raised
    fresh = {(i.kind, i.subject_unit_id if i.kind == Kind.TEAM_LAGGING else i.subject_person_id)
             for i in Insight.objects.filter(status=Status.OPEN, raised_on=loader.AS_OF)}
    assert (Kind.TEAM_LAGGING, lagging.subject_unit_id) in fresh
    assert (Kind.OVERLOAD, overload.subject_person_id) in fresh
    assert (Kind.CROSS_TEAM_HELP, helper.subject_person_id) in fresh
    assert Insight.objects.filter(pk__in=[lagging.pk, overload.pk, helper.pk],
                                  followed_up=True).count() == 3
    assert not Insight.objects.filter(status=Status.OPEN, kind__in=[
        Kind.TEAM_LAGGING, Kind.OVERLOAD, Kind.CROSS_TEAM_HELP], audience__isnull=True).exists()
    # readable: tens of insights, target-miss warnings at most three per manager
    by_kind = Counter(Insight.objects.values_list("kind", flat=True))
    assert counts["insights"] == sum(by_kind.values()) < 200, by_kind  # ~150 (two dates)
    assert by_kind[Kind.FEEDBACK_DROUGHT] < 80, by_kind
    per_manager = Insight.objects.filter(kind=Kind.TARGET_MISS).values_list("audience_id",
                                                                             flat=True)
    assert all(list(per_manager).count(m) <= 3 for m in set(per_manager))
    assert len(queries) < 400  # no query per person or per goal
    assert seconds < 10  # ~1 s on a quiet machine
