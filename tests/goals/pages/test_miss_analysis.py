"""C6 on the goal page: closing as fell-short asks for the analysis (the form comes back with
the problem under the field, nothing written), the analysis is shown with the goal, and a
closed goal without one gets its own form."""

from __future__ import annotations

from flexperf.goals.models import MissAnalysis
from flexperf.goals.services import goals as goal_services
from tests.goals import factories as f
from tests.goals.pages.conftest import Scored
from tests.pages.conftest import field_errors, page


def test_closing_as_missed_without_the_analysis_comes_back(scored: Scored) -> None:
    goal = scored.kpi2  # 赵磊's revenue: 90 on a target of 100
    client = scored.org.org.client("manager")
    shown = page(client.get(f"/goals/{goal.pk}/"))
    assert shown.one("form", cls="close-form").attrs["action"] == f"/goals/{goal.pk}/close/"
    nothing = client.post(f"/goals/{goal.pk}/close/", {"close-missed": "on"})
    root = page(nothing, 422)
    assert root.one("form", cls="close-form").one(cls="form-errors").text == (
        "A goal that fell short needs a short analysis: was the target premature, were "
        "resources matched, what was learned.")
    partial = client.post(f"/goals/{goal.pk}/close/", {
        "close-missed": "on", "close-premature": "partly", "close-learned": ""})
    assert field_errors(page(partial, 422)) == {
        "close-resources_matched": ["Answer yes, no or partly."],
        "close-learned": ["This field is required."]}
    goal.refresh_from_db()
    assert goal.status == "active"
    assert not MissAnalysis.objects.exists()
    done = client.post(f"/goals/{goal.pk}/close/", {
        "close-missed": "on", "close-premature": "partly", "close-premature_note": "价格战",
        "close-resources_matched": "no", "close-learned": "尽早升级资源缺口"})
    assert done.status_code == 302
    after = page(scored.org.org.client("employee").get(f"/goals/{scored.kpi1.pk}/"))
    assert after.find_all(id="miss-analysis") == []  # her own goal has none
    analysis = page(client.get(f"/goals/{goal.pk}/")).one(id="miss-analysis")
    assert analysis.one(data_premature="partly").text == "Partly — 价格战"
    assert analysis.one(data_resources="no").text == "No"


def test_a_closed_goal_without_an_analysis_gets_its_own_form(scored: Scored) -> None:
    goal = scored.kpi2
    goal_services.close_goal(actor=f.SYSTEM, goal_id=goal.pk)  # closed as met
    client = scored.org.org.client("manager")
    root = page(client.get(f"/goals/{goal.pk}/"))
    assert root.one("form", action=f"/goals/{goal.pk}/miss-analysis/")
    bad = client.post(f"/goals/{goal.pk}/miss-analysis/", {"analysis-premature": "maybe"})
    assert field_errors(page(bad, 422))["analysis-premature"][0].startswith(
        "Select a valid choice.")
    ok = client.post(f"/goals/{goal.pk}/miss-analysis/", {
        "analysis-premature": "no", "analysis-resources_matched": "yes",
        "analysis-learned": "回款节奏要提前规划"})
    assert ok.status_code == 302
    assert MissAnalysis.objects.get(goal=goal).learned == "回款节奏要提前规划"
    # 林小雨 cannot see 赵磊's goal at all.
    assert scored.org.org.client("employee").post(f"/goals/{goal.pk}/miss-analysis/", {
        "analysis-premature": "no"}).status_code == 404
