"""Browser test of the goals pages: Debian's Chromium through Playwright, as in test_smoke.

A manager opens team goals, opens a report's goal, records a value and sees its points change;
HR uses the calculator in the scheme designer (htmx swaps the engine's answer in). No page logs
a console error (a CSP violation would). Screenshots of my goals, a goal, the alignment tree,
the scheme designer with the calculator and the adjustment queue, in English and 简体中文, go to
$FLEXPERF_SCREENSHOTS (docs/screenshots/ with `make screenshots`) or a temporary folder.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from flexperf.goals.demo.loader import install_builtin_schemes
from flexperf.goals.models import Goal, Scheme
from flexperf.goals.services import adjustments, alignment
from flexperf.goals.services import series as series_services
from tests import factories as org_factories
from tests.browser.test_smoke import PASSWORD, _sign_in, _switch_language, browser, shots
from tests.conftest import SmallOrg
from tests.goals import factories as f

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # see test_smoke

pytestmark = pytest.mark.browser
__all__ = ["browser", "shots"]  # fixtures shared with test_smoke


@dataclass
class Showcase:
    org: SmallOrg
    revenue: Goal  # 林小雨's revenue KPI, last value 95 → 60 + (95 − 80) / 20 × 40 = 90 points
    profit_centre: Scheme


def _goals(org: SmallOrg) -> Showcase:
    """A sales team's year: a company goal, the division's goal below it, the reps' KPIs and
    behaviour below that, a goal under discussion after a copper-price signal, a pending
    adjustment. All through the services, before Playwright's event loop starts."""
    system = f.SYSTEM
    # Live-server tests empty the tables after each test, the migration's schemes included.
    install_builtin_schemes(actor=system)
    f.period("2026")
    people, units = org.people, org.units
    company = f.company_goal(org.company, title="集团营业收入", activate=True)
    division = f.unit_goal(units["S"], title="销售事业部营业收入", activate=True)
    alignment.link_goal(actor=system, child_id=division.pk, parent_id=company.pk)
    revenue = f.kpi_goal(people["rep1"], title="营业收入", activate=True,
                         metrics=[f.kpi("营业收入", unit_label="万元")])
    for day, value in (("2026-01-31", 85), ("2026-02-28", 90), ("2026-03-31", 95)):
        f.measure(revenue.metrics.get(), day, value)
    behaviour = f.behaviour_goal(people["rep1"], title="协作与分享", activate=True)
    f.rate(behaviour.metrics.get(), "2026-03-31", 4, rater=people["sales_head"])
    visits = f.kpi_goal(people["rep1"], title="客户拜访次数", activate=True,
                        metrics=[f.kpi("客户拜访次数", threshold=160, target=200, stretch=240)])
    f.measure(visits.metrics.get(), "2026-03-31", 190)
    rep2 = f.kpi_goal(people["rep2"], title="营业收入", activate=True)
    f.measure(rep2.metrics.get(), "2026-03-31", 90)
    margin = f.kpi_goal(people["rep2"], title="毛利率", activate=True,
                        metrics=[f.kpi("毛利率", threshold=28, target=32, stretch=35)])
    f.measure(margin.metrics.get(), "2026-03-31", 31)
    for goal in (revenue, rep2, margin):
        alignment.link_goal(actor=system, child_id=goal.pk, parent_id=division.pk)
    copper = series_services.create_series(actor=system, code="copper", name="铜价",
                                           name_en="Copper price", unit_label="USD/t")
    series_services.create_signal_link(actor=system, goal_id=margin.pk, series_id=copper.pk,
                                       plan_value=72000, threshold_pct=10,
                                       consecutive_periods=2)
    series_services.load_points(actor=system, series_id=copper.pk, points=[
        {"on": "2026-04-30", "value": "80100"}, {"on": "2026-05-31", "value": "82400"}])
    series_services.check_signals(actor=system)
    adjustments.propose_adjustment(
        actor=org_factories.actor(org.users["employee"]), goal_id=visits.pk,
        reason="公司推行线上拜访，线下拜访目标由 200 次调整为 170 次。",
        evidence="销售运营部通知 2026-04",
        changes={"metrics": {str(visits.metrics.get().pk): {"threshold": "130",
                                                            "target": "170",
                                                            "stretch": "210"}}})
    for key in ("manager", "hr_admin", "employee"):
        user = org.users[key]
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
    return Showcase(org, revenue, Scheme.objects.get(code="profit_centre"))


@pytest.fixture
def showcase(small_org: SmallOrg) -> Showcase:
    """Requested before `browser`: the database work happens before Playwright starts."""
    return _goals(small_org)


