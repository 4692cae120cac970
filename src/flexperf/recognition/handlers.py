"""Events of other domains (and our own contributions) that earn rule points. Subscribed in
RecognitionConfig.ready; each is idempotent per (rule, source event)."""

from __future__ import annotations

from django.utils import timezone

from flexperf.checkins.events import CheckinSubmitted
from flexperf.core.events import subscribe
from flexperf.feedback.events import FeedbackGiven
from flexperf.goals.events import MilestoneAccepted
from flexperf.recognition.events import ContributionLogged
from flexperf.recognition.rules import CONTRIBUTION_RULES
from flexperf.recognition.services.rules import apply_rule


@subscribe(FeedbackGiven)
def on_feedback_given(event: FeedbackGiven) -> None:
    apply_rule(code="feedback_given", person_id=event.giver_id,
               event_key=f"feedback:{event.feedback_id}")


@subscribe(ContributionLogged)
def on_contribution_logged(event: ContributionLogged) -> None:
    code = CONTRIBUTION_RULES.get(event.kind)
    if code is not None:
        from flexperf.recognition.models import Contribution

        on = (Contribution.objects.filter(pk=event.contribution_id)
              .values_list("on", flat=True).first())
        apply_rule(code=code, person_id=event.person_id,
                   event_key=f"contribution:{event.contribution_id}", on=on)


@subscribe(CheckinSubmitted)
def on_checkin_submitted(event: CheckinSubmitted) -> None:
    from flexperf.checkins.models import Checkin

    found = (Checkin.objects.filter(pk=event.checkin_id)
             .values("due_date", "submitted_at").first())
    if found is None or found["submitted_at"] is None:
        return
    if timezone.localdate(found["submitted_at"]) <= found["due_date"]:
        apply_rule(code="checkin_on_time", person_id=event.person_id,
                   event_key=f"checkin:{event.checkin_id}")


@subscribe(MilestoneAccepted)
def on_milestone_accepted(event: MilestoneAccepted) -> None:
    if event.late_days != 0:
        return
    from flexperf.goals.models import Goal

    person_id = Goal.objects.filter(pk=event.goal_id).values_list("person_id", flat=True).first()
    if person_id is not None:
        apply_rule(code="milestone_on_time", person_id=person_id,
                   event_key=f"milestone:{event.milestone_id}")
