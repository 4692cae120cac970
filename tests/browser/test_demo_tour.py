"""A tour of the demo through the pages of continuous conversations, reviews and rewards, in
Debian's Chromium: the demo users open every page of their navigation and the main records
(a check-in, the team board, feedback, a 360 result, a development plan, the published review,
the calibration session, the payout statement, a payout run, the fairness report), as of the
demo's own date, as `flexperf demo` serves it. Every page
answers 200 in English and in 简体中文 without a console error; screenshots of the main ones
go to $FLEXPERF_SCREENSHOTS (docs/screenshots/ with `make screenshots`) or a temporary folder.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from flexperf.accounts.models import User
from flexperf.checkins.models import Checkin
from flexperf.core.actors import Actor
from flexperf.core.management.commands.demo import LAYERS
from flexperf.feedback.models import Campaign, DevelopmentPlan, Nomination
from flexperf.goals.demo import loader as goals_loader
from flexperf.incentives.models import PayoutRun
from flexperf.org.demo import loader as org_loader
from flexperf.org.demo.generator import AS_OF
from flexperf.reviews.models import CalibrationSession, Cycle, Evaluation
from flexperf.reviews.selectors import Phase
from tests.browser.test_smoke import PASSWORD, _sign_in, _switch_language, browser, shots

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # see test_smoke

pytestmark = pytest.mark.browser
__all__ = ["browser", "shots"]  # fixtures shared with test_smoke


@dataclass
class Tour:
    # role → [(screenshot name or "", path)]
    stops: dict[str, list[tuple[str, str]]] = field(default_factory=dict)


def _demo() -> Tour:
    """The 300-person demo with every layer, loaded before Playwright's event loop starts."""
    system = Actor.system()
    goals_loader.install_builtin_schemes(actor=system)  # live-server tests empty the tables
    org_loader.load_demo(actor=system, size=300, seed=2026)
    goals_loader.load_goals_demo(actor=system, seed=2026)
    for layer in LAYERS:
        layer.load(2026)
    users = {u.username: u for u in User.objects.filter(
        username__in=["employee", "manager", "hr_admin"])}
    for user in users.values():
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
    employee = users["employee"].person
    finished = Cycle.objects.get(phase=Phase.PUBLISHED)
    own = Evaluation.objects.get(cycle=finished, person=employee)
    checkin = Checkin.objects.filter(person=employee).order_by("-due_date").first()
    assert checkin is not None
    campaign = Campaign.objects.get()
    subject = Nomination.objects.filter(campaign=campaign).order_by("subject_id").first()
    assert subject is not None
    plan = DevelopmentPlan.objects.order_by("pk").first()
    session = CalibrationSession.objects.filter(cycle=finished).order_by("pk").first()
    run = PayoutRun.objects.get()
    tour = Tour()
    tour.stops["employee"] = [
        ("checkin", f"/checkins/{checkin.pk}/"), ("", "/checkins/"), ("", "/feedback/"),
        ("", "/feedback/requests/"), ("", "/feedback360/"), ("", "/development/"),
        ("review-mine", f"/reviews/evaluations/{own.pk}/"), ("", "/reviews/"),
        ("payout-statement", f"/incentives/statements/{finished.pk}/{employee.pk}/"),
    ]
    tour.stops["manager"] = [
        ("checkin-board", "/checkins/team/"), ("feedback-mine", "/feedback/"),
        ("", "/feedback360/approvals/"), ("", "/reviews/team/"), ("", "/development/"),
    ]
    tour.stops["hr_admin"] = [
        ("feedback360-results",
         f"/feedback360/{campaign.pk}/results/{subject.subject_id}/"),
        ("development-plan", f"/development/{plan.pk}/") if plan else ("", "/development/"),
        ("review-cycle", f"/reviews/cycles/{finished.pk}/"),
        ("calibration", f"/reviews/sessions/{session.pk}/") if session else ("", "/"),
        ("", f"/reviews/cycles/{finished.pk}/shift/"), ("", "/reviews/cycles/"),
        ("", f"/incentives/runs/{run.pk}/"), ("", "/incentives/policies/"),
        ("", "/incentives/compensation/"),
        ("fairness", f"/incentives/fairness/?cycle={finished.pk}"),
        ("", "/feedback360/questions/"),
    ]
    return tour


@pytest.fixture
def tour(transactional_db: None, settings: Any) -> Tour:
    settings.FLEXPERF_TODAY = AS_OF  # as `flexperf demo` serves it: on the demo's own date
    return _demo()


def test_the_demo_users_tour_conversations_reviews_and_rewards_in_both_languages(
    tour: Tour, live_server: object, browser: object, shots: Path,
) -> None:
    base = str(live_server.url)  # type: ignore[attr-defined]
    for role, stops in tour.stops.items():
        context, page, errors = _sign_in(browser, base, role)
        for language in ("en", "zh-Hans"):
            if language == "zh-Hans":
                _switch_language(page, "zh-hans")
            for name, path in stops:
                response = page.goto(f"{base}{path}")  # type: ignore[attr-defined]
                assert response is not None, (role, path)
                assert response.status == 200, (role, path)
                assert page.locator("h1").count() >= 1, (role, path)  # type: ignore
                if name:
                    page.screenshot(  # type: ignore[attr-defined]
                        path=str(shots / f"{name}-{language}.png"), full_page=True)
        assert errors == [], (role, errors)
        context.close()  # type: ignore[attr-defined]
