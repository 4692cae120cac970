"""`flexperf feedback360 …`: create, list, close, export; bad input is one line and exit 1."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from flexperf.feedback.models import Campaign, CampaignStatus, Question
from tests.feedback.conftest import FbOrg


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("feedback360", *args, stdout=out)
    return out.getvalue()


def test_create_list_close_export(fb_org: FbOrg, questions: list[Question],
                                  tmp_path: Path) -> None:
    said = run("create-campaign", "销售 360", "--period", "2026-H1", "--units", "S,R",
               "--opens", "2026-05-01", "--closes", "2026-06-15", "--cap", "4")
    campaign = Campaign.objects.get()
    assert said.strip() == f"Opened campaign {campaign.pk}: 销售 360."
    assert sorted(u.code for u in campaign.units.all()) == ["R", "S"]
    assert campaign.max_requests_per_rater == 4
    listed = run("list").splitlines()
    assert listed[0].split() == ["id", "name", "period", "units", "opens", "closes", "cap",
                                 "status"]
    assert listed[1].split() == [str(campaign.pk), "销售", "360", "2026-H1", "R,S",
                                 "2026-05-01", "2026-06-15", "4", "open"]
    with pytest.raises(CommandError, match="Results are shown once the campaign is closed"):
        run("export", str(campaign.pk), str(tmp_path / "x.csv"))
    assert run("close", str(campaign.pk)).strip() == f"Closed campaign {campaign.pk}."
    assert Campaign.objects.get().status == CampaignStatus.CLOSED
    said = run("export", str(campaign.pk), str(tmp_path / "x.csv"))
    assert said.strip() == f"Wrote 0 rows to {tmp_path / 'x.csv'}."
    assert (tmp_path / "x.csv").read_text().strip() == (
        "employee_number,name,competency,group,raters,mean")


@pytest.mark.parametrize(("args", "message"), [
    (("create-campaign", "x", "--period", "2026-H1", "--units", "NOPE", "--opens",
      "2026-05-01", "--closes", "2026-06-01"), "units: No unit NOPE."),
    (("create-campaign", "x", "--period", "2026-H1", "--units", "S", "--opens", "May",
      "--closes", "2026-06-01"), "Not a date (YYYY-MM-DD): May"),
    (("create-campaign", "x", "--period", "2026-H1", "--units", "S", "--opens",
      "2026-05-01", "--closes", "2026-04-01"), "closes_on: Closes before it opens."),
    (("close", "999"), "Not found."),
    (("close", "abc"), "A campaign is named by its id (see `flexperf feedback360 list`)."),
    (("export", "999", "/tmp/x.csv"), "Not found."),
])
def test_bad_input_is_one_line(fb_org: FbOrg, questions: list[Question],
                               args: tuple[str, ...], message: str) -> None:
    with pytest.raises(CommandError) as error:
        run(*args)
    assert str(error.value) == message
    assert Campaign.objects.count() == 0
