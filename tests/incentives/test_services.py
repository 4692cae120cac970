"""Payout runs from the database: the fixture's numbers worked out by hand."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from flexperf.audit.models import AuditEntry
from flexperf.core.errors import Forbidden, NotFound, ServiceError
from flexperf.incentives import points
from flexperf.incentives.models import BaseSalary, PayoutLine, PayoutRun
from flexperf.incentives.rules import EXAMPLE_RULES
from flexperf.incentives.selectors import statements
from flexperf.incentives.services import compensation, policies, runs
from tests.incentives.conftest import SYSTEM, IncOrg, make_cycle


def _amounts(run: PayoutRun, person_id: int) -> dict[str, D]:
    out: dict[str, D] = {}
    for line in PayoutLine.objects.filter(run=run, person_id=person_id):
        out[line.kind] = out.get(line.kind, D(0)) + line.amount
    return out


def test_compute_payouts_for_the_cycle(inc_org: IncOrg) -> None:
    run = runs.compute_payouts(actor=SYSTEM, cycle_id=inc_org.cycle.pk,
                               policy_id=inc_org.policy.pk)
    p = inc_org.people
    # rep1: 240,000 × 15 % × 1.2 × 0.95 = 41,040.00
    assert _amounts(run, p["rep1"].pk) == {"short_term": D("41040.00"), "long_term": D(0),
                                            "micro": D(0)}
    # rep2 (front line): 100,000 × 10 % × 1.0 × 0.95 × 1.2 = 11,400.00
    assert _amounts(run, p["rep2"].pk)["short_term"] == D("11400.00")
    # sales_head (executive): 600,000 × 30 % × 1.6 × 0.95 × 0.6 = 164,160.00
    assert _amounts(run, p["sales_head"].pk)["short_term"] == D("164160.00")
    # engineer: 200,000 × 15 % × 0.6 × 0.95 = 17,100.00; stage 6,000 × 1 ÷ 3 = 2,000.00;
    # pool 30,000 × 60 % = 18,000.00
    assert _amounts(run, p["engineer"].pk) == {
        "short_term": D("17100.00"), "stage": D("2000.00"), "pool": D("18000.00"),
        "long_term": D(0), "micro": D(0)}
    # rnd_head is not in the cycle but still gets the pool's other 12,000.00.
    assert _amounts(run, p["rnd_head"].pk) == {"pool": D("12000.00")}
    # 41,040 + 11,400 + 164,160 + 17,100 + 2,000 + 18,000 + 12,000 = 265,700.00
    assert run.totals == {"CNY": "265700.00"}
    assert run.people == 4
    assert run.policy_version.number == 1


def test_refused_before_the_cycle_is_finalised(inc_org: IncOrg) -> None:
    open_cycle = make_cycle("2026-h2", "2026-H2", dt.date(2026, 12, 31), {},
                            phase="manager_review")
    with pytest.raises(ServiceError) as caught:
        runs.compute_payouts(actor=SYSTEM, cycle_id=open_cycle.pk, policy_id=inc_org.policy.pk)
    assert caught.value.problems[0].field == "cycle"


def test_rerun_replaces_a_draft_never_an_approved_run(inc_org: IncOrg) -> None:
    first = runs.compute_payouts(actor=SYSTEM, cycle_id=inc_org.cycle.pk,
                                 policy_id=inc_org.policy.pk)
    second = runs.compute_payouts(actor=SYSTEM, cycle_id=inc_org.cycle.pk,
                                  policy_id=inc_org.policy.pk)
    assert not PayoutRun.objects.filter(pk=first.pk).exists()
    runs.approve_run(actor=SYSTEM, run_id=second.pk)
    with pytest.raises(ServiceError):
        runs.compute_payouts(actor=SYSTEM, cycle_id=inc_org.cycle.pk,
                             policy_id=inc_org.policy.pk)
    assert PayoutRun.objects.get(pk=second.pk).status == "approved"


def test_a_new_version_never_changes_computed_payouts(inc_org: IncOrg) -> None:
    run = runs.compute_payouts(actor=SYSTEM, cycle_id=inc_org.cycle.pk,
                               policy_id=inc_org.policy.pk)
    runs.approve_run(actor=SYSTEM, run_id=run.pk)
    richer = dict(EXAMPLE_RULES, target_bonus_pct={"*": "50"})
    v2 = policies.add_policy_version(actor=SYSTEM, policy_id=inc_org.policy.pk, rules=richer,
                                     note="more")
    assert v2.number == 2
    run.refresh_from_db()
    assert run.policy_version.number == 1
    assert _amounts(run, inc_org.people["rep1"].pk)["short_term"] == D("41040.00")


def test_long_term_vests_with_an_earlier_cycle_and_micro_rewards_from_a_source(
        inc_org: IncOrg) -> None:
    p = inc_org.people
    make_cycle("2025-h2", "2026", dt.date(2025, 12, 31), {p["rep1"].pk: "S",
                                                           p["sales_head"].pk: "D"})

    def source(ids: object, start: dt.date, end: dt.date) -> dict[int, int]:
        return {p["rep1"].pk: 40}

    points.register_points_source(source)
    try:
        run = runs.compute_payouts(actor=SYSTEM, cycle_id=inc_org.cycle.pk,
                                   policy_id=inc_org.policy.pk)
    finally:
        points.unregister_points_source(source)
    # rep1: A (4) and S (5) → 4.5 ≥ 3.5 → 20,000 × 1 = 20,000.00; 40 points × 0.50 = 20.00.
    assert _amounts(run, p["rep1"].pk)["long_term"] == D("20000.00")
    assert _amounts(run, p["rep1"].pk)["micro"] == D("20.00")
    # sales_head: S (5) and D (1) → 3 < 3.5: nothing vests.
    assert _amounts(run, p["sales_head"].pk)["long_term"] == D(0)


def test_statements_own_only_after_publish_and_approval(inc_org: IncOrg) -> None:
    rep1 = inc_org.people["rep1"].pk
    run = runs.compute_payouts(actor=SYSTEM, cycle_id=inc_org.cycle.pk,
                               policy_id=inc_org.policy.pk)
    employee = inc_org.actor("employee")
    with pytest.raises(NotFound):  # finalised, not published
        statements.access_statement(employee, inc_org.cycle.pk, rep1)
    inc_org.cycle.phase = "published"
    inc_org.cycle.save(update_fields=["phase"])
    with pytest.raises(NotFound):  # published, run still a draft
        statements.access_statement(employee, inc_org.cycle.pk, rep1)
    runs.approve_run(actor=SYSTEM, run_id=run.pk)
    mine = statements.access_statement(employee, inc_org.cycle.pk, rep1)
    assert mine.totals == {"CNY": D("41040.00")}
    assert mine.lines[0].sentences == [
        "Base salary ¥240,000.00 × target bonus 15% × coefficient 1.2 (rating A, sales, "
        "P5–P6) × company factor 0.95 = ¥41,040.00"]
    for role in ("manager", "executive", "auditor"):
        with pytest.raises(NotFound):
            statements.access_statement(inc_org.actor(role), inc_org.cycle.pk, rep1)
    with pytest.raises(NotFound):  # a colleague's
        statements.access_statement(employee, inc_org.cycle.pk, inc_org.people["rep2"].pk)
    before = AuditEntry.objects.filter(object_type="incentives.statement").count()
    statements.access_statement(inc_org.actor("hrbp"), inc_org.cycle.pk, rep1)
    assert AuditEntry.objects.filter(object_type="incentives.statement").count() == before + 1
    with pytest.raises(NotFound):  # the HRBP covers S only, not R
        statements.access_statement(inc_org.actor("hrbp"), inc_org.cycle.pk,
                                    inc_org.people["engineer"].pk)


def test_compensation_and_policies_are_hr_admin_writes(inc_org: IncOrg) -> None:
    for role in ("employee", "manager", "executive", "auditor", "hrbp"):
        with pytest.raises(Forbidden):
            compensation.set_base_salary(actor=inc_org.actor(role),
                                         person_id=inc_org.people["rep1"].pk, amount="1",
                                         effective_from=dt.date(2026, 1, 1))
        with pytest.raises(Forbidden):
            runs.compute_payouts(actor=inc_org.actor(role), cycle_id=inc_org.cycle.pk,
                                 policy_id=inc_org.policy.pk)


def test_salary_import_is_all_or_nothing_with_row_errors(inc_org: IncOrg) -> None:
    rep1, rep2 = inc_org.people["rep1"], inc_org.people["rep2"]
    before = BaseSalary.objects.count()
    bad = (f"employee_number,amount,currency,effective_from\n"
           f"{rep1.employee_number},250000,CNY,2026-07-01\n"
           f"NOPE,1,CNY,2026-07-01\n"
           f"{rep2.employee_number},abc,CNY,2026-13-01\n").encode()
    with pytest.raises(ServiceError) as caught:
        compensation.import_salaries(actor=SYSTEM, data=bad)
    assert [(p.row, p.field) for p in caught.value.problems] == [
        (3, "employee_number"), (4, "amount"), (4, "effective_from")]
    assert BaseSalary.objects.count() == before
    good = (f"employee_number,amount,currency,effective_from\n"
            f"{rep1.employee_number},\"250,000.00\",,2026-07-01\n"
            f"{rep2.employee_number},100000,CNY,2026-01-01\n").encode()
    report = compensation.import_salaries(actor=SYSTEM, data=good)
    assert (report.created, report.updated) == (1, 0)  # rep2's row is unchanged
    assert BaseSalary.objects.get(person=rep1, effective_from=dt.date(2026, 7, 1)
                                  ).amount == D("250000.00")


def test_pool_weights_must_add_up_to_100(inc_org: IncOrg) -> None:
    with pytest.raises(ServiceError) as caught:
        policies.create_pool(actor=SYSTEM, cycle_id=inc_org.cycle.pk,
                             goal_id=inc_org.project.pk, name="x", amount="100",
                             contributions=[(inc_org.people["engineer"].pk, "60"),
                                            (inc_org.people["rep1"].pk, "30")])
    assert {p.field for p in caught.value.problems} == {"contributions"}


def test_people_are_told_when_their_statement_is_ready(inc_org: IncOrg) -> None:
    from flexperf.incentives.notices import on_cycle_published
    from flexperf.notifications.models import Notification
    from flexperf.reviews.events import CyclePublished

    run = runs.compute_payouts(actor=SYSTEM, cycle_id=inc_org.cycle.pk,
                               policy_id=inc_org.policy.pk)
    runs.approve_run(actor=SYSTEM, run_id=run.pk)
    assert not Notification.objects.filter(kind="payout").exists()  # not published yet
    on_cycle_published(CyclePublished(inc_org.cycle.pk))
    # Of the people with lines, rep1 (employee) and sales_head (manager) have accounts.
    told = set(Notification.objects.filter(kind="payout").values_list("recipient__username",
                                                                      flat=True))
    assert told == {"employee", "manager"}
    # Publishing announced again (approval and publication in one transaction deliver the
    # event after the approval told them): nobody is told twice.
    on_cycle_published(CyclePublished(inc_org.cycle.pk))
    assert Notification.objects.filter(kind="payout").count() == 2
