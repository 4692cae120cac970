"""360 results: hand-worked means, and every path that could reveal a group of fewer than
three raters — the API (with its parameters), the page, the CSV export (API, page, CLI), the
review evidence, "all raters" minus the shown groups, one-group campaigns — plus who may read
results at all.

Subject 林小雨 (rep1); questions 沟通 ×2 and 领导力 ×1 (see conftest.questions)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.test import Client

from flexperf.core.errors import NotFound, ServiceError
from flexperf.core.evidence import gather
from flexperf.feedback.models import Campaign, Question
from flexperf.feedback.selectors import review360 as selectors
from flexperf.feedback.services.campaigns import close_campaign
from tests.feedback.conftest import FbOrg, answered, extra_people, open_campaign
from tests.pages.conftest import page

SECRET = "只有两个下属知道"


def _scenario(org: FbOrg, *, manager: bool, reports: int, peers: int = 3) -> Campaign:
    campaign = open_campaign(org)
    rep1 = org.people["rep1"]
    people = extra_people(org, peers + reports)
    if manager:
        answered(campaign, rep1, "manager", org.people["sales_head"], (5, 4, 3), "有担当")
    for rater, ratings, comment in zip(people[:peers], [(4, 4, 4), (3, 5, 2), (2, 3, 3)],
                                       ["乐于助人", "", "沟通清楚"], strict=False):
        answered(campaign, rep1, "peer", rater, ratings, comment)
    for rater, ratings in zip(people[peers:], [(1, 1, 1), (1, 2, 1)], strict=False):
        answered(campaign, rep1, "direct_report", rater, ratings, SECRET)
    close_campaign(actor=org.actor("hr_admin"), campaign_id=campaign.pk)
    return campaign


def _api(org: FbOrg, who: str, campaign: Campaign) -> Client:
    return org.client(who)


def test_merged_others_and_total_worked_by_hand(fb_org: FbOrg, questions: list[Question]) -> None:
    """1 manager + 3 peers + 2 reports. Peers shown (3); manager (1) and reports (2) merged
    into "others" (3); the total (6) is shown because nothing is hidden outside "others".
    peers 沟通 (4+4+3+5+2+3)/6 = 3.50, 领导力 (4+2+3)/3 = 3.00;
    others 沟通 (5+4+1+1+1+2)/6 = 14/6 = 2.33, 领导力 (3+1+1)/3 = 1.67;
    all 沟通 35/12 = 2.916… → 2.92, 领导力 14/6 = 2.33."""
    campaign = _scenario(fb_org, manager=True, reports=2)
    body = fb_org.client("employee").get(
        f"/api/v1/feedback360/campaigns/{campaign.pk}/results/{fb_org.people['rep1'].pk}").json()
    assert [(g["group"], g["raters"]) for g in body["groups"]] == [
        ("peer", 3), ("others", 3), ("all", 6)]
    cells = {(c["competency"], c["group"]): Decimal(str(c["mean"])) for c in body["cells"]}
    assert cells == {
        ("沟通", "peer"): Decimal("3.5"), ("领导力", "peer"): Decimal("3"),
        ("沟通", "others"): Decimal("2.33"), ("领导力", "others"): Decimal("1.67"),
        ("沟通", "all"): Decimal("2.92"), ("领导力", "all"): Decimal("2.33"),
    }
    comments = {g["group"]: g["comments"] for g in body["groups"]}
    assert comments["peer"] == ["乐于助人", "沟通清楚"]
    assert sorted(comments["others"]) == sorted([SECRET, SECRET, "有担当"])


def _every_output(org: FbOrg, campaign: Campaign, who: str, tmp_path: object) -> str:
    """Everything `who` can get about rep1's results, as one string."""
    client = org.client(who)
    rep1 = org.people["rep1"].pk
    parts = [
        client.get(f"/api/v1/feedback360/campaigns/{campaign.pk}/results/{rep1}").content
        .decode(),
        client.get(f"/api/v1/feedback360/campaigns/{campaign.pk}/results/{rep1}"
                   "?group=direct_report&relationship=direct_report").content.decode(),
        client.get(f"/api/v1/feedback360/campaigns/{campaign.pk}/export").content.decode(),
        client.get(f"/feedback360/{campaign.pk}/results/{rep1}/").content.decode(),
        client.get(f"/feedback360/{campaign.pk}/export/").content.decode(),
        str(gather(org.actor(who), rep1, dt.date(2020, 1, 1), dt.date(2100, 1, 1))),
    ]
    return "\n".join(parts)


