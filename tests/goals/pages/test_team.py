"""Team goals: one row per person the caller leads, with the engine's score and rating."""

from __future__ import annotations

from flexperf.goals import evaluation
from flexperf.goals.selectors.goals import period_by_code
from tests.goals.pages.conftest import Scored
from tests.pages.conftest import Node, page


def _rows(root: Node) -> list[list[str]]:
    """Each person's row: the name (the link), then the other cells."""
    return [[tr.one("a").text] + [td.text for td in tr.find_all("td")[1:]]
            for tr in root.one(id="team").find_all("tr", data_person=True)]


def test_the_manager_sees_exactly_their_reports_with_the_engines_scores(scored: Scored) -> None:
    root = page(scored.org.org.client("manager").get("/goals/team/"))
    people = scored.org.people
    # The leaver 钱进 has no goals this period and is not on the team any more.
    assert _rows(root) == [
        ["林小雨", "Profit centre", "107.0", "A", "2", "0", "0", "—"],
        ["赵磊", "Profit centre", "80.0", "C", "1", "0", "1", "Behaviour and competency"],
    ]
    links = [a.attrs["href"] for a in root.one(id="team").find_all("a")]
    assert links == [f"/goals/people/{people['rep1'].pk}/?period=2026",
                     f"/goals/people/{people['rep2'].pk}/?period=2026"]
    period = period_by_code("2026")
    assert period is not None
    engine = evaluation.score_person(scored.org.actor("manager"), people["rep1"], period)
    assert f"{engine.score:.1f}" == "107.0"
    assert engine.rating == "A"


def test_filter_to_the_people_whose_goals_need_attention(scored: Scored) -> None:
    client = scored.org.org.client("manager")
    root = page(client.get("/goals/team/?attention=on"))
    assert [row[0] for row in _rows(root)] == ["赵磊"]
    root = page(client.get("/goals/team/?q=林小雨"))
    assert [row[0] for row in _rows(root)] == ["林小雨"]


def test_hr_sees_the_people_of_their_units_and_others_get_403(scored: Scored) -> None:
    root = page(scored.org.org.client("hrbp").get("/goals/team/"))
    # HRBP for 销售事业部: its head has no goals yet (no score), then the two reps.
    assert [(row[0], row[2]) for row in _rows(root)] == [
        ("陈经理", "—"), ("林小雨", "107.0"), ("赵磊", "80.0")]
    assert scored.org.org.client("employee").get("/goals/team/").status_code == 403
    assert scored.org.org.client("partner").get("/goals/team/").status_code == 403
