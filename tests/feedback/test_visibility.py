"""Who reads which feedback, per role and visibility — through the selector, the API list (with
every filter), one item by id, and the review evidence.

林小雨 (employee) gives 赵磊 (rep2) one piece of feedback of each visibility. Readers:

    role / person          private  manager  public
    林小雨 giver              ✓        ✓        ✓
    赵磊 recipient            ✓        ✓        ✓
    陈经理 manager            ✗        ✓        ✓    (rep2's manager)
    周总 ceo                  ✗        ✓        ✓    (further up the line)
    何静 hrbp (S)             ✗        ✓        ✓    (HR scope covers SE)
    孙敏 hr_admin             ✗        ✓        ✓
    韩策 executive            ✗        ✗        ✓
    冯审 auditor              ✗        ✗        ✓
    郑工 engineer (R&D)       ✗        ✗        ✓
    吴博士 rnd_head           ✗        ✗        ✓
    partner                   ✗        ✗        ✗
"""

from __future__ import annotations

import datetime as dt

import pytest

from flexperf.core.errors import NotFound
from flexperf.core.evidence import gather
from flexperf.feedback.models import Feedback
from flexperf.feedback.selectors import feedback as selectors
from flexperf.feedback.services.feedback import FeedbackIn, give_feedback
from tests.feedback.conftest import FbOrg

READERS = {
    "employee": {"private", "manager", "public"},
    "rep2": {"private", "manager", "public"},
    "manager": {"manager", "public"},
    "ceo": {"manager", "public"},
    "hrbp": {"manager", "public"},
    "hr_admin": {"manager", "public"},
    "executive": {"public"},
    "auditor": {"public"},
    "engineer": {"public"},
    "rnd_head": {"public"},
    "partner": set(),
}


@pytest.fixture
def three(fb_org: FbOrg) -> dict[str, Feedback]:
    out = {}
    for visibility in ("private", "manager", "public"):
        out[visibility] = give_feedback(actor=fb_org.actor("employee"), data=FeedbackIn(
            recipient_id=fb_org.people["rep2"].pk, kind="praise",
            text=f"{visibility} 反馈", visibility=visibility)).feedback
    return out


def _visibilities(rows: list[Feedback]) -> set[str]:
    return {r.visibility for r in rows}


@pytest.mark.parametrize(("who", "expected"), sorted(READERS.items()))
def test_selector_per_role(fb_org: FbOrg, three: dict[str, Feedback], who: str,
                           expected: set[str]) -> None:
    actor = fb_org.actor(who)
    assert _visibilities(list(selectors.feedback_readable_by(actor))) == expected
    for visibility, row in three.items():
        if visibility in expected:
            assert selectors.access_feedback(actor, row.pk) == row
        else:
            with pytest.raises(NotFound):
                selectors.access_feedback(actor, row.pk)


@pytest.mark.parametrize(("who", "expected"), sorted(READERS.items()))
def test_api_list_and_detail_per_role(fb_org: FbOrg, three: dict[str, Feedback], who: str,
                                      expected: set[str]) -> None:
    client = fb_org.client(who)
    rep2 = fb_org.people["rep2"].pk
    # Every filter only narrows: asking for private feedback about rep2 explicitly, by
    # recipient, giver, kind or source, never brings back what the role may not read.
    for query in ("", f"?recipient_id={rep2}", "?visibility=private",
                  f"?giver_id={fb_org.people['rep1'].pk}&visibility=private", "?kind=praise",
                  "?source=web"):
        got = client.get(f"/api/v1/feedback{query}").json()
        assert {r["visibility"] for r in got} <= expected, query
    assert {r["visibility"] for r in client.get("/api/v1/feedback").json()} == expected
    for visibility, row in three.items():
        status = client.get(f"/api/v1/feedback/{row.pk}").status_code
        assert status == (200 if visibility in expected else 404), visibility
        page = client.get(f"/feedback/{row.pk}/").status_code
        assert page == (200 if visibility in expected else 404), visibility


