from __future__ import annotations

from flexperf.core.actors import Actor
from flexperf.recognition.demo.loader import load_recognition_demo, recognition_demo_loaded
from flexperf.recognition.models import Award, Flag, Hold
from flexperf.recognition.selectors.ledger import ledger_problems
from tests.conftest import SmallOrg


def test_small_demo_balances_and_holds_one_ping_pong_pair(small_org: SmallOrg) -> None:
    counts = load_recognition_demo(actor=Actor.system(), seed=1)
    assert recognition_demo_loaded()
    assert counts["budgets"] == 12 * 10  # ten active people, July 2025 – June 2026
    assert counts["awards"] == Award.objects.count() - 6 > 0
    assert counts["flags"] == 1
    flag = Flag.objects.get()
    assert flag.status == "open"
    assert (flag.a_to_b, flag.b_to_a) == (3, 3)
    assert Hold.objects.filter(flag=flag, state="held").exists()
    assert ledger_problems() == []
