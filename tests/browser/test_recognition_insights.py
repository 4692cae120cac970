"""Browser tests of recognition and insights: Debian's Chromium through Playwright, as in
test_checkins.

Recognition: 林小雨 (employee) follows "Give recognition" on the wall, picks 赵磊, sends him
30 points for teamwork; the wall shows them; 赵磊 signs in, his points are the 30 plus the 20 of
the quest level the mentor badge (awarded by the system) completed; his achievement hall shows
both badges and the honour; the credential downloaded from the badge page verifies as valid on
the public verify page, and matches his e-mail.

Insights: four weeks of 55-hour task events for 林小雨 go through the signals ingestion,
refresh_insights raises her overload insight; 陈经理 (manager) finds it in her inbox, opens it,
marks it acted with the action she chose, and it leaves the open inbox for the acted list.

Screenshots (English and 简体中文) go to $FLEXPERF_SCREENSHOTS or a temporary folder.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from flexperf.achievements import services as quests
from flexperf.badges import keys
from flexperf.badges import services as badges
from flexperf.core.actors import Actor
from flexperf.insights import services as insights
from flexperf.insights.models import Insight
from flexperf.org import services as org
from flexperf.predictions.services import train_attrition_from_history
from flexperf.recognition.services import budgets
from flexperf.signals.services import ingestion
from flexperf.signals.services.sources import create_source
from tests import factories as f
from tests.browser.test_smoke import PASSWORD, _sign_in, _switch_language, browser, shots
from tests.conftest import SmallOrg

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # see test_smoke

pytestmark = pytest.mark.browser
__all__ = ["browser", "shots"]  # fixtures shared with test_smoke

AS_OF = dt.date(2026, 6, 30)
SYSTEM = Actor.system()


def _passwords(org: SmallOrg, *keys_: str) -> None:
    for key in keys_:
        user = org.users[key]
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])


@dataclass
class Kudos:
    org: SmallOrg
    mentor_award: int


@pytest.fixture
def kudos(small_org: SmallOrg, settings: Any) -> Kudos:
    """Made before Playwright's event loop starts: 赵磊 (rep2) gets a sign-in and an e-mail,
    June's budgets are allocated, he joins a one-level quest ("receive a badge", 20 points,
    the quest-finisher badge) and the system awards him the mentor badge, which completes it."""
    settings.FLEXPERF_TODAY = AS_OF
    keys.reset()
    p = small_org.people
    small_org.users["rep2"] = f.user("rep2", p["rep2"])
    org.update_person(actor=SYSTEM, person_id=p["rep2"].pk, email="zhao.lei@example.com")
    _passwords(small_org, "employee", "rep2")
    hr = f.actor(small_org.users["hr_admin"])
    budgets.allocate_budgets(actor=hr, period="2026-06")
    quest = quests.create_quest(actor=hr, data=quests.QuestIn(
        title="Recognised", starts_on=dt.date(2026, 1, 1), ends_on=dt.date(2026, 12, 31),
        badge_code="quest-finisher",
        levels=[quests.LevelIn("Receive a badge", 20, [quests.TaskIn("badge_received", 1)])]))
    quests.join_quest(actor=f.actor(small_org.users["rep2"]), quest_id=quest.pk)
    mentor = badges.award_badge(actor=SYSTEM, badge_code="mentor", person_id=p["rep2"].pk,
                                evidence="带教两位新同事")
    return Kudos(small_org, mentor.id)


def test_recognition_points_hall_and_a_verified_badge(
    kudos: Kudos, live_server: object, browser: object, shots: Path,
) -> None:
    from playwright.sync_api import expect

    base = str(live_server.url)  # type: ignore[attr-defined]
    rep2 = kudos.org.people["rep2"]
    context, page, errors = _sign_in(browser, base, "employee")
    # A colleague's person page is not hers to open (404), so she starts from the wall.
    page.goto(f"{base}/recognition/")
    page.click(".page-actions a:has-text('Give recognition')")
    page.wait_for_url(f"{base}/recognition/give/")
    page.select_option("#id_recipient", str(rep2.pk))
    expect(page.locator("#budget")).to_contain_text("You have 100 points left to give in 2026-06")
    page.fill("#id_points", "30")
    page.select_option("#id_tag", "teamwork")
    page.fill("#id_message", "谢谢你周末帮我赶完投标书")
    page.click("#give-form button[type=submit]")
    page.wait_for_url(f"{base}/recognition/")
    expect(page.locator(".message-success")).to_have_text("Your recognition was sent.")
    award = page.locator("#wall li.card").first
    expect(award).to_contain_text("林小雨 → 赵磊")
    expect(award).to_contain_text("Teamwork")
    expect(award).to_contain_text("30 points")
    expect(award).to_contain_text("谢谢你周末帮我赶完投标书")
    page.screenshot(path=str(shots / "recognition-wall-en.png"), full_page=True)
    _switch_language(page, "zh-hans")
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")
    expect(page.locator("#wall li.card").first).to_contain_text("30")
    page.screenshot(path=str(shots / "recognition-wall-zh-Hans.png"), full_page=True)
    page.goto(f"{base}/recognition/give/")
    expect(page.locator("#budget")).to_contain_text("70")  # 100 less the 30 given
    context.close()  # type: ignore[attr-defined]
    assert errors == []

    context, page, errors = _sign_in(browser, base, "rep2")
    page.goto(f"{base}/recognition/me/")
    expect(page.locator("#balance [data-k=available]")).to_have_text("50")  # 30 + quest's 20
    expect(page.locator("#balance [data-k=held]")).to_have_text("0")
    expect(page.locator("#balance [data-k=earned]")).to_have_text("50")
    expect(page.locator("#received li.card")).to_have_count(1)
    expect(page.locator("#received li.card")).to_contain_text("30 points")
    expect(page.locator("#history tbody tr")).to_have_count(2)

    page.goto(f"{base}/achievements/hall/")
    expect(page.locator("#badges li[data-badge]")).to_have_count(2)
    expect(page.locator("#badges li[data-badge=mentor]")).to_be_visible()
    expect(page.locator("#badges li[data-badge=quest-finisher]")).to_be_visible()
    expect(page.locator("#honours li[data-level='1']")).to_contain_text("Recognised")
    expect(page.locator("#endorsements li[data-tag=teamwork]")).to_contain_text("× 1")
    _switch_language(page, "zh-hans")
    expect(page.locator("#badges li[data-badge]")).to_have_count(2)
    page.screenshot(path=str(shots / "achievement-hall-zh-Hans.png"), full_page=True)
    _switch_language(page, "en")

    page.goto(f"{base}/badges/mine/")
    page.click(f"#badge-list tr[data-id='{kudos.mentor_award}'] a:not(.btn)")
    page.wait_for_url(f"{base}/badges/awards/{kudos.mentor_award}/")
    href = page.locator(".page-actions a[download]").get_attribute("href")
    assert href == f"/badges/awards/{kudos.mentor_award}/credential/"
    download = page.request.get(f"{base}{href}")
    assert download.status == 200
    token = download.text().strip()
    assert token.count(".") == 2  # a compact JWS
    context.close()  # type: ignore[attr-defined]
    assert errors == []

    # The verify page is public: a fresh browser without a session.
    context = browser.new_context(  # type: ignore[attr-defined]
        viewport={"width": 1320, "height": 900}, locale="en-US", device_scale_factor=1)
    page = context.new_page()
    page.goto(f"{base}/badges/verify/")
    page.fill("#id_credential", token)
    page.fill("#id_identity", "zhao.lei@example.com")
    page.click("#verify-form button[type=submit]")
    result = page.locator("#verify-result")
    expect(result).to_have_attribute("data-status", "valid")
    expect(result).to_contain_text("Valid")
    expect(result).to_contain_text("导师之星")
    expect(result).to_contain_text("matches the e-mail given")
    page.screenshot(path=str(shots / "badge-verify-en.png"), full_page=True)
    # One character changed in the signature: no longer valid.
    head, body, signature = token.split(".")
    forged = ".".join([head, body, ("A" if signature[0] != "A" else "B") + signature[1:]])
    page.fill("#id_credential", forged)
    page.fill("#id_identity", "")
    page.click("#verify-form button[type=submit]")
    expect(page.locator("#verify-result")).to_have_attribute("data-status", "invalid_signature")
    context.close()  # type: ignore[attr-defined]


@dataclass
class Watch:
    org: SmallOrg
    overload: Insight
    model_id: int


def _event(n: int, person: str, day: dt.date, hours: float) -> dict[str, object]:
    return {"external_id": f"W-{n}", "kind": "task_completed", "person": person,
            "occurred_at": f"{day.isoformat()}T10:00:00+08:00", "hours": hours,
            "due_on": day.isoformat(), "done_on": day.isoformat()}


@pytest.fixture
def watch(small_org: SmallOrg, settings: Any) -> Watch:
    """Four weeks to Monday 22 June of task events: 55 h a week for 林小雨, 40 h for 赵磊,
    ingested through the signals service; refresh_insights as of 30 June raises her overload
    (and the feedback-drought nudges of everyone: nobody gave feedback). Then the own-history
    attrition model is trained on a few added leavers and stayers, for its model card."""
    settings.FLEXPERF_TODAY = AS_OF
    p = small_org.people
    create_source(actor=SYSTEM, code="jira", name="Jira", kind="tracker", enabled=True)
    rows: list[dict[str, object]] = []
    for i in range(4):
        monday = dt.date(2026, 6, 22) - dt.timedelta(weeks=i)
        rows.append(_event(2 * i, p["rep1"].employee_number, monday, 55.0))
        rows.append(_event(2 * i + 1, p["rep2"].employee_number, monday, 40.0))
    ingestion.ingest(actor=SYSTEM, source="jira", rows=list(enumerate(rows, 1)),
                     via="bulk_api", refresh=False)
    report = insights.refresh_insights(actor=SYSTEM, as_of=AS_OF)
    assert report.by_type["overload"] == 1
    overload = Insight.objects.get(kind="overload")
    se, r = small_org.units["SE"], small_org.units["R"]
    for i in range(6):  # as tests/predictions' history_org: short-tenure leavers, old hands
        f.person(f"离职{i}", se if i % 2 else r, p["sales_head"], status="left", level="P1",
                 hire_date=dt.date(2025, 1, 1) + dt.timedelta(days=20 * i),
                 leave_date=dt.date(2026, 1, 5) + dt.timedelta(days=15 * i),
                 leave_reason="career", gender="female" if i % 2 else "male")
        f.person(f"老员工{i}", se if i % 2 else r, p["sales_head"], level="P5",
                 hire_date=dt.date(2012, 1, 1) + dt.timedelta(days=90 * i),
                 gender="male" if i % 2 else "female")
    model_id = train_attrition_from_history(actor=SYSTEM, as_of=AS_OF).pk
    _passwords(small_org, "manager")
    return Watch(small_org, overload, model_id)


def test_a_manager_acts_on_an_overload_insight(
    watch: Watch, live_server: object, browser: object, shots: Path,
) -> None:
    from playwright.sync_api import expect

    base = str(live_server.url)  # type: ignore[attr-defined]
    insight = watch.overload
    context, page, errors = _sign_in(browser, base, "manager")
    page.goto(f"{base}/signals/team/")
    expect(page.locator("#overloaded")).to_contain_text("林小雨")
    expect(page.locator("#overloaded")).not_to_contain_text("赵磊")
    rep1 = watch.org.people["rep1"]
    expect(page.locator(f"#members tr[data-person='{rep1.pk}']")).to_have_class("row-warning")
    page.screenshot(path=str(shots / "signals-team-en.png"), full_page=True)
    page.goto(f"{base}/predictions/models/{watch.model_id}/")
    expect(page.locator("#rows")).to_have_text("22")  # 16 current people, 6 recent leavers
    expect(page.locator("#positives")).to_have_text("6 (left = left)")
    expect(page.locator("[data-metric=ROC-AUC]")).to_be_visible()
    page.screenshot(path=str(shots / "model-card-en.png"), full_page=True)

    page.goto(f"{base}/insights/")
    card = page.locator(f"#insight-{insight.pk}")
    expect(card).to_have_attribute("data-kind", "overload")
    expect(card).to_contain_text("林小雨")
    expect(card).to_contain_text("55")  # the hours of her heaviest week
    page.screenshot(path=str(shots / "insights-inbox-en.png"), full_page=True)
    _switch_language(page, "zh-hans")
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")
    expect(page.locator(f"#insight-{insight.pk}")).to_contain_text("林小雨")
    page.screenshot(path=str(shots / "insights-inbox-zh-Hans.png"), full_page=True)
    _switch_language(page, "en")
    page.select_option("#id_kind", "overload")
    page.click("#filters button[type=submit]")
    expect(page.locator("section.insight")).to_have_count(1)
    expect(page.locator(".result-count")).to_have_text("1 insight")

    page.click(f"#insight-{insight.pk} h2 a[href='/insights/{insight.pk}/']")
    page.wait_for_url(f"{base}/insights/{insight.pk}/")
    options = page.locator("#id_action option")
    chosen = options.nth(1).get_attribute("value")  # not merely the first one offered
    assert chosen
    label = options.nth(1).inner_text()
    page.select_option("#id_action", chosen)
    page.fill("#act-form textarea[name=note]", "把两个项目移交给赵磊")
    page.click("#act-form button[type=submit]")
    expect(page.locator(".message-success")).to_have_text("Recorded: the insight was acted on.")
    expect(page.locator("#status")).to_have_text("Acted on")
    expect(page.locator("#decision")).to_contain_text(f"Acted on: {label} (by manager).")
    expect(page.locator("#decision")).to_contain_text("把两个项目移交给赵磊")
    expect(page.locator("#act-form")).to_have_count(0)  # decided: nothing left to decide

    page.goto(f"{base}/insights/?kind=overload")
    expect(page.locator("section.insight")).to_have_count(0)  # gone from the open inbox
    page.goto(f"{base}/insights/?kind=overload&status=acted")
    expect(page.locator(f"#insight-{insight.pk}")).to_contain_text("Acted on")
    expect(page.locator(f"#insight-{insight.pk} .form-actions")).to_have_count(0)
    context.close()  # type: ignore[attr-defined]
    assert errors == []
