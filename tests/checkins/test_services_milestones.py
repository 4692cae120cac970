"""C2: a project goal's milestone is reviewed once reached (accepted, or past its due date) by
those who manage the goal; one review per milestone; the owner and managers see it."""

from __future__ import annotations

import datetime as dt

import pytest

from flexperf.checkins.models import MilestoneReview
from flexperf.checkins.selectors import person_milestone_reviews
from flexperf.checkins.services.milestones import review_milestone
from flexperf.core.errors import Forbidden, NotFound, ServiceError
from flexperf.goals.models import Goal
from tests import factories as org_factories
from tests.checkins.conftest import GoalOrg
from tests.goals import factories as f

D = dt.date


def _project(org: GoalOrg) -> Goal:
    # 郑工's H1 project: 方案评审 due 2026-05-01 (60 days before 06-30), 上线 due 06-30.
    return f.goal("project", person=org.people["engineer"], period_code="2026-H1",
                  title="新一代平台", activate=True)


def test_a_reached_milestone_is_reviewed_by_whoever_manages_the_goal(goal_org: GoalOrg) -> None:
    project = _project(goal_org)
    review_first, launch = project.milestones.order_by("due")
    rnd = org_factories.actor(org_factories.user("rnd", goal_org.people["rnd_head"]))
    with pytest.raises(ServiceError) as early:  # neither accepted nor past due on 04-20
        review_milestone(actor=rnd, milestone_id=review_first.pk, delivered="方案",
                         quality=4, stage_rating="meets", on=D(2026, 4, 20))
    assert [p.field for p in early.value.problems] == ["milestone"]
    f.accept(review_first, "2026-04-25")
    review = review_milestone(actor=rnd, milestone_id=review_first.pk, delivered="评审通过的方案",
                              quality=4, lessons="早些请运维参与", stage_rating="exceeds",
                              on=D(2026, 4, 26))
    assert (review.quality, review.stage_rating, review.reviewed_on, review.goal_id) == (
        4, "exceeds", D(2026, 4, 26), project.pk)
    with pytest.raises(ServiceError) as twice:
        review_milestone(actor=rnd, milestone_id=review_first.pk, delivered="x", quality=3,
                         stage_rating="meets", on=D(2026, 4, 27))
    assert [p.message for p in twice.value.problems] == ["This milestone was already reviewed."]
    # 上线 is past due on 07-01 without acceptance: it may be reviewed too (by HR admin here).
    late = review_milestone(actor=goal_org.actor("hr_admin"), milestone_id=launch.pk,
                            delivered="延期两周", quality=2, stage_rating="below",
                            on=D(2026, 7, 1))
    assert late.stage_rating == "below"


def test_bad_input_names_each_field(goal_org: GoalOrg) -> None:
    launch = _project(goal_org).milestones.order_by("due").last()
    assert launch is not None
    with pytest.raises(ServiceError) as caught:
        review_milestone(actor=goal_org.actor("hr_admin"), milestone_id=launch.pk,
                         delivered="", quality="4.5", stage_rating="great", on=D(2026, 7, 1))
    assert [(p.field, p.message) for p in caught.value.problems] == [
        ("delivered", "This field is required."),
        ("quality", "Give a whole number from 1 to 5."),
        ("stage_rating", "'great' is not one of: exceeds, meets, below"),
    ]
    assert not MilestoneReview.objects.exists()


def test_who_reviews_and_who_sees_the_review(goal_org: GoalOrg) -> None:
    launch = _project(goal_org).milestones.order_by("due").last()
    assert launch is not None
    engineer = org_factories.actor(org_factories.user("eng", goal_org.people["engineer"]))
    with pytest.raises(Forbidden):  # the owner does not review their own stage
        review_milestone(actor=engineer, milestone_id=launch.pk, delivered="x", quality=3,
                         stage_rating="meets", on=D(2026, 7, 1))
    for role in ("manager", "hrbp", "auditor", "partner"):  # outside 研发中心
        with pytest.raises(NotFound):
            review_milestone(actor=goal_org.actor(role), milestone_id=launch.pk,
                             delivered="x", quality=3, stage_rating="meets", on=D(2026, 7, 1))
    review_milestone(actor=goal_org.actor("hr_admin"), milestone_id=launch.pk, delivered="x",
                     quality=3, stage_rating="meets", on=D(2026, 7, 1))
    person = goal_org.people["engineer"].pk
    assert person_milestone_reviews(engineer, person).count() == 1
    assert person_milestone_reviews(goal_org.actor("manager"), person).count() == 0
    assert person_milestone_reviews(goal_org.actor("partner"), person).count() == 0
