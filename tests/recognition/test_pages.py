from __future__ import annotations

from django.urls import reverse

from flexperf.recognition.selectors.ledger import available_balance
from tests.conftest import SmallOrg
from tests.recognition.test_awards import _reciprocal


def test_give_page_prefills_rerenders_and_sends(budgets: SmallOrg) -> None:
    client = budgets.client("employee")
    engineer = budgets.people["engineer"].pk
    page = client.get(reverse("recognition_give") + f"?to={engineer}")
    assert page.status_code == 200
    assert f'value="{engineer}" selected' in page.content.decode()
    bad = client.post(reverse("recognition_give"), {
        "recipient": engineer, "points": 60, "tag": "teamwork", "message": "谢谢",
        "visibility": "public"})
    assert bad.status_code == 422
    assert "Give from 1 to 50 points." in bad.content.decode()
    ok = client.post(reverse("recognition_give"), {
        "recipient": engineer, "points": 12, "tag": "teamwork", "message": "接口调通了",
        "visibility": "public"})
    assert ok.status_code == 302
    assert available_balance(engineer) == 12
    wall = budgets.client("auditor").get(reverse("recognition_wall")).content.decode()
    assert "接口调通了" in wall
    mine = budgets.client("employee").get(reverse("recognition_mine")).content.decode()
    assert 'data-k="budget">88<' in mine


def test_contribution_page_names_the_field(budgets: SmallOrg) -> None:
    client = budgets.client("employee")
    bad = client.post(reverse("recognition_contribute"), {"kind": "knowledge", "title": "笔记"})
    assert bad.status_code == 422
    assert "This field is required." in bad.content.decode()


def test_hr_pages_are_403_for_other_roles_and_flags_decided(budgets: SmallOrg) -> None:
    names = ("recognition_hr_budgets", "recognition_hr_rules", "recognition_hr_flags")
    for role in ("employee", "manager", "hrbp", "executive", "auditor"):
        for name in names:
            assert budgets.client(role).get(reverse(name)).status_code == 403, (role, name)
    hr = budgets.client("hr_admin")
    for name in names:
        assert hr.get(reverse(name)).status_code == 200
    flag = _reciprocal(budgets)
    assert hr.get(reverse("recognition_hr_flags")).content.decode().count("data-id=") == 1
    response = hr.post(reverse("recognition_hr_flag_decide", args=[flag.pk]),
                       {"decision": "release", "note": ""})
    assert response.status_code == 302
    assert available_balance(budgets.people["rep1"].pk) == 30
    rule = hr.post(reverse("recognition_hr_rules"), {"code": "feedback_given", "points": 4,
                                                     "cap_per_period": 40, "active": "on"})
    assert rule.status_code == 302
    policy = hr.post(reverse("recognition_hr_budgets"), {
        "save_policy": "1", "budget_per_period": 150, "max_per_award": 50, "pair_cap": 60,
        "free_awards": 2, "decay_percent": 50, "pingpong_window_days": 30,
        "pingpong_min_each": 3})
    assert policy.status_code == 302
    allocate = hr.post(reverse("recognition_hr_budgets"), {"allocate": "1", "period": "26-7"})
    assert allocate.status_code == 422
