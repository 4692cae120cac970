from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl

from flexperf.core.events import subscribe, unsubscribe_all
from flexperf.signals.events import EventsIngested, FeaturesRefreshed
from flexperf.signals.models import DirtyWeek, PersonWeekFeatures
from flexperf.signals.selectors import FEATURE_COLUMNS, person_week_frame
from flexperf.signals.services import refresh_dirty, refresh_features
from tests.conftest import SmallOrg
from tests.signals.helpers import send, source

W1, W2 = dt.date(2026, 3, 2), dt.date(2026, 3, 9)


def task(n: int, org: SmallOrg, day: str, hours: float) -> dict[str, object]:
    return {"external_id": f"t{n}", "kind": "task_completed",
            "person": org.people["rep1"].employee_number,
            "occurred_at": f"{day}T10:00:00", "hours": hours}


def test_refresh_recomputes_only_the_touched_weeks(small_org: SmallOrg) -> None:
    source()
    send("jira", task(1, small_org, "2026-03-03", 2), task(2, small_org, "2026-03-10", 5))
    summary = refresh_features()
    assert summary.weeks == (W1, W2)
    rep1 = small_org.people["rep1"].pk
    first = {r.week_start: r for r in PersonWeekFeatures.objects.filter(person_id=rep1)}
    assert (first[W1].hours, first[W2].hours) == (2.0, 5.0)
    stamp_w1 = first[W1].computed_at
    report = send("jira", task(3, small_org, "2026-03-11", 1))
    assert report.weeks == [W2.isoformat()]
    assert list(DirtyWeek.objects.values_list("week_start", flat=True)) == [W2]
    again = refresh_dirty()
    assert again.weeks == (W2,)
    after = {r.week_start: r for r in PersonWeekFeatures.objects.filter(person_id=rep1)}
    assert after[W1].computed_at == stamp_w1  # untouched week not recomputed
    assert (after[W1].hours, after[W2].hours) == (2.0, 6.0)
    assert not DirtyWeek.objects.exists()


def test_ingestion_refreshes_touched_weeks_after_commit_and_announces(
        small_org: SmallOrg, django_capture_on_commit_callbacks: Any) -> None:
    seen: list[object] = []
    subscribe(EventsIngested)(seen.append)
    subscribe(FeaturesRefreshed)(seen.append)
    try:
        source()
        with django_capture_on_commit_callbacks(execute=True):
            send("jira", task(1, small_org, "2026-03-03", 2), refresh=True)
    finally:
        unsubscribe_all(EventsIngested)
        unsubscribe_all(FeaturesRefreshed)
    assert [type(e).__name__ for e in seen] == ["EventsIngested", "FeaturesRefreshed"]
    frame = person_week_frame([small_org.people["rep1"].pk], W1, W1)
    assert frame.columns == ["person_id", "week_start", "unit_id", *FEATURE_COLUMNS]
    assert frame.row(0, named=True)["hours"] == 2.0
    assert frame.schema["week_start"] == pl.Date


def test_contract_frame_for_everyone_and_feedback_counts(small_org: SmallOrg) -> None:
    from flexperf.feedback.models import Feedback

    source()
    send("jira", task(1, small_org, "2026-03-03", 2))
    Feedback.objects.create(giver=small_org.people["rep2"], recipient=small_org.people["rep1"],
                            kind="praise", text="x",
                            created_at=dt.datetime(2026, 3, 4, 4, tzinfo=dt.UTC))
    refresh_features(weeks=[dt.date(2026, 3, 5)])  # any day stands for its Monday
    frame = person_week_frame(None, W1, W1)
    rows = {r["person_id"]: r for r in frame.to_dicts()}
    assert len(rows) == 10  # every current person; the leaver had left in 2024
    assert rows[small_org.people["rep1"].pk]["feedback_received"] == 1.0
    assert rows[small_org.people["rep2"].pk]["feedback_given"] == 1.0
