"""Domain events → quest activity (registered in AchievementsConfig.ready).

Each handler records one activity keyed by the source record, so a redelivered event never
counts twice; the activity's date is the source record's own date where the event does not
carry one (feedback, check-ins, milestones), else today.
"""

from __future__ import annotations

from flexperf.achievements import kinds, sources
from flexperf.achievements.services.quests import record_activity
from flexperf.badges.events import BadgeAwarded
from flexperf.checkins.events import CheckinSubmitted
from flexperf.core import clock
from flexperf.core.events import subscribe
from flexperf.feedback.events import FeedbackGiven
from flexperf.goals.events import MilestoneAccepted
from flexperf.recognition.events import ContributionLogged, RecognitionGiven


def on_feedback_given(event: FeedbackGiven) -> None:
    on = sources.feedback_date(event.feedback_id) or clock.today()
    record_activity(kind=kinds.FEEDBACK_GIVEN, key=f"feedback:{event.feedback_id}",
                    person_id=event.giver_id, on=on)


def on_checkin_submitted(event: CheckinSubmitted) -> None:
    on = sources.checkin_date(event.checkin_id) or clock.today()
    record_activity(kind=kinds.CHECKIN_SUBMITTED, key=f"checkin:{event.checkin_id}",
                    person_id=event.person_id, on=on)


def on_milestone_accepted(event: MilestoneAccepted) -> None:
    owner = sources.milestone_owner(event.goal_id, event.milestone_id)
    if owner is None:  # a unit or company goal: nobody in particular
        return
    person_id, accepted_on = owner
    record_activity(kind=kinds.MILESTONE_ACCEPTED, key=f"milestone:{event.milestone_id}",
                    person_id=person_id, on=accepted_on or clock.today())


def on_badge_awarded(event: BadgeAwarded) -> None:
    on = sources.badge_date(event.award_id) or clock.today()
    record_activity(kind=kinds.BADGE_RECEIVED, key=f"badge:{event.award_id}",
                    person_id=event.person_id, on=on)


def on_recognition_given(event: RecognitionGiven) -> None:
    on = sources.recognition_date(event.award_id) or clock.today()
    record_activity(kind=kinds.RECOGNITION_GIVEN, key=f"recognition:{event.award_id}",
                    person_id=event.giver_id, on=on)


def on_contribution_logged(event: ContributionLogged) -> None:
    kind = kinds.CONTRIBUTION_KINDS.get(event.kind)
    if kind is None:
        return
    on = sources.contribution_date(event.contribution_id) or clock.today()
    record_activity(kind=kind, key=f"contribution:{event.contribution_id}",
                    person_id=event.person_id, on=on)


def register() -> None:
    subscribe(FeedbackGiven)(on_feedback_given)
    subscribe(CheckinSubmitted)(on_checkin_submitted)
    subscribe(MilestoneAccepted)(on_milestone_accepted)
    subscribe(BadgeAwarded)(on_badge_awarded)
    subscribe(RecognitionGiven)(on_recognition_given)
    subscribe(ContributionLogged)(on_contribution_logged)
