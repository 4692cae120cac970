from __future__ import annotations

import pytest

from flexperf.achievements import services as svc
from flexperf.achievements.models import RedemptionStatus, Reward
from flexperf.achievements.selectors import rewards as sel
from flexperf.core.errors import Forbidden, NotFound, ServiceError
from flexperf.recognition.selectors import available_balance
from tests.achievements.conftest import TODAY, actor, grant
from tests.conftest import SmallOrg


def reward(org: SmallOrg, name: str = "咖啡券", cost: int = 30, stock: int | None = 2,
           approval: bool = False) -> Reward:
    return svc.create_reward(actor=actor(org, "hr_admin"), data=svc.RewardIn(
        name=name, cost=cost, stock=stock, approval_required=approval))


def test_redeem_takes_stock_and_points_and_never_goes_below_zero(small_org: SmallOrg) -> None:
    rep1 = small_org.people["rep1"].pk
    grant(rep1, 100, TODAY, "t:1")
    coffee = reward(small_org)
    me = actor(small_org, "employee")
    first = svc.redeem(actor=me, reward_id=coffee.pk, quantity=2)
    assert (first.status, first.points) == (RedemptionStatus.APPROVED, 60)
    assert available_balance(rep1) == 40
    coffee.refresh_from_db()
    assert coffee.stock == 0
    with pytest.raises(ServiceError) as error:
        svc.redeem(actor=me, reward_id=coffee.pk)
    assert error.value.problems[0].field == "quantity"
    assert available_balance(rep1) == 40


def test_short_balance_rolls_back_the_stock(small_org: SmallOrg) -> None:
    rep1 = small_org.people["rep1"].pk
    grant(rep1, 20, TODAY, "t:2")
    book = reward(small_org, "图书卡", cost=50, stock=5)
    with pytest.raises(ServiceError) as error:
        svc.redeem(actor=actor(small_org, "employee"), reward_id=book.pk)
    assert error.value.problems[0].field == "points"
    book.refresh_from_db()
    assert book.stock == 5
    assert not sel.my_redemptions(actor(small_org, "employee")).exists()


def test_approval_flow_reject_refunds_and_restores_stock(small_org: SmallOrg) -> None:
    rep1 = small_org.people["rep1"].pk
    grant(rep1, 200, TODAY, "t:3")
    leave = reward(small_org, "额外半天假", cost=150, stock=3, approval=True)
    pending = svc.redeem(actor=actor(small_org, "employee"), reward_id=leave.pk)
    assert pending.status == RedemptionStatus.PENDING
    assert available_balance(rep1) == 50
    hrbp = actor(small_org, "hrbp")  # HRBP for S: rep1 is in scope
    assert [r.pk for r in sel.approval_queue(hrbp)] == [pending.pk]
    with pytest.raises(Forbidden):
        svc.reject_redemption(actor=actor(small_org, "employee"), redemption_id=pending.pk)
    with pytest.raises(Forbidden):
        svc.reject_redemption(actor=actor(small_org, "manager"), redemption_id=pending.pk)
    svc.reject_redemption(actor=hrbp, redemption_id=pending.pk, note="本月名额已满")
    leave.refresh_from_db()
    assert leave.stock == 3
    assert available_balance(rep1) == 200
    with pytest.raises(ServiceError) as error:
        svc.approve_redemption(actor=hrbp, redemption_id=pending.pk)
    assert error.value.problems[0].field == "status"


def test_hr_decides_only_in_scope_and_never_their_own(small_org: SmallOrg) -> None:
    engineer = small_org.people["engineer"].pk
    hr = small_org.people["hr_admin_p"].pk
    grant(engineer, 100, TODAY, "t:4")
    grant(hr, 100, TODAY, "t:5")
    gift = reward(small_org, "定制周边", cost=40, stock=None, approval=True)
    from tests import factories as f

    eng = f.actor(f.user("eng", small_org.people["engineer"]))
    theirs = svc.redeem(actor=eng, reward_id=gift.pk)
    with pytest.raises(NotFound):  # the HRBP covers sales, not R&D
        svc.approve_redemption(actor=actor(small_org, "hrbp"), redemption_id=theirs.pk)
    own = svc.redeem(actor=actor(small_org, "hr_admin"), reward_id=gift.pk)
    with pytest.raises(ServiceError) as error:
        svc.approve_redemption(actor=actor(small_org, "hr_admin"), redemption_id=own.pk)
    assert error.value.problems[0].field == "redemption"
    done = svc.approve_redemption(actor=actor(small_org, "hr_admin"), redemption_id=theirs.pk)
    assert done.status == RedemptionStatus.APPROVED
    gift.refresh_from_db()
    assert gift.stock is None


def test_catalogue_validation_and_roles(small_org: SmallOrg) -> None:
    with pytest.raises(Forbidden):
        svc.create_reward(actor=actor(small_org, "employee"),
                          data=svc.RewardIn(name="x", cost=1))
    with pytest.raises(ServiceError) as error:
        svc.create_reward(actor=actor(small_org, "hr_admin"),
                          data=svc.RewardIn(name="", cost=0, stock=-1))
    assert [p.field for p in error.value.problems] == ["name", "cost", "stock"]
    hidden = reward(small_org, "下架商品", cost=10)
    svc.update_reward(actor=actor(small_org, "hr_admin"), reward_id=hidden.pk,
                      data=svc.RewardIn(name="下架商品", cost=10, active=False))
    with pytest.raises(ServiceError) as error:
        svc.redeem(actor=actor(small_org, "employee"), reward_id=hidden.pk)
    assert error.value.problems[0].field == "reward_id"
