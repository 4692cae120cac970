"""Browser test of the check-in pages: Debian's Chromium through Playwright, as in test_goals.

林小雨 (employee) opens her check-in for 2026-Q2, gives her revenue KPI a new value and a
confidence, names an obstacle and submits it; 陈经理 (manager) opens the team board, finds it
awaiting discussion, adds a coaching note and marks it discussed. No page logs a console error.
Screenshots of my check-ins, the check-in and the team board, in English and 简体中文, go to
$FLEXPERF_SCREENSHOTS or a temporary folder.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from flexperf.checkins.models import Checkin
from flexperf.goals.demo.loader import install_builtin_schemes
from flexperf.goals.models import Goal, Measurement
from tests.browser.test_smoke import PASSWORD, _sign_in, _switch_language, browser, shots
from tests.checkins import factories as cf
from tests.conftest import SmallOrg
from tests.goals import factories as f

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # see test_smoke

pytestmark = pytest.mark.browser
__all__ = ["browser", "shots"]  # fixtures shared with test_smoke


@dataclass
class Team:
    org: SmallOrg
    revenue: Goal
    checkin: Checkin


@pytest.fixture
def team(small_org: SmallOrg) -> Team:
    """Made before Playwright's event loop starts (live-server tests empty the tables after
    each test, the migration's schemes included)."""
    install_builtin_schemes(actor=f.SYSTEM)
    f.period("2026")
    revenue = f.kpi_goal(small_org.people["rep1"], title="营业收入", activate=True,
                         metrics=[f.kpi("营业收入", unit_label="万元")])
    f.measure(revenue.metrics.get(), "2026-03-31", 85)
    f.kpi_goal(small_org.people["rep2"], title="营业收入", activate=True)
    checkin = cf.checkin(small_org.people["rep1"], "2026-Q2")
    cf.checkin(small_org.people["rep2"], "2026-Q2")
    for key in ("manager", "employee"):
        user = small_org.users[key]
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
    return Team(small_org, revenue, checkin)


def test_an_employee_submits_and_the_manager_coaches(
    team: Team, live_server: object, browser: object, shots: Path,
) -> None:
    from playwright.sync_api import expect

    base = str(live_server.url)  # type: ignore[attr-defined]
    context, page, errors = _sign_in(browser, base, "employee")
    page.goto(f"{base}/checkins/")
    expect(page.locator("h1")).to_have_text("My check-ins")
    page.click(f"#checkins tr[data-checkin='{team.checkin.pk}'] a")
    expect(page.locator("h1")).to_have_text("Check-in 2026-Q2")
    prefix = f"#id_checkin-g{team.revenue.pk}"
    page.fill(f"{prefix}_value", "96")
    page.fill(f"{prefix}_confidence", "8")
    page.fill("#id_checkin-obstacles", "大客户预算冻结")
    page.click("#submit button[type=submit]")
    expect(page.locator(".message-success")).to_have_text("Your check-in was submitted.")
    expect(page.locator(f"#lines tr[data-goal='{team.revenue.pk}'] [data-confidence]")
           ).to_have_text("8/10")
    context.close()  # type: ignore[attr-defined]
    assert errors == []
    # Recorded on the window's last day through the goals service.
    assert Measurement.objects.get(metric__goal=team.revenue, value=96).source == "checkin"

    context, page, errors = _sign_in(browser, base, "manager")
    page.goto(f"{base}/checkins/team/")
    expect(page.locator("h1")).to_have_text("Team check-ins")
    rep1 = team.org.people["rep1"]
    row = page.locator(f"#board-awaiting tr[data-person='{rep1.pk}']")
    expect(row).to_contain_text("2026-Q2")
    row.locator("a.btn").click()
    expect(page.locator("#obstacles")).to_have_text("大客户预算冻结")
    page.fill("#id_discuss-coaching_note", "先稳住大客户，下周一起拜访。")
    page.click("#discuss button[type=submit]")
    expect(page.locator(".message-success")).to_have_text("The check-in is marked discussed.")
    expect(page.locator("#coaching-note")).to_have_text("先稳住大客户，下周一起拜访。")
    expect(page.locator("[data-state]").first).to_have_attribute("data-state", "discussed")
    context.close()  # type: ignore[attr-defined]
    assert errors == []
    team.checkin.refresh_from_db()
    assert team.checkin.status == "discussed"


def test_screenshots_of_the_check_in_pages_in_both_languages(
    team: Team, live_server: object, browser: object, shots: Path,
) -> None:
    from playwright.sync_api import expect

    base = str(live_server.url)  # type: ignore[attr-defined]
    for user, pages in (
        ("employee", [("checkins-my", "/checkins/"),
                      ("checkins-detail", f"/checkins/{team.checkin.pk}/")]),
        ("manager", [("checkins-board", "/checkins/team/")]),
    ):
        context, page, errors = _sign_in(browser, base, user)
        for lang in ("en", "zh-Hans"):
            if lang == "zh-Hans":
                _switch_language(page, "zh-hans")
            for name, path in pages:
                page.goto(f"{base}{path}")
                expect(page.locator("h1")).to_be_visible()
                page.screenshot(path=str(shots / f"{name}-{lang}.png"), full_page=True)
        context.close()  # type: ignore[attr-defined]
        assert errors == [], user