@pytest.mark.parametrize("who", ["employee", "manager", "hr_admin", "hrbp", "ceo"])
def test_two_reports_alone_leave_no_trace_anywhere(fb_org: FbOrg, questions: list[Question],
                                                   who: str, tmp_path: object) -> None:
    """3 peers + 2 reports, no manager: the reports cannot be merged (2 < 3), so the total is
    withheld too ("all" − "peer" would be exactly them). Their ratings were all 1s and 2s:
    a report mean would show as 1.00–1.50 and a total as 2.58/2.00; none of it appears."""
    campaign = _scenario(fb_org, manager=False, reports=2)
    out = _every_output(fb_org, campaign, who, tmp_path)
    assert SECRET not in out
    assert "direct_report" not in out
    assert "Direct report" not in out
    assert "others" not in out
    assert '"all"' not in out
    report = selectors.results(fb_org.actor(who), campaign.pk, fb_org.people["rep1"].pk)
    assert report.groups == ("peer",)
    # The CSV holds the peers' two cells and nothing else.
    rows = list(csv.DictReader(io.StringIO(
        fb_org.client(who).get(f"/api/v1/feedback360/campaigns/{campaign.pk}/export")
        .content.decode())))
    assert [(r["competency"], r["group"], r["raters"], r["mean"]) for r in rows] == [
        ("沟通", "peer", "3", "3.50"), ("领导力", "peer", "3", "3.00")]


def test_the_manager_alone_is_never_shown_nor_derivable(fb_org: FbOrg,
                                                        questions: list[Question]) -> None:
    campaign = _scenario(fb_org, manager=True, reports=0)
    report = selectors.results(fb_org.actor("employee"), campaign.pk, fb_org.people["rep1"].pk)
    assert report.groups == ("peer",)  # no "all": all − peer = the manager
    assert "有担当" not in str(report)


@pytest.mark.parametrize("peers", [1, 2])
def test_a_one_group_campaign_below_three_shows_nothing(fb_org: FbOrg,
                                                        questions: list[Question],
                                                        peers: int) -> None:
    campaign = _scenario(fb_org, manager=False, reports=0, peers=peers)
    report = selectors.results(fb_org.actor("employee"), campaign.pk, fb_org.people["rep1"].pk)
    assert report.empty
    assert report.cells == {}
    assert report.comments == {}
    html = page(fb_org.client("employee").get(
        f"/feedback360/{campaign.pk}/results/{fb_org.people['rep1'].pk}/"))
    assert html.one(id="no-results")
    assert "乐于助人" not in fb_org.client("employee").get(
        f"/api/v1/feedback360/campaigns/{campaign.pk}/results/{fb_org.people['rep1'].pk}"
    ).content.decode()
    csv_text = fb_org.client("hr_admin").get(
        f"/api/v1/feedback360/campaigns/{campaign.pk}/export").content.decode()
    assert csv_text.strip().splitlines() == [
        "employee_number,name,competency,group,raters,mean"]


def test_the_cli_export_is_the_same_safe_csv(fb_org: FbOrg, questions: list[Question],
                                             tmp_path: object) -> None:
    import pathlib

    campaign = _scenario(fb_org, manager=False, reports=2)
    target = pathlib.Path(str(tmp_path)) / "out.csv"
    call_command("feedback360", "export", str(campaign.pk), str(target))
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert {r["group"] for r in rows} == {"peer"}


