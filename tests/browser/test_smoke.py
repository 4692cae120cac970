"""Browser smoke test: Debian's Chromium through Playwright against the live server.

A manager signs in, opens the org chart, switches to 简体中文 and sees the translated page; the
directory's live search works; no page logs a console error (a CSP violation would). Screenshots
of the main pages in both languages go to $FLEXPERF_SCREENSHOTS (docs/screenshots/ when
refreshing the ones in the repository), or to a temporary folder.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from flexperf.org import services
from tests import factories as f
from tests.conftest import SmallOrg
from tests.services import need_chromium

# Playwright's sync API runs an event loop in this thread; Django's ORM (used by the fixtures
# and the live server) refuses to run beside one unless told it is safe, which it is here.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = pytest.mark.browser

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
PASSWORD = "correct horse battery staple"


def _showcase(org: SmallOrg) -> None:
    """A little more of a real group: English names, positions, unit heads, a leaver this
    year, so the screenshots show what each page is for."""
    system = f.SYSTEM
    names = {"ceo": "Zhou Zong", "sales_head": "Chen Jing", "rep2": "Zhao Lei",
             "rnd_head": "Wu Bo", "engineer": "Zheng Gong", "hr_admin_p": "Sun Min",
             "hrbp_p": "He Jing", "auditor_p": "Feng Shen", "strategy_vp": "Han Ce"}
    for key, english in names.items():
        services.update_person(actor=system, person_id=org.people[key].pk, name_en=english)
    units = org.units
    for code, english in {"G": "Group HQ", "S": "Sales Division", "SE": "East China Sales",
                          "R": "R&D Centre", "H": "Human Resources"}.items():
        services.update_unit(actor=system, unit_id=units[code].pk, name_en=english)
    heads = {"G": "ceo", "S": "sales_head", "R": "rnd_head", "H": "hr_admin_p"}
    for code, key in heads.items():
        services.update_unit(actor=system, unit_id=units[code].pk, head=org.people[key].pk)
    director = services.create_position(actor=system, code="S-DIR", title="销售总监",
                                        title_en="Sales Director", unit_id=units["S"].pk,
                                        job_family="sales", level="M3", is_key=True)
    rep = services.create_position(actor=system, code="SE-REP", title="客户经理",
                                   title_en="Account Manager", unit_id=units["SE"].pk,
                                   job_family="sales", level="P5")
    services.update_person(actor=system, person_id=org.people["sales_head"].pk,
                           position=director.pk, email="chen.jing@example.com")
    for key in ("rep1", "rep2"):
        services.update_person(actor=system, person_id=org.people[key].pk, position=rep.pk,
                               level="P5", location="上海")
    this_year = dt.date.today().replace(month=1, day=15)
    f.person("孙强", units["SE"], org.people["sales_head"], name_en="Sun Qiang",
             status="left", leave_date=this_year, leave_reason="career")
    for key in ("manager", "hr_admin"):
        user = org.users[key]
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])


@pytest.fixture
def showcase_org(small_org: SmallOrg) -> SmallOrg:
    """Requested before `browser`: all database work happens before Playwright's event loop
    starts (ORM calls made beside it get a connection of their own that nobody closes)."""
    _showcase(small_org)
    return small_org


@pytest.fixture
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    executable = need_chromium()
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS,
                                              headless=True)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("FLEXPERF_SCREENSHOTS", "") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _sign_in(browser: object, base: str, username: str) -> tuple[object, object, list[str]]:
    context = browser.new_context(  # type: ignore[attr-defined]
        viewport={"width": 1320, "height": 900}, locale="en-US", device_scale_factor=1)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{base}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/")
    return context, page, errors


def _switch_language(page: object, code: str) -> None:
    page.select_option("#language-top", code)  # type: ignore[attr-defined]
    with page.expect_navigation():  # type: ignore[attr-defined]
        page.click(".topbar .lang-switch button")  # type: ignore[attr-defined]


def test_manager_opens_the_org_chart_and_switches_to_chinese(
    showcase_org: SmallOrg, live_server: object, browser: object, shots: Path,
) -> None:
    from playwright.sync_api import expect

    small_org = showcase_org
    base = str(live_server.url)  # type: ignore[attr-defined]
    context, page, errors = _sign_in(browser, base, "manager")
    rep1 = small_org.people["rep1"]

    pages = [("home", "/"), ("directory", "/directory/"), ("org-chart", "/org-chart/"),
             ("person", f"/people/{rep1.pk}/")]
    for name, path in pages:
        page.goto(f"{base}{path}")
        page.screenshot(path=str(shots / f"{name}-en.png"), full_page=True)

    page.click("nav a[href='/org-chart/']")
    expect(page.locator("h1")).to_have_text("Org chart")
    expect(page.locator("[data-unit=SE] [data-headcount]")).to_have_text("2")
    _switch_language(page, "zh-hans")
    expect(page.locator("h1")).to_have_text("组织架构")
    expect(page.locator("nav a[href='/directory/']")).to_have_text("通讯录")
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")
    expect(page.locator("[data-unit=S] .badge")).to_have_text("成熟业务")

    for name, path in pages:
        page.goto(f"{base}{path}")
        page.screenshot(path=str(shots / f"{name}-zh-Hans.png"), full_page=True)

    page.set_viewport_size({"width": 390, "height": 844})  # a phone: one column
    page.goto(f"{base}/")
    page.screenshot(path=str(shots / "home-phone-zh-Hans.png"), full_page=True)
    page.set_viewport_size({"width": 1320, "height": 900})

    # Live search: the results change under the box without leaving the page.
    page.goto(f"{base}/directory/")
    expect(page.locator(".result-count")).to_contain_text("10")
    page.fill("#id_q", "林小雨")
    expect(page.locator(".result-count")).to_contain_text("1 位同事")
    expect(page.locator("#results .person-card-name")).to_have_text(["林小雨"])
    assert page.url.endswith("/directory/?q=%E6%9E%97%E5%B0%8F%E9%9B%A8&unit=")
    context.close()  # type: ignore[attr-defined]
    assert errors == []


def test_hr_admin_pages_render_in_both_languages(
    showcase_org: SmallOrg, live_server: object, browser: object, shots: Path,
) -> None:
    from playwright.sync_api import expect

    base = str(live_server.url)  # type: ignore[attr-defined]
    context, page, errors = _sign_in(browser, base, "hr_admin")
    rep1 = showcase_org.people["rep1"]
    for lang in ("en", "zh-Hans"):
        if lang == "zh-Hans":
            _switch_language(page, "zh-hans")
        page.goto(f"{base}/")
        expect(page.locator("[data-stat=headcount]")).to_have_text("10")
        page.screenshot(path=str(shots / f"home-hr-{lang}.png"), full_page=True)
        page.goto(f"{base}/people/{rep1.pk}/")
        expect(page.locator("#hr-fields")).to_be_visible()
        page.screenshot(path=str(shots / f"person-hr-{lang}.png"), full_page=True)
        page.goto(f"{base}/audit/")
        page.click("text=" + ("Verify chain" if lang == "en" else "校验审计链"))
        expect(page.locator("#verify-outcome")).to_have_attribute("data-ok", "true")
        page.screenshot(path=str(shots / f"audit-trail-{lang}.png"), full_page=False)
        page.goto(f"{base}/hr/people/")
        page.screenshot(path=str(shots / f"people-admin-{lang}.png"), full_page=True)
    context.close()  # type: ignore[attr-defined]
    assert errors == []
