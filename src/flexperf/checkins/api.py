"""The checkins API router (mounted under /api/v1/ by flexperf/api.py): check-ins (list and
read within your scope, submit your own, discuss as a manager up the line), the team board,
scheduling (HR admin), milestone reviews. A record outside your scope answers 404, a role that
cannot use an endpoint 403, bad input 422 naming the field."""


from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.pagination import PageNumberPagination, paginate
from ninja.responses import Status as Reply

from flexperf.accounts.api_auth import actor_of
from flexperf.checkins import selectors
from flexperf.checkins.models import Checkin, MilestoneReview
from flexperf.checkins.schemas import (
    BoardOut,
    BoardRowOut,
    CheckinOut,
    DiscussIn,
    MilestoneReviewIn,
    MilestoneReviewOut,
    ScheduleIn,
    ScheduleOut,
    SubmitIn,
)
from flexperf.checkins.selectors.board import BoardRow, team_board
from flexperf.checkins.services import checkins as checkin_services
from flexperf.checkins.services import milestones as milestone_services
from flexperf.checkins.services.schedule import schedule_checkins
from flexperf.checkins.stages import stage_label
from flexperf.core import clock

router = Router(tags=["checkins"])


class CheckinFilter(Schema):
    person: int | None = None
    status: str | None = None
    window: str | None = None


def _checkin(checkin: Checkin) -> dict[str, Any]:
    today = clock.today()
    return {
        "id": checkin.pk, "person_id": checkin.person_id, "person_name": checkin.person.name,
        "cadence": checkin.cadence, "window": checkin.window,
        "window_start": checkin.window_start, "window_end": checkin.window_end,
        "due_date": checkin.due_date, "status": checkin.status, "state": checkin.state(today),
        "obstacles": checkin.obstacles, "resource_needs": checkin.resource_needs,
        "context": checkin.context, "coaching_note": checkin.coaching_note,
        "submitted_at": checkin.submitted_at, "discussed_at": checkin.discussed_at,
        "lines": [{"goal_id": line.goal_id, "goal_title": line.goal.title,
                   "metric_id": line.metric_id, "value": line.value,
                   "confidence": line.confidence, "note": line.note}
                  for line in sorted(checkin.lines.all(), key=lambda x: (x.goal.title, x.pk))],
    }


@router.get("/checkins", response=list[CheckinOut], summary="Check-ins you may see")
@paginate(PageNumberPagination)
def list_checkins(request: HttpRequest, filters: Query[CheckinFilter]) -> Any:
    """Your own, your reporting line's, and HR's units'; newest window first."""
    found = selectors.checkins_visible_to(actor_of(request))
    if filters.person is not None:
        found = found.filter(person_id=filters.person)
    if filters.status:
        found = found.filter(status=filters.status)
    if filters.window:
        found = found.filter(window=filters.window)
    rows = found.select_related("person").prefetch_related("lines__goal").order_by(
        "-window_end", "person__name", "pk")
    return _Mapped(rows)


class _Mapped:
    """A queryset whose items are shaped for the schema as the paginator slices it."""

    def __init__(self, rows: Any) -> None:
        self.rows = rows

    def __len__(self) -> int:
        return int(self.rows.count())

    def __getitem__(self, index: slice) -> list[dict[str, Any]]:
        return [_checkin(c) for c in self.rows[index]]


@router.get("/checkins/board", response=BoardOut, summary="Your team's check-in board")
def board(request: HttpRequest) -> dict[str, Any]:
    """Managers (their reporting subtree) and HR (their units): who is due, overdue, awaiting
    discussion and at risk."""
    found = team_board(actor_of(request), on=clock.today())

    def rows(items: list[BoardRow]) -> list[BoardRowOut]:
        return [BoardRowOut(person_id=r.person.pk, person_name=r.person.name,
                            checkin_id=r.checkin.pk if r.checkin else None,
                            window=r.checkin.window if r.checkin else None, state=r.state,
                            risks=r.risks, can_discuss=r.can_discuss) for r in items]

    return {"on": found.on, "due": rows(found.due), "overdue": rows(found.overdue),
            "awaiting": rows(found.awaiting), "at_risk": rows(found.at_risk)}


@router.post("/checkins/schedule", response=ScheduleOut,
             summary="Create the open check-ins and send reminders (HR admin)")
def schedule(request: HttpRequest, payload: ScheduleIn) -> dict[str, int]:
    return schedule_checkins(actor=actor_of(request, write=True),
                             on=payload.on or clock.today())


@router.get("/checkins/{int:checkin_id}", response=CheckinOut, summary="A check-in")
def read_checkin(request: HttpRequest, checkin_id: int) -> dict[str, Any]:
    return _checkin(selectors.access_checkin(actor_of(request), checkin_id))


@router.post("/checkins/{int:checkin_id}/submit", response=CheckinOut,
             summary="Submit your check-in")
def submit(request: HttpRequest, checkin_id: int, payload: SubmitIn) -> dict[str, Any]:
    """Per goal a confidence 0–10 and optionally a metric's new value (recorded as a
    measurement), plus obstacles, resource needs and context. All or nothing."""
    actor = actor_of(request, write=True)
    checkin_services.submit_checkin(
        actor=actor, checkin_id=checkin_id, lines=[line.model_dump() for line in payload.lines],
        obstacles=payload.obstacles, resource_needs=payload.resource_needs,
        context=payload.context)
    return _checkin(selectors.access_checkin(actor, checkin_id, record_read=False))


@router.post("/checkins/{int:checkin_id}/discuss", response=CheckinOut,
             summary="Add the coaching note and mark discussed (a manager up the line)")
def discuss(request: HttpRequest, checkin_id: int, payload: DiscussIn) -> dict[str, Any]:
    actor = actor_of(request, write=True)
    checkin_services.discuss_checkin(actor=actor, checkin_id=checkin_id,
                                     coaching_note=payload.coaching_note)
    return _checkin(selectors.access_checkin(actor, checkin_id, record_read=False))


def _review(review: MilestoneReview) -> dict[str, Any]:
    return {"id": review.pk, "milestone_id": review.milestone_id,
            "milestone_name": review.milestone.name, "goal_id": review.goal_id,
            "goal_title": review.goal.title, "delivered": review.delivered,
            "quality": review.quality, "lessons": review.lessons,
            "stage_rating": review.stage_rating, "stage_label": stage_label(review.stage_rating),
            "reviewed_on": review.reviewed_on, "reviewed_by": review.reviewed_by_username}


@router.get("/milestone-reviews", response=list[MilestoneReviewOut],
            summary="Milestone reviews of a person's goals")
def list_milestone_reviews(request: HttpRequest, person: int) -> list[dict[str, Any]]:
    return [_review(r) for r in selectors.person_milestone_reviews(actor_of(request), person)]


@router.post("/milestones/{int:milestone_id}/review", response={201: MilestoneReviewOut},
             summary="Review a reached milestone (manager-level)")
def review_milestone(request: HttpRequest, milestone_id: int, payload: MilestoneReviewIn
                     ) -> Reply[dict[str, Any]]:
    actor = actor_of(request, write=True)
    review = milestone_services.review_milestone(actor=actor, milestone_id=milestone_id,
                                                 **payload.model_dump())
    return Reply(201, _review(selectors.access_milestone_review(actor, review.pk)))