def test_a_manager_records_a_value_and_sees_the_points_change(
    showcase: Showcase, live_server: object, browser: object, shots: Path,
) -> None:
    from playwright.sync_api import expect

    base = str(live_server.url)  # type: ignore[attr-defined]
    context, page, errors = _sign_in(browser, base, "manager")
    page.click("nav a[href='/goals/team/']")
    expect(page.locator("h1")).to_have_text("Team goals")
    rep1 = showcase.org.people["rep1"]
    row = page.locator(f"#team tr[data-person='{rep1.pk}']")
    expect(row.locator("[data-rating]")).to_have_text("B")
    row.locator("a").click()
    expect(page.locator("h1")).to_have_text("Goals of 林小雨 · Lin Xiaoyu")
    page.click(f"li[data-goal='{showcase.revenue.pk}'] .goal-title a")
    expect(page.locator("h1")).to_have_text("营业收入")
    points = page.locator("#points [data-points]")
    expect(points).to_have_text("90.0")
    metric = showcase.revenue.metrics.get()
    card = page.locator(f"#metric-{metric.pk}")
    expect(card.locator("circle.chart-dot")).to_have_count(3)
    card.locator(f"#id_metric-{metric.pk}-on").fill("2026-04-30")
    card.locator(f"#id_metric-{metric.pk}-value").fill("120")
    card.locator("button[type=submit]").click()
    # 120 is at the stretch: capped at 120 points.
    expect(points).to_have_text("120.0")
    expect(page.locator(".message-success")).to_have_text("The value was recorded.")
    expect(card.locator("circle.chart-dot")).to_have_count(4)
    context.close()  # type: ignore[attr-defined]
    assert errors == []


def test_hr_uses_the_calculator_in_the_scheme_designer(
    showcase: Showcase, live_server: object, browser: object, shots: Path,
) -> None:
    from playwright.sync_api import expect

    base = str(live_server.url)  # type: ignore[attr-defined]
    context, page, errors = _sign_in(browser, base, "hr_admin")
    for lang in ("en", "zh-Hans"):
        if lang == "en":
            page.click("nav a[href='/goals/schemes/']")
            page.click("#schemes tr[data-scheme=profit_centre] a")
            expect(page.locator("h1")).to_contain_text("Profit centre")
        else:
            _switch_language(page, "zh-hans")
            expect(page.locator("h1")).to_contain_text("利润中心")
        kpi = page.locator("#calculator fieldset[data-sample]").nth(0)
        behaviour = page.locator("#calculator fieldset[data-sample]").nth(1)
        # Each row shows the inputs of its component's paradigm only.
        expect(kpi.locator("[data-group=curve]")).to_be_visible()
        expect(kpi.locator("[data-group=behaviour]")).to_be_hidden()
        kpi.locator("input[name$=threshold]").fill("80")
        kpi.locator("input[name$=-target]").fill("100")
        kpi.locator("input[name$=stretch]").fill("120")
        kpi.locator("input[name$=actual]").fill("110")
        behaviour.locator("input[name$=rating]").fill("4")
        page.click("#calculator button[type=submit]:not([name])")
        # (70 × 110 + 30 × 75) / 100 = 99.5 → B, swapped in by htmx without leaving the page.
        expect(page.locator("#calc-result [data-score]")).to_have_text("99.5")
        expect(page.locator("#calc-result [data-rating]")).to_have_text("B")
        page.evaluate("window.scrollTo(0, 0)")  # sticky bars are drawn where the page scrolled
        page.screenshot(path=str(shots / f"scheme-designer-calculator-{lang}.png"),
                        full_page=True)
    context.close()  # type: ignore[attr-defined]
    assert errors == []


def test_screenshots_of_the_goals_pages_in_both_languages(
    showcase: Showcase, live_server: object, browser: object, shots: Path,
) -> None:
    from playwright.sync_api import expect

    base = str(live_server.url)  # type: ignore[attr-defined]
    for user, pages in (
        ("employee", [("goals-my", "/goals/"),
                      ("goals-detail", f"/goals/{showcase.revenue.pk}/")]),
        ("manager", [("goals-alignment", "/goals/alignment/?period=2026"),
                     ("goals-adjustments", "/goals/adjustments/")]),
        ("hr_admin", [("schemes", "/goals/schemes/")]),
    ):
        context, page, errors = _sign_in(browser, base, user)
        for lang in ("en", "zh-Hans"):
            if lang == "zh-Hans":
                _switch_language(page, "zh-hans")
            for name, path in pages:
                page.goto(f"{base}{path}")
                expect(page.locator("h1")).to_be_visible()
                page.screenshot(path=str(shots / f"{name}-{lang}.png"), full_page=True)
        if user == "employee":
            expect(page.locator("h1")).to_have_text("营业收入")
            page.goto(f"{base}/goals/")
            expect(page.locator("h1")).to_have_text("我的目标")
        context.close()  # type: ignore[attr-defined]
        assert errors == [], user
