"""The "checkins" and "milestone_reviews" evidence a review gathers: what the reader may see,
in the range, in plain lines."""

from __future__ import annotations

import datetime as dt

from flexperf.checkins.services import checkins as services
from flexperf.checkins.services.milestones import review_milestone
from flexperf.core import evidence
from tests.checkins import factories as cf
from tests.checkins.conftest import GoalOrg
from tests.goals import factories as f

D = dt.date
YEAR = (D(2026, 1, 1), D(2026, 12, 31))


def _kind(items: list[evidence.EvidenceItem], kind: str) -> list[evidence.EvidenceItem]:
    return [i for i in items if i.kind == kind]


def test_check_ins_as_evidence(goal_org: GoalOrg) -> None:
    rep1 = goal_org.people["rep1"]
    behaviour = f.behaviour_goal(rep1, title="协作", activate=True)
    q1 = cf.checkin(rep1, "2026-Q1")
    cf.checkin(rep1, "2026-Q2")  # still due: listed with its status only
    services.submit_checkin(actor=goal_org.actor("employee"), checkin_id=q1.pk,
                            on=D(2026, 4, 1), obstacles="人手紧",
                            lines=[{"goal_id": behaviour.pk, "confidence": 3}])
    services.discuss_checkin(actor=goal_org.actor("manager"), checkin_id=q1.pk,
                             coaching_note="每周跨组分享一次")
    assert {"checkins", "milestone_reviews"} <= set(evidence.kinds())
    items = _kind(evidence.gather(goal_org.actor("manager"), rep1.pk, *YEAR), "checkins")
    assert [(i.title, i.when, i.lines) for i in items] == [
        ("Check-in 2026-Q1", D(2026, 3, 31), ("Status: Discussed", "协作: confidence 3/10",
                                              "Obstacles: 人手紧",
                                              "Coaching note: 每周跨组分享一次")),
        ("Check-in 2026-Q2", D(2026, 6, 30), ("Status: Due",)),
    ]
    assert items[0].counts == {"goals": 1, "low_confidence": 1}
    assert _kind(evidence.gather(goal_org.actor("manager"), rep1.pk, D(2026, 4, 1),
                                 D(2026, 5, 31)), "checkins") == []
    for role in ("auditor", "partner", "executive"):
        assert _kind(evidence.gather(goal_org.actor(role), rep1.pk, *YEAR), "checkins") == []


def test_milestone_reviews_as_evidence(goal_org: GoalOrg) -> None:
    engineer = goal_org.people["engineer"]
    project = f.goal("project", person=engineer, period_code="2026-H1", title="新一代平台",
                     activate=True)
    launch = project.milestones.order_by("due").last()
    assert launch is not None
    review_milestone(actor=goal_org.actor("hr_admin"), milestone_id=launch.pk,
                     delivered="上线", quality=5, stage_rating="exceeds", on=D(2026, 7, 2))
    items = _kind(evidence.gather(goal_org.actor("hr_admin"), engineer.pk, *YEAR),
                  "milestone_reviews")
    assert [(i.title, i.lines) for i in items] == [(
        "Milestone review: 新一代平台 — 上线",
        ("Stage rating: Exceeds expectations", "Quality: 5/5", "Delivered: 上线"))]
    assert _kind(evidence.gather(goal_org.actor("manager"), engineer.pk, *YEAR),
                 "milestone_reviews") == []
