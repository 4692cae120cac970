"""Browser test of the reviews pages: Debian's Chromium through Playwright, as in test_smoke.

A manager opens team reviews, opens a report's evaluation, sees the engine's score breakdown,
writes the review with a potential and a bounded adjustment with its reason, submits it and
sees the adjusted score and rating. No page logs a console error (a CSP violation would).
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from flexperf.goals.demo.loader import install_builtin_schemes
from flexperf.reviews import services
from flexperf.reviews.models import Evaluation
from tests.browser.test_smoke import PASSWORD, _sign_in, browser, shots
from tests.conftest import SmallOrg
from tests.goals import factories as f

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # see test_smoke

pytestmark = pytest.mark.browser
__all__ = ["browser", "shots"]  # fixtures shared with test_smoke


@dataclass
class Review:
    org: SmallOrg
    evaluation: Evaluation


def _cycle(org: SmallOrg) -> Review:
    """林小雨's revenue KPI at 110 → 100 + (110 − 100) / 20 × 20 = 110 points; no behaviour
    goal, so that component is left out and the score is 110 → S. A cycle over S in manager
    review. All through the services, before Playwright's event loop starts."""
    system = f.SYSTEM
    install_builtin_schemes(actor=system)  # live-server tests empty the tables after each test
    f.period("2026")
    revenue = f.kpi_goal(org.people["rep1"], title="营业收入", activate=True)
    f.measure(revenue.metrics.get(), "2026-03-31", 110)
    d = dt.date
    cycle = services.create_cycle(actor=system, spec=services.CycleSpec(
        code="2026-annual", name="2026 年度评估", period="2026", units=["S"],
        as_of=d(2026, 6, 30), start=d(2026, 7, 1)))
    services.advance_cycle(actor=system, cycle_id=cycle.pk)
    services.advance_cycle(actor=system, cycle_id=cycle.pk)
    user = org.users["manager"]
    user.set_password(PASSWORD)
    user.save(update_fields=["password"])
    return Review(org, Evaluation.objects.get(cycle=cycle, person=org.people["rep1"]))


@pytest.fixture
def review(small_org: SmallOrg) -> Review:
    """Requested before `browser`: the database work happens before Playwright starts."""
    return _cycle(small_org)


def test_a_manager_completes_a_review(review: Review, live_server: object, browser: object,
                                      shots: Path) -> None:
    from playwright.sync_api import expect

    base = str(live_server.url)  # type: ignore[attr-defined]
    context, page, errors = _sign_in(browser, base, "manager")
    page.goto(f"{base}/reviews/team/")  # type: ignore[attr-defined]
    expect(page.locator("h1")).to_have_text("Team reviews")  # type: ignore[attr-defined]
    row = page.locator(  # type: ignore[attr-defined]
        f"#team-reviews tr[data-evaluation='{review.evaluation.pk}']")
    expect(row.locator("[data-rating]")).to_have_text("S")
    row.locator("a").click()
    expect(page.locator("h1")).to_have_text("Review of 林小雨")  # type: ignore[attr-defined]
    expect(page.locator("[data-engine-score]")).to_have_text("110")  # type: ignore[attr-defined]
    breakdown = page.locator("#breakdown")  # type: ignore[attr-defined]
    expect(breakdown.locator("tr[data-component='kpi'] [data-points]")).to_have_text("110")
    expect(breakdown.locator("tr[data-component='behaviour'] [data-points]")).to_have_text("—")
    page.screenshot(path=str(shots / "review-form.png"), full_page=True)  # type: ignore
    form = page.locator("#manager-form")  # type: ignore[attr-defined]
    form.locator("#id_text").fill("全年超额完成，客户口碑好。")
    form.locator("#id_potential").select_option("high")
    # Beyond the ±10 bound first: the form comes back with the message, nothing saved.
    form.locator("#id_adjustment").fill("15")
    form.locator("#id_reason").fill("一次性大单")
    form.locator("button[type=submit]").click()
    expect(page.locator("#id_adjustment-error")).to_have_text(  # type: ignore[attr-defined]
        "An adjustment may move the score by at most 10 points either way.")
    form = page.locator("#manager-form")  # type: ignore[attr-defined]
    form.locator("#id_adjustment").fill("-6")
    form.locator("button[type=submit]").click()
    # 110 − 6 = 104.00 → A
    result = page.locator("#result")  # type: ignore[attr-defined]
    expect(result.locator("[data-score]")).to_have_text("104")
    expect(result.locator("[data-rating]")).to_have_text("A")
    expect(result.locator("[data-potential]")).to_have_text("High potential")
    review.evaluation.refresh_from_db()
    assert (review.evaluation.rating, review.evaluation.adjustment_reason) == ("A", "一次性大单")
    # The one refused submission answers 422 (the form again, with the message), which the
    # browser logs as a failed load; nothing else may log an error.
    assert errors == ["Failed to load resource: the server responded with a status of 422 "
                      "(Unprocessable Entity)"]
    context.close()  # type: ignore[attr-defined]