@pytest.mark.parametrize("who", ["employee", "rep2", "manager", "hr_admin", "engineer"])
def test_review_evidence_never_holds_private_feedback(fb_org: FbOrg,
                                                     three: dict[str, Feedback],
                                                     who: str) -> None:
    """Evidence counts the non-private feedback the reader may read: manager + public for the
    two people, managers and HR (2 praise); public only for a colleague (1 praise)."""
    items = [i for i in gather(fb_org.actor(who), fb_org.people["rep2"].pk,
                               dt.date(2020, 1, 1), dt.date(2100, 1, 1))
             if i.kind == "feedback"]
    expected = len(READERS[who] - {"private"})
    assert items[0].counts == {"praise": expected, "constructive": 0, "suggestion": 0}
    assert "private 反馈" not in str(items)
    assert len(items) == 1 + expected


def test_my_feedback_page_tabs(fb_org: FbOrg, three: dict[str, Feedback]) -> None:
    from tests.pages.conftest import page

    received = page(fb_org.client("rep2").get("/feedback/"))
    rows = received.one(id="feedback-list").find_all("tr")
    assert len([r for r in rows if "data-id" in r.attrs]) == 3
    given = page(fb_org.client("rep2").get("/feedback/given/"))
    assert not [r for r in given.one(id="feedback-list").find_all("tr") if "data-id" in r.attrs]
    manager = page(fb_org.client("manager").get("/feedback/"))  # received by the manager: 0
    assert not [r for r in manager.one(id="feedback-list").find_all("tr")
                if "data-id" in r.attrs]


def test_a_manager_reading_one_item_is_an_audited_read(fb_org: FbOrg,
                                                       three: dict[str, Feedback]) -> None:
    from flexperf.audit.models import AuditEntry

    def reads() -> int:
        return AuditEntry.objects.filter(object_type="feedback.feedback", action="read").count()

    selectors.access_feedback(fb_org.actor("rep2"), three["manager"].pk)  # the recipient
    assert reads() == 0
    selectors.access_feedback(fb_org.actor("manager"), three["manager"].pk)
    assert reads() == 1


def test_hr_business_partners_read_only_their_units(fb_org: FbOrg) -> None:
    """Feedback to 郑工 (R&D) for him and his managers: 吴博士 and the CEO read it, the HRBP
    for sales (S) and the sales manager do not; the HR admin does."""
    row = give_feedback(actor=fb_org.actor("employee"), data=FeedbackIn(
        recipient_id=fb_org.people["engineer"].pk, kind="suggestion", text="多写文档",
        visibility="manager")).feedback
    readers = {who for who in READERS
               if selectors.feedback_readable_by(fb_org.actor(who)).filter(pk=row.pk).exists()}
    assert readers == {"employee", "engineer", "rnd_head", "ceo", "hr_admin"}


def test_the_endpoints_are_in_the_openapi_schema(fb_org: FbOrg) -> None:
    paths = fb_org.client("employee").get("/api/v1/openapi.json").json()["paths"]
    for expected in ("/api/v1/feedback", "/api/v1/feedback/requests",
                     "/api/v1/feedback360/campaigns",
                     "/api/v1/feedback360/campaigns/{campaign_id}/results/{person_id}",
                     "/api/v1/development/plans"):
        assert expected in paths, expected


def test_both_evidence_providers_are_registered() -> None:
    from flexperf.core import evidence

    assert {"feedback", "review360"} <= set(evidence.kinds())


@pytest.mark.parametrize(("who", "status", "rows"), [
    ("manager", 200, 2), ("ceo", 200, 2), ("hrbp", 200, 2), ("hr_admin", 200, 2),
    ("rep2", 200, 3), ("employee", 404, 0), ("engineer", 404, 0), ("executive", 404, 0),
    ("partner", 403, 0),
])
def test_a_persons_feedback_page(fb_org: FbOrg, three: dict[str, Feedback], who: str,
                                 status: int, rows: int) -> None:
    """rep2's received feedback: managers and HR in scope see the manager + public items (2);
    rep2 sees all three; a peer (the giver herself), a colleague elsewhere and an executive
    may not open rep2's person at all."""
    from tests.pages.conftest import page

    response = fb_org.client(who).get(f"/feedback/people/{fb_org.people['rep2'].pk}/")
    assert response.status_code == status
    if status == 200:
        table = page(response).one(id="feedback-list")
        assert len([r for r in table.find_all("tr") if "data-id" in r.attrs]) == rows
        assert "private 反馈" not in table.text or who == "rep2"