@pytest.mark.parametrize(("who", "may"), [
    ("employee", True), ("manager", True), ("ceo", True), ("hrbp", True), ("hr_admin", True),
    ("rep2", False), ("engineer", False), ("executive", False), ("auditor", False),
    ("rnd_head", False), ("partner", False),
])
def test_who_may_read_a_subjects_results(fb_org: FbOrg, questions: list[Question], who: str,
                                         may: bool) -> None:
    """The subject, the managers above them and HR in scope; not a peer, not someone who
    rated them (the extra raters are under 吴博士, who still may not read rep1's results)."""
    campaign = _scenario(fb_org, manager=True, reports=2)
    rep1 = fb_org.people["rep1"].pk
    url = f"/api/v1/feedback360/campaigns/{campaign.pk}/results/{rep1}"
    status = fb_org.client(who).get(url).status_code
    page_status = fb_org.client(who).get(
        f"/feedback360/{campaign.pk}/results/{rep1}/").status_code
    if may:
        assert (status, page_status) == (200, 200)
    else:
        assert status in (403, 404)
        assert page_status in (403, 404)
        if who != "partner":
            with pytest.raises(NotFound):
                selectors.results(fb_org.actor(who), campaign.pk, rep1)
    # And the export lists rep1 only for those who may read the results.
    export = fb_org.client(who).get(f"/api/v1/feedback360/campaigns/{campaign.pk}/export")
    assert (fb_org.people["rep1"].employee_number in export.content.decode()) == may


def test_results_wait_for_the_campaign_to_close(fb_org: FbOrg,
                                                questions: list[Question]) -> None:
    """While answers come in, two readings a day apart would reveal the one answer between
    them: nothing is shown before the campaign closes."""
    campaign = open_campaign(fb_org)
    for rater in extra_people(fb_org, 3):
        answered(campaign, fb_org.people["rep1"], "peer", rater, (4, 4, 4))
    with pytest.raises(ServiceError) as error:
        selectors.results(fb_org.actor("employee"), campaign.pk, fb_org.people["rep1"].pk)
    assert [p.field for p in error.value.problems] == ["campaign"]
    response = fb_org.client("employee").get(
        f"/api/v1/feedback360/campaigns/{campaign.pk}/results/{fb_org.people['rep1'].pk}")
    assert response.status_code == 422
    assert fb_org.client("hr_admin").get(
        f"/api/v1/feedback360/campaigns/{campaign.pk}/export").status_code == 422


def test_evidence_for_a_review_is_the_safe_aggregate(fb_org: FbOrg,
                                                     questions: list[Question]) -> None:
    campaign = _scenario(fb_org, manager=True, reports=2)
    items = [i for i in gather(fb_org.actor("manager"), fb_org.people["rep1"].pk,
                               dt.date(2020, 1, 1), dt.date(2100, 1, 1))
             if i.kind == "review360"]
    assert len(items) == 1
    assert items[0].counts == {"peer": 3, "others": 3, "all": 6}
    assert items[0].title.endswith(campaign.name)
    assert SECRET not in str(items)  # comments are not evidence
    # A colleague who may not read the results gets no 360 evidence at all.
    assert not [i for i in gather(fb_org.actor("engineer"), fb_org.people["rep1"].pk,
                                  dt.date(2020, 1, 1), dt.date(2100, 1, 1))
                if i.kind == "review360"]


def test_nobody_but_the_rater_learns_whether_a_rater_answered(fb_org: FbOrg,
                                                              questions: list[Question]) -> None:
    """The subject sees the raters they nominated (they chose them), each as "approved",
    answered or not; the API and the page never say who answered."""
    campaign = _scenario(fb_org, manager=False, reports=2)
    listed = fb_org.client("employee").get(
        f"/api/v1/feedback360/campaigns/{campaign.pk}/nominations").json()
    assert len(listed) == 5
    assert {n["status"] for n in listed} == {"approved"}
    html = fb_org.client("employee").get(f"/feedback360/{campaign.pk}/").content.decode()
    assert 'data-status="submitted"' not in html
