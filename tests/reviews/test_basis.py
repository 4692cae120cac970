"""A cycle's scoring basis (full period or paced to the as-of date) and the sub-period goals
of people reviewed by half year, in the snapshots, the API, the CLI and the create page.

The `review_org` sales goals (tests/reviews/conftest.py), paced to 2026-07-02 (exactly half
of 2026: (Jul 2 − Jan 1) / (Dec 31 − Jan 1) = 182 / 364; the KPIs have no baseline and are
latest values, so their path starts at the threshold 80):
* rep1: KPI 110; paced threshold 80, target 80 + 20 × 1/2 = 90, stretch 80 + 40 × 1/2 = 100;
  110 reaches the stretch: 120 (capped); behaviour missing → 120.00 → S.
* sales_head: KPI 90 = the paced target: 100; behaviour 4 → 75 (a level, not paced);
  (70 × 100 + 30 × 75) / 100 = 92.50 → B. Full period: 78.50 → C.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from flexperf.core.errors import ServiceError
from flexperf.reviews import services
from flexperf.reviews.models import Basis, Cycle, Evaluation, Phase
from flexperf.reviews.selectors.cycles import breakdown, missing
from tests.goals import factories as gf
from tests.pages.conftest import page
from tests.reviews.conftest import ReviewOrg, spec

JULY_2 = dt.date(2026, 7, 2)


def open_cycle(review_org: ReviewOrg, **kw: object) -> Cycle:
    hr = review_org.actor("hr_admin")
    cycle = services.create_cycle(actor=hr, spec=spec(**kw))
    return services.advance_cycle(actor=hr, cycle_id=cycle.pk)


def scores(cycle: Cycle) -> dict[str, tuple[Decimal | None, str]]:
    return {e.person.name: (e.engine_score, e.engine_rating)
            for e in Evaluation.objects.filter(cycle=cycle).select_related("person")}


def test_the_snapshot_uses_the_cycles_basis(review_org: ReviewOrg) -> None:
    hr = review_org.actor("hr_admin")
    paced = open_cycle(review_org, code="mid-paced", as_of=JULY_2, basis="paced")
    full = open_cycle(review_org, code="mid-full", as_of=JULY_2)
    assert (paced.basis, full.basis) == (Basis.PACED, Basis.FULL)
    for cycle in (paced, full):
        services.advance_cycle(actor=hr, cycle_id=cycle.pk)  # manager review: the snapshot
    assert scores(paced) == {"陈经理": (Decimal("92.50"), "B"), "林小雨": (Decimal("120.00"), "S"),
                             "赵磊": (None, "")}
    # Full period: rep1 110 → 110.00 S (behaviour left out); sales_head 78.50 → C.
    assert scores(full) == {"陈经理": (Decimal("78.50"), "C"), "林小雨": (Decimal("110.00"), "S"),
                            "赵磊": (None, "")}


def test_before_the_snapshot_the_live_breakdown_uses_the_basis_and_says_so(
        review_org: ReviewOrg) -> None:
    cycle = open_cycle(review_org, code="mid-paced", as_of=JULY_2, basis="paced")
    head = Evaluation.objects.get(cycle=cycle, person=review_org.people["sales_head"])
    live = breakdown(head)
    assert live.live
    assert live.score == Decimal("92.50")
    assert live.explanation[-1].startswith("Scored on pace as of 2026-07-02:")


def test_a_half_year_person_is_scored_from_their_first_half_in_a_mid_year_cycle(
        review_org: ReviewOrg) -> None:
    engineer = review_org.people["engineer"]
    okr = gf.okr_goal(engineer, period_code="2026-H1", activate=True)
    first, second = okr.metrics.order_by("order", "pk")
    gf.measure(first, "2026-05-31", 8)   # 0 → 10: 0.8
    gf.measure(second, "2026-05-31", 4)  # 0 → 4: 1.0
    hr = review_org.actor("hr_admin")
    cycle = open_cycle(review_org, code="rnd-mid", units=["R"], basis="paced",
                       as_of=dt.date(2026, 6, 30))
    services.advance_cycle(actor=hr, cycle_id=cycle.pk)
    # H1 is over on Jun 30: its full period. OKR (0.8 + 1.0) / 2 = 0.9 → 90 points; the
    # project component has no goals and is left out → 90.00 → B. 吴博士 has no goals.
    assert scores(cycle) == {"郑工": (Decimal("90.00"), "B"), "吴博士": (None, "")}
    evaluation = Evaluation.objects.get(cycle=cycle, person=engineer)
    assert [(c["key"], c["points"], c["flagged"]) for c in evaluation.components] == [
        ("okr", "90.00", False), ("project", None, True)]


def test_a_basis_outside_the_choices_is_refused_naming_the_field(review_org: ReviewOrg) -> None:
    with pytest.raises(ServiceError) as error:
        services.create_cycle(actor=review_org.actor("hr_admin"),
                              spec=spec(code="x", basis="weekly"))
    assert [(p.field, p.message) for p in error.value.problems] == [
        ("basis", "Choose one of: full, paced.")]
    assert not Cycle.objects.filter(code="x").exists()


@pytest.mark.usefixtures("reviews_api")
def test_the_api_sets_and_shows_the_basis(review_org: ReviewOrg) -> None:
    client = review_org.client("hr_admin")
    body = {"code": "mid", "name": "年中", "period": "2026", "units": ["S"],
            "as_of": "2026-06-30", "basis": "paced"}
    created = client.post("/api/v1/reviews/cycles", body, content_type="application/json")
    assert created.status_code == 201
    assert created.json()["basis"] == "paced"
    assert client.get(f"/api/v1/reviews/cycles/{created.json()['id']}").json()["basis"] == "paced"
    bad = client.post("/api/v1/reviews/cycles", {**body, "code": "m2", "basis": "weekly"},
                      content_type="application/json")
    assert bad.status_code == 422
    assert [d["field"] for d in bad.json()["detail"]] == ["basis"]


def test_the_cli_opens_a_paced_cycle_and_refuses_an_unknown_basis(review_org: ReviewOrg) -> None:
    call_command("cycle", "open", "mid", "--name", "年中", "--period", "2026", "--units", "S",
                 "--as-of", "2026-06-30", "--basis", "paced", stdout=StringIO())
    assert Cycle.objects.get(code="mid").basis == Basis.PACED
    call_command("cycle", "open", "mid2", "--name", "年中", "--period", "2026", "--units", "S",
                 stdout=StringIO())
    assert Cycle.objects.get(code="mid2").basis == Basis.FULL
    with pytest.raises(CommandError, match="invalid choice: 'weekly'"):
        call_command("cycle", "open", "m3", "--name", "x", "--period", "2026", "--units", "S",
                     "--basis", "weekly", stdout=StringIO())


def test_the_create_page_sets_the_basis_and_the_cycle_page_shows_it(
        review_org: ReviewOrg) -> None:
    client = review_org.client("hr_admin")
    response = client.post("/reviews/cycles/", {
        "code": "mid", "name": "年中", "period": "2026", "units": ["S"], "basis": "paced",
        "as_of": "2026-06-30", "max_adjustment": "5", "tolerance": "5"})
    assert response.status_code == 302
    cycle = Cycle.objects.get(code="mid")
    assert cycle.basis == Basis.PACED
    root = page(client.get(f"/reviews/cycles/{cycle.pk}/"))
    assert root.one(data_basis=True).text == "Paced to the as-of date"
    assert cycle.phase == Phase.DRAFT


def test_a_goal_of_a_started_half_counts_as_a_goal_in_the_missing_counts(
        review_org: ReviewOrg) -> None:
    gf.okr_goal(review_org.people["engineer"], period_code="2026-H1", activate=True)
    gf.okr_goal(review_org.people["rnd_head"], period_code="2026-H2", activate=True)
    cycle = open_cycle(review_org, code="rnd-mid", units=["R"], as_of=dt.date(2026, 6, 30))
    # 郑工's H1 goal counts; 吴博士's H2 goal has not started by Jun 30.
    assert missing(review_org.actor("hr_admin"), cycle).without_goals == 1
